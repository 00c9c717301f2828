"""The plain-text cleaner: fixture corpus bars, real pages, and nothing of the body lost."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from narrator.text.boilerplate import boilerplate_reason, ends_with_credit
from narrator.text.sitename import without_site_name
from narrator.text.cleanup import clean_text, prepare_lines
from narrator.core.config import PausesSection
from narrator.core.errors import InputError
from narrator.text.readers import read_source
from narrator.text.readers.plain import plain_text_document
from narrator.core.models import EpisodeMeta
from narrator.text.segment import make_script

REPO = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("eval_cleanup", REPO / "scripts" / "eval_cleanup.py")
eval_cleanup = importlib.util.module_from_spec(_spec)
sys.modules["eval_cleanup"] = eval_cleanup  # its dataclasses look their module up by name
_spec.loader.exec_module(eval_cleanup)


def _norm(text: str) -> str:
    return " ".join(text.split())


def test_the_corpus_has_fifteen_articles_in_every_style():
    sources = eval_cleanup.fixture_sources()
    assert len(sources) >= 16
    assert {p.suffix for p in sources} == {".txt", ".md", ".html"}


@pytest.mark.parametrize("source", eval_cleanup.fixture_sources(), ids=lambda p: p.name)
def test_fixture_keeps_the_body_and_finds_its_header(source):
    # Recall first: nothing of the body is lost, on any fixture (none was trained on); what
    # leaks is counted over the corpus below.
    score = eval_cleanup.score_fixture(source)
    assert score.missing == []
    assert score.header_problems == []


def test_corpus_figures_meet_the_bars():
    # The fixtures were never trained on: out-of-sample figures for the learned cleaner (the
    # rules it replaced reached 100% on them, having been tuned on them).
    scores = [eval_cleanup.score_fixture(s) for s in eval_cleanup.fixture_sources()]
    kept = sum(s.kept for s in scores) / sum(s.sentences for s in scores)
    dropped = sum(s.dropped for s in scores) / sum(s.boilerplate for s in scores)
    assert kept >= 0.99 and dropped >= 0.95


@pytest.mark.skipif(not (eval_cleanup.DEV_DATA / "pages.jsonl").is_file(),
                    reason="../shared/data/cleanup-dev is not beside this clone")
def test_real_pages_meet_the_bar():
    # In-sample (the model learned from these pages too): a check that the shipped model is the
    # trained one; `scripts/train-cleanup --evaluate` measures it on pages it has not seen.
    precision, recall, f1, pages = eval_cleanup.score_dev(eval_cleanup.DEV_DATA)
    assert pages == 81
    assert f1 >= 0.93 and recall >= 0.95


@pytest.mark.parametrize("line, reason", [
    ("Tom Baines for The Coastline Courier", "credit"),
    ("Credit: NASA/JPL-Caltech", "credit"),
    ("Getty Images", "credit"),
    ("The pier at dawn. (Photo: Tom Baines/The Courier)", "caption"),
    ("Apples wait in crates. Getty Images", "caption"),
    ("3 of 10", "caption"),
    ("1/6", "caption"),
    ("Bild 2 von 5", "caption"),
    ("Image 4 of 12", "caption"),
    ("See The 10 Best Lighthouses of the North Coast", "caption"),
    ("Bildergalerie: Ein Tag im Stellwerk", "caption"),
    ("Photograph: Aoife Kelly/The Coastline Review", "credit"),
    ("Next slide", "widget"),
    ("Keep reading", "link"),
    ("Sign up for our morning newsletter and get the news in five minutes.", "promo"),
    ("Read next:", "link"),
    ("See also", "link"),
    ("Share on Twitter · Share on Facebook", "widget"),
    ("14 Comments", "comments"),
    ("© 2026 The Courier. All rights reserved.", "footer"),
    ("This post contains affiliate links. We may earn a commission if you buy.", "footer"),
    ("By Marta Ellison", "byline"),
    ("March 18, 2026", "date"),
    ("2026-05-21", "date"),
])
def test_boilerplate_reasons(line, reason):
    assert boilerplate_reason(line) == reason


@pytest.mark.parametrize("line", [
    "Readers who subscribe to the paper get it before seven, she said, and most of them share it.",
    '"Share the road," the sign said.',
    "The photo was taken by her brother in 1962.",
    "Reuters reported the deal on Monday.",
    "He said no.",
    "The wobble could come from an uneven crust, said Prof. Alba Ricci of the University of Padua.",
    "He joined the U.S. Army. In 1970 he left for the U.K.",
    "Opioids Came for Country Music. It's Fighting Back",
    "5. Dunelm Heated Ladder Airer",
    "See the full report, published on Monday, for the figures.",
    "The vote passed 7 of 9.",
])
def test_prose_that_mentions_boilerplate_words_is_kept(line):
    assert boilerplate_reason(line) is None and not ends_with_credit(line)


@pytest.mark.parametrize("line", [
    "The keeper's cottage on the rock, photographed in 1979. Keystone-France/Getty Images",
    "Elspeth Ross on the jetty at Skerry Rock in February. Marco Grob for the Harbour Gazette",
    "The lens of the light, seen from the lamp room. Credit: Northern Lighthouse Archive",
    "Le port de Brest au petit matin, vu depuis la digue. Jean Dupont/AFP",
])
def test_a_caption_closed_by_its_credit_is_never_read(line):
    """Captions and credits as a kind (issue 31): between two paragraphs, never read."""
    text = ("The harbour reopened on Monday after a winter of repairs to its walls.\n\n"
            f"{line}\n\nThe first boats came in at dawn, and the market opened an hour later.")
    cleaned = clean_text(text)
    assert all(line not in block.text for block in cleaned.blocks)
    assert ("caption", line) in [(d.reason, d.text) for d in cleaned.dropped]
    assert cleaned.title != line


_BODY = ["The harbour reopened on Monday after a winter of repairs to its walls and its slip.",
         "The first boats came in at dawn, and the fish market opened an hour later than usual.",
         "Traders said the season had started well, with prices close to last year's."]
_CAPTIONS = ["Boats wait at the harbour mouth for the tide to turn on the first morning.",
             "The fish market's auction floor, repainted over the winter by volunteers.",
             "A trader weighs the morning's catch on the old brass scales by the door.",
             "Gulls follow the last boat of the day back towards the harbour wall."]


@pytest.mark.parametrize("layout", ["counter after its caption", "counter before its caption"])
def test_a_gallery_is_never_read_with_or_without_credits(layout):
    """A gallery's captions (sentence-like, no credit) between its counters, its heading and
    the caption at its open end are not read; the article before it is (issue 31)."""
    count = len(_CAPTIONS)
    gallery = []
    for number, caption in enumerate(_CAPTIONS, 1):
        pair = [caption, f"{number}/{count}"]
        gallery += pair if layout == "counter after its caption" else pair[::-1]
    text = "\n".join(["Harbour reopens after winter repairs", "By Jo Hart", "March 3, 2026", *_BODY,
                      "Photos: The harbour's first morning", *gallery, "Most popular",
                      "Council to vote on new bus routes"])
    cleaned = clean_text(text)
    assert cleaned.body.split("\n") == _BODY
    assert cleaned.title == "Harbour reopens after winter repairs"
    reasons = {item.text: item.reason for item in cleaned.dropped}
    assert all(reasons[caption] == "caption" for caption in _CAPTIONS)


def test_the_headline_is_the_line_above_the_byline_not_a_caption_or_the_dek():
    text = "\n".join([
        "Harbour Gazette", "News", "Sport", "Subscribe", "WEATHER",
        "Night of the gale on the harbour wall",
        "Crews worked through the storm to keep the harbour lights on for every boat",
        "By Jo Hart", "Nov. 14, 2026",
        "A boat rides out the gale at its mooring on Tuesday night. Sian Lewis for the Gazette",
        *_BODY, "© 2026 Harbour Gazette"])
    cleaned = clean_text(text)
    assert cleaned.title == "Night of the gale on the harbour wall"
    assert cleaned.dek.startswith("Crews worked through the storm")
    assert cleaned.byline == "Jo Hart"
    assert cleaned.body.split("\n") == _BODY


def test_promo_glued_to_the_next_sentence_is_cut_off():
    text = ("Town buys a new ferry\n\nThe ferry arrived on Monday after a long trip from the yard.\n"
            "The Brief NewsletterSign up for our newsletter.Benches line the new pier for waiting "
            "passengers.\nThe crossing takes ten minutes in good weather.\n")
    cleaned = clean_text(text)
    assert "Benches line the new pier for waiting passengers." in cleaned.body
    assert "newsletter" not in cleaned.body.lower()
    assert {d.reason for d in cleaned.dropped} >= {"promo"}


def _script_sentences(source_or_text) -> list[str]:
    return [s.text for s in make_script(source_or_text, PausesSection()).segments]


@pytest.mark.parametrize("source", eval_cleanup.fixture_sources(), ids=lambda p: p.name)
def test_every_kept_sentence_is_in_the_script_once_in_order(source):
    document = read_source(source)
    segments = _script_sentences(document)
    joined = " ".join(_norm(s) for s in segments)
    body_sentences = [s for block in document.blocks for s in eval_cleanup.split_sentences(block.text)]
    position = 0
    for sentence in body_sentences:
        found = joined.find(_norm(sentence), position)
        assert found >= 0, sentence
        assert joined.count(_norm(sentence)) == 1 or len(sentence) < 20
        position = found + len(_norm(sentence))


_word = st.text(alphabet=st.characters(whitelist_categories=("Ll",), max_codepoint=0x24F),
                min_size=1, max_size=9)
_sentence = st.builds(lambda words, end: " ".join(words).capitalize() + end,
                      st.lists(_word, min_size=1, max_size=25), st.sampled_from([".", "!", "?"]))
_paragraph = st.lists(_sentence, min_size=1, max_size=6).map(" ".join)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(paragraphs=st.lists(_paragraph, min_size=1, max_size=8, unique=True))
def test_clean_prose_loses_nothing(paragraphs):
    """Generated article text: every word of every paragraph reaches the script, in order.

    Paragraphs are distinct: a paragraph repeated word for word is dropped as a page duplicate.
    Derandomized so that CI runs the same 100 examples every time (2,000 random ones passed
    when this was written).
    """
    text = "A Generated Title\n\n" + "\n\n".join(paragraphs)
    document = plain_text_document(Path("gen.txt"), EpisodeMeta(), text)
    spoken = " ".join(_script_sentences(document))
    expected_words = re.findall(r"\w+", " ".join(paragraphs))
    got_words = re.findall(r"\w+", spoken)
    # The title heading comes first; the body's words follow it, all of them, in order.
    assert got_words[-len(expected_words):] == expected_words


def test_five_megabyte_line_without_punctuation_is_split_not_lost(tmp_path):
    words = ["alpha", "beta", "gamma", "delta", "river", "stone", "light", "quiet"]
    text = " ".join(words[(i * 7 + i // 3) % 8] for i in range(5_000_000 // 6))
    path = tmp_path / "wall.txt"
    path.write_text(text)
    script = make_script(read_source(path), PausesSection())
    body = [s.text for s in script.segments if s.kind == "sentence"]
    assert max(len(s) for s in body) <= 400
    assert " ".join(body) == text


def test_html_of_only_scripts_is_a_clear_error(tmp_path):
    path = tmp_path / "app.html"
    path.write_text("<html><head><script>var a = 1;</script></head><body><script>"
                    + "document.write('hello');" * 200 + "</script></body></html>")
    with pytest.raises(InputError, match="no article text found"):
        read_source(path)


def test_a_page_of_nothing_but_menus_is_a_clear_error(tmp_path):
    path = tmp_path / "menu.txt"
    path.write_text("Home\nNews\nSport\nSubscribe\nSign in\n© 2026 Example Media\n")
    with pytest.raises(InputError, match="no article text found"):
        read_source(path)


def _pages_to_explain() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for folder in (eval_cleanup.FIXTURES,
                                                          eval_cleanup.HELD_OUT)
             for p in eval_cleanup.fixture_sources(folder) if p.suffix == ".txt"]
    dev = eval_cleanup.DEV_DATA / "pages.jsonl"
    if dev.is_file():
        import json

        texts += [json.loads(line)["text"] for line in dev.open(encoding="utf-8")]
    return texts


def test_explain_lists_every_line_not_read():
    """No line disappears unlisted (issue 31): each line of the page (as the cleaner reads it,
    hard-wrapped lines joined) is read, or is the title, dek, byline or date, or is listed by
    `--explain` with its reason; over the fixtures and, where present, 81 real pages."""
    from narrator.text.cleanup import as_read, prepare_lines

    for text in _pages_to_explain():
        cleaned = clean_text(text)
        lines = [as_read(line, cleaned.language) for line in prepare_lines(text)[0] if line]
        listed = {_norm(block.text) for block in cleaned.blocks}
        listed |= {_norm(as_read(item.text, cleaned.language)) for item in cleaned.dropped}
        listed |= {_norm(as_read(part, cleaned.language)) for part in (
            cleaned.title, cleaned.dek, cleaned.byline, cleaned.date) if part}
        # the page's own title line is read as the title, without the site's name
        assert [line for line in lines if _norm(line) not in listed
                and _norm(without_site_name(line) or "") != _norm(cleaned.title or "")] == []
        assert all(item.reason for item in cleaned.dropped)


def test_a_plain_pages_own_title_line_loses_the_sites_name():
    text = ("Harbour town rebuilds its pier | Harbour Gazette\n\n"
            "The town council voted on Monday to rebuild the old pier, which the winter storms "
            "broke in two places.\n\nWork will start in April and last most of the summer, the "
            "council said, and boats will use the north quay meanwhile.\n\nThe cost is shared "
            "with the fishing cooperative, which has asked for the pier for a decade.")
    assert clean_text(text).title == "Harbour town rebuilds its pier"


KNOWN_MISSING = {"30-magazine-orchard.txt": ["What the trees remember"]}
"""Lines of the held-out pages the cleaner is known to lose, and why. A subheading right under a
box of other stories' titles ("Most Popular" and three titles) is taken for the box's last
title: on the 454 labelled real pages, of the 40 boxes' last titles followed by article text,
25 are other stories' titles and 15 headings (some of them label noise), and no shape told
them apart (a line in sentence case under titles in title case: 3 such lines, all titles)."""


@pytest.mark.parametrize("source", eval_cleanup.fixture_sources(eval_cleanup.HELD_OUT),
                         ids=lambda p: p.name)
def test_held_out_news_pages_meet_the_issues_bar(source):
    """Issue 31's bar on a plain-text news page with captions and a gallery: every body line
    kept, at most 2 furniture lines read, the headline the title (pages first measured before
    the rules they test; now they guard them)."""
    score = eval_cleanup.score_fixture(source)
    assert score.missing == KNOWN_MISSING.get(source.name, [])
    assert score.boilerplate - score.dropped <= 2
    assert score.header_problems == []


def test_sentences_between_the_articles_lines_across_interruptions_are_read():
    """Issue 31: an advertisement's label, a "Read more" line and a caption between two of the
    article's lines never end it; the sentences among them are read (whatever the model
    scored them, a third of the threshold or more), but a menu's words among them stop it."""
    import numpy as np

    from narrator.text.cleanup import _extend_edges

    lines = ["The council met on Monday and voted to rebuild the pier.",
             "Read more: Harbour towns count the cost of the storms",
             "Advertisement",
             "Work will start in April and last most of the summer.",
             "The pier at dusk, before the storm. Jo Hart/Reuters",
             "The cost is shared with the fishing cooperative.",
             "The mayor said the town could not wait another winter."]
    reasons = [None, "link", "promo", None, "caption", None, None]
    scores = np.array([0.9, 0.1, 0.1, 0.2, 0.3, 0.2, 0.9])
    keep = scores >= 0.5
    _extend_edges(lines, reasons, keep, scores, 0.5)
    assert list(np.flatnonzero(keep)) == [0, 3, 5, 6]
    menu = lines[:3] + ["Sport", "Weather"] + lines[3:]
    menu_reasons = reasons[:3] + [None, None] + reasons[3:]
    menu_scores = np.array([0.9, 0.1, 0.1, 0.05, 0.05, 0.2, 0.3, 0.2, 0.9])
    keep = menu_scores >= 0.5
    _extend_edges(menu, menu_reasons, keep, menu_scores, 0.5)
    assert list(np.flatnonzero(keep)) == [0, 7, 8]  # the last one only as next to a kept line


