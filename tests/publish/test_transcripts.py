"""Transcripts, chapters and Podcasting 2.0 links: timed from the real audio, read by real parsers."""

from __future__ import annotations

import io
import json
import re
import subprocess

import numpy as np
import pytest

from narrator.core.config import AudioSection
from narrator.audio.engines import get_engine
from narrator.audio.ffmpeg import ffmpeg_exe
from narrator.core.models import Script, Segment
from narrator.audio.stitch import stitch
from narrator.audio.tags import read_chapters
from narrator.publish.chapters import chapters
from narrator.publish.transcripts import cues, timed_segments, to_srt, to_vtt

_CUE = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})$")


def _vtt_cues(text: str) -> list[tuple[float, float, str]]:
    assert text.startswith("WEBVTT\n\n")
    result = []
    for block in text.strip().split("\n\n")[1:]:
        number, timing, *lines = block.split("\n")
        assert 1 <= len(lines) <= 2 and all(len(line) <= 42 for line in lines), lines
        h1, m1, s1, ms1, h2, m2, s2, ms2 = map(int, _CUE.match(timing).groups())
        result.append(((h1 * 3600 + m1 * 60 + s1) * 1000 + ms1,
                       (h2 * 3600 + m2 * 60 + s2) * 1000 + ms2, " ".join(lines)))
    return result


def _speech_onsets(mp3, rate=8000, threshold_dbfs=-40.0, min_gap_ms=1500):
    """Where speech starts again after each silence of at least min_gap_ms, in ms."""
    pcm = subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-i", str(mp3),
                          "-f", "s16le", "-ac", "1", "-ar", str(rate), "pipe:1"],
                         capture_output=True, check=True).stdout
    samples = np.frombuffer(pcm, dtype=np.int16).astype(np.float32) / 32768
    loud = np.flatnonzero(np.abs(samples) > 10 ** (threshold_dbfs / 20))
    gaps = np.flatnonzero(np.diff(loud) > min_gap_ms * rate / 1000)
    return [loud[0] * 1000 / rate] + [loud[i + 1] * 1000 / rate for i in gaps]


def test_example_transcripts_match_the_script_and_the_audio(example_build):
    _, out, result = example_build
    for episode in result.episodes:
        vtt = _vtt_cues((out / f"{episode.slug}.vtt").read_text())  # <= 2 lines of <= 42
        written = " ".join(s.text for s in episode.script.segments)  # as written, every word
        assert " ".join(c[2] for c in vtt) == written
        assert all(c[1] - c[0] <= 7000 for c in vtt)
        starts = [c[0] for c in vtt]
        assert starts == sorted(starts) and vtt[-1][1] <= episode.duration_s * 1000 + 1
        srt = (out / f"{episode.slug}.srt").read_text()
        # The first word comes after the lead-in, the room before it, and its trimmed margin.
        assert srt.startswith("1\n00:00:00,3") and srt.count(" --> ") == len(vtt)
        text = (out / f"{episode.slug}.txt").read_text()
        assert text.strip() == episode.script.full_text
        # The JSON transcript: a segment a word, in order, that joined make the text.
        data = json.loads((out / f"{episode.slug}.json").read_text())
        assert data["version"] == "1.0.0"
        words = data["segments"]
        assert " ".join(w["body"] for w in words) == " ".join(text.split())
        times = [(w["startTime"], w["endTime"]) for w in words]
        assert all(a <= b for a, b in times) and [a for a, _ in times] == sorted(a for a, _ in times)
        assert all(set(w) == {"startTime", "endTime", "body"} for w in words)
        assert times[-1][1] <= episode.duration_s
        # each cue is timed by its own words: it starts with its first word
        assert starts[0] == pytest.approx(times[0][0] * 1000, abs=1)


def test_example_chapters_in_json_and_id3(example_build):
    _, out, result = example_build
    kettle = next(e for e in result.episodes if e.slug == "01-the-kettle-experiment")
    data = json.loads((out / "01-the-kettle-experiment.chapters.json").read_text())
    assert data["version"] == "1.2.0"
    titles = [c["title"] for c in data["chapters"]]
    assert titles == [s.text for s in kettle.script.segments if s.kind == "heading"]
    times = [c["startTime"] for c in data["chapters"]]
    assert times[0] == 0 and times == sorted(times) and times[-1] < kettle.duration_s
    id3 = read_chapters(out / "01-the-kettle-experiment.mp3")
    assert [c[2] for c in id3] == titles
    assert [round(c[0] / 1000, 3) for c in id3] == pytest.approx(times, abs=0.002)
    assert id3[-1][1] == pytest.approx(kettle.duration_s * 1000, abs=2)


