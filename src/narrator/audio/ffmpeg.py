"""ffmpeg (shipped by imageio-ffmpeg) and pydub set up to use it; no system ffmpeg needed."""

from __future__ import annotations

import functools
import subprocess
import warnings
from pathlib import Path

from narrator.core.errors import AudioError
from narrator.core.formats import AUDIO_FILE_FORMATS

PCM = ["-f", "s16le", "-ac", "1"]
"""How narrator's PCM travels between processes: 16-bit little-endian mono."""


@functools.lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    """Path of the ffmpeg binary inside the imageio-ffmpeg wheel."""
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError) as error:
        raise AudioError(f"ffmpeg is not available: {error}") from None


@functools.lru_cache(maxsize=1)
def audio_segment_class():
    """pydub's AudioSegment, pointed at our ffmpeg (pydub warns when it finds none on PATH)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        from pydub import AudioSegment
    AudioSegment.converter = ffmpeg_exe()
    return AudioSegment


def command(*args: str) -> list[str]:
    """An ffmpeg command line that never waits for a terminal and overwrites its output."""
    return [ffmpeg_exe(), "-hide_banner", "-nostdin", "-nostats", "-y", *args]


def run(arguments: list[str], path: Path) -> str:
    """Run an ffmpeg command to its end; its log, or AudioError naming `path` with ffmpeg's
    last line of complaint."""
    result = subprocess.run(arguments, capture_output=True, text=True, errors="replace")
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        raise AudioError(f"ffmpeg failed: {lines[-1] if lines else '?'}", path)
    return result.stderr


def load_audio_file(path: Path):
    """A user's audio file (an intro or an outro) as a pydub AudioSegment."""
    fmt = AUDIO_FILE_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise AudioError(f"unsupported audio file (use {', '.join(AUDIO_FILE_FORMATS)})", path)
    try:
        return audio_segment_class().from_file(path, format=fmt)
    except Exception as error:  # pydub raises CouldntDecodeError, or OSError for a missing file
        raise AudioError(f"cannot decode it: {str(error).splitlines()[0][:200]}", path) from None


def decode_pcm_stats(path: Path, sample_rate: int = 44100) -> tuple[float, int]:
    """Decode an audio file with ffmpeg; return (duration in seconds, sample count).

    Streams the decoded samples, so memory stays flat whatever the file's length.
    """
    command = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-i", str(path),
               "-f", "s16le", "-ac", "1", "-ar", str(sample_rate), "pipe:1"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        total = 0
        while chunk := process.stdout.read(1 << 16):
            total += len(chunk)
        error = process.stderr.read().decode(errors="replace").strip()
    if process.returncode != 0:
        raise AudioError(f"ffmpeg cannot decode it: {error.splitlines()[-1] if error else '?'}",
                         path)
    samples = total // 2
    return samples / sample_rate, samples
