"""Rules made from one table of a language's words: what most languages say the same way (numbers
through num2words, month and unit names through Babel/CLDR) with the words and forms that differ
in the table. Italian, Portuguese, Russian, Swedish, Hungarian and Vietnamese are such tables
(`it.py` ...); each adds only what its table cannot say.

The rules run in order, most specific first: addresses, dates, telephone numbers, money, times,
percentages, measures, fractions, ordinals, ranges, abbreviations, then any number left."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from num2words import num2words

from narrator.text.spoken import common
from narrator.text.spoken.numbers import value_of

Words = Callable[[int], str]


@dataclass(frozen=True)
class Table:
    """A language's words for the spoken form."""

    code: str
    point: str
    """The word for the decimal comma ("virgola")."""
    percent: str | Callable[[str, str], str]
    """The word after a percentage, or a function of (amount as written, amount in words)."""
    dot: str
    at: str
    plus: str
    months: tuple[str, ...]
    """Month names as written (January first); the date rule matches them, case aside."""
    date: Callable[[int, int, int | None], str]
    """(day, month, year or None) in words."""
    time: Callable[[int, int], str]
    ordinal: Callable[[int, str], str]
    """(number, its written ending) in words."""
    ordinal_marks: str
    """The written endings that make a number an ordinal, a regular expression."""
    fraction: Callable[[int, int], str]
    currencies: dict[str, Callable[[str], str]]
    """Written symbol or code -> (amount as written) -> words."""
    units: dict[str, str | tuple[str, ...]]
    """Written unit -> its name (one form) or its forms by `plural`'s index."""
    abbreviations: dict[str, str]
    range_word: str = " "
    cardinal: Words | None = None
    """Numbers in words, where num2words needs mending."""
    count: Callable[[str, str], str] | None = None
    """(amount in words, the noun after it) -> the amount as said before that noun."""
    plural: Callable[[int, str], int] = lambda whole, fraction: 0 if whole == 1 and not fraction \
        else 1
    """Which of a unit's forms follows an amount (whole part, decimal digits)."""
    decimals: str = "number"
    """How the digits after the comma are said: "number" (tre virgola quattordici), "digits"
    (drei Komma eins vier) or "num2words" (its own, as Russian and Hungarian fractions)."""
    minus: str = "minus"
    regnal: Callable[[int], str] | None = None
    """How a ruler's number is said ("Carlos V" is "Carlos quinto"), where the language has a
    way; `regnal_first` where the numeral comes first ("IV. Béla")."""
    regnal_first: bool = False
    year: Words | None = None
    """A year as said, where it differs from the number: a plain four-digit number from 1100 to
    2099 left when dates, money and measures are said is read so."""
    extra: list[common.Rule] = field(default_factory=list)
    """The language's own rules, run before the table's."""
    acronym_words: set[str] = field(default_factory=set)
    onsets: set[str] = field(default_factory=set)
    capitals: str = "A-ZÄÖÜ"
    spaced_thousands: bool = True
    """Whether the language groups thousands with spaces ("10 300 000"), which a telephone
    number's groups of three must then be told from."""


GROUPED = r"\d{1,3}(?:[.\u00a0\u202f ]\d{3})+(?![\d])"
AMOUNT = rf"(?:{GROUPED}|\d+)(?:,\d+)?"


def month_names(code: str, context: str = "format") -> tuple[str, ...]:
    """The twelve month names of a language from CLDR (Babel): "format" as in a date ("5
    декабря"), "stand-alone" as a name on its own."""
    from babel.dates import get_month_names

    names = get_month_names("wide", context=context, locale=code)
    return tuple(names[month] for month in range(1, 13))