def test_paragraphs_that_end_with_a_german_quotation_are_not_joined():
    """Found writing held-out page 27: „... an.“ ends a paragraph; the next one was glued to it
    and the closing mark began the next sentence ("“ Zuletzt arbeiteten ...")."""
    first = ("„Wir haben bis zuletzt gehofft, dass noch ein Auftrag kommt“, sagt die Chefin. "
             "„Aber gegen die großen Werften kommen wir nicht mehr an.“")
    second = "Zuletzt arbeiteten noch 84 Menschen auf der Werft."
    lines, _ = prepare_lines(f"{first}\n{second}")
    assert lines == [first, second]


def test_a_caption_or_a_line_of_links_is_not_joined_to_the_article():
    """Found writing held-out page 27: a caption closed by its credit without a full stop, and
    a line of share links, were taken for the first part of a wrapped paragraph, and the
    article's first sentence was dropped with them."""
    links = "Teilen (öffnet in einem neuen Fenster) Drucken (öffnet in einem neuen Fenster)"
    caption = ("Werftchefin Karla Lindqvist (l.) und Kranführer Ole Berg vor dem Portalkran am "
               "Südkai Foto: Jana Brandt/imago")
    body = "Am Freitag hat der große Portalkran am Südkai seine letzte Last gehoben."
    lines, _ = prepare_lines(f"{links}\n{caption}\n{body}")
    assert lines == [links, caption, body]


