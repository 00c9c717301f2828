"""The structure of a clean (X)HTML document, such as an EPUB chapter: headings, paragraphs,
list items, tables row by row; pictures, captions and code left out; footnotes at the end.

An EPUB's chapters are written to be read whole, unlike a web page, so nothing here guesses at
what is the article: every paragraph is read.
"""

from __future__ import annotations

from narrator.core.models import Block, Dropped
from narrator.text.readers.base import table_row, without_addresses

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_PARAGRAPHS = {"p", "li", "dt", "dd", "blockquote", "div", "section", "article", "aside", "main",
               "body", "address", "center", "header", "footer", "span", "a"}
_SKIPPED = {"script", "style", "head", "svg", "nav", "template", "noscript"}
_PICTURES = {"img", "image", "figure", "figcaption", "picture", "video", "audio"}
_BLOCK_LIKE = (_HEADINGS | _PARAGRAPHS | _PICTURES
               | {"pre", "table", "ul", "ol", "dl", "hr", "tr", "td", "th"}) - {"span", "a"}
_NOTE_TYPES = {"footnote", "endnote", "rearnote", "note", "footnotes", "endnotes", "rearnotes"}
_NOTE_REFS = {"noteref", "annoref"}
_PAGE_BREAKS = {"pagebreak"}
MATTER_TYPES = {"cover", "titlepage", "halftitlepage", "toc", "copyright-page", "index",
                "colophon", "imprint", "landmarks", "loi", "lot", "seriespage", "other-credits",
                "errata", "frontispiece", "abouttheauthor", "page-list", "advertisement"}
"""epub:type values of the parts that are not the book's text (EPUB 3 structural semantics)."""
_ASIDE_TYPES = {"sidebar", "tip", "help", "warning", "caution", "important", "notice",
                "pullquote", "marginalia", "annotation"}
"""A heading inside such a box names the box, not a section of the book."""
_BOX_CLASSES = {"tip", "note", "caution", "warning", "important", "sidebar", "notice", "callout",
                "admonition", "hint", "attention", "danger", "aside"}
"""... and so does one inside a box that publishers' HTML marks by its class."""
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def local(element) -> str:
    """An element's tag without its namespace."""
    if not isinstance(element.tag, str):
        return ""
    from lxml import etree

    return etree.QName(element).localname.lower()


def types_of(element) -> set[str]:
    """An element's epub:type values and its ARIA role (doc-footnote ...), without prefixes."""
    values = f"{element.get(EPUB_TYPE, '')} {element.get('role', '')}".split()
    return {value.split(":")[-1].removeprefix("doc-") for value in values}


def parse_xhtml(data: bytes):
    """The document element of (X)HTML bytes, forgiving of the errors books have."""
    from lxml import etree

    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True,
                             huge_tree=False)
    root = etree.fromstring(data, parser)
    if root is None:
        import lxml.html

        root = lxml.html.document_fromstring(data)
    return root


def _text(element) -> str:
    """The words of an element, without note references ("¹") or pictures."""
    parts: list[str] = []

    def walk(node) -> None:
        if isinstance(node.tag, str) and local(node) == "math":
            parts.append(f" {math_words(node)} ")
            if node.tail and node is not element:
                parts.append(node.tail)
            return
        if not isinstance(node.tag, str) or local(node) in _SKIPPED | _PICTURES \
                or types_of(node) & (_NOTE_REFS | _PAGE_BREAKS):
            if node.tail and node is not element:
                parts.append(node.tail)
            return
        if local(node) == "br":
            parts.append(" ")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        if node.tail and node is not element:
            parts.append(node.tail)

    walk(element)
    return " ".join(without_addresses("".join(parts)).split())


class _Walk:
    def __init__(self, anchors: dict[str, str] | None = None):
        self.blocks: list[Block] = []
        self.dropped: list[Dropped] = []
        self.notes: list[Block] = []
        self.anchors = anchors or {}

    def element(self, node, into: list[Block], in_note: bool = False,
                in_box: bool = False) -> None:
        tag = local(node)
        types = types_of(node)
        if not tag or tag in _SKIPPED or types & _PAGE_BREAKS:
            return
        if node.get("id") in self.anchors and into is self.blocks:
            into.append(Block("chapter", self.anchors[node.get("id")]))  # a contents entry
        if types & MATTER_TYPES:
            self.dropped.append(Dropped(_text(node)[:200] or tag, "not the book's text ("
                                        + ", ".join(sorted(types & MATTER_TYPES)) + ")"))
            return
        if types & _NOTE_TYPES and not in_note:
            self.element(node, self.notes, in_note=True)  # the note itself, read at the end
            return
        in_box = in_box or tag == "aside" or bool(types & _ASIDE_TYPES) or bool(
            set((node.get("class") or "").lower().split()) & _BOX_CLASSES)
        if tag == "math":
            into.append(Block("paragraph", math_words(node)))
            return
        if tag in _PICTURES:
            for part in node.iter():
                if local(part) == "img" or local(part) == "image":
                    self.dropped.append(Dropped(part.get("alt") or "(a picture)", "picture"))
                elif local(part) == "figcaption" and " ".join("".join(part.itertext()).split()):
                    self.dropped.append(Dropped(" ".join("".join(part.itertext()).split()),
                                                "caption"))
            return
        if tag == "pre" or (tag == "code" and not into):
            into.append(Block("note", "code"))
            self.dropped.append(Dropped(" ".join("".join(node.itertext()).split())[:200],
                                        "code block"))
            return
        if tag == "table":
            self.table(node, into)
            return
        if tag in _HEADINGS:
            text = _text(node)
            if text:  # a box's heading ("Tip", "Note") is said, not made a chapter
                into.append(Block("paragraph" if in_box or in_note else "heading", text))
            return
        if any(local(child) in _BLOCK_LIKE for child in node):
            if node.text and node.text.strip():  # words before the first inner block
                into.append(Block("paragraph", " ".join(node.text.split())))
            self.children(node, into, in_note, in_box)
            return
        text = _text(node)
        if text:
            into.append(Block("paragraph", text))

    def children(self, node, into: list[Block], in_note: bool = False,
                 in_box: bool = False) -> None:
        for child in node:
            self.element(child, into, in_note, in_box)
            if isinstance(child.tag, str) and local(child) in _BLOCK_LIKE and child.tail \
                    and child.tail.strip():
                into.append(Block("paragraph", " ".join(child.tail.split())))

    def table(self, node, into: list[Block]) -> None:
        headers: list[str] = []
        for row in node.iter():
            if local(row) != "tr":
                continue
            cells = [child for child in row if local(child) in ("td", "th")]
            texts = [_text(cell) for cell in cells]
            if cells and all(local(cell) == "th" for cell in cells):
                headers = texts
            elif any(texts):
                into.append(Block("paragraph", table_row(headers, texts)))


