"""Swedish: "den 5 december 2026", "2027-03-05", "9.30", "120 kr", "12,50 kr", "25 %", "3/4", "1:a",
"t.ex.", numbers with a decimal comma and thousands spaces; years as Swedes say them."""

from __future__ import annotations

import re

from num2words import num2words

from narrator.text.spoken.numbers import hundredths, value_of
from narrator.text.spoken.table import Table, month_names, rules

L = "sv"
VERSION = 1
MONTHS = month_names(L)
_NEUTER = {"kilo", "öre", "år", "ton", "gram"}


def _words(number: int) -> str:
    """Swedish writes a number under a million as one word ("ettusentvåhundrafemtio")."""
    said = num2words(number, lang=L).replace("etttusen", "ettusen").replace("förtio", "fyrtio")
    parts = re.split(r"(\s*\b(?:miljon(?:er)?|miljard(?:er)?)\b\s*)", said)
    return "".join(part if re.search(r"miljon|miljard", part) else part.replace(" ", "")
                   for part in parts)


def _year(year: int) -> str:
    """1965 is "nittonhundrasextiofem", 2026 "tjugohundratjugosex"."""
    if 1100 <= year <= 2099 and not 2000 <= year <= 2009:
        rest = year % 100
        return _words(year // 100) + "hundra" + (_words(rest) if rest else "")
    return _words(year)


def _count(said: str, noun: str) -> str:
    return "en" if said == "ett" and noun.split()[0] not in _NEUTER else said


def _ordinal(number: int, written: str) -> str:
    return num2words(number, lang=L, to="ordinal")


def _date(day: int, month: int, year: int | None) -> str:
    said = f"{_ordinal(day, '')} {MONTHS[month - 1]}"
    return f"{said} {_year(year)}" if year else said


def _time(hour: int, minute: int) -> str:
    return f"{_words(hour)} och {_words(minute)}" if minute else _words(hour)


def _fraction(top: int, bottom: int) -> str:
    if bottom == 2:
        return "en halv" if top == 1 else f"{_words(top)} halva"
    part = {4: "fjärde"}.get(bottom) or num2words(bottom, lang=L, to="ordinal")
    return f"en {part}del" if top == 1 else f"{_words(top)} {part}delar"


def _money(one: str, many: str, cent: str | None = None):
    def said(text: str) -> str:
        whole, fraction = value_of(text)
        spoken = f"{_count(_words(whole), one)} {one if whole == 1 else many}"
        if cent and fraction and int(fraction):
            spoken += f" och {_words(hundredths(fraction))} {cent}"
        return spoken
    return said


_KRONOR = _money("krona", "kronor", "öre")
_EURO = _money("euro", "euro", "cent")
_DOLLAR = _money("dollar", "dollar", "cent")

TABLE = Table(
    code=L, point="komma", regnal=lambda n: "den " + _ordinal(n, ""), percent="procent",
    dot="punkt", at="snabel-a", plus="plus",
    months=MONTHS, date=_date, time=_time, ordinal=_ordinal, ordinal_marks=":a|:e",
    fraction=_fraction,
    currencies={"kr": _KRONOR, "SEK": _KRONOR, "kronor": _KRONOR, "€": _EURO, "EUR": _EURO,
                "$": _DOLLAR, "USD": _DOLLAR},
    units={"km": "kilometer", "m": "meter", "cm": "centimeter", "mm": "millimeter",
           "kg": "kilogram", "g": "gram", "t": "ton", "l": "liter", "dl": "deciliter",
           "ml": "milliliter", "km/h": "kilometer i timmen", "mph": "miles per timme",
           "°C": ("grad Celsius", "grader Celsius"), "h": ("timme", "timmar"),
           "min": ("minut", "minuter"), "kWh": "kilowattimmar", "MW": "megawatt",
           "GB": "gigabyte", "m²": "kvadratmeter", "km²": "kvadratkilometer", "ha": "hektar"},
    abbreviations={"t.ex.": "till exempel", "osv.": "och så vidare", "bl.a.": "bland annat",
                   "s.k.": "så kallad", "ca": "cirka", "ca.": "cirka", "kl.": "klockan",
                   "nr": "nummer", "nr.": "nummer", "dvs.": "det vill säga", "m.m.": "med mera",
                   "resp.": "respektive", "fr.o.m.": "från och med", "t.o.m.": "till och med",
                   "tel.": "telefon", "Dr.": "doktor", "dr": "doktor"},
    range_word=" till ", cardinal=_words, count=_count,
    year=_year,
    capitals="A-ZÅÄÖ",
)
RULES = rules(TABLE)
