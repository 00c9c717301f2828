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
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from narrator.core.characters import word_key
from narrator.core.errors import InputError
from narrator.core.models import Block, Document, Dropped, EpisodeMeta
from narrator.text.frontmatter import to_datetime
from narrator.text.readers.base import Reader, make_document
from narrator.text.readers.xhtml import MATTER_TYPES, local, parse_xhtml, types_of, xhtml_blocks
from narrator.core.formats import EPUB, EPUB_CHAPTER_SUFFIXES

_GUIDE_TYPES = {"cover", "title-page", "toc", "copyright-page", "index", "colophon"}
_MATTER_TITLES = re.compile(
    r"^(?:(?:table of )?contents|copyright(?: page)?|index|cover|title ?page|half ?title|"
    r"also by .*|other books by .*|about the publisher|colophon|imprint|"
    r"how to contact us|contact us|.*books online|advertisement|also available.*|"
    r"more (?:books|titles) (?:from|by) .*|"
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
    SUFFIXES = EPUB.suffixes
    MIME_TYPES = EPUB.mime_types
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
                (*EPUB_CHAPTER_SUFFIXES, ".xml", ".opf", ".ncx", ".svg")):
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
    entries = toc_entries(book.toc)
    titles = _toc_titles(book.toc)
    anchors = _anchors(entries)
    skipped = {_path(ref.get("href", "")) for ref in getattr(book, "guide", [])
               if ref.get("type") in _GUIDE_TYPES}
    documents = []
    for idref, linear in book.spine:
        item = book.get_item_with_id(idref)
        if item is None or linear == "no" or item.get_type() != ebooklib.ITEM_DOCUMENT \
                or isinstance(item, epub.EpubNav) or _path(item.get_name()) in skipped:
            continue
        root = parse_xhtml(item.get_content())
        if not _is_matter(root):
            documents.append((_path(item.get_name()), *xhtml_blocks(
                root, _lookup(anchors, _path(item.get_name())))))
    repeated = _repeated(documents)
    if not any(_lookup(titles, path) or _lookup(anchors, path) for path, *_ in documents):
        titles = {}  # the contents name no document read: nothing is "before the contents"
    chapters: list[Chapter] = []
    listed = False  # before the first page the contents list: cover, title, copyright ...
    for path, blocks, dropped, notes in documents:
        blocks = _without_repeated(blocks, repeated, dropped)
        parts = _parts(blocks, _lookup(titles, path))
        if notes:  # read after the chapter they belong to (the file's last)
            parts[-1][1].extend([Block("note", "footnotes"), *notes])
        for number, (title, part) in enumerate(parts):
            listed = listed or title is not None
            _add_chapter(chapters, title, part, dropped if number == 0 else [],
                         bool(titles) and not listed)
    if not chapters:
        raise InputError("no chapters with text in this EPUB", source)
    return Book(_metadata(book), _first(book, "creator"), _first(book, "language"), chapters)


def _add_chapter(chapters: list[Chapter], title: str | None, blocks: list[Block],
                 dropped: list[Dropped], before_contents: bool) -> None:
    """Add a part of the book as a chapter (or to the one before it, when it has no title of
    its own), unless it is not the book's text."""
    if not any(block.kind == "paragraph" for block in blocks):
        return  # a title alone (a part's title page): its chapters follow
    heading = next((block.text for block in blocks if block.kind == "heading"), None)
    if _MATTER_TITLES.match(title or heading or "") or before_contents or _is_copyright(blocks):
        return
    if title is None and heading is None and chapters:
        chapters[-1].blocks += blocks  # a chapter split over two files
        chapters[-1].dropped += dropped
        return
    title = title or heading or f"Chapter {len(chapters) + 1}"
    while blocks and blocks[0].kind == "heading" and (_same(blocks[0].text, title) or re.search(
            rf"(?:^| ){re.escape(word_key(blocks[0].text))}(?: |$)", word_key(title))):
        blocks = blocks[1:]  # the chapter's own heading (or a piece of it) is its title
    chapters.append(Chapter(title, _headings_once(blocks), dropped))


def _headings_once(blocks: list[Block]) -> list[Block]:
    """A heading repeated straight after itself is said once."""
    kept: list[Block] = []
    for block in blocks:
        if block.kind == "heading" and kept and kept[-1].kind == "heading" \
                and _same(kept[-1].text, block.text):
            continue
        kept.append(block)
    return kept


