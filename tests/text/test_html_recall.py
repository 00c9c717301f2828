"""An HTML article read whole across what interrupts it, and every line not read explained."""

import pytest
import trafilatura

from narrator.text.readers import read_source

_PLACES = ("the harbour wall", "the fish market", "the lifeboat station", "the old customs house",
           "the ferry slip", "the net lofts", "the chapel on the hill", "the tide gauge")


def _paragraphs(count: int) -> list[str]:
    """Distinct paragraphs of an invented story, each one a few sentences long."""
    return [f"Paragraph {number}: at {_PLACES[number % len(_PLACES)]} the council heard from "
            f"{number + 2} residents, who said the winter storms had taken more of the pier "
            f"than anyone remembered. The engineer answered that timber from the hills would "
            f"last another {number + 20} years if it was treated before the spring."
            for number in range(1, count + 1)]


def _page(split: int) -> str:
    """A news page whose article is in two containers: an advertisement slot and a newsletter
    box between them, other stories and readers' comments after them."""
    paragraphs = [f"<p>{text}</p>" for text in _paragraphs(24)]
    return f"""<html><head><title>Harbour town rebuilds its pier | Harbour Gazette</title></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<h1>Harbour town rebuilds its pier</h1>
<article><div class="article-body">{"".join(paragraphs[:split])}</div></article>
<div class="x"><div class="ad-container"><p>Advertisement</p></div>
<aside class="newsletter-box"><h3>Morning briefing</h3><p>Get the stories that matter in your
inbox every weekday morning, written by our editors.</p></aside>
<div><div><div class="content">{"".join(paragraphs[split:])}</div></div></div></div>
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
