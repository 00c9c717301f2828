"""EPUB: a book, read through EbookLib: its chapters in reading (spine) order, titled as its
table of contents says, with the cover, title page, table of contents, copyright page, index
and the like left out.

As a source in a show, a book is one episode whose chapters are its chapter marks; `narrator
add BOOK.epub` makes one episode of each chapter instead (`book_chapters`)."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from narrator.core.errors import InputError
from narrator.core.models import Block, Document, Dropped, EpisodeMeta
from narrator.text.frontmatter import to_datetime
from narrator.text.readers.base import Reader, make_document
from narrator.text.readers.xhtml import local, parse_xhtml, types_of, xhtml_blocks

_MATTER_TYPES = {"cover", "titlepage", "halftitlepage", "toc", "copyright-page", "index",
                 "colophon", "imprint", "landmarks", "loi", "lot", "seriespage", "other-credits",
                 "errata", "frontispiece", "abouttheauthor"}
"""epub:type values of the pages that are not the book's text (EPUB 3 structural semantics)."""
_GUIDE_TYPES = {"cover", "title-page", "toc", "copyright-page", "index", "colophon"}
_MATTER_TITLES = re.compile(
    r"^(?:(?:table of )?contents|copyright(?: page)?|index|cover|title ?page|half ?title|"
    r"also by .*|other books by .*|about the publisher|colophon|imprint|"
    r"inhalt(?:sverzeichnis)?|impressum|table des matières|sommaire|índice|"
    r"mentions légales|titelseite)$", re.I)


@dataclass
class Chapter:
    title: str
    blocks: list[Block] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)


@dataclass
class Book:
    meta: EpisodeMeta
    author: str | None
    language: str | None
    chapters: list[Chapter]


class EpubReader(Reader):
    SUFFIXES = (".epub",)
    MIME_TYPES = ("application/epub+zip",)
    LISTED = 4
    KIND = "EPUB"

    def read_data(self, data: bytes, source: Path | str) -> Document:
        book = read_book(data, source)
        blocks: list[Block] = []
        dropped: list[Dropped] = []
        for chapter in book.chapters:  # each chapter opens with its title: a chapter mark
            blocks.append(Block("heading", chapter.title))
            blocks += chapter.blocks
            dropped += chapter.dropped
        return make_document(source, book.meta, blocks, dropped, byline=book.author)


def book_chapters(data: bytes, source: Path | str) -> tuple[Book, list[Document]]:
    """The book, and one document for each of its chapters."""
    book = read_book(data, source)
    documents = []
    for chapter in book.chapters:
        meta = EpisodeMeta(title=chapter.title, author=book.author)
        documents.append(make_document(source, meta, list(chapter.blocks),
                                       list(chapter.dropped), byline=book.author))
    return book, documents


MAX_UNPACKED_BYTES = 1 << 30
"""An EPUB whose files unpack to more than this is refused before it is read (a few megabytes
of zip can hold gigabytes of text)."""
MAX_PAGE_BYTES = 64 << 20
"""Nor may one page of it unpack to more than this (a long book's chapter is a few MB)."""


