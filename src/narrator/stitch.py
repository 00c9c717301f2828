"""Stitch: trim each clip's silence, insert the pauses, bring the whole episode to the target
loudness, and encode it as an MP3 with ffmpeg.

Loudness is set for the whole episode, never per sentence, in passes over a PCM file on disk (so
memory does not grow with the episode):
1. the stitched PCM is written and its loudness measured (ffmpeg's ebur128 meter);
2. a gain brings it near the target and a gentle compressor narrows the gap between speech peaks
   and average level (synthetic speech peaks some 20 dB above its loudness; −16 LUFS with peaks
   under −1 dBTP needs about 15);
3. a make-up gain, a limiter running at 4× the sample rate (so it catches inter-sample peaks) and
   the MP3 encoder;
4. the MP3 is measured again, true peak included; a miss of more than MAX_LOUDNESS_ERROR_LU
   adjusts the make-up gain and encodes once more.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

from narrator.config import AudioSection
from narrator.errors import AudioError
from narrator.media import ffmpeg_exe
from narrator.models import EncodedAudio, Segment, Timing

SILENCE_THRESHOLD_DBFS = -50.0
"""Quieter than this counts as silence when trimming a clip's ends."""
TRIM_MARGIN_MS = 10
"""Kept on each side of the speech so that soft onsets and releases are not clipped."""


def trim_silence(clip):
    """The clip without its leading and trailing silence (keeping a short margin)."""
    from pydub.silence import detect_leading_silence

    if len(clip) == 0:
        return clip
    start = detect_leading_silence(clip, SILENCE_THRESHOLD_DBFS, chunk_size=5)
    end = len(clip) - detect_leading_silence(clip.reverse(), SILENCE_THRESHOLD_DBFS, chunk_size=5)
    if start >= end:
        return clip[:0]
    return clip[max(0, start - TRIM_MARGIN_MS):min(len(clip), end + TRIM_MARGIN_MS)]


COMPRESSOR = "acompressor=threshold=0.1:ratio=3:attack=5:release=120:knee=6"
"""Above −20 dBFS (the level speech sits at once near −16 LUFS), a 3:1 ratio with a soft knee."""
LIMITER_HEADROOM_DB = 1.0
"""The limiter aims this far under the true-peak ceiling: MP3 encoding adds overshoot."""
MAX_LOUDNESS_ERROR_LU = 0.5
"""A measured miss larger than this (of the ±1 LU allowed) is corrected by another encode."""
MAX_ENCODES = 4
ENCODING_LOSS_LU = 0.4
"""The limiter and the MP3 encoder take about this much loudness off; the first try adds it."""
MAX_STEP_DB = 6.0
LAME_QUALITY = 7
"""LAME's algorithm quality (0 slowest to 9 fastest): 7 encodes speech a third faster than the
default with no audible loss at speech bitrates; the bitrate itself is unchanged."""
OVERSAMPLING = 4
"""The limiter runs at this multiple of the speech's sample rate, to see inter-sample peaks."""


def _next_makeup(tried: list[tuple[float, float]], target: float) -> float:
    """The next make-up gain: a secant step through the last two tries (the limiter makes the
    response flatter than 1 dB per dB), or a plain step after the first."""
    gain, loudness = tried[-1]
    step = target - loudness
    if len(tried) >= 2:
        previous_gain, previous_loudness = tried[-2]
        slope = (loudness - previous_loudness) / (gain - previous_gain or 1e-9)
        if slope > 0.05:
            step = (target - loudness) / slope
    return gain + max(-MAX_STEP_DB, min(MAX_STEP_DB, step))
_PCM = ["-f", "s16le", "-ac", "1"]


def _ffmpeg(*args: str) -> list[str]:
    return [ffmpeg_exe(), "-hide_banner", "-nostdin", "-nostats", "-y", *args]


def _mp3_output(out_path: Path, audio: AudioSection) -> list[str]:
    return ["-ar", str(audio.sample_rate), "-ac", "1",
            "-c:a", "libmp3lame", "-b:a", f"{audio.bitrate_kbps}k",
            "-compression_level", str(LAME_QUALITY),
            # Tags are mutagen's job; bitexact keeps ffmpeg's version string out of the bytes.
            "-map_metadata", "-1", "-id3v2_version", "0", "-write_id3v1", "0",
            "-fflags", "+bitexact", "-flags:a", "+bitexact", "-f", "mp3", str(out_path)]


