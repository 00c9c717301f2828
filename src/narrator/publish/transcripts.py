"""Transcripts of an encoded episode (WebVTT, SRT), timed from where each segment really is.

Cues carry the text as written (not the spoken form), one per sentence or heading. They are made
from the stitch stage's measured timings, so they stay exact however long the episode is.
"""

from __future__ import annotations

import re

from narrator.core.models import Cue, Script, Timing


def cues(script: Script, timings: list[Timing]) -> list[Cue]:
    """One cue per segment, from where its speech starts to where it ends."""
    return [Cue(t.start_ms, max(t.end_ms, t.start_ms + 1), s.text)
            for s, t in zip(script.segments, timings, strict=True) if s.text]


def _clock(ms: float, separator: str) -> str:
    total = int(round(ms))
    hours, rest = divmod(total, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


def one_line(text: str) -> str:
    # A blank line ends a cue in both formats, and "-->" would read as a timing line.
    return " ".join(text.split()).replace("-->", "->")


def vtt_escape(text: str) -> str:
    """Cue text as WebVTT wants it: & < > are markup there, so they are written as the
    character references the spec defines ("AT&T" would lose its "&T", "x < y" a word)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def vtt_unescape(text: str) -> str:
    return re.sub(r"&(amp|lt|gt|nbsp|lrm|rlm);", lambda m: _REFERENCES[m.group(1)], text)


_REFERENCES = {"amp": "&", "lt": "<", "gt": ">", "nbsp": "\u00a0", "lrm": "\u200e",
               "rlm": "\u200f"}


def to_vtt(items: list[Cue]) -> str:
    lines = ["WEBVTT", ""]
    for index, cue in enumerate(items, 1):
        lines += [str(index), f"{_clock(cue.start_ms, '.')} --> {_clock(cue.end_ms, '.')}",
                  vtt_escape(one_line(cue.text)), ""]
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
                                 vtt_unescape(" ".join(lines[index + 1:]))))
                break
    return items


def to_srt(items: list[Cue]) -> str:
    lines = []
    for index, cue in enumerate(items, 1):
        lines += [str(index), f"{_clock(cue.start_ms, ',')} --> {_clock(cue.end_ms, ',')}",
                  one_line(cue.text), ""]
    return "\n".join(lines)
