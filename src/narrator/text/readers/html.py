"""HTML: a saved or fetched page, its article found through trafilatura, with its own metadata."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from narrator.core.characters import publishable
from narrator.core.errors import InputError
from narrator.core.models import Block, Document, EpisodeMeta
from narrator.text.boilerplate import drop_boilerplate
from narrator.text.frontmatter import to_datetime
from narrator.text.frontmatter import split_front_matter
from narrator.text.readers.base import Reader, decode_text, make_document, refuse_binary

_HTML_BLOCKS = {"head", "p", "item", "row", "code"}
"""trafilatura's XML elements that hold one heading or paragraph each."""


class HtmlReader(Reader):
    SUFFIXES = (".html", ".htm")
    MIME_TYPES = ("text/html", "application/xhtml+xml")
    LISTED = 2
    KIND = "HTML"

    def read_data(self, data: bytes, source: Path | str) -> Document:
        written, data = _front_matter(data, source)
        meta, blocks, author = html_document(data, source)
        blocks, dropped = drop_boilerplate(blocks)
        # What the front matter says wins over what the page says of itself.
        meta = dataclasses.replace(meta, **{key: value for key, value in
                                            dataclasses.asdict(written).items()
                                            if value is not None})
        return make_document(source, meta, blocks, dropped, byline=author)


def _front_matter(data: bytes, source: Path | str) -> tuple[EpisodeMeta, bytes]:
    """A `---` front matter block at the top of a saved page, as Markdown and text sources
    have (title, date, description ...), and the page without it."""
    if not data.lstrip(b"\xef\xbb\xbf").startswith(b"---"):
        return EpisodeMeta(), data
    meta, body = split_front_matter(decode_text(data, source), source)
    return meta, body.encode("utf-8")


def html_document(data: bytes, path: Path) -> tuple[EpisodeMeta, list[Block], str | None]:
    """Main content, title, date and author of an HTML page, through trafilatura (no comments)."""
    import trafilatura
    from lxml import etree

    refuse_binary(data, path)
    extracted = trafilatura.extract(data, output_format="xml", favor_precision=True,
                                    include_comments=False, include_images=False,
                                    include_tables=True, with_metadata=True)
    if not extracted:
        raise InputError("no article text found in the HTML page", path)
    root = etree.fromstring(publishable(extracted).encode())
    blocks = []
    for element in root.iter(*_HTML_BLOCKS):
        if any(child.tag in _HTML_BLOCKS for child in element.iterdescendants()):
            continue  # its inner blocks are taken one by one
        separator = ", " if element.tag == "row" else ""
        text = " ".join(separator.join(element.itertext()).split())
        if text:
            blocks.append(Block("heading" if element.tag == "head" else "paragraph", text))
    if not blocks:
        raise InputError("no article text found in the HTML page", path)
    meta = EpisodeMeta(title=(root.get("title") or "").strip() or None)
    meta_author = (root.get("author") or "").strip() or None
    if root.get("date"):
        try:
            meta.date = to_datetime(root.get("date"))
        except ValueError:
            pass  # a page's date is a hint; the build assigns one when there is none
    return meta, blocks, meta_author

