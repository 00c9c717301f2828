"""Loudness: bring an episode to the target integrated loudness with true peaks under the ceiling.

Loudness is set for the whole episode, never per sentence. A gain brings speech to the target,
and a gentle compressor narrows the gap between speech peaks and average level (synthetic speech
peaks some 20 dB above its loudness; −16 LUFS with peaks under −1 dBTP needs about 15); make-up
gain and a limiter at OVERSAMPLING times the sample rate (so it catches inter-sample peaks)
follow. The stitcher sets the gains from the episode's first minute; when the whole misses, it
sets them from the whole (`whole_gains`) and corrects the make-up gain in passes.
"""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path

from narrator.audio import ffmpeg
from narrator.audio.encode import parse_blocks, parse_ebur128
from narrator.core import timing
from narrator.core.files import atomic_write_bytes
from narrator.core.config import AudioSection
from narrator.core.errors import AudioError

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
OVERSAMPLING = 2
"""The limiter runs at this multiple of the speech's sample rate, to see inter-sample peaks: for
piper's 22.05 kHz voices, the MP3's 44.1 kHz, so no resampling follows it. Measured
(scripts/chain_study.py, 48 episodes from real articles): at 2x the MP3s' true peaks reach
-1.5 dBTP at most (4x: -1.9) for a ceiling of -1, and the chain with the encoder costs a fifth
less CPU (342 s of speech: 1.75 CPU-s against 2.2)."""
MP3_LOUDNESS_OFFSET_LU = -0.4
"""The MP3 measures this much quieter than the PCM the encoder receives (median of 48
episodes; each within 0.1 of it, and the same at every bitrate and LAME quality)."""
PEAK_ALLOWANCE_DB = 0.8
"""Added to the sample peak of the encoder's PCM for an upper estimate of the MP3's true peak
(measured on 48 episodes: at most +0.5 dB over it)."""
LOUDNESS_UNCERTAINTY_LU = 0.2
"""How far the MP3's loudness estimated from its PCM may be from the second meter's figure
(measured: 0.1, and the meters read to 0.1 LU)."""


def next_makeup(tried: list[tuple[float, float]], target: float) -> float:
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


def measure_loudness(path: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP) of an audio file."""
    log = ffmpeg.run(ffmpeg.command("-i", str(path), "-af", "ebur128=peak=true", "-f", "null",
                                    "-"), path)
    integrated, peak = parse_ebur128(log)
    return integrated, peak if peak is not None else float("-inf")


def estimated_mp3(loudness: float, peak: float) -> tuple[float, float]:
    """The MP3's (LUFS, dBTP) estimated from its PCM's loudness and sample peak, as measured in
    the encoder's process."""
    return loudness + MP3_LOUDNESS_OFFSET_LU, peak + PEAK_ALLOWANCE_DB


def worth_checking(loudness: float, peak: float, audio: AudioSection) -> bool:
    """Whether estimates this near a limit call for a second meter on the MP3 itself."""
    return (abs(loudness - audio.loudness_lufs) > MAX_LOUDNESS_ERROR_LU - LOUDNESS_UNCERTAINTY_LU
            or peak > audio.true_peak_dbtp)


def measure_pcm(pcm: bytes, rate: int, chain: str, out_path: Path,
                memo: Path | None = None) -> float:
    """Integrated loudness (LUFS) of raw PCM after a filter chain ("" for none); kept in the
    folder `memo`, when given, so that a rebuild whose opening is unchanged measures nothing."""
    key = None
    if memo is not None:
        import hashlib

        key = hashlib.sha256(f"{rate}\0{chain}\0".encode() + pcm).hexdigest()[:32]
        with contextlib.suppress(OSError, ValueError):
            return float((memo / key).read_text())
    with timing.children_cpu("loudness meters"):
        loudness = _measure_pcm(pcm, rate, chain, out_path)
    if key is not None:
        with contextlib.suppress(OSError):  # a memo that cannot be kept is measured again
            atomic_write_bytes(memo / key, repr(loudness).encode(), durable=False)
    return loudness


def _measure_pcm(pcm: bytes, rate: int, chain: str, out_path: Path) -> float:
    filters = f"{chain}," if chain else ""
    result = subprocess.run(ffmpeg.command(*ffmpeg.PCM, "-ar", str(rate), "-i", "pipe:0",
                                           "-af", f"{filters}ebur128", "-f", "null", "-"),
                            input=pcm, capture_output=True)
    if result.returncode != 0:
        raise AudioError("ffmpeg failed while measuring the episode's loudness", out_path)
    return parse_ebur128(result.stderr.decode(errors="replace"))[0]


