"""What the spoken form of every language shares: the shape of a rule, and rules made from a
language's words (footnotes, quotes, web addresses, pauses, acronyms)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

Rule = tuple[re.Pattern, "str | Callable[[re.Match], str]"]

FOOTNOTES = [
    # Footnote markers and reference brackets are for the eye.
    (re.compile(r"(?<=\w[.,;:!?\"”’)])\[\d+\]|(?<=\w)\[\d+\]|(?<![mм])[¹²³⁴⁵⁶⁷⁸⁹⁰†‡]+"), ""),
    # (not the ² of m², km², cm³: units)
    (re.compile(r"(?<=[a-z.,;:!?\"”’])\*+(?=\s|$)"), ""),
]
QUOTES = [
    # Curly quotes and apostrophes, as the phonemizer expects them.
    (re.compile(r"[‘’ʼ`´]"), "'"),
    (re.compile(r"[“”„«»‹›]"), '"'),
]
PAUSES = [
    # Dashes and ellipses are pauses; brackets are asides.
    (re.compile(r"\s*(?:—|--|\s–\s)\s*"), ", "),
    (re.compile(r"\s*(?:\.\.\.|…)\s*(?=\S)"), ", "),
    (re.compile(r"\s*(?:\.\.\.|…)\s*$"), "."),
    (re.compile(r"\s*[(\[]\s*"), ", "),
    (re.compile(r"\s*[)\]]\s*(?=[.,;:!?])"), ""),
    (re.compile(r"\s*[)\]]\s*"), ", "),
]
_TLDS = (r"com|org|net|edu|gov|io|co|uk|de|fr|es|it|at|ch|nl|eu|ca|au|info|dev|app|news|tv|fm")


def alternation(texts) -> str:
    """A regular-expression alternation of the texts, each literal, longest first (so that
    "km/h" is tried before "km")."""
    return "|".join(sorted((re.escape(text) for text in texts), key=len, reverse=True))


def abbreviations(table: dict[str, str], before: str = r"(?<![\w.])") -> Rule:
    """The rule that says each abbreviation of `table` (written as a whole word, where `before`
    matches) as its words."""
    return (re.compile(rf"{before}(?:{alternation(table)})(?!\w)"),
            lambda match: table[match.group(0)])


def addresses(dot: str, at: str) -> list[Rule]:
    """Web and e-mail addresses read by their site: "example dot org"."""
    def url(match: re.Match) -> str:
        return re.sub(r"^www\.", "", match.group("host").lower()).replace(".", f" {dot} ")

    def email(match: re.Match) -> str:
        user, host = match.group("user"), match.group("host").lower()
        return f"{user.replace('.', f' {dot} ')} {at} {host.replace('.', f' {dot} ')}"

    return [
        (re.compile(r"\b(?P<user>[\w.+-]+)@(?P<host>[\w-]+(?:\.[\w-]+)+)\b"), email),
        (re.compile(rf"\b(?:https?://)?(?P<host>(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:{_TLDS})\b)"
                    r"(?:/[^\s)\]]*)?(?<![.,;:!?])", re.I), url),
        # any country's domain ("budapest.hu", "mos.ru"), its name two letters or more long,
        # so that "t.ex." or "d.h." is not taken for one
        (re.compile(r"\b(?:https?://)?(?P<host>(?:www\.)?[^\W\d_][\w-]+(?:\.[\w-]+)*"
                    r"\.[a-z]{2}\b)(?:/[^\s)\]]*)?(?<![.,;:!?])"), url),
    ]


def pronounceable(word: str, onsets: set[str]) -> bool:
    """Whether an all-capitals word reads as a word (NATO) rather than letters (FBI)."""
    lower = word.lower()
    if len(lower) < 4 or not re.search(r"[aeiouäöü]", lower):
        return False
    if re.search(r"[^aeiouyäöü]{3}", lower):
        return False
    return lower[0] in "aeiouäöü" or lower[1] in "aeiouyäöü" or lower[:2] in onsets


def acronyms(words: set[str], onsets: set[str], capitals: str = "A-ZÄÖÜ") -> list[Rule]:
    """All-capitals words (of the letters `capitals`, a character class): spelt letter by
    letter, unless known or pronounceable as a word."""
    def acronym(match: re.Match) -> str:
        word = match.group(0)
        return word.capitalize() if word in words or pronounceable(word, onsets) \
            else " ".join(word)

    return [(re.compile(rf"\b[{capitals}]{{2,}}\b"), acronym)]


def shared_rules() -> list[Rule]:
    """The rules of a language without a table: its digits are left to espeak."""
    return [*FOOTNOTES, *QUOTES, *addresses("dot", "@"), *PAUSES]


def emoji_or_symbol(char: str) -> bool:
    category = unicodedata.category(char)
    return category == "So" or category == "Cs" or 0x1F000 <= ord(char) <= 0x1FAFF \
        or char in "\u200b\u200c\u200d\u2060\ufe0f"
