"""French: dates ("24 juillet 2013", "1er mai", "24/07/2013"), money ("2,50 €"), times
("14 h 30", "14h30"), percentages, measures, ordinals ("1er", "2e", "XIXe siècle"), numbers with
a decimal comma and thousands spaces, and abbreviations ("M.", "Mme", "p. ex.")."""

from __future__ import annotations

import re

from narrator.core.languages import MONTHS
from narrator.text.spoken import common
from narrator.text.spoken.table import fraction_rule, regnal_rule, telephone_rule
from narrator.text.spoken.numbers import amount_pattern, amount_words, dates, \
    hundredths, ordinal_words, value_of, words, year_words, roman_value

L = "fr"
_MONTHS = MONTHS["fr"]
_MONTH = r"(?i:" + "|".join(_MONTHS) + r"|fevrier|aout|decembre)"
_AMOUNT = amount_pattern(L)
_UNITS = {
    "km": ("kilomètre", "kilomètres"), "m": ("mètre", "mètres"), "cm": ("centimètre", "centimètres"),
    "mm": ("millimètre", "millimètres"), "kg": ("kilogramme", "kilogrammes"),
    "g": ("gramme", "grammes"), "mg": ("milligramme", "milligrammes"), "t": ("tonne", "tonnes"),
    "l": ("litre", "litres"), "L": ("litre", "litres"), "ml": ("millilitre", "millilitres"),
    "km/h": ("kilomètre heure", "kilomètres heure"), "°C": ("degré Celsius", "degrés Celsius"),
    "°": ("degré", "degrés"), "min": ("minute", "minutes"),
    "kWh": ("kilowattheure", "kilowattheures"), "kW": ("kilowatt", "kilowatts"),
    "MW": ("mégawatt", "mégawatts"), "Go": ("gigaoctet", "gigaoctets"),
    "Mo": ("mégaoctet", "mégaoctets"), "m²": ("mètre carré", "mètres carrés"),
    "km²": ("kilomètre carré", "kilomètres carrés"), "m³": ("mètre cube", "mètres cubes"),
    "ha": ("hectare", "hectares"), "mph": ("mile par heure", "miles par heure"),
}
_FEMININE = {"tonne", "minute"}
_CURRENCIES = {"€": ("euro", "euros"), "euros": ("euro", "euros"), "EUR": ("euro", "euros"),
               "$": ("dollar", "dollars"), "dollars": ("dollar", "dollars"),
               "£": ("livre", "livres"), "CHF": ("franc suisse", "francs suisses")}
_SCALES = {"millions": "millions", "million": "million", "milliards": "milliards",
           "milliard": "milliard", "M": "millions", "Md": "milliards", "Mds": "milliards"}
ABBREVIATIONS = {
    "M.": "monsieur", "MM.": "messieurs", "Mme": "madame", "Mmes": "mesdames",
    "Mlle": "mademoiselle", "Dr": "docteur", "Dr.": "docteur", "Pr": "professeur",
    "p. ex.": "par exemple", "p.ex.": "par exemple", "etc.": "et cetera", "n°": "numéro",
    "N°": "numéro", "av. J.-C.": "avant Jésus-Christ", "apr. J.-C.": "après Jésus-Christ",
    "env.": "environ", "vol.": "volume", "éd.": "édition", "c.-à-d.": "c'est-à-dire",
    "cf.": "confer", "bd": "boulevard", "St": "saint", "Ste": "sainte", "Cie": "compagnie",
    "Me": "maître", "chap.": "chapitre", "tél.": "téléphone", "Tél.": "téléphone", "max.": "maximum",
    "min.": "minimum", "vs": "versus", "vs.": "versus",
}
_ACRONYM_WORDS = {"OTAN", "ONU", "UNESCO", "UNICEF", "OPEP", "FIFA", "UEFA", "NASA", "SIDA",
                  "COVID", "SNCF", "INSEE"}
_ONSETS = {"bl", "br", "ch", "cl", "cr", "dr", "fl", "fr", "gl", "gr", "pl", "pr", "tr"}


def _count(amount: str, feminine: bool = False) -> str:
    whole, fraction = value_of(amount)
    if whole == 1 and not fraction:
        return "une" if feminine else "un"
    spoken = amount_words(amount, L)
    return spoken[:-2] + "une" if feminine and spoken.endswith("-un") else spoken


def _date(day: int, month: str, year: str | None, match: re.Match) -> str:
    spoken = f"{'premier' if day == 1 else words(day, L)} {month.lower()}"
    return spoken + (f" {year_words(int(year), L)}" if year else "")


_named_date, _numeric_date, _iso_date = dates(_date, _MONTHS)


def _money(match: re.Match) -> str:
    one, many = _CURRENCIES[match.group("cur")]
    amount, scale = match.group("amount"), match.group("scale")
    whole, fraction = value_of(amount)
    if scale:
        scale_word = _SCALES[scale]
        if whole == 1 and not fraction:
            scale_word = scale_word.rstrip("s")
        return f"{_count(amount)} {scale_word} d'{many}" if many[0] in "aeiou" \
            else f"{_count(amount)} {scale_word} de {many}"
    if whole and not whole % 1_000_000 and not fraction:  # "un million d'euros"
        return f"{_count(str(whole))} {'d' + chr(39) if many[0] in 'aeiou' else 'de '}{many}"
    spoken = f"{_count(str(whole))} {one if whole <= 1 else many}"
    if fraction and int(fraction):
        spoken += f" {words(hundredths(fraction), L)}"
    return spoken


