"""Synthesize: speak each segment of a script with an engine, one clip at a time."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from narrator.engines import Engine
from narrator.models import Script


def synthesize_script(script: Script, engine: Engine,
                      on_segment: Callable[[int], None] | None = None) -> Iterator:
    """Yield one pydub AudioSegment per script segment, in order.

    A generator, so the stitcher can encode each clip before the next one is made and memory
    does not grow with the episode's length.
    """
    for index, segment in enumerate(script.segments):
        clip = engine.synthesize(segment.spoken)
        if on_segment:
            on_segment(index)
        yield clip
