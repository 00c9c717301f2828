"""HTML: a saved or fetched page, its article found through trafilatura, with its own metadata."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from narrator.core.characters import publishable
from narrator.core.errors import InputError
from narrator.core.models import Block, Document, Dropped, EpisodeMeta
from narrator.text.sitename import without_site_name
from narrator.text.frontmatter import to_datetime
from narrator.text.frontmatter import split_front_matter
from narrator.text.readers.base import (Reader, decode_text, found_language, make_document,
                                        refuse_binary, table_row, without_addresses)
from narrator.text.readers.htmlpage import not_read, page_lines, page_tree, with_recovered
from narrator.core.formats import HTML

_HTML_BLOCKS = {"head", "p", "item", "row", "code"}
"""trafilatura's XML elements that hold one heading or paragraph each."""


class HtmlReader(Reader):
    SUFFIXES = HTML.suffixes
    MIME_TYPES = HTML.mime_types
    LISTED = 2
    KIND = "HTML"

    def read_data(self, data: bytes, source: Path | str) -> Document:
        written, data = _front_matter(data, source)
        meta, blocks, author, left_out = html_document(data, source)
        from narrator.text.boilerplate import drop_boilerplate  # costly to load: when read

        page = page_tree(data)
        lines = page_lines(page) if page is not None else []
        # The article's paragraphs trafilatura left behind an advertisement or a second container.
        blocks, dropped = drop_boilerplate(with_recovered(lines, blocks))
        dropped = left_out + dropped
        dropped = not_read(lines, blocks, dropped) + dropped
        # What the front matter says wins over what the page says of itself.
        meta = dataclasses.replace(meta, **{key: value for key, value in
                                            dataclasses.asdict(written).items()
                                            if value is not None})
        meta.found_language = found_language(blocks)
        return make_document(source, meta, blocks, dropped, byline=author)


def _front_matter(data: bytes, source: Path | str) -> tuple[EpisodeMeta, bytes]:
    """A `---` front matter block at the top of a saved page, as Markdown and text sources
    have (title, date, description ...), and the page without it."""
    if not data.lstrip(b"\xef\xbb\xbf").startswith(b"---"):
        return EpisodeMeta(), data
    meta, body = split_front_matter(decode_text(data, source), source)
    return meta, body.encode("utf-8")


def html_document(data: bytes, path: Path
                  ) -> tuple[EpisodeMeta, list[Block], str | None, list[Dropped]]:
    """Main content, title, date and author of an HTML page, through trafilatura (no comments),
    and what of it is not read."""
    import trafilatura
    from lxml import etree

    refuse_binary(data, path)
    extracted = trafilatura.extract(data, output_format="xml", favor_precision=True,
                                    include_comments=False, include_images=False,
                                    include_tables=True, with_metadata=True)
    if not extracted:
        raise InputError("no article text found in the HTML page", path)
    root = etree.fromstring(publishable(extracted).encode())
    blocks, dropped = _blocks(root)
    if not any(block.kind != "note" for block in blocks):
        raise InputError("no article text found in the HTML page", path)
    meta = EpisodeMeta(title=without_site_name((root.get("title") or "").strip() or None,
                                               root.get("sitename")),
                       source=(root.get("url") or "").strip() or None)  # its canonical URL
    meta_author = (root.get("author") or "").strip() or None
    if root.get("date"):
        try:
            meta.date = to_datetime(root.get("date"))
        except ValueError:
            pass  # a page's date is a hint; the build assigns one when there is none
    return meta, blocks, meta_author, dropped


def _blocks(root) -> tuple[list[Block], list[Dropped]]:
    """trafilatura's elements as blocks: a table row by row (each cell after its column's
    header), code announced and left out, a bare address read as its site."""
    blocks: list[Block] = []
    dropped: list[Dropped] = []
    headers: list[str] = []
    for element in root.iter(*_HTML_BLOCKS):
        if any(child.tag in _HTML_BLOCKS for child in element.iterdescendants()):
            continue  # its inner blocks are taken one by one
        if element.tag == "code":
            blocks.append(Block("note", "code"))
            dropped.append(Dropped(" ".join("".join(element.itertext()).split())[:200],
                                   "code block"))
            continue
        if element.tag == "row":
            cells = [" ".join("".join(cell.itertext()).split()) for cell in element]
            if element.getprevious() is None:
                headers = []
            if cells and all(cell.get("role") == "head" for cell in element):
                headers = cells
                continue
            text = table_row(headers, cells)
        else:
            text = " ".join(without_addresses("".join(element.itertext())).split())
        if text:
            blocks.append(Block("heading" if element.tag == "head" else "paragraph", text))
    return blocks, dropped
