"""feedgen extensions for the tags it does not write: Apple's current itunes:explicit values
and Podcasting 2.0's podcast:guid, locked, person, transcript and chapters."""

from __future__ import annotations

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from narrator.core.formats import ITUNES_NS, PODCAST_NS


class ExplicitEntry(BaseEntryExtension):
    """itunes:explicit as Apple's current `true`/`false` (feedgen 1.0 writes only yes/no/clean)."""

    def __init__(self):
        self.explicit: bool | None = None

    def extend_ns(self):
        return {"itunes": ITUNES_NS}

    def _parent(self, element):
        return element  # an <item>

    def extend_rss(self, element):
        if self.explicit is not None:
            xml_elem(f"{{{ITUNES_NS}}}explicit", self._parent(element)).text = \
                "true" if self.explicit else "false"
        return element


class ExplicitFeed(ExplicitEntry):
    def _parent(self, element):
        return element[0]  # the <channel> of the <rss> root


class PodcastIndexEntry(BaseEntryExtension):
    """Podcasting 2.0 item tags feedgen lacks: transcripts, chapters and the author as a person."""

    def __init__(self):
        self.transcripts: list = []  # of feed.FeedLink
        self.chapters = None  # a feed.FeedLink
        self.person: str = ""

    def extend_ns(self):
        return {"podcast": PODCAST_NS}

    def extend_rss(self, item):
        for link in self.transcripts:
            element = xml_elem(f"{{{PODCAST_NS}}}transcript", item)
            element.set("url", link.url)
            element.set("type", link.type)
            if link.rel:
                element.set("rel", link.rel)
        if self.chapters:
            element = xml_elem(f"{{{PODCAST_NS}}}chapters", item)
            element.set("url", self.chapters.url)
            element.set("type", self.chapters.type)
        if self.person:
            xml_elem(f"{{{PODCAST_NS}}}person", item).text = self.person
        return item


class PodcastIndexFeed(BaseExtension):
    """Podcasting 2.0 channel tags: guid, locked, and the author as a person."""

    def __init__(self):
        self.guid = ""
        self.locked: bool | None = None
        self.owner_email = ""
        self.person = ""

    def extend_ns(self):
        return {"podcast": PODCAST_NS}

    def extend_rss(self, rss):
        channel = rss[0]
        if self.guid:
            xml_elem(f"{{{PODCAST_NS}}}guid", channel).text = self.guid
        if self.locked is not None:
            element = xml_elem(f"{{{PODCAST_NS}}}locked", channel)
            element.text = "yes" if self.locked else "no"
            if self.owner_email:
                element.set("owner", self.owner_email)
        if self.person:
            xml_elem(f"{{{PODCAST_NS}}}person", channel).text = self.person
        return rss


def feed_generator() -> FeedGenerator:
    """A FeedGenerator with Apple's podcast extension and these ones loaded."""
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension("explicit", ExplicitFeed, ExplicitEntry)
    fg.register_extension("podcastindex", PodcastIndexFeed, PodcastIndexEntry)
    return fg
