"""Encode: PCM to a constant-bitrate MP3 with ffmpeg's LAME, streamed, metered as it is written."""

from __future__ import annotations

import contextlib
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


class StreamingEncoder:
    """One ffmpeg run from PCM on its stdin, through a filter chain, to the MP3, with the MP3
    metered as it is written.

    The MP3 comes back through a pipe; a thread writes it to the file and into a second ffmpeg
    that decodes it and meters loudness and true peak, so the measurement ends with the encode.
    """

    def __init__(self, rate: int, chain: str, out_path: Path, audio: AudioSection):
        self.out_path = out_path
        self.logs = [tempfile.TemporaryFile() for _ in range(2)]
        self.encoder = subprocess.Popen(
            ffmpeg.command(*ffmpeg.PCM, "-ar", str(rate), "-i", "pipe:0", "-af", chain,
                           *mp3_output(Path("pipe:1"), audio)),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.logs[0])
        self.meter = subprocess.Popen(
            ffmpeg.command("-f", "mp3", "-i", "pipe:0", "-af", "ebur128=peak=true", "-f", "null",
                           "-"),
            stdin=subprocess.PIPE, stderr=self.logs[1])
        self.failure: OSError | None = None  # what stopped the copy (a full disk), for finish()
        self.pump = threading.Thread(target=self._copy, daemon=True)
        self.pump.start()

    def _copy(self) -> None:
        try:
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
        except OSError as error:  # the MP3 could not be written: reported by finish()
            self.failure = error
            with contextlib.suppress(OSError):
                self.encoder.stdout.close()
                self.meter.stdin.close()

    def write(self, data: bytes) -> None:
        try:
            self.encoder.stdin.write(data)
        except BrokenPipeError:
            if self.failure is not None:  # the encoder stopped because its MP3 could not be
                raise self.failure from None  # written: say why
            raise

    def finish(self) -> tuple[float, float]:
        """Wait for both runs; the MP3's (LUFS, dBTP)."""
        self.encoder.stdin.close()
        encoded = self.encoder.wait()
        self.pump.join()
        metered = self.meter.wait()
        if self.failure is not None:
            raise self.failure
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