def test_a_possessive_copied_apart_from_its_word_is_read_with_it():
    """Found on a real page: "one of <i>Destiny 2</i>’s best" is copied "Destiny 2 ’s best";
    the script and its spoken form said "Destiny two 's"."""
    body = ("The Witch Queen, one of Destiny 2 ’s best expansions, launched six months ago. "
            "It did some things really well, and the BBC 's reviewer said so at length in 's-"
            "Hertogenbosch.\n\nThe campaign was the best the studio has ever written, and the "
            "raids were hard.")
    cleaned = clean_text(body)
    text = " ".join(block.text for block in cleaned.blocks)
    assert "Destiny 2’s best" in text and "the BBC's reviewer" in text
    assert "in 's-Hertogenbosch" in text  # a name that begins with 's is left alone
    dutch = ("Het veer vaart tot eind maart van zeven uur 's ochtends tot zes uur 's avonds, "
             "zegt de schipper van de pont.\n\nIn de zomer vaart de pont tot acht uur 's avonds "
             "en op zondag de hele dag.")
    assert "uur 's avonds" in " ".join(block.text for block in clean_text(dutch, "nl").blocks)


def test_a_gallery_caption_that_opens_with_its_counter_is_not_read():
    """Found on a real wire page in a new-user tour: "1 of 18. A Republic of Singapore Air
    Force personnel surveys the waters ..." opened the episode."""
    from narrator.text.furniture import furniture

    assert furniture("1 of 18. Rescue crews search the sea off Borneo during a search and "
                     "locate operation for the missing plane on December 30, 2014.") == "caption"
    assert furniture("Photo 3/10: Divers bring a door of the plane ashore in Surabaya.") == \
        "caption"
    assert furniture("1 van 5. De pont ligt woensdagochtend klaar aan de steiger.") == "caption"
    assert furniture("2 of 3 people in the town said they would vote for him in the spring.") \
        is None
    assert furniture("1/4 cup packed brown sugar, and a pinch of salt for the crust.") is None


