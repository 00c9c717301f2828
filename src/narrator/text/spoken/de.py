"""German: dates ("24. Juli 2013", "24.07.2013"), money ("2,50 €"), times ("14:30 Uhr"),
percentages, measures, ordinals after articles and prepositions ("am 3.", "der 2. Platz"),
numbers with a decimal comma and thousands points, and abbreviations ("z. B.", "Mio.")."""

from __future__ import annotations

import re

from narrator.core.languages import MONTHS
from narrator.text.spoken import common
from narrator.text.spoken.table import fraction_rule, regnal_rule, telephone_rule
from narrator.text.spoken.numbers import amount_pattern, amount_words, dates, \
    hundredths, ordinal_words, value_of, words, year_words

L = "de"
_MONTHS = MONTHS["de"]
_MONTH_NAMES = {m.lower(): m for m in _MONTHS} | {
    m.lower()[:3]: m for m in _MONTHS} | {"jän": "Januar", "jänner": "Jänner", "sept": "September"}
_MONTH = r"(?:" + common.alternation({*_MONTHS, "Jan.", "Feb.", "Mär.", "Apr.", "Jun.", "Jul.",
                                      "Aug.", "Sep.", "Sept.", "Okt.", "Nov.", "Dez.",
                                      "Jänner"}) + r")"
_AMOUNT = amount_pattern(L)
_DATIVE = r"(?i:am|vom|zum|beim|im|dem|den|seit dem|bis zum|ab dem|ab|bis|seit|vor dem|nach dem)"
"""Words after which an ordinal takes the -en ending: "am vierundzwanzigsten"."""
_ARTICLES = r"(?i:der|die|das|dem|den|des|am|im|vom|zum|zur|beim|ein|eine|einem|einen|einer|" \
    r"jeder|jede|jedes|jedem|jeden|dieser|diese|dieses|diesem|diesen)"

_UNITS = {
    "km": "Kilometer", "m": "Meter", "cm": "Zentimeter", "mm": "Millimeter", "kg": "Kilogramm",
    "g": "Gramm", "mg": "Milligramm", "t": "Tonnen", "l": "Liter", "ml": "Milliliter",
    "km/h": "Kilometer pro Stunde", "m/s": "Meter pro Sekunde", "°C": "Grad Celsius",
    "mph": "Meilen pro Stunde",
    "°": "Grad", "h": "Stunden", "min": "Minuten", "Std.": "Stunden", "Min.": "Minuten",
    "kWh": "Kilowattstunden", "kW": "Kilowatt", "MW": "Megawatt", "W": "Watt", "V": "Volt",
    "GB": "Gigabyte", "MB": "Megabyte", "TB": "Terabyte", "m²": "Quadratmeter",
    "km²": "Quadratkilometer", "m³": "Kubikmeter", "ha": "Hektar", "Hz": "Hertz", "PS": "PS",
}
_SINGULAR = {"Tonnen": "eine Tonne", "Stunden": "eine Stunde", "Minuten": "eine Minute"}
"""What "1" and a unit say where the unit is feminine or changes in the singular."""
_CURRENCIES = {"€": ("Euro", "Cent"), "EUR": ("Euro", "Cent"), "Euro": ("Euro", "Cent"),
               "$": ("Dollar", "Cent"), "USD": ("Dollar", "Cent"), "Dollar": ("Dollar", "Cent"),
               "£": ("Pfund", "Pence"), "CHF": ("Franken", "Rappen"), "Fr.": ("Franken", "Rappen"),
               "¥": ("Yen", "Sen")}
_SCALES = {"Mio.": "Millionen", "Mrd.": "Milliarden", "Tsd.": "Tausend", "Millionen": "Millionen",
           "Milliarden": "Milliarden", "Million": "Million", "Milliarde": "Milliarde"}
ABBREVIATION_ENDINGS = {"str.": "straße"}
"""Abbreviations that end a word ("Hauptstr."): a sentence goes on after them too."""
ABBREVIATIONS = {
    "z. B.": "zum Beispiel", "z.B.": "zum Beispiel", "d. h.": "das heißt", "d.h.": "das heißt",
    "u. a.": "unter anderem", "u.a.": "unter anderem", "usw.": "und so weiter",
    "bzw.": "beziehungsweise", "ca.": "circa", "Dr.": "Doktor", "Prof.": "Professor",
    "Nr.": "Nummer", "Str.": "Straße", "evtl.": "eventuell", "ggf.": "gegebenenfalls",
    "inkl.": "inklusive", "zzgl.": "zuzüglich", "v. a.": "vor allem", "v.a.": "vor allem",
    "o. ä.": "oder ähnliches", "u. Ä.": "und Ähnliches", "i. d. R.": "in der Regel",
    "z. T.": "zum Teil", "Hr.": "Herr", "Abs.": "Absatz", "Abb.": "Abbildung",
    "Jh.": "Jahrhundert", "vs.": "versus", "etc.": "et cetera", "Tel.": "Telefon",
    "bspw.": "beispielsweise", "sog.": "sogenannte", "vgl.": "vergleiche", "St.": "Sankt",
    "Mio.": "Millionen", "Mrd.": "Milliarden", "Tsd.": "Tausend", "gem.": "gemäß",
    "max.": "maximal", "min.": "minimal", "insb.": "insbesondere", "allg.": "allgemein",
}
_ACRONYM_WORDS = {"NATO", "UNESCO", "UNICEF", "OPEC", "FIFA", "UEFA", "NASA", "AIDS", "COVID",
                  "DAX", "ADAC", "BAföG", "TÜV", "GEMA", "KITA", "DIN", "ZDF"}
