"""Numbers as German, Spanish and French write them (thousands grouped by a point or a space,
decimals after a comma) and as their speakers say them, through num2words."""

from __future__ import annotations

import re

from num2words import num2words

GROUPED = {
    "de": r"\d{1,3}(?:\.\d{3})+",
    "es": r"\d{1,3}(?:[.\u00a0\u202f ]\d{3})+",
    "fr": r"\d{1,3}(?:[\u00a0\u202f ]\d{3})+|\d{1,3}(?:\.\d{3})+(?!\.?\d)",
}
"""A whole number written with thousands separators, by language (French pages copied from
Belgian or Swiss sites, or from a wire, group them with points too: "22.000 personnes")."""
DECIMAL_WORD = {"de": "Komma", "es": "coma", "fr": "virgule"}
DECIMALS_AS_NUMBER = {"es", "fr"}
"""Languages whose speakers say the digits after the comma as a number ("tres coma catorce");
German speakers say them one by one ("drei Komma eins vier")."""


def amount_pattern(language: str) -> str:
    """A written amount: grouped or plain digits, with an optional decimal comma."""
    return rf"(?:{GROUPED[language]}|\d+)(?:,\d+)?"


def value_of(text: str) -> tuple[int, str]:
    """The whole part of a written amount and its decimal digits ("" for none)."""
    whole, _, fraction = text.partition(",")
    return int(re.sub(r"\D", "", whole) or "0"), fraction


def hundredths(digits: str) -> int:
    """The cents of an amount's decimal digits: "5" is 50, "05" is 5, "999" is 99."""
    return int((digits + "0")[:2])


def words(number: int, language: str) -> str:
    return num2words(number, lang=language)


def amount_words(text: str, language: str) -> str:
    """A written amount in words: "2,75" is "zwei Komma sieben fünf", "dos coma setenta y
    cinco"."""
    whole, fraction = value_of(text)
    spoken = words(whole, language)
    if fraction:
        if language in DECIMALS_AS_NUMBER and not fraction.startswith("0"):
            digits = words(int(fraction), language)  # "tres coma catorce"
        else:
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


def full_year(year: str | None) -> str | None:
    """A year as written in full: "90" is 1990, "24" is 2024."""
    if year and len(year) == 2:
        return ("20" if int(year) < 50 else "19") + year
    return year


def dates(date, months: tuple[str, ...]):
    """Replacements for a date with its month named (a match with the groups day, month and
    year), written in numbers, day first ("24.07.2013", "24/7/13"), and as ISO ("2013-07-24"),
    each said by `date(day, month as written or named, year or None, match)`; an impossible day
    or month is left as written."""
    def named(match: re.Match) -> str:
        return date(int(match.group("day")), match.group("month"), match.group("year"), match)

    def day_first(match: re.Match) -> str:
        day, month = int(match.group("day")), int(match.group("month"))
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return match.group(0)
        return date(day, months[month - 1], full_year(match.group("year")), match)

    def iso(match: re.Match) -> str:
        year, month, day = (int(x) for x in match.groups())
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return match.group(0)
        return date(day, months[month - 1], str(year), match)

    return named, day_first, iso


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_value(numeral: str, form: str = r"C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
                ) -> int | None:
    """The value of a Roman numeral written in `form` (up to 399 by default), else None."""
    if not numeral or not re.fullmatch(form, numeral):
        return None
    total = 0
    for index, char in enumerate(numeral):
        value = _ROMAN[char]
        following = _ROMAN[numeral[index + 1]] if index + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total
