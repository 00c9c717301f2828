"""Spanish: dates ("24 de julio de 2013", "24/07/2013"), money ("2,50 €", "$5"), times,
percentages, measures, ordinals ("1.º", "2.ª", "3.er"), numbers with a decimal comma and
thousands points, and abbreviations ("Sr.", "EE. UU.", "p. ej.")."""

from __future__ import annotations

import re

from narrator.core.languages import MONTHS
from narrator.text.spoken import common
from narrator.text.spoken.table import fraction_rule, regnal_rule, telephone_rule
from narrator.text.spoken.numbers import amount_pattern, amount_words, dates, hundredths, \
    ordinal_words, roman_value, value_of, words, year_words

L = "es"
_MONTHS = MONTHS["es"]
_MONTH = r"(?i:" + "|".join(_MONTHS) + r"|setiembre)"
_AMOUNT = amount_pattern(L)
_UNITS = {
    "km": ("kilómetro", "kilómetros"), "m": ("metro", "metros"), "cm": ("centímetro", "centímetros"),
    "mm": ("milímetro", "milímetros"), "kg": ("kilogramo", "kilogramos"), "g": ("gramo", "gramos"),
    "mg": ("miligramo", "miligramos"), "t": ("tonelada", "toneladas"), "l": ("litro", "litros"),
    "ml": ("mililitro", "mililitros"), "km/h": ("kilómetro por hora", "kilómetros por hora"),
    "mph": ("milla por hora", "millas por hora"), "mi": ("milla", "millas"),
    "°C": ("grado Celsius", "grados Celsius"), "°": ("grado", "grados"), "h": ("hora", "horas"),
    "min": ("minuto", "minutos"), "kWh": ("kilovatio hora", "kilovatios hora"),
    "kW": ("kilovatio", "kilovatios"), "MW": ("megavatio", "megavatios"),
    "GB": ("gigabyte", "gigabytes"), "MB": ("megabyte", "megabytes"),
    "m²": ("metro cuadrado", "metros cuadrados"), "km²": ("kilómetro cuadrado",
                                                          "kilómetros cuadrados"),
    "m³": ("metro cúbico", "metros cúbicos"), "ha": ("hectárea", "hectáreas"),
}
_FEMININE = {"tonelada", "hora", "hectárea", "milla"}
_CURRENCIES = {"€": ("euro", "euros", "céntimo", "céntimos"),
               "euros": ("euro", "euros", "céntimo", "céntimos"),
               "EUR": ("euro", "euros", "céntimo", "céntimos"),
               "US$": ("dólar", "dólares", "centavo", "centavos"),
               "$": ("dólar", "dólares", "centavo", "centavos"),
               "dólares": ("dólar", "dólares", "centavo", "centavos"),
               "USD": ("dólar", "dólares", "centavo", "centavos"),
               "£": ("libra", "libras", "penique", "peniques")}
_SCALES = {"millones": "millones", "millón": "millón", "mil millones": "mil millones",
           "M": "millones", "mill.": "millones"}
