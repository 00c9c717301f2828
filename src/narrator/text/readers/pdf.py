"""PDF with a text layer, read through pdfminer.six as its reader sees the page.

What the page shows that is not the text is found by what it is, not where one file puts it:
lines that recur at the same place on several pages (running headers and footers, printer's
slugs, margin labels), page numbers at a page's edges, columns of numbers (a transcript's line
numbers), note marks and lone numbers, glyphs the font cannot name ("(cid:88)"). Columns are read
one after another, vertical writing right to left; ligatures and letter-spaced words are made
words again. Headings come from the document's outline (bookmarks) when it has one, else from
larger or bold type standing alone; footnotes (small type at a page's foot) are read after their
section; a paragraph cut by a column or page end is joined again only to text of the same type.
The title is the document's (its metadata, unless that is a file name, else the largest type of
its first page). A scan is refused with an OCR hint, an encrypted or damaged file says which.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from narrator.core.characters import word_key
from narrator.core.errors import InputError
from narrator.core.models import Block, Document, Dropped, EpisodeMeta
from narrator.text.readers.base import Reader, make_document, without_addresses
from narrator.text.readers.pdflayout import Box, Line, clean_line, extract_isolated, join_lines, \
    make_box
from narrator.core.formats import PDF

EDGE_LINES = 3
"""A page's first and last lines (by height) are where running headers and footers sit."""
PLACE_TOLERANCE = 0.08
"""A running line recurs within this share of the page's height of one place."""
EDGE_BAND = 0.1
"""... and so is any line in this share of the page's height at its top or bottom."""
_PAGE_NUMBER = re.compile(
    r"^[-–—(\[]*\s*(?:page|p\.|seite|página|pagina)?\s*(?:\d{1,4}|[ivxlcdm]{1,7})"
    r"(?:\s*(?:of|/|von|de|sur)\s*\d{1,4})?\s*[-–—)\]]*$", re.I)
_PAGE_OF = re.compile(r"\b(?:page|seite|página|pagina) \d{1,4} (?:of|von|de|sur|di) \d{1,4}\b",
                      re.I)
"""An edge line saying "Page 3 of 12" is the page's furniture, whatever else it says."""
_FIGURE = re.compile(r"^[-–+(]?[$€£¥]?\d[\d.,:/%]*[)%*]?$")
_NUMBER_ONLY = re.compile(r"^[\W_]*(?:\d{1,4}|[ivxlc]{1,6}|[a-z])[.)\]:]?[\W_]*$", re.I)
_MARKER = re.compile(r"^(?:[•●◦▪■□❏–—*·]|\(?(?:\d{1,3}|[a-z]|[ivx]{1,5})[.)])$", re.I)
_FILE_NAME = re.compile(r"(?:\.(?:exe|docx?|rtf|odt|pdf|tex|dvi|txt|indd|qxd|ps|html?|xlsx?|"
                        r"pptx?|sgml?)$|^microsoft (?:word|powerpoint|excel) - |^untitled\b|"
                        r"[\\/])", re.I)


class PdfReader(Reader):
    SUFFIXES = PDF.suffixes
    MIME_TYPES = PDF.mime_types
    LISTED = 5
    KIND = "PDF"

    def read_data(self, data: bytes, source: Path | str) -> Document:
        found = extract_isolated(data, source)
        pages = [[make_box(page, box) for box in boxes]
                 for page, boxes in enumerate(found["pages"])]
        sizes = [(found["widths"][number], found["heights"][number]) for number in
                 range(len(pages))]
        dropped: list[Dropped] = []
        boxes = _without_furniture(pages, sizes, dropped)
        blocks = _blocks(boxes, sizes, found["outline"])
        if not blocks:
            raise InputError("no text in this PDF beyond its headers and page numbers", source)
        title = found["title"]
        if not title or _FILE_NAME.search(title):
            title = _title_from_type(pages) or None
        return make_document(source, EpisodeMeta(title=title), blocks, dropped)


