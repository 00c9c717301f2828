"""Italian: "il 5 dicembre 2026", "alle 9:30", "12,50 €", "3/4", "1°", "2ª", "dott.", numbers with a
decimal comma and thousands points."""

from __future__ import annotations

from num2words import num2words

import re

from narrator.text.spoken.numbers import hundredths, roman_value, value_of
from narrator.text.spoken.table import Table, month_names, rules

L = "it"
VERSION = 1
MONTHS = month_names(L)


def _words(number: int) -> str:
    return num2words(number, lang=L)


def _ordinal(number: int, written: str) -> str:
    said = num2words(number, lang=L, to="ordinal")
    return said[:-1] + "a" if written in ("ª", "a") else said


def _date(day: int, month: int, year: int | None) -> str:
    said = f"{'primo' if day == 1 else _words(day)} {MONTHS[month - 1]}"
    return f"{said} {_words(year)}" if year else said


def _time(hour: int, minute: int) -> str:
    return f"{_words(hour)} e {_words(minute)}" if minute else _words(hour)


_DENOMINATORS = {2: ("mezzo", "mezzi"), 3: ("terzo", "terzi"), 4: ("quarto", "quarti")}


def _fraction(top: int, bottom: int) -> str:
    one, many = _DENOMINATORS.get(bottom) or (num2words(bottom, lang=L, to="ordinal"),
                                              num2words(bottom, lang=L, to="ordinal")[:-1] + "i")
    return f"{'un' if top == 1 else _words(top)} {one if top == 1 else many}"


def _money(one: str, many: str, cent_one: str, cents: str):
    def said(text: str) -> str:
        whole, fraction = value_of(text)
        of = " di" if whole and not whole % 1_000_000 and not fraction else ""
        spoken = f"{'un' if whole == 1 else _words(whole)}{of} {one if whole == 1 else many}"
        if fraction and int(fraction):
            value = hundredths(fraction)
            spoken += f" e {'un' if value == 1 else _words(value)} " \
                      f"{cent_one if value == 1 else cents}"
        return spoken
    return said


_EURO = _money("euro", "euro", "centesimo", "centesimi")
_DOLLAR = _money("dollaro", "dollari", "centesimo", "centesimi")

TABLE = Table(
    code=L, minus="meno", regnal=lambda n: num2words(n, lang=L, to="ordinal"), point="virgola",
    percent="per cento", dot="punto", at="chiocciola", plus="più",
    months=MONTHS, date=_date, time=_time, ordinal=_ordinal, ordinal_marks="°|º|ª",
    fraction=_fraction,
    currencies={"€": _EURO, "EUR": _EURO, "euro": _EURO, "$": _DOLLAR, "USD": _DOLLAR,
                "£": _money("sterlina", "sterline", "penny", "pence")},
    units={"km": ("chilometro", "chilometri"), "m": ("metro", "metri"),
           "cm": ("centimetro", "centimetri"), "mm": ("millimetro", "millimetri"),
           "kg": ("chilogrammo", "chilogrammi"), "g": ("grammo", "grammi"),
           "t": ("tonnellata", "tonnellate"), "l": ("litro", "litri"),
           "ml": ("millilitro", "millilitri"), "km/h": ("chilometro orario", "chilometri orari"),
           "mph": ("miglio all'ora", "miglia all'ora"), "°C": ("grado Celsius", "gradi Celsius"),
           "h": ("ora", "ore"), "min": ("minuto", "minuti"),
           "kWh": ("chilowattora", "chilowattora"), "MW": ("megawatt", "megawatt"),
           "GB": ("gigabyte", "gigabyte"), "m²": ("metro quadrato", "metri quadrati"),
           "ha": ("ettaro", "ettari")},
    abbreviations={"dott.": "dottor", "Dott.": "dottor", "dott.ssa": "dottoressa",
                   "sig.": "signor", "Sig.": "signor", "sig.ra": "signora", "Sig.ra": "signora",
                   "prof.": "professor", "Prof.": "professor", "prof.ssa": "professoressa",
                   "ecc.": "eccetera", "pag.": "pagina", "pagg.": "pagine", "n.": "numero",
                   "p. es.": "per esempio", "ad es.": "ad esempio", "avv.": "avvocato",
                   "ing.": "ingegner", "S.p.A.": "società per azioni", "tel.": "telefono",
                   "c.a.": "corrente anno", "vs.": "contro"},
    extra=[(re.compile(r"\b(?P<numeral>[IVXLC]{1,7})\s+(?P<what>secol[oi])\b"),
            lambda m: f"{num2words(roman_value(m.group('numeral')), lang=L, to='ordinal')} "
            f"{m.group('what')}" if roman_value(m.group("numeral")) else m.group(0))],
    spaced_thousands=False, range_word=" ",
    count=lambda said, noun: "un" if said == "uno" else said,
)
RULES = rules(TABLE)
