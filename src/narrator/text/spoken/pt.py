"""Portuguese: "5 de dezembro de 2026", "às 9:30", "18h45", "12,50 €", "R$ 40", "3/4", "1.º",
"2.ª", "Dr.", numbers with a decimal comma and thousands points."""

from __future__ import annotations

import re

from num2words import num2words

from narrator.text.spoken.numbers import hundredths, roman_value, value_of
from narrator.text.spoken.table import Table, month_names, rules

L = "pt"
VERSION = 1
MONTHS = month_names(L)
_FEMININE = {"hora", "horas", "tonelada", "toneladas", "milha", "milhas", "libra", "libras",
             "coroa", "coroas", "vez", "vezes"}


def _words(number: int) -> str:
    return num2words(number, lang=L)


def _count(said: str, noun: str) -> str:
    """"um"/"dois" as "uma"/"duas" before a feminine noun."""
    if noun.split()[0] in _FEMININE:
        return re.sub(r"\b(um|dois)$", lambda m: "uma" if m.group(1) == "um" else "duas", said)
    return said


def _ordinal(number: int, written: str) -> str:
    said = num2words(number, lang=L, to="ordinal")
    return re.sub(r"o\b", "a", said) if "ª" in written else said


def _date(day: int, month: int, year: int | None) -> str:
    said = f"{'primeiro' if day == 1 else _words(day)} de {MONTHS[month - 1]}"
    return f"{said} de {_words(year)}" if year else said


def _time(hour: int, minute: int) -> str:
    hours = _count(_words(hour), "horas")
    return f"{hours} e {_words(minute)}" if minute else hours


_DENOMINATORS = {2: ("meio", "meios"), 3: ("terço", "terços"), 4: ("quarto", "quartos")}


def _fraction(top: int, bottom: int) -> str:
    ordinal = num2words(bottom, lang=L, to="ordinal")
    one, many = _DENOMINATORS.get(bottom) or (ordinal, ordinal + "s")
    return f"{'um' if top == 1 else _words(top)} {one if top == 1 else many}"


def _money(one: str, many: str, cent_one: str, cents: str, feminine: bool = False):
    def said(text: str) -> str:
        whole, fraction = value_of(text)
        spoken = _count(_words(whole), "libra" if feminine else one)
        of = " de" if whole and not whole % 1_000_000 and not fraction else ""
        spoken += f"{of} {one if whole == 1 else many}"
        if fraction and int(fraction):
            value = hundredths(fraction)
            spoken += f" e {_words(value)} {cent_one if value == 1 else cents}"
        return spoken
    return said


_EURO = _money("euro", "euros", "cêntimo", "cêntimos")
_DOLLAR = _money("dólar", "dólares", "cêntimo", "cêntimos")
_REAL = _money("real", "reais", "centavo", "centavos")

TABLE = Table(
    code=L, minus="menos",
    regnal=lambda n: num2words(n, lang=L, to="ordinal") if n <= 10 else _words(n),
    point="vírgula", percent="por cento", dot="ponto", at="arroba", plus="mais",
    months=MONTHS, date=_date, time=_time, ordinal=_ordinal, ordinal_marks=r"\.?[ºª°]",
    fraction=_fraction,
    currencies={"€": _EURO, "EUR": _EURO, "euros": _EURO, "R$": _REAL, "BRL": _REAL,
                "US$": _DOLLAR, "$": _DOLLAR, "USD": _DOLLAR,
                "£": _money("libra", "libras", "pêni", "pence", feminine=True)},
    units={"km": ("quilómetro", "quilómetros"), "m": ("metro", "metros"),
           "cm": ("centímetro", "centímetros"), "mm": ("milímetro", "milímetros"),
           "kg": ("quilograma", "quilogramas"), "g": ("grama", "gramas"),
           "t": ("tonelada", "toneladas"), "l": ("litro", "litros"),
           "ml": ("mililitro", "mililitros"), "km/h": ("quilómetro por hora",
                                                     "quilómetros por hora"),
           "mph": ("milha por hora", "milhas por hora"), "°C": ("grau Celsius", "graus Celsius"),
           "h": ("hora", "horas"), "min": ("minuto", "minutos"),
           "kWh": ("quilowatt-hora", "quilowatts-hora"), "MW": ("megawatt", "megawatts"),
           "GB": ("gigabyte", "gigabytes"), "m²": ("metro quadrado", "metros quadrados"),
           "ha": ("hectare", "hectares")},
    abbreviations={"Dr.": "doutor", "Dra.": "doutora", "Sr.": "senhor", "Sra.": "senhora",
                   "Srs.": "senhores", "Prof.": "professor", "Profª.": "professora",
                   "etc.": "et cetera", "pág.": "página", "págs.": "páginas", "n.º": "número",
                   "nº": "número", "p. ex.": "por exemplo", "Av.": "avenida", "D.": "dom",
                   "D.ª": "dona", "tel.": "telefone",
                   "V. Exa.": "vossa excelência", "S.A.": "sociedade anónima"},
    spaced_thousands=False, range_word=" a ", count=_count,
    extra=[(re.compile(r"\b(?P<what>[Ss]éculos?)\s+(?P<numeral>[IVXLC]{1,7})\b"),
            lambda m: f"{m.group('what')} {_words(roman_value(m.group('numeral')))}"
            if roman_value(m.group("numeral")) else m.group(0))],
)
RULES = rules(TABLE)
