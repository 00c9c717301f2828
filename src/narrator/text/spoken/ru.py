"""Russian: "5 декабря 2026 года", "05.03.2027", "в 9:30", "120 руб.", "500 ₽", "4 млн", "25%",
"3/4",
ordinals by their written ending ("1-е", "2-я", "10-ю"), "в 1965 году", "т. е.", numbers with a
decimal comma and thousands spaces; nouns after numbers in the form the number asks for."""

from __future__ import annotations

import re

from num2words import num2words

from narrator.text.spoken.numbers import hundredths, roman_value, value_of
from narrator.text.spoken.table import Table, ending, month_names, rules

L = "ru"
VERSION = 1
MONTHS = month_names(L)  # as in a date: "декабря"
_FEMININE = {"тысяча", "тысячи", "тысяч", "минута", "минуты", "минут", "тонна", "тонны", "тонн",
             "крона", "кроны", "крон", "треть", "трети", "третей", "четверть", "четверти",
             "четвертей", "гривна", "гривны", "гривен"}


def _words(number: int) -> str:
    return re.sub(r"^одна тысяча\b", "тысяча", num2words(number, lang=L))


def form(whole: int, fraction: str = "") -> int:
    """Which form a noun takes after a number: 0 "один рубль", 1 "два рубля" (and after a
    decimal), 2 "пять рублей"."""
    if fraction:
        return 1
    if whole % 10 == 1 and whole % 100 != 11:
        return 0
    return 1 if 2 <= whole % 10 <= 4 and not 12 <= whole % 100 <= 14 else 2


def _count(said: str, noun: str) -> str:
    if noun.split()[0] in _FEMININE:
        return re.sub(r"\b(один|два)$", lambda m: "одна" if m.group(1) == "один" else "две", said)
    return said


_HARD = {"й": "", "я": "ая", "е": "ое", "ю": "ую", "го": "ого", "му": "ому", "м": "ом", "х": "ых",
         "ми": "ыми"}
_SOFT = {"й": "ий", "я": "ья", "е": "ье", "ю": "ью", "го": "ьего", "му": "ьему", "м": "ьем",
         "х": "ьих", "ми": "ьими"}


def ordinal(number: int, written: str = "й") -> str:
    """The ordinal in the case and gender its written ending says ("10-ю" is "десятую")."""
    said = num2words(number, lang=L, to="ordinal")
    suffix = written.lstrip("-")
    if said.endswith("ий"):  # третий
        return said[:-2] + _SOFT.get(suffix, "ий")
    if suffix in ("й", "ый", "ой", "ий"):
        return said
    return re.sub(r"(ый|ой)$", _HARD.get(suffix, r"\1"), said)


def _date(day: int, month: int, year: int | None) -> str:
    said = f"{ordinal(day, 'го')} {MONTHS[month - 1]}"
    return f"{said} {ordinal(year, 'го')}" if year else said


def _time(hour: int, minute: int) -> str:
    if not minute:
        return f"{_words(hour)} ноль ноль"
    return f"{_words(hour)} {'ноль ' + _words(minute) if minute < 10 else _words(minute)}"


def _fraction(top: int, bottom: int) -> str:
    special = {3: ("треть", "трети", "третей"), 4: ("четверть", "четверти", "четвертей")}
    if bottom in special:
        name = special[bottom][form(top)]
    else:
        name = ending(num2words(bottom, lang=L, to="ordinal"),
                      {"ый": "ая" if form(top) == 0 else "ых", "ой": "ая" if form(top) == 0
                       else "ых", "ий": "ья" if form(top) == 0 else "ьих"})
    return f"{_count(_words(top), 'тысяча')} {name}"


def _money(forms: tuple[str, str, str], cents: tuple[str, str, str] | None = None):
    def said(text: str) -> str:
        whole, fraction = value_of(text)
        spoken = f"{_count(_words(whole), forms[0])} {forms[form(whole)]}"
        if cents and fraction and int(fraction):
            value = hundredths(fraction)
            spoken += f" {_words(value)} {cents[form(value)]}"
        return spoken
    return said


_RUBLES = _money(("рубль", "рубля", "рублей"), ("копейка", "копейки", "копеек"))
_EURO = _money(("евро", "евро", "евро"), ("цент", "цента", "центов"))
_DOLLARS = _money(("доллар", "доллара", "долларов"), ("цент", "цента", "центов"))


def _scale(match: re.Match) -> str:
    """"4 млн" is "четыре миллиона", "2,5 тыс." "две целых пять десятых тысячи"."""
    whole, fraction = value_of(match.group("amount"))
    names = {"тыс.": ("тысяча", "тысячи", "тысяч"), "млн": ("миллион", "миллиона", "миллионов"),
             "млрд": ("миллиард", "миллиарда", "миллиардов")}[match.group("scale")]
    amount = num2words(float(f"{whole}.{fraction}"), lang=L) if fraction else _words(whole)
    return f"{_count(amount, names[0])} {names[form(whole, fraction)]}"