# ---- what is the page, not the text ----

def _key(text: str) -> str:
    """A line as it recurs from page to page: numbers aside, case and spacing aside."""
    return re.sub(r"\d+", "#", word_key(text))


@dataclass
class _Running:
    """What recurs from page to page: each page's edge lines (ids), where each edge line's
    text sits on the pages it is on, and which texts run (headers, footers, slugs)."""

    edges: list[set[int]]
    places: dict[tuple[str, bool], list[tuple[int, float]]]
    keys: set[tuple[str, bool]]

    def holds(self, text: str, line: Line, height: float) -> bool:
        key = _place_key(text, line, height)
        return key in self.keys and _near(self.places[key], (line.y0 + line.y1) / 2 / height)


def _running(pages: list[list[Box]], sizes: list[tuple[float, float]]) -> _Running:
    edges: list[set[int]] = []
    body = _body_size([box for boxes in pages for box in boxes]) or 1e9
    larger: Counter = Counter()
    places: dict[tuple[str, bool], list[tuple[int, float]]] = {}
    for number, boxes in enumerate(pages):
        width, height = sizes[number]
        lines = [line for box in boxes for line in box.lines]
        order = sorted(lines, key=lambda line: -(line.y0 + line.y1))
        count = min(EDGE_LINES, len(order) // 4)  # a sparse page: its lines are its text
        edge = {id(line) for line in order[:count] + order[len(order) - count:]}
        edge |= {id(line) for line in lines if line.y0 >= height * (1 - EDGE_BAND)
                 or line.y1 <= height * EDGE_BAND
                 or line.x1 <= width * EDGE_BAND or line.x0 >= width * (1 - EDGE_BAND)}
        edges.append(edge)
        for line in lines:
            if id(line) in edge:
                key = _place_key(line.text, line, height)
                places.setdefault(key, []).append((number, (line.y0 + line.y1) / 2 / height))
                larger[key] += line.size > 1.15 * body
    recurring = 3 if len(pages) > 4 else 2
    counts = {key: len({number for number, _ in seen}) for key, seen in places.items()}
    # A line in larger type than the text recurring at the top of a few pages is a chapter's
    # heading ("Chapter 3"); a running line in large type is on most pages (a proof's slug).
    keys = {key for key, count in counts.items() if count >= recurring
            and _same_place(places[key])
            and (larger[key] < count / 2 or count >= 0.75 * len(pages))}
    return _Running(edges, places, keys if len(pages) > 1 else set())


def _without_furniture(pages: list[list[Box]], sizes: list[tuple[float, float]],
                       dropped: list[Dropped]) -> list[Box]:
    """The pages' boxes with their lines that are the page, not the text, taken out: running
    lines, page numbers, margin numbers, vertical margin labels, glyph debris; a box of a
    table's figures marked as a table."""
    running = _running(pages, sizes)
    kept: list[Box] = []
    for number, boxes in enumerate(pages):
        width, height = sizes[number]
        vertical = sum(len(box.text) for box in boxes if box.vertical) > 0.5 * sum(
            len(box.text) for box in boxes)
        _strip_line_numbers(boxes, width, dropped)
        for box in boxes:
            if box.vertical and not vertical and (box.x1 <= width * 0.12
                                                  or box.x0 >= width * 0.88):
                dropped.append(Dropped(clean_line(box.text), "vertical text in a margin"))
                continue
            box.lines = [line for line in box.lines
                         if _line_kept(line, running, number, height, dropped)]
            box.joined = None  # its lines are cleaned, some gone
            if not box.lines:
                continue
            if all(_NUMBER_ONLY.match(line.text) or _MARKER.match(line.text)
                   for line in box.lines):
                dropped.append(Dropped(" ".join(line.text for line in box.lines),
                                       "line numbers" if len(box.lines) > 2 else
                                       "a number or list mark standing alone (a note mark, a "
                                       "page or line number)"))
                continue
            kept.append(_as_table(box, dropped))
    return kept


_LEADING_NUMBER = re.compile(r"^\s*(\d{1,3})\s+(?=\S)")


def _strip_line_numbers(boxes: list[Box], width: float, dropped: list[Dropped]) -> None:
    """A page whose lines open with the numbers 1, 2, 3 ... down the left margin (a court
    transcript, numbered verse or code) loses those numbers: they count lines, they are not
    the text."""
    numbered = []
    for box in boxes:
        for line in box.lines:
            match = _LEADING_NUMBER.match(line.text)
            if match and line.x0 < 0.3 * width:
                numbered.append((-(line.y0 + line.y1), int(match.group(1)), line, match.end()))
    numbered.sort(key=lambda item: item[0])
    best: list = []
    run: list = []
    for item in numbered:
        run = run + [item] if run and item[1] == run[-1][1] + 1 else [item]
        if len(run) > len(best):
            best = run
    if len(best) < 5:
        return
    for _, _, line, end in best:
        line.text = line.text[end:]
    for box in boxes:
        box.joined = None
    dropped.append(Dropped(f"{best[0][1]}–{best[-1][1]}", "line numbers in the margin"))


def _line_kept(line: Line, running: _Running, number: int, height: float,
               dropped: list[Dropped]) -> bool:
    """Whether a line is text (its text cleaned), else why not, said in `dropped`."""
    text = clean_line(line.text)
    reason = None
    if not text or not re.search(r"\w", text):
        reason = "glyphs without words" if line.text.strip() else None
    elif (id(line) in running.edges[number] and _PAGE_NUMBER.match(text)) or (
            _PAGE_OF.search(text) and not 0.15 < line.y1 / height < 0.85):
        reason = "page number"
    elif running.holds(text, line, height):
        reason = "running header" if line.y0 > height / 2 else "running footer"
    if reason or not text:
        if text:
            dropped.append(Dropped(text, reason))
        return False
    line.text = text
    return True


def _is_figures(text: str) -> bool:
    """A line that is a row of a table's figures ("1997 1998 1999 2000", "12.5 3,400 7%")."""
    tokens = text.split()
    return len(tokens) >= 3 and sum(bool(_FIGURE.match(token)) for token in tokens) \
        >= 0.75 * len(tokens)


def _as_table(box: Box, dropped: list[Dropped]) -> Box:
    """A box that is mostly rows of figures becomes a table: announced, not read."""
    figures = [line for line in box.lines if _is_figures(line.text)]
    if figures and len(figures) >= len(box.lines) / 2:
        dropped.append(Dropped(" / ".join(line.text for line in box.lines)[:300],
                               "a table's figures (announced, not read)"))
        box.kind = "table"
    return box


def _place_key(text: str, line: Line, height: float) -> tuple[str, bool]:
    """A line as it recurs, and whether it is in the page's upper half (a form's name may run
    both at the top and at the foot: two running lines)."""
    return _key(text), line.y0 + line.y1 > height


def _near(seen: list[tuple[int, float]], place: float) -> bool:
    """Whether a line at `place` (a share of the page's height) sits where a running line
    usually does."""
    heights = sorted(where for _, where in seen)
    return abs(heights[len(heights) // 2] - place) <= PLACE_TOLERANCE


def _same_place(seen: list[tuple[int, float]]) -> bool:
    """Whether a recurring line sits at about the same height on most of the pages it is on."""
    heights = sorted(place for _, place in seen)
    middle = heights[len(heights) // 2]
    near = sum(abs(place - middle) <= PLACE_TOLERANCE for place in heights)
    return near >= 2 and near >= 0.5 * len(heights)


# ---- reading order, headings, notes ----

def _reading_order(boxes: list[Box]) -> list[Box]:
    """One page's boxes as they are read: top to bottom, and where the page is in columns,
    each column of a band whole before the next (a box across the columns ends a band);
    vertical writing right to left."""
    if not boxes:
        return []
    if sum(box.vertical for box in boxes) > len(boxes) / 2:
        return sorted(boxes, key=lambda box: (-box.x1, -box.y1))
    left = min(box.x0 for box in boxes)
    width = max(box.x1 for box in boxes) - left or 1.0
    ordered: list[Box] = []
    band: list[Box] = []

    def flush() -> None:
        starts = sorted(box.x0 for box in band)
        columns = starts[:1]  # a column starts a fifth of the width or more right of another
        for start in starts[1:]:
            if start - columns[-1] > 0.2 * width:
                columns.append(start)
        ordered.extend(sorted(band, key=lambda box: (
            bisect.bisect_right(columns, box.x0 + 0.1 * width), -box.y1)))
        band.clear()

    for box in sorted(boxes, key=lambda box: -box.y1):
        if box.x1 - box.x0 > 0.6 * width:
            flush()
            ordered.append(box)
        else:
            band.append(box)
    flush()
    return ordered


def _blocks(boxes: list[Box], sizes: list[tuple[float, float]], outline: list[list]
            ) -> list[Block]:
    """Headings, paragraphs and the notes of each section, a paragraph cut by a column or
    page end joined again to text of its own type."""
    pages = sorted({box.page for box in boxes})
    ordered = [box for page in pages for box in _reading_order(
        [box for box in boxes if box.page == page])]
    body_size = _body_size(ordered)
    body_bold = sum(len(box.text) for box in ordered if box.bold) > 0.5 * sum(
        len(box.text) for box in ordered)
    titles = [word_key(title) for level, title in outline if level <= 2]
    # How often each short text stands alone ("TIP", "Note"): a label printed beside many
    # paragraphs is not a section's heading.
    labels = Counter(word_key(box.text) for box in ordered if len(box.text.split()) <= 3)
    for attempt in (titles, []):  # an outline whose titles the pages do not print: by type
        for box in ordered:
            if box.kind != "table":
                box.kind = _kind(box, body_size, body_bold, attempt, labels,
                                 sizes[box.page][1], ordered)
        if sum(box.kind == "heading" for box in ordered) >= min(2, len(attempt)):
            break
    blocks: list[Block] = []
    notes: list[str] = []
    previous: Box | None = None

    def flush_notes() -> None:
        if notes:
            blocks.append(Block("note", "footnotes"))
            blocks.extend(Block("paragraph", note) for note in notes)
            notes.clear()

    for box in ordered:
        if box.kind == "table":
            if not (blocks and blocks[-1] == Block("note", "table")):
                blocks.append(Block("note", "table"))
            previous = box
            continue
        text = without_addresses(box.text)
        if not text:
            continue
        if box.kind == "note":
            notes.append(text)
            continue
        if box.kind == "heading":
            flush_notes()
            if blocks and blocks[-1].kind == "heading" and previous is not None \
                    and previous.kind == "heading" and _one_heading(previous, box):
                blocks[-1] = Block("heading", join_lines([blocks[-1].text, text]))
            elif not (blocks and blocks[-1].kind == "heading"
                      and word_key(blocks[-1].text) == word_key(text)):  # not printed twice
                blocks.append(Block("heading", text))
        elif previous is not None and blocks and blocks[-1].kind == "paragraph" \
                and previous.kind == "paragraph" and _continues(previous, box, text, blocks[-1]):
            blocks[-1] = Block("paragraph", join_lines([blocks[-1].text, text]))
        else:
            blocks.append(Block("paragraph", text))
        previous = box
    flush_notes()
    return blocks


def _one_heading(previous: Box, box: Box) -> bool:
    """Whether two heading boxes are one heading set on two lines."""
    return previous.page == box.page and abs(previous.size - box.size) < 0.6 \
        and previous.bold == box.bold and 0 <= previous.y0 - box.y1 < 1.2 * box.size \
        and (previous.text.endswith("-") or box.text[:1].islower()
             or not re.search(r"[.:!?]$", previous.text))


def _body_size(boxes: list[Box]) -> float:
    """The type size most of the text is set in."""
    weights: Counter = Counter()
    for box in boxes:
        for line in box.lines:
            weights[round(line.size * 2) / 2] += len(line.text)
    return weights.most_common(1)[0][0] if weights else 0.0


_RUN_ON = re.compile(r"\b(?:for|of|the|and|a|an|to|in|on|with|by|from|at|or|as|if|is|are|"
                     r"der|die|das|und|de|la|le|les|et|el|y|en)$")
"""A line ending so is the start of a sentence set in bold, not a heading of its own."""


def _kind(box: Box, body: float, body_bold: bool, titles: list[str], labels: Counter,
          height: float, boxes: list[Box]) -> str:
    text = box.text
    words = len(text.split())
    if titles:
        key = word_key(text)
        if key and any(key == title or (len(title) > 8 and key.startswith(title))
                       for title in titles) and words <= 25:
            return "heading"
    elif body and words <= 15 and len(box.lines) <= 3 and not re.search(r"[.,;:]$", text) \
            and re.search(r"[^\W\d_]", text) and not re.search(r"[.!?] \S", text) \
            and not _RUN_ON.search(text) and labels[word_key(text)] < 3:
        if box.size >= 1.15 * body or (box.bold and not body_bold and box.size >= 0.95 * body) \
                or (text.isupper() and words <= 10 and len(box.lines) == 1
                    and len(re.sub(r"\W", "", text)) >= 4):
            return "heading"
    if body and box.size <= 0.9 * body and box.y1 <= 0.25 * height \
            and _below_body(box, boxes, body):
        return "note"
    return "paragraph"


def _below_body(box: Box, boxes: list[Box], body: float) -> bool:
    """Whether every box of body type on the page is above this one (a footnote area)."""
    return all(other.y0 > box.y1 for other in boxes if other.page == box.page
               and other is not box and abs(other.size - body) < 0.5)


def _continues(previous: Box, box: Box, text: str, last: Block) -> bool:
    """Whether `box` goes on with the paragraph `previous` ended: it did not end a sentence,
    this one starts in lower case, in the same type, at a column or page change."""
    if re.search(r"[.!?:;…\"”’)]$", last.text) or not (text[:1].islower() or (
            last.text.endswith("-") and text[:1].isalpha())):
        return False
    if abs(previous.size - box.size) > 0.6 or previous.font != box.font:
        return False
    if box.page != previous.page or box.x0 > previous.x1 - 5 or box.y1 > previous.y0 + 5:
        return True  # the next column or page
    return previous.y0 - box.y1 < 1.2 * max(box.size, 1.0) and box.x0 < previous.x1 \
        and previous.x0 < box.x1  # the next lines of the same column


def _title_from_type(pages: list[list[Box]]) -> str | None:
    """The largest type on the first page with text (up to three lines of it, top down), when
    it is larger than the text's: a document's title when its metadata has none."""
    body = _body_size([box for boxes in pages for box in boxes])
    for boxes in pages:
        lines = [(line.size, line.y1, clean_line(line.text)) for box in boxes
                 for line in box.lines]
        lines = [line for line in lines if len(line[2].split()) <= 20
                 and re.search(r"[^\W\d_]{2}", line[2]) and not _FILE_NAME.search(line[2])]
        if not lines:
            continue
        largest = max(size for size, _, _ in lines)
        if largest < 1.1 * body:
            return None  # all in one type: no line stands out as the title
        chosen = sorted((line for line in lines if line[0] >= largest - 0.5),
                        key=lambda line: -line[1])[:3]
        return " ".join(text for _, _, text in chosen) or None
    return None
