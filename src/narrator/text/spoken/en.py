"""English: dates ("Mar 18, 2015"), money ("$4.5 million"), times, decades, measures,
ordinals, regnal numbers ("Henry VIII"), abbreviations ("St." as saint or street) and acronyms
("FBI" as letters, "NASA" as a word)."""

from __future__ import annotations

import re

from num2words import num2words

from narrator.core.languages import MONTHS
from narrator.text.spoken import common
from narrator.text.spoken.common import Rule
from narrator.text.spoken.numbers import hundredths, roman_value
from narrator.text.spoken.table import telephone_rule

_MONTHS = MONTHS["en"]
_MONTH_ABBR = {m[:3].lower(): m for m in _MONTHS} | {"sept": "September"}
_MONTH = (r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|Jun(?:e|\.)?|"
          r"Jul(?:y|\.)?|Aug(?:ust|\.)?|Sep(?:tember|t\.?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|"
          r"Dec(?:ember|\.)?)")
_AMOUNT = r"\d(?:[\d,]*\d)?(?:\.\d+)?"
"""A written number; it never ends with the comma that follows it in a sentence."""
_CURRENCIES = {"$": ("dollar", "dollars", "cent", "cents"), "£": ("pound", "pounds", "penny", "pence"),
               "€": ("euro", "euros", "cent", "cents"), "¥": ("yen", "yen", "sen", "sen")}
_SCALES = r"(?:thousand|million|billion|trillion|[kKmMbB]n?\b)"
_SCALE_WORDS = {"k": "thousand", "m": "million", "mn": "million", "b": "billion", "bn": "billion"}
_UNITS = {
    "km": ("kilometer", "kilometers"), "m": ("meter", "meters"), "cm": ("centimeter", "centimeters"),
    "mm": ("millimeter", "millimeters"), "kg": ("kilogram", "kilograms"), "g": ("gram", "grams"),
    "mg": ("milligram", "milligrams"), "lb": ("pound", "pounds"), "lbs": ("pound", "pounds"),
    "oz": ("ounce", "ounces"), "mi": ("mile", "miles"), "ft": ("foot", "feet"),
    "mph": ("mile per hour", "miles per hour"), "km/h": ("kilometer per hour", "kilometers per hour"),
    "kph": ("kilometer per hour", "kilometers per hour"), "l": ("liter", "liters"),
    "ml": ("milliliter", "milliliters"), "kb": ("kilobyte", "kilobytes"),
    "mb": ("megabyte", "megabytes"), "gb": ("gigabyte", "gigabytes"), "tb": ("terabyte", "terabytes"),
    "kw": ("kilowatt", "kilowatts"), "kwh": ("kilowatt hour", "kilowatt hours"),
    "mw": ("megawatt", "megawatts"), "w": ("watt", "watts"), "v": ("volt", "volts"),
    "hz": ("hertz", "hertz"), "khz": ("kilohertz", "kilohertz"), "mhz": ("megahertz", "megahertz"),
    "ghz": ("gigahertz", "gigahertz"), "ms": ("millisecond", "milliseconds"),
    "°c": ("degree Celsius", "degrees Celsius"), "°f": ("degree Fahrenheit", "degrees Fahrenheit"),
    "°": ("degree", "degrees"), "tsp": ("teaspoon", "teaspoons"), "tbsp": ("tablespoon", "tablespoons"),
    "m²": ("square meter", "square meters"), "km²": ("square kilometer", "square kilometers"),
    "cm²": ("square centimeter", "square centimeters"), "m³": ("cubic meter", "cubic meters"),
}
# Abbreviations whose reading does not depend on context; "St." and "Dr." are handled apart.
ABBREVIATIONS = {
    "Mr.": "Mister", "Mrs.": "Missus", "Ms.": "Miz", "Prof.": "Professor", "Gen.": "General",
    "Sen.": "Senator", "Rep.": "Representative", "Gov.": "Governor", "Lt.": "Lieutenant",
    "Sgt.": "Sergeant", "Capt.": "Captain", "Col.": "Colonel", "Jr.": "Junior", "Sr.": "Senior",
    "Mt.": "Mount", "Ave.": "Avenue", "Blvd.": "Boulevard", "Rd.": "Road", "Inc.": "Incorporated",
    "Ltd.": "Limited", "Corp.": "Corporation", "Co.": "Company", "Dept.": "Department",
    "vs.": "versus", "etc.": "et cetera", "e.g.": "for example", "i.e.": "that is",
    "approx.": "approximately", "est.": "established", "Fig.": "Figure", "fig.": "figure",
}
# Capitalised abbreviations read as words rather than letter by letter.
_ACRONYM_WORDS = {"NASA", "NATO", "UNESCO", "UNICEF", "OPEC", "FIFA", "NAFTA", "SARS", "AIDS",
                  "LASER", "RADAR", "SCUBA", "ASAP", "GIF", "JPEG", "PIN", "COVID", "UEFA",
                  "OSHA", "DARPA", "FEMA", "ISIS", "SWAT", "WASP", "POTUS", "SCOTUS"}
