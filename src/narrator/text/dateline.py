"""A page's dateline and byline, in the languages narrator's users write most: "Published Nov.
14, 2026 Updated Nov. 15, 2026, 6:02 a.m. ET", "12.10.2026, 07:30 Uhr", "Sevilla - 4 dic 2026 -
09:15 CET", "Posted on 21 September 2026 by Hannah Wells", "Von Anna Brückner", "Por Lucía Ferrer",
"公開日： 2025/01/31 11:30", "2026년 12월 4일 입력"."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from narrator.core.languages import primary_language

_MONTHS = {
    1: "january jan janvier janv enero ene januar jänner gennaio gen janeiro januari januar "
        "stycznia "
        "января январь január",
    2: "february feb février févr fevrier febrero februar febbraio fevereiro februari lutego "
        "февраля февраль február",
    3: "march mar mars marzo märz maerz mär março maart marts mars marca "
        "марта март március",
    4: "april apr avril abril aprile abr kwietnia апреля апрель április",
    5: "may mai mayo maggio mag maio mei maj мая май május",
    6: "june jun juin junio juni giugno giu junho czerwca июня июнь június",
    7: "july jul juillet juil julio juli luglio lug julho lipca июля июль július",
    8: "august aug août aout agosto ago augustus augusti sierpnia "
        "августа август augusztus",
    9: "september sep sept septembre septiembre set settembre setembro "
        "wrzesnia września сентября сентябрь szeptember",
    10: "october oct octobre octubre oktober okt ottobre ott outubro out oktober "
        "października октября октябрь október",
    11: "november nov novembre noviembre novembro listopada ноября ноябрь",
    12: "december dec décembre decembre diciembre dic dezember dez dicembre dezembro desember "
        "grudnia декабря декабрь",
}
_MONTH = {word: number for number, words in _MONTHS.items() for word in words.split()}
_MONTH_NAME = "|".join(sorted(map(re.escape, _MONTH), key=len, reverse=True))
_DATE = re.compile(
    rf"(?P<md>(?P<m1>{_MONTH_NAME})\.? (?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<y1>\d{{4}}))|"
    rf"(?P<dm>(?P<d2>\d{{1,2}})(?:st|nd|rd|th|er)?\.? (?:de )?(?P<m2>{_MONTH_NAME})\.?,? "
    rf"(?:de )?(?P<y2>\d{{4}}))|"
    r"(?P<iso>(?P<y3>\d{4})(?:-|/|\. ?|年|년 ?)(?P<m3>\d{1,2})(?:-|/|\. ?|月|월 ?)(?P<d3>\d{1,2})"
    r"(?:日|일|\.)?)|"
    r"(?P<num>(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<y4>\d{4}|\d{2}(?![\d./])))|"
    rf"(?P<ym>(?P<y5>\d{{4}})\.\s(?P<m5>{_MONTH_NAME})\s(?P<d5>\d{{1,2}})\.?)",
    re.I)
_YEAR = re.compile(r"\d{4}|\d[./]\d{2}\b")
"""A year of four digits, or of two after a day and a month ("31.07.24", as Norway writes)."""
_TIME = re.compile(r"\b\d{1,2}[:.h]\d{2}(?:\s*(?:uhr|h|[ap]\.?\s?m\.?))?", re.I)
_FILLER = re.compile(
    r"\b(?:published|updated|posted|last|first|modified|original|originally|on|at|um|am|le|el|"
    r"à|a|las|de|del|veröffentlicht|aktualisiert|erstellt|zuletzt|stand|publié|publie|mis|jour|"
    r"publicado|actualizado|"
    r"pubblicato|aggiornato|alle|ore|gepubliceerd|bijgewerkt|laatste|update|om|publicerad|"
    r"uppdaterad|atualizado|atualizada|publicada|há|обновлено|опубликовано|изменено|в|"
    r"frissítve|frissítés|közzétéve|"
    r"publisert|oppdatert|sist|senast|kl|uhr|lesezeit|lesedauer|reading|time|read|min|minutes?|"
    r"minuten?|minutos?|minuti|lettura|lectura|leitura|lecture|di|ago|hours?|hrs?|days?|weeks?|yesterday|today|vor|stunden?|tagen?|hace|"
    r"horas?|días|il y a|heures?|jours?|fa|giorni|sedan|timmar|dagar|siden|timer|dager|\d+|(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lunes|martes|miércoles|jueves|"
    r"viernes|sábado|domingo|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    r"公開日|更新日|配信日|掲載日|投稿日|発行日|最終更新日?|更新|发布时间|发布日期|更新时间|"
    r"입력|수정|업데이트|기사입력|(?-i:[A-Z]{2,4})|[ap]\.?m\.?|gmt|utc|[+-]\d{2}:?\d{2})\b", re.I)
_PLACE = re.compile(r"^[A-ZÀ-Ý][\w'’.-]*(?: [A-ZÀ-Ý][\w'’.-]*){0,2}\s+[-–—|]\s+")
_NAME = (r"(?:[A-ZÀ-ÝĀ-ŽА-ЯЁ]|\d+[A-Za-z])[\w.'’-]*"
         r"(?:[ ,]+(?:(?:and|und|y|e|et|och|og|en|i|и|és)\s+)?[A-ZÀ-ÝĀ-ŽА-ЯЁ][\w.'’-]*){0,6}")
"""Names, the first of which may start with a digit ("By 9News Staff")."""
_CAPITAL_WORD = r"(?:[A-ZÀ-ÝĀ-Ž][a-zß-ÿā-ž'’]+(?:-[A-ZÀ-ÝĀ-Ž][a-zß-ÿā-ž'’]+)?|[A-Z]\.)"
_BY = r"(?:by|von|por|par|di|door|av|af|przez|автор|авторы|текст|szerző|írta)"
BYLINE = re.compile(rf"^(?:(?:written|words|story|posted|reporting|interview|text|texto|report|"
                    rf"review|analysis|photos?|video)\s+)?{_BY}:?\s+(?P<name>{_NAME}[\w.]?)$", re.I)
"""A byline in any of the languages above: "By Jo Hart", "Von Anna Brückner", "Por Lucía Ferrer"."""
_BYLINE_TAIL = re.compile(rf"\s+{_BY}\s+(?P<name>{_NAME})$")


def _is_date_only(text: str) -> bool:
    rest = _TIME.sub(" ", _DATE.sub(" ", text))
    rest = _FILLER.sub(" ", _PLACE.sub("", rest.strip()))
    return not re.search(r"\w", rest)


def is_dateline(line: str) -> bool:
    """Whether a line is a dateline: dates, times, "Published"/"Updated" and the like, a place
    before them ("Sevilla - "), and at most a byline after them ("... by Hannah Wells")."""
    return _dateline_date(line) is not None


def _dateline_date(line: str) -> re.Match | None:
    """The first date of a line that is a dateline (see `is_dateline`), else None."""
    if len(line) > 120 or not _YEAR.search(line) or not (date := _DATE.search(line)):
        return None
    if _byline_head(line, date):  # "by Regan September 15, 2014"
        return date if _is_date_only(line[date.start():]) else None
    tail = _BYLINE_TAIL.search(line)
    return date if _is_date_only(line[:tail.start()] if tail else line) else None


def _byline_head(line: str, date: re.Match) -> re.Match | None:
    """The byline a dateline opens with, before its date ("by Regan September 15, 2014")."""
    return BYLINE.match(line[:date.start()].rstrip(" ,|·•-–—")) if date.start() else None


def byline_name(line: str) -> str | None:
    """Who a byline or a dateline names ("By Jo Hart" → "Jo Hart"), or None."""
    match = BYLINE.match(line)
    if match is None and (date := _dateline_date(line)) is not None:
        match = _byline_head(line, date) or _BYLINE_TAIL.search(line)
    return match.group("name").strip() if match else None


def parse_date(text: str, language: str = "en") -> datetime | None:
    """The first date a dateline writes, in any of the languages above, or None. A date with
    slashes is read month first on an English page (10/12/2026, as American pages write it),
    day first on any other (05/12/2026 is the 5th of December in Brazil and in France)."""
    month_first = primary_language(language) == "en"
    for match in _DATE.finditer(text):
        parts = match.groupdict()
        if parts["md"] or parts["dm"] or parts["ym"]:  # "2026. december 4." in Hungarian
            month = _MONTH[(parts["m1"] or parts["m2"] or parts["m5"]).casefold()]
            day = int(parts["d1"] or parts["d2"] or parts["d5"])
            year = int(parts["y1"] or parts["y2"] or parts["y5"])
        elif parts["iso"]:
            year, month, day = int(parts["y3"]), int(parts["m3"]), int(parts["d3"])
        else:  # 12.10.2026 is day first everywhere
            first, second, year = int(parts["a"]), int(parts["b"]), int(parts["y4"])
            year += 2000 if year < 100 else 0
            # whichever order makes a date: 25/12/2026 on an English page, 11/19/2019 on one
            # whose language was guessed wrong
            swap = parts["sep"] == "/" and (month_first and first <= 12 or second > 12)
            day, month = (second, first) if swap else (first, second)
        try:
            return datetime(year, month, day, tzinfo=timezone.utc)
        except ValueError:
            continue
    return None


_PARTICLE = r"(?:de|da|di|del|della|der|den|van|von|le|la|du|dos|das|ten|ter|bin|al|y|e)"
_BARE_NAME = re.compile(rf"^{_CAPITAL_WORD}(?: (?:{_PARTICLE} )*{_CAPITAL_WORD}){{1,3}}$")


def bare_name(line: str) -> str | None:
    """A line that is a person's name and nothing else ("Hannah Whitlock", "Jean-Marc Quéré",
    "Ana de la Cruz"): a byline without its "By", as pages write it above their dateline."""
    return line if len(line) <= 40 and _BARE_NAME.match(line) else None
