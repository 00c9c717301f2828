"""Text fit to publish: XML 1.0 (the feed), ID3 readers and HTML all refuse or mangle control
characters, so they are removed where text enters narrator (sources, front matter, scripts, the
config). Tabs and line ends stay; so do the bidirectional marks that right-to-left text needs."""

from __future__ import annotations

import re
import unicodedata

_UNPUBLISHABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def publishable(text: str) -> str:
    """`text` without C0/C1 control characters, non-characters and lone surrogates."""
    return _UNPUBLISHABLE.sub("", text)


def publishable_line(text: str) -> str:
    """A title or a name: publishable, on one line, without the doubled spaces that removed
    characters leave."""
    return " ".join(publishable(text).split())


def has_words(text: str) -> bool:
    """Whether text has a letter or a decimal digit: something a voice can read."""
    return any(unicodedata.category(ch)[0] == "L" or unicodedata.category(ch) == "Nd"
               for ch in text)


def has_unpublishable(text: str) -> bool:
    return bool(_UNPUBLISHABLE.search(text))


def word_key(text: str) -> str:
    """Text as two mentions of the same words compare: case, punctuation and spacing aside."""
    return re.sub(r"\W+", " ", text.casefold()).strip()
