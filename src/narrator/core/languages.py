"""Language codes: the show's (ISO 639, as the feed wants) and the forms other formats need."""

from __future__ import annotations

import functools
import re


COMMON_ISO639_2 = {
    "en": "eng", "de": "ger", "es": "spa", "fr": "fre", "it": "ita", "pt": "por", "nl": "dut",
    "pl": "pol", "ru": "rus", "sv": "swe", "da": "dan", "fi": "fin", "no": "nor", "cs": "cze",
    "el": "gre", "tr": "tur", "ja": "jpn", "zh": "chi", "ko": "kor", "uk": "ukr", "hu": "hun",
    "ro": "rum", "ca": "cat", "ar": "ara", "he": "heb", "hi": "hin", "vi": "vie",
}
"""The commonest languages' ID3 codes, as pycountry gives them (a test checks), so that a show
in one of them does not load pycountry's whole database (a tenth of a second) to build."""


@functools.lru_cache(maxsize=64)
def _lookup(primary: str):
    import pycountry

    key = "alpha_2" if len(primary) == 2 else "alpha_3"
    return pycountry.languages.get(**{key: primary})


def primary_language(code: str) -> str:
    """"en" of "en-us", lower-cased."""
    return code.split("-")[0].split("_")[0].lower()


def is_language(code: str) -> bool:
    """Whether `code` is an ISO 639 language code, optionally with a region ("en", "en-us")."""
    if not re.match(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$", code):
        return False
    return primary_language(code) in COMMON_ISO639_2 or _lookup(primary_language(code)) is not None


def checked_language(code: str) -> str:
    """`code`, given on the command line as --language; ConfigError when it is not a language
    code."""
    from narrator.core.errors import ConfigError

    if not is_language(code):
        raise ConfigError("--language", [("", f"{code!r} is not a language code like en-us")])
    return code


def iso639_2(code: str) -> str:
    """The three-letter code ID3 wants ("eng") for a feed language code ("en-us")."""
    if primary_language(code) in COMMON_ISO639_2:
        return COMMON_ISO639_2[primary_language(code)]
    language = _lookup(primary_language(code))
    if language is None:
        return "und"
    return getattr(language, "bibliographic", None) or language.alpha_3


MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"),
}
"""Month names by language, for dates written out."""


def month_name(month: int, language: str = "en") -> str:
    """The name of month 1-12 in `language` (English where narrator has no names for it)."""
    return MONTHS.get(primary_language(language), MONTHS["en"])[month - 1]


NOTES = {
    "code": ("paragraph", {"en": "A code example is left out here.",
                           "de": "Hier folgt ein Codebeispiel, das nicht vorgelesen wird.",
                           "es": "Aquí hay un ejemplo de código que no se lee.",
                           "fr": "Ici figure un exemple de code, qui n'est pas lu."}),
    "table": ("paragraph", {"en": "A table of figures is left out here.",
                            "de": "Hier folgt eine Zahlentabelle, die nicht vorgelesen wird.",
                            "es": "Aquí hay una tabla de cifras que no se lee.",
                            "fr": "Ici figure un tableau de chiffres, qui n'est pas lu."}),
    "footnotes": ("heading", {"en": "Notes", "de": "Anmerkungen", "es": "Notas",
                              "fr": "Notes"}),
}
"""What a listener hears where the text has something that is not read (a code block), or a
part the page shows without a heading (its footnotes): the block's kind, and its words by
language (English where the language has none)."""


def note(name: str, language: str = "en") -> tuple[str, str]:
    """The kind ("heading" or "paragraph") and words of a note in a language."""
    kind, words = NOTES[name]
    return kind, words.get(primary_language(language), words["en"])
