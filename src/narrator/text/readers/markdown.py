"""Markdown: headings and paragraphs as a listener needs them, read through markdown-it.

Pictures (their alt text) and the captions under them are not read; a table is read row by row,
each cell with its column's header; a code block is announced and skipped; a link is read by its
text, and a bare address by its site alone; footnotes are read at the end, under a heading.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from narrator.core.errors import InputError
from narrator.core.models import Block, Document, Dropped
from narrator.text.readers.base import (URL, Reader, make_document, site_of,
                                        table_row, text_and_front_matter, without_addresses)
from narrator.core.formats import MARKDOWN

class MarkdownReader(Reader):
    SUFFIXES = MARKDOWN.suffixes
    MIME_TYPES = MARKDOWN.mime_types
    LISTED = 1
    KIND = "Markdown"

    def read_data(self, data: bytes, source: Path | str) -> Document:
        meta, body = text_and_front_matter(data, source)
        blocks, left_out = markdown_blocks(body)
        from narrator.text.boilerplate import drop_boilerplate  # costly to load: when read

        blocks, dropped = drop_boilerplate(blocks)
        if not any(block.kind != "note" for block in blocks):
            raise InputError("no text to narrate (the file is empty)", source)
        return make_document(source, meta, blocks, left_out + dropped)


@functools.lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)


class _Inline:
    """The words of one inline token: its text, the pictures in it, and whether all its text
    is emphasized (a caption under a picture is written in italics)."""

    def __init__(self, token):
        parts: list[str] = []
        self.images: list[str] = []
        self.emphasized = True
        depth, link_start, href = 0, 0, ""
        for child in token.children or []:
            kind = child.type
            if kind in ("em_open", "strong_open"):
                depth += 1
            elif kind in ("em_close", "strong_close"):
                depth -= 1
            elif kind == "image":
                self.images.append(child.content or str(child.attrs.get("src", "")))
            elif kind == "link_open":
                link_start, href = len(parts), str(child.attrs.get("href", ""))
            elif kind == "link_close":
                said = "".join(parts[link_start:]).strip()
                if said and (said == href or URL.fullmatch(said) or said == href.removeprefix(
                        "mailto:")):
                    parts[link_start:] = [site_of(said)]  # an address as its own text
            elif kind in ("text", "code_inline"):
                if child.content.strip() and depth == 0:
                    self.emphasized = False
                parts.append(child.content)
            elif kind in ("softbreak", "hardbreak"):
                parts.append(" ")
        self.text = " ".join(without_addresses("".join(parts)).split())
        self.emphasized = self.emphasized and bool(self.text)


def markdown_blocks(body: str) -> tuple[list[Block], list[Dropped]]:
    """Headings and paragraphs (list items and quotes included) from Markdown, and what was
    left out (pictures, captions, code, HTML) with why."""
    blocks: list[Block] = []
    dropped: list[Dropped] = []
    kind, after_picture, in_head, footnote = "paragraph", False, False, ""
    headers: list[str] = []
    cells: list[str] = []
    for token in _parser().parse(body):
        if token.type.endswith("_open") and token.type != "paragraph_open":
            after_picture = False  # a caption comes right under its picture
        if token.type in ("heading_open", "paragraph_open", "th_open", "td_open"):
            kind = {"heading_open": "heading", "paragraph_open": "paragraph"}.get(token.type,
                                                                                 "cell")
        elif token.type in ("table_open", "thead_open", "thead_close"):
            in_head = token.type == "thead_open"
            headers = [] if token.type == "table_open" else headers
        elif token.type == "tr_open":
            cells = []
        elif token.type == "tr_close" and in_head:
            headers = cells
        elif token.type == "tr_close":
            blocks.append(Block("paragraph", table_row(headers, cells)))
        elif token.type == "footnote_block_open":
            blocks.append(Block("note", "footnotes"))
        elif token.type == "footnote_open":
            footnote = f"{token.meta.get('label', '')}. "
        elif token.type in ("fence", "code_block"):
            blocks.append(Block("note", "code"))
            dropped.append(Dropped(" ".join(token.content.split())[:200], "code block"))
        elif token.type == "html_block":
            text = " ".join(re.sub(r"<[^>]*>", " ", token.content).split())
            if text:
                dropped.append(Dropped(text[:200], "HTML"))
        elif token.type == "inline" and kind == "cell":
            cells.append(_Inline(token).text)
        elif token.type == "inline":
            inline = _Inline(token)
            dropped += [Dropped(alt or "(a picture)", "picture") for alt in inline.images]
            if inline.text and inline.emphasized and (inline.images or after_picture):
                dropped.append(Dropped(inline.text, "caption"))
            elif inline.text:
                blocks.append(Block(kind, footnote + inline.text))
                footnote = ""
            after_picture = bool(inline.images) and not (inline.text and not inline.emphasized)
    return blocks, dropped