ABBREVIATIONS = {
    "Sr.": "señor", "Sra.": "señora", "Srta.": "señorita", "Sres.": "señores",
    "Dr.": "doctor", "Dra.": "doctora", "D.": "don", "Dña.": "doña", "Prof.": "profesor",
    "EE. UU.": "Estados Unidos", "EE.UU.": "Estados Unidos", "etc.": "etcétera",
    "p. ej.": "por ejemplo", "p.ej.": "por ejemplo", "aprox.": "aproximadamente",
    "núm.": "número", "n.º": "número", "nº": "número", "pág.": "página", "págs.": "páginas",
    "Avda.": "avenida", "Av.": "avenida", "vs.": "versus", "a. C.": "antes de Cristo",
    "d. C.": "después de Cristo", "Ud.": "usted", "Uds.": "ustedes", "máx.": "máximo",
    "mín.": "mínimo", "tel.": "teléfono", "Tel.": "teléfono", "Excmo.": "excelentísimo", "Sto.": "santo",
    "Sta.": "santa", "S. A.": "sociedad anónima", "S.A.": "sociedad anónima",
    "c/": "calle", "admón.": "administración", "dcha.": "derecha", "izq.": "izquierda",
    "esq.": "esquina", "Esq.": "esquina", "dr.": "doctor", "dra.": "doctora", "sr.": "señor",
    "sra.": "señora", "srta.": "señorita", "prof.": "profesor", "tlf.": "teléfono",
    "aprox": "aproximadamente", "km.": "kilómetro", "pza.": "plaza", "Pza.": "plaza",
}
_ACRONYM_WORDS = {"OTAN", "ONU", "UNESCO", "UNICEF", "OPEP", "FIFA", "UEFA", "NASA", "RENFE",
                  "SIDA", "OVNI", "COVID", "PYME", "IVA", "AVE"}
_ONSETS = {"bl", "br", "cl", "cr", "dr", "fl", "fr", "gl", "gr", "pl", "pr", "tr", "ch"}


def _one(feminine: bool = False) -> str:
    return "una" if feminine else "un"


def _count(amount: str, feminine: bool = False) -> str:
    """An amount before a noun: "un", "una", "veintiún"."""
    whole, fraction = value_of(amount)
    if fraction:
        return amount_words(amount, L)
    if whole == 1:
        return _one(feminine)
    spoken = words(whole, L)
    if spoken.endswith("uno"):
        spoken = spoken[:-1] + ("a" if feminine else "")
    return spoken


def _date(day: int, month: str, year: str | None, match: re.Match) -> str:
    spoken = f"{'primero' if day == 1 else words(day, L)} de {month.lower()}"
    return spoken + (f" de {year_words(int(year), L)}" if year else "")


_named_date, _numeric_date, _iso_date = dates(_date, _MONTHS)


def _money(match: re.Match) -> str:
    one, many, sub_one, sub_many = _CURRENCIES[match.group("cur")]
    amount, scale = match.group("amount"), match.group("scale")
    whole, fraction = value_of(amount)
    if scale:
        scale_word = _SCALES[scale]
        if whole == 1 and not fraction and scale_word == "millones":
            scale_word = "millón"
        return f"{_count(amount)} {scale_word} de {many}"
    if whole and not whole % 1_000_000 and not fraction:  # "un millón de euros"
        return f"{_count(str(whole))} de {many}"
    spoken = f"{_count(str(whole))} {one if whole == 1 else many}"
    if fraction and int(fraction):
        cents = hundredths(fraction)
        spoken += f" con {_count(str(cents))} {sub_one if cents == 1 else sub_many}"
    return spoken


def _time(match: re.Match) -> str:
    hour, minute = int(match.group("hour")), match.group("minute")
    spoken = "una" if hour == 1 else words(hour, L)
    if minute and int(minute):
        spoken += f" y {words(int(minute), L)}"
    return spoken + (" horas" if match.group("h") else "")


def _measure(match: re.Match) -> str:
    amount, (one, many) = match.group("amount"), _UNITS[match.group("unit")]
    sign = "menos " if amount.startswith(("-", "−")) else ""
    amount = amount.lstrip("-−")
    whole, fraction = value_of(amount)
    feminine = one.split()[0] in _FEMININE
    if whole == 1 and not fraction:
        return f"{sign}{_one(feminine)} {one}"
    return f"{sign}{_count(amount, feminine)} {many}"


def _ordinal(match: re.Match) -> str:
    number, ending = int(match.group("number")), match.group("ending")
    spoken = ordinal_words(number, L)
    if ending.endswith(("a", "ª", "ᵃ")):
        return " ".join(word[:-1] + "a" if word.endswith("o") else word for word in spoken.split())
    if ending.endswith(("er", "r", "ʳ")) and spoken.endswith(("primero", "tercero")):
        return spoken[:-1]
    return spoken


