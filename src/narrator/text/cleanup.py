"""Cleanup of plain text copied from a web page: keep the article, drop what is not the article.

A select-all copy of a page holds the article among menus, other stories' headlines, captions,
credits, promos, share widgets and footers. A model trained on real pages in many languages
(`scripts/train-cleanup`) scores every line as article body or not, from the line's shape, its
words and its neighbours (`linefeatures`), in two passes: the second also sees the first pass's
scores of the lines around. The rules of `boilerplate` are among its evidence, and name the
reason a dropped line gives in `narrator script --explain`. The headline, standfirst, byline and
date are found around the first line of the article.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import numpy as np

from narrator.core.languages import primary_language
from narrator.core.models import Block, Dropped
from narrator.text.boilerplate import (_GLUE, _SENTENCE_END, _WORD, WRAP_WIDTH, boilerplate_reason,
                                       ends_with_credit, gallery_lines, prose_score, sign_up_box,
                                       structural_reason, trained_reason)
from narrator.text.continuation import (INSIDE, INTERRUPTIONS, boxes, continued, islands_after,
                                        title_lists)
from narrator.text.dateline import bare_name
from narrator.text.furniture import furniture, introduces
from narrator.text.headline import (find_header, find_headline, find_title, name_bylines,
                                    title_text)
from narrator.text.linefeatures import (FEATURES, detect_language, features,
                                        function_words, page_tokens, token_columns,
                                        window_means)
from narrator.text.repeats import said_twice
from narrator.text.sitename import without_site_name
from narrator.text.treemodel import TreeEnsemble

MODEL_NAME = "cleanup-model.npz"
"""The trained model, shipped beside this module (made by scripts/train-cleanup)."""
SECOND_PASS_WINDOWS = (1, 2, 5, 10, 30)
RULE_VETO_BELOW = 0.9
"""A line a furniture rule names (a credit, a promo, ...) is read only when the model is at
least this sure it is body: on the training pages, 0.6% of the lines the rules name are body
(0.06% of the body's words), so the rules' word is kept over a doubtful score."""


@dataclass
class LineModel:
    """The trained cleaner: token weights, two passes of trees, and the score to keep."""

    tokens: np.ndarray  # int8 weights of hashed words (TOKEN_SCALE per log-odds unit)
    first: TreeEnsemble
    second: TreeEnsemble
    threshold: float

    def to_arrays(self) -> dict:
        return {"tokens": self.tokens, **self.first.to_arrays("first"),
                **self.second.to_arrays("second"), "threshold": np.float64(self.threshold)}


@functools.lru_cache(maxsize=1)
def model() -> LineModel:
    """The shipped model."""
    from importlib.resources import files

    with files("narrator.text").joinpath(MODEL_NAME).open("rb") as handle:
        arrays = dict(np.load(handle))
    return LineModel(arrays["tokens"], TreeEnsemble.from_arrays(arrays, "first"),
                     TreeEnsemble.from_arrays(arrays, "second"), float(arrays["threshold"]))


def first_pass_rows(lines: list[str], language: str,
                    tokens: np.ndarray) -> tuple[list[int], np.ndarray]:
    """The non-blank lines' indices and the first pass's rows: features and token scores."""
    index, matrix = features(lines, language)
    scores = token_columns(page_tokens([lines[i] for i in index]), tokens)
    return index, np.hstack([matrix, scores])


def best_run(values: np.ndarray) -> tuple[int, int]:
    """Start and end (exclusive) of the run of lines whose values sum highest."""
    best, start, total, best_total = (0, 0), 0, 0.0, 0.0
    for index, value in enumerate(values):
        if total <= 0:
            start, total = index, 0.0
        total += value
        if total > best_total:
            best, best_total = (start, index + 1), total
    return best


def second_pass_features(first: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """The first pass's features with its scores, their windowed means around each line, and
    where the line is from the main run of body (the run of lines, weighted by their words,
    that the first pass most thinks is the article)."""
    n = len(scores)
    positions = np.arange(n)
    columns = [scores, *window_means(scores, SECOND_PASS_WINDOWS)]
    columns.append(np.concatenate([[-1.0], scores[:-1]]))
    columns.append(np.concatenate([scores[1:], [-1.0]]))
    words = np.expm1(first[:, FEATURES.index("log_words")]) if n else np.zeros(0)
    start, end = best_run((scores - 0.5) * (1 + np.sqrt(words)))
    before, after = np.maximum(start - positions, 0), np.maximum(positions - end + 1, 0)
    low = np.concatenate([[0], np.cumsum(scores < 0.3)])
    gap = np.where(positions < start, low[start] - low[positions],
                   np.where(positions >= end, low[positions] - low[min(end, n)], 0))
    columns += [((positions >= start) & (positions < end)).astype(float), np.log1p(before),
                np.log1p(after), np.log1p(gap), np.full(n, np.log1p(end - start))]
    return np.hstack([first, np.stack(columns, axis=1)]).astype(np.float32)


def body_scores(lines: list[str], language: str) -> tuple[list[int], np.ndarray]:
    """Indices of the non-blank lines and each one's probability of being article body."""
    trained = model()
    index, matrix = first_pass_rows(lines, language, trained.tokens)
    if not index:
        return index, np.zeros(0)
    scores = trained.first.predict(matrix)
    return index, trained.second.predict(second_pass_features(matrix, scores))


def prepare_lines(text: str) -> tuple[list[str], list[int]]:
    """The page's lines, whitespace collapsed, glued lines cut and hard-wrapped lines joined,
    blank lines kept; and for each, the line of `text` it starts on."""
    lines: list[str] = []
    origin: list[int] = []
    # The few lines where two are glued, found in one pass (the glue is never whitespace).
    glued, line_number, offset = set(), 0, 0
    for match in _GLUE.finditer(text):
        line_number += text.count("\n", offset, match.start())
        offset = match.start()
        glued.add(line_number)
    raws = text.split("\n")
    for number, raw in enumerate(raws):
        line = " ".join(raw.split())
        if not line:
            lines.append("")
            origin.append(number)
            continue
        for piece in _GLUE.split(line) if number in glued else (line,):
            piece = piece.strip()
            if not piece:
                continue
            previous = lines[-1] if lines else ""
            # A line that stops mid-sentence and a next one starting in lower case are one
            # paragraph wrapped by an editor; so are lines of a text wrapped at a fixed width.
            if previous and not _SENTENCE_END.search(previous) and (
                    re.match(r"[a-z]", piece) or (len(previous) >= WRAP_WIDTH
                                                  and not _kicker(piece)
                                                  and not _quotation(previous)
                                                  and not _above_header(raws, number))) \
                    and not structural_reason(previous) and not structural_reason(piece) \
                    and not ends_with_credit(previous) and not furniture(previous):
                lines[-1] = f"{previous} {piece}"
            else:
                lines.append(piece)
                origin.append(number)
    return lines, origin


def _kicker(piece: str) -> bool:
    """A label of a word or three with no full stop ("EDUCATION", "Patrimoine") starts a line
    of its own: a wrapped sentence's last words end with its full stop."""
    return len(piece.split()) <= 3 and piece[:1].isupper() and not _SENTENCE_END.search(piece)


def _quotation(line: str) -> bool:
    """A line that opens and closes with quotation marks is a whole quotation (a pull quote),
    never the first part of a wrapped sentence."""
    return bool(re.match(r"[\"“„«‘']", line) and re.search(r"[\"”“«»’‘']$", line))


def _above_header(raws: list[str], number: int) -> bool:
    """Whether the next line with text after line `number` is a byline or a dateline: then
    that line is a headline's dek, not the rest of a wrapped paragraph."""
    for raw in raws[number + 1:number + 3]:
        if raw.strip():
            line = " ".join(raw.split())
            return structural_reason(line) in ("byline", "date") or bool(bare_name(line))
    return False


@dataclass
class Cleaned:
    """What the cleaner found in a page's text."""

    title: str | None = None
    dek: str | None = None
    byline: str | None = None
    date: str | None = None
    language: str = "en"
    blocks: list[Block] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)

    @property
    def body(self) -> str:
        """The kept article text, one block a line."""
        return "\n".join(block.text for block in self.blocks)