def xhtml_blocks(root, anchors: dict[str, str] | None = None
                 ) -> tuple[list[Block], list[Dropped], list[Block]]:
    """A document's blocks, what was left out with why, and its footnotes' blocks. Where an
    element's id is one of `anchors` (a table of contents' entries into this document), a
    Block("chapter", title) marks where that entry starts."""
    walk = _Walk(anchors)
    body = next((node for node in root.iter() if local(node) == "body"), root)
    walk.children(body, walk.blocks)
    if not any(block.kind in ("paragraph", "heading") for block in walk.blocks):
        walk.blocks += _svg_text(body)  # a fixed-layout page: its text is SVG's
    return walk.blocks, walk.dropped, walk.notes


def _svg_text(body) -> list[Block]:
    """The text of a page drawn in SVG (a fixed-layout book), a paragraph a <text> element,
    top to bottom as the document orders them."""
    blocks = []
    for node in body.iter():
        if local(node) == "text":
            text = " ".join("".join(node.itertext()).split())
            if text:
                blocks.append(Block("paragraph", text))
    return blocks


_OPERATORS = {"=": "equals", "+": "plus", "-": "minus", "\u2212": "minus", "\u00d7": "times",
              "\u22c5": "times", "\u00b7": "times", "*": "times", "/": "divided by",
              "\u00f7": "divided by", "<": "is less than", ">": "is greater than",
              "\u2264": "is less than or equal to", "\u2265": "is greater than or equal to",
              "\u2260": "is not equal to", "\u2248": "is approximately", "\u00b1": "plus or minus",
              "\u2208": "in", "\u2192": "to", "\u221e": "infinity", "\u2211": "the sum of",
              "\u222b": "the integral of", "\u2202": "partial", "(": "", ")": "", "[": "",
              "]": "", "{": "", "}": "", "|": "", ",": ",", "\u2061": "", "\u2062": "",
              "\u2063": "", "\u2032": "prime", "\u2026": "and so on", "\u22ef": "and so on"}
"""How a formula's operators are said (English: the words a teacher reading aloud uses)."""


def math_words(node) -> str:
    """A MathML formula as words ("x squared plus y", "a over b"), so that a listener hears
    the formula rather than a silent gap; its alttext when it has words, where the MathML
    says nothing."""
    words = " ".join(_math(node).split())
    if not words:
        words = " ".join((node.get("alttext") or "").split())
    return words or "a formula"


def _math(node) -> str:
    tag = local(node)
    children = [child for child in node if isinstance(child.tag, str)
                and local(child) not in ("annotation", "annotation-xml")]
    if tag in ("mi", "mn", "mtext", "ms"):
        return " ".join("".join(node.itertext()).split())
    if tag == "mo":
        symbol = "".join(node.itertext()).strip()
        return f" {_OPERATORS.get(symbol, symbol)} "
    if tag == "mfrac" and len(children) == 2:
        return f" {_math(children[0])} over {_math(children[1])} "
    if tag in ("msup", "msubsup") and len(children) >= 2:
        base, power = _math(children[0]), _math(children[-1]).strip()
        sub = f" sub {_math(children[1])}" if tag == "msubsup" and len(children) == 3 else ""
        said = {"2": "squared", "3": "cubed", "T": "transposed", "prime": "prime"}.get(power)
        return f" {base}{sub} {said or 'to the power ' + power} "
    if tag == "msub" and len(children) == 2:
        return f" {_math(children[0])} sub {_math(children[1])} "
    if tag == "msqrt":
        return f" the square root of {' '.join(_math(child) for child in children)} "
    if tag == "mroot" and len(children) == 2:
        return f" the {_math(children[1])} root of {_math(children[0])} "
    if tag == "semantics" and children:
        return _math(children[0])
    if tag in ("mover", "munder", "munderover") and children:
        return " ".join(_math(child) for child in children)
    return " ".join(_math(child) for child in children)
