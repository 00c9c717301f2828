"""ffmpeg (shipped by imageio-ffmpeg) and pydub set up to use it; no system ffmpeg needed."""

from __future__ import annotations

import functools
import subprocess
import warnings
from pathlib import Path

from narrator.errors import AudioError


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
