"""Plain text: written plainly, or a page copied with select-all (then cleaned of its furniture)."""

from __future__ import annotations

from pathlib import Path

from narrator.core.errors import InputError
from narrator.core.models import Block, Document, EpisodeMeta
from narrator.text.dateline import parse_date
from narrator.text.readers.html import HtmlReader
from narrator.text.readers.base import Reader, found_language, looks_like_html, \
    make_document, text_and_front_matter
from narrator.core.formats import PLAIN_TEXT


class PlainTextReader(Reader):
    SUFFIXES = PLAIN_TEXT.suffixes
    MIME_TYPES = PLAIN_TEXT.mime_types
    LISTED = 0
    KIND = "plain text"

    def read_data(self, data: bytes, source: Path | str) -> Document:
        if looks_like_html(data):  # a saved page named .txt, or served as text/plain
            return HtmlReader().read_data(data, source)
        meta, body = text_and_front_matter(data, source)
        return plain_text_document(source, meta, body)


def plain_text_document(path: Path, meta: EpisodeMeta, body: str) -> Document:
    """A text copied from a page (or written plainly), cleaned of everything but the article."""
    from narrator.text.cleanup import clean_text  # NumPy and the model: only for text files

    cleaned = clean_text(body)
    if not cleaned.blocks:
        raise InputError("no article text found (every line looks like page furniture; "
                         "see `narrator script --explain`)", path)
    blocks = list(cleaned.blocks)
    if cleaned.dek:
        blocks.insert(0, Block("paragraph", cleaned.dek))
    if cleaned.title and not meta.title:
        meta.title = cleaned.title
    if cleaned.date and not meta.date:
        meta.date = parse_date(cleaned.date, cleaned.language)
    meta.found_language = found_language(blocks)
    return make_document(path, meta, blocks, cleaned.dropped, byline=cleaned.byline)
