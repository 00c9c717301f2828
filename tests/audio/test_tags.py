from datetime import datetime, timezone

from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from narrator.publish.artwork import generate_cover
from narrator.core.config import AudioSection
from narrator.audio.engines import get_engine
from narrator.core.models import Segment
from narrator.audio.stitch import stitch
from narrator.audio.tags import EpisodeTags, read_tags, write_tags
from narrator.core.languages import iso639_2 as id3_language


def test_tags_round_trip_as_id3v24(tmp_path):
    mp3 = tmp_path / "e.mp3"
    stitch(iter([get_engine("piper").synthesize("Tag me.")]),
           [Segment("Tag me.", "Tag me.", "sentence", 0)], mp3, AudioSection())
    cover = generate_cover("Tags", tmp_path / "cover.png")
    write_tags(mp3, EpisodeTags(
        title="Épisode <1> & more", artist="An Author", album="The Show",
        date=datetime(2026, 3, 18, 9, 30, tzinfo=timezone.utc), language="fr-ca",
        comment="A short description.", lyrics="Line one.\nLine two.", cover=cover,
        episode_url="https://pod.example.org/", feed_url="https://pod.example.org/feed.xml"))
    id3 = ID3(mp3)
    assert id3.version == (2, 4, 0)
    tags = read_tags(mp3)
    assert tags["TIT2"] == "Épisode <1> & more"
    assert tags["TPE1"] == "An Author" and tags["TALB"] == "The Show"
    assert tags["TDRC"] == "2026-03-18 09:30:00"
    assert tags["TCON"] == "Podcast" and tags["TLAN"] == "fre"
    assert tags["COMM"] == ["A short description."]
    assert tags["USLT"] == "Line one.\nLine two."
    assert tags["APIC"] == f"image/png, {cover.stat().st_size} bytes"
    assert tags["WOAS"] == "https://pod.example.org/"
    assert tags["WFED"] == "https://pod.example.org/feed.xml"
    assert id3.getall("APIC")[0].type == 3  # front cover
    assert MP3(mp3).info.length > 0.3  # still a playable MP3 after tagging


def test_id3_language_codes():
    assert id3_language("en-us") == "eng"
    assert id3_language("de") == "ger"
    assert id3_language("qq") == "und"


def test_every_built_mp3_says_its_length_in_tlen(example_build):
    """TLEN (milliseconds), which players and taggers read, matches the decoded audio."""
    from mutagen.id3 import ID3

    from narrator.audio.ffmpeg import decode_pcm_stats

    _, out, _ = example_build
    mp3s = sorted(out.glob("*.mp3"))
    assert mp3s
    for mp3 in mp3s:
        length_ms = int(str(ID3(mp3)["TLEN"]))
        decoded_s, _ = decode_pcm_stats(mp3)
        assert abs(length_ms / 1000 - decoded_s) < 0.06, (mp3.name, length_ms, decoded_s)