_ONSETS = {"bl", "br", "ch", "dr", "fl", "fr", "gl", "gr", "kl", "kn", "kr", "pf", "pl", "pr",
           "sch", "schw", "sp", "st", "str", "tr", "zw"}


def _ordinal(number: int, ending: str = "er") -> str:
    """An ordinal with its ending: "vierundzwanzigster", "vierundzwanzigsten"."""
    return ordinal_words(number, L)[:-1] + ("e" if ending == "e" else f"e{ending[-1]}")


def _ending(before: str | None) -> str:
    if not before:
        return "er"
    word = before.strip().lower()
    if re.fullmatch(_DATIVE, word):
        return "en"
    return "e" if word in ("der", "die", "das") else "en" if word.endswith(("m", "n", "s")) \
        else "er"


def _month(name: str) -> str:
    key = name.rstrip(".").lower()
    return _MONTH_NAMES.get(key) or _MONTH_NAMES.get(key[:3], name)


def _date(day: int, month: str, year: str | None, before: str | None) -> str:
    spoken = f"{_ordinal(day, _ending(before))} {month}"
    return spoken + (f" {year_words(int(year), L)}" if year else "")


def _said_date(day: int, month: str, year: str | None, match: re.Match) -> str:
    before = match.groupdict().get("before") or ""
    return before + _date(day, _month(month), year, before or None)


_named_date, _numeric_date, _iso_date = dates(_said_date, _MONTHS)


def _money(match: re.Match) -> str:
    unit, cents = _CURRENCIES[match.group("cur")]
    amount, scale = match.group("amount"), match.group("scale")
    whole, fraction = value_of(amount)
    if scale:
        return f"{_number_text(amount)} {_scale(whole, fraction, scale)} {unit}"
    spoken = f"{'ein' if whole == 1 else words(whole, L)} {unit}"
    if fraction and int(fraction):
        spoken += f" {words(hundredths(fraction), L)}"
    return spoken


def _scale(whole: int, fraction: str, scale: str) -> str:
    word = _SCALES[scale]
    if whole == 1 and not fraction:
        return {"Millionen": "Million", "Milliarden": "Milliarde"}.get(word, word)
    return word


def _number_text(amount: str) -> str:
    whole, fraction = value_of(amount)
    return "eine" if whole == 1 and not fraction else amount_words(amount, L)


def _time(match: re.Match) -> str:
    hour, minute = int(match.group("hour")), match.group("minute")
    spoken = f"{'ein' if hour == 1 else words(hour, L)} Uhr"
    if minute and int(minute):
        spoken += f" {words(int(minute), L)}"
    return spoken


def _measure(match: re.Match) -> str:
    amount, unit = match.group("amount"), _UNITS[match.group("unit")]
    sign = "minus " if amount.startswith(("-", "−")) else ""
    amount = amount.lstrip("-−")
    whole, fraction = value_of(amount)
    if whole == 1 and not fraction:
        return sign + _SINGULAR.get(unit, f"ein {unit}")
    return f"{sign}{amount_words(amount, L)} {unit}"


def _ordinal_after(match: re.Match) -> str:
    return f"{match.group('before')} {_ordinal(int(match.group('number')), _ending(match.group('before')))}"


_FEMININE_ENDINGS = ("e", "ung", "heit", "keit", "schaft", "ion", "tät", "ik", "ur")


def _one_before_noun(match: re.Match) -> str:
    """"1 Stunde" is "eine Stunde", "1 Tag" "ein Tag" (a feminine noun by its ending)."""
    return "eine" if match.group("noun").lower().endswith(_FEMININE_ENDINGS) else "ein"


def _number(match: re.Match) -> str:
    text = match.group(0)
    sign = "minus " if text.startswith(("-", "−")) else ""
    digits = text.lstrip("-−")
    whole, fraction = value_of(digits)
    if not fraction and re.fullmatch(r"\d{4}", digits) and 1100 <= whole <= 2099:
        return sign + year_words(whole, L)
    return sign + amount_words(digits, L)


_UNIT = common.alternation(_UNITS)
_CURRENCY = common.alternation(_CURRENCIES)
_SCALE = common.alternation(_SCALES)

