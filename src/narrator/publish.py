"""Publish: the RSS 2.0 feed with Apple's iTunes tags, written deterministically with feedgen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from feedgen.ext.base import BaseEntryExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from narrator import __version__
from narrator.categories import parse_category
from narrator.config import Config

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
FEED_NAME = "feed.xml"


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


class _ExplicitEntry(BaseEntryExtension):
    """itunes:explicit as Apple's current `true`/`false` (feedgen 1.0 writes only yes/no/clean)."""

    def __init__(self):
        self.explicit: bool | None = None

    def extend_ns(self):
        return {"itunes": ITUNES_NS}

    def _parent(self, element):
        return element  # an <item>

    def extend_rss(self, element):
        if self.explicit is not None:
            xml_elem(f"{{{ITUNES_NS}}}explicit", self._parent(element)).text = _bool(self.explicit)
        return element


class _ExplicitFeed(_ExplicitEntry):
    def _parent(self, element):
        return element[0]  # the <channel> of the <rss> root


def _bool(value: bool) -> str:
    return "true" if value else "false"


def feed_url(config: Config) -> str:
    return config.show.base_url + FEED_NAME


def render_feed(config: Config, episodes: list[FeedEpisode], artwork_url: str) -> bytes:
    """The feed as bytes; the same inputs always give the same bytes (no build-time clock)."""
    show = config.show
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension("explicit", _ExplicitFeed, _ExplicitEntry)
    fg.title(show.title)
    fg.description(show.description or show.title)
    # feedgen makes the last link the channel's <link>: the website, not the feed itself.
    fg.link(href=feed_url(config), rel="self", type="application/rss+xml")
    fg.link(href=show.base_url, rel="alternate")
    fg.language(show.language)
    fg.generator("narrator", __version__, "https://pypi.org/project/narrator/")
    fg.image(url=artwork_url, title=show.title, link=show.base_url)
    if show.author:
        fg.author(name=show.author)
        fg.podcast.itunes_author(show.author)
    if show.owner_name or show.owner_email:
        fg.podcast.itunes_owner(name=show.owner_name or show.title, email=show.owner_email)
    main, sub = parse_category(show.category)
    fg.podcast.itunes_category(main, sub)
    fg.podcast.itunes_image(artwork_url)
    fg.podcast.itunes_type(show.type)
    fg.explicit.explicit = show.explicit
    fg.podcast.itunes_summary(show.description or show.title)
    # Newest first, as apps and readers expect; ties broken by guid for a stable order.
    ordered = sorted(episodes, key=lambda e: (e.pub_date, e.guid), reverse=True)
    for episode in reversed(ordered):  # feedgen prepends each new entry
        entry = fg.add_entry()
        entry.title(episode.title)
        entry.guid(episode.guid, permalink=False)
        entry.pubDate(episode.pub_date)
        entry.description(episode.description)
        entry.enclosure(episode.enclosure_url, str(episode.enclosure_bytes), "audio/mpeg")
        entry.podcast.itunes_duration(int(round(episode.duration_s)))
        entry.podcast.itunes_episode_type(episode.episode_type)
        if episode.season is not None:
            entry.podcast.itunes_season(episode.season)
        if episode.episode is not None:
            entry.podcast.itunes_episode(episode.episode)
        if show.author:
            entry.podcast.itunes_author(show.author)
        entry.explicit.explicit = episode.explicit
    if episodes:
        fg.lastBuildDate(max(e.pub_date for e in episodes))
    else:
        fg.lastBuildDate(datetime(1970, 1, 1).astimezone())
    return fg.rss_str(pretty=True, xml_declaration=True, encoding="UTF-8")
