"""The layout of a PDF's pages as narrator's PDF reader needs it: text boxes and their lines
with their type (size, font, bold), each page's size, the document's title and outline.

pdfminer.six does the reading, in a child process with bounds on CPU, memory and time
(`narrator.core.isolate`): a damaged or hostile file that loops, recurses or expands without
end is refused in one line, and what comes back is plain JSON. The helpers that make a line's
text what a listener hears (ligatures, letter spacing, glyphs without names) are here too.
"""

from __future__ import annotations

import io
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass

from narrator.core.errors import InputError

_CID = re.compile(r"\(cid:\d+\)")
_LIGATURES = {chr(code): unicodedata.normalize("NFKC", chr(code))
              for code in (*range(0xFB00, 0xFB07), *range(0xFB13, 0xFB18))}
_LETTER_SPACED = re.compile(r"(?<![\w.])(?:[^\W\d_] ){3,}[^\W\d_](?![\w.])")
_LEADER = re.compile(r"\s*(?:\.\s*){4,}(?:\d{1,4}\.?\s*$)?|\s*(?:_\s*){4,}")
"""Dot leaders (a contents entry's "...... 12", a worksheet's ". . . . 3") and blanks to fill
in ("________"): not words, nor is the page number they lead to."""
_CJK = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef"
_CJK_SPACE = re.compile(f"(?<=[{_CJK}]) +(?=[{_CJK}])")

SECONDS = 10.0
SECONDS_PER_MB = 30.0
"""A PDF is read in a child process with a CPU budget of SECONDS plus this for each megabyte
(pdfminer reads a page of text in about a tenth of a second) and bounded memory: a damaged or
hostile file that loops, recurses or expands without end is refused in one line."""


@dataclass
class Line:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    size: float  # the mean height of its characters
    font: str  # its commonest font, without a subset prefix
    bold: bool


@dataclass
class Box:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    lines: list[Line]
    vertical: bool = False
    kind: str = "paragraph"  # or "heading", "note", "table"
    joined: str | None = None

    @property
    def text(self) -> str:
        """Its lines as one text (worked out once: reset `joined` when the lines change)."""
        if self.joined is None:
            self.joined = join_lines([line.text for line in self.lines])
        return self.joined

    @property
    def size(self) -> float:
        sizes = [line.size for line in self.lines if line.size]
        return statistics.median(sizes) if sizes else 0.0

    @property
    def font(self) -> str:
        fonts = Counter(_family(line.font) for line in self.lines)
        return fonts.most_common(1)[0][0] if fonts else ""

    @property
    def bold(self) -> bool:
        return bool(self.lines) and all(line.bold for line in self.lines)


_HYPHEN_END = re.compile(r"[^\W\d_]-$")
_LETTER = re.compile(r"[^\W\d_]")
_CJK_END = re.compile(f"[{_CJK}]$")
_CJK_START = re.compile(f"[{_CJK}]")


def join_lines(lines: list[str]) -> str:
    """A paragraph's lines as one text: a word hyphenated at a line end is joined again
    ("quiet-" + "est" is "quietest"); a hyphen that belongs to a word ("well-" + "Known") stays."""
    text = ""
    for line in (" ".join(line.split()) for line in lines):
        if not line:
            continue
        if _HYPHEN_END.search(text) and _LETTER.match(line) and line[0].islower():
            text = text[:-1] + line
        elif text.endswith("-") and line[:1].isalpha():
            text += line  # "well-" + "known": the hyphen is the word's
        elif text and _CJK_END.search(text) and _CJK_START.match(line):
            text += line  # no spaces between the characters of Chinese or Japanese
        else:
            text = f"{text} {line}" if text else line
    return text


def clean_line(text: str) -> str:
    """A line's text as it is read: glyphs without a name dropped, ligatures as letters,
    letter-spaced words ("H e l l o") and CJK characters set apart by spaces joined."""
    text = _CID.sub("", text).translate(str.maketrans(_LIGATURES))
    text = _LEADER.sub(" ", text)
    text = _LETTER_SPACED.sub(lambda match: match.group().replace(" ", ""), text)
    text = _CJK_SPACE.sub("", text)
    return " ".join(text.split())