WRITTEN_TEXT_LINES = 30
"""A text this short in which no line is page furniture was written, not copied from a page:
it is read whole (2 of the 535 training pages are so short and so free of furniture)."""


def kept_lines(scores: np.ndarray, threshold: float,
               reasons: list[str | None]) -> np.ndarray:
    """Which lines to read: those scored over the threshold. A short text with no furniture
    (a note, a poem, a list) is read whole; on a page where no line is over the threshold, the
    best-scored ones are (a page with prose has an article, however unusual it looks)."""
    keep = scores >= threshold
    if not any(reasons) and (len(scores) <= WRITTEN_TEXT_LINES or not keep.any()):
        keep = np.ones(len(scores), dtype=bool)
    elif not keep.any() and len(scores) and scores.max() > 0.02:
        keep = scores >= scores.max() * 0.5
    return keep


def clean_text(text: str, language: str | None = None) -> Cleaned:
    """Split a page's plain text into the article's blocks and the dropped lines. The page's
    language is detected when not given (it sets the function words the model counts)."""
    raw, _ = prepare_lines(text)
    language = language or detect_language(raw)
    index, scores = body_scores(raw, language)
    lines = [raw[i] for i in index]
    result = Cleaned(language=language)
    if not lines:
        return result
    reasons: list[str | None] = [boilerplate_reason(line) for line in lines]
    threshold = model().threshold
    keep = kept_lines(scores, threshold, reasons)
    keep &= ~_vetoed(lines, reasons, scores)
    # A caption closed by its credit and a gallery's lines are never read, however much their
    # sentences read like prose (verdicts after the model, whose features stay as trained).
    gallery = gallery_lines(lines)
    for index, line in enumerate(lines):
        # Furniture that reads like prose, looked for where the article may be read: the lines
        # kept and the sentences `_extend_edges` may add (elsewhere it would only rename a reason).
        found = "caption" if index in gallery or ends_with_credit(line) else (
            furniture(line) if keep[index] or scores[index] >= threshold / 3
            and _SENTENCE_END.search(line) else None)
        if found:
            keep[index], reasons[index] = False, reasons[index] or found
    for index in sign_up_box(lines, reasons):
        keep[index], reasons[index] = False, "promo"
    name_bylines(lines, reasons)
    echo = find_headline(lines)
    if echo is not None and echo > 0:
        keep[0], reasons[0] = False, "page title"  # the page's <title>, echoed by its headline
        _not_above(lines, keep, echo)
    for index, reason in boxes(lines, reasons):
        keep[index], reasons[index] = False, reasons[index] or reason
    _extend_edges(lines, reasons, keep, scores, threshold)
    keep[continued(lines, reasons, keep, function_words(language))] = True
    body = np.flatnonzero(keep)
    start, end = (int(body[0]), int(body[-1]) + 1) if len(body) else (len(lines), len(lines))
    headline = find_title(lines, reasons, keep, start, echo)
    if headline is not None:
        # The page's own title line ("Pier rebuilt – Harbour Gazette") without the site's name.
        result.title = title_text(lines, keep, headline)
        keep[headline] = False
        reasons[headline] = "title"
        _not_above(lines, keep, headline)
        if start <= headline:
            body = np.flatnonzero(keep)
            start = int(body[0]) if len(body) else len(lines)
    header = find_header(lines, reasons, headline, start, end)
    result.byline, result.date, result.dek = header.byline, header.date, header.dek
    _authors_note(lines, reasons, keep, result.byline, (start, end))
    for index_ in range(len(lines)):
        if reasons[index_] in ("dek", "byline", "date") and index_ < start + 6:
            keep[index_] = False
    for index_ in islands_after(lines, keep):
        keep[index_], reasons[index_] = False, reasons[index_] or "outside the article"
    for index_, reason in said_twice(lines, keep) + title_lists(lines, keep):
        keep[index_], reasons[index_] = False, reason
    _collect(lines, reasons, keep, scores, (start, end), result)
    return result


