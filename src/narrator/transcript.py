"""Transcripts and chapters of an encoded episode, timed from where each segment really is.

Cues carry the text as written (not the spoken form), one per sentence or heading; chapters start
at each section heading. Both are made from the stitch stage's measured timings, so they stay
exact however long the episode is.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from narrator.models import Script, Timing

CHAPTERS_VERSION = "1.2.0"
"""Podcasting 2.0 JSON chapters format version."""
CHAPTERS_SUFFIX = ".chapters.json"
CHAPTERS_MIME = "application/json+chapters"


@dataclass
class Cue:
    start_ms: float
    end_ms: float
    text: str


@dataclass
class Chapter:
    start_ms: float
    end_ms: float
    title: str


def cues(script: Script, timings: list[Timing]) -> list[Cue]:
    """One cue per segment, from where its speech starts to where it ends."""
    return [Cue(t.start_ms, max(t.end_ms, t.start_ms + 1), s.text)
            for s, t in zip(script.segments, timings, strict=True) if s.text]


def chapters(script: Script, timings: list[Timing], duration_ms: float) -> list[Chapter]:
    """A chapter from each heading to the next; the first starts at 0 whatever comes first."""
    starts = [(t.start_ms, s.text) for s, t in zip(script.segments, timings, strict=True)
              if s.kind == "heading"] or [(0.0, script.title)]
    starts[0] = (0.0, starts[0][1])
    ends = [start for start, _ in starts[1:]] + [duration_ms]
    return [Chapter(start, end, title) for (start, title), end in zip(starts, ends)]


def _clock(ms: float, separator: str) -> str:
    total = int(round(ms))
    hours, rest = divmod(total, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


def one_line(text: str) -> str:
    # A blank line ends a cue in both formats, and "-->" would read as a timing line.
    return " ".join(text.split()).replace("-->", "->")


def to_vtt(items: list[Cue]) -> str:
    lines = ["WEBVTT", ""]
    for index, cue in enumerate(items, 1):
        lines += [str(index), f"{_clock(cue.start_ms, '.')} --> {_clock(cue.end_ms, '.')}",
                  one_line(cue.text), ""]
    return "\n".join(lines)


_VTT_TIMING = re.compile(r"(\d+):(\d{2}):(\d{2})\.(\d{3}) --> (\d+):(\d{2}):(\d{2})\.(\d{3})")


def _ms(hours: str, minutes: str, seconds: str, millis: str) -> float:
    return float(((int(hours) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(millis))


def read_vtt(text: str) -> list[Cue]:
    """The cues of a WebVTT file as `to_vtt` writes it (one text line a cue)."""
    items = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = block.strip("\n").split("\n")
        for index, line in enumerate(lines):
            timing = _VTT_TIMING.match(line)
            if timing:
                numbers = timing.groups()
                items.append(Cue(_ms(*numbers[:4]), _ms(*numbers[4:]),
                                 " ".join(lines[index + 1:])))
                break
    return items


def to_srt(items: list[Cue]) -> str:
    lines = []
    for index, cue in enumerate(items, 1):
        lines += [str(index), f"{_clock(cue.start_ms, ',')} --> {_clock(cue.end_ms, ',')}",
                  one_line(cue.text), ""]
    return "\n".join(lines)


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
