"""Lines that say again what the article reads: a pull quote set beside the paragraph it quotes,
a teaser cut short of a paragraph read in full. A listener hears each sentence once."""

from __future__ import annotations

import re

import numpy as np

from narrator.core.characters import word_key


def said_twice(lines: list[str], keep: np.ndarray) -> list[tuple[int, str]]:
    """Kept lines that repeat words of a longer kept line near them, and why: a quotation set
    beside the paragraph it quotes ("pull quote"), or a teaser cut short ("... prompting
    relatives...") of a paragraph the article reads in full ("teaser"). A listener hears each
    sentence once."""
    kept = [int(index) for index in np.flatnonzero(keep)]
    candidates = [(index, kind) for index in kept if (kind := _repeat_kind(lines[index]))]
    if not candidates:
        return []
    grams: dict[int, set] = {}

    def triples(index: int) -> set[tuple[str, ...]]:
        if index not in grams:
            words = word_key(_cut_short(lines[index]) or lines[index]).split()
            grams[index] = {tuple(words[k:k + 3]) for k in range(len(words) - 2)}
        return grams[index]

    found = []
    position = {index: k for k, index in enumerate(kept)}
    for index, kind in candidates:
        own = triples(index)
        near = kept[max(0, position[index] - PULL_QUOTE_REACH):position[index] + PULL_QUOTE_REACH]
        longest = 38 if kind == "pull quote" else 78  # 5 to 40 words; a teaser, to 80
        if 3 <= len(own) <= longest and any(
                len(triples(other)) > len(own) and len(own & triples(other))
                >= PULL_QUOTE_SHARE * len(own) for other in near if other != index):
            found.append((index, kind))
    return found


def _repeat_kind(line: str) -> str | None:
    """What a line may be that repeats the article: a pull quote, a teaser cut short, or None."""
    if _QUOTED.search(line):
        return "pull quote"
    return "teaser" if _cut_short(line) is not None else None


_CUT_SHORT = re.compile(r"\s*\S*\w(?:\.\.\.|…)$")


def _cut_short(line: str) -> str | None:
    """A teaser cut short ("... prompting relativ...") without its last word, which may be cut
    too, and the dots; None for any other line (only its end is searched: a line may be long)."""
    if not line.endswith(("...", "…")):
        return None
    head, end = line[:-60], line[-60:]
    return head + _CUT_SHORT.sub("", end) if _CUT_SHORT.search(end) else None


_QUOTED = re.compile(r"^[\"“”„«»‘’']|[\"“”«»‘’'][.!?]?$")
PULL_QUOTE_SHARE = 0.7
"""A line whose word triples are this much of one longer line's repeats it (a pull quote)."""
PULL_QUOTE_REACH = 12
"""How many of the article's lines before and after a pull quote its paragraph may be."""
