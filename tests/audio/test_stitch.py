import logging
import time

import pytest

from narrator.core.config import AudioSection
from narrator.audio.engines import get_engine
from narrator.audio.ffmpeg import audio_segment_class, decode_pcm_stats
from narrator.core.models import Segment
from narrator.audio.loudness import LOUDNESS_UNCERTAINTY_LU
from narrator.audio.stitch import trim_silence, stitch


def test_trim_silence_removes_padding_but_keeps_speech():
    speech = get_engine("piper").synthesize("Silence is trimmed from both ends.")
    silence = audio_segment_class().silent(duration=700, frame_rate=speech.frame_rate)
    trimmed = trim_silence(silence + speech + silence)
    assert len(trimmed) < len(speech) + 100  # both 700 ms pads gone
    assert len(trimmed) > len(speech) - 400  # the speech itself is kept
    assert len(trim_silence(silence)) == 0


def test_stitched_mp3_is_sum_of_clips_and_pauses(tmp_path):
    engine = get_engine("piper")
    texts = ["First sentence here.", "Second one follows.", "A new paragraph starts."]
    segments = [Segment(t, t, "sentence", p) for t, p in zip(texts, (400, 1200, 0))]
    clips = [engine.synthesize(t) for t in texts]
    out = tmp_path / "a.mp3"
    section = AudioSection(bitrate_kbps=96, sample_rate=44100)
    audio = stitch(iter(clips), segments, out, section)
    decoded_s, _ = decode_pcm_stats(out)
    speech_s = sum(t.end_ms - t.start_ms for t in audio.timings) / 1000
    # The pauses, and the room before the first word and after the last.
    expected_s = speech_s + (400 + 1200 + section.lead_in_ms + section.lead_out_ms) / 1000
    assert abs(decoded_s - expected_s) <= 0.05 * expected_s
    # Each segment starts after the previous one and its pause.
    starts = [t.start_ms for t in audio.timings]
    assert starts[1] - audio.timings[0].end_ms == 400
    assert starts[2] - audio.timings[1].end_ms == 1200
    # CBR at the configured bitrate: size is close to bitrate x duration.
    assert abs(out.stat().st_size - 96000 / 8 * decoded_s) < 0.05 * out.stat().st_size + 2000


def test_mixed_sample_rates_are_resampled(tmp_path):
    clip_a = get_engine("piper").synthesize("Twenty two kilohertz.")
    clip_b = audio_segment_class().silent(duration=500, frame_rate=24000) + clip_a.set_frame_rate(
        24000)
    segments = [Segment("a", "a", "sentence", 300), Segment("b", "b", "sentence", 0)]
    out = tmp_path / "b.mp3"
    audio = stitch(iter([clip_a, clip_b]), segments, out, AudioSection())
    decoded_s, _ = decode_pcm_stats(out)
    assert abs(decoded_s * 1000 - audio.duration_ms) < 60


def _ebur128(path):
    """Integrated loudness and true peak of a file, read from ffmpeg's EBU R128 meter."""
    import re
    import subprocess

    from narrator.audio.ffmpeg import ffmpeg_exe

    log = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostats", "-i", str(path), "-af",
                          "ebur128=peak=true", "-f", "null", "-"],
                         capture_output=True, text=True).stderr
    summary = log[log.rfind("Summary:"):]
    integrated = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))
    peak = float(re.search(r"True peak:\s+Peak:\s+(-?[\d.]+) dBFS", summary).group(1))
    return integrated, peak


def test_example_episodes_meet_the_loudness_bars(example_build):
    _, out, result = example_build
    for episode in result.episodes:
        integrated, peak = _ebur128(episode.mp3)
        assert -17.0 <= integrated <= -15.0, (episode.mp3.name, integrated)
        assert peak <= -1.0, (episode.mp3.name, peak)
        # What the build reports (estimated in the encoder's process) is what the file
        # measures: the loudness to its uncertainty, the true peak as an upper bound.
        assert abs(episode.audio.loudness_lufs - integrated) <= LOUDNESS_UNCERTAINTY_LU
        assert peak <= episode.audio.true_peak_dbtp


def test_a_quieter_target_is_met_too(tmp_path):
    engine = get_engine("piper")
    texts = ["A quieter show is set to minus twenty three.", "Broadcasters in Europe use it."]
    segments = [Segment(t, t, "sentence", p) for t, p in zip(texts, (400, 0))]
    out = tmp_path / "quiet.mp3"
    audio = stitch(iter(engine.synthesize(t) for t in texts), segments, out,
                   AudioSection(loudness_lufs=-23.0, true_peak_dbtp=-2.0))
    integrated, peak = _ebur128(out)
    assert -24.0 <= integrated <= -22.0 and peak <= -2.0
    assert abs(audio.loudness_lufs - integrated) <= LOUDNESS_UNCERTAINTY_LU


def test_encoding_starts_while_later_clips_are_still_being_made(tmp_path):
    clip = get_engine("piper").synthesize("Encoding runs alongside the voice.")
    count = int(90_000 / len(clip)) + 2  # about ninety seconds: past the first minute
    texts = [f"s{i}" for i in range(count)]
    segments = [Segment(t, t, "sentence", 200) for t in texts]
    out = tmp_path / "stream.mp3"
    seen = {}

    def clips():
        for index in range(count):
            if index == count - 1:  # the last clip is not made yet: is the MP3 already growing?
                time.sleep(1.0)
                seen["bytes"] = sum(p.stat().st_size for p in tmp_path.glob(".stream.mp3.*/*"))
            yield clip

    audio = stitch(clips(), segments, out, AudioSection())
    assert seen["bytes"] > 100_000  # well over a minute of 96 kbit/s MP3 written before the end
    assert out.stat().st_size > seen["bytes"]
    assert -16.5 <= audio.loudness_lufs <= -15.5
    assert not list(tmp_path.glob(".stream.mp3.*"))  # the pieces' folder is gone