class _Say:
    """What a table's rules say for each kind of match."""

    def __init__(self, table: Table):
        self.table = table
        self.words = table.cardinal or (lambda number: num2words(number, lang=table.code))

    def amount(self, text: str) -> str:
        whole, fraction = value_of(text)
        if not fraction:
            return self.words(whole)
        if self.table.decimals == "num2words":
            return num2words(float(f"{whole}.{fraction}"), lang=self.table.code)
        if self.table.decimals == "digits" or fraction.startswith("0"):
            tail = " ".join(self.words(int(digit)) for digit in fraction)
        else:
            tail = self.words(int(fraction))
        return f"{self.words(whole)} {self.table.point} {tail}"

    def before(self, text: str, noun: str) -> str:
        said = self.amount(text)
        return self.table.count(said, noun) if self.table.count else said

    def unit(self, match: re.Match) -> str:
        text, forms = match.group("amount"), self.table.units[match.group("unit")]
        whole, fraction = value_of(text)
        name = forms if isinstance(forms, str) else forms[self.table.plural(whole, fraction)]
        sign = f"{self.table.minus} " if match.group("sign") else ""
        return f"{sign}{self.before(text, name)} {name}"

    def percent(self, match: re.Match) -> str:
        text, word = match.group("amount"), self.table.percent
        if callable(word):
            return word(text, self.amount(text))
        return f"{self.before(text, word)} {word}"

    def money(self, match: re.Match) -> str:
        return self.table.currencies[match.group("cur")](match.group("amount"))

    def named_date(self, match: re.Match) -> str:
        names = [name.casefold() for name in self.table.months]
        year = match.group("year")
        return self.table.date(int(match.group("day")),
                               names.index(match.group("month").casefold()) + 1,
                               int(year) if year else None)

    def numeric_date(self, match: re.Match) -> str:
        day, month, year = (int(match.group(name)) for name in ("day", "month", "year"))
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return match.group(0)
        return self.table.date(day, month, year)


