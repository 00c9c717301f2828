"""Transcripts of an encoded episode, timed from where each word really is: captions (WebVTT,
SRT) of at most two lines of 42 characters, and the Podcasting 2.0 JSON transcript, a segment
a word.

Every word carries the text as written (not the spoken form). Its time comes from the voice's
phoneme durations, carried through the stitch stage to the episode (`Timing.words`, one span
per token of the spoken text); the spoken tokens are matched back to the written words, so
"1965", spoken as three words, is one word with one span. An engine that gives no durations
(gTTS) leaves sentence timing: a sentence is then one segment of the JSON transcript, and its
captions are timed in proportion to their characters.
"""

from __future__ import annotations

import difflib
import functools
import json
import re

from narrator.audio.wordtimes import letters as _letters
from narrator.core.models import Cue, Script, Segment, Timing
from narrator.text.spoken import spoken_form

MAX_LINE_CHARS = 42
MAX_CUE_LINES = 2
MAX_CUE_MS = 7000
"""Captions as broadcasters and the Podcasting 2.0 transcripts guidance ask for them."""
_BREAK_AFTER = re.compile(r"[,;:.!?…)\]\"”’]$")


def _key(token: str) -> str:
    return re.sub(r"\W+", "", token.casefold())


def _share(start: float, end: float, tokens: list[str]) -> list[Cue]:
    """A span divided among tokens in proportion to their letters."""
    total, used, out = sum(_letters(t) for t in tokens), 0, []
    for token in tokens:
        begin = start + (end - start) * used / total
        used += _letters(token)
        out.append(Cue(begin, start + (end - start) * used / total, token))
    return out


def word_cues(segment: Segment, timing: Timing, language: str = "en") -> list[Cue] | None:
    """The written words of a segment, each timed by the spoken tokens it became; None when
    the engine gave no word timing."""
    spoken, written = segment.spoken.split(), segment.text.split()
    if timing.words is None or len(timing.words) != len(spoken) or not written:
        return None
    words: list[Cue] = []
    for kind, w0, w1, s0, s1, counts in _alignment(segment.text, segment.spoken, language):
        if s1 > s0:
            start, end = timing.words[s0][0], timing.words[s1 - 1][1]
        else:  # written, not said (a dash): no time of its own
            start = end = words[-1].end_ms if words else timing.start_ms
        if w1 == w0:  # said, not written: its time goes to the word before
            if words:
                words[-1].end_ms = max(words[-1].end_ms, end)
            continue
        if kind == "equal":
            words += [Cue(*timing.words[s0 + k], written[w0 + k]) for k in range(w1 - w0)]
            continue
        if s1 > s0 and sum(counts) == s1 - s0 and all(counts):
            at = s0  # each written word is said as its own spoken form: "1965" three words
            for word, count in zip(written[w0:w1], counts):
                words.append(Cue(timing.words[at][0], timing.words[at + count - 1][1], word))
                at += count
        else:
            words += _share(start, end, written[w0:w1])
    for word in words:  # in order, never before the segment or after it
        word.start_ms = min(max(word.start_ms, timing.start_ms), timing.end_ms)
        word.end_ms = min(max(word.end_ms, word.start_ms), timing.end_ms)
    return words


@functools.lru_cache(maxsize=8192)
def _alignment(text: str, spoken: str, language: str) -> tuple[tuple, ...]:
    """How a segment's written words map onto its spoken tokens: difflib's opcodes, each with
    how many tokens each written word of a changed stretch is said as. Kept for the process, so
    that `serve --watch` aligns only the edited sentences again."""
    written, tokens = text.split(), spoken.split()
    matcher = difflib.SequenceMatcher(None, [_key(w) for w in written],
                                      [_key(t) for t in tokens], autojunk=False)
    return tuple((kind, w0, w1, s0, s1,
                  () if kind == "equal" or w1 == w0 else
                  tuple(len(spoken_form(word, language=language).split())
                        for word in written[w0:w1]))
                 for kind, w0, w1, s0, s1 in matcher.get_opcodes())


def timed_segments(script: Script, timings: list[Timing]) -> list[list[Cue]]:
    """For each segment with text, its words (or, without word timing, the whole segment as
    one cue)."""
    out = []
    for segment, timing in zip(script.segments, timings, strict=True):
        if not segment.text:
            continue
        words = word_cues(segment, timing, script.language)
        out.append(words if words is not None else
                   [Cue(timing.start_ms, max(timing.end_ms, timing.start_ms + 1),
                        " ".join(segment.text.split()))])
    return out