def parse_ebur128(log: str) -> tuple[float, float | None]:
    """Integrated loudness (LUFS) and true peak (dBTP, if metered) from ebur128's summary."""
    summary = log[log.rfind("Summary:"):]
    integrated = re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary)
    peak = re.search(r"True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    if not integrated:
        raise AudioError("ffmpeg gave no loudness measurement")
    value = float(integrated.group(1))
    return value, (float(peak.group(1)) if peak else None)


def _run(command: list[str], out_path: Path) -> str:
    result = subprocess.run(command, capture_output=True, text=True, errors="replace")
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        raise AudioError(f"ffmpeg failed: {lines[-1] if lines else '?'}", out_path)
    return result.stderr


def measure_loudness(path: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP) of an audio file."""
    log = _run(_ffmpeg("-i", str(path), "-af", "ebur128=peak=true", "-f", "null", "-"), path)
    integrated, peak = parse_ebur128(log)
    return integrated, peak if peak is not None else float("-inf")


def normalize_and_encode(pcm: Path, rate: int, source: float, out_path: Path,
                         audio: AudioSection) -> tuple[float, float]:
    """Encode the episode's PCM, whose integrated loudness is `source`, into an MP3 at the
    target loudness; returns the MP3's (LUFS, dBTP)."""
    target = audio.loudness_lufs
    if source == float("-inf"):
        raise AudioError("the episode is silent: the voice produced no sound", out_path)
    compressed = pcm.with_name(pcm.name + ".c")
    try:
        log = _run(_ffmpeg(*_PCM, "-ar", str(rate), "-i", str(pcm),
                           "-af", f"volume={target - source:.2f}dB,{COMPRESSOR},ebur128",
                           *_PCM, str(compressed)), out_path)
        makeup = target - parse_ebur128(log)[0] + ENCODING_LOSS_LU
        limit = 10 ** ((audio.true_peak_dbtp - LIMITER_HEADROOM_DB) / 20)
        tried: list[tuple[float, float]] = []
        for _ in range(MAX_ENCODES):
            chain = (f"volume={makeup:.2f}dB,aresample={rate * OVERSAMPLING},"
                     f"alimiter=limit={limit:.4f}:attack=1:release=50:level=false:latency=true")
            _run(_ffmpeg(*_PCM, "-ar", str(rate), "-i", str(compressed), "-af", chain,
                         *_mp3_output(out_path, audio)), out_path)
            loudness, peak = measure_loudness(out_path)
            if abs(loudness - target) <= MAX_LOUDNESS_ERROR_LU:
                break
            tried.append((makeup, loudness))
            makeup = _next_makeup(tried, target)
    finally:
        compressed.unlink(missing_ok=True)
    return loudness, peak


def stitch(clips: Iterable, segments: list[Segment], out_path: Path,
           audio: AudioSection) -> EncodedAudio:
    """Encode clips (one per segment) with each segment's pause after it into an MP3."""
    pcm = out_path.with_name(f".{out_path.name}.pcm")
    meter_log = out_path.with_name(f".{out_path.name}.log")
    rate = 0
    written_frames = 0
    timings: list[Timing] = []
    meter = None
    try:
        with meter_log.open("wb") as log_file:
            for clip, segment in zip(clips, segments, strict=True):
                clip = clip.set_channels(1).set_sample_width(2)
                if meter is None:
                    rate = clip.frame_rate
                    # ffmpeg writes the PCM file and meters its loudness on the way, while the
                    # clips are still coming: the first loudness pass costs nothing after them.
                    meter = subprocess.Popen(
                        _ffmpeg(*_PCM, "-ar", str(rate), "-i", "pipe:0", "-af", "ebur128",
                                *_PCM, str(pcm)), stdin=subprocess.PIPE, stderr=log_file)
                elif clip.frame_rate != rate:
                    clip = clip.set_frame_rate(rate)
                clip = trim_silence(clip)
                start_ms = written_frames * 1000 / rate
                meter.stdin.write(clip.raw_data)
                written_frames += int(clip.frame_count())
                timings.append(Timing(start_ms, written_frames * 1000 / rate))
                pause_frames = round(segment.pause_after_ms * rate / 1000)
                meter.stdin.write(b"\x00\x00" * pause_frames)
                written_frames += pause_frames
            if meter is None:
                raise AudioError("nothing to encode: the script has no segments", out_path)
            meter.stdin.close()
            if meter.wait() != 0:
                raise AudioError("ffmpeg failed while writing the episode's audio", out_path)
        source, _ = parse_ebur128(meter_log.read_text(errors="replace"))
        loudness, peak = normalize_and_encode(pcm, rate, source, out_path, audio)
    except BrokenPipeError:
        raise AudioError("ffmpeg stopped while writing the episode's audio", out_path) from None
    finally:
        if meter is not None and meter.poll() is None:
            meter.kill()
            meter.wait()
        pcm.unlink(missing_ok=True)
        meter_log.unlink(missing_ok=True)
    return EncodedAudio(path=out_path, duration_ms=written_frames * 1000 / rate, timings=timings,
                        loudness_lufs=loudness, true_peak_dbtp=peak)
