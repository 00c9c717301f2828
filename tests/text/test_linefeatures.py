"""The cleaner's fast paths compute exactly what their plain line-by-line definitions do.

The line features are counted over the whole page at once (NumPy, one regular-expression scan
a page), the furniture rules skip lines that hold none of their fixed words, and the trees
compare float32 rows to float32 thresholds. Each is checked here against the straightforward
definition it replaced, on the fixture pages and on generated lines, so the shipped model sees
the same numbers it was trained on.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from narrator.text import boilerplate, cleanup, linefeatures
from narrator.text.boilerplate import REASONS, prose_score, trained_reason
from narrator.text.patterns import Rule, needles
from narrator.text.treemodel import TreeEnsemble

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"

# The per-line definitions the fast paths replaced.
_SENTENCE_END = re.compile(r"[.!?…。！？؟][\"'”’)\]」』»]*$")
_INNER_END = re.compile(r"\w[.!?…。！？][\"'”’)]?\s+\S")
_BULLET = re.compile(r"^(?:[•·▪►*–—-]\s|\d{1,3}[.)]\s)")
_SEPARATORS = re.compile(r"\s[|·•»›/]\s|\s\|\s?|»|›")
_COUNTER = re.compile(r"^\(?\d{1,3}\s*(?:/|of|von|de|di|z|из|από)\s*\d{1,3}\)?\b", re.I)


def reference_row(line: str, stops: frozenset[str]) -> list[float]:
    words = linefeatures.WORD.findall(line)
    count = len(words)
    chars = max(len(line), 1)
    letters = sum(map(str.isalpha, line))
    reason = trained_reason(line)
    score = prose_score(line, stops)
    run = 0
    for word in words:
        if not word[0].isupper():
            break
        run += 1
    return [
        np.log1p(len(line)), np.log1p(count), float(bool(_SENTENCE_END.search(line))),
        float(line.endswith(":")),
        sum(w.lower() in stops for w in words) / count if count else 0.0,
        sum(w[0].isupper() for w in words) / count if count else 0.0,
        sum(map(str.isdigit, line)) / chars,
        (len(line) - sum(map(str.isalnum, line)) - sum(map(str.isspace, line))) / chars,
        sum(map(str.isupper, line)) / letters if letters else 0.0,
        float(len(_INNER_END.findall(line))), float("," in line), float(bool(_BULLET.match(line))),
        float(bool(linefeatures._LINKISH.search(line))), float(len(_SEPARATORS.findall(line))),
        float(bool(linefeatures._CLOCK.search(line))),
        float(bool(linefeatures._DATEISH.search(line))),
        float(bool(_COUNTER.match(line))), float(line[:1].islower()), score,
        float(score >= 8), 0.0, 0.0, 0.0, 0.0, run / count if count else 0.0,
        float(bool(re.search(r"(?:\.\.\.|…|\[…\])\W*$", line))),
        *[float(reason == name) for name in REASONS],
    ]


def reference_tokens(line: str) -> list[int]:
    words = re.findall(r"\w+", re.sub(r"\d", "0", line.lower()))
    grams = words + [f"{a} {b}" for a, b in zip(words, words[1:])]
    return [zlib.crc32(gram.encode()) % linefeatures.TOKEN_BUCKETS for gram in grams]


def fixture_lines() -> list[str]:
    lines = []
    for page in sorted(FIXTURES.glob("*.txt")):
        prepared, _ = cleanup.prepare_lines(page.read_text(encoding="utf-8"))
        lines += [line for line in prepared if line]
    return lines


def assert_same_rows(lines: list[str], language: str = "en") -> None:
    stops = linefeatures.function_words(language)
    fast = linefeatures._own(lines, stops)
    slow = np.array([reference_row(line, stops) for line in lines], dtype=np.float64)
    for k, name in enumerate(linefeatures._OWN):
        differ = np.flatnonzero(fast[:, k] != slow[:, k])
        assert not len(differ), (name, [lines[i] for i in differ[:3]])


def test_page_features_are_the_line_by_line_ones_on_the_fixture_pages():
    assert_same_rows(fixture_lines())


# Lines made of the pieces the features look at: sentence ends, separators, counters, clocks,
# links, ellipses, capitals, digits in other scripts, letters that change length when lowered.
PIECES = ["The", "minister", "said", "it", "was", "late", ".", "...", "…", "!", "?", "؟", ",",
          ":", "|", "·", "•", "»", "›", "/", "3", "of", "10", "12:45", "2024", "1/2/24", "1.",
          "-", "•", "www.example.com", "@desk", "https://x.org", "(", ")", "”", "Photo", "Getty",
          "Images", "Subscribe", "newsletter", "©", "İstanbul", "ΣΟΦΙΑΣ", "straße", "٣", "Ⅻ",
          "der", "und", "Die", "née", "ÉTÉ", "a", "I", "“", "’", "[…]", "de", "z", "из", "late.",
          "said,", "it!", "Yes?", "end.”", "No...", "fin…", "2.", "(3", "10)", "I.", "A!", "\ud800"]
LINES = st.lists(st.sampled_from(PIECES), min_size=1, max_size=14).map(
    lambda parts: " ".join(" ".join(parts).split()))


@settings(max_examples=150, deadline=None)
@given(st.lists(LINES.filter(bool), min_size=1, max_size=8),
       st.sampled_from(["en", "de", "ru"]))
def test_page_features_are_the_line_by_line_ones_on_generated_lines(lines, language):
    assert_same_rows(lines, language)


@settings(max_examples=60, deadline=None)
@given(st.lists(LINES.filter(bool), min_size=1, max_size=8))
def test_hashed_words_are_the_line_by_line_ones(lines):
    buckets, sizes = linefeatures.page_tokens(lines)
    assert sizes.sum() == len(buckets)
    at = 0
    for line, size in zip(lines, sizes):
        assert buckets[at:at + size].tolist() == reference_tokens(line)
        at += size


def test_furniture_rules_find_what_their_patterns_find():
    lines = fixture_lines() + ["Sign up for our daily newsletter", "© 2024 Harbour Media",
                               "Photo: Jo Hart/Getty Images", "We may earn a commission.",
                               "Cookie settings", "Join us on Mastodon at home"]
    rules = [*boilerplate._PATTERNS, *boilerplate._WHOLE_LINE]
    assert any(Rule(pattern).needles for _, pattern in rules)  # the fast path is taken
    for _, pattern in rules:
        rule = Rule(pattern)
        for line in lines:
            found, expected = rule.search(line, line.lower()), pattern.search(line)
            assert bool(found) == bool(expected), (pattern.pattern[:40], line)
            if found:
                assert found.group(0).casefold() == expected.group(0).casefold()


def test_every_match_holds_a_needle():
    pattern = re.compile(r"(?:sign up|subscribe) (?:for|to) our\b.{0,20}newsletter|"
                         r"^(?:enter|your) e-?mail$|ad ?choices")
    assert needles(pattern) == ("newsletter", "mail", "choices")
    assert needles(re.compile(r"\d+|news")) is None  # an alternative with no fixed text
    assert needles(re.compile(r"(?i:news)letter")) == ("letter",)


def reference_predict(trees: TreeEnsemble, rows: np.ndarray) -> np.ndarray:
    """The plain walk: float64 comparisons, one level at a time."""
    nodes = np.broadcast_to(trees.roots, (len(rows), len(trees.roots))).copy()
    for _ in range(trees.depth):
        feature = trees.feature[nodes]
        values = rows.astype(np.float64)[np.arange(len(rows))[:, None], np.maximum(feature, 0)]
        child = np.where(values <= trees.threshold[nodes], trees.left[nodes], trees.right[nodes])
        nodes = np.where(feature >= 0, child, nodes)
    return 1.0 / (1.0 + np.exp(-trees.value[nodes].sum(axis=1)))


def test_float32_walk_decides_as_the_float64_one_even_at_the_thresholds():
    trees = cleanup.model().first
    rng = np.random.default_rng(7)
    internal = trees.feature >= 0
    rows = rng.normal(size=(400, int(trees.feature.max()) + 1)).astype(np.float32)
    # Put rows right on each split's threshold, and one float32 step to either side.
    picks = rng.choice(np.flatnonzero(internal), size=(400, 40))
    for row, nodes in enumerate(picks):
        value = trees.threshold[nodes].astype(np.float32)
        step = rng.integers(-1, 2, size=len(nodes))
        value = np.where(step < 0, np.nextafter(value, np.float32(-np.inf)),
                         np.where(step > 0, np.nextafter(value, np.float32(np.inf)), value))
        rows[row, trees.feature[nodes]] = value
    assert np.array_equal(trees.predict(rows), reference_predict(trees, rows))


def test_the_shipped_language_index_is_jusTexts_short_function_words(tmp_path):
    """The index `detect_language` reads is the one `write_detection_index` makes from jusText's
    stop lists now (a stale file would guess other languages), and every word of it, and only
    those, is found with its languages."""
    fresh = tmp_path / linefeatures.DETECTION_NAME
    linefeatures.write_detection_index(fresh)
    shipped = np.load(Path(linefeatures.__file__).with_name(linefeatures.DETECTION_NAME))
    made = np.load(fresh)
    for name in ("words", "sets", "codes"):
        assert np.array_equal(shipped[name], made[name]), name
    expected = linefeatures.detection_index()
    words = list(expected) + ["zzzz", "thee", "derr", "a" * 9, ""]
    found = dict(linefeatures.languages_of(words))
    assert found == {word: list(codes) for word, codes in expected.items()}
    assert "de" in found["und"] and "en" in found["the"]
