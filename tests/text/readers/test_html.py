"""HTML sources: the article without the page around it, a clear error without one, titles without
the site's name."""

from datetime import datetime, timezone
from pathlib import Path

import pytest

from narrator.core.errors import InputError
from narrator.text.readers import read_source


FIXTURES = Path(__file__).parents[2] / "fixtures"


def test_html_keeps_the_article_and_drops_the_page_around_it():
    doc = read_source(FIXTURES / "bridges.html")
    assert doc.title == "Bridges That Talk"
    assert doc.meta.date == datetime(2026, 5, 4, tzinfo=timezone.utc)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "Bridges That Talk"),
        ("paragraph", "Most people cross a bridge without thinking about it. For the engineers "
                      "who look after the old steel bridges along the valley, every crossing is a "
                      "conversation."),
        ("heading", "A network of sensors"),
        ("paragraph", "Today the oldest bridge carries forty small sensors. Some measure strain, "
                      "some temperature."),
        ("paragraph", "Strain gauges on each girder."),
        ("paragraph", "Two microphones under the deck."),
        ("paragraph", '"Measure the thing you care about," said Dr. Ada Moreno.'),
        ("paragraph", "The sensors are cheap, and that changes how the team works.")]
    page = (FIXTURES / "bridges.html").read_text()
    for boilerplate in ("Subscribe now", "Photo: Jane Doe", "Read next", "All rights reserved",
                        "Sport"):
        assert boilerplate in page  # it is there to be dropped
        assert all(boilerplate not in b.text for b in doc.blocks)


@pytest.mark.parametrize("html", [
    "<html><head><script>var a = 1;</script></head><body><script>track()</script></body></html>",
    "",
])
def test_html_without_an_article_is_a_clear_error(write_source, tmp_path, html):
    path = write_source(tmp_path, "page.html", html)
    with pytest.raises(InputError, match="no article text found") as caught:
        read_source(path)
    assert caught.value.lines()[0].startswith(str(path))


@pytest.mark.parametrize("title, site, expected", [
    ("Harbour town rebuilds its pier – News Nation", None, "Harbour town rebuilds its pier"),
    ("Harbour town rebuilds its pier | BIG Brand System", None, "Harbour town rebuilds its pier"),
    ("The harbour plan, explained - Harbour Gazette", "Harbour Gazette",
     "The harbour plan, explained"),
    ("War and Peace – Part One", None, "War and Peace – Part One"),
    ("Pier | Home", None, "Pier | Home"),
    ("Harbour town rebuilds its pier - a story of stones", None,
     "Harbour town rebuilds its pier - a story of stones"),
])
def test_a_pages_title_loses_the_sites_name(title, site, expected):
    from narrator.text.sitename import without_site_name

    assert without_site_name(title, site) == expected


def test_a_saved_page_is_titled_without_its_sites_name(tmp_path):
    page = tmp_path / "pier.html"
    page.write_text("<html><head><title>Harbour town rebuilds its pier | BIG Brand System</title>"
                    "</head><body><article>" + "".join(
                        f"<p>Paragraph {n} tells how the town rebuilt its pier after the winter "
                        f"storm, stone by stone, with {n} more details.</p>" for n in range(8))
                    + "</article></body></html>")
    assert read_source(page).title == "Harbour town rebuilds its pier"
