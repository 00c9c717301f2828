from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path

import feedparser
import podcastparser
from lxml import etree

from narrator.core.config import config_from_dict
from narrator.core.formats import ITUNES_NS
from narrator.publish.feed import FeedEpisode, render_feed



def _config(**show):
    base = {"title": "Show & <Tell>", "author": "Ann", "owner_email": "ann@example.org",
            "base_url": "https://pod.example.org/", "category": "Arts > Books"}
    return config_from_dict({"show": {**base, **show}}, Path("/s/narrator.toml"))


def _episodes():
    return [FeedEpisode("One ]]> & <b>", "guid-1", datetime(2026, 1, 2, 8, tzinfo=timezone.utc),
                        "First.", "https://pod.example.org/one.mp3", 1234, 61.6, False,
                        season=1, episode=1),
            FeedEpisode("Two", "guid-2", datetime(2026, 1, 9, 8, tzinfo=timezone.utc),
                        "Second.", "https://pod.example.org/two.mp3", 5678, 3599.4, True,
                        episode_type="bonus")]


def test_feed_has_apple_required_tags_and_explicit_true_false():
    xml = render_feed(_config(explicit=True), _episodes(), "https://pod.example.org/cover.png")
    root = etree.fromstring(xml)
    channel = root.find("channel")
    it = f"{{{ITUNES_NS}}}"
    for tag in ("title", "description", "language", "link"):
        assert channel.findtext(tag), tag
    assert channel.find(it + "image").get("href") == "https://pod.example.org/cover.png"
    category = channel.find(it + "category")
    assert category.get("text") == "Arts" and category[0].get("text") == "Books"
    assert channel.findtext(it + "explicit") == "true"
    assert channel.findtext(it + "author") == "Ann"
    assert channel.find(it + "owner").findtext(it + "email") == "ann@example.org"
    assert channel.findtext(it + "type") == "episodic"
    atom_self = channel.find("{http://www.w3.org/2005/Atom}link")
    assert atom_self.get("rel") == "self" and atom_self.get("href").endswith("/feed.xml")
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Two", "One ]]> & <b>"]  # newest first
    assert [i.findtext(it + "explicit") for i in items] == ["true", "false"]
    assert [i.findtext(it + "duration") for i in items] == ["3599", "62"]
    assert items[0].findtext(it + "episodeType") == "bonus"
    assert items[1].findtext("pubDate") == "Fri, 02 Jan 2026 08:00:00 +0000"
    assert len(channel.findall(it + "explicit")) == 1  # ours only, not feedgen's yes/no too


def test_feed_without_an_owner_address_has_no_owner():
    xml = render_feed(_config(owner_email="", owner_name="Ann"), _episodes(),
                      "https://pod.example.org/cover.png")
    channel = etree.fromstring(xml).find("channel")
    assert channel.find(f"{{{ITUNES_NS}}}owner") is None
    assert channel.findtext(f"{{{ITUNES_NS}}}author") == "Ann"


def test_feed_is_deterministic():
    config = _config()
    first = render_feed(config, _episodes(), "https://pod.example.org/cover.png")
    second = render_feed(config, list(reversed(_episodes())), "https://pod.example.org/cover.png")
    assert first == second
    assert b"Fri, 09 Jan 2026 08:00:00 +0000</lastBuildDate>" in first  # newest item, not now


def test_feed_parses_in_feedparser_and_podcastparser():
    xml = render_feed(_config(), _episodes(), "https://pod.example.org/cover.png")
    parsed = feedparser.parse(xml)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == "Show & <Tell>"
    assert [e.title for e in parsed.entries] == ["Two", "One ]]> & <b>"]
    assert parsed.entries[1].enclosures[0].length == "1234"
    podcast = podcastparser.parse("https://pod.example.org/feed.xml", BytesIO(xml))
    assert podcast["title"] == "Show & <Tell>"
    episode = {e["guid"]: e for e in podcast["episodes"]}["guid-1"]
    assert episode["total_time"] == 62
    assert episode["enclosures"][0]["file_size"] == 1234
    assert episode["enclosures"][0]["mime_type"] == "audio/mpeg"


def test_html_descriptions_are_written_in_cdata(tmp_path, write_show):
    import feedparser

    from narrator import BuildOptions, build

    show = write_show(tmp_path / "show", {
        "ep.md": "---\ntitle: Markup\ndescription: 'A <b>bold</b> claim & a link'\n---\nBody."},
        config='[show]\ntitle = "T"\nowner_email = "o@example.org"\n'
               'description = "Show notes with <i>style</i>."\n')
    build(show, BuildOptions(out_dir=tmp_path / "out"))
    xml = (tmp_path / "out" / "feed.xml").read_text()
    assert "<![CDATA[A <b>bold</b> claim &amp; a link]]>" in xml
    assert "<![CDATA[Show notes with <i>style</i>.]]>" in xml
    parsed = feedparser.parse(xml)
    assert not parsed.bozo
    assert parsed.entries[0].summary == "A <b>bold</b> claim &amp; a link"


def test_text_from_a_source_is_never_markup_in_the_feed(tmp_path, write_show):
    """A source's words are text: "<script>" in an article reaches the feed escaped (an app
    rendering the item's HTML shows it), and an author's description keeps only harmless tags."""
    from lxml import etree

    from narrator import BuildOptions, build

    show = write_show(tmp_path / "show", {
        "warn.txt": "Warning\n\nNever paste <script>alert(document.cookie)</script> into a page.",
        "notes.md": "---\ntitle: Notes\ndescription: 'See <a href=\"javascript:alert(1)\">this"
                    "</a> <script>steal()</script><img src=x onerror=alert(2)> and <b>that</b>'"
                    "\n---\nBody text here."},
        config='[show]\ntitle = "T"\nowner_email = "o@example.org"\n'
               'description = "About <iframe src=//evil></iframe><i>things</i>."\n')
    build(show, BuildOptions(out_dir=tmp_path / "out"))
    root = etree.fromstring((tmp_path / "out" / "feed.xml").read_bytes())
    items = {item.findtext("title"): item.findtext("description") for item in root.iter("item")}
    assert "&lt;script&gt;alert(document.cookie)&lt;/script&gt;" in items["Warning"]
    assert "<script" not in items["Warning"]
    for html in (items["Notes"], root.find("channel").findtext("description")):
        lowered = html.lower()
        assert not any(bad in lowered for bad in ("<script", "javascript:", "onerror", "<img",
                                                  "<iframe", "steal()"))
    assert "<b>that</b>" in items["Notes"] and "<i>things</i>" in root.find(
        "channel").findtext("description")
    # The listening page shows the article's words as written, not as a dropped tag.
    page = next((tmp_path / "out").glob("warn*.html")).read_text()
    assert "&lt;script&gt;alert(document.cookie)&lt;/script&gt;" in page


def test_feedparser_keeps_a_timed_transcript(example_build):
    """feedparser (and the apps built on it) keeps only an item's last podcast:transcript:
    the timed captions, not the plain text."""
    import feedparser

    _, out, _ = example_build
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    for entry in parsed.entries:
        assert entry.podcast_transcript["type"] == "text/vtt", entry.podcast_transcript
    xml = (out / "feed.xml").read_text()
    assert xml.count("<podcast:transcript") == 4 * len(parsed.entries)
