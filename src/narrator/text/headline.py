"""The article's header in a page's lines: its headline (the page title's echo, or the
title-like line above the byline or dateline), its dek, byline and date."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from narrator.core.characters import word_key
from narrator.text.boilerplate import _SENTENCE_END, _WORD
from narrator.text.dateline import bare_name, byline_name
from narrator.text.furniture import furniture
from narrator.text.sitename import without_site_name


_NAMES_WORD = re.compile(r"^(?:[A-ZÀ-ÝĀ-ŽА-ЯЁ][\w.'’-]*|[A-Z]\.|and|&|und|y|et|e|og|och|и)$")


def names(line: str) -> bool:
    """Whether a line is names joined by "and" and nothing else but words in capitals ("Lisa
    Kaczke and Trevor J. Mitchell Sioux Falls Argus Leader"): right above a dateline, a byline
    (on the 535 real pages, each of the 15 such lines is a byline or a site's name)."""
    words = line.replace(",", " ").split()
    return 3 <= len(words) <= 14 and bool(re.search(r"\s(?:and|&|und|y|et|og|och|и)\s", line)) \
        and all(_NAMES_WORD.match(word) for word in words)


def name_bylines(lines: list[str], reasons: list[str | None]) -> None:
    """A name alone on the line above a dateline ("Hannah Whitlock" / "December 2, 2026"), or
    names joined by "and", or a name above a short line naming the writer's job above it, is a
    byline without its "By"."""
    for index in range(1, len(lines)):
        if reasons[index] != "date" or reasons[index - 1] is not None:
            continue
        if bare_name(lines[index - 1]) or names(lines[index - 1]):
            reasons[index - 1] = "byline"
        elif (index >= 2 and reasons[index - 2] is None and bare_name(lines[index - 2])
              and _looks_like_title(lines[index - 1]) and len(lines[index - 1].split()) <= 4
              and not re.search(r"\d", lines[index - 1])):
            reasons[index - 2] = reasons[index - 1] = "byline"


_TITLE_PARTS = re.compile(r"\s+[-|–—:»]\s+")
TITLE_SEARCH_LINES = 12
"""How far above the article's first line its headline is looked for."""


def find_headline(lines: list[str]) -> int | None:
    """Where the page's headline is, found by its title (the first line, a site name aside)."""
    parts = _TITLE_PARTS.split(lines[0])
    names = [word_key(lines[0])]
    if len(parts) > 1:
        names.append(word_key(" ".join(parts[:-1])))  # without the site's name
        names.extend(word_key(part) for part in parts if len(part.split()) >= 3)
    for index, line in enumerate(lines[1:], 1):
        if len(line) < 4:  # casefold at most triples a line: it cannot reach 12
            continue
        line = word_key(line)
        if len(line) < 12:
            continue
        for name in names:
            if line == name or (line.startswith(name) and len(line) <= 1.3 * len(name)) or (
                    name.startswith(line) and len(line) >= 0.85 * len(name)):
                return index
    return None


PAGE_TITLE_SHARE = 0.6
"""A title line found names the article when this share of its words are in the page's own
title (a headline worded otherwise than the page's title names the article by the latter)."""


def find_title(lines: list[str], reasons: list[str | None], keep: np.ndarray,
               start: int, headline: int | None) -> int | None:
    """The line that names the article: the page title's echo above the article, else the
    first title-like line a little above it, else the first line if it reads as a title. A
    caption, a credit, a menu item or a repeated line is never the title. `headline` is what
    `find_headline` found; else a page's own title on its first line ("Pier rebuilt | Harbour
    Post", as a page's text copied whole begins)."""
    found = _find_title(lines, reasons, keep, start, headline)
    return 0 if found is None and lines and not keep[0] and _page_title(lines[0]) else found


def title_text(lines: list[str], keep: np.ndarray, index: int) -> str:
    """What names the article whose title line is `index` (`find_title`): that line; the
    page's own title without the site's name where the page opens with one that the line does
    not repeat (a byline's or a menu's line was taken for the headline, or the headline says
    it otherwise)."""
    if index == 0:
        return without_site_name(lines[0])
    own = _page_title(lines[0]) if not keep[0] else None
    found = _words(lines[index])
    return own if own and len(found & _words(own)) < PAGE_TITLE_SHARE * len(found) \
        else lines[index]


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _page_title(line: str) -> str | None:
    """The title a page's first line gives, without the site's name ("Pier rebuilt | Harbour
    Post"): only a line of a title and a site's name after one separator."""
    head = without_site_name(line)
    if head == line or len(_TITLE_PARTS.split(line)) > 3 or len(_WORD.findall(head)) < 4:
        return None
    return head


def _find_title(lines: list[str], reasons: list[str | None], keep: np.ndarray,
                start: int, headline: int | None) -> int | None:
    if headline is not None and (headline <= start + 1 or not keep[:headline].any()):
        return headline
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.casefold()] = counts.get(line.casefold(), 0) + 1

    def title_like(index: int, min_words: int) -> bool:
        line = lines[index]
        return (_looks_like_title(line) and len(_WORD.findall(line)) >= min_words
                and reasons[index] is None and counts[line.casefold()] == 1)

    above = _above_byline(lines, reasons, start)
    if above:
        # A headline, then its dek (a longer clause, ten words or more); else the line right
        # above the byline (a menu's item above it is no headline).
        words = [len(_WORD.findall(lines[index])) for index in above]
        return above[0] if len(above) > 1 and words[0] >= 4 and words[1] >= 10 and len(
            lines[above[1]]) > len(lines[above[0]]) else above[-1]
    if start < len(lines) and start + 1 < len(lines) and title_like(start, 2):
        return start  # the article opens with its headline
    if headline is not None and _read_words(lines, keep, headline, len(lines)) > \
            _read_words(lines, keep, 0, headline):
        return headline  # the page title's echo, with most of what is read under it
    for index in range(max(0, start - TITLE_SEARCH_LINES), start):
        if not keep[index] and title_like(index, 3):
            return index
    if len(lines) > 1 and title_like(0, 1) and (not keep[0] or start == 0):
        return 0  # written text that opens with its title
    return None


def _above_byline(lines: list[str], reasons: list[str | None], start: int) -> list[int]:
    """The title-like lines (one or two: a headline and its dek) right above the first byline
    or dateline around the article's first line."""
    for index in range(max(0, start - TITLE_SEARCH_LINES), min(start + 4, len(lines))):
        if reasons[index] in ("byline", "date"):
            run: list[int] = []
            for above in (index - 1, index - 2):
                if above < 0 or reasons[above] is not None:
                    break
                words = len(_WORD.findall(lines[above]))
                if (_looks_like_title(lines[above]) or _question(lines[above])) and words >= 3:
                    run.insert(0, above)  # right above a byline, a question is a headline too
                elif above == index - 1 and 10 <= words <= 45 and len(
                        _SENTENCE_END.findall(lines[above])) <= 1:
                    run.insert(0, above)  # a dek that is long or ends with a full stop
                else:
                    break
            if run and not _looks_like_title(lines[run[0]]) and not _question(lines[run[0]]) and (
                    len(run) > 1 or re.search(r"[.!]\W*$", lines[run[0]])
                    or len(_WORD.findall(lines[run[0]])) > 35):
                return []  # a paragraph, or a dek with no headline above it
            return run  # a headline and its dek; or a long headline alone ("... «...»")
    return []


def _question(line: str) -> bool:
    """A question alone ("Ist König Charles III. gar nicht der richtige Thronfolger?")."""
    return line.endswith("?") and not re.search(r"\w{2}[.!?]\s", line) \
        and len(_WORD.findall(line)) <= 20


def _read_words(lines: list[str], keep: np.ndarray, start: int, end: int) -> int:
    return sum(len(lines[index].split()) for index in range(start, end) if keep[index])


_NOT_A_TITLE = re.compile(r"https?://|www\.|@\w|:$|\w/ |^(?:by|von|por|par|av|door|autor(?:in)?|"
                          r"author|text|texto)\b:?\s", re.I)
"""Web addresses, an introduction ("... start watching now:"), a credit's slashes ("Bheki/
Informal Traders/ City of Johannesburg") and bylines are never titles."""


def _looks_like_title(line: str) -> bool:
    """Short, no full stop, not a web address, an introduction ("... start watching now:"), a
    byline ("By 9News Staff", "Von: Nadja Zinsmeister") or a photograph's caption."""
    return not _SENTENCE_END.search(line) and 0 < len(_WORD.findall(line)) <= 20 \
        and not _NOT_A_TITLE.search(line) and furniture(line) != "caption"


@dataclass
class Header:
    """What a page says above its article, besides the headline."""

    byline: str | None = None
    date: str | None = None
    dek: str | None = None


def find_header(lines: list[str], reasons: list[str | None], headline: int | None,
                start: int, end: int) -> Header:
    """Byline, date and dek: the lines between the headline and the article's first paragraph
    (the dek's reason becomes "dek")."""
    found = Header()
    first = headline + 1 if headline is not None else start
    for index in range(first, min(max(start, first) + 6, end, len(lines))):
        line, reason = lines[index], reasons[index]
        if reason == "byline" and found.byline is None:
            found.byline = byline_name(line) or bare_name(line) or (line if names(line) else None)
        elif reason == "date" and found.date is None:
            found.date = line
            found.byline = found.byline or byline_name(line)  # "Posted on ... by Jo Hart"
        elif (found.dek is None and headline is not None and index == headline + 1
              and index + 1 < len(lines) and reasons[index + 1] in ("byline", "date")
              and reason is None):
            # Between the headline and the byline: the standfirst that sums the story up.
            found.dek = line
            reasons[index] = "dek"
    return found
