"""Stitch: trim each clip's silence, insert the pauses, bring the whole episode to the target
loudness, and encode it as an MP3 with ffmpeg, while the later clips are still being spoken.

Loudness is set for the whole episode, never per sentence, in one streaming ffmpeg chain (so
memory does not grow with the episode, and encoding costs no time after synthesis):
1. the gains are set from the episode's first minute of speech (all of it when shorter): a gain
   brings it to the target, and a gentle compressor narrows the gap between speech peaks and
   average level (synthetic speech peaks some 20 dB above its loudness; −16 LUFS with peaks
   under −1 dBTP needs about 15);
2. the chain runs as the clips come: gain, compressor, make-up gain, a limiter at 4× the sample
   rate (so it catches inter-sample peaks) and the MP3 encoder;
3. the MP3 is decoded and metered (loudness and true peak) as it is written;
4. when the whole episode misses the target by more than MAX_LOUDNESS_ERROR_LU (its first minute
   was not like the rest), it is encoded again from its PCM, kept on disk, in passes that measure
   the whole and correct the make-up gain until it is met.
"""

from __future__ import annotations

import contextlib
import logging
import re
import subprocess
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

from narrator.config import AudioSection
from narrator.errors import AudioError
from narrator.media import ffmpeg_exe
from narrator.models import EncodedAudio, Segment, Timing
from narrator import faults

log = logging.getLogger(__name__)

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
ENCODING_LOSS_LU = 1.1
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


def normalize_and_encode(pcm: Path, rate: int, out_path: Path,
                         audio: AudioSection) -> tuple[float, float]:
    """Encode the episode's PCM file into an MP3 at the target loudness, in passes over the
    whole; returns the MP3's (LUFS, dBTP)."""
    target = audio.loudness_lufs
    source, _ = parse_ebur128(_run(_ffmpeg(*_PCM, "-ar", str(rate), "-i", str(pcm),
                                           "-af", "ebur128", "-f", "null", "-"), out_path))
    compressed = pcm.with_name(pcm.name + ".c")
    try:
        meter = _run(_ffmpeg(*_PCM, "-ar", str(rate), "-i", str(pcm),
                             "-af", f"volume={target - source:.2f}dB,{COMPRESSOR},ebur128",
                             *_PCM, str(compressed)), out_path)
        makeup = target - parse_ebur128(meter)[0] + ENCODING_LOSS_LU
        tried: list[tuple[float, float]] = []
        for _ in range(MAX_ENCODES):
            _run(_ffmpeg(*_PCM, "-ar", str(rate), "-i", str(compressed),
                         "-af", _final_chain(makeup, rate, audio),
                         *_mp3_output(out_path, audio)), out_path)
            loudness, peak = measure_loudness(out_path)
            if abs(loudness - target) <= MAX_LOUDNESS_ERROR_LU:
                break
            tried.append((makeup, loudness))
            makeup = _next_makeup(tried, target)
    finally:
        compressed.unlink(missing_ok=True)
    return loudness, peak


PREDICTION_SECONDS = 60
"""The gains are set from the episode's first minute of speech (all of it when shorter), so that
encoding can start while the rest is still being spoken."""


def _measure_pcm(pcm: bytes, rate: int, chain: str, out_path: Path) -> float:
    """Integrated loudness (LUFS) of raw PCM after a filter chain ("" for none)."""
    filters = f"{chain}," if chain else ""
    result = subprocess.run(_ffmpeg(*_PCM, "-ar", str(rate), "-i", "pipe:0",
                                    "-af", f"{filters}ebur128", "-f", "null", "-"),
                            input=pcm, capture_output=True)
    if result.returncode != 0:
        raise AudioError("ffmpeg failed while measuring the episode's loudness", out_path)
    return parse_ebur128(result.stderr.decode(errors="replace"))[0]


def _final_chain(makeup: float, rate: int, audio: AudioSection) -> str:
    """Make-up gain, then the limiter at OVERSAMPLING times the rate (for inter-sample peaks)."""
    limit = 10 ** ((audio.true_peak_dbtp - LIMITER_HEADROOM_DB) / 20)
    return (f"volume={makeup:.2f}dB,aresample={rate * OVERSAMPLING},"
            f"alimiter=limit={limit:.4f}:attack=1:release=50:level=false:latency=true")


