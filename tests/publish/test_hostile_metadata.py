"""Titles, descriptions, authors and chapter names full of what breaks feeds (`&`, `<`, `]]>`,
quotes, control characters, right-to-left overrides): the feed stays well-formed and reads the same
in feedparser, podcastparser and podcast-partytime; the ID3 frames and pages say the same."""

from __future__ import annotations

import html as html_module
import io
import json
import shutil
import subprocess
from pathlib import Path

import feedparser
import podcastparser
import pytest
import yaml
from lxml import etree, html

from narrator import BuildOptions, build
from narrator.audio.tags import read_chapters, read_tags
from narrator.core.characters import publishable
from narrator.core.markup import authored_html


JS = Path(__file__).parents[1] / "js"
SHOW_TITLE = 'Show & <Tell> ]]> "Q" \x07'
AUTHOR = "Ann & 'Bo' <ab@example.org> \x1b[31m"
SHOW_DESCRIPTION = "All ]]> the <i>news</i> & more \x01\x7f\x85"
TITLES = ['Tom & Jerry <b>bold</b> ]]> "quoted" \'single\' \x07bell \u202eRTL\u202c zero\u200bwidth',
          "<![CDATA[ x ]]> & &amp; &#x41; \x0b\x0c end"]
DESCRIPTIONS = ["D & <x> ]]> \a \x01 end", "<p>HTML & <b>bold</b> ]]&gt; </p>"]
CHAPTER = 'Part & 1 < 2 ]]> "q" \x02'  # Markdown would read "<one>" as an HTML tag


def _plain(text: str) -> str:
    return " ".join(publishable(text).split())


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, write_show):
    root = tmp_path_factory.mktemp("hostile")
    config = ("[show]\n"
              f"title = {json.dumps(SHOW_TITLE)}\nauthor = {json.dumps(AUTHOR)}\n"
              f"description = {json.dumps(SHOW_DESCRIPTION)}\n"
              'owner_email = "o@example.org"\nbase_url = "https://pod.example.org/h/"\n'
              'category = "Technology"\n')
    episodes = {}
    for number, (title, description) in enumerate(zip(TITLES, DESCRIPTIONS), 1):
        front = yaml.safe_dump({"title": title, "description": description,
                                "date": f"2026-02-0{number}"}, allow_unicode=True)
        episodes[f"e{number}.md"] = (f"---\n{front}---\nIntro sentence & <more>.\n\n"
                                     f"## {CHAPTER}\n\nBody ]]> text. Another \x03 one.\n")
    show = write_show(root / "show", episodes, config=config)
    out = root / "out"
    result = build(show, BuildOptions(out_dir=out))
    return out, result


def test_feed_is_well_formed_and_feedparser_reads_it_back(hostile):
    out, _ = hostile
    data = (out / "feed.xml").read_bytes()
    root = etree.fromstring(data, etree.XMLParser(recover=False))  # strict: raises on errors
    assert [i.findtext("title") for i in root.iter("item")] == [_plain(t) for t in reversed(TITLES)]
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == _plain(SHOW_TITLE)
    assert feed.feed.author_detail.name == _plain(AUTHOR)
    # feedparser reads RSS titles as HTML: it keeps <b> and drops "<![CDATA[ x ]]>" as markup.
    assert feed.entries[1].title == _plain(TITLES[0])
    assert feed.entries[0].title == "& &amp; &#x41; end"
    descriptions = [i.findtext("description") for i in root.iter("item")]
    # Front matter descriptions are an author's HTML: only harmless tags pass (<x> does not).
    # (one with no tag left is written as its text).
    assert descriptions == [authored_html(publishable(DESCRIPTIONS[1])), "D & ]]> end"]
    assert feed.entries[1].summary.startswith("D &")  # feedparser drops "<x>" as markup
    assert "<p>HTML &amp; <b>bold</b>" in feed.entries[0].summary  # HTML kept, in CDATA


def test_podcastparser_reads_the_same(hostile):
    out, _ = hostile
    parsed = podcastparser.parse("https://pod.example.org/h/feed.xml",
                                 io.BytesIO((out / "feed.xml").read_bytes()))
    assert parsed["title"] == _plain(SHOW_TITLE)
    assert [e["title"] for e in parsed["episodes"]] == [_plain(t) for t in reversed(TITLES)]
    # A description with a tag in it is HTML to readers: "<x>" is dropped as markup.
    assert parsed["episodes"][1]["description"].split() == ["D", "&", "]]>", "end"]


@pytest.mark.skipif(not (JS / "node_modules" / "podcast-partytime").is_dir(),
                    reason="podcast-partytime is not installed (scripts/test installs it when "
                           "node and npm exist)")
def test_podcast_partytime_reads_the_same(hostile):
    out, _ = hostile
    parsed = json.loads(subprocess.run([shutil.which("node"), str(JS / "parse-feed.js"),
                                        str(out / "feed.xml")], capture_output=True, text=True,
                                       check=True).stdout)
    assert parsed["title"] == _plain(SHOW_TITLE)
    # partytime decodes entities in titles once more ("&amp;" reads as "&"): its own choice.
    assert sorted(item["title"] for item in parsed["items"]) == \
        sorted(html_module.unescape(_plain(t)) for t in TITLES)


def test_id3_frames_and_pages_round_trip(hostile):
    out, result = hostile
    for episode in result.episodes:
        number = int(episode.slug[1:])
        tags = read_tags(episode.mp3)
        assert tags["TIT2"] == _plain(TITLES[number - 1])
        assert tags["TALB"] == _plain(SHOW_TITLE) and tags["TPE1"] == _plain(AUTHOR)
        assert [title for _, _, title in read_chapters(episode.mp3)][-1] == _plain(CHAPTER)
        page = html.fromstring((out / f"{episode.slug}.html").read_bytes())
        assert page.findtext(".//h1") == _plain(TITLES[number - 1])
        chapters = json.loads((out / f"{episode.slug}.chapters.json").read_text())["chapters"]
        assert chapters[-1]["title"] == _plain(CHAPTER)
        assert "Another one." in (out / f"{episode.slug}.txt").read_text()
