import hashlib
from pathlib import Path

import feedparser
import podcastparser
import pytest

from narrator import BuildOptions, build
from narrator.core.config import load_config
from narrator.core.errors import NarratorError
from narrator.audio.ffmpeg import decode_pcm_stats
from narrator.audio.tags import read_tags
from narrator.core.languages import iso639_2 as id3_language



def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


def test_example_mp3s_decode_with_expected_duration(example_build):
    show, out, result = example_build
    assert len(result.episodes) == 3
    for episode in result.episodes:
        decoded_s, _ = decode_pcm_stats(episode.mp3)
        audio = episode.audio
        speech_s = sum(t.end_ms - t.start_ms for t in audio.timings) / 1000
        pauses_s = sum(s.pause_after_ms for s in episode.script.segments) / 1000
        assert len(audio.timings) == len(episode.script.segments)
        assert abs(decoded_s - (speech_s + pauses_s)) <= 0.05 * decoded_s, episode.slug
        assert decoded_s > 20  # each example is a real article, not a stub


def test_example_tags_equal_the_configuration(example_build):
    show, out, result = example_build
    config = load_config(show)
    for episode in result.episodes:
        tags = read_tags(episode.mp3)
        assert tags["TIT2"] == episode.title
        assert tags["TPE1"] == config.show.author
        assert tags["TALB"] == config.show.title
        assert tags["TCON"] == "Podcast"
        assert tags["TLAN"] == id3_language(config.show.language) == "eng"
        assert tags["WFED"] == config.show.base_url + "feed.xml"
        assert tags["USLT"] == episode.script.full_text
        assert tags["APIC"].startswith("image/png")
    kettle = read_tags(out / "01-the-kettle-experiment.mp3")
    assert kettle["TDRC"] == "2026-09-07 00:00:00"  # from front matter
    assert kettle["COMM"] == ["How long does a kettle really take to boil, and why does the "
                              "answer change with the weather?"]


def test_example_feed_parses_and_matches_the_files(example_build):
    show, out, result = example_build
    xml = (out / "feed.xml").read_bytes()
    durations = {e.mp3.name: decode_pcm_stats(e.mp3)[0] for e in result.episodes}

    parsed = feedparser.parse(xml)
    assert not parsed.bozo
    assert {e.title for e in parsed.entries} == {e.title for e in result.episodes}
    for entry in parsed.entries:
        enclosure = entry.enclosures[0]
        name = enclosure.href.rsplit("/", 1)[1]
        assert enclosure.href == "https://field-notes.example.org/podcast/" + name
        assert int(enclosure.length) == (out / name).stat().st_size
        assert enclosure.type == "audio/mpeg"
        assert abs(int(entry.itunes_duration) - durations[name]) <= 1

    podcast = podcastparser.parse("https://field-notes.example.org/podcast/feed.xml", __import__("io").BytesIO(xml))
    assert podcast["title"] == "Field Notes from the Quiet Lab"
    assert len(podcast["episodes"]) == 3
    for episode in podcast["episodes"]:
        enclosure = episode["enclosures"][0]
        name = enclosure["url"].rsplit("/", 1)[1]
        assert enclosure["file_size"] == (out / name).stat().st_size
        assert abs(episode["total_time"] - durations[name]) <= 1
        assert episode["guid"]


def test_rebuild_is_byte_identical_and_keeps_guids(example_build, tmp_path):
    show, out, result = example_build
    before = _digests(out)
    guids = [e.guid for e in feedparser.parse((out / "feed.xml").read_bytes()).entries]
    again = build(show, BuildOptions(out_dir=out))
    assert not any(e.rebuilt for e in again.episodes)  # nothing changed, nothing re-made
    assert _digests(out) == before
    assert [e.guid for e in feedparser.parse((out / "feed.xml").read_bytes()).entries] == guids


def test_edited_episode_is_rebuilt_and_keeps_guid_and_date(tmp_path, write_show):
    show = write_show(tmp_path / "s", {"a.txt": "Alpha\n\nFirst text.",
                                       "b.txt": "Beta\n\nSecond text."})
    out = tmp_path / "out"
    build(show, BuildOptions(out_dir=out))
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    identity = {e.title: (e.guid, e.published) for e in feed.entries}
    (show / "episodes" / "b.txt").write_text("Beta\n\nSecond text, now longer than before.")
    result = build(show, BuildOptions(out_dir=out))
    assert {e.slug: e.rebuilt for e in result.episodes} == {"a": False, "b": True}
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert {e.title: (e.guid, e.published) for e in feed.entries} == identity
    # A removed source leaves the feed and its MP3 goes.
    (show / "episodes" / "a.txt").unlink()
    build(show, BuildOptions(out_dir=out))
    assert [e.title for e in feedparser.parse((out / "feed.xml").read_bytes()).entries] == ["Beta"]
    assert not (out / "a.mp3").exists()


def test_failed_build_leaves_published_output_intact(tmp_path, write_show):
    show = write_show(tmp_path / "s", {"a.txt": "Alpha\n\nFirst text."})
    out = tmp_path / "out"
    build(show, BuildOptions(out_dir=out))
    before = _digests(out)
    (show / "episodes" / "a.txt").write_text("Alpha\n\nChanged text.")
    (show / "episodes" / "z.txt").write_bytes(b"\x00\x01binary")
    with pytest.raises(NarratorError, match="binary data"):
        build(show, BuildOptions(out_dir=out))
    assert _digests(out) == before
    assert {p.name for p in out.iterdir()} == set(before)  # no staging folder left behind