def _in_year(match: re.Match) -> str:
    return f"{match.group('in')} {ordinal(int(match.group('year')), 'м')} году"


def _century(match: re.Match) -> str:
    """"XXI веке" is "двадцать первом веке": the ordinal in the century's case."""
    value = roman_value(match.group("numeral"))
    if not value:
        return match.group(0)
    suffix = {"а": "го", "е": "м", "у": "му", "ом": "м"}.get(match.group("case") or "", "й")
    return f"{ordinal(value, suffix)} {match.group('what')}"


def _percent(text: str, said: str) -> str:
    whole, fraction = value_of(text)
    return f"{said} {('процент', 'процента', 'процентов')[form(whole, fraction)]}"


_U = {"км": ("километр", "километра", "километров"), "м": ("метр", "метра", "метров"),
      "см": ("сантиметр", "сантиметра", "сантиметров"),
      "мм": ("миллиметр", "миллиметра", "миллиметров"),
      "кг": ("килограмм", "килограмма", "килограммов"), "г": ("грамм", "грамма", "граммов"),
      "т": ("тонна", "тонны", "тонн"), "л": ("литр", "литра", "литров"),
      "мл": ("миллилитр", "миллилитра", "миллилитров"),
      "км/ч": ("километр в час", "километра в час", "километров в час"),
      "°C": ("градус Цельсия", "градуса Цельсия", "градусов Цельсия"),
      "°С": ("градус Цельсия", "градуса Цельсия", "градусов Цельсия"),
      "ч": ("час", "часа", "часов"), "мин": ("минута", "минуты", "минут"),
      "кВт·ч": ("киловатт-час", "киловатт-часа", "киловатт-часов"),
      "МВт": ("мегаватт", "мегаватта", "мегаватт"), "ГБ": ("гигабайт", "гигабайта", "гигабайт"),
      "га": ("гектар", "гектара", "гектаров"),
      "м²": ("квадратный метр", "квадратных метра", "квадратных метров"),
      "км²": ("квадратный километр", "квадратных километра", "квадратных километров")}

TABLE = Table(
    code=L, minus="минус", regnal=ordinal, point="целых", percent=_percent, dot="точка",
    at="собака", plus="плюс",
    months=MONTHS, date=_date, time=_time, ordinal=ordinal,
    ordinal_marks=r"-(?:ый|ой|ий|ая|ое|ую|ого|ому|ым|ых|ыми|й|я|е|ю|го|му|м|х|ми)",
    fraction=_fraction,
    currencies={"руб.": _RUBLES, "руб": _RUBLES, "₽": _RUBLES, "RUB": _RUBLES, "€": _EURO,
                "EUR": _EURO, "$": _DOLLARS, "USD": _DOLLARS},
    units=_U, plural=form, decimals="num2words", cardinal=_words, count=_count,
    abbreviations={"т. е.": "то есть", "т.е.": "то есть", "и т. д.": "и так далее",
                   "и т.д.": "и так далее", "и т. п.": "и тому подобное", "ул.": "улица",
                   "пр.": "проспект", "д.": "дом", "др.": "другие", "т. к.": "так как",
                   "т.к.": "так как", "см.": "смотри", "г.": "город", "гг.": "годы",
                   "им.": "имени", "напр.": "например", "тел.": "телефон",
                   "проф.": "профессор", "акад.": "академик"},
    range_word=" ",
    extra=[(re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
            lambda m: _date(int(m.group("day")), int(m.group("month")), int(m.group("year")))
            + " года" if 1 <= int(m.group("month")) <= 12 else m.group(0)),
           (re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})\b"
                       r"(?!\s*(?:года|г\.))"),
            lambda m: _date(int(m.group("day")), int(m.group("month")), int(m.group("year")))
            + " года" if 1 <= int(m.group("month")) <= 12 else m.group(0)),
           (re.compile(r"(?P<amount>\d+(?:,\d+)?)\s?(?P<scale>тыс\.|млн|млрд)(?!\w)"), _scale),
           (re.compile(r"(?P<in>\b[вВ]) (?P<year>\d{4}) (?:году|г\.)"), _in_year),
           # "до конца 2027 года", "с 2020 года": the year's ordinal in the genitive
           (re.compile(r"(?<![\d.,])(?P<year>\d{4}) года\b"),
            lambda m: f"{ordinal(int(m.group('year')), 'го')} года"),
           (re.compile(r"\b(?P<numeral>[IVXLC]{1,7})\s+(?P<what>век(?P<case>а|е|у|ом)?)\b"),
            _century)],
    capitals="А-ЯЁ",
)
RULES = rules(TABLE)
