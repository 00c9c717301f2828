"""Publish: the RSS 2.0 feed with Apple's iTunes tags, written deterministically with feedgen."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from narrator.core.version import __version__
from narrator.core.categories import parse_category
from narrator.core.config import Config
from narrator.core.formats import FEED_MIME, FEED_NAME, MP3_MIME
from narrator.core.markup import authored_html, html_text, text_html

PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
"""Podcasting 2.0's namespace for podcast:guid, a UUIDv5 of the feed URL."""


@dataclass
class FeedLink:
    """A file linked from an item: a transcript or a chapters file."""

    url: str
    type: str
    rel: str | None = None


@dataclass
class FeedEpisode:
    """One item of the feed: what apps list and download."""

    title: str
    guid: str
    pub_date: datetime
    description: str
    enclosure_url: str
    enclosure_bytes: int
    duration_s: float
    explicit: bool
    episode_type: str = "full"
    season: int | None = None
    episode: int | None = None
    transcripts: list[FeedLink] = field(default_factory=list)
    chapters: FeedLink | None = None
    author: str = ""
    page_url: str = ""  # the episode's listening page, the item's <link>


def podcast_guid(url: str) -> str:
    """podcast:guid of a feed: UUIDv5 of its URL without scheme and trailing slashes."""
    bare = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip(), flags=re.I).rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


def _cdata_if_html(html: str):
    """A description (HTML: markup an author allowed, or escaped text) goes in CDATA, as Apple
    asks, when it has tags or a "<" in its text (an app renders it as HTML: written as text,
    "&lt;script&gt;" would become a tag); else its text is written as it is, which every
    reader shows the same."""
    from lxml import etree

    text = html_text(html)
    return etree.CDATA(html) if re.search(r"<[a-zA-Z/!?]", html) or "<" in text else text


def feed_url(config: Config) -> str:
    return config.show.base_url + FEED_NAME


def render_feed(config: Config, episodes: list[FeedEpisode], artwork_url: str,
                show_guid: str | None = None) -> bytes:
    """The feed as bytes; the same inputs always give the same bytes (no build-time clock).
    `show_guid` is the podcast:guid the show keeps (default: the UUIDv5 of the feed URL)."""
    from narrator.publish.feedext import feed_generator  # (feedgen: loaded only here)

    show = config.show
    fg = feed_generator()
    fg.podcastindex.guid = show_guid or podcast_guid(feed_url(config))
    fg.podcastindex.locked = show.locked
    fg.podcastindex.owner_email = show.owner_email
    fg.podcastindex.person = show.author
    fg.title(show.title)
    about = authored_html(show.description) if show.description else text_html(show.title)
    fg.description(_cdata_if_html(about))
    # feedgen makes the last link the channel's <link>: the website, not the feed itself.
    fg.link(href=feed_url(config), rel="self", type=FEED_MIME)
    fg.link(href=show.base_url, rel="alternate")
    fg.language(show.language)
    fg.generator("narrator", __version__, "https://pypi.org/project/narrator/")
    fg.image(url=artwork_url, title=show.title, link=show.base_url)
    if show.author:
        fg.author(name=show.author)
        fg.podcast.itunes_author(show.author)
    if show.owner_email:  # an owner is a contact: without an address, none is written
        fg.podcast.itunes_owner(name=show.owner_name or show.title, email=show.owner_email)
    main, sub = parse_category(show.category)
    fg.podcast.itunes_category(main, sub)
    fg.podcast.itunes_image(artwork_url)
    fg.podcast.itunes_type(show.type)
    fg.explicit.explicit = show.explicit
    fg.podcast.itunes_summary(html_text(about))
    # Newest first, as apps and readers expect; ties broken by guid for a stable order.
    ordered = sorted(episodes, key=lambda e: (e.pub_date, e.guid), reverse=True)
    for episode in reversed(ordered):  # feedgen prepends each new entry
        entry = fg.add_entry()
        entry.title(episode.title)
        entry.guid(episode.guid, permalink=False)
        if episode.page_url:
            entry.link(href=episode.page_url)
        entry.pubDate(episode.pub_date)
        entry.description(_cdata_if_html(episode.description))
        entry.enclosure(episode.enclosure_url, str(episode.enclosure_bytes), MP3_MIME)
        entry.podcast.itunes_duration(int(round(episode.duration_s)))
        entry.podcast.itunes_episode_type(episode.episode_type)
        if episode.season is not None:
            entry.podcast.itunes_season(episode.season)
        if episode.episode is not None:
            entry.podcast.itunes_episode(episode.episode)
        if show.author:
            entry.podcast.itunes_author(show.author)
        entry.explicit.explicit = episode.explicit
        entry.podcastindex.transcripts = episode.transcripts
        entry.podcastindex.chapters = episode.chapters
        entry.podcastindex.person = episode.author or show.author
    if episodes:
        fg.lastBuildDate(max(e.pub_date for e in episodes))
    else:
        fg.lastBuildDate(datetime(1970, 1, 1).astimezone())
    return fg.rss_str(pretty=True, xml_declaration=True, encoding="UTF-8")
