"""PDF with a text layer, read through pdfminer.six: paragraphs in reading order (a page's
columns one after another), running headers, footers and page numbers left out, words hyphenated
across a line end joined, larger type read as headings. A PDF with no text layer (a scan) is
refused with what to do."""

from __future__ import annotations

import bisect
import io
import re
import statistics
from dataclasses import dataclass
from pathlib import Path

from narrator.core.errors import InputError
from narrator.core.models import Block, Document, Dropped, EpisodeMeta
from narrator.text.readers.base import Reader, make_document, without_addresses

MARGIN_BAND = 0.1
"""Running headers and footers sit in this share of the page's height at its top or bottom."""
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:of|/)\s*\d{1,4})?$",
                          re.I)


@dataclass
class Box:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    lines: list[str]
    size: float  # the mean height of its characters

    @property
    def text(self) -> str:
        return join_lines(self.lines)


class PdfReader(Reader):
    SUFFIXES = (".pdf",)
    MIME_TYPES = ("application/pdf",)
    LISTED = 5
    KIND = "PDF"

    def read_data(self, data: bytes, source: Path | str) -> Document:
        title, pages, heights = _pages(data, source)
        boxes, dropped = _without_running_lines(pages, heights)
        blocks = _blocks(boxes)
        if not blocks:
            raise InputError("no text in this PDF beyond its headers and page numbers", source)
        meta = EpisodeMeta(title=title)
        return make_document(source, meta, blocks, dropped)


def join_lines(lines: list[str]) -> str:
    """A paragraph's lines as one text: a word hyphenated at a line end is joined again
    ("quiet-" + "est" is "quietest"); a hyphen that belongs to a word ("well-" + "Known") stays."""
    text = ""
    for line in (" ".join(line.split()) for line in lines):
        if not line:
            continue
        if re.search(r"[^\W\d_]-$", text) and re.match(r"[^\W\d_]", line) and line[0].islower():
            text = text[:-1] + line
        elif text.endswith("-") and line[:1].isalpha():
            text += line  # "well-" + "known": the hyphen is the word's
        else:
            text = f"{text} {line}" if text else line
    return text


SECONDS = 10.0
SECONDS_PER_MB = 30.0
"""A PDF is read in a child process with a CPU budget of SECONDS plus this for each megabyte
(pdfminer reads a page of text in about a tenth of a second) and bounded memory: a damaged or
hostile file that loops, recurses or expands without end is refused in one line."""


def _pages(data: bytes, source) -> tuple[str | None, list[list[Box]], list[float]]:
    """The PDF's title (from its metadata) and each page's text boxes and height."""
    from narrator.core import isolate

    try:
        found = isolate.run_isolated("narrator.text.readers.pdf:extract", data,
                                     SECONDS + SECONDS_PER_MB * len(data) / 1e6,
                                     isolate.MEMORY_BYTES)
    except isolate.IsolatedError as error:
        message = error.message if error.kind == "InputError" else \
            f"not a readable PDF ({error.message})"
        raise InputError(message, source) from None
    pages = [[Box(*box) for box in boxes] for boxes in found["pages"]]
    return found["title"], pages, found["heights"]


