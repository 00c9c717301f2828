"""The listening pages as the build writes them: read back as HTML, without a browser (the
browser tests are in test_browser.py)."""

from __future__ import annotations

import json

from datetime import datetime, timezone

import feedparser
from lxml import html

from narrator import BuildOptions, build
from narrator.core.models import Script, Segment
from narrator.publish.pages import PageEpisode, PageShow, render_episode_page, transcript_blocks
from narrator.core.models import Cue
from narrator.publish.transcripts import read_vtt, to_vtt



def _page(path):
    return html.fromstring(path.read_bytes())


def _segment(text, kind="sentence", ends_paragraph=False):
    return Segment(text, text, kind, 300, ends_paragraph)


def test_transcript_blocks_follow_the_scripts_headings_and_paragraphs():
    script = Script("T", [_segment("T", "heading"), _segment("One."), _segment("Two.", ends_paragraph=True),
                          _segment("Three.", ends_paragraph=True), _segment("Part", "heading"),
                          _segment("Four.")])
    items = [Cue(i * 1000.0, i * 1000.0 + 900, s.text) for i, s in enumerate(script.segments)]
    blocks = transcript_blocks(script, items)
    assert [(b.kind, [c.text for c in b.cues]) for b in blocks] == [
        ("heading", ["T"]), ("paragraph", ["One.", "Two."]), ("paragraph", ["Three."]),
        ("heading", ["Part"]), ("paragraph", ["Four."])]
    # Cues that do not match the script are each kept, as their own paragraph: nothing lost.
    blocks = transcript_blocks(script, items[:3])
    assert [c.text for b in blocks for c in b.cues] == ["T", "One.", "Two."]


def test_vtt_round_trips_through_the_reader():
    items = [Cue(0.0, 784.0, "A title"), Cue(1584.0, 3_725_525.0, "Words --> more, and <b>")]
    back = read_vtt(to_vtt(items))
    assert [(c.start_ms, c.end_ms) for c in back] == [(0.0, 784.0), (1584.0, 3_725_525.0)]
    assert [c.text for c in back] == ["A title", "Words -> more, and <b>"]


def test_page_escapes_hostile_text():
    show = PageShow("Show <script>alert(1)</script>", "", "en", "A & B", "cover.png", "feed.xml")
    episode = PageEpisode("x", 'Title "quoted" </title><script>', datetime(2026, 1, 2, tzinfo=timezone.utc),
                          61.6, "<p>An <b>HTML</b> description &amp; more</p>",
                          transcript=transcript_blocks(Script("T", [_segment("<img src=x onerror=alert(1)>")]),
                                                       [Cue(0, 1000, "<img src=x onerror=alert(1)>")]))
    text = render_episode_page(show, episode)
    tree = html.fromstring(text)
    assert not tree.xpath("//script[not(@src)]") and not tree.xpath("//img[@onerror]")
    assert tree.findtext(".//h1") == 'Title "quoted" </title><script>'
    assert tree.find(".//title").text == 'Title "quoted" </title><script> · Show <script>alert(1)</script>'
    assert tree.find(".//p[@class='description']").text == "An HTML description & more"
    assert tree.find(".//span[@class='cue']").text == "<img src=x onerror=alert(1)>"
    assert "1 min 2 s" in text and 'datetime="PT1M2S"' in text and "2 January 2026" in text


def test_build_writes_an_index_and_a_page_per_episode(example_build):
    show, out, result = example_build
    index = _page(out / "index.html")
    assert index.get("lang") == "en-us"
    assert index.findtext(".//h1") == "Field Notes from the Quiet Lab"
    titles = [a.text for a in index.xpath("//article/h3/a")]
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert titles == [entry.title for entry in feed.entries]  # newest first, as in the feed
    for article, episode in zip(index.xpath("//article"), feed.entries):
        audio = article.find(".//audio")
        assert audio.get("controls") is not None and audio.get("src") == \
            episode.enclosures[0].href.rsplit("/", 1)[1]
        assert article.find(".//audio/a").get("href") == audio.get("src")  # fallback link
        assert article.find(".//time").get("datetime") == \
            datetime(*episode.published_parsed[:3]).date().isoformat()
    for episode in result.episodes:
        assert (out / f"{episode.slug}.html").is_file()
    for name in ("narrator.css", "narrator.js"):
        assert (out / name).stat().st_size > 1000


