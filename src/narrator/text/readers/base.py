"""What every reader shares: the Reader interface and registry, and the making of a Document."""

from __future__ import annotations

import logging
import re
import unicodedata
from abc import ABC, abstractmethod
from pathlib import Path
from typing import ClassVar

from narrator.core.characters import has_words, publishable
from narrator.core.languages import primary_language
from narrator.core.errors import InputError
from narrator.core.models import Block, Document, Dropped, EpisodeMeta
from narrator.text.fetch import is_url
from narrator.text.frontmatter import split_front_matter

log = logging.getLogger("narrator")

READERS: dict[str, type["Reader"]] = {}
"""Reader classes by the file suffixes they read (".md")."""


class Reader(ABC):
    """Reads one format of source into a Document. A subclass names its SUFFIXES (and the MIME
    types it reads when a page is fetched by URL) and is registered for them on definition."""

    SUFFIXES: ClassVar[tuple[str, ...]]
    MIME_TYPES: ClassVar[tuple[str, ...]] = ()
    KIND: ClassVar[str]
    """The format as messages name it."""
    LISTED: ClassVar[int] = 9
    """Where the format comes when messages list them (the commonest first)."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for suffix in cls.SUFFIXES:
            READERS[suffix] = cls

    def read(self, path: Path) -> Document:
        """The document in the file at `path`."""
        return self.read_data(path.read_bytes(), path)

    @abstractmethod
    def read_data(self, data: bytes, source: Path | str) -> Document:
        """The document in `data`, read from `source` (a file, or the URL of a page)."""


def found_language(blocks: list[Block]) -> str | None:
    """The language a text's words are plainly in, of those narrator reads (its spoken forms'),
    or None: a page copied or fetched does not say, and is read as the show is otherwise."""
    from narrator.text.linefeatures import sure_language
    from narrator.text.spoken import LANGUAGES

    return sure_language([block.text for block in blocks if block.kind != "note"], LANGUAGES)


def reading_language(meta: EpisodeMeta, given: str, source: Path | str) -> str:
    """The language a text is read in (its sentences split, its numbers and dates said): the one
    its front matter writes; else the one its words are plainly in, where that is not the given
    one (the show's, or the default), with a warning, as the voice may not speak it; else the
    given one, with its region."""
    found = meta.found_language
    if meta.language or not found or primary_language(found) == primary_language(given):
        return meta.language or given
    log.warning("%s: the text is in '%s', not '%s': its sentences, numbers and dates are read "
                "as '%s'; to hear it in a voice of that language, set `language: %s` (the "
                "show's, --language or the source's front matter) and a voice for it",
                Path(str(source)).name, found, given, found, found)
    return found


def make_document(path: Path | str, meta: EpisodeMeta, blocks: list[Block],
                  dropped: list[Dropped], byline: str | None = None) -> Document:
    """The Document of a source's blocks; its title is the front matter's, else its first
    heading, and it opens with that title. InputError when no block has words to read."""
    if not any(has_words(block.text) for block in blocks if block.kind != "note"):
        raise InputError("no words to narrate (nothing of the text is left once page furniture "
                         "and symbols are set aside; see `narrator script --explain`)", path)
    title = meta.title or _title_from_blocks(blocks)
    if not (blocks[0].kind == "heading" and blocks[0].text == title):
        # Listeners expect an episode to open with its title, as a reader sees it first.
        blocks.insert(0, Block("heading", title))
    stem = Path(path).stem if not is_url(path) else "page"  # a URL's slug is set by read_url
    return Document(source=path, slug=slugify(stem), title=title, meta=meta, blocks=blocks,
                    byline=meta.author or byline, dropped=dropped)


_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.I | re.S)


def looks_like_html(data: bytes) -> bool:
    """Whether `data` is an HTML page, whatever its name or served type says."""
    start = data[:4096].lstrip(b"\xef\xbb\xbf")
    return bool(_HTML_START.match(start)) or (
        b"<p>" in start.lower() and b"</" in start and start.lstrip().startswith(b"<"))


def text_and_front_matter(data: bytes, source: Path | str) -> tuple[EpisodeMeta, str]:
    """A text source's front matter and body; InputError when there is no body."""
    meta, body = split_front_matter(decode_text(data, source), source)
    if not body.strip():
        raise InputError("no text to narrate (the file is empty)", source)
    return meta, body


def refuse_binary(data: bytes, path: Path) -> None:
    """Raise InputError when data holds NUL bytes, which no text or HTML file has."""
    if b"\x00" in data:
        raise InputError("not a text file (it contains binary data)", path)


def decode_text(data: bytes, path: Path) -> str:
    """UTF-8 text with a BOM removed and line ends unified; binary data is refused."""
    refuse_binary(data, path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"not UTF-8 text (bad byte at offset {error.start})", path) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\t")
    if controls > max(8, len(text) // 100):
        raise InputError("not a text file (it is mostly control characters)", path)
    return publishable(text)


def _title_from_blocks(blocks: list[Block]) -> str:
    for block in blocks:
        if block.kind == "heading":
            return block.text
    first = next(block.text for block in blocks if block.kind != "note")
    return first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "…"


MAX_SLUG_BYTES = 120
"""An episode's files are named SLUG + suffix; file systems allow 255 bytes a name."""


def slugify(name: str) -> str:
    """A URL- and file-safe name: lower-case letters, digits and dashes. Latin letters lose
    their accents ("Café" is "cafe"); other scripts stay as they are ("Русский" is "русский",
    not a bare "episode" that every such name would share). A long name is cut, and a short
    hash of the whole keeps two long names apart."""
    folded = unicodedata.normalize("NFKD", name)
    ascii_name = folded.encode("ascii", "ignore").decode()
    if sum(c.isalnum() for c in ascii_name) == sum(c.isalnum() for c in folded
                                                    if unicodedata.category(c) != "Mn"):
        slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")  # as ever
    else:
        letters = []
        for char in folded:
            if unicodedata.category(char) == "Mn" and letters and ord(letters[-1]) < 0x250:
                continue  # an accent on a Latin letter
            letters.append(char)
        text = unicodedata.normalize("NFC", "".join(letters)).casefold()
        slug = re.sub(r"[\W_]+", "-", text).strip("-")
    slug = slug or "episode"
    if len(slug.encode()) > MAX_SLUG_BYTES:
        import hashlib

        digest = hashlib.sha256(name.encode()).hexdigest()[:8]
        cut = slug.encode()[:MAX_SLUG_BYTES - 9].decode(errors="ignore").rstrip("-")
        slug = f"{cut}-{digest}"
    return slug


URL = re.compile(r"\b(?:(?:https?|ftp)://|www\.)[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]", re.I)
_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:[^@/\s]*@)?(?:www\.)?([^/:?#\s]+)", re.I)


def site_of(url: str) -> str:
    """The site an address names, as a listener can hear it: "example.org"."""
    match = _HOST.match(url.removeprefix("mailto:"))
    return match.group(1) if match else url


def without_addresses(text: str) -> str:
    """Text with every bare web address replaced by its site."""
    return URL.sub(lambda match: site_of(match.group(0)), text)


def table_row(headers: list[str], cells: list[str]) -> str:
    """A table's row as it is read: each cell after its column's header."""
    said = [f"{header}: {cell}" if header else cell
            for header, cell in zip(headers + [""] * len(cells), cells) if cell]
    text = "; ".join(said)
    return text if not text or text[-1] in ".!?" else text + "."
