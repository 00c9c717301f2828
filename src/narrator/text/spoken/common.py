"""What the spoken form of every language shares: the shape of a rule, and rules made from a
language's words (footnotes, quotes, web addresses, pauses, acronyms)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

Rule = tuple[re.Pattern, "str | Callable[[re.Match], str]"]

FOOTNOTES = [
    # Footnote markers and reference brackets are for the eye.
    (re.compile(r"(?<=\w[.,;:!?\"”’)])\[\d+\]|(?<=\w)\[\d+\]|(?<![mм])[¹²³⁴⁵⁶⁷⁸⁹⁰†‡]+"), ""),
    # (not the ² of m², km², cm³: units)
    (re.compile(r"(?<=[a-z.,;:!?\"”’])\*+(?=\s|$)"), ""),
]
QUOTES = [
    # Curly quotes and apostrophes, as the phonemizer expects them.
    (re.compile(r"[‘’ʼ`´]"), "'"),
    (re.compile(r"[“”„«»‹›]"), '"'),
]
PAUSES = [
    # Dashes and ellipses are pauses; brackets are asides.
    (re.compile(r"\s*(?:—|--|\s–\s)\s*"), ", "),
    (re.compile(r"\s*(?:\.\.\.|…)\s*(?=\S)"), ", "),
    (re.compile(r"\s*(?:\.\.\.|…)\s*$"), "."),
    (re.compile(r"\s*[(\[]\s*"), ", "),
    (re.compile(r"\s*[)\]]\s*(?=[.,;:!?])"), ""),
    (re.compile(r"\s*[)\]]\s*"), ", "),
]
_TLDS = (r"com|org|net|edu|gov|io|co|uk|de|fr|es|it|at|ch|nl|eu|ca|au|info|dev|app|news|tv|fm")


def alternation(texts) -> str:
    """A regular-expression alternation of the texts, each literal, longest first (so that
    "km/h" is tried before "km")."""
    return "|".join(sorted((re.escape(text) for text in texts), key=len, reverse=True))


def abbreviations(table: dict[str, str], before: str = r"(?<![\w.])") -> Rule:
    """The rule that says each abbreviation of `table` (written as a whole word, where `before`
    matches) as its words."""
    return (re.compile(rf"{before}(?:{alternation(table)})(?!\w)"),
            lambda match: table[match.group(0)])


def addresses(dot: str, at: str) -> list[Rule]:
    """Web and e-mail addresses read by their site: "example dot org"."""
    def url(match: re.Match) -> str:
        return re.sub(r"^www\.", "", match.group("host").lower()).replace(".", f" {dot} ")

    def email(match: re.Match) -> str:
        user, host = match.group("user"), match.group("host").lower()
        return f"{user.replace('.', f' {dot} ')} {at} {host.replace('.', f' {dot} ')}"

    return [
        (re.compile(r"\b(?P<user>[\w.+-]+)@(?P<host>[\w-]+(?:\.[\w-]+)+)\b"), email),
        (re.compile(rf"\b(?:https?://)?(?P<host>(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:{_TLDS})\b)"
                    r"(?:/[^\s)\]]*)?(?<![.,;:!?])", re.I), url),
        # any country's domain ("budapest.hu", "mos.ru"), its name two letters or more long,
        # so that "t.ex." or "d.h." is not taken for one
        (re.compile(r"\b(?:https?://)?(?P<host>(?:www\.)?[^\W\d_][\w-]+(?:\.[\w-]+)*"
                    r"\.[a-z]{2}\b)(?:/[^\s)\]]*)?(?<![.,;:!?])"), url),
    ]


_CODAS = {"ck", "ft", "ld", "lf", "lk", "lm", "lp", "lt", "mp", "nc", "nd", "ng", "nk", "ns", "nt",
          "rb", "rc", "rd", "rg", "rk", "rl", "rm", "rn", "rs", "rt", "sk", "st", "ts", "ds"}
"""Consonants that close a syllable, before a third that opens the next ("THINGS", "WINDS")."""
_SYLLABLE_ENDS = _CODAS | {"ch", "sh", "th"}
"""Consonants that close a syllable inside a word ("SACHSEN", "KATHMANDU")."""
_FIRST_THREE = {"chr", "phr", "sch", "scr", "shr", "spl", "spr", "squ", "str", "thr"}
"""Three consonants a word may start with ("STRONG", "CHRISTIAN")."""
_CLOSING_PAIRS = _CODAS | {"ct", "pt", "th", "ll", "ff", "ss"}
"""Two consonants before a word's last ("FIRST", "FALLS", "EXTRACTS")."""
_FINALS = _CODAS | {"ch", "sh", "th", "ph", "gs", "ks", "ps", "ms", "ls", "ws", "ct", "pt", "xt",
                    "nx", "ff", "ll", "ss", "zz", "tt", "hn"}
