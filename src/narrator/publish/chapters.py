"""Chapters of an encoded episode: one from each section heading, as Podcasting 2.0 JSON."""

from __future__ import annotations

import json

from narrator.core.models import Chapter, Script, Timing

CHAPTERS_VERSION = "1.2.0"
"""Podcasting 2.0 JSON chapters format version."""


def chapters(script: Script, timings: list[Timing], duration_ms: float) -> list[Chapter]:
    """A chapter from each heading to the next; the first starts at 0 whatever comes first."""
    starts = [(t.start_ms, s.text) for s, t in zip(script.segments, timings, strict=True)
              if s.kind == "heading"] or [(0.0, script.title)]
    starts[0] = (0.0, starts[0][1])
    ends = [start for start, _ in starts[1:]] + [duration_ms]
    return [Chapter(start, end, title) for (start, title), end in zip(starts, ends)]


def to_json_chapters(items: list[Chapter]) -> str:
    data = {"version": CHAPTERS_VERSION,
            "chapters": [{"startTime": round(c.start_ms / 1000, 3), "title": c.title}
                         for c in items]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def read_json_chapters(text: str) -> list[Chapter]:
    """Chapters from a Podcasting 2.0 chapters file, each ending where the next starts."""
    items = json.loads(text)["chapters"]
    starts = [float(item["startTime"]) * 1000 for item in items]
    ends = starts[1:] + [float("inf")]
    return [Chapter(start, end, item.get("title", "")) for start, end, item in
            zip(starts, ends, items)]