def extract(data: bytes) -> dict:
    """What the reader needs of a PDF, as JSON: its title, each page's text boxes (page, bbox,
    lines, type size) and each page's height. Run in a child process (see _pages)."""
    from pdfminer.layout import LAParams, LTChar, LTTextBox, LTTextLine
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.psparser import PSException

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        manager = PDFResourceManager()
        device = PDFPageAggregator(manager, laparams=LAParams())
        interpreter = PDFPageInterpreter(manager, device)
        pages, heights = [], []
        for number, page in enumerate(PDFPage.create_pages(document)):
            interpreter.process_page(page)
            layout = device.get_result()
            boxes = []
            for box in layout:
                if not isinstance(box, LTTextBox):
                    continue
                lines = [line.get_text() for line in box if isinstance(line, LTTextLine)]
                sizes = [char.size for line in box if isinstance(line, LTTextLine)
                         for char in line if isinstance(char, LTChar)]
                if any(line.strip() for line in lines):
                    boxes.append([number, *box.bbox, lines,
                                  statistics.fmean(sizes) if sizes else 0.0])
            pages.append(boxes)
            heights.append(layout.height)
    except (PSException, ValueError, KeyError, TypeError, AttributeError, IndexError,
            AssertionError) as error:
        name = type(error).__name__
        detail = "it is encrypted" if "Encrypt" in name or "Password" in name else \
            f"{name}: {error}"
        raise InputError(f"not a readable PDF ({detail})") from None
    if not pages:
        raise InputError("not a readable PDF (it has no pages)")
    if not any(pages):
        raise InputError("no text in this PDF: it is pictures of pages (a scan); make a text "
                         "layer with OCR first, for example `ocrmypdf in.pdf out.pdf`")
    return {"title": _title(document), "pages": pages, "heights": heights}


def _title(document) -> str | None:
    """The title in the PDF's metadata, when it has one."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    for info in document.info or []:
        value = resolve1(info.get("Title"))
        if isinstance(value, bytes):
            value = decode_text(value)
        if isinstance(value, str) and " ".join(value.split()):
            return " ".join(value.split())
    return None


def _margin_key(box: Box) -> str:
    return re.sub(r"\d+", "#", " ".join(box.text.split()).casefold())


def _without_running_lines(pages: list[list[Box]], heights: list[float]
                           ) -> tuple[list[Box], list[Dropped]]:
    """Every page's boxes but its running headers, footers and page numbers: a line in the
    top or bottom tenth of the page that is a number, or that recurs (numbers aside) on at
    least half the pages."""
    def in_margin(box: Box) -> bool:
        height = heights[box.page]
        return box.y0 >= height * (1 - MARGIN_BAND) or box.y1 <= height * MARGIN_BAND

    counts: dict[str, int] = {}
    for boxes in pages:
        for key in {_margin_key(box) for box in boxes if in_margin(box)}:
            counts[key] = counts.get(key, 0) + 1
    kept, dropped = [], []
    for boxes in pages:
        for box in boxes:
            text = " ".join(box.text.split())
            if in_margin(box) and _PAGE_NUMBER.match(text):
                dropped.append(Dropped(text, "page number"))
            elif in_margin(box) and len(pages) > 1 and counts[_margin_key(box)] >= max(
                    2, len(pages) / 2):
                where = "running header" if box.y0 >= heights[box.page] / 2 else "running footer"
                dropped.append(Dropped(text, where))
            else:
                kept.append(box)
    return kept, dropped


def _reading_order(boxes: list[Box]) -> list[Box]:
    """One page's boxes as they are read: top to bottom, and where the page is in columns,
    each column of a band whole before the next (a box across the columns ends a band)."""
    if not boxes:
        return []
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


def _blocks(boxes: list[Box]) -> list[Block]:
    """Headings (type clearly larger than the body's) and paragraphs, a paragraph cut by a
    column or page end joined again."""
    pages = sorted({box.page for box in boxes})
    ordered = [box for page in pages for box in _reading_order(
        [box for box in boxes if box.page == page])]
    body = statistics.median([box.size for box in ordered if box.size] or [0.0])
    blocks: list[Block] = []
    for box in ordered:
        text = without_addresses(box.text)
        if not text:
            continue
        if body and box.size >= 1.2 * body and len(text.split()) <= 20:
            blocks.append(Block("heading", text))
        elif blocks and blocks[-1].kind == "paragraph" and not re.search(
                r"[.!?:;…\"”’)]$", blocks[-1].text) and text[:1].islower():
            blocks[-1] = Block("paragraph", join_lines([blocks[-1].text, text]))
        else:
            blocks.append(Block("paragraph", text))
    return blocks