def test_feed_links_transcripts_and_chapters(example_build):
    import feedparser
    import podcastparser
    from lxml import etree

    _, out, result = example_build
    feed_bytes = (out / "feed.xml").read_bytes()
    ns = {"podcast": "https://podcastindex.org/namespace/1.0"}
    root = etree.fromstring(feed_bytes)
    assert root.find("channel/podcast:guid", ns).text == \
        "cea68627-5201-546b-b882-705601a418ee"  # uuid5 of the example's first feed URL
    assert root.find("channel/podcast:locked", ns).text == "yes"
    for item in root.iter("item"):
        links = {(t.get("type"), t.get("rel")): t.get("url")
                 for t in item.findall("podcast:transcript", ns)}
        assert set(links) == {("text/vtt", "captions"), ("application/x-subrip", None),
                              ("application/json", None), ("text/plain", None)}
        chapters_link = item.find("podcast:chapters", ns)
        assert chapters_link.get("type") == "application/json+chapters"
        for url in [*links.values(), chapters_link.get("url")]:
            assert (out / url.rsplit("/", 1)[1]).is_file()
    parsed = feedparser.parse(feed_bytes)
    assert not parsed.bozo
    assert parsed.feed.podcast_guid == "cea68627-5201-546b-b882-705601a418ee"
    slugs = {e.script.title: e.slug for e in result.episodes}
    for entry in parsed.entries:
        slug = slugs[entry.title]
        assert entry.podcast_chapters["url"].endswith(f"/{slug}.chapters.json")
        # feedparser keeps one podcast:transcript per item (the last it reads) of the four.
        assert entry.podcast_transcript["url"].rsplit("/", 1)[1] in {
            f"{slug}.vtt", f"{slug}.srt", f"{slug}.json", f"{slug}.txt"}
    # podcastparser 0.6.11 knows the podcast namespace only by its GitHub URL, not by the
    # canonical URI the spec asks for, so it ignores podcast:transcript and podcast:chapters;
    # it still reads every episode's enclosure, duration and guid.
    podcast = podcastparser.parse("feed.xml", io.BytesIO(feed_bytes))
    by_guid = {e["guid"]: e for e in podcast["episodes"]}
    assert len(by_guid) == len(result.episodes)
    for entry in parsed.entries:
        episode = by_guid[entry.id]
        assert episode["enclosures"][0]["url"] == entry.enclosures[0].href
        assert abs(episode["total_time"] - int(entry.itunes_duration)) <= 1


def test_podcast_guid_spec_vector():
    from narrator.publish.feed import podcast_guid

    assert podcast_guid("https://podnews.net/rss") == "9b024349-ccf0-5f69-a609-6b82873eab3c"
    assert podcast_guid("podnews.net/rss/") == "9b024349-ccf0-5f69-a609-6b82873eab3c"


def test_last_cue_of_a_ten_minute_episode_is_within_50_ms(tmp_path):
    """Twelve sentences 52 s apart: timings must not drift over ten minutes of audio."""
    engine = get_engine("piper")
    texts = [f"This is sentence number {n}, spoken after a long silence." for n in range(1, 13)]
    segments = [Segment(t, t, "sentence", 52_000 if i < 11 else 0) for i, t in enumerate(texts)]
    script = Script(title="Long", segments=segments)
    out = tmp_path / "long.mp3"
    audio = stitch((engine.synthesize(t) for t in texts), segments, out, AudioSection())
    assert audio.duration_ms > 10 * 60 * 1000
    timed = cues(timed_segments(script, audio.timings))
    onsets = _speech_onsets(out)
    assert len(onsets) == len(timed)
    errors = [abs(onset - cue.start_ms) for onset, cue in zip(onsets, timed)]
    print("onset errors ms:", [round(float(e), 1) for e in errors])
    assert errors[-1] <= 50, errors
    assert max(errors) <= 50, errors
    vtt = _vtt_cues(to_vtt(timed))
    assert vtt[-1][0] == pytest.approx(timed[-1].start_ms, abs=1)
    assert to_srt(timed).count("-->") == 12
    assert [c.title for c in chapters(script, audio.timings, audio.duration_ms)] == ["Long"]


JS = __import__("pathlib").Path(__file__).parents[1] / "js"


@pytest.mark.skipif(not (JS / "node_modules" / "podcast-partytime").is_dir(),
                    reason="podcast-partytime is not installed (scripts/test installs it when "
                           "node and npm exist)")
def test_podcast_index_parser_reads_the_feed(example_build):
    import shutil as _shutil

    _, out, result = example_build
    node = _shutil.which("node")
    parsed = json.loads(subprocess.run([node, str(JS / "parse-feed.js"), str(out / "feed.xml")],
                                       capture_output=True, text=True, check=True).stdout)
    assert parsed["title"] == "Field Notes from the Quiet Lab"
    assert parsed["guid"] == "cea68627-5201-546b-b882-705601a418ee"
    assert parsed["locked"] is True
    assert parsed["podcastPeople"][0]["name"] == "The narrator project"
    items = {item["title"]: item for item in parsed["items"]}
    assert len(items) == len(result.episodes)
    for episode in result.episodes:
        item = items[episode.script.title]
        assert item["enclosure"]["url"].endswith(f"/{episode.slug}.mp3")
        assert item["enclosure"]["length"] == episode.mp3.stat().st_size
        assert abs(item["duration"] - episode.duration_s) <= 1
        # partytime reports SRT as application/srt whatever the feed says.
        types = {t["type"]: t for t in item["podcastTranscripts"]}
        assert types["text/vtt"]["rel"] == "captions"
        assert types["text/vtt"]["url"].endswith(f"/{episode.slug}.vtt")
        assert {"application/srt", "text/plain", "application/json"} <= set(types)
        assert types["application/json"]["url"].endswith(f"/{episode.slug}.json")
        assert item["podcastChapters"]["url"].endswith(f"/{episode.slug}.chapters.json")
        assert item["podcastChapters"]["type"] == "application/json+chapters"