_ONSETS = {"bl", "br", "ch", "cl", "cr", "dr", "fl", "fr", "gl", "gr", "kn", "ph", "pl", "pr",
           "sc", "sh", "sk", "sl", "sm", "sn", "sp", "st", "sw", "th", "tr", "tw", "wh", "wr"}


def _cardinal(text: str) -> str:
    number = float(text.replace(",", "")) if "." in text else int(text.replace(",", ""))
    return num2words(number).replace("-", " ").replace(",", "")


def _ordinal(number: int) -> str:
    return num2words(number, to="ordinal").replace("-", " ")


def _year(number: int) -> str:
    if 2000 <= number <= 2009:
        return num2words(number).replace("-", " ").replace(" and ", " ")
    return num2words(number, to="year").replace("-", " ").replace("oh ", "oh ")


def _money(match: re.Match) -> str:
    symbol, amount, scale = match.group("cur"), match.group("amount"), match.group("scale")
    one, many, sub_one, sub_many = _CURRENCIES[symbol]
    if scale:
        scale_word = _SCALE_WORDS.get(scale.lower(), scale.lower())
        return f"{_cardinal(amount)} {scale_word} {many}"
    value = amount.replace(",", "")
    whole, _, cents = value.partition(".")
    words = f"{_cardinal(whole)} {one if whole == '1' else many}"
    if cents and int(cents):
        cents_value = hundredths(cents)
        words += f" and {_cardinal(str(cents_value))} {sub_one if cents_value == 1 else sub_many}"
    return words


def _date(month: str, day: str | None, year: str | None, day_first: bool = False) -> str:
    month = _MONTH_ABBR.get(month.rstrip(".").lower()[:4], None) or \
        _MONTH_ABBR[month.rstrip(".").lower()[:3]]
    parts = []
    if day:
        parts.append(f"the {_ordinal(int(day))} of {month}" if day_first
                     else f"{month} {_ordinal(int(day))}")
    else:
        parts.append(month)
    spoken = parts[0]
    if year:
        spoken += f", {_year(int(year))}"
    return spoken


def _month_day_year(match: re.Match) -> str:
    return _date(match.group("month"), match.group("day"), match.group("year"))


def _day_month_year(match: re.Match) -> str:
    return _date(match.group("month"), match.group("day"), match.group("year"), day_first=True)