def _vetoed(lines: list[str], reasons: list[str | None], scores: np.ndarray) -> np.ndarray:
    """The lines a rule names: not read, unless only a rule the model was trained with names
    one and the model is sure it is body (RULE_VETO_BELOW). The newer rules' word stands (the
    model cannot weigh what it never learnt): of the 2,056 lines only they name on the 454
    labelled pages, 20 are labelled body (1 %; contact lines, a "read also" line, datelines)."""
    trained = np.array([reason is not None and trained_reason(line) is not None
                        for line, reason in zip(lines, reasons)])
    named = np.array([reason is not None for reason in reasons])
    return named & ~(trained & (scores >= RULE_VETO_BELOW))


def _not_above(lines: list[str], keep: np.ndarray, headline: int) -> None:
    """Above the headline, kept lines that are not sentences are other stories' titles in menus
    and lists, not the article."""
    for index in range(headline):
        keep[index] &= bool(_SENTENCE_END.search(lines[index]))


def _authors_note(lines: list[str], reasons: list[str | None], keep: np.ndarray,
                  byline: str | None, run: tuple[int, int]) -> None:
    """"Jane Doe is a retired architect ...", "Jo Hart is a freelance reporter in London.": the
    author's note under an article (by the byline's names, or by a writer's job)."""
    start, end = run
    names = "|".join(re.escape(name.strip()) for name in re.split(
        r",|\s(?:and|und|y|et|e|och|og|en)\s", byline or "") if name.strip())
    for index in range(max(start, end - 4), end):
        if reasons[index] is None and (introduces(lines[index]) or names and re.match(
                rf"(?:{names}) (?:is|was|writes|has|covers|reports|lives|teaches|works)\b",
                lines[index])):
            reasons[index], keep[index] = "author's note", False


