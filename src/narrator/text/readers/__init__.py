"""Readers: a source file (or a web page by URL) into a Document of headings and paragraphs.

One module a format, each defining a `Reader` subclass with its suffixes; adding a format is one
new file here. `read_source` picks the reader by the file's suffix, or by the page's MIME type.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

from narrator.core.errors import InputError
from narrator.core.models import Document
from narrator.text.fetch import fetch_url, is_url
from narrator.text.readers.base import READERS, Reader, looks_like_html, make_document, slugify
from narrator.core.formats import HTML, PLAIN_TEXT, UNKNOWN_MIME

for _module in pkgutil.iter_modules(__path__):
    if _module.name != "base":
        importlib.import_module(f"{__name__}.{_module.name}")

SOURCE_SUFFIXES = tuple(READERS)
"""Suffixes of the files that can be episodes."""


def source_kinds() -> str:
    """The readable formats as messages name them, by main suffix: ".txt, .md or .html"."""
    readers = sorted(set(READERS.values()), key=lambda cls: (cls.LISTED, cls.SUFFIXES[0]))
    main = [cls.SUFFIXES[0] for cls in readers]
    return ", ".join(main[:-1]) + " or " + main[-1] if len(main) > 1 else main[0]


SOURCE_KINDS = source_kinds()


def reader_for_type(content_type: str, data: bytes = b"") -> Reader:
    """The reader of a page served as `content_type`; one served without a type is HTML when
    its body is, else plain text."""
    if content_type == UNKNOWN_MIME:
        content_type = HTML.mime_types[0] if looks_like_html(data) else PLAIN_TEXT.mime_types[0]
    for cls in dict.fromkeys(READERS.values()):
        if content_type in cls.MIME_TYPES:
            return cls()
    return READERS[HTML.suffixes[0]]()


def read_url(url: str) -> Document:
    """Fetch an http(s) page and read it as HTML (or plain text when served as such)."""
    data, content_type, final = fetch_url(url)
    document = reader_for_type(content_type, data).read_data(data, url)
    if final and final != url and not document.meta.source:
        document.meta.source = final  # where the page is (a redirect led there)
    slug_source = re.sub(r"[?#].*$", "", url.rstrip("/")).rsplit("/", 1)[-1] or "page"
    document.slug = slugify(re.sub(r"\.\w+$", "", slug_source))
    return document


def read_source(path: Path | str) -> Document:
    """Read a source file, an http(s) URL, or "-" (standard input: plain text, or HTML when
    it is HTML); InputError or ConfigError naming it."""
    if is_url(path):
        return read_url(str(path))
    if str(path) == "-":
        import sys

        data = sys.stdin.buffer.read()
        return reader_for_type(UNKNOWN_MIME, data).read_data(
            data, "stdin" + PLAIN_TEXT.suffixes[0])
    path = Path(path)
    if path.is_dir():
        raise InputError("is a folder, not a source file", path)
    if not path.is_file():
        raise InputError("file not found", path)
    cls = READERS.get(path.suffix.lower())
    if cls is None:
        raise InputError(f"unsupported file type '{path.suffix}' (use {SOURCE_KINDS})", path)
    return cls().read(path)


__all__ = ["READERS", "Reader", "SOURCE_KINDS", "SOURCE_SUFFIXES", "is_url", "make_document",
           "read_source", "read_url", "slugify"]
