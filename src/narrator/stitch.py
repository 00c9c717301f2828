"""Stitch: trim each clip's silence, insert the pauses, and stream it all to ffmpeg's MP3 encoder."""

from __future__ import annotations

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


def encoder_command(source_rate: int, out_path: Path, audio: AudioSection) -> list[str]:
    """ffmpeg reading 16-bit mono PCM on stdin and writing a CBR MP3 with no tags of its own."""
    return [
        ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
        "-f", "s16le", "-ar", str(source_rate), "-ac", "1", "-i", "pipe:0",
        "-ar", str(audio.sample_rate), "-ac", "1",
        "-c:a", "libmp3lame", "-b:a", f"{audio.bitrate_kbps}k",
        # Tags are mutagen's job; bitexact keeps ffmpeg's version string out of the bytes.
        "-map_metadata", "-1", "-id3v2_version", "0", "-write_id3v1", "0",
        "-fflags", "+bitexact", "-flags:a", "+bitexact",
        "-f", "mp3", str(out_path),
    ]


def stitch(clips: Iterable, segments: list[Segment], out_path: Path,
           audio: AudioSection) -> EncodedAudio:
    """Encode clips (one per segment) with each segment's pause after it into an MP3."""
    process = None
    rate = 0
    written_frames = 0
    timings: list[Timing] = []
    try:
        for clip, segment in zip(clips, segments, strict=True):
            clip = clip.set_channels(1).set_sample_width(2)
            if process is None:
                rate = clip.frame_rate
                process = subprocess.Popen(encoder_command(rate, out_path, audio),
                                           stdin=subprocess.PIPE, stderr=subprocess.PIPE)
            elif clip.frame_rate != rate:
                clip = clip.set_frame_rate(rate)
            clip = trim_silence(clip)
            start_ms = written_frames * 1000 / rate
            process.stdin.write(clip.raw_data)
            written_frames += int(clip.frame_count())
            timings.append(Timing(start_ms, written_frames * 1000 / rate))
            pause_frames = round(segment.pause_after_ms * rate / 1000)
            process.stdin.write(b"\x00\x00" * pause_frames)
            written_frames += pause_frames
        if process is None:
            raise AudioError("nothing to encode: the script has no segments", out_path)
        process.stdin.close()
        error = process.stderr.read().decode(errors="replace").strip()
        if process.wait() != 0:
            raise AudioError(f"ffmpeg failed to encode: {error}", out_path)
    except BrokenPipeError:
        error = process.stderr.read().decode(errors="replace").strip() if process else ""
        raise AudioError(f"ffmpeg stopped while encoding: {error}", out_path) from None
    finally:
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()
    return EncodedAudio(path=out_path, duration_ms=written_frames * 1000 / rate, timings=timings)
