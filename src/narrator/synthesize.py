"""Synthesize: speak each segment of a script with an engine, one clip at a time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from narrator.engines import Engine
from narrator.errors import AudioError
from narrator.media import audio_segment_class
from narrator.models import Script

AUDIO_SUFFIXES = {".mp3": "mp3", ".wav": "wav", ".m4a": "mp4", ".ogg": "ogg", ".flac": "flac"}


def load_audio_file(path: Path):
    """A user's intro or outro file, decoded by ffmpeg (its format named: there is no ffprobe)."""
    fmt = AUDIO_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise AudioError(f"unsupported audio file (use {', '.join(AUDIO_SUFFIXES)})", path)
    try:
        return audio_segment_class().from_file(path, format=fmt)
    except Exception as error:  # pydub raises CouldntDecodeError, or OSError for a missing file
        raise AudioError(f"cannot decode it: {str(error).splitlines()[0][:200]}", path) from None


def synthesize_script(script: Script, engine: Engine,
                      on_segment: Callable[[int], None] | None = None) -> Iterator:
    """Yield one pydub AudioSegment per script segment, in order.

    A generator, so the stitcher can encode each clip before the next one is made and memory
    does not grow with the episode's length.
    """
    for index, segment in enumerate(script.segments):
        clip = (load_audio_file(segment.audio_path) if segment.audio_path is not None
                else engine.synthesize(segment.spoken))
        if on_segment:
            on_segment(index)
        yield clip
