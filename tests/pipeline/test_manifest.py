"""The build manifest: episodes' records kept and read back; a damaged manifest stops the build
in one line and is left as it is."""

from __future__ import annotations

import pytest

from narrator.core.errors import NarratorError
from narrator.pipeline.manifest import (EpisodeRecord, load_manifest, manifest_path,
                                        published_names, read_manifest, save_manifest)


def _record(**fields) -> EpisodeRecord:
    values = {"guid": "urn:uuid:1", "date": "2026-12-06T08:00:00+00:00", "mp3": "one.mp3",
              "bytes": 1000, "files": ["one.vtt", "one.chapters.json"], **fields}
    return EpisodeRecord(**values)


def test_records_and_the_podcast_guid_round_trip(tmp_path):
    records = {"one": _record(pieces=["ab" * 32]), "two": _record(mp3="two.mp3", files=[])}
    save_manifest(tmp_path, records, "podcast-guid")
    back, guid = read_manifest(tmp_path)
    assert back == records and guid == "podcast-guid"
    assert load_manifest(tmp_path / "elsewhere") == {}


@pytest.mark.parametrize("content, problem", [
    ("{", "Expecting"), ("[]", "holds a JSON list"), ('{"episodes": 3}', "episodes is not"),
    ('{"version": 1}', "missing 'episodes'"),
    ('{"episodes": {"one": {"guid": "g", "date": "yesterday"}}}', "yesterday"),
    ('{"episodes": {"one": {"guid": "g", "date": "2026-12-06", "bytes": "9"}}}', "bytes"),
])
def test_a_damaged_manifest_is_one_error_and_kept(tmp_path, content, problem):
    path = manifest_path(tmp_path)
    path.parent.mkdir()
    path.write_text(content)
    with pytest.raises(NarratorError, match="manifest is damaged") as raised:
        load_manifest(tmp_path)
    assert problem in str(raised.value)
    assert path.read_text() == content


def test_published_names_hold_every_episodes_files_and_the_shows_own():
    names = published_names({"one": _record()})
    assert {"one.mp3", "one.vtt", "one.chapters.json", "feed.xml", "index.html"} <= names
    assert "" not in names
