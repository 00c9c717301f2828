"""Numbers as German, Spanish and French write them (thousands grouped by a point or a space,
decimals after a comma) and as their speakers say them, through num2words."""

from __future__ import annotations

import re

from num2words import num2words

GROUPED = {
    "de": r"\d{1,3}(?:\.\d{3})+",
    "es": r"\d{1,3}(?:[.\u00a0\u202f ]\d{3})+",
    "fr": r"\d{1,3}(?:[\u00a0\u202f ]\d{3})+",
}
"""A whole number written with thousands separators, by language."""
DECIMAL_WORD = {"de": "Komma", "es": "coma", "fr": "virgule"}
MINUS = {"de": "minus", "es": "menos", "fr": "moins"}


def amount_pattern(language: str) -> str:
    """A written amount: grouped or plain digits, with an optional decimal comma."""
    return rf"(?:{GROUPED[language]}|\d+)(?:,\d+)?"


def value_of(text: str) -> tuple[int, str]:
    """The whole part of a written amount and its decimal digits ("" for none)."""
    whole, _, fraction = text.partition(",")
    return int(re.sub(r"\D", "", whole) or "0"), fraction


def words(number: int, language: str) -> str:
    return num2words(number, lang=language)


def amount_words(text: str, language: str) -> str:
    """A written amount in words: "2,75" is "zwei Komma sieben fünf"."""
    whole, fraction = value_of(text)
    spoken = words(whole, language)
    if fraction:
        digits = " ".join(words(int(d), language) for d in fraction)
        spoken += f" {DECIMAL_WORD[language]} {digits}"
    return spoken


def ordinal_words(number: int, language: str) -> str:
    return num2words(number, lang=language, to="ordinal")


def year_words(number: int, language: str) -> str:
    """A year as it is said: "neunzehnhundertfünfundsechzig", "mil novecientos sesenta y
    cinco", "mille neuf cent soixante-cinq"."""
    if language == "de" and 1100 <= number <= 1999:
        return num2words(number, lang="de", to="year")
    return words(number, language)