def test_an_episode_unlike_its_first_minute_is_encoded_again(tmp_path, caplog):
    clip = get_engine("piper").synthesize("The first minute is quiet and the rest is loud.")
    quiet = clip.apply_gain(-12)
    head = int(62_000 / len(clip)) + 1
    clips = [quiet] * head + [clip] * (3 * head)
    segments = [Segment(f"s{i}", f"s{i}", "sentence", 150) for i in range(len(clips))]
    out = tmp_path / "uneven.mp3"
    with caplog.at_level(logging.INFO, logger="narrator.audio.stitch"):
        audio = stitch(iter(clips), segments, out, AudioSection())
    assert "encoding again" in caplog.text  # the gains from the quiet minute were far off
    integrated, peak = _ebur128(out)
    assert -16.5 <= integrated <= -15.5 and peak <= -1.0
    assert abs(audio.loudness_lufs - integrated) < 0.05  # measured on the MP3 itself


SENTENCES = ["The tide tables were printed on thin grey paper.",
             "Nobody on the quay could remember who had ordered them.",
             "By noon the wind had turned, and the gulls went quiet.",
             "A second boat, smaller and painted green, came in on the swell.",
             "Its skipper counted the crates twice before she signed.",
             "Would the harbour master allow a night crossing?",
             "Four hundred and twelve passengers travelled that week!",
             "The lamps along the breakwater flickered; then they held."]


@pytest.fixture(scope="module")
def harbour_clips():
    engine = get_engine("piper")
    return [engine.synthesize(text) for text in SENTENCES]


@pytest.mark.parametrize("minutes", [0, 5, 30])
def test_loudness_and_true_peak_hold_on_every_length(tmp_path, harbour_clips, minutes):
    """A sentence, five minutes and half an hour (a score of pieces), measured by a second meter
    decoding the MP3; the same speech encoded twice gives the same bytes. (An hour, measured
    the same way in scripts/bench's long build, costs this suite 35 s.)"""
    clips = [harbour_clips[0]]
    while sum(len(c) + 350 for c in clips) < minutes * 60_000:
        clips.append(harbour_clips[len(clips) % len(harbour_clips)])
    segments = [Segment(f"s{i}", f"s{i}", "sentence", 350) for i in range(len(clips))]
    outs = [tmp_path / "a.mp3", tmp_path / "b.mp3"]
    made = [stitch(iter(clips), segments, out, AudioSection()) for out in outs[:1 if minutes else 2]]
    integrated, peak = _ebur128(outs[0])
    assert peak <= -1.0 and peak <= made[0].true_peak_dbtp
    if minutes:  # a sentence is too short for integrated loudness to mean much
        assert -16.5 <= integrated <= -15.5
        assert abs(made[0].loudness_lufs - integrated) <= LOUDNESS_UNCERTAINTY_LU
        assert decode_pcm_stats(outs[0])[0] > 0.9 * minutes * 60  # (silent ends trimmed)
    else:
        assert outs[0].read_bytes() == outs[1].read_bytes()


def test_a_rebuild_with_the_same_opening_measures_nothing_again(tmp_path, harbour_clips,
                                                                  monkeypatch):
    from narrator.audio import loudness

    segments = [Segment(f"s{i}", f"s{i}", "sentence", 300) for i in range(len(SENTENCES))]
    memo = tmp_path / "memo"
    first = stitch(iter(harbour_clips), segments, tmp_path / "a.mp3", AudioSection(), memo)
    assert len(list(memo.iterdir())) == 2  # the opening before and after the compressor
    calls = []
    monkeypatch.setattr(loudness, "_measure_pcm", lambda *a: calls.append(a))
    again = stitch(iter(harbour_clips), segments, tmp_path / "b.mp3", AudioSection(), memo)
    assert calls == [] and again.loudness_lufs == first.loudness_lufs
    assert (tmp_path / "a.mp3").read_bytes() == (tmp_path / "b.mp3").read_bytes()
    # A changed opening is measured afresh.
    monkeypatch.undo()
    stitch(iter(harbour_clips[1:]), segments[1:], tmp_path / "c.mp3", AudioSection(), memo)
    assert len(list(memo.iterdir())) == 4


def test_estimates_near_a_limit_are_checked_on_the_mp3(tmp_path, harbour_clips, monkeypatch):
    from narrator.audio import stitch as stitching

    checked = []
    real = stitching.measure_mp3
    monkeypatch.setattr(stitching, "measure_mp3",
                        lambda mp3, where: checked.append(where) or real(mp3, where))
    segments = [Segment(f"s{i}", f"s{i}", "sentence", 300) for i in range(len(SENTENCES))]
    monkeypatch.setattr(stitching, "estimated_mp3", lambda loudness, peak: (loudness, -0.5))
    audio = stitch(iter(harbour_clips), segments, tmp_path / "a.mp3", AudioSection())
    assert checked == [tmp_path / "a.mp3"]  # an estimate over the ceiling: the MP3 is measured
    assert audio.true_peak_dbtp <= -1.0
    integrated, peak = _ebur128(tmp_path / "a.mp3")
    assert abs(audio.loudness_lufs - integrated) <= 0.1 and abs(audio.true_peak_dbtp - peak) <= 0.1