def cues(timed: list[list[Cue]]) -> list[Cue]:
    """Caption cues of the whole episode from its `timed_segments`: no cue spans two."""
    out: list[Cue] = []
    for words in timed:
        if len(words) == 1 and " " in words[0].text:  # sentence timing: share it out
            words = _share(words[0].start_ms, words[0].end_ms, words[0].text.split())
        out += caption_cues(words)
    return out


def _lines(words: list[str]) -> list[str] | None:
    """The words as at most two lines of at most 42 characters, broken where a phrase ends if
    that keeps the lines near even; None when they do not fit."""
    text = " ".join(words)
    if len(text) <= MAX_LINE_CHARS:
        return [text]
    if len(text) > 2 * MAX_LINE_CHARS + 1:
        return None
    best = None
    for k in range(1, len(words)):
        first, second = " ".join(words[:k]), " ".join(words[k:])
        if len(first) > MAX_LINE_CHARS or len(second) > MAX_LINE_CHARS:
            continue
        cost = abs(len(first) - len(second)) - (12 if _BREAK_AFTER.search(words[k - 1]) else 0)
        cost += 8 if _letters(words[k - 1]) <= 3 and not _BREAK_AFTER.search(words[k - 1]) \
            else 0  # "the" / "same question": a line should not end on a little word
        if best is None or cost < best[0]:
            best = (cost, [first, second])
    return best[1] if best else None


def caption_cues(words: list[Cue]) -> list[Cue]:
    """Words into cues of at most two lines of 42 characters and about seven seconds, each timed
    from its first word to its last; a cue that must end is cut where a phrase ends, if one
    ends in its second half."""
    out: list[Cue] = []
    current: list[Cue] = []

    def emit(count: int) -> None:
        taken = current[:count]
        lines = _lines([word.text for word in taken]) or [" ".join(w.text for w in taken)]
        out.append(Cue(taken[0].start_ms, max(taken[-1].end_ms, taken[0].start_ms + 1),
                       "\n".join(lines)))
        del current[:count]

    for word in words:
        fits = bool(current) and _lines([w.text for w in current] + [word.text]) is not None
        if current and (not fits or word.end_ms - current[0].start_ms > MAX_CUE_MS):
            cut = next((k + 1 for k in range(len(current) - 1, len(current) // 2 - 1, -1)
                        if _BREAK_AFTER.search(current[k].text)), len(current))
            emit(cut)
            fits = False
        current.append(word)
        while not fits and len(current) > 1 and _lines([w.text for w in current]) is None:
            emit(len(current) - 1)  # a word too long to share a line
    if current:
        emit(len(current))
    return out


def to_json_transcript(timed: list[list[Cue]]) -> str:
    """The Podcasting 2.0 JSON transcript of an episode's `timed_segments`: a segment per word
    (per sentence when the engine gave no word timing), times in seconds."""
    segments = [json.dumps({"startTime": round(cue.start_ms / 1000, 3),
                            "endTime": round(cue.end_ms / 1000, 3), "body": cue.text},
                           ensure_ascii=False, separators=(",", ":"))
                for words in timed for cue in words]
    return '{"version":"1.0.0","segments":[\n' + ",\n".join(segments) + "\n]}\n"


def read_json_transcript(text: str) -> list[Cue]:
    """The segments of a JSON transcript as cues (ms)."""
    data = json.loads(text)
    return [Cue(float(s["startTime"]) * 1000, float(s["endTime"]) * 1000, str(s["body"]))
            for s in data.get("segments", [])]


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


def _cue_lines(text: str) -> list[str]:
    return [one_line(line) for line in text.split("\n") if one_line(line)] or [one_line(text)]


def to_vtt(items: list[Cue]) -> str:
    lines = ["WEBVTT", ""]
    for index, cue in enumerate(items, 1):
        lines += [str(index), f"{_clock(cue.start_ms, '.')} --> {_clock(cue.end_ms, '.')}",
                  *map(vtt_escape, _cue_lines(cue.text)), ""]
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
                  *_cue_lines(cue.text), ""]
    return "\n".join(lines)