def final_chain(makeup: float, rate: int, audio: AudioSection) -> str:
    """Make-up gain, then the limiter at OVERSAMPLING times the speech's rate (for inter-sample
    peaks), ending at the MP3's rate."""
    limit = 10 ** ((audio.true_peak_dbtp - LIMITER_HEADROOM_DB) / 20)
    limiter_rate = rate * OVERSAMPLING
    chain = (f"volume={makeup:.2f}dB,aresample={limiter_rate},"
             f"alimiter=limit={limit:.4f}:attack=1:release=50:level=false:latency=true")
    return chain if limiter_rate == audio.sample_rate else f"{chain},aresample={audio.sample_rate}"


def episode_chain(gain: float, makeup: float, rate: int, audio: AudioSection) -> str:
    """The whole filter chain for an episode: gain, compressor, make-up gain and limiter."""
    return f"volume={gain:.2f}dB,{COMPRESSOR},{final_chain(makeup, rate, audio)}"


def opening_gains(start: bytes, rate: int, audio: AudioSection, out_path: Path,
                  memo: Path | None = None) -> tuple[float, float]:
    """An episode's (gain, make-up gain), set from `start` (its opening)."""
    target = audio.loudness_lufs
    source = measure_pcm(start, rate, "", out_path, memo)
    if source == float("-inf"):
        raise AudioError("the episode is silent: the voice produced no sound", out_path)
    gain = target - source
    compressed = measure_pcm(start, rate, f"volume={gain:.2f}dB,{COMPRESSOR}", out_path, memo)
    return gain, target - compressed + ENCODING_LOSS_LU


def whole_gains(pcm: Path, rate: int, audio: AudioSection,
                out_path: Path) -> tuple[float, float]:
    """An episode's (gain, make-up gain), set from the whole of its PCM (a file), in two
    passes: the speech's loudness, then the compressor's output's."""
    target = audio.loudness_lufs
    pcm_input = [*ffmpeg.PCM, "-ar", str(rate), "-i", str(pcm)]
    with timing.children_cpu("loudness meters"):
        source, _ = parse_ebur128(ffmpeg.run(ffmpeg.command(
            *pcm_input, "-af", "ebur128", "-f", "null", "-"), out_path))
        gain = target - source
        compressed, _ = parse_ebur128(ffmpeg.run(ffmpeg.command(
            *pcm_input, "-af", f"volume={gain:.2f}dB,{COMPRESSOR},ebur128", "-f", "null", "-"),
            out_path))
    return gain, target - compressed + ENCODING_LOSS_LU


ABSOLUTE_GATE_LUFS = -70.0
RELATIVE_GATE_LU = -10.0


def integrated(blocks: list[float]) -> float:
    """The integrated loudness (LUFS) of momentary readings (400 ms blocks, each 100 ms), gated
    as ITU-R BS.1770 says: blocks under -70 LUFS left out, then those 10 LU under the rest's
    loudness. Pieces' readings together give the whole's figure, as if metered in one run."""
    import numpy as np

    values = np.asarray(blocks, dtype=float)
    values = values[values > ABSOLUTE_GATE_LUFS]
    if not values.size:
        return float("-inf")
    energies = 10 ** ((values + 0.691) / 10)
    relative = 10 * np.log10(energies.mean()) - 0.691 + RELATIVE_GATE_LU
    kept = energies[values > relative]
    return float(10 * np.log10(kept.mean()) - 0.691)


def measure_mp3(mp3: bytes, where: Path) -> tuple[list[float], float]:
    """A second meter on an MP3 (given as bytes): its momentary loudness each 100 ms (LUFS) and
    its true peak (dBTP)."""
    result = subprocess.run(ffmpeg.command("-f", "mp3", "-i", "pipe:0", "-af",
                                           "ebur128=peak=true:framelog=info", "-f", "null", "-"),
                            input=mp3, capture_output=True)
    log = result.stderr.decode(errors="replace")
    if result.returncode != 0:
        raise AudioError("ffmpeg failed while measuring the episode's loudness", where)
    _, peak = parse_ebur128(log)
    return parse_blocks(log), peak if peak is not None else float("-inf")
