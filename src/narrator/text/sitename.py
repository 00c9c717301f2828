"""A page's title without the name of the site (and of its section) that pages add to it."""

from __future__ import annotations

import re

_TITLE_SEPARATOR = re.compile(r"\s+(?:\||–|—|-|::|·|»)\s+")


def without_site_name(title: str | None, site: str | None = None) -> str | None:
    """A page's title without the site's name that pages add to it ("Pier rebuilt – News
    Nation", "Pier rebuilt | BIG Brand System"): the part after the last separator goes when it
    is the site's name, or a short name in capitals after a title of three words or more; and
    then a section's name before it ("... | Politics News | Metro News", "... - News - SRF")."""
    head = _without_last_name(title, site)
    if head == title or re.search(r"(?:^|\s)(?:a|an|the|part|episode)\s+\S+$", head or "", re.I):
        return head  # "Star Wars: Episode IV - A New Hope" keeps its subtitle
    return _without_last_name(head, None, 2)


def _without_last_name(title: str | None, site: str | None, longest: int = 4) -> str | None:
    if not title:
        return title
    last = None
    for last in _TITLE_SEPARATOR.finditer(title):
        pass
    if last is None:
        return title
    head, tail = title[:last.start()].strip(), title[last.end():].strip()
    named = bool(site) and " ".join(site.casefold().split()) == " ".join(tail.casefold().split()) \
        or bool(re.fullmatch(r"[\w-]+(?:\.[a-z]{2,})+", tail))  # "rp.pl", "news.example.com"
    short_name = 0 < len(tail.split()) <= longest and all(
        word[:1].isupper() or not word[:1].isalpha() for word in tail.split()) and not re.match(
        r"(?:part|chapter|vol(?:ume)?|episode|book|season|series|no)\b", tail, re.I)
    return head if len(head.split()) >= 3 and (named or short_name) else title
