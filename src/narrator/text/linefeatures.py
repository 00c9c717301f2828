"""What the cleaner's model sees of each line of a page: its shape, its words, its neighbours.

Every feature is language-independent but one, the share of the line's words that are function
words of the page's language (its jusText stop list: about 100 languages). The patterns of
`boilerplate` (credits, captions, promos, ...) are features here, not verdicts: the model weighs
them against the rest. Windows of ±1 to ±30 lines around each line give its neighbourhood, as
an article is a run of prose and menus are runs of short lines.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path

import numpy as np

from narrator.text.boilerplate import REASONS, boilerplate_reason, prose_score

WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_END = re.compile(r"[.!?…。！？؟][\"'”’)\]」』»]*$")
_INNER_END = re.compile(r"\w[.!?…。！？][\"'”’)]?\s+\S")
_BULLET = re.compile(r"^(?:[•·▪►*–—-]\s|\d{1,3}[.)]\s)")
_LINKISH = re.compile(r"https?://|www\.|\.(?:com|org|net|html?)\b|@\w", re.I)
_SEPARATORS = re.compile(r"\s[|·•»›/]\s|\s\|\s?|»|›")
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
_DATEISH = re.compile(r"\b(?:19|20)\d{2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b")
_COUNTER = re.compile(r"^\(?\d{1,3}\s*(?:/|of|von|de|di|z|из|από)\s*\d{1,3}\)?\b", re.I)
WINDOWS = (1, 2, 5, 10, 30)
_OWN = ["log_chars", "log_words", "ends_sentence", "ends_colon", "function_share",
        "capital_share", "digit_share", "punct_share", "upper_share", "inner_sentences",
        "has_comma", "bullet", "linkish", "separators", "clock", "dateish", "counter",
        "starts_lower", "prose", "long_prose", "repeats", "blank_before", "blank_after",
        "relative_length", "capital_run", "ellipsis", *[f"reason_{reason}" for reason in REASONS]]
_WINDOWED = ["log_words", "ends_sentence", "function_share", "prose", "boilerplate"]
FEATURES = [*_OWN, "position", "from_start", "from_end", "before_prose", "after_prose",
            *[f"{name}_w{w}" for w in WINDOWS for name in _WINDOWED],
            *[f"{side}_{name}" for side in ("prev", "next")
              for name in ("log_words", "ends_sentence", "boilerplate")]]
"""The columns of `features`, in order."""


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


DETECTION_NAME = "function-words.tsv.gz"
"""The short function words of every stop list with their languages, made from jusText's lists
by `write_detection_index` (reading all of them takes a third of a second; this, a few ms)."""
DETECTION_MAX_CHARS = 4


def detection_index() -> dict[str, tuple[str, ...]]:
    """For every short function word, the languages whose stop list holds it."""
    index: dict[str, list[str]] = {}
    for code in STOPLISTS:
        if code in REGIONAL:
            continue
        for word in function_words(code):
            if len(word) <= DETECTION_MAX_CHARS:
                index.setdefault(word, []).append(code)
    return {word: tuple(codes) for word, codes in sorted(index.items())}


def write_detection_index(path) -> None:
    import gzip

    lines = [f"{word}\t{','.join(codes)}\n" for word, codes in detection_index().items()]
    with gzip.GzipFile(path, "wb", mtime=0) as handle:
        handle.write("".join(lines).encode("utf-8"))


@functools.lru_cache(maxsize=1)
def _languages_of_words() -> dict[str, tuple[str, ...]]:
    import gzip
    from importlib.resources import files

    with files("narrator.text").joinpath(DETECTION_NAME).open("rb") as raw:
        text = gzip.decompress(raw.read()).decode("utf-8")
    return {word: tuple(codes.split(",")) for word, _, codes in
            (line.partition("\t") for line in text.splitlines())}


def detect_language(lines: list[str], fallback: str = "en") -> str:
    """The page's language: the one whose function words cover most of its longer lines' words
    (as jusText's stop lists judge), or `fallback` when none covers a tenth of them."""
    words = [word.lower() for line in lines if len(line) > 40 for word in WORD.findall(line)]
    if len(words) < 20:
        words = [word.lower() for line in lines for word in WORD.findall(line)]
    if not words:
        return fallback
    index = _languages_of_words()
    covered: Counter = Counter()
    evidence: Counter = Counter()
    for word, count in Counter(words).items():
        codes = index.get(word, ())
        for code in codes:
            covered[code] += count
            evidence[code] += count / len(codes)  # a word of many languages says little
    if not covered:
        return fallback
    order = list(STOPLISTS)
    best = max(evidence, key=lambda code: (evidence[code], -order.index(code)))
    return best if covered[best] / len(words) >= 0.1 else fallback


def _capital_run(words: list[str]) -> int:
    """How many words in a row open the line with a capital (a headline glued to its teaser:
    "Ford Recalls F-150s Over Loose Cable Ford is recalling ...")."""
    run = 0
    for word in words:
        if not word[0].isupper():
            break
        run += 1
    return run


def _own(line: str, stops: frozenset[str]) -> list[float]:
    words = WORD.findall(line)
    count = len(words)
    chars = max(len(line), 1)
    letters = sum(map(str.isalpha, line))
    reason = boilerplate_reason(line)
    score = prose_score(line, stops)
    return [
        np.log1p(len(line)), np.log1p(count), float(bool(_SENTENCE_END.search(line))),
        float(line.endswith(":")),
        sum(w.lower() in stops for w in words) / count if count else 0.0,
        sum(w[0].isupper() for w in words) / count if count else 0.0,
        sum(map(str.isdigit, line)) / chars,
        (len(line) - sum(map(str.isalnum, line)) - sum(map(str.isspace, line))) / chars,
        sum(map(str.isupper, line)) / letters if letters else 0.0,
        float(len(_INNER_END.findall(line))), float("," in line), float(bool(_BULLET.match(line))),
        float(bool(_LINKISH.search(line))), float(len(_SEPARATORS.findall(line))),
        float(bool(_CLOCK.search(line))), float(bool(_DATEISH.search(line))),
        float(bool(_COUNTER.match(line))), float(line[:1].islower()), score,
        float(score >= 8), 0.0, 0.0, 0.0, 0.0, _capital_run(words) / count if count else 0.0,
        float(bool(re.search(r"(?:\.\.\.|…|\[…\])\W*$", line))),
        *[float(reason == name) for name in REASONS],
    ]


def features(raw_lines: list[str], language: str) -> tuple[list[int], np.ndarray]:
    """The indices of the page's non-blank lines and a row of FEATURES for each (without the
    token scores, which `token_columns` adds from learned weights)."""
    stops = function_words(language)
    index = [i for i, line in enumerate(raw_lines) if line.strip()]
    lines = [" ".join(raw_lines[i].split()) for i in index]
    n = len(lines)
    if not n:
        return index, np.zeros((0, len(FEATURES)), dtype=np.float32)
    own = np.array([_own(line, stops) for line in lines], dtype=np.float64)
    col = {name: k for k, name in enumerate(_OWN)}
    repeats = Counter(line.casefold() for line in lines)
    own[:, col["repeats"]] = [np.log(repeats[line.casefold()]) for line in lines]
    own[:, col["blank_before"]] = [min(index[k] - (index[k - 1] if k else -1) - 1, 3)
                                   for k in range(n)]
    own[:, col["blank_after"]] = [min((index[k + 1] if k + 1 < n else len(raw_lines))
                                      - index[k] - 1, 3) for k in range(n)]
    median = float(np.median(own[:, col["log_chars"]]))
    own[:, col["relative_length"]] = own[:, col["log_chars"]] - median
    prose = own[:, col["long_prose"]]
    boiler = own[:, [col[f"reason_{r}"] for r in REASONS]].max(axis=1)
    positions = np.arange(n)
    prose_at = np.flatnonzero(prose)
    first, last = (prose_at[0], prose_at[-1]) if len(prose_at) else (n, -1)
    context = [positions / max(n - 1, 1), np.log1p(positions), np.log1p(n - 1 - positions),
               np.log1p(np.maximum(first - positions, 0)), np.log1p(np.maximum(positions - last, 0))]
    windowed = np.stack([own[:, col["log_words"]], own[:, col["ends_sentence"]],
                         own[:, col["function_share"]], prose, boiler], axis=1)
    for means in window_means(windowed, WINDOWS):
        context += list(means.T)
    neighbours = windowed[:, [0, 1, 4]]
    previous = np.vstack([np.full((1, 3), -1.0), neighbours[:-1]])
    following = np.vstack([neighbours[1:], np.full((1, 3), -1.0)])
    matrix = np.hstack([own, np.stack(context, axis=1), previous, following])
    return index, matrix.astype(np.float32)


_TOKEN = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
TOKEN_BUCKETS = 1 << 18
"""Words and word pairs are hashed into this many buckets, each with a learned weight."""
TOKEN_WINDOWS = (2, 5)
TOKEN_FEATURES = ["token_score", *[f"token_score_w{w}" for w in TOKEN_WINDOWS]]


def line_tokens(line: str) -> np.ndarray:
    """The line's lower-cased words and word pairs (digits as 0), hashed into buckets."""
    import zlib

    words = _TOKEN.findall(_DIGIT.sub("0", line.lower()))
    grams = words + [f"{a} {b}" for a, b in zip(words, words[1:])]
    return np.array([zlib.crc32(gram.encode()) % TOKEN_BUCKETS for gram in grams],
                    dtype=np.int64)


def window_means(values: np.ndarray, windows: tuple[int, ...]) -> list[np.ndarray]:
    """For each window w, the mean of `values` over the w lines before and after each line
    (the line itself left out); `values` may have several columns."""
    n = len(values)
    positions = np.arange(n)
    sums = np.concatenate([np.zeros((1, *values.shape[1:])), np.cumsum(values, axis=0)])
    means = []
    for w in windows:
        low, high = np.maximum(positions - w, 0), np.minimum(positions + w + 1, n)
        count = np.maximum(high - low - 1, 1).reshape(-1, *([1] * (values.ndim - 1)))
        means.append((sums[high] - sums[low] - values) / count)
    return means


def token_columns(tokens: list[np.ndarray], weights: np.ndarray) -> np.ndarray:
    """Each line's mean token weight (how much its words say body), and that mean over the
    lines around it."""
    own = np.array([weights[t].sum() / len(t) if len(t) else 0.0 for t in tokens],
                   dtype=np.float64)
    if not len(own):
        return np.zeros((0, 3), np.float32)
    return np.stack([own, *window_means(own, TOKEN_WINDOWS)], axis=1).astype(np.float32)


TOKEN_SCALE = 16.0
"""Token weights are kept as int8 of weight × this (±8 in log-odds at most)."""


def token_weights(tokens: list[np.ndarray], labels: np.ndarray) -> np.ndarray:
    """Naive Bayes log-odds of body for each bucket, from labelled lines, as int8."""
    body = np.zeros(TOKEN_BUCKETS)
    other = np.zeros(TOKEN_BUCKETS)
    for line_tokens_, label in zip(tokens, labels):
        np.add.at(body if label else other, line_tokens_, 1.0)
    odds = np.log((body + 1) / (body.sum() + TOKEN_BUCKETS)) \
        - np.log((other + 1) / (other.sum() + TOKEN_BUCKETS))
    return np.clip(np.round(odds * TOKEN_SCALE), -127, 127).astype(np.int8)
