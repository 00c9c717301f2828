"""Vietnamese: "ngày 5/12/2026", "ngày 1 tháng 5", "9:30", "120.000 đ", "25%", "3/4", "thứ 2",
"TP.", "v.v.", numbers with a decimal comma and thousands points, said as Vietnamese say them
("hai nghìn không trăm hai mươi sáu", "một trăm lẻ năm", "hai mươi mốt", "mười lăm")."""

from __future__ import annotations

import re

from narrator.text.spoken.numbers import value_of
from narrator.text.spoken.table import Table, month_names, rules

L = "vi"
VERSION = 1
MONTHS = month_names(L)  # "tháng 12"
_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu", "tỷ")


def _hundreds(number: int, inside: bool) -> list[str]:
    """Words of 0-999; `inside` a larger number, an empty hundred is "không trăm"."""
    hundred, ten, unit = number // 100, number // 10 % 10, number % 10
    said = [_DIGITS[hundred], "trăm"] if hundred or inside else []
    if ten == 0:
        return said + ((["lẻ"] if said else []) + [_DIGITS[unit]] if unit else [])
    if ten == 1:
        return said + ["mười"] + ([{5: "lăm"}.get(unit, _DIGITS[unit])] if unit else [])
    return said + [_DIGITS[ten], "mươi"] + ([{1: "mốt", 5: "lăm"}.get(unit, _DIGITS[unit])]
                                          if unit else [])


def _words(number: int) -> str:
    if number == 0:
        return "không"
    groups, rest = [], number
    while rest:
        groups.append(rest % 1000)
        rest //= 1000
    said: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        if groups[index]:
            said += _hundreds(groups[index], inside=bool(said))
            said += [_GROUPS[min(index, 3)]] if index else []
    return " ".join(word for word in said if word)


def _date(day: int, month: int, year: int | None) -> str:
    said = f"{_words(day)} tháng {_words(month)}"
    return f"{said} năm {_words(year)}" if year else said


def _numeric_date(match: re.Match) -> str:
    day, month, year = (int(match.group(name)) for name in ("day", "month", "year"))
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return match.group(0)
    return ("" if match.group("ngay") else "ngày ") + _date(day, month, year)


def _money(name: str):
    def said(text: str) -> str:
        whole, fraction = value_of(text)
        spoken = _words(whole)
        if fraction and int(fraction):
            spoken += f" phẩy {_words(int(fraction))}"
        return f"{spoken} {name}"
    return said


_EXTRA = [
    (re.compile(r"(?P<ngay>\b(?i:ngày)\s+)?\b(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})\b"),
     lambda m: (m.group("ngay") or "") + _numeric_date(m)),
    (re.compile(r"\bthứ\s+(?P<number>\d{1,3})\b"),
     lambda m: "thứ " + {1: "nhất", 4: "tư"}.get(int(m.group("number")),
                                              _words(int(m.group("number"))))),
]

TABLE = Table(
    code=L, minus="âm", point="phẩy", percent="phần trăm", dot="chấm", at="a còng", plus="cộng",
    months=MONTHS, date=_date, time=lambda hour, minute: f"{_words(hour)} giờ"
    + (f" {_words(minute)} phút" if minute else ""),
    ordinal=lambda number, written: _words(number), ordinal_marks=r"(?!)",
    fraction=lambda top, bottom: f"{_words(top)} phần {'tư' if bottom == 4 else _words(bottom)}",
    currencies={"đ": _money("đồng"), "₫": _money("đồng"), "VND": _money("đồng"),
                "đồng": _money("đồng"), "€": _money("euro"), "EUR": _money("euro"),
                "$": _money("đô la"), "USD": _money("đô la")},
    units={"km": "ki lô mét", "m": "mét", "cm": "xen ti mét", "mm": "mi li mét",
           "kg": "ki lô gam", "g": "gam", "t": "tấn", "l": "lít", "ml": "mi li lít",
           "km/h": "ki lô mét trên giờ", "°C": "độ C", "h": "giờ", "ha": "héc ta",
           "m²": "mét vuông", "kWh": "ki lô oát giờ", "MW": "mê ga oát", "GB": "gi ga bai"},
    abbreviations={"TP.": "thành phố", "Tp.": "thành phố", "TS.": "tiến sĩ", "ThS.": "thạc sĩ",
                   "GS.": "giáo sư", "PGS.": "phó giáo sư", "v.v.": "vân vân",
                   "BS.": "bác sĩ", "Q.": "quận", "P.": "phường", "UBND": "ủy ban nhân dân",
                   "TW": "trung ương", "HN": "Hà Nội", "ĐT": "điện thoại"},
    spaced_thousands=False, range_word=" đến ", cardinal=_words, extra=_EXTRA, capitals="A-ZĐ",
)
RULES = rules(TABLE)
