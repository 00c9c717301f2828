"""Where the article goes on or ends, by the shape of the lines around it: boxes that are not
the article (other stories' titles under "Related", the paragraphs under "About ..."), an
article that goes on after such a box, and small islands of lines read far after it.

An article may go on after a box of links: "Mehr zum Thema", "Related", "Read more" and a few
other stories' titles set inside it, then paragraph after paragraph of the article. The model,
which has learnt that such a box ends most articles, scores what follows low; the shape of what
follows says it is the article: long paragraphs of prose, one after another, not a teaser's
title and its line of summary.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from narrator.text.boilerplate import _SENTENCE_END, MIN_PROSE_WORDS, prose_score

BOX_LINES = 6
"""A box inside an article: its heading and a few titles (or an advertisement's labels)."""
BEFORE_BOX = 2
"""Paragraphs between the article's last read line and the box, read when the article goes on."""
OPENING = 3
OPENING_WORDS = 20
"""The article goes on when the first paragraphs after the box are this many, each prose,
this long on average (teasers' summaries are a sentence under a title)."""
INTERRUPTIONS = ("promo", "caption", "credit", "widget")
"""What may interrupt an article without ending it (not a list of links, the comments or
the footer)."""
INSIDE = INTERRUPTIONS + ("link",)
"""What may stand inside an article: its interruptions, and a box of links."""
_WORDS = re.compile(r"\w+")
BOX_HEADING_WORDS = 5
TITLE_WORDS = 15
"""A box's heading ("Related Coverage") and the other stories' titles under it are this short."""


def box_titles(lines: list[str], reasons: list[str | None]) -> list[int]:
    """Other stories' titles under a box's heading ("Related Coverage", "Mehr zum Thema"): the
    short lines that are not sentences right after it, which the model may read as the
    article's subheadings when the box stands inside the article."""
    found: list[int] = []
    for index, line in enumerate(lines):
        if reasons[index] != "link" or len(_WORDS.findall(line)) > BOX_HEADING_WORDS:
            continue
        for title in range(index + 1, min(index + 1 + BOX_LINES, len(lines))):
            if reasons[title] is not None or _SENTENCE_END.search(lines[title]) or len(
                    _WORDS.findall(lines[title])) > TITLE_WORDS:
                break
            found.append(title)
    return found


_ABOUT = re.compile(r"(?:About (?:the )?(?:author|us|[A-Z][\w&.'-]*(?: [A-Z][\w&.'-]*){0,4})|"
                    r"Über (?:den Autor|die Autorin|uns)|À propos (?:de |d')\S.{0,40}|"
                    r"Sobre (?:el autor|nosotros))\s*:?")
ABOUT_LINES = 4
"""An "About Ascom" or "Über uns" heading and the paragraphs under it: who publishes or who
wrote, under the article (of 293 lines under such headings on the 535 real pages, none is the
article's)."""


def about_box(lines: list[str]) -> list[int]:
    """The lines under an "About ..." heading, up to `ABOUT_LINES` of them."""
    found: list[int] = []
    for index, line in enumerate(lines):
        if _ABOUT.fullmatch(line):
            found += range(index + 1, min(index + 1 + ABOUT_LINES, len(lines)))
    return found


def boxes(lines: list[str], reasons: list[str | None]) -> list[tuple[int, str]]:
    """The lines of boxes that are not the article, with why: other stories' titles under a
    box's heading ("link"), the paragraphs under an "About ..." heading ("footer")."""
    return [(index, "link") for index in box_titles(lines, reasons)] + [
        (index, "footer") for index in about_box(lines)]


def _box_end(lines: list[str], reasons: list[str | None], start: int,
             prose: Callable[[str], bool]) -> int | None:
    """Where the box that begins at `start` ends (the next line), if a box begins there:
    short lines that are not prose, one of them at least named furniture by a rule."""
    index = start
    while index < len(lines) and index - start <= BOX_LINES and not prose(lines[index]):
        if reasons[index] not in INSIDE and (
                reasons[index] is not None or len(_WORDS.findall(lines[index])) > TITLE_WORDS):
            return None
        index += 1
    if not start < index <= start + BOX_LINES or not any(
            reasons[k] in INSIDE for k in range(start, index)):
        return None
    return index


def _goes_on(lines: list[str], reasons: list[str | None], start: int,
             prose: Callable[[str], bool]) -> int:
    """The end of the article's paragraphs from `start` (prose, and the short lines between
    them: a question, a heading), or `start` when they do not open as an article's do."""
    opening = lines[start:start + OPENING]
    if len(opening) < OPENING or not all(prose(line) and reasons[start + k] is None
                                         for k, line in enumerate(opening)) or sum(
            len(_WORDS.findall(line)) for line in opening) < OPENING * OPENING_WORDS:
        return start
    index = start
    while index < len(lines) and reasons[index] is None and (
            prose(lines[index]) or index + 1 < len(lines) and prose(lines[index + 1])):
        index += 1
    return index


def continued(lines: list[str], reasons: list[str | None], keep: np.ndarray,
              stops: frozenset[str]) -> list[int]:
    """The lines after the article's last read line that continue it across a box of links
    (`stops`: the page's language's function words, which prose holds)."""

    def prose(line: str) -> bool:
        # German closes a quotation with “ or ‘, which the prose score's ending does not know
        # (it is one of the model's features, as trained; teaching it them measured worse).
        return prose_score(line.rstrip("“‘"), stops) >= MIN_PROSE_WORDS

    body = np.flatnonzero(keep)
    if not len(body):
        return []
    found: list[int] = []
    end = int(body[-1]) + 1
    while end < len(lines):
        before = end
        while before < min(end + BEFORE_BOX, len(lines)) and prose(lines[before]) \
                and reasons[before] is None:
            before += 1
        box = _box_end(lines, reasons, before, prose)
        if box is None:
            break
        resumed = _goes_on(lines, reasons, box, prose)
        if resumed == box:
            break
        found += [*range(end, before), *range(box, resumed)]
        end = resumed
    return found


ISLAND_GAP = 8
ISLAND_SHARE = 0.2
"""Lines read after the article, a menu's or a list's length away from it (this many lines
not read in between) and a fifth of its words or fewer, are another story's teaser or a
footer's blurb, not the article's end."""


def islands_after(lines: list[str], keep: np.ndarray) -> list[int]:
    """The kept lines that stand apart after the article's main run of read lines."""
    runs: list[list[int]] = []
    for index in np.flatnonzero(keep):
        if runs and index - runs[-1][-1] - 1 < ISLAND_GAP:
            runs[-1].append(int(index))
        else:
            runs.append([int(index)])
    words = [sum(lines[k].count(" ") + 1 for k in run) for run in runs]  # (lines are spaced)
    main = max(range(len(runs)), key=words.__getitem__, default=0)
    return [k for n, run in enumerate(runs[main + 1:], main + 1)
            if words[n] <= ISLAND_SHARE * words[main] for k in run]


_UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
"""Chinese characters and kana: scripts written without spaces between words, whose
sentences end with "。" or "！"."""
TITLE_RUN = 3
TITLE_CHARS = 40
_UNSPACED_END = re.compile(r"[。！？!?」』）).．]$")


def title_lists(lines: list[str], keep: np.ndarray) -> list[tuple[int, str]]:
    """On a page in Chinese or Japanese (most of the kept letters), runs of three or more kept
    lines that are short, end no sentence and hold no label's colon: other stories' titles and
    menus ("link"), which the model, whose features count words by spaces, takes for the
    article's short lines. An article's subheading stands alone between paragraphs; a list of
    facts ("宮崎県：高鍋町") has its colons. On the 14 Chinese and Japanese pages of the 535,
    each scored by the model left out with its source: precision up on 6, recall the same on
    all 14."""
    kept = [int(index) for index in np.flatnonzero(keep)]
    text = "".join(lines[k] for k in kept)
    if not _UNSPACED.search(text) or len(_UNSPACED.findall(text)) < 0.5 * len(
            re.findall(r"[^\W\d_]", text)):
        return []
    short = [len(lines[k]) <= TITLE_CHARS and not _UNSPACED_END.search(lines[k])
             and not re.search("[:：]", lines[k]) for k in kept]
    found: list[tuple[int, str]] = []
    start = 0
    for end in range(len(kept) + 1):
        if end == len(kept) or not short[end]:
            if end - start >= TITLE_RUN:
                found += [(kept[k], "link") for k in range(start, end)]
            start = end + 1
    return found
