"""Encode: PCM to a constant-bitrate MP3 with ffmpeg's LAME, streamed, metered as it is written."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import tempfile
import threading
from pathlib import Path

from narrator.audio import ffmpeg
from narrator.core.config import AudioSection
from narrator.core.errors import AudioError

LAME_QUALITY = 7
"""LAME's algorithm quality (0 slowest to 9 fastest): 7 encodes speech a third faster than the
default with no audible loss at speech bitrates; the bitrate itself is unchanged."""


LAME_DELAY_SAMPLES = 576 + 529
"""The samples of silence LAME (through ffmpeg) puts before the audio; the Info header tells
decoders to drop them."""


def mp3_output(out_path: Path, audio: AudioSection) -> list[str]:
    """ffmpeg's output options for an episode's MP3 (mono, the show's rate and bitrate)."""
    return ["-ar", str(audio.sample_rate), "-ac", "1",
            "-c:a", "libmp3lame", "-b:a", f"{audio.bitrate_kbps}k",
            "-compression_level", str(LAME_QUALITY),
            # Tags are mutagen's job; bitexact keeps ffmpeg's version string out of the bytes.
            "-map_metadata", "-1", "-id3v2_version", "0", "-write_id3v1", "0",
            "-fflags", "+bitexact", "-flags:a", "+bitexact", "-f", "mp3", str(out_path)]


def parse_ebur128(log: str) -> tuple[float, float | None]:
    """Integrated loudness (LUFS) and true peak (dBTP, if metered) from ebur128's summary."""
    import re

    summary = log[log.rfind("Summary:"):]
    integrated = re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary)
    peak = re.search(r"True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    if not integrated:
        raise AudioError("ffmpeg gave no loudness measurement")
    value = float(integrated.group(1))
    return value, (float(peak.group(1)) if peak else None)


def _tee_output(out_path: Path, audio: AudioSection) -> list[str]:
    """Output options for the MP3 written to `out_path` and, the same encode, to stdout: the
    file is seekable, so ffmpeg goes back and writes its Info (LAME) header, which tells players
    the exact duration and the encoder's delay; the copy on stdout feeds the meter."""
    name = re.sub(r"([\\|\[\]'])", r"\\\1", str(out_path))
    return ["-ar", str(audio.sample_rate), "-ac", "1",
            "-c:a", "libmp3lame", "-b:a", f"{audio.bitrate_kbps}k",
            "-compression_level", str(LAME_QUALITY), "-flags:a", "+bitexact", "-map", "0:a",
            "-map_metadata", "-1", "-fflags", "+bitexact", "-f", "tee",
            f"[f=mp3:id3v2_version=0:write_id3v1=0:fflags=+bitexact]{name}|[f=mp3]pipe:1"]


class StreamingEncoder:
    """One ffmpeg run from PCM on its stdin, through a filter chain, to the MP3, with the MP3
    metered as it is written.

    ffmpeg writes the MP3 file itself (with its Info header) and a copy to a pipe, which a
    thread passes to a second ffmpeg that decodes it and meters loudness and true peak, so the
    measurement ends with the encode.
    """

    def __init__(self, rate: int, chain: str, out_path: Path, audio: AudioSection):
        self.out_path = out_path
        self.logs = [tempfile.TemporaryFile() for _ in range(2)]
        self.encoder = subprocess.Popen(
            ffmpeg.command(*ffmpeg.PCM, "-ar", str(rate), "-i", "pipe:0", "-af", chain,
                           *_tee_output(out_path, audio)),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.logs[0])
        # The copy on the pipe has no Info header, so its decoder cannot drop the encoder's
        # delay as a player does: the meter drops it, to measure what listeners hear.
        self.meter = subprocess.Popen(
            ffmpeg.command("-f", "mp3", "-i", "pipe:0", "-af",
                           f"atrim=start_sample={LAME_DELAY_SAMPLES},ebur128=peak=true",
                           "-f", "null", "-"),
            stdin=subprocess.PIPE, stderr=self.logs[1])
        self.pump = threading.Thread(target=self._copy, daemon=True)
        self.pump.start()

    def _copy(self) -> None:
        try:
            while chunk := self.encoder.stdout.read(1 << 16):
                self.meter.stdin.write(chunk)
        except BrokenPipeError:  # the meter failed; finish() reports it
            pass
        finally:
            with contextlib.suppress(BrokenPipeError):
                self.meter.stdin.close()

    def write(self, data: bytes) -> None:
        try:
            self.encoder.stdin.write(data)
        except BrokenPipeError:  # the encoder stopped: say why, when it was the disk
            self.encoder.wait()
            self.logs[0].seek(0)
            self._raise_write_failure(self.logs[0].read().decode(errors="replace").splitlines())
            raise

    def _raise_write_failure(self, lines: list[str]) -> None:
        """OSError (a full disk, a size limit) when ffmpeg stopped because it could not write
        the MP3, so that the user hears what the system said."""
        import errno

        text = "\n".join(lines)
        for code, words in ((errno.ENOSPC, "No space left"), (errno.EFBIG, "too large"),
                            (errno.EDQUOT, "quota"), (errno.EROFS, "Read-only"),
                            (errno.EACCES, "Permission denied")):
            if words in text:
                raise OSError(code, os.strerror(code), str(self.out_path))

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
            self._raise_write_failure(lines)
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