"""Consonants a word ends with ("STRONG", "WATCH", "ADULTS"); an acronym ends otherwise ("IRCC",
"OGBL", "EGFR")."""


def _ends_as_a_word(lower: str) -> bool:
    end = re.search(r"[^aeiouyäöü]*$", lower).group(0)
    return len(end) <= 1 or len(end) == 2 and end in _FINALS or len(end) == 3 and (
        end[:2] in _CLOSING_PAIRS and end[1:] in _FINALS
        or end[1:] in ("ch", "sh", "th"))  # "WINDS", "FIRST", "WATCH"; not "ACIPSS"


def pronounceable(word: str, onsets: set[str]) -> bool:
    """Whether an all-capitals word reads as a word (NATO, STRONG, WATCH) rather than letters
    (FBI, ESPN): a vowel, an ending a word has, and three or four consonants in a row only where
    a word starts ("STR") or a syllable's end meets the next one's start ("nds", "ldsm")."""
    lower = word.lower()
    if len(lower) < 4 or not re.search(r"[aeiouäöü]", lower) or not _ends_as_a_word(lower):
        return False
    for match in re.finditer(r"[^aeiouyäöü]{3,}", lower):
        run = match.group(0)
        if match.end() == len(lower):
            continue  # a word's end, as `_ends_as_a_word` judged it
        if match.start() == 0:
            if run not in onsets and run not in _FIRST_THREE:
                return False
        elif not (len(run) == 3 and (run[1:] in onsets or run[:2] in _SYLLABLE_ENDS)
                  or len(run) == 4 and run[:2] in _CODAS and run[2:] in onsets | {"sm"}):
            return False  # "GOLDSMITH", "BLACKSTONE" meet as two syllables do
    return lower[0] in "aeiouäöü" or lower[1] in "aeiouyäöü" or lower[:2] in onsets


_SHOUTED_WORDS = 3
_SHOUTED_SHARE = 0.6
_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")
_SPELT_EVEN_SHOUTED = {"us", "uk", "eu", "un", "id", "ok", "led"}
"""Places written in capitals as letters, also in a headline in capitals ("US TROOPS LEAVE")."""


def shouted(text: str) -> bool:
    """Whether a text is written in capitals ("THE ORCHARD THAT KEEPS THE OLD APPLES ALIVE",
    "BREAKING: STORM HITS THE COAST", "CHAPTER ONE"): three words or more in capitals, most of
    its words, or two that are all its words."""
    words = _LETTER_WORD.findall(text)
    capitals = sum(word.isupper() for word in words)
    return capitals >= _SHOUTED_WORDS and capitals >= _SHOUTED_SHARE * len(words) or (
        capitals == len(words) == 2)


