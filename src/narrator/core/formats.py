"""The kinds of file narrator reads and publishes: suffixes and MIME types, each fact once.

No other module writes a suffix or a MIME type as a literal (`tests/test_architecture.py`
checks it); they name these."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

# What narrator reads.


@dataclass(frozen=True)
class SourceFormat:
    """A kind of source: its name, its file suffixes and the MIME types it is served as."""

    name: str
    suffixes: tuple[str, ...]
    mime_types: tuple[str, ...]


PLAIN_TEXT = SourceFormat("text", (".txt",), ("text/plain",))
MARKDOWN = SourceFormat("Markdown", (".md", ".markdown"), ("text/markdown",))
HTML = SourceFormat("HTML", (".html", ".htm"), ("text/html", "application/xhtml+xml"))
EPUB = SourceFormat("EPUB", (".epub",), ("application/epub+zip",))
PDF = SourceFormat("PDF", (".pdf",), ("application/pdf",))
TEXT_SUFFIXES = (*MARKDOWN.suffixes, *PLAIN_TEXT.suffixes, *HTML.suffixes)
"""Sources that are text with front matter (what `narrator add` writes into a show)."""
EPUB_CHAPTER_SUFFIXES = (".xhtml", *HTML.suffixes)
"""The files of an EPUB that hold its text."""
UNKNOWN_MIME = "application/octet-stream"
"""What a file of unknown type is served as (its bytes then say what it is)."""
SCRIPT_SUFFIX = ".script"
"""An episode's editable narration script, beside its source."""
BACKUP_SUFFIX = ".bak"
"""A hand-edited script kept before it is made again."""

# What narrator publishes.

FEED_NAME = "feed.xml"
FEED_MIME = "application/rss+xml"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
"""The feed's XML namespaces: Apple's tags and Podcasting 2.0's."""
MP3_SUFFIX = ".mp3"
MP3_MIME = "audio/mpeg"
WAV_SUFFIX = ".wav"
"""`narrator speak` writes a WAV of the same audio when asked (for editors and players)."""
PAGE_SUFFIX = ".html"
PAGE_MIME = "text/html"
INDEX_NAME = "index.html"
ASSETS = ("narrator.css", "narrator.js")
"""Files every listening page uses, copied beside them from the package's templates."""
ASSET_TYPES = {".css": "text/css", ".js": "text/javascript"}
STATIC_DIR = "static"
"""A show's folder of files published as they are, beside the episodes (CNAME, robots.txt)."""
VTT_SUFFIX, SRT_SUFFIX, JSON_SUFFIX, TEXT_SUFFIX = ".vtt", ".srt", ".json", ".txt"
VTT_MIME, SRT_MIME, JSON_MIME, TEXT_MIME = \
    "text/vtt", "application/x-subrip", "application/json", "text/plain"
TRANSCRIPT_TYPES = {VTT_SUFFIX: VTT_MIME, SRT_SUFFIX: SRT_MIME, JSON_SUFFIX: JSON_MIME,
                    TEXT_SUFFIX: TEXT_MIME}
"""Transcripts published beside each MP3, by suffix, with the MIME type the feed gives them."""
FEED_TRANSCRIPT_ORDER = (TEXT_SUFFIX, SRT_SUFFIX, JSON_SUFFIX, VTT_SUFFIX)
"""The order of an item's podcast:transcript links: plain text first, timed captions last, as
apps built on feedparser keep only an item's last one."""
CHAPTERS_SUFFIX = ".chapters.json"
CHAPTERS_MIME = "application/json+chapters"
PNG_MIME, JPEG_MIME = "image/png", "image/jpeg"
IMAGE_TYPES = {".png": PNG_MIME, ".jpg": JPEG_MIME, ".jpeg": JPEG_MIME}
"""The images a cover may be (Apple takes PNG and JPEG), by suffix."""
COVER_NAMES = {PNG_MIME: "cover.png", JPEG_MIME: "cover.jpg"}
"""The cover's name in an output folder, by its type."""
DEFAULT_COVER = COVER_NAMES[PNG_MIME]
"""A show's cover unless narrator.toml names another (`narrator init` makes it)."""
AUDIO_FILE_FORMATS = {MP3_SUFFIX: "mp3", WAV_SUFFIX: "wav", ".m4a": "mp4", ".ogg": "ogg",
                      ".flac": "flac"}
"""Audio files a show may use (an intro, an outro), with the ffmpeg format that decodes each
(named, as there is no ffprobe to guess it)."""
SERVED_TYPES = {MP3_SUFFIX: MP3_MIME, ".xml": FEED_MIME, PAGE_SUFFIX: PAGE_MIME,
                **TRANSCRIPT_TYPES, **ASSET_TYPES, **IMAGE_TYPES}
"""The type each file of an output folder is served with (`narrator serve`)."""


def image_mime(path: str | PurePath) -> str:
    """The MIME type of an image, by its file name's suffix (JPEG unless it is a PNG)."""
    return PNG_MIME if str(path).lower().endswith(".png") else JPEG_MIME


def is_audio_file(value: str) -> bool:
    """Whether a setting names an audio file (by its suffix) rather than words to speak."""
    suffixes = "|".join(re.escape(suffix[1:]) for suffix in AUDIO_FILE_FORMATS)
    return bool(re.search(rf"\.(?:{suffixes})$", value.strip(), re.I))


def companion_names(slug: str) -> list[str]:
    """The files published beside an episode's MP3: its transcripts, then its chapters."""
    return [slug + suffix for suffix in (*TRANSCRIPT_TYPES, CHAPTERS_SUFFIX)]


def published_type(name: str) -> str:
    """The Content-Type a file of an output folder is uploaded with (object storage serves
    what it was given): chapters as the feed names them, the rest by suffix."""
    if name.endswith(CHAPTERS_SUFFIX):
        return CHAPTERS_MIME
    suffix = name[name.rfind("."):].lower() if "." in name else ""
    return SERVED_TYPES.get(suffix, UNKNOWN_MIME)
