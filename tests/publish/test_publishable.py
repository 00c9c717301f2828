"""Podcast-ready by default: what a publisher meets after the first build, each case one that
passed before and should not have."""

from __future__ import annotations

import html
import io
import json
import re
import subprocess
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from narrator import BuildOptions, build
from narrator.core.config import config_from_dict
from narrator.core.errors import ConfigError, NarratorError
from narrator.core.models import Cue
from narrator.publish.transcripts import read_vtt, to_vtt


def test_an_unedited_init_show_builds_and_validate_says_what_to_set(tmp_path, run_cli):
    show = tmp_path / "fresh"
    assert run_cli("init", show).returncode == 0
    out = tmp_path / "out"
    built = run_cli("build", show, "-o", out)
    assert built.returncode == 0, built.stderr
    assert "localhost" in built.stderr  # said, and the local build goes on
    checked = run_cli("validate", out)
    assert checked.returncode == 0
    assert "http://localhost:8000/feed.xml is on this machine" in checked.stderr
    assert "no owner e-mail" in checked.stderr and "no author" in checked.stderr
    submitting = run_cli("validate", "--publish", out)
    assert submitting.returncode == 1
    errors = [line for line in submitting.stderr.splitlines() if line.startswith("error:")]
    assert any("show.base_url" in line for line in errors)
    assert any("show.owner_email" in line for line in errors)


def test_init_takes_the_show_s_names(tmp_path, run_cli):
    show = tmp_path / "named"
    result = run_cli("init", show, "--title", "Tide Talk", "--author", "Ann Lee", "--email",
                     "ann@example.org", "--url", "https://tides.example.org/pod/")
    assert result.returncode == 0, result.stderr
    config = (show / "narrator.toml").read_text()
    for line in ('title = "Tide Talk"', 'author = "Ann Lee"', 'owner_email = "ann@example.org"',
                 'base_url = "https://tides.example.org/pod/"'):
        assert line in config
    bad = run_cli("init", tmp_path / "bad", "--url", "https://tides.example.org/a b/")
    assert bad.returncode == 1 and "show.base_url" in bad.stderr
    assert not (tmp_path / "bad" / "narrator.toml").exists()


def _feed_guid(out) -> str:
    return re.search(r"<podcast:guid>([^<]+)<", (out / "feed.xml").read_text()).group(1)


def test_the_show_guid_is_kept_when_the_feed_moves(tmp_path, write_show):
    show = write_show(tmp_path / "show", {"a.md": "# A\n\nText."})
    build(show, BuildOptions(out_dir=tmp_path / "out"))
    first = _feed_guid(tmp_path / "out")
    assert uuid.UUID(first).version == 5
    assert json.loads((show / ".narrator" / "manifest.json").read_text())["podcast_guid"] == first
    toml = show / "narrator.toml"
    toml.write_text(toml.read_text().replace("pod.example.org", "new-host.example.net"))
    build(show, BuildOptions(out_dir=tmp_path / "out"))
    assert _feed_guid(tmp_path / "out") == first
    chosen = "0b0bd8c7-6f2a-4c1e-9d7e-3d4c5b6a7f80"
    toml.write_text(toml.read_text().replace("[show]\n", f'[show]\nguid = "{chosen}"\n'))
    build(show, BuildOptions(out_dir=tmp_path / "out"))
    assert _feed_guid(tmp_path / "out") == chosen


def test_shows_on_the_default_url_get_guids_of_their_own(tmp_path, write_show):
    guids = []
    for name in ("one", "two"):
        show = write_show(tmp_path / name, {"a.md": "# A\n\nText."},
                          config='[show]\ntitle = "Same"\n')
        build(show, BuildOptions(out_dir=tmp_path / f"out-{name}"))
        guids.append(_feed_guid(tmp_path / f"out-{name}"))
    assert guids[0] != guids[1]


HOSTILE = "If x < y and y > z, then AT&T wins; <b>bold</b> &amp; --> arrows"


def test_captions_keep_every_word_through_webvtt_py(tmp_path, write_show):
    webvtt = pytest.importorskip("webvtt")
    show = write_show(tmp_path / "show", {"a.md": f"# Signs\n\n{HOSTILE}.\n"})
    result = build(show, BuildOptions(out_dir=tmp_path / "out"))
    text = (result.out_dir / f"{result.episodes[0].slug}.vtt").read_text()
    captions = list(webvtt.from_buffer(io.StringIO(text)))
    read = [html.unescape(caption.text).replace("\n", " ") for caption in captions]
    written = [segment.text.replace("-->", "->") for segment in result.episodes[0].script.segments]
    assert " ".join(read) == " ".join(written)
    assert "If x < y and y > z, then AT&T wins; bold & -> arrows." in " ".join(read)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1,
               max_size=80))