def check_unpacked_size(data: bytes, source: Path | str) -> None:
    """InputError when the book would unpack past the bounds above (zip reads never give more
    than an entry's stated size, so the stated sizes bound what is read)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise InputError(f"not a readable EPUB ({error})", source) from None
    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED_BYTES:
        raise InputError(f"unpacks to {total:,} bytes, over the {MAX_UNPACKED_BYTES:,}-byte "
                         "bound for a book; not read", source)
    for info in infos:
        if info.file_size > MAX_PAGE_BYTES and info.filename.lower().endswith(
                (".xhtml", ".html", ".htm", ".xml", ".opf", ".ncx", ".svg")):
            raise InputError(f"{info.filename} unpacks to {info.file_size:,} bytes, over the "
                             f"{MAX_PAGE_BYTES:,}-byte bound for a page; not read", source)


def read_book(data: bytes, source: Path | str) -> Book:
    """The chapters and metadata of an EPUB; InputError when it is not one or has no text."""
    from ebooklib import epub

    check_unpacked_size(data, source)
    try:
        book = epub.read_epub(io.BytesIO(data), {"ignore_ncx": False})
        return _read_book(book, source)
    except (zipfile.BadZipFile, KeyError, epub.EpubException, ValueError, AttributeError,
            IndexError, TypeError) as error:
        raise InputError(f"not a readable EPUB ({type(error).__name__}: {error})", source) \
            from None
    except RecursionError:
        raise InputError("not a readable EPUB (nested too deeply)", source) from None


def _read_book(book, source: Path | str) -> Book:
    import ebooklib
    from ebooklib import epub

    if not book.spine:
        raise InputError("not a readable EPUB (its package lists no reading order: no spine)",
                         source)
    titles = _toc_titles(book.toc)
    skipped = {_path(ref.get("href", "")) for ref in getattr(book, "guide", [])
               if ref.get("type") in _GUIDE_TYPES}
    chapters: list[Chapter] = []
    listed = False  # before the first page the contents list: cover, title, copyright ...
    for idref, linear in book.spine:
        item = book.get_item_with_id(idref)
        if item is None or linear == "no" or item.get_type() != ebooklib.ITEM_DOCUMENT \
                or isinstance(item, epub.EpubNav) or _path(item.get_name()) in skipped:
            continue
        root = parse_xhtml(item.get_content())
        if _is_matter(root):
            continue
        blocks, dropped, notes = xhtml_blocks(root)
        if notes:
            blocks += [Block("note", "footnotes"), *notes]
        if not any(block.kind != "note" for block in blocks):
            continue
        title = titles.get(_path(item.get_name()))
        listed = listed or title is not None
        heading = next((block.text for block in blocks if block.kind == "heading"), None)
        if _MATTER_TITLES.match(title or heading or "") or (titles and not listed) \
                or _is_copyright(blocks):
            continue
        if title is None and heading is None and chapters:
            chapters[-1].blocks += blocks  # a chapter split over two files
            chapters[-1].dropped += dropped
            continue
        title = title or heading or f"Chapter {len(chapters) + 1}"
        if blocks and blocks[0].kind == "heading" and _same(blocks[0].text, title):
            blocks = blocks[1:]  # the chapter's own heading is its title
        chapters.append(Chapter(title, blocks, dropped))
    if not chapters:
        raise InputError("no chapters with text in this EPUB", source)
    return Book(_metadata(book), _first(book, "creator"), _first(book, "language"), chapters)


def _first(book, name: str) -> str | None:
    values = book.get_metadata("DC", name)
    return " ".join(str(values[0][0]).split()) or None if values else None


def _metadata(book) -> EpisodeMeta:
    meta = EpisodeMeta(title=_first(book, "title"), author=_first(book, "creator"))
    date = _first(book, "date")
    if date:
        try:
            meta.date = to_datetime(date if len(date) > 4 else f"{date}-01-01")
        except ValueError:
            pass  # a book's date is a hint
    return meta


def _path(href: str) -> str:
    """An href inside the book, without its fragment, normalized."""
    return posixpath.normpath(href.split("#")[0]) if href else ""


def _toc_titles(toc) -> dict[str, str]:
    """Each chapter file's title in the table of contents (its first entry)."""
    titles: dict[str, str] = {}

    def walk(entries) -> None:
        for entry in entries:
            if isinstance(entry, (tuple, list)):
                section, children = entry[0], entry[1] if len(entry) > 1 else []
                walk([section])
                walk(children)
                continue
            href, title = getattr(entry, "href", None), getattr(entry, "title", None)
            if href and title and " ".join(title.split()):
                titles.setdefault(_path(href), " ".join(title.split()))

    walk(toc or [])
    return titles


def _is_matter(root) -> bool:
    """Whether a page is front or back matter by its epub:type (cover, copyright, index ...)."""
    for node in root.iter():
        if local(node) in ("html", "body", "section", "div", "nav") and \
                types_of(node) & _MATTER_TYPES:
            return True
        if local(node) in ("p", "h1", "h2", "h3"):
            return False  # the page's text has begun
    return False


def _is_copyright(blocks: list[Block]) -> bool:
    """A short page that opens with its copyright notice."""
    words = sum(len(block.text.split()) for block in blocks)
    first = next((block.text for block in blocks if block.kind != "note"), "")
    return words < 200 and bool(re.match(r"(?:copyright\b|©|\(c\) \d{4})", first, re.I))


def _same(a: str, b: str) -> bool:
    def norm(text: str) -> str:
        return re.sub(r"\W+", " ", text.casefold()).strip()

    return norm(a) == norm(b) or norm(a).endswith(norm(b)) or norm(b).endswith(norm(a))
