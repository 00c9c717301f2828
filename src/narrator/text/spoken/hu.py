"""Hungarian: "2026. december 5.", "május 1.", "2027.03.05.", "9:30", "1200 Ft", "25%", "3/4",
ordinals written with a full stop before a word ("az 1. helyen"), "pl.", "stb.", numbers with a
decimal comma and thousands spaces; "két" before a noun."""

from __future__ import annotations

import re

from num2words import num2words

from narrator.text.spoken.numbers import hundredths, value_of
from narrator.text.spoken.table import Table, month_names, rules

L = "hu"
VERSION = 1
MONTHS = month_names(L)
_MONTH = "|".join(MONTHS)


def _words(number: int) -> str:
    return num2words(number, lang=L)


def _count(said: str, noun: str) -> str:
    """"kettő" is "két" before a noun ("tizenkét kilométer")."""
    return re.sub(r"kettő$", "két", said)


def _ordinal(number: int, written: str = "") -> str:
    return num2words(number, lang=L, to="ordinal")


def _day(day: int) -> str:
    """A date's day: "elseje", "másodika", "ötödike", "huszonegyedike"."""
    if day == 1:
        return "elseje"
    said = _ordinal(day)
    return said + ("a" if re.search(r"[aáoóuú]dik$", said) else "e")


def _date(year: int | None, month: int, day: int) -> str:
    said = f"{MONTHS[month - 1]} {_day(day)}"
    return f"{_words(year)} {said}" if year else said


def _time(hour: int, minute: int) -> str:
    return f"{_words(hour)} óra {_words(minute)}" if minute else f"{_words(hour)} óra"


_PARTS = {2: "ketted", 3: "harmad", 4: "negyed"}


def _fraction(top: int, bottom: int) -> str:
    if (top, bottom) == (1, 2):
        return "fél"
    part = _PARTS.get(bottom) or re.sub(r"ik$", "", _ordinal(bottom))
    return _count(_words(top), part) + part


def _money(name: str, cents: str | None = None):
    def said(text: str) -> str:
        whole, fraction = value_of(text)
        spoken = f"{_count(_words(whole), name)} {name}"
        if cents and fraction and int(fraction):
            spoken += f" {_count(_words(hundredths(fraction)), cents)} {cents}"
        return spoken
    return said


_DATES = [
    (re.compile(r"\b(?P<amount>\d+(?:,\d+)?)(?P<percent>\s?%)?-(?P<suffix>[a-záéíóöőúüű]{1,6})\b"),
     lambda m: (num2words(float(m.group("amount").replace(",", ".")), lang=L)
                if "," in m.group("amount") else _words(int(m.group("amount"))))
     + (" százalék" if m.group("percent") else "") + m.group("suffix")),  # "1492-ben", "45%-a"
    (re.compile(r"\b(?P<amount>\d{1,3})\s+(?P<scale>millió|milliárd|ezer)\b"),
     lambda m: _words(int(m.group("amount"))) + m.group("scale")),  # "négymillió", one word
    (re.compile(rf"(?:\b(?P<year>\d{{4}})\.\s+)?\b(?P<month>(?i:{_MONTH}))\s+(?P<day>\d{{1,2}})\."),
     lambda m: _date(int(m.group("year")) if m.group("year") else None,
                     [name.casefold() for name in MONTHS].index(m.group("month").casefold()) + 1,
                     int(m.group("day")))),
    (re.compile(r"\b(?P<year>\d{4})\.\s?(?P<month>\d{1,2})\.\s?(?P<day>\d{1,2})\.?"),
     lambda m: _date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
     if 1 <= int(m.group("month")) <= 12 else m.group(0)),
]

TABLE = Table(
    code=L, minus="mínusz", regnal=_ordinal, regnal_first=True, point="egész",
    percent="százalék", dot="pont", at="kukac", plus="plusz",
    months=MONTHS, date=lambda day, month, year: _date(year, month, day), time=_time,
    ordinal=_ordinal, ordinal_marks=r"\.(?=\s+[a-záéíóöőúüű])", fraction=_fraction,
    currencies={"Ft": _money("forint", "fillér"), "HUF": _money("forint", "fillér"),
                "€": _money("euró", "cent"), "EUR": _money("euró", "cent"),
                "$": _money("dollár", "cent"), "USD": _money("dollár", "cent")},
    units={"km": "kilométer", "m": "méter", "cm": "centiméter", "mm": "milliméter",
           "kg": "kilogramm", "g": "gramm", "t": "tonna", "l": "liter", "dl": "deciliter",
           "ml": "milliliter", "km/h": "kilométer per óra", "°C": "Celsius-fok", "h": "óra",
           "min": "perc", "kWh": "kilowattóra", "MW": "megawatt", "GB": "gigabájt",
           "m²": "négyzetméter", "ha": "hektár"},
    abbreviations={"pl.": "például", "stb.": "és a többi", "kb.": "körülbelül", "dr.": "doktor",
                   "Dr.": "doktor", "ill.": "illetve", "ún.": "úgynevezett", "u.": "utca",
                   "sz.": "szám", "ld.": "lásd", "vö.": "vesd össze", "Kft.": "káefté",
                   "Zrt.": "zéerté", "id.": "idősebb", "tel.": "telefon", "ifj.": "ifjabb"},
    range_word=" ", decimals="num2words", count=_count, extra=_DATES,
    capitals="A-ZÁÉÍÓÖŐÚÜŰ",
)
RULES = rules(TABLE)
