"""Markdown: headings and paragraphs, read through markdown-it (CommonMark)."""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt

from narrator.core.errors import InputError
from narrator.core.models import Block, Document
from narrator.text.boilerplate import drop_boilerplate
from narrator.text.readers.base import Reader, make_document, text_and_front_matter


class MarkdownReader(Reader):
    SUFFIXES = (".md", ".markdown")
    MIME_TYPES = ("text/markdown",)
    LISTED = 1
    KIND = "Markdown"

    def read_data(self, data: bytes, source: Path | str) -> Document:
        meta, body = text_and_front_matter(data, source)
        blocks, dropped = drop_boilerplate(markdown_blocks(body))
        if not blocks:
            raise InputError("no text to narrate (the file is empty)", source)
        return make_document(source, meta, blocks, dropped)


def markdown_blocks(body: str) -> list[Block]:
    """Headings and paragraphs (list items, quotes and code included) from Markdown."""
    tokens = MarkdownIt("commonmark").parse(body)
    blocks: list[Block] = []
    kind = "paragraph"
    for token in tokens:
        if token.type == "heading_open":
            kind = "heading"
        elif token.type == "paragraph_open":
            kind = "paragraph"
        elif token.type == "inline":
            text = _inline_text(token)
            if text:
                blocks.append(Block(kind, text))
        elif token.type in ("fence", "code_block"):
            text = " ".join(token.content.split())
            if text:
                blocks.append(Block("paragraph", text))
    return blocks


def _inline_text(token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())