def _fraction(top: int, bottom: int) -> str:
    """"1/3" is "ein Drittel", "3/4" "drei Viertel", "1/2" "ein halb"."""
    if bottom == 2:
        return "ein halb" if top == 1 else f"{words(top, L)} halbe"
    stem = {3: "Drittel", 4: "Viertel", 7: "Siebtel", 8: "Achtel"}.get(bottom) or \
        ordinal_words(bottom, L)[:-1].capitalize() + "el"
    return f"{'ein' if top == 1 else words(top, L)} {stem}"


RULES: list[common.Rule] = [
    *common.FOOTNOTES, *common.QUOTES, *common.addresses("Punkt", "ät"),
    (re.compile(rf"(?P<before>\b{_DATIVE}\s+|\b{_ARTICLES}\s+)?\b(?P<day>\d{{1,2}})\.\s?"
                rf"(?P<month>{_MONTH})(?!\w)(?:\s+(?P<year>\d{{4}}))?"), _named_date),
    (re.compile(rf"(?P<before>\b{_DATIVE}\s+)?\b(?P<day>\d{{1,2}})\.(?P<month>\d{{1,2}})\."
                r"(?P<year>\d{4}|\d{2})?(?!\d)"), _numeric_date),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), _iso_date),
    telephone_rule(lambda number: words(number, L), "plus", spaced_thousands=False),
    common.signs("plus", "minus"),
    fraction_rule(_fraction),
    (re.compile(rf"\b(?P<month>{_MONTH})(?=\s+\d{{4}})"), lambda m: _month(m.group("month"))),
    (re.compile(r"(?<=\d)\s?[–—-]\s?(?=\d)"), " bis "),
    (re.compile(rf"(?P<amount>{_AMOUNT})\s?(?:(?P<scale>{_SCALE})\s?)?(?P<cur>{_CURRENCY})(?!\w)"),
     _money),
    (re.compile(rf"(?P<cur>{_CURRENCY})\s?(?P<amount>{_AMOUNT})(?:\s?(?P<scale>{_SCALE}))?"),
     _money),
    (re.compile(r"\b(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)(?!\d)(?:\s?Uhr\b)?"), _time),
    (re.compile(r"\b(?P<hour>[01]?\d|2[0-3])\.(?P<minute>[0-5]\d)\s?Uhr\b"), _time),
    (re.compile(r"\b(?P<hour>[01]?\d|2[0-3])(?P<minute>)\s?Uhr\b"), _time),
    (re.compile(rf"(?P<amount>{_AMOUNT})\s?(?:%|Prozent\b)"),
     lambda m: f"{amount_words(m.group('amount'), L)} Prozent"),
    (re.compile(rf"(?P<amount>{_AMOUNT})\s?‰"),
     lambda m: f"{amount_words(m.group('amount'), L)} Promille"),
    (re.compile(rf"(?P<amount>(?<![\w.,])[-−]?{_AMOUNT})\s?(?P<unit>{_UNIT})(?!\w)"), _measure),
    (re.compile(rf"(?P<amount>{_AMOUNT})\s?(?P<scale>{_SCALE})(?!\w)"),
     lambda m: f"{_number_text(m.group('amount'))} "
               f"{_scale(*value_of(m.group('amount')), m.group('scale'))}"),
    (re.compile(rf"\b(?P<before>{_DATIVE}|{_ARTICLES})\s+(?P<number>\d{{1,3}})\.(?=\s|$)"),
     _ordinal_after),
    # "die 1990er Jahre", "in den 90ern", "der 2016er Jahrgang": a year or a decade as an
    # adjective, its words and "er" ("neunzehnhundertneunziger", "neunziger")
    (re.compile(r"(?<![\w.,])(?P<number>1[1-9]\d\d|20\d\d|[1-9]0)(?P<ending>er|ern|ers)\b"),
     lambda m: f"{year_words(int(m.group('number')), L)}{m.group('ending')}"),
    (re.compile(r"§\s?(?=\d)"), "Paragraf "),
    (re.compile(r"\bS\.\s?(?=\d)"), "Seite "),
    regnal_rule(lambda n: "der " + ordinal_words(n, L).capitalize(), dot=True),
    (re.compile(r"\b(?P<street>[A-ZÄÖÜ][a-zäöüß]+)str\.(?=\s|$)"),
     rf"\g<street>{ABBREVIATION_ENDINGS['str.']}"),
    common.abbreviations(ABBREVIATIONS),
    *common.PAUSES,
    (re.compile(r"\s&\s"), " und "),
    *common.acronyms(_ACRONYM_WORDS, _ONSETS, language="de"),
    (re.compile(r"(?<![\w.,-])1(?=\s+(?P<noun>[A-ZÄÖÜ][a-zäöüß]+))"), _one_before_noun),
    (re.compile(rf"(?<![\w.,])[-−]?{_AMOUNT}(?![\w])"), _number),
]
