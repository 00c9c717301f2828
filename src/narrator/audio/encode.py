"""Encode: PCM to a constant-bitrate MP3 with ffmpeg's LAME, streamed, metered in the same run."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from narrator.audio import ffmpeg
from narrator.core import timing
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
    peak = re.search(r"(?:True|Sample) peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    if not integrated:
        raise AudioError("ffmpeg gave no loudness measurement")
    value = float(integrated.group(1))
    return value, (float(peak.group(1)) if peak else None)


def parse_blocks(log: str) -> list[float]:
    """The momentary loudness readings (LUFS, each 100 ms) that ebur128's frame log printed."""
    import re

    return [float(value) for value in re.findall(r" M:\s*(-?[\d.]+|-inf)", log)]


METER_PEAK = "sample"
"""What the in-process meter reads of peaks: "sample" peak of the PCM the encoder receives
(ebur128's "true" peak, 4x oversampled, costs a third more of the chain's time; measured in
scripts/chain_study.py and `loudness` turns the sample peak into an upper estimate)."""


class StreamingEncoder:
    """One ffmpeg run from PCM on its stdin, through a filter chain, to the MP3, metered in the
    same process: the chain's output is split between the MP3 encoder and an EBU R128 meter, so
    the measurement ends with the encode and no second process decodes the MP3 again.

    What it meters is the PCM the encoder receives; the MP3 differs from it by the encoder's
    small changes (scripts/chain_study.py measures how small), and `stitch` decodes the MP3 to
    check only when the PCM's figures come near a limit.
    """

    def __init__(self, rate: int, chain: str, out_path: Path, audio: AudioSection):
        self.out_path = out_path
        self.logs = [tempfile.TemporaryFile()]
        graph = (f"[0:a]{chain},asplit=2[encode][meter];"
                 f"[meter]ebur128=peak={METER_PEAK}:framelog=info[metered]")
        self.encoder = subprocess.Popen(
            ffmpeg.command(*ffmpeg.PCM, "-ar", str(rate), "-i", "pipe:0",
                           "-filter_complex", graph, "-map", "[encode]",
                           *mp3_output(out_path, audio), "-map", "[metered]", "-f", "null", "-"),
            stdin=subprocess.PIPE, stderr=self.logs[0])

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
        import signal

        limit = getattr(signal, "SIGXFSZ", None)
        if limit is not None and self.encoder.returncode == -limit:  # over a size limit
            raise OSError(errno.EFBIG, os.strerror(errno.EFBIG), str(self.out_path))
        text = "\n".join(lines)
        for code, words in ((errno.ENOSPC, "No space left"), (errno.EFBIG, "too large"),
                            (errno.EDQUOT, "quota"), (errno.EROFS, "Read-only"),
                            (errno.EACCES, "Permission denied")):
            if words in text:
                raise OSError(code, os.strerror(code), str(self.out_path))

    def finish(self) -> tuple[float, float, list[float]]:
        """Wait for the run; the loudness (LUFS), peak (dBFS, METER_PEAK) and momentary
        loudness each 100 ms (LUFS) of the PCM the encoder received."""
        self.encoder.stdin.close()
        with timing.children_cpu("encoder"):
            encoded = self.encoder.wait()
        self.logs[0].seek(0)
        log = self.logs[0].read().decode(errors="replace")
        if encoded != 0:
            lines = [line for line in log.splitlines() if line.strip()]
            self._raise_write_failure(lines)
            raise AudioError(f"ffmpeg failed: {lines[-1] if lines else '?'}", self.out_path)
        loudness, peak = parse_ebur128(log)
        return loudness, peak if peak is not None else float("-inf"), parse_blocks(log)

    def close(self) -> None:
        if self.encoder.poll() is None:
            self.encoder.kill()
            self.encoder.wait()
        for log in self.logs:
            log.close()
