"""Faster searches of the long case-blind alternations that name page furniture.

Python's regular expressions try every alternative at every position of a line, and `re.I`
defeats the engine's scan for a first character. A `Rule` finds exactly what its pattern finds,
faster, in two ways: a case-blind pattern whose letters are all lower case runs without `re.I`
on the lower-cased line; and every match of the pattern holds one of a few fixed strings (one
for each alternative, read from the parsed pattern), so a line that holds none of them is not
searched at all (`in` on a string is a fast scan in C).
"""

from __future__ import annotations

import re

try:
    from re import _parser  # Python 3.11 and later
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _parser  # type: ignore[no-redef]


class Rule:
    """A pattern searched on a line, or on its lower-cased form when that is faster."""

    def __init__(self, pattern: re.Pattern, needles: tuple[str, ...] | None = None):
        """`needles`: fixed strings of which every match holds one, where the pattern's own
        are too short to find ("@" of an e-mail address) or are not read from it."""
        self.pattern = pattern
        self.lowered = bool(pattern.flags & re.I) and not re.search(
            r"[A-Z]", re.sub(r"\\.", "", pattern.pattern))
        if self.lowered:
            self.pattern = re.compile(pattern.pattern, pattern.flags & ~re.I)
        tree = None if self.pattern.flags & re.I else _parsed(self.pattern)
        found = _alternatives(tree) if tree is not None else None
        # Scanning for common short needles (" ", "("), or before a pattern that must match
        # where the line starts (it fails at once), costs more than it saves.
        useful = found and all(len(needle) >= 3 or not needle.isascii() for needle in found) \
            and not _anchored(tree)
        self.needles = needles or (found if useful else None)

    def search(self, line: str, lowered: str) -> re.Match | None:
        """The pattern's first match in the line (`lowered` is line.lower())."""
        text = lowered if self.lowered else line
        if self.needles is not None and not any(needle in text for needle in self.needles):
            return None
        return self.pattern.search(text)


def _parsed(pattern: re.Pattern) -> list | None:
    """The pattern's parse tree (what `re` compiles), or None should the parser change."""
    try:
        return list(_parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # pragma: no cover - the parser's form changed: search every line
        return None


def needles(pattern: re.Pattern) -> tuple[str, ...] | None:
    """Fixed strings of which every match of a case-sensitive pattern holds at least one; None
    when some alternative has no fixed text."""
    tree = _parsed(pattern)
    return _alternatives(tree) if tree is not None else None


def _anchored(items: list) -> bool:
    """Whether every alternative of a parsed pattern must match at the start of the line."""
    if len(items) == 1 and str(items[0][0]) == "SUBPATTERN":
        return _anchored(list(items[0][1][-1]))
    if len(items) == 1 and str(items[0][0]) == "BRANCH":
        return all(_anchored(list(branch)) for branch in items[0][1][1])
    return bool(items) and str(items[0][0]) == "AT" and str(items[0][1]).startswith("AT_BEGINNING")


def _alternatives(items: list) -> tuple[str, ...] | None:
    if len(items) == 1 and str(items[0][0]) == "SUBPATTERN":
        flags = items[0][1][1:-1]  # a group of its own flags, (?i:...), is not fixed text
        return _alternatives(list(items[0][1][-1])) if flags == (0, 0) else None
    if len(items) == 1 and str(items[0][0]) == "BRANCH":
        found: list[str] = []
        for branch in items[0][1][1]:
            some = _alternatives(list(branch))
            if some is None:
                return None
            found.extend(some)
        return tuple(found)
    best, run = "", ""
    for op, value in items:  # a sequence: its longest run of literal characters
        run = run + chr(value) if str(op) == "LITERAL" else ""
        best = max(best, run, key=len)
    if best:
        return (best,)
    for op, value in items:  # or the fixed strings of a group it cannot skip
        if str(op) in ("SUBPATTERN", "BRANCH"):
            some = _alternatives([(op, value)])
            if some is not None:
                return some
    return None