def test_episode_page_has_the_whole_transcript_and_chapters_without_javascript(example_build):
    show, out, result = example_build
    feed = {e.link: e for e in feedparser.parse((out / "feed.xml").read_bytes()).entries}
    for episode in result.episodes:
        page = _page(out / f"{episode.slug}.html")
        entry = feed[f"https://field-notes.example.org/podcast/{episode.slug}.html"]  # the item's <link>
        assert page.findtext(".//h1") == entry.title
        audio = page.get_element_by_id("player")
        assert audio.get("src") == f"{episode.slug}.mp3" and audio.get("controls") is not None
        # Every sentence of the script is on the page, in order, as text, each word timed as
        # the published JSON transcript says (read-along).
        words = json.loads((out / f"{episode.slug}.json").read_text())["segments"]
        spans = page.xpath("//div[@id='cues']//span[@class='cue']")
        assert [s.text_content() for s in spans] == \
            [" ".join(seg.text.split()) for seg in episode.script.segments if seg.text]
        timed = page.xpath("//div[@id='cues']//span[@class='w']")
        assert [w.text for w in timed] == [w["body"] for w in words]
        assert [float(w.get("data-start")) for w in timed] == [w["startTime"] for w in words]
        assert [float(s.get("data-start")) for s in spans] == \
            [float(s.xpath("span[@class='w']")[0].get("data-start")) for s in spans]
        # Paragraphs as in the script: its text file has one paragraph or heading a line.
        blocks = page.xpath("//div[@id='cues']/*")
        lines = (out / f"{episode.slug}.txt").read_text(encoding="utf-8").splitlines()
        assert [" ".join(s.text_content() for s in b.xpath(".//span[@class='cue']"))
                for b in blocks] == lines
        # Chapters are links that play from their start even without a script (media fragments).
        chapters = __import__("json").loads(
            (out / f"{episode.slug}.chapters.json").read_text())["chapters"]
        links = page.xpath("//ol[@class='chapters']/li/a")
        assert [a.text for a in links] == [c["title"] for c in chapters]
        assert [a.get("href") for a in links] == \
            [f"{episode.slug}.mp3#t={c['startTime']:.3f}" for c in chapters]
        # What needs the script is hidden until the script shows it.
        assert page.get_element_by_id("controls").get("hidden") is not None


def test_pages_are_rewritten_and_removed_with_their_episodes(tmp_path, write_show):
    show = write_show(tmp_path / "s", {"a.txt": "Alpha\n\nFirst text.", "b.txt": "Beta\n\nSecond."})
    out = tmp_path / "out"
    build(show, BuildOptions(out_dir=out))
    before = (out / "index.html").read_bytes(), (out / "a.html").read_bytes()
    build(show, BuildOptions(out_dir=out))  # nothing changed: the same bytes
    assert ((out / "index.html").read_bytes(), (out / "a.html").read_bytes()) == before
    (show / "episodes" / "b.txt").write_text("Beta\n\nSecond, and now a new sentence too.")
    build(show, BuildOptions(out_dir=out))
    assert "and now a new sentence too." in (out / "b.html").read_text()
    assert (out / "a.html").read_bytes() == before[1]  # unchanged episode, unchanged page
    (show / "episodes" / "a.txt").unlink()
    build(show, BuildOptions(out_dir=out))
    assert not (out / "a.html").exists()
    assert [a.text for a in _page(out / "index.html").xpath("//article/h3/a")] == ["Beta"]