def test_any_cue_text_round_trips(text):
    line = " ".join(text.split())
    if not line:
        return
    back = read_vtt(to_vtt([Cue(0, 1000, line)]))
    assert [cue.text for cue in back] == [line.replace("-->", "->")]


@pytest.mark.parametrize("url, message", [
    ("https://pod.example.org/a show/", "has a space"),
    ("https://pod.example.org:70000/", "not a valid URL"),
    ("https://[pod.example.org/", "not a valid URL"),
    ("https://pod.example.org/feed/?id=3&x=1", "query or fragment"),
    ("https://pod.example.org/#top", "query or fragment"),
])
def test_bad_base_urls_are_refused(tmp_path, url, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        config_from_dict({"show": {"base_url": url}}, tmp_path / "narrator.toml")


def test_a_cut_off_cover_is_refused_before_anything_is_built(tiny_show, tmp_path):
    cover = tiny_show / "cover.png"
    cover.write_bytes(cover.read_bytes()[:len(cover.read_bytes()) // 2])
    with pytest.raises(NarratorError, match="not a readable image"):
        build(tiny_show, BuildOptions(out_dir=tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def _pcm(mp3) -> bytes:
    from narrator.audio.ffmpeg import ffmpeg_exe

    return subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(mp3), "-f", "s16le", "-ac",
                           "1", "-ar", "8000", "-"], capture_output=True, check=True).stdout


def _silent_ms(samples: bytes, from_end: bool) -> float:
    import array

    values = array.array("h", samples)
    if from_end:
        values.reverse()
    count = next((i for i, v in enumerate(values) if abs(v) > 300), len(values))
    return count / 8


def test_episodes_have_room_before_the_first_word_and_after_the_last(tiny_show, tmp_path):
    result = build(tiny_show, BuildOptions(out_dir=tmp_path / "out"))
    samples = _pcm(result.episodes[0].mp3)
    assert _silent_ms(samples, from_end=False) >= 250
    assert _silent_ms(samples, from_end=True) >= 600
    first_cue = read_vtt((tmp_path / "out" / "hello.vtt").read_text())[0]
    assert first_cue.start_ms >= 290


def test_id3_chapters_are_stored_in_time_order_and_mp3s_have_an_info_header(example_build):
    from mutagen.id3 import ID3
    from mutagen.mp3 import MP3, BitrateMode

    _, out, result = example_build
    for episode in result.episodes:
        frames = [key for key in ID3(episode.mp3).keys() if key.startswith("CHAP:")]
        starts = [ID3(episode.mp3)[key].start_time for key in frames]
        assert starts == sorted(starts) and len(starts) >= 1
        assert MP3(episode.mp3).info.bitrate_mode == BitrateMode.CBR  # read from the Info tag


def test_decoded_audio_cues_and_chapters_agree(example_build):
    from narrator.audio.ffmpeg import decode_pcm_stats
    from narrator.publish.chapters import read_json_chapters

    _, out, result = example_build
    for episode in result.episodes:
        decoded, _ = decode_pcm_stats(episode.mp3)
        recorded = episode.audio.duration_ms / 1000
        assert abs(decoded - recorded) <= 0.010, episode.slug
        last_cue = read_vtt((out / f"{episode.slug}.vtt").read_text())[-1]
        lead_out = 0.7
        assert abs(last_cue.end_ms / 1000 + lead_out - decoded) <= 0.010
        chapters = read_json_chapters((out / f"{episode.slug}.chapters.json").read_text())
        assert chapters[-1].start_ms / 1000 < decoded


def test_a_one_word_episode_builds_at_the_target_loudness(tmp_path, write_show):
    from narrator.publish.validate import validate_show

    show = write_show(tmp_path / "show", {"hi.txt": "Hi."})
    result = build(show, BuildOptions(out_dir=tmp_path / "out"))
    assert -17 <= result.episodes[0].audio.loudness_lufs <= -15
    assert [p for p in validate_show(tmp_path / "out") if not p.warning] == []