def rules(table: Table) -> list[common.Rule]:
    """The language's rules, in order."""
    say = _Say(table)
    month = common.alternation(table.months)
    unit_names = common.alternation(table.units)
    currency = common.alternation(table.currencies)
    year = [(re.compile(r"(?<![\w.,])(?:1[1-9]\d\d|20\d\d)(?![\w,.]\d|[\w])"),
             lambda m: table.year(int(m.group(0))))] if table.year else []
    return [
        *common.FOOTNOTES, *common.QUOTES, *common.addresses(table.dot, table.at),
        *table.extra,
        (re.compile(rf"\b(?P<day>\d{{1,2}})\.?\s+(?:de\s+)?(?P<month>(?i:{month}))\b"
                    rf"(?:,?\s+(?:de\s+)?(?P<year>\d{{4}}))?"), say.named_date),
        (re.compile(r"\b(?P<day>\d{1,2})[/.](?P<month>\d{1,2})[/.](?P<year>\d{4})\b"),
         say.numeric_date),
        (re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"), say.numeric_date),
        telephone_rule(say.words, table.plus, table.spaced_thousands),
        common.signs(table.plus, table.minus),
        (re.compile(rf"(?P<amount>{AMOUNT})\s?(?P<cur>{currency})(?!\w)"), say.money),
        (re.compile(rf"(?P<cur>{currency})\s?(?P<amount>{AMOUNT})(?!\d)"), say.money),
        (re.compile(r"\b(?P<hour>[01]?\d|2[0-3])[:.h](?P<minute>[0-5]\d)\b"),
         lambda m: table.time(int(m.group("hour")), int(m.group("minute")))),
        (re.compile(rf"(?P<amount>{AMOUNT})\s?%"), say.percent),
        (re.compile(rf"(?P<sign>(?<![\w.,])[-−])?(?P<amount>(?<![\w.,]){AMOUNT})\s?"
                    rf"(?P<unit>{unit_names})(?![\w])"), say.unit),
        fraction_rule(table.fraction),
        (re.compile(rf"\b(?P<number>\d{{1,4}})(?P<ending>{table.ordinal_marks})(?![\w])"),
         lambda m: table.ordinal(int(m.group("number")), m.group("ending"))),
        (re.compile(r"(?<=\d)\s?[–—-]\s?(?=\d)"), table.range_word),
        *([regnal_rule(table.regnal, table.regnal_first)] if table.regnal else []),
        _sentence_start(table.abbreviations),
        common.abbreviations(table.abbreviations),
        *common.PAUSES,
        *common.acronyms(table.acronym_words, table.onsets, table.capitals,
                         table.code),
        *year,
        (re.compile(r"(?<![\w.,])[-−](?=\d)"), f"{table.minus} "),
        (re.compile(rf"(?<![\w.,]){AMOUNT}(?![\w])"), lambda m: say.amount(m.group(0))),
    ]


def _sentence_start(table: dict[str, str]) -> common.Rule:
    """An abbreviation with a capital where a sentence starts with it ("Kb. 200 vendég",
    "Tel.: ..."); elsewhere a capital may make it another word ("St. Eriks" is a saint)."""
    capitals = {written[:1].upper() + written[1:]: said[:1].upper() + said[1:]
                for written, said in table.items() if written[:1].islower()}
    return common.abbreviations(capitals, before=r"(?:^|(?<=[.!?:] ))")


_PHONE_WORDS = re.compile(
    r"(?i:phone|call|number|tel\.?|telefon\w*|teléfono|telefone|numéro|número|numero|nummer|"
    r"llam\w*|appel\w*|chiam\w*|lig\w+|ruf|ring|hívj\w*|gọi|số|điện thoại|номер|телефон\w*|"
    r"звон\w*)\W*(?:\w+\W+){0,2}$")


def telephone_rule(words: Words, plus: str, spaced_thousands: bool,
                   groups: Callable[[list[str]], str] | None = None,
                   fewest_digits: int = 0) -> common.Rule:
    """Telephone numbers, digit by digit (or group by group, by `groups`): groups of digits
    joined by spaces or hyphens, two groups only with a "+" or a leading 0 ("030 1234567"), three
    or more otherwise, `fewest_digits` in all (a team's record "14-0-1" is no number to dial);
    in a language that groups thousands with spaces a plain "10 300 000" stays a number unless
    a word such as "phone" or "llama" comes just before it."""
    def said(match: re.Match) -> str:
        text = match.group(0)
        parts = re.split(r"[ -]", text.lstrip("+"))
        asked = bool(_PHONE_WORDS.search(match.string[max(0, match.start() - 40):match.start()]))
        if len(parts) == 2 and not (re.match(r"[+0]", text) and len("".join(parts)) >= 6) \
                or len("".join(parts)) < fewest_digits:
            return text  # "3-4", "1 250": a range, a number
        plain = not re.search(r"[+-]", text) and not text.startswith("0") and all(
            len(part) == 3 for part in parts[1:]) and len(parts[0]) <= 3
        if plain and spaced_thousands and not asked:
            return text
        spoken = groups(parts) if groups else " ".join(
            words(int(digit)) for digit in "".join(parts))
        return f"{plus} {spoken}" if text.startswith("+") else spoken

    return (re.compile(r"(?<![\w,.:])\+?\d{1,4}(?:[ -]\d{1,8}){1,5}(?![\w,]|\.\d)"), said)


def regnal_rule(say: Callable[[int], str], first: bool = False,
                dot: bool = False) -> common.Rule:
    """A ruler's Roman number after the name ("Luigi XIV", with its full stop where the
    language writes one, `dot`: "Ludwig XIV.") or, `first`, before it ("IV. Béla"), said as `say`
    says the number."""
    from narrator.text.spoken.numbers import roman_value

    name = r"[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ][a-zà-öø-ÿā-žа-яё]+"
    if first:
        pattern = rf"\b(?P<numeral>[IVX]{{1,6}})\.\s+(?P<name>{name})"
    else:
        pattern = rf"\b(?P<name>{name})\s+(?P<numeral>[IVX]{{1,6}})\b" + (r"\." if dot else r"\.?")

    def said(match: re.Match) -> str:
        value = roman_value(match.group("numeral"))
        if not value:
            return match.group(0)
        return f"{say(value)} {match.group('name')}" if first else \
            f"{match.group('name')} {say(value)}"

    return (re.compile(pattern), said)


def fraction_rule(say: Callable[[int, int], str]) -> common.Rule:
    """"3/4" and the like (not a date, not part of a longer number) as `say` says them."""
    return (re.compile(r"(?<![\w/.,])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\w/])"),
            lambda m: say(int(m.group("a")), int(m.group("b"))))


def ending(word: str, endings: dict[str, str]) -> str:
    """`word` with its last ending changed by the first of `endings` it ends with."""
    for old, new in endings.items():
        if word.endswith(old):
            return word[:len(word) - len(old)] + new
    return word
