"""Function words of about 100 languages: jusText's stop lists, read from its files without
importing it (which would load lxml). The cleaner counts them in a page's lines; the spoken form
knows by them which words of a line in capitals are words ("THE", "DE LA") and not letters."""

from __future__ import annotations

import functools
from pathlib import Path

STOPLISTS = {
    "af": "Afrikaans", "an": "Aragonese", "ar": "Arabic", "ast": "Asturian", "az": "Azerbaijani",
    "be": "Belarusian", "bg": "Bulgarian", "bn": "Bengali", "br": "Breton", "bs": "Bosnian",
    "ca": "Catalan", "ceb": "Cebuano", "cs": "Czech", "cv": "Chuvash", "cy": "Welsh",
    "da": "Danish", "de": "German", "el": "Greek", "en": "English", "eo": "Esperanto",
    "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian", "fi": "Finnish",
    "fr": "French", "fy": "West_Frisian", "ga": "Irish", "gl": "Galician", "gu": "Gujarati",
    "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "ht": "Haitian", "hu": "Hungarian",
    "hy": "Armenian", "id": "Indonesian", "ig": "Igbo", "io": "Ido", "is": "Icelandic",
    "it": "Italian", "jv": "Javanese", "ka": "Georgian", "kk": "Kazakh", "kn": "Kannada",
    "ko": "Korean", "ku": "Kurdish", "ky": "Kyrgyz", "la": "Latin", "lb": "Luxembourgish",
    "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian", "ml": "Malayalam", "mr": "Marathi",
    "ms": "Malay", "mt": "Maltese", "ne": "Nepali", "nl": "Dutch", "nn": "Norwegian_Nynorsk",
    "no": "Norwegian_Bokmal", "nb": "Norwegian_Bokmal", "oc": "Occitan", "pl": "Polish",
    "pt": "Portuguese", "qu": "Quechua", "ro": "Romanian", "ru": "Russian", "sk": "Slovak",
    "sl": "Slovenian", "sq": "Albanian", "sr": "Serbian", "su": "Sundanese", "sv": "Swedish",
    "sw": "Swahili", "ta": "Tamil", "te": "Telugu", "tk": "Turkmen", "tl": "Tagalog",
    "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek", "vi": "Vietnamese",
    "wa": "Walloon", "yo": "Yoruba",
}
"""jusText's stop lists (function words of about 100 languages) by ISO 639 code."""


REGIONAL = {"an", "ast", "ceb", "io", "oc", "wa"}
"""Stop lists that nearly repeat a larger language's (Aragonese and Asturian, Spanish's):
used when a show names them, never guessed."""


@functools.lru_cache(maxsize=128)
def function_words(language: str) -> frozenset[str]:
    """The jusText stop list of a language given by its ISO 639 code; empty when it has none.
    Read from jusText's files without importing it (which would load lxml)."""
    import importlib.util

    name = STOPLISTS.get(language.split("-")[0].split("_")[0].lower())
    if not name:
        return frozenset()
    folder = Path(importlib.util.find_spec("justext").submodule_search_locations[0])
    text = (folder / "stoplists" / f"{name}.txt").read_text(encoding="utf-8")
    return frozenset(word.strip().lower() for word in text.splitlines() if word.strip())
