"""The kinds of file narrator reads and publishes: suffixes and MIME types, each fact once."""

from __future__ import annotations

import re

FEED_NAME = "feed.xml"
FEED_MIME = "application/rss+xml"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
"""The feed's XML namespaces: Apple's tags and Podcasting 2.0's."""
MP3_MIME = "audio/mpeg"
PAGE_SUFFIX = ".html"
INDEX_NAME = "index.html"
ASSETS = ("narrator.css", "narrator.js")
"""Files every listening page uses, copied beside them from the package's templates."""
STATIC_DIR = "static"
"""A show's folder of files published as they are, beside the episodes (CNAME, robots.txt)."""
TRANSCRIPT_TYPES = {".vtt": "text/vtt", ".srt": "application/x-subrip", ".json": "application/json",
                    ".txt": "text/plain"}
"""Transcripts published beside each MP3, by suffix, with the MIME type the feed gives them."""
FEED_TRANSCRIPT_ORDER = (".txt", ".srt", ".json", ".vtt")
"""The order of an item's podcast:transcript links: plain text first, timed captions last, as
apps built on feedparser keep only an item's last one."""
CHAPTERS_SUFFIX = ".chapters.json"
CHAPTERS_MIME = "application/json+chapters"
AUDIO_FILE_FORMATS = {".mp3": "mp3", ".wav": "wav", ".m4a": "mp4", ".ogg": "ogg", ".flac": "flac"}
"""Audio files a show may use (an intro, an outro), with the ffmpeg format that decodes each
(named, as there is no ffprobe to guess it)."""


def is_audio_file(value: str) -> bool:
    """Whether a setting names an audio file (by its suffix) rather than words to speak."""
    suffixes = "|".join(re.escape(suffix[1:]) for suffix in AUDIO_FILE_FORMATS)
    return bool(re.search(rf"\.(?:{suffixes})$", value.strip(), re.I))


def companion_names(slug: str) -> list[str]:
    """The files published beside an episode's MP3: its transcripts, then its chapters."""
    return [slug + suffix for suffix in (*TRANSCRIPT_TYPES, CHAPTERS_SUFFIX)]