INTERRUPTION_LINES = 2
HOLE_LINES = 8
"""The most lines between two of the article's lines that interruptions and sentences fill."""


def _extend_edges(lines: list[str], reasons: list[str | None], keep: np.ndarray,
                  scores: np.ndarray, threshold: float) -> None:
    """Recall first: a sentence right before or after the article's kept lines (no rule
    against it, a third of the threshold or more), or after an interruption of a line or two
    (an advertisement's label, a newsletter line), is read too; a listener cannot skim back."""
    body = np.flatnonzero(keep)
    if not len(body):
        return

    def sentence(index: int) -> bool:
        return (reasons[index] is None and scores[index] >= threshold / 3
                and bool(_SENTENCE_END.search(lines[index]))
                and len(_WORD.findall(lines[index])) >= 4)

    def next_sentence(index: int, step: int) -> int | None:
        """The sentence next to `index`, across an interruption of at most two lines (an
        advertisement's label, a newsletter line, a caption), or None."""
        for _ in range(INTERRUPTION_LINES + 1):
            index += step
            if not 0 <= index < len(lines):
                return None
            if sentence(index):
                return index
            if reasons[index] not in INTERRUPTIONS:
                return None
        return None

    for edge, step in ((int(body[0]), -1), (int(body[-1]), 1)):
        while (found := next_sentence(edge, step)) is not None:
            keep[found], edge = True, found
    for index in range(int(body[0]), int(body[-1])):  # and any such sentence inside it
        if not keep[index] and sentence(index) and (keep[index - 1] or keep[index + 1]):
            keep[index] = True
    body = np.flatnonzero(keep)
    for left, right in zip(body[:-1], body[1:]):
        # Sentences between the article's lines, across an advertisement, a newsletter box,
        # a "Read more" line or a caption: the article goes on after them.
        hole = range(int(left) + 1, int(right))
        if 0 < len(hole) <= HOLE_LINES and all(
                sentence(index) or reasons[index] in INSIDE for index in hole):
            for index in hole:
                keep[index] = keep[index] or sentence(index)


def _collect(lines: list[str], reasons: list[str | None], keep: np.ndarray, scores: np.ndarray,
             run: tuple[int, int], result: Cleaned) -> None:
    """The article's blocks and the dropped lines, each with why it was dropped."""
    seen: set[str] = set()
    kept: list[int] = []
    start, end = run
    for index, line in enumerate(lines):
        key = line.casefold()
        if keep[index] and key in seen and len(_WORD.findall(line)) >= 4:
            reason = "duplicate"  # a page repeats teasers and pull quotes; "No." may recur
        elif keep[index]:
            seen.add(key)
            kept.append(index)
            continue
        elif reasons[index] == "dek" or reasons[index] == "title" and result.title in (
                line, without_site_name(line)):
            continue  # both are read, first
        elif reasons[index] == "title":
            reason = "headline"  # the page's own title names the article instead
        else:
            where = "outside the article" if index < start or index >= end else "not article text"
            reason = reasons[index] or where
        result.dropped.append(Dropped(line, reason, round(float(scores[index]), 3)))
    for position, index in enumerate(kept):
        following = lines[kept[position + 1]] if position + 1 < len(kept) else ""
        kind = "heading" if _is_subheading(lines[index], following) else "paragraph"
        result.blocks.append(Block(kind, as_read(lines[index], result.language)))


_APART_POSSESSIVE = re.compile(r"(?<=\w) (?=[’']s(?![\w-]))")


def as_read(line: str, language: str) -> str:
    """A kept line as its block reads it: in English, without the space a select-all copy puts
    between a word in italics or a link and its "’s" ("one of <i>Destiny 2</i>’s best" is
    copied "Destiny 2 ’s best", and was spoken "Destiny two s"); Dutch writes "'s avonds"."""
    return _APART_POSSESSIVE.sub("", line) if primary_language(language) == "en" else line


def _is_subheading(line: str, following: str) -> bool:
    """A short line without a full stop, followed by prose, heads a section."""
    return (not _SENTENCE_END.search(line) and not re.match(r"[\d•*(\[-]", line)
            and len(_WORD.findall(line)) <= 12 and prose_score(following) > 0)