_PARTS = {2: ("medio", "medios"), 3: ("tercio", "tercios"), 4: ("cuarto", "cuartos")}


def _fraction(top: int, bottom: int) -> str:
    """"1/3" is "un tercio", "3/4" "tres cuartos", "2/5" "dos quintos"."""
    ordinal = ordinal_words(bottom, L) if bottom <= 10 else words(bottom, L) + "avo"
    one, many = _PARTS.get(bottom) or (ordinal, ordinal + "s")
    return f"un {one}" if top == 1 else f"{_count(str(top))} {many}"


def _number(match: re.Match) -> str:
    text = match.group(0)
    sign = "menos " if text.startswith(("-", "−")) else ""
    digits = text.lstrip("-−")
    return sign + amount_words(digits, L)


def _before_noun(match: re.Match) -> str:
    """A whole number before a word loses the -o of its "uno": "veintiún libros"."""
    spoken = amount_words(match.group(0), L)
    return spoken[:-3] + ("un" if spoken == "uno" else "ún") if spoken.endswith("uno") else spoken


_UNIT = common.alternation(_UNITS)
_CURRENCY = common.alternation(_CURRENCIES)
_SCALE = common.alternation(_SCALES)

RULES: list[common.Rule] = [
    *common.FOOTNOTES, *common.QUOTES, *common.addresses("punto", "arroba"),
    (re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?:de\s+)?(?P<month>{_MONTH})\b"
                r"(?:\s+(?:de|del)\s+(?P<year>\d{4}))?"), _named_date),
    (re.compile(r"\b(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4}|\d{2})\b"),
     _numeric_date),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), _iso_date),
    telephone_rule(lambda number: words(number, L), "más", spaced_thousands=True),
    common.signs("más", "menos"),
    (re.compile(rf"(?P<amount>{_AMOUNT})\s?(?:(?P<scale>{_SCALE})\s?(?:de\s)?)?"
                rf"(?P<cur>{_CURRENCY})(?!\w)"), _money),
    (re.compile(rf"(?P<cur>{_CURRENCY})\s?(?P<amount>{_AMOUNT})(?:\s?(?P<scale>{_SCALE}))?"),
     _money),
    (re.compile(r"\b(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)(?!\d)(?P<h>\s?h\b)?"), _time),
    (re.compile(rf"(?P<amount>{_AMOUNT})\s?(?:%|por ciento\b)"),
     lambda m: f"{amount_words(m.group('amount'), L)} por ciento"),
    (re.compile(rf"(?P<amount>(?<![\w.,])[-−]?{_AMOUNT})\s?(?P<unit>{_UNIT})(?!\w)"), _measure),
    (re.compile(r"\b(?P<number>\d{1,3})\.?(?P<ending>[ºª°ᵒᵃ]|ᵉʳ|er\b|ro\b|do\b|to\b|vo\b|no\b)"),
     _ordinal),
    fraction_rule(_fraction),
    (re.compile(r"(?<=\d)\s?[–—-]\s?(?=\d)"), " a "),
    regnal_rule(lambda n: ordinal_words(n, L) if n <= 10 else words(n, L)),
    (re.compile(r"\b(?P<what>[Ss]iglos?)\s+(?P<numeral>[IVXLC]{1,7})\b"),
     lambda m: f"{m.group('what')} {words(roman_value(m.group('numeral')), L)}"
     if roman_value(m.group("numeral")) else m.group(0)),
    common.abbreviations(ABBREVIATIONS),
    *common.PAUSES,
    (re.compile(r"\s&\s"), " y "),
    *common.acronyms(_ACRONYM_WORDS, _ONSETS, language="es"),
    (re.compile(rf"(?<![\w.,-]){_AMOUNT}(?=\s+[^\W\d_])"), _before_noun),
    (re.compile(rf"(?<![\w.,])[-−]?{_AMOUNT}(?![\w])"), _number),
]
