"""Spoken form: what the voice should say for a sentence as written, in the text's language.

Voices read digits, symbols and abbreviations badly ("Mar 18, 2015", "2,50 €", "z. B.", "1er").
Each language has one table of rules (`en.py`, `de.py`, `es.py`, `fr.py`, `it.py`, `pt.py`,
`ru.py`, `sv.py`, `hu.py`, `vi.py`), each rule rewriting
one kind of written form into words; they run in order, most specific first, so that a date is
read as a date before its numbers are read as numbers. What every language shares (footnote
marks, quotes, pauses for dashes and brackets, web addresses, the show's lexicon, symbols and
emoji) is here and in `common.py`. A language without a table keeps its digits, which espeak
reads in that language. A show's lexicon runs before everything and wins.

Adding a language: a module named by its ISO 639-1 code with `RULES` (and `VERSION`), built
from `common`'s helpers or, most simply, from a `table.Table` of its words; `spoken_form` finds
it by the code.
"""

from __future__ import annotations

import functools
import pkgutil
import importlib
import re
from collections.abc import Mapping

from narrator.core.languages import is_language, primary_language
from narrator.text.spoken.common import Rule, emoji_or_symbol

NORMALIZER_VERSION = 2
"""Changes whenever a rule changes, so that cached audio of the old spoken form is not reused.
(A changed rule changes the spoken text, which is part of the cache key, too.)"""
LANGUAGES = tuple(sorted(module.name for module in pkgutil.iter_modules(__path__)
                        if is_language(module.name)))
"""Languages with a table of rules: this package's modules named by a language code."""

_MARKER = 0xF0000
"""First of the private-use characters that stand for lexicon readings while the rules run."""


@functools.lru_cache(maxsize=None)
def rules_for(language: str) -> tuple[Rule, ...]:
    """The rules of a language (by ISO 639 code, region ignored); the shared ones alone for a
    language without a table."""
    code = primary_language(language or "en")
    if code not in LANGUAGES:
        from narrator.text.spoken import common

        return tuple(common.shared_rules())
    return tuple(importlib.import_module(f"narrator.text.spoken.{code}").RULES)


SPLIT_ABBREVIATIONS = {
    "pl": ("proc.", "tys.", "mln.", "mld.", "ok.", "np.", "m.in.", "tj.", "tzw.", "dr.", "prof.",
           "ul.", "al.", "godz.", "r.", "zł.", "pkt.", "nr.", "wg.", "ws."),
}
"""Abbreviations after which a sentence goes on, in languages without a table of rules here."""


@functools.lru_cache(maxsize=None)
def abbreviations(language: str) -> frozenset[str]:
    """The abbreviations of a language that end with a full stop ("t.ex.", "dott.", "proc."),
    casefolded: a sentence does not end at them. One that ends a word ("Hauptstr.") is written
    with a hyphen before it ("-str.")."""
    code = primary_language(language or "en")
    written = set(SPLIT_ABBREVIATIONS.get(code, ()))
    if code in LANGUAGES:
        module = importlib.import_module(f"narrator.text.spoken.{code}")
        table = getattr(module, "TABLE", None)
        written |= set(table.abbreviations if table else getattr(module, "ABBREVIATIONS", {}))
        written |= {f"-{ending}" for ending in getattr(module, "ABBREVIATION_ENDINGS", {})}
    return frozenset(word.casefold() for word in written if word.endswith("."))


def _protect_lexicon(text: str, lexicon: Mapping[str, str]) -> tuple[str, list[str]]:
    """Put the lexicon's readings in place behind markers that no later rule touches."""
    readings: list[str] = []

    def reading(match: re.Match) -> str:
        readings.append(lexicon[match.group(0)])
        return chr(_MARKER + len(readings) - 1)

    for written in sorted(lexicon, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(written)}(?!\w)", reading, text)
    return text, readings


def spoken_form(text: str, lexicon: Mapping[str, str] | None = None,
                language: str = "en") -> str:
    """What the voice says for `text`: numbers, dates, symbols and abbreviations as words of
    `language` (an ISO 639 code such as en, de-at, fr)."""
    ending = "." if re.search(r"\.['\"”’)\]]*\s*$", text) else ""
    text = "".join(" " if (emoji_or_symbol(ch) and ch != "°") or ord(ch) >= _MARKER else ch
                   for ch in text)
    text, readings = _protect_lexicon(text, lexicon or {})
    for pattern, replacement in rules_for(language):
        text = pattern.sub(replacement, text)
    text = "".join(readings[ord(ch) - _MARKER] if ord(ch) >= _MARKER else ch for ch in text)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r",(?:\s*,)+", ",", text)
    text = re.sub(r"^[\s,]+|[\s,]+$", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    if not re.search(r"\w", text):
        return ""
    if ending and text and not re.search(r"[.!?]['\"]*$", text):
        text += ending  # an abbreviation's full stop ended the sentence too ("at 7 p.m.")
    return text


__all__ = ["LANGUAGES", "NORMALIZER_VERSION", "abbreviations", "rules_for", "spoken_form"]


class SpokenForms:
    """`spoken_form` for one lexicon and language that uses the forms it is given (`known`,
    from a memo) before working them out, and keeps every form asked of it in `used`."""

    def __init__(self, lexicon: Mapping[str, str] | None, language: str,
                 known: Mapping[str, str] | None = None):
        self.lexicon, self.language = lexicon, language
        self.known = dict(known or {})
        self.used: dict[str, str] = {}
        self.worked_out = 0
        """How many forms were not known."""

    def __call__(self, text: str) -> str:
        spoken = self.known.get(text)
        if not isinstance(spoken, str):
            spoken = spoken_form(text, self.lexicon, self.language)
            self.worked_out += 1
        self.used[text] = spoken
        return spoken