def _parts(blocks: list[Block], title: str | None) -> list[tuple[str | None, list[Block]]]:
    """A document's blocks cut where its contents entries start: [(title, blocks)]."""
    parts: list[tuple[str | None, list[Block]]] = [(title, [])]
    for block in blocks:
        if block.kind == "chapter":
            if not any(b.kind in ("paragraph", "heading") for b in parts[-1][1]):
                parts[-1] = (block.text, [])  # nothing before it: this entry is the start
            else:
                parts.append((block.text, []))
        else:
            parts[-1][1].append(block)
    return parts


def toc_entries(toc) -> list[tuple[int, str, str, str]]:
    """The table of contents in order: (depth, file, fragment, title)."""
    found: list[tuple[int, str, str, str]] = []

    def walk(entries, depth: int) -> None:
        for entry in entries:
            if isinstance(entry, (tuple, list)):
                walk([entry[0]], depth)
                walk(entry[1] if len(entry) > 1 else [], depth + 1)
                continue
            href, title = getattr(entry, "href", None), getattr(entry, "title", None)
            if href and title and " ".join(title.split()):
                path, _, fragment = href.partition("#")
                found.append((depth, _path(path), fragment, " ".join(title.split())))

    walk(toc or [], 1)
    return found


def _anchors(entries: list[tuple[int, str, str, str]]) -> dict[str, dict[str, str]]:
    """Per file, the contents entries into it to cut it at ({fragment: title}): those of the
    shallowest level at which the book has three entries or more (a book in one file is cut
    at its parts, a book of a file a chapter keeps its sections as headings)."""
    depths = sorted({depth for depth, *_ in entries})
    level = next((depth for depth in depths
                  if sum(d <= depth for d, *_ in entries) >= 3), depths[-1] if depths else 0)
    anchors: dict[str, dict[str, str]] = {}
    for depth, path, fragment, title in entries:
        if depth <= level and fragment:
            anchors.setdefault(path, {}).setdefault(fragment, title)
    return anchors


def _lookup(table: dict, path: str):
    """`table`'s entry for a document: by its path in the book, else by its file name alone
    (a contents list in another folder may name documents relative to itself)."""
    if path in table:
        return table[path]
    name = posixpath.basename(path)
    found = [value for key, value in table.items() if posixpath.basename(key) == name]
    return found[0] if len(found) == 1 else None


def _edges(blocks: list[Block]) -> list[int]:
    """Where a page's navigation sits: among its first and last two blocks, the short
    paragraphs."""
    placed = [index for index, block in enumerate(blocks) if block.kind in ("paragraph",
                                                                           "heading")]
    return sorted(index for index in set(placed[:2] + placed[-2:])
                  if blocks[index].kind == "paragraph" and 0 < len(blocks[index].text.split()) <= 8)


def _repeated(documents: list) -> set[str]:
    """Short lines at the top or foot of many of the book's documents ("Previous topic",
    "Next topic", "Back to contents"): navigation an HTML export repeats on every page, not
    the text (a poem's refrain inside its text is not counted)."""
    if len(documents) < 3:
        return set()
    seen: Counter = Counter()
    for _, blocks, _, _ in documents:
        seen.update({word_key(blocks[index].text) for index in _edges(blocks)})
    return {text for text, count in seen.items() if count >= max(3, 0.3 * len(documents))}


def _without_repeated(blocks: list[Block], repeated: set[str], dropped: list[Dropped]
                      ) -> list[Block]:
    gone = {index for index in _edges(blocks) if word_key(blocks[index].text) in repeated}
    dropped += [Dropped(blocks[index].text, "on every page (navigation)") for index in
                sorted(gone)]
    return [block for index, block in enumerate(blocks) if index not in gone]


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
    """Whether a whole page is front or back matter by its epub:type (cover, copyright,
    index ...): the body's own, or that of the one section that holds all of it. (A matter
    section beside the text, as a title page before a poem, is left out by xhtml_blocks.)"""
    body = next((node for node in root.iter() if local(node) == "body"), None)
    if body is None:
        return False
    if types_of(body) & MATTER_TYPES or types_of(root) & MATTER_TYPES:
        return True
    inner = [child for child in body if isinstance(child.tag, str)]
    return len(inner) == 1 and bool(types_of(inner[0]) & MATTER_TYPES)


def _is_copyright(blocks: list[Block]) -> bool:
    """A short page that opens with its copyright notice."""
    words = sum(len(block.text.split()) for block in blocks)
    first = next((block.text for block in blocks if block.kind != "note"), "")
    return words < 200 and bool(re.match(r"(?:copyright\b|©|\(c\) \d{4})", first, re.I))


def _same(a: str, b: str) -> bool:
    a, b = word_key(a), word_key(b)
    return a == b or a.endswith(b) or b.endswith(a)