def _iso_date(match: re.Match) -> str:
    year, month, day = (int(x) for x in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return match.group(0)
    return _date(_MONTHS[month - 1], str(day), str(year))


def _time(match: re.Match) -> str:
    hour, minute = int(match.group("hour")), match.group("minute")
    meridiem = (match.group("meridiem") or "").lower().replace(".", "").replace(" ", "")
    words = num2words(hour)
    if minute and minute != "00":
        words += (" oh " + num2words(int(minute)) if minute.startswith("0")
                  else " " + num2words(int(minute)))
    elif not meridiem:
        words += " hundred" if hour > 12 or match.group("hour").startswith("0") else " o'clock"
    if meridiem:
        words += " " + " ".join(meridiem)
    return words.replace("-", " ")


def _decade(match: re.Match) -> str:
    century, decade = match.group("century"), match.group("decade")
    if decade == "00":
        return f"{_year(int(century + '00'))}s" if century else "two thousands"
    word = num2words(int(decade)).replace("-", " ")
    plural = word[:-1] + "ies" if word.endswith("y") else word + "s"
    return f"{num2words(int(century)).replace('-', ' ')} {plural}" if century else plural


def _measure(match: re.Match) -> str:
    amount, unit = match.group("amount"), match.group("unit")
    one, many = _UNITS[unit.lower()]
    return f"{_cardinal(amount)} {one if amount == '1' else many}"


def _roman_value(numeral: str) -> int | None:
    return roman_value(numeral, r"X{0,3}(?:IX|IV|V?I{0,3})")


def _regnal(match: re.Match) -> str:
    value = _roman_value(match.group("numeral"))
    if value is None or (value == 1 and not match.group("war")):
        return match.group(0)
    if match.group("war"):
        return f"{match.group('name')} {num2words(value)}"
    return f"{match.group('name')} the {_ordinal(value)}"


def _saint_or_street(match: re.Match) -> str:
    before, after = match.group("before"), match.group("after")
    # "St. Louis": a name follows, so a saint; "Main St." or "42 St.": a street.
    return f"{before or ''}Saint " if after else f"{before or ''}Street"


def _url(match: re.Match) -> str:
    host = match.group("host").lower()
    host = re.sub(r"^www\.", "", host)
    return host.replace(".", " dot ")


def _email(match: re.Match) -> str:
    user, host = match.group("user"), match.group("host")
    return f"{user.replace('.', ' dot ')} at {host.lower().replace('.', ' dot ')}"


def _number(match: re.Match) -> str:
    text = match.group(0)
    sign = "minus " if text.startswith(("-", "−")) else ""
    digits = text.lstrip("-−")
    if "." in digits:
        whole, _, fraction = digits.partition(".")
        return sign + f"{_cardinal(whole or '0')} point " + " ".join(num2words(int(d)) for d in fraction)
    value = int(digits.replace(",", ""))
    if "," not in digits and 1000 < value < 2100 and value != 2000:
        return sign + _year(value)
    return sign + _cardinal(digits)


RULES: list[Rule] = [
    *common.FOOTNOTES,
    # Curly quotes and apostrophes, as the phonemizer expects them.
    (re.compile(r"[‘’ʼ`´]"), "'"),
    (re.compile(r"[“”„«»]"), '"'),
    # URLs and e-mail addresses, spoken by their site, not character by character.
    (re.compile(r"\b(?P<user>[\w.+-]+)@(?P<host>[\w-]+(?:\.[\w-]+)+)\b"), _email),
    (re.compile(r"\b(?:https?://)?(?P<host>(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|edu|gov|"
                r"io|co|uk|de|fr|ca|au|info|dev|app|news|tv|fm)\b)(?:/[^\s)\]]*)?(?<![.,;:!?])",
                re.I), _url),
    # Dates, before their numbers are read as numbers.
    (re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
                rf"(?:,?\s+(?P<year>\d{{4}}))?\b"), _month_day_year),
    (re.compile(rf"\b(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH})"
                rf"(?:,?\s+(?P<year>\d{{4}}))?\b"), _day_month_year),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), _iso_date),
    (re.compile(r"\bc\.\s?(?=\d{3,4}\b)"), "circa "),
    # Decades: the 1960s, the '90s, in their 50s.
    (re.compile(r"(?:\b(?P<century>1[0-9]|20)|'|(?<![\w.,$£€])(?=[1-9]0s))(?P<decade>\d0)'?s\b"),
     _decade),
    (re.compile(r"(?<![\w.,$£€])100s\b"), "hundreds"),
    (re.compile(r"(?<![\w.,$£€])1,?000s\b"), "thousands"),
    # Telephone numbers digit by digit ("+44 20 7946 0958", "555-123-4567"), then signs.
    telephone_rule(num2words, "plus", spaced_thousands=False, fewest_digits=7),
    common.signs("plus", "minus"),
    # Money: $4.5 million, £12.50, €3bn.
    (re.compile(rf"(?P<cur>[$£€¥])\s?(?P<amount>{_AMOUNT})(?:\s?(?P<scale>{_SCALES}))?"),
     _money),
    # Times: 6 a.m., 9:30 pm, 6.30pm, 14:05.
    (re.compile(r"\b(?P<hour>[01]?\d|2[0-3])(?:[:.](?P<minute>[0-5]\d))?\s?(?P<meridiem>[ap]\.\s?m\.|"
                r"[AP]\.\s?M\.|[ap]m\b|[AP]M\b)"), _time),
    (re.compile(r"\b(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)(?P<meridiem>)\b"), _time),
    # Percentages and measures.
    (re.compile(rf"({_AMOUNT})\s?(?:%|percent\b|per cent\b)"),
     lambda m: f"{_cardinal(m.group(1))} percent"),
    (re.compile(rf"(?P<amount>{_AMOUNT})\s?(?P<unit>°[CF]|°|(?:" +
                common.alternation(u for u in _UNITS if not u.startswith("°")) + r")\b)", re.I),
     _measure),
    # Ordinals: 1st, 22nd, 103rd.
    (re.compile(r"\b(\d+)(?:st|nd|rd|th)\b"), lambda m: _ordinal(int(m.group(1)))),
    # Number ranges with an en dash: 1990–1995, pages 10-12.
    (re.compile(r"(?<=\d)\s?[–—]\s?(?=\d)"), " to "),
    # Regnal and war numbers: Henry VIII, Elizabeth II, World War II.
    (re.compile(r"\b(?P<name>(?P<war>World War|Episode|Part|Chapter|Volume|Book|Act|Phase|Super Bowl)|[A-Z][a-z]+)\s(?P<numeral>[IVX]{1,5})\b(?![.'-]\w)"),
     _regnal),
    # Abbreviations that depend on context, then the rest.
    (re.compile(r"(?P<before>\b[\w.]+\s)?St\.(?P<after>\s(?=[A-Z]))?"), _saint_or_street),
    (re.compile(r"\bDr\.(?=\s[A-Z])"), "Doctor"),
    (re.compile(r"(?<=[a-z] )Dr\.|(?<=[A-Z][a-z] )Dr\.|\bDr\.$"), "Drive"),
    (re.compile(r"\bNo\.\s?(?=\d)"), "number "),
    (re.compile(rf"\b(?P<month>{_MONTH})(?=\s|$)(?<=\.)"),
     lambda m: _MONTH_ABBR[m.group("month").rstrip(".").lower()[:3]]),
    (re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(a) for a in ABBREVIATIONS) + r")(?!\w)"),
     lambda m: ABBREVIATIONS[m.group(0)]),
    *common.PAUSES,
    (re.compile(r"\s&\s"), " and "),
    (re.compile(r"#(?=\d)"), "number "),
    # Acronyms: FBI as letters, NASA and TIME as words.
    *common.acronyms(_ACRONYM_WORDS, _ONSETS, "A-Z", "en"),
    # Every remaining number.
    (re.compile(rf"(?<![\w.])[-−]?{_AMOUNT}(?![\w])"), _number),
]