def test_failure_during_synthesis_leaves_output_intact(tmp_path, monkeypatch, write_show):
    show = write_show(tmp_path / "s", {"a.txt": "Alpha\n\nFirst text."})
    out = tmp_path / "out"
    build(show, BuildOptions(out_dir=out))
    before = _digests(out)
    (show / "episodes" / "a.txt").write_text("Alpha\n\nChanged text that must not publish.")

    from narrator.audio.engines.piper import PiperEngine

    def broken(self, text):
        raise RuntimeError("engine crashed mid-episode")

    monkeypatch.setattr(PiperEngine, "synthesize", broken)
    with pytest.raises(RuntimeError):
        build(show, BuildOptions(out_dir=out))
    assert _digests(out) == before
    assert {p.name for p in out.iterdir()} == set(before)


def test_html_episode_builds_into_the_feed(tmp_path, write_show):
    fixture = Path(__file__).parents[1] / "fixtures" / "bridges.html"
    show = write_show(tmp_path / "s", {"bridges.html": fixture.read_text()})
    out = tmp_path / "out"
    result = build(show, BuildOptions(out_dir=out))
    (episode,) = result.episodes
    assert episode.title == "Bridges That Talk"
    assert read_tags(episode.mp3)["USLT"].startswith("Bridges That Talk\nMost people cross")
    entry = feedparser.parse((out / "feed.xml").read_bytes()).entries[0]
    assert entry.title == "Bridges That Talk"
    assert entry.published == "Mon, 04 May 2026 00:00:00 +0000"  # the page's own date


def test_spoken_intro_and_outro_file(tmp_path, write_show):
    """An intro spoken from a template and an outro played from a file, a section pause away."""
    import subprocess

    from narrator import BuildOptions, build
    from narrator.audio.ffmpeg import decode_pcm_stats, ffmpeg_exe

    show = write_show(tmp_path / "show", {"ep.txt": "Kettles\n\nThe water boiled at last."},
                      config='[show]\ntitle = "Test Show"\nauthor = "Ada"\n'
                             'owner_email = "o@example.org"\n'
                             'intro = "{show}: {title}, by {author}."\noutro = "outro.wav"\n')
    subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-f", "lavfi", "-i",
                    "sine=frequency=440:duration=2", "-ar", "22050", str(show / "outro.wav")],
                   check=True)
    out = tmp_path / "out"
    result = build(show, BuildOptions(out_dir=out))
    episode = result.episodes[0]
    segments = episode.script.segments
    assert (segments[0].kind, segments[0].text) == ("intro", "Test Show: Kettles, by Ada.")
    assert segments[0].pause_after_ms == 1600
    assert segments[-1].kind == "outro" and segments[-1].audio_path == show / "outro.wav"
    assert segments[-2].pause_after_ms == 1600
    vtt = (out / "ep.vtt").read_text()
    assert "Test Show: Kettles, by Ada." in vtt.split("\n\n")[1]
    decoded_s, _ = decode_pcm_stats(out / "ep.mp3")
    timings = episode.audio.timings
    assert timings[-1].end_ms - timings[-1].start_ms == pytest.approx(2000, abs=30)
    assert decoded_s == pytest.approx(episode.audio.duration_ms / 1000, abs=0.1)


def test_intro_errors_are_reported_with_the_key(tmp_path, write_show):
    from narrator.core.config import load_config
    from narrator.core.errors import ConfigError

    show = write_show(tmp_path / "show", {"ep.txt": "T\n\nBody."},
                      config='[show]\nintro = "jingle.mp3"\noutro = "Bye from {podcast}."\n')
    with pytest.raises(ConfigError) as caught:
        load_config(show)
    lines = caught.value.lines()
    assert any("show.intro: audio file 'jingle.mp3' not found" in line for line in lines)
    assert any("show.outro: unknown placeholder" in line for line in lines)


def test_cold_builds_in_two_places_give_the_same_bytes(tmp_path, run_cli, write_show):
    """Reproducible: the same show built from empty caches twice, with one worker and with two,
    gives identical MP3s and feed."""
    text = "---\ndate: 2026-03-18\n---\n# Twice\n\nThe same words give the same audio. Always.\n"
    outputs = []
    text += "".join(f"Sentence {n} makes work for more than one worker.\n" for n in range(8))
    for name, jobs in (("one", 1), ("two", 2)):
        show = write_show(tmp_path / name, {"ep.md": text})
        out = tmp_path / f"out-{name}"
        result = run_cli("build", show, "-o", out, "--jobs", jobs,
                         env={"NARRATOR_CACHE_DIR": str(tmp_path / f"cache-{name}")})
        assert result.returncode == 0, result.stderr
        outputs.append(out)
    for name in ("ep.mp3", "feed.xml", "ep.vtt", "ep.chapters.json"):
        assert (outputs[0] / name).read_bytes() == (outputs[1] / name).read_bytes(), name