def _family(font: str) -> str:
    """A font's family: "ABCDEF+Helvetica-BoldOblique" is "helvetica"."""
    name = font.split("+", 1)[-1].lower()
    return re.split(r"[-,_ ]|(?:bold|italic|oblique|medium|light|regular|demi|roman|semibold|"
                    r"black|heavy|condensed|mt$|ps$)", name)[0] or name


def make_box(page: int, data: list) -> Box:
    x0, y0, x1, y1, vertical, lines = data
    return Box(page, x0, y0, x1, y1, [Line(*line) for line in lines], vertical)


# ---- the child process: pdfminer's layout as JSON ----

def extract_isolated(data: bytes, source) -> dict:
    from narrator.core import isolate

    try:
        return isolate.run_isolated("narrator.text.readers.pdflayout:extract", data,
                                    SECONDS + SECONDS_PER_MB * len(data) / 1e6,
                                    isolate.MEMORY_BYTES)
    except isolate.IsolatedError as error:
        message = error.message if error.kind == "InputError" else \
            f"not a readable PDF ({error.message})"
        raise InputError(message, source) from None


def extract(data: bytes) -> dict:
    """What the reader needs of a PDF, as JSON: its title, outline, each page's size and text
    boxes, each box's lines with their type. Run in a child process (see extract_isolated)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams, LTTextBox, LTTextBoxVertical
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.psparser import PSException

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        manager = PDFResourceManager()
        device = PDFPageAggregator(manager, laparams=LAParams(detect_vertical=True))
        interpreter = PDFPageInterpreter(manager, device)
        pages, widths, heights = [], [], []
        for page in PDFPage.create_pages(document):
            interpreter.process_page(page)
            layout = device.get_result()
            boxes = []
            for box in layout:
                if isinstance(box, LTTextBox):
                    lines = [_line(line) for line in box]
                    lines = [line for line in lines if line is not None]
                    if lines:
                        boxes.append([*box.bbox, isinstance(box, LTTextBoxVertical), lines])
            pages.append(boxes)
            widths.append(layout.width)
            heights.append(layout.height)
    except (PSException, ValueError, KeyError, TypeError, AttributeError, IndexError,
            AssertionError, EOFError) as error:
        name = type(error).__name__
        if "Encrypt" in name or "Password" in name:
            raise InputError("not a readable PDF: it is encrypted (save a copy without its "
                             "password first)") from None
        raise InputError(f"not a readable PDF: it is damaged ({name}: {str(error)[:120]})") \
            from None
    if not pages:
        raise InputError("not a readable PDF: it is damaged (it has no pages)")
    if not any(pages):
        raise InputError("no text in this PDF: it is pictures of pages (a scan); make a text "
                         "layer with OCR first, for example `ocrmypdf in.pdf out.pdf`")
    return {"title": _title(document), "outline": _outline(document), "pages": pages,
            "widths": widths, "heights": heights}


_BOLD = re.compile(r"bold|black|heavy", re.I)


def _line(line) -> list | None:
    """A text line as [x0, y0, x1, y1, text, mean size, commonest font, bold]: one pass over
    its characters (this runs for every line of every page)."""
    from pdfminer.layout import LTChar

    text = line.get_text() if hasattr(line, "get_text") else ""
    if not text.strip():
        return None
    fonts: dict[str, int] = {}
    total = 0.0
    for char in line if hasattr(line, "__iter__") else ():
        if type(char) is LTChar or isinstance(char, LTChar):
            fonts[char.fontname] = fonts.get(char.fontname, 0) + 1
            total += char.size
    count = sum(fonts.values())
    font = max(fonts, key=fonts.__getitem__) if fonts else ""
    bold = count > 0 and sum(n for name, n in fonts.items() if _BOLD.search(name)) > 0.8 * count
    return [*line.bbox, text, total / count if count else 0.0, font.split("+", 1)[-1], bold]


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


def _outline(document) -> list[list]:
    """The document's bookmarks: [level, title], in order (none when it has none)."""
    from pdfminer.pdfdocument import PDFNoOutlines

    try:
        return [[level, " ".join(str(title).split())]
                for level, title, *_ in document.get_outlines() if title and str(title).strip()]
    except (PDFNoOutlines, Exception):  # noqa: BLE001 - a broken outline is only no outline
        return []