def test_a_teaser_cut_short_of_a_paragraph_the_article_reads_is_not_read_twice():
    """Found on a real wire page: a summary line ending "... prompting relatives..." repeats
    the article's first paragraph, which the listener hears in full."""
    from narrator.text.repeats import said_twice

    import numpy as np

    lede = ("Rescuers searching for a missing plane carrying 162 people pulled bodies and "
            "wreckage from the sea off the coast of Borneo on Tuesday, prompting relatives "
            "of those on board to break down in grief at a crisis centre.")
    teaser = "By Jo Hart SURABAYA (Wire) - " + lede[:150].rsplit(" ", 1)[0] + " relativ..."
    other = "The airline said in a statement that it was inviting family members to the city."
    ending = "The search went on through the night and was to resume at first light on Wednesday..."
    lines = [teaser, lede, other, ending]
    assert said_twice(lines, np.ones(4, dtype=bool)) == [(0, "teaser")]
    hostile = ["x" * 2_000_000 + "...", lede, "y " * 300_000 + "z..."]  # only ends are searched
    assert said_twice(hostile, np.ones(3, dtype=bool)) == []


def test_a_line_a_newer_rule_names_is_not_read_however_sure_the_model_is():
    """Held-out page 21 read "Pin it for later!" between two paragraphs: the model, which never
    learnt that rule, was sure it was body. A rule the model was trained with still gives way
    to a sure model (its lines are 0.6 % body); the newer rules' word stands."""
    import numpy as np

    from narrator.text.cleanup import _vetoed

    lines = ["Pin it for later!", "Share on Facebook", "The path climbs out of the valley."]
    vetoed = _vetoed(lines, ["widget", "widget", None], np.array([0.95, 0.95, 0.95]))
    assert vetoed.tolist() == [True, False, False]