def _in_capitals(match: re.Match) -> bool:
    """Whether a word in capitals stands beside another ("OF THE", "BY HIS" in a book's line):
    then one of the language's function words is a word, not letters (an acronym beside
    another, "FB, GOOG, QCOM", stays letters)."""
    before = match.string[max(0, match.start() - 40):match.start()]
    after = match.string[match.end():match.end() + 40]
    return bool(re.search(r"\b[^\W\d_a-z]{2,}[\s,;:–—-]{1,3}$", before)
                or re.match(r"[\s,;:–—-]{1,3}[^\W\d_a-z]{2,}\b", after))


def _function_word(word: str, language: str) -> bool:
    from narrator.text.stopwords import function_words

    return word.lower() not in _SPELT_EVEN_SHOUTED and word.lower() in function_words(language)


def _a_word_in_capitals(word: str, language: str) -> bool:
    """Whether a word of a text in capitals reads as a word: one of the language's function
    words ("THE", "DE", "LA"), two letters of a vowel and a consonant ("ME"), three with a
    vowel between consonants ("NEW", "WAR"), or four or more with a vowel, no four consonants
    in a row and an ending a word has ("ORCHARD", "STRICTES"); others are letters ("FBI",
    "BBC", "EU", "TV")."""
    lower = word.lower()
    if lower in _SPELT_EVEN_SHOUTED:
        return False
    if _function_word(word, language):
        return True
    if len(lower) == 2:  # "ME", "WE", "GO"; "TV", "AI" are letters
        return bool(re.fullmatch(r"[^aeiouyäöü][aeiouyäöü]|[aeiouyäöü][^aeiouyäöü]",
                                 lower))
    if len(lower) == 3:
        return bool(re.fullmatch(r"[^aeiouyäöü][aeiouyäöü][^aeiouyäöü]", lower))
    return len(lower) >= 4 and bool(re.search(r"[aeiouyäöü]", lower)) \
        and not re.search(r"[^aeiouyäöü]{4}", lower) and _ends_as_a_word(lower)


def acronyms(words: set[str], onsets: set[str], capitals: str = "A-ZÄÖÜ",
             language: str = "en") -> list[Rule]:
    """All-capitals words (of the letters `capitals`, a character class): spelt letter by
    letter, unless known or pronounceable as a word, or words of a text written in capitals
    (a headline or a kicker copied from a page: "THE OLD APPLES" is not "T H E O L D ...")."""
    def acronym(match: re.Match) -> str:
        word = match.group(0)
        if word.endswith("N") and re.match(r"['’]T\b", match.string[match.end():]):
            return word.capitalize()  # "WASN'T", "DON'T"
        if word in words or pronounceable(word, onsets) or (
                shouted(match.string) and _a_word_in_capitals(word, language)) or (
                _in_capitals(match) and _function_word(word, language)):
            return word.capitalize()
        return " ".join(word)

    return [(re.compile(rf"\b[{capitals}]{{2,}}\b"), acronym)]


def signs(plus: str, minus: str) -> Rule:
    """A sign before a number ("+4,5 %", "−3 °C", "fell -2%"): said, where the rules for
    percentages, measures and money would read the number and leave the sign. A hyphen is a
    minus only before a percentage (elsewhere it may join a range or a word); a telephone
    number's "+" is read before this, by the language's telephone rule."""
    def say(match: re.Match) -> str:
        return f"{match.group('pre')}{plus if match.group('sign') == '+' else minus} "

    return (re.compile(r"(?P<pre>^|[\s(\[/])(?P<sign>\+|−|-(?=[\d.,\u00a0\u202f ]*\d\s?%))"
                       r"(?=\d)"), say)


def shared_rules() -> list[Rule]:
    """The rules of a language without a table: its digits are left to espeak."""
    return [*FOOTNOTES, *QUOTES, *addresses("dot", "@"), *PAUSES]


def emoji_or_symbol(char: str) -> bool:
    category = unicodedata.category(char)
    return category == "So" or category == "Cs" or 0x1F000 <= ord(char) <= 0x1FAFF \
        or char in "\u200b\u200c\u200d\u2060\ufe0f"
