"""An HTML article read whole across what interrupts it, and every line not read explained."""

import random

import pytest
import trafilatura

from narrator.text.readers import read_source

_OPENINGS = ("at the harbour wall the council heard from residents about the storms",
             "the fish market's traders asked who would pay for the new timber",
             "the lifeboat crew described a winter of launches from a broken slip",
             "the old customs house filled with people who remembered the pier's opening",
             "engineers walked the ferry slip and counted the rotten piles one by one",
             "the net lofts closed early so their owners could hear the debate",
             "a retired keeper read out a letter from the chapel on the hill",
             "the tide gauge showed water higher than at any time in forty years")
_MIDDLES = ("Timber from the hills would last if it were treated before spring.",
            "Steel was cheaper to buy but would rust within a decade of sea air.",
            "Volunteers offered weekends of work in exchange for a say in the design.",
            "The county promised half the money once the plans were approved.",
            "Insurers wanted a survey before they would cover the boats again.",
            "Children from the school drew the pier as they hoped it would look.",
            "Fishermen asked for a crane at the end to land heavy catches.")
_CLOSINGS = ("Nobody voted against.", "The meeting ran past midnight.",
             "A decision is due in March.", "Tea was served at nine.",
             "The mayor thanked everyone for coming.")


def _paragraphs(count: int) -> list[str]:
    """Distinct paragraphs of an invented story, a few sentences each (each one's words drawn
    from the story's, so no two paragraphs share more than a phrase)."""
    words = " ".join(_OPENINGS + _MIDDLES).lower().replace(".", "").replace("'s", "").split()
    chance = random.Random(31)
    paragraphs = []
    for number in range(1, count + 1):
        sentences = [" ".join(chance.choice(words) for _ in range(12)).capitalize() + "."
                     for _ in range(2)]
        paragraphs.append(f"Paragraph {number}: {_OPENINGS[number % 8]}. {' '.join(sentences)} "
                          f"{_CLOSINGS[number % 5]}")
    return paragraphs


_PULL_QUOTE = _paragraphs(2)[1].split(". ")[1] + "."
"""A sentence of the article's second paragraph, set again between its parts."""


def _page(split: int) -> str:
    """A news page whose article is in two containers: an advertisement slot and a newsletter
    box between them, other stories and readers' comments after them."""
    paragraphs = [f"<p>{text}</p>" for text in _paragraphs(24)]
    return f"""<html><head><title>Harbour town rebuilds its pier | Harbour Gazette</title></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<h1>Harbour town rebuilds its pier</h1>
<article><div class="article-body">{"".join(paragraphs[:split])}</div></article>
<div class="x"><div class="ad-container"><p>Advertisement</p></div>
<blockquote>{_PULL_QUOTE}</blockquote>
<aside class="newsletter-box"><h3>Morning briefing</h3><p>Get the stories that matter in your
inbox every weekday morning, written by our editors.</p></aside>
<div><div><div class="content"><h2>What the council decided</h2>
{"".join(paragraphs[split:])}</div></div></div></div>
<div class="related"><h3>More news</h3><ul>{"".join(
        f"<li><a href='/n{i}'>Another story, number {i}, about the council and its budget</a></li>"
        for i in range(8))}</ul></div>
<section id="comments"><h2>Comments</h2><p>I grew up near the pier and I am so glad the council
finally agreed to rebuild it after all these years of waiting.</p></section>
<footer>© 2026 Harbour Gazette</footer></body></html>"""


@pytest.mark.parametrize("split", [4, 10, 18])
def test_an_article_is_read_on_after_an_advertisement_and_a_newsletter_box(tmp_path, split):
    html = _page(split)
    # What this guards against: the extractor alone stops at the interruption (or starts after it).
    assert trafilatura.extract(html, favor_precision=True).count("Paragraph ") < 24
    source = tmp_path / "pier.html"
    source.write_text(html, encoding="utf-8")
    document = read_source(source)
    texts = [block.text for block in document.blocks]
    assert [text for text in texts if text.startswith("Paragraph ")] == _paragraphs(24)
    said = "\n".join(texts)
    assert said.count(_PULL_QUOTE) == 1  # the pull quote is not read again
    assert texts.index("What the council decided") == texts.index(_paragraphs(24)[split]) - 1
    for furniture in ("Advertisement", "inbox", "Another story", "grew up", "Comments", "©",
                      "Home"):
        assert furniture not in said
    explained = {item.text: item.reason for item in document.dropped}
    assert explained["Advertisement"] == "outside the article"
    assert explained["Morning briefing"] == "aside"
    assert "I grew up near the pier" in " ".join(explained)


def test_every_line_an_html_page_does_not_read_is_listed_whole(tmp_path):
    """A paragraph with a link in it that the article leaves out is listed as it reads, not as
    its link alone; so is text beside a block inside another."""
    paragraphs = "".join(f"<p>{text}</p>" for text in _paragraphs(8))
    source = tmp_path / "page.html"
    source.write_text(f"""<html><head><title>Pier</title></head><body>
<div class="promo-box">Our archive holds <a href="/a">every edition since 1921</a>, searchable
by name and date.<p>Open it today.</p></div>
<article><h1>Harbour town rebuilds its pier</h1>{paragraphs}</article>
<footer><p>Printed by <a href="/p">Quay Press</a> for the Gazette.</p></footer></body></html>""",
                      encoding="utf-8")
    document = read_source(source)
    explained = {item.text: item.reason for item in document.dropped}
    assert explained["Our archive holds every edition since 1921, searchable by name and date."] \
        == "outside the article"
    assert explained["Open it today."] == "outside the article"
    assert explained["Printed by Quay Press for the Gazette."] == "footer"
    assert [block.text for block in document.blocks if block.kind == "paragraph"] == \
        _paragraphs(8)


def test_a_recovered_paragraph_reads_a_bare_address_as_its_site(tmp_path):
    last = _paragraphs(24)[-1]
    html = _page(10).replace(last, last + " The plans at https://harbour.example.org/plans "
                             "are open to all")  # and the paragraph ends without a full stop
    assert "harbour.example.org" not in (trafilatura.extract(html, favor_precision=True) or "")
    source = tmp_path / "pier.html"
    source.write_text(html, encoding="utf-8")
    said = "\n".join(block.text for block in read_source(source).blocks)
    assert "The plans at harbour.example.org are open to all" in said and "https://" not in said
