"""`narrator add`: a link, a file or standard input becomes episode source(s) of a show, as
Markdown with front matter (title, author, source, date) that the user can read and edit."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from narrator.pipeline.showfolder import load_show
from narrator.core import faults
from narrator.core.config import CONFIG_NAME, Config
from narrator.core.errors import InputError, NarratorError
from narrator.core.files import atomic_write_bytes
from narrator.core.models import Document
from narrator.text.export import document_markdown, now
from narrator.text.fetch import is_url
from narrator.text.frontmatter import split_front_matter
from narrator.text.readers.base import reading_language
from narrator.text.readers import READERS, SOURCE_KINDS, SOURCE_SUFFIXES, read_source, \
    slugify
from narrator.core.formats import EPUB, MARKDOWN, SCRIPT_SUFFIX, TEXT_SUFFIXES

log = logging.getLogger("narrator")


@dataclass
class Added:
    """One episode source that `add` wrote."""

    path: Path
    title: str
    words: int


def normal_url(url: str) -> str:
    """A URL as two links to one page compare: scheme and host in lower case, no fragment, no
    trailing slash, no tracking parameters."""
    url = url.strip().split("#")[0]
    match = re.match(r"^([a-z][a-z0-9+.-]*://)([^/?#]*)(.*)$", url, re.I)
    if not match:
        return url
    scheme, host, rest = match.group(1).lower(), match.group(2).lower(), match.group(3)
    path, _, query = rest.partition("?")
    kept = [part for part in query.split("&") if part and not re.match(
        r"(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref)=", part, re.I)]
    return f"{scheme}{host}{path.rstrip('/')}" + (f"?{'&'.join(kept)}" if kept else "")


def added_sources(config: Config) -> dict[str, Path]:
    """The `source` of every episode file that has one in its front matter, normalized."""
    found: dict[str, Path] = {}
    if not config.episodes_dir.is_dir():
        return found
    for path in sorted(config.episodes_dir.iterdir()):
        if path.suffix.lower() not in TEXT_SUFFIXES:
            continue
        try:
            head = path.read_text(encoding="utf-8", errors="replace")[:8192]
            meta, _ = split_front_matter(head, path)
        except NarratorError:
            continue  # the build reports a broken file; here it only cannot match
        if meta.source:
            found[normal_url(meta.source) if is_url(meta.source) else meta.source] = path
    return found


def add(source: str | Path, show_dir: Path | str = ".", *, single: bool = False) -> list[Added]:
    """Add a URL, a file (a text, Markdown, HTML, EPUB or PDF) or "-" (standard input) to a
    show as Markdown episode source(s) with front matter (title, author, source, date): a book
    one episode per chapter, or one with chapter marks when `single`. A link or file added
    before is refused with the name of its episode file."""
    if not is_url(source) and (Path(source) / CONFIG_NAME).is_file() and not (
            Path(show_dir) / CONFIG_NAME).is_file():
        raise InputError("is a show's folder, not a source: the source comes first "
                         "(narrator add SOURCE SHOW_DIR)", source)
    config = load_show(show_dir)
    config.episodes_dir.mkdir(exist_ok=True)
    known = added_sources(config)
    key = _source_key(source)
    if key in known:
        raise InputError(f"already added as {known[key].relative_to(config.root)}", source)
    if not is_url(source) and str(source) != "-":
        path = Path(source)
        if path.is_dir():
            raise InputError("is a folder: give a file, a link or - (standard input)", path)
        if not path.is_file():
            raise InputError("file not found", path)
        if path.suffix.lower() not in READERS:
            raise InputError(f"unsupported file type '{path.suffix}' (use {SOURCE_KINDS})", path)
        if path.suffix.lower() in EPUB.suffixes and not single:
            return _add_chapters(config, path, key)
    document = read_source(source)
    canonical = document.meta.source if is_url(document.meta.source or "") else None
    if canonical and normal_url(canonical) in known:
        raise InputError(f"already added as {known[normal_url(canonical)].relative_to(config.root)}"
                         " (the same page, by its canonical address)", source)
    fields = _fields(document, canonical or (str(source) if is_url(source) else key))
    return [_write(config, document, fields)]


def _source_key(source: str | Path) -> str:
    if is_url(source):
        return normal_url(str(source))
    if str(source) == "-":
        return ""
    return str(Path(source).resolve())


def _fields(document: Document, source: str | None, date=None) -> dict:
    return {"title": document.title, "author": document.byline, "source": source or None,
            "date": (date or now()).isoformat()}


def _write(config: Config, document: Document, fields: dict, name: str | None = None) -> Added:
    """Write one episode source, named after its title (a number added when the name is
    taken), and say so."""
    base = name or slugify(document.title) or document.slug
    path = config.episodes_dir / (base + MARKDOWN.suffixes[0])
    number = 2
    while any((config.episodes_dir / f"{path.stem}{suffix}").exists()
              for suffix in (*SOURCE_SUFFIXES, SCRIPT_SUFFIX)):
        path = config.episodes_dir / f"{base}-{number}{MARKDOWN.suffixes[0]}"
        number += 1
    published = document.meta.date.date().isoformat() if document.meta.date else None
    comment = (f"Added by narrator add; the text was published {published}. "
               if published else "Added by narrator add. ") + \
        "Edit freely: this file is the episode's source."
    language = reading_language(document.meta, config.show.language, document.source)
    if language != config.show.language:  # said in its front matter, where it can be changed
        fields = {**fields, "language": language}
    text = document_markdown(document, fields, language, comment)
    atomic_write_bytes(path, text.encode("utf-8"))
    words = sum(len(block.text.split()) for block in document.blocks if block.kind != "note")
    log.info('added %s: "%s" (%d words)', path, document.title, words)
    return Added(path, document.title, words)


def _add_chapters(config: Config, path: Path, key: str) -> list[Added]:
    """A book: one episode source per chapter, numbered in reading order, dated a second apart
    so that apps list them in order."""
    from datetime import timedelta

    from narrator.text.readers.epub import book_chapters

    book, chapters = book_chapters(path.read_bytes(), path)
    stem = slugify(book.meta.title or path.stem)
    start = now()
    added: list[Added] = []
    try:
        for number, document in enumerate(chapters, 1):
            fields = _fields(document, key, start + timedelta(seconds=number))
            fields["episode"] = number
            name = f"{stem}-{number:02d}-{slugify(document.title)}"
            added.append(_write(config, document, fields, name))
            faults.point("add.chapter")
    except BaseException:  # Ctrl-C or a failure half way: a book is added whole or not at all
        for episode in added:
            episode.path.unlink(missing_ok=True)
        raise
    return added