class _Encoder:
    """One ffmpeg run from PCM on its stdin to the MP3, with the MP3 metered as it is written.

    The MP3 comes back through a pipe; a thread writes it to the file and into a second ffmpeg
    that decodes it and meters loudness and true peak, so the measurement ends with the encode.
    """

    def __init__(self, rate: int, gain: float, makeup: float, out_path: Path,
                 audio: AudioSection):
        self.out_path = out_path
        chain = f"volume={gain:.2f}dB,{COMPRESSOR},{_final_chain(makeup, rate, audio)}"
        self.logs = [tempfile.TemporaryFile() for _ in range(2)]
        self.encoder = subprocess.Popen(
            _ffmpeg(*_PCM, "-ar", str(rate), "-i", "pipe:0", "-af", chain,
                    *_mp3_output(Path("pipe:1"), audio)),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.logs[0])
        self.meter = subprocess.Popen(
            _ffmpeg("-f", "mp3", "-i", "pipe:0", "-af", "ebur128=peak=true", "-f", "null", "-"),
            stdin=subprocess.PIPE, stderr=self.logs[1])
        self.pump = threading.Thread(target=self._copy, daemon=True)
        self.pump.start()

    def _copy(self) -> None:
        with self.out_path.open("wb") as mp3:
            try:
                while chunk := self.encoder.stdout.read(1 << 16):
                    mp3.write(chunk)
                    self.meter.stdin.write(chunk)
            except BrokenPipeError:  # the meter failed; finish() reports it
                pass
            finally:
                with contextlib.suppress(BrokenPipeError):
                    self.meter.stdin.close()

    def write(self, data: bytes) -> None:
        self.encoder.stdin.write(data)

    def finish(self) -> tuple[float, float]:
        """Wait for both runs; the MP3's (LUFS, dBTP)."""
        self.encoder.stdin.close()
        encoded = self.encoder.wait()
        self.pump.join()
        metered = self.meter.wait()
        if encoded != 0 or metered != 0:
            log = self.logs[0 if encoded else 1]
            log.seek(0)
            lines = [line for line in log.read().decode(errors="replace").splitlines()
                     if line.strip()]
            raise AudioError(f"ffmpeg failed: {lines[-1] if lines else '?'}", self.out_path)
        self.logs[1].seek(0)
        loudness, peak = parse_ebur128(self.logs[1].read().decode(errors="replace"))
        return loudness, peak if peak is not None else float("-inf")

    def close(self) -> None:
        for process in (self.encoder, self.meter):
            if process.poll() is None:
                process.kill()
                process.wait()
        for log in self.logs:
            log.close()


def stitch(clips: Iterable, segments: list[Segment], out_path: Path,
           audio: AudioSection) -> EncodedAudio:
    """Encode clips (one per segment) with each segment's pause after it into an MP3.

    Clips are encoded as they come (the caller may still be making the later ones): the gains
    are set from the first PREDICTION_SECONDS of speech, and the MP3 is measured as it is
    written. An episode whose whole differs from its start by more than MAX_LOUDNESS_ERROR_LU
    is encoded again from its PCM (kept on disk, so memory does not grow with the episode).
    """
    pcm_path = out_path.with_name(f".{out_path.name}.pcm")
    rate = 0
    written_frames = 0
    timings: list[Timing] = []
    head: list[bytes] | None = []  # PCM held until the gains are set
    encoder = None
    target = audio.loudness_lufs

    def start_encoder() -> _Encoder:
        start = b"".join(head)
        source = _measure_pcm(start, rate, "", out_path)
        if source == float("-inf"):
            raise AudioError("the episode is silent: the voice produced no sound", out_path)
        gain = target - source
        compressed = _measure_pcm(start, rate, f"volume={gain:.2f}dB,{COMPRESSOR}", out_path)
        made = _Encoder(rate, gain, target - compressed + ENCODING_LOSS_LU, out_path, audio)
        made.write(start)
        return made

    try:
        with pcm_path.open("wb") as pcm:
            for clip, segment in zip(clips, segments, strict=True):
                clip = clip.set_channels(1).set_sample_width(2)
                if not rate:
                    rate = clip.frame_rate
                elif clip.frame_rate != rate:
                    clip = clip.set_frame_rate(rate)
                clip = trim_silence(clip)
                pause_frames = round(segment.pause_after_ms * rate / 1000)
                data = clip.raw_data + b"\x00\x00" * pause_frames
                timings.append(Timing(written_frames * 1000 / rate,
                                      (written_frames + int(clip.frame_count())) * 1000 / rate))
                written_frames += int(clip.frame_count()) + pause_frames
                pcm.write(data)
                faults.point("stitch.clip")
                if head is None:
                    encoder.write(data)
                    continue
                head.append(data)
                if written_frames >= PREDICTION_SECONDS * rate:
                    encoder, head = start_encoder(), None
            if not rate:
                raise AudioError("nothing to encode: the script has no segments", out_path)
        if encoder is None:
            encoder, head = start_encoder(), None
        loudness, peak = encoder.finish()
        faults.point("stitch.encoded")
        if abs(loudness - target) > MAX_LOUDNESS_ERROR_LU:
            log.info("%s: the first minute misled the gains by %.1f LU; encoding again",
                     out_path.name, loudness - target)
            loudness, peak = normalize_and_encode(pcm_path, rate, out_path, audio)
    except BrokenPipeError:
        raise AudioError("ffmpeg stopped while encoding the episode's audio", out_path) from None
    finally:
        if encoder is not None:
            encoder.close()
        pcm_path.unlink(missing_ok=True)
    return EncodedAudio(path=out_path, duration_ms=written_frames * 1000 / rate, timings=timings,
                        loudness_lufs=loudness, true_peak_dbtp=peak)
