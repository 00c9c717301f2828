"""Ingest: read a source file into a Document (metadata + headings and paragraphs)."""

from __future__ import annotations

import http.client
import re
import unicodedata
from datetime import date, datetime, time, timezone
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from narrator.errors import ConfigError, InputError
from narrator.cleanup import clean_text, drop_boilerplate
from narrator.models import Block, Document, Dropped, EpisodeMeta
from narrator.text import has_words, publishable, publishable_line

SOURCE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
SOURCE_KINDS = ".txt, .md or .html"
"""The source types, as messages name them."""
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
EPISODE_TYPES = ("full", "trailer", "bonus")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?", re.DOTALL | re.MULTILINE)
_FRONT_MATTER_TYPES = {
    "title": str, "description": str, "guid": str, "season": int, "episode": int,
    "explicit": bool, "episode_type": str, "date": datetime,
}


URL_TIMEOUT_S = 20.0
"""How long a page may take to arrive, in seconds."""
URL_MAX_BYTES = 10 * 1024 * 1024
"""Pages larger than this are refused rather than read into memory."""


def is_url(text: str | Path) -> bool:
    return isinstance(text, str) and bool(re.match(r"^https?://", text, re.I))


URL_RETRY_DELAYS_S = (0.5, 1.0)


def fetch_url(url: str) -> tuple[bytes, str]:
    """The body and content type of a web page; InputError naming the URL when it fails."""
    import time
    import urllib.error
    import urllib.request

    from narrator import __version__

    request = urllib.request.Request(url, headers={
        "User-Agent": f"narrator/{__version__} (+https://github.com/narrator)",
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"})
    timeout, max_bytes, retry_delays = URL_TIMEOUT_S, URL_MAX_BYTES, URL_RETRY_DELAYS_S
    problem = ""
    for attempt in range(len(retry_delays) + 1):
        if attempt:
            time.sleep(retry_delays[attempt - 1])
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                kind = response.headers.get_content_type()
                if kind not in PAGE_TYPES:
                    raise InputError(f"not a web page or text (the server sent {kind})", url)
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > max_bytes:
                    raise InputError(f"page is {int(length):,} bytes, over the "
                                     f"{max_bytes:,}-byte limit", url)
                return _read_body(response, max_bytes, time.monotonic() + timeout, url), kind
        except urllib.error.HTTPError as error:
            problem = f"HTTP {error.code} {error.reason}"
            if error.code not in (408, 429) and error.code < 500:
                break  # the page is not there; asking again will not change that
        except _Timeout:
            problem = "timed out"
        except http.client.IncompleteRead as error:
            problem = f"the answer stopped short ({len(error.partial):,} bytes of it came)"
        except (urllib.error.URLError, TimeoutError, OSError, http.client.HTTPException) as error:
            reason = getattr(error, "reason", error)
            problem = "timed out" if isinstance(reason, TimeoutError) or "timed out" in str(
                reason) else f"cannot connect ({reason or type(reason).__name__})"
    tries = attempt + 1
    raise InputError(f"could not fetch the page: {problem}"
                     + (f" (after {tries} tries)" if tries > 1 else ""), url)


PAGE_TYPES = {"text/html", "application/xhtml+xml", "text/plain"}


class _Timeout(Exception):
    """The whole answer took longer than URL_TIMEOUT_S (a server sending a byte at a time)."""


def _read_body(response, max_bytes: int, deadline: float, url: str) -> bytes:
    """The body, read in pieces against one deadline for the whole of it."""
    import time

    chunks, size = [], 0
    while True:
        if time.monotonic() > deadline:
            raise _Timeout
        chunk = response.read1(64 * 1024)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise InputError(f"page is over the {max_bytes:,}-byte limit", url)
    data = b"".join(chunks)
    length = response.headers.get("Content-Length")
    if length and length.isdigit() and len(data) < int(length):
        raise http.client.IncompleteRead(data, int(length) - len(data))
    return data


def read_url(url: str) -> Document:
    """Fetch an http(s) page and read it as HTML (or plain text when served as such)."""
    data, content_type = fetch_url(url)
    path = url  # messages name the URL as they would a file
    slug_source = re.sub(r"[?#].*$", "", url.rstrip("/")).rsplit("/", 1)[-1] or "page"
    if content_type == "text/plain":
        text = decode_text(data, path)
        document = plain_text_document(path, EpisodeMeta(), text)
    else:
        meta, blocks, author = html_document(data, path)
        blocks, dropped = drop_boilerplate(blocks)
        document = _document(path, meta, blocks, dropped, byline=author)
    document.slug = slugify(re.sub(r"\.\w+$", "", slug_source))
    return document


def read_source(path: Path | str) -> Document:
    """Read a .txt, .md or .html source or an http(s) URL; InputError or ConfigError naming it."""
    if is_url(path):
        return read_url(str(path))
    path = Path(path)
    if not path.is_file():
        raise InputError("file not found", path)
    suffix = path.suffix.lower()
    if suffix not in SOURCE_SUFFIXES:
        raise InputError(f"unsupported file type '{path.suffix}' (use {SOURCE_KINDS})", path)
    if suffix in HTML_SUFFIXES:
        meta, blocks, author = html_document(path.read_bytes(), path)
        blocks, dropped = drop_boilerplate(blocks)
        return _document(path, meta, blocks, dropped, byline=author)
    text = decode_text(path.read_bytes(), path)
    meta, body = split_front_matter(text, path)
    if not body.strip():
        raise InputError("no text to narrate (the file is empty)", path)
    if suffix == ".txt":
        return plain_text_document(path, meta, body)
    blocks, dropped = drop_boilerplate(markdown_blocks(body))
    if not blocks:
        raise InputError("no text to narrate (the file is empty)", path)
    return _document(path, meta, blocks, dropped)


def plain_text_document(path: Path, meta: EpisodeMeta, body: str) -> Document:
    """A text copied from a page (or written plainly), cleaned of everything but the article."""
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
        meta.date = parse_loose_date(cleaned.date)
    return _document(path, meta, blocks, cleaned.dropped, byline=cleaned.byline)


_LOOSE_DATE_FORMATS = ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%m/%d/%Y")


def parse_loose_date(text: str) -> datetime | None:
    """A date written in a page's header ("Nov. 19, 2019 8:03 am ET"), or None."""
    match = re.search(r"(?:[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}|"
                      r"\d{1,2} [A-Z][a-z]{2,8}\.?,? \d{4}|\d{4}-\d{2}-\d{2}|"
                      r"\d{1,2}/\d{1,2}/\d{4})", text)
    if not match:
        return None
    candidate = re.sub(r"[.,]", "", match.group(0)).replace("Sept", "Sep")
    for pattern in _LOOSE_DATE_FORMATS:
        try:
            return datetime.strptime(candidate, pattern).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
    return None


def _document(path: Path, meta: EpisodeMeta, blocks: list[Block], dropped: list[Dropped],
              byline: str | None = None) -> Document:
    if not any(has_words(block.text) for block in blocks):
        raise InputError("no words to narrate (nothing of the text is left once page furniture "
                         "and symbols are set aside; see `narrator script --explain`)", path)
    title = meta.title or _title_from_blocks(blocks)
    if not (blocks[0].kind == "heading" and blocks[0].text == title):
        # Listeners expect an episode to open with its title, as a reader sees it first.
        blocks.insert(0, Block("heading", title))
    stem = Path(path).stem if not is_url(path) else "page"  # a URL's slug is set by read_url
    return Document(source=path, slug=slugify(stem), title=title, meta=meta, blocks=blocks,
                    byline=byline, dropped=dropped)


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


def split_front_matter(text: str, path: Path) -> tuple[EpisodeMeta, str]:
    """Separate a leading `---` YAML block from the body and validate its keys."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return EpisodeMeta(), text
    try:
        data = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as error:
        detail = str(error).splitlines()[0]
        raise ConfigError(path, [("front matter", f"invalid YAML: {detail}")]) from None
    if not isinstance(data, dict):
        raise ConfigError(path, [("front matter", "expected 'key: value' lines")])
    return parse_meta(data, path), text[match.end():]


def parse_meta(data: dict, path: Path) -> EpisodeMeta:
    """Check front matter values; report every problem at once."""
    problems, values = [], {}
    for key, value in data.items():
        expected = _FRONT_MATTER_TYPES.get(key)
        if expected is None:
            problems.append((key, "unknown front matter key (known: "
                             + ", ".join(_FRONT_MATTER_TYPES) + ")"))
        elif value is None:
            continue
        elif expected is datetime:
            try:
                values[key] = to_datetime(value)
            except ValueError:
                problems.append((key, f"{value!r} is not a date like 2026-03-18 or "
                                 "2026-03-18T09:00:00Z"))
        elif expected is int and (isinstance(value, bool) or not isinstance(value, int)
                                  or value < 1):
            problems.append((key, f"expected a positive whole number, got {value!r}"))
        elif expected is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            values[key] = str(value)
        elif not isinstance(value, expected):
            kind = {str: "text", bool: "true or false"}[expected]
            problems.append((key, f"expected {kind}, got {value!r}"))
        elif isinstance(value, str):
            values[key] = publishable_line(value) if key == "title" else publishable(value).strip()
        else:
            values[key] = value
    if values.get("episode_type") not in (None, *EPISODE_TYPES):
        problems.append(("episode_type", f"{values['episode_type']!r} is not one of: "
                         + ", ".join(EPISODE_TYPES)))
    if problems:
        raise ConfigError(path, problems)
    return EpisodeMeta(**values)


def to_datetime(value) -> datetime:
    """A timezone-aware datetime from a YAML date, datetime or ISO string (UTC if none given)."""
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, date):
        result = datetime.combine(value, time(0, 0))
    elif isinstance(value, str):
        result = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    else:
        raise ValueError(value)
    return result if result.tzinfo else result.replace(tzinfo=timezone.utc)


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


_HTML_BLOCKS = {"head", "p", "item", "row", "code"}
"""trafilatura's XML elements that hold one heading or paragraph each."""


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


def _inline_text(token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def _title_from_blocks(blocks: list[Block]) -> str:
    for block in blocks:
        if block.kind == "heading":
            return block.text
    first = blocks[0].text
    return first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "…"


def slugify(name: str) -> str:
    """A URL- and file-safe name: lower-case ASCII letters, digits and dashes."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or "episode"
