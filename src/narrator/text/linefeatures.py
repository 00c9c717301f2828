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

import numpy as np

from narrator.text.boilerplate import (MIN_PROSE_WORDS, PROSE_CAP, REASONS, SHORT_PENALTY,
                                       trained_reason)
from narrator.text.stopwords import REGIONAL, STOPLISTS, function_words  # noqa: F401

WORD = re.compile(r"[^\W\d_][\w'’-]*")
_LINKISH = re.compile(r"https?://|www\.|\.(?:com|org|net|html?)\b|@\w", re.I)
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
_DATEISH = re.compile(r"\b(?:19|20)\d{2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b")
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


DETECTION_NAME = "function-words.npz"
"""The short function words of every stop list with their languages, made from jusText's lists
by `write_detection_index`: the words sorted, and for each the set of languages whose lists hold
it, as arrays (2 ms to read; a dict of its 34,190 words took 20 ms to build)."""
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
    """The index as `_detection_arrays` reads it: stored, not compressed (inflating its half a
    megabyte of words took 4 ms of the 6 its reading took)."""
    index = detection_index()
    sets = sorted({",".join(codes) for codes in index.values()})
    number = {codes: k for k, codes in enumerate(sets)}
    words = np.array(sorted(index), dtype=f"U{DETECTION_MAX_CHARS}")
    with open(path, "wb") as handle:
        np.savez(handle, words=words, codes=np.array(" ".join(sets)), sets=np.array(
            [number[",".join(index[word])] for word in words.tolist()], dtype=np.uint16))


