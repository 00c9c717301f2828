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
_SKIPPED = {"script", "style", "head", "svg", "math", "nav", "template", "noscript"}
_PICTURES = {"img", "image", "figure", "figcaption", "picture", "video", "audio"}
_BLOCK_LIKE = (_HEADINGS | _PARAGRAPHS | _PICTURES
               | {"pre", "table", "ul", "ol", "dl", "hr", "tr", "td", "th"}) - {"span", "a"}
_NOTE_TYPES = {"footnote", "endnote", "rearnote", "note", "footnotes", "endnotes", "rearnotes"}
_NOTE_REFS = {"noteref"}
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
        if not isinstance(node.tag, str) or local(node) in _SKIPPED | _PICTURES \
                or types_of(node) & _NOTE_REFS:
            if node.tail:
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
    def __init__(self):
        self.blocks: list[Block] = []
        self.dropped: list[Dropped] = []
        self.notes: list[Block] = []

    def element(self, node, into: list[Block]) -> None:
        tag = local(node)
        if not tag or tag in _SKIPPED:
            return
        if types_of(node) & _NOTE_TYPES:
            self.children(node, self.notes)
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
            if text:
                into.append(Block("heading", text))
            return
        if any(local(child) in _BLOCK_LIKE for child in node):
            if node.text and node.text.strip():  # words before the first inner block
                into.append(Block("paragraph", " ".join(node.text.split())))
            self.children(node, into)
            return
        text = _text(node)
        if text:
            into.append(Block("paragraph", text))

    def children(self, node, into: list[Block]) -> None:
        for child in node:
            self.element(child, into)
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


def xhtml_blocks(root) -> tuple[list[Block], list[Dropped], list[Block]]:
    """A document's blocks, what was left out with why, and its footnotes' blocks."""
    walk = _Walk()
    body = next((node for node in root.iter() if local(node) == "body"), root)
    walk.children(body, walk.blocks)
    return walk.blocks, walk.dropped, walk.notes