def _time(match: re.Match) -> str:
    hour, minute = int(match.group("hour")), match.group("minute")
    spoken = f"{_count(str(hour), feminine=True)} {'heure' if hour <= 1 else 'heures'}"
    if minute and int(minute):
        spoken += f" {words(int(minute), L)}"
    return spoken


def _measure(match: re.Match) -> str:
    amount, (one, many) = match.group("amount"), _UNITS[match.group("unit")]
    sign = "moins " if amount.startswith(("-", "−")) else ""
    amount = amount.lstrip("-−")
    whole, fraction = value_of(amount)
    feminine = one.split()[0] in _FEMININE
    return f"{sign}{_count(amount, feminine)} {one if whole <= 1 else many}"  # under 2: one


def _ordinal(match: re.Match) -> str:
    number, ending = int(match.group("number")), match.group("ending").lower()
    if number == 1:
        return "première" if ending in ("re", "ère") else "premier"
    if number == 2 and ending in ("nd", "nde"):
        return "second" if ending == "nd" else "seconde"
    return ordinal_words(number, L)


def _century(match: re.Match) -> str:
    value = roman_value(match.group("numeral"))
    if value is None:
        return match.group(0)
    word = "premier" if value == 1 else ordinal_words(value, L)
    return f"{word} {match.group('what')}"


_PARTS = {2: ("demi", "demis"), 3: ("tiers", "tiers"), 4: ("quart", "quarts")}


def _fraction(top: int, bottom: int) -> str:
    """"1/3" is "un tiers", "3/4" "trois quarts", "2/5" "deux cinquièmes"."""
    ordinal = ordinal_words(bottom, L)
    one, many = _PARTS.get(bottom) or (ordinal, ordinal + "s")
    return f"un {one}" if top == 1 else f"{_count(str(top))} {many}"


def _pairs(groups: list[str]) -> str:
    """A French telephone number in pairs: "01 23" is "zéro un vingt-trois"."""
    said = []
    for group in groups:
        while group.startswith("0") and len(group) > 1:
            said.append("zéro")
            group = group[1:]
        said.append(words(int(group), L))
    return " ".join(said)


def _number(match: re.Match) -> str:
    text = match.group(0)
    sign = "moins " if text.startswith(("-", "−")) else ""
    return sign + amount_words(text.lstrip("-−"), L)


_UNIT = common.alternation(_UNITS)
_CURRENCY = common.alternation(_CURRENCIES)
_SCALE = common.alternation(_SCALES)

RULES: list[common.Rule] = [
    *common.FOOTNOTES, *common.QUOTES, *common.addresses("point", "arobase"),
    (re.compile(rf"\b(?P<day>\d{{1,2}})(?:er)?\s+(?P<month>{_MONTH})\b(?:\s+(?P<year>\d{{4}}))?"),
     _named_date),
    (re.compile(r"\b(?P<day>\d{1,2})[/.](?P<month>\d{1,2})[/.](?P<year>\d{4}|\d{2})\b"),
     _numeric_date),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), _iso_date),
    telephone_rule(lambda number: words(number, L), "plus", spaced_thousands=True,
                   groups=_pairs),
    common.signs("plus", "moins"),
    (re.compile(rf"(?P<amount>{_AMOUNT})\s?(?:(?P<scale>{_SCALE})\s?(?:d[e']\s?)?)?"
                rf"(?P<cur>{_CURRENCY})(?!\w)"), _money),
    (re.compile(rf"(?P<cur>{_CURRENCY})\s?(?P<amount>{_AMOUNT})(?:\s?(?P<scale>{_SCALE}))?"),
     _money),
    (re.compile(r"\b(?P<hour>[01]?\d|2[0-3])\s?(?:h|:)\s?(?P<minute>[0-5]\d)?(?!\w)"), _time),
    (re.compile(rf"(?P<amount>{_AMOUNT})\s?(?:%|pour cent\b)"),
     lambda m: f"{amount_words(m.group('amount'), L)} pour cent"),
    (re.compile(rf"(?P<amount>(?<![\w.,])[-−]?{_AMOUNT})\s?(?P<unit>{_UNIT})(?!\w)"), _measure),
    (re.compile(r"\b(?P<numeral>[IVXLC]{1,7})(?:e|ème|er)\s(?P<what>siècle|arrondissement|"
                r"République|édition|congrès)"), _century),
    (re.compile(r"\b(?P<number>\d{1,4})(?P<ending>er|re|ère|e|ème|nd|nde)\b"), _ordinal),
    fraction_rule(_fraction),
    regnal_rule(lambda n: "premier" if n == 1 else words(n, L)),
    (re.compile(r"(?<=\d)\s?[–—-]\s?(?=\d)"), " à "),
    common.abbreviations(ABBREVIATIONS),
    *common.PAUSES,
    (re.compile(r"\s&\s"), " et "),
    *common.acronyms(_ACRONYM_WORDS, _ONSETS, language="fr"),
    (re.compile(rf"(?<![\w.,])[-−]?{_AMOUNT}(?![\w])"), _number),
]