@functools.lru_cache(maxsize=1)
def _detection_arrays() -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The index's words (sorted), the number of each one's set of languages, and the sets
    (comma-separated codes)."""
    from importlib.resources import files

    with files("narrator.text").joinpath(DETECTION_NAME).open("rb") as handle:
        arrays = np.load(handle)
        return arrays["words"], arrays["sets"], str(arrays["codes"]).split(" ")


def languages_of(words: list[str]) -> list[tuple[str, list[str]]]:
    """Each of the words that is a short function word, with the languages it is one of."""
    index, sets, codes = _detection_arrays()
    short = [word for word in words if len(word) <= DETECTION_MAX_CHARS]
    probe = np.array(short, dtype=f"U{DETECTION_MAX_CHARS}")
    at = np.minimum(np.searchsorted(index, probe), len(index) - 1)
    found = np.flatnonzero(index[at] == probe)
    return [(short[k], codes[sets[at[k]]].split(",")) for k in found.tolist()]


def _coverage(lines: list[str]) -> tuple[int, Counter, Counter]:
    """How many words the lines hold (their longer lines', when those hold 20 or more), and for
    each language, how many of them are its function words and the evidence they give for it
    (a word of many languages says little)."""
    words = WORD.findall("\n".join(line for line in lines if len(line) > 40))
    if len(words) < 20:
        words = WORD.findall("\n".join(lines))
    counts: Counter = Counter()
    for word, count in Counter(words).items():
        counts[word.lower()] += count
    covered: Counter = Counter()
    evidence: Counter = Counter()
    for word, codes in languages_of(list(counts)):
        count = counts[word]
        for code in codes:
            covered[code] += count
            evidence[code] += count / len(codes)
    return len(words), covered, evidence


def _best(evidence: Counter) -> str:
    order = list(STOPLISTS)
    return max(evidence, key=lambda code: (evidence[code], -order.index(code)))


def detect_language(lines: list[str], fallback: str = "en") -> str:
    """The page's language: the one whose function words cover most of its longer lines' words
    (as jusText's stop lists judge), or `fallback` when none covers a tenth of them."""
    total, covered, evidence = _coverage(lines)
    if not covered:
        return fallback
    best = _best(evidence)
    return best if covered[best] / total >= 0.1 else fallback


SURE_SHARE = 0.2
SURE_LEAD = 3.0


def sure_language(lines: list[str], among: tuple[str, ...]) -> str | None:
    """The language a text is plainly in, if it is one of `among`: the language whose function
    words say most of it is among them, covers a fifth of its words (SURE_SHARE) and says three
    times what the next of them does (SURE_LEAD); None when it is not that sure. On the article
    texts of the 535 real pages, among narrator's ten spoken languages: 437 sure, none of them
    wrong (a Norwegian or Danish page, whose own language is not among them, is not taken for
    Swedish; Spanish is told from Portuguese)."""
    total, covered, evidence = _coverage(lines)
    if not evidence or (best := _best(evidence)) not in among \
            or covered[best] < SURE_SHARE * total:
        return None
    runner_up = max((evidence[code] for code in among if code != best), default=0.0)
    return best if evidence[best] >= SURE_LEAD * runner_up else None


_ENDS_M = re.compile(r"[.!?…。！？؟][\"'”’)\]」』»]*$", re.M)
_PROSE_ENDS_M = re.compile(r"[.!?…。！？][\"'”’)\]」』]*$", re.M)  # prose_score's (no ؟, »)
_INNER_END_M = re.compile(r"\w[.!?…。！？][\"'”’)]?[^\S\n]+\S")
_BULLET_M = re.compile(r"^(?:[•·▪►*–—-][^\S\n]|\d{1,3}[.)][^\S\n])", re.M)
_SEPARATORS_M = re.compile(r"[^\S\n][|·•»›/][^\S\n]|[^\S\n]\|[^\S\n]?|»|›")
_COUNTER_M = re.compile(r"^\(?\d{1,3}[^\S\n]*(?:/|of|von|de|di|z|из|από)[^\S\n]*\d{1,3}\)?\b",
                        re.I | re.M)
_ELLIPSIS_M = re.compile(r"(?:\.\.\.|…|\[…\])[^\w\n]*$", re.M)
_NUMBERED_M = re.compile(r"^\d{1,2}[.)][^\S\n]+[A-Z]", re.M)
_TEASER_M = re.compile(r"\w(?:\.\.\.|…)$", re.M)
_WORD_OR_BREAK = re.compile(r"\n|[^\W\d_][\w'’-]*")
"""The patterns above, each run once over the page's lines joined by newlines (none of them
can match across a line's end), where `_own` ran them line by line: the same counts, fast."""


class _Page:
    """The page's non-blank lines joined by newlines, with what is needed to count per line."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.text = "\n".join(lines)
        self.count = len(lines)
        self.lengths = np.fromiter(map(len, lines), dtype=np.int64, count=self.count)
        self.ends = np.cumsum(self.lengths + 1) - 1
        self.starts = self.ends - self.lengths
        self.bounds = np.stack([self.starts, self.ends], axis=1).ravel()[:-1]  # line, newline ...
        self.codes = np.frombuffer(self.text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        self.classes = _character_classes(self.codes)
        self.has_digit = self.per_line(self.classes[:, 0]) > 0
        self._holding: dict[str, np.ndarray] = {}

    def matches(self, pattern: re.Pattern, within: np.ndarray | None = None) -> np.ndarray:
        """How often the pattern matches in each line; only lines of `within` are searched
        (the lines where it can match at all: a scan of fewer lines)."""
        if within is None or within.all():
            text, ends, lines = self.text, self.ends, np.arange(self.count)
        else:
            lines = np.flatnonzero(within)
            text = "\n".join([self.lines[k] for k in lines])
            ends = np.cumsum(self.lengths[lines] + 1) - 1
        at = np.array([match.start() for match in pattern.finditer(text)], dtype=np.int64)
        return np.bincount(lines[np.searchsorted(ends, at)], minlength=self.count) \
            .astype(np.float64)

    def holding(self, characters: str) -> np.ndarray:
        """Which lines hold any of the characters."""
        if characters not in self._holding:
            self._holding[characters] = self.per_line(
                np.isin(self.codes, [ord(c) for c in characters])) > 0
        return self._holding[characters]

    def per_line(self, flags: np.ndarray) -> np.ndarray:
        """The sum of a per-character array over each line (and over each newline, dropped)."""
        sums = np.add.reduceat(flags, self.bounds, dtype=np.int64) if self.count else np.zeros(0)
        return sums[0::2].astype(np.float64)


_CLASS_TESTS = (str.isdigit, str.isalnum, str.isspace, str.isupper, str.isalpha)


def _judged(codes) -> np.ndarray:
    """The class tests of each code point, as `str` judges them."""
    return np.array([[test(chr(code)) for test in _CLASS_TESTS] for code in codes], dtype=bool)


_ASCII_CLASSES = _judged(range(128))


def _character_classes(codes: np.ndarray) -> np.ndarray:
    """For each character: isdigit, isalnum, isspace, isupper, isalpha (as `str` judges). Every
    character is looked up in the ASCII table, one beyond it as DEL (none of the five), and
    those are then judged, each distinct one once: half the time boolean masks took."""
    classes = _ASCII_CLASSES[np.minimum(codes, 127)]
    others = np.flatnonzero(codes >= 128)
    if len(others):
        distinct, inverse = np.unique(codes[others], return_inverse=True)
        classes[others] = _judged(distinct.tolist())[inverse.ravel()]
    return classes


def _words(page: _Page, stops: frozenset[str]) -> dict[str, np.ndarray]:
    """Per line: words, function words, capitalized words, and the run of capitalized words
    that opens the line."""
    tokens = _WORD_OR_BREAK.findall(page.text)
    breaks = np.fromiter((token == "\n" for token in tokens), dtype=bool, count=len(tokens))
    line = np.cumsum(breaks)[~breaks]
    words = [token for token in tokens if token != "\n"]
    stop = np.fromiter((word.lower() in stops for word in words), dtype=bool, count=len(words))
    capital = np.fromiter((word[0].isupper() for word in words), dtype=bool, count=len(words))
    count = np.bincount(line, minlength=page.count)
    first = np.concatenate([[0], np.cumsum(count)[:-1]])
    run = count.copy()
    lower_lines, at = np.unique(line[~capital], return_index=True)
    if len(lower_lines):
        run[lower_lines] = np.flatnonzero(~capital)[at] - first[lower_lines]
    return {"count": count.astype(np.float64),
            "stops": np.bincount(line, weights=stop, minlength=page.count),
            "capitals": np.bincount(line, weights=capital, minlength=page.count),
            "run": run.astype(np.float64)}


def _share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """part / whole, 0 where whole is 0."""
    part = np.asarray(part, dtype=np.float64)
    return np.divide(part, whole, out=np.zeros_like(part), where=whole > 0)


def prose_scores(page: _Page, words: dict[str, np.ndarray], ascii_letters: np.ndarray,
                 stop_ratio: np.ndarray) -> np.ndarray:
    """`boilerplate.prose_score` of every line at once (the same values)."""
    count = words["count"]
    no_latin = (ascii_letters == 0) & (page.lengths >= 20)
    count = np.where(no_latin, page.lengths // 4, count)
    ratio = np.where(no_latin, 1.0, stop_ratio)
    ends = page.matches(_PROSE_ENDS_M) > 0
    score = np.select(
        [ends & (count >= MIN_PROSE_WORDS) & (ratio >= 0.1), ends & (count >= 4) & (ratio >= 0.15),
         (count >= 2 * MIN_PROSE_WORDS) & (ratio >= 0.25), count <= 3],
        [np.minimum(count, PROSE_CAP), count / 2, 0.0, SHORT_PENALTY], 2 * SHORT_PENALTY)
    cut = (page.matches(_NUMBERED_M, page.has_digit) > 0) & (words["count"] <= 12) \
        | (page.matches(_TEASER_M, page.holding(".…")) > 0)
    score = np.where(cut, 0.0, score)
    return np.where(words["count"] == 0, -1.0, score).astype(np.float64)


def _own(lines: list[str], stops: frozenset[str]) -> np.ndarray:
    """The columns of _OWN for every line (the line's shape, its words, the rules' verdicts)."""
    page = _Page(lines)
    classes = page.classes
    digits, alnum, space, upper, alpha = (page.per_line(classes[:, k]) for k in range(5))
    ascii_letters = page.per_line((page.codes < 128) & classes[:, 4])
    words = _words(page, stops)
    count = words["count"]
    chars = np.maximum(page.lengths, 1).astype(np.float64)
    function_share = _share(words["stops"], count)
    score = prose_scores(page, words, ascii_letters, function_share)
    reasons = [trained_reason(line) for line in lines]
    last = np.array([line[-1:] for line in lines])
    lower = np.fromiter((line[:1].islower() for line in lines), dtype=bool, count=len(lines))
    columns = [
        np.log1p(page.lengths), np.log1p(count), page.matches(_ENDS_M) > 0, last == ":",
        function_share, _share(words["capitals"], count), digits / chars,
        (page.lengths - alnum - space) / chars, _share(upper, alpha),
        page.matches(_INNER_END_M), page.per_line(page.codes == ord(",")) > 0,
        page.matches(_BULLET_M) > 0, page.matches(_LINKISH) > 0,
        page.matches(_SEPARATORS_M, page.holding("|·•»›/")),
        page.matches(_CLOCK, page.has_digit) > 0, page.matches(_DATEISH, page.has_digit) > 0,
        page.matches(_COUNTER_M, page.has_digit) > 0,
        lower, score, score >= 8, *[np.zeros(page.count)] * 4,
        _share(words["run"], count), page.matches(_ELLIPSIS_M, page.holding(".…")) > 0,
        *[np.fromiter((reason == name for reason in reasons), dtype=bool, count=page.count)
          for name in REASONS],
    ]
    return np.stack([np.asarray(column, dtype=np.float64) for column in columns], axis=1)


def features(raw_lines: list[str], language: str) -> tuple[list[int], np.ndarray]:
    """The indices of the page's non-blank lines and a row of FEATURES for each (without the
    token scores, which `token_columns` adds from learned weights)."""
    stops = function_words(language)
    index = [i for i, line in enumerate(raw_lines) if line.strip()]
    lines = [" ".join(raw_lines[i].split()) for i in index]
    n = len(lines)
    if not n:
        return index, np.zeros((0, len(FEATURES)), dtype=np.float32)
    own = _own(lines, stops)
    col = {name: k for k, name in enumerate(_OWN)}
    repeats = Counter(line.casefold() for line in lines)
    own[:, col["repeats"]] = [np.log(repeats[line.casefold()]) for line in lines]
    own[:, col["blank_before"]] = [min(index[k] - (index[k - 1] if k else -1) - 1, 3)
                                   for k in range(n)]
    own[:, col["blank_after"]] = [min((index[k + 1] if k + 1 < n else len(raw_lines))
                                      - index[k] - 1, 3) for k in range(n)]
    lengths = np.sort(own[:, col["log_chars"]])  # the median (np.median would import numpy.ma)
    median = float((lengths[(n - 1) // 2] + lengths[n // 2]) / 2)
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


def page_tokens(lines: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each line's lower-cased words and word pairs (digits as 0), hashed into buckets: all
    lines' buckets in one array, and how many belong to each line."""
    import zlib

    if not lines:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    text = _DIGIT.sub("0", "\n".join(lines).lower())
    words = [_TOKEN.findall(line) for line in text.split("\n")]
    grams = [gram for line in words
             for gram in (*line, *[f"{a} {b}" for a, b in zip(line, line[1:])])]
    buckets = np.fromiter(map(zlib.crc32, map(str.encode, grams)), dtype=np.int64,
                          count=len(grams)) % TOKEN_BUCKETS
    return buckets, np.array([max(2 * len(line) - 1, 0) for line in words], dtype=np.int64)


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


def token_columns(tokens: tuple[np.ndarray, np.ndarray], weights: np.ndarray) -> np.ndarray:
    """Each line's mean token weight (how much its words say body), and that mean over the
    lines around it; `tokens` as `page_tokens` gives them; only the page's words are read of
    the int8 `weights` (the whole table as float64 took 20 ms of a fresh process's page)."""
    buckets, sizes = tokens
    if not len(sizes):
        return np.zeros((0, 3), np.float32)
    sums = np.bincount(np.repeat(np.arange(len(sizes)), sizes),
                       weights=weights[buckets].astype(np.float64) / TOKEN_SCALE,
                       minlength=len(sizes))
    own = np.divide(sums, sizes, out=np.zeros(len(sizes)), where=sizes > 0)
    return np.stack([own, *window_means(own, TOKEN_WINDOWS)], axis=1).astype(np.float32)


TOKEN_SCALE = 16.0
"""Token weights are kept as int8 of weight × this (±8 in log-odds at most)."""


def token_weights(pages: list[tuple[np.ndarray, np.ndarray]],
                  labels: list[np.ndarray]) -> np.ndarray:
    """Naive Bayes log-odds of body for each bucket, from the labelled lines of pages (their
    `page_tokens`), as int8."""
    body = np.zeros(TOKEN_BUCKETS)
    other = np.zeros(TOKEN_BUCKETS)
    for (buckets, sizes), page_labels in zip(pages, labels):
        is_body = np.repeat(np.asarray(page_labels, dtype=bool), sizes)
        body += np.bincount(buckets[is_body], minlength=TOKEN_BUCKETS)
        other += np.bincount(buckets[~is_body], minlength=TOKEN_BUCKETS)
    odds = np.log((body + 1) / (body.sum() + TOKEN_BUCKETS)) \
        - np.log((other + 1) / (other.sum() + TOKEN_BUCKETS))
    return np.clip(np.round(odds * TOKEN_SCALE), -127, 127).astype(np.int8)
