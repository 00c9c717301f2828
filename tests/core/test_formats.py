"""The kinds of file narrator reads and publishes, each written once in core/formats.py."""

from __future__ import annotations

from narrator.core import formats
from narrator.text.readers import READERS


def test_every_source_format_has_its_reader_and_every_reader_its_format():
    kinds = [formats.PLAIN_TEXT, formats.MARKDOWN, formats.HTML, formats.EPUB, formats.PDF]
    for kind in kinds:
        readers = {READERS[suffix] for suffix in kind.suffixes}
        assert len(readers) == 1, kind
        assert readers.pop().MIME_TYPES == kind.mime_types
    assert set(READERS) == {suffix for kind in kinds for suffix in kind.suffixes}


def test_every_published_file_is_served_with_its_type():
    for name in [*formats.companion_names("ep"), "ep" + formats.MP3_SUFFIX, formats.FEED_NAME,
                 formats.INDEX_NAME, *formats.ASSETS, *formats.COVER_NAMES.values()]:
        suffix = "." + name.rsplit(".", 1)[1]
        assert suffix in formats.SERVED_TYPES, name
    assert formats.SERVED_TYPES[formats.MP3_SUFFIX] == "audio/mpeg"
    assert formats.companion_names("ep")[-1] == "ep.chapters.json"


def test_images_and_audio_settings():
    assert formats.image_mime("Cover.PNG") == "image/png"
    assert formats.image_mime("cover.jpeg") == formats.image_mime("c.jpg") == "image/jpeg"
    assert formats.is_audio_file(" intro.MP3 ") and formats.is_audio_file("sting.flac")
    assert not formats.is_audio_file("Welcome to the show.")
