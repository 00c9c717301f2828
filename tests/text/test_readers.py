from datetime import datetime, timezone
from pathlib import Path

import pytest

from narrator.core.errors import ConfigError, InputError
from narrator.text.readers import read_source, slugify

FIXTURES = Path(__file__).parents[1] / "fixtures"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def test_front_matter_sets_metadata(tmp_path):
    doc = read_source(write(tmp_path, "a.md", "---\ntitle: Hello & Co\ndate: 2026-03-18\n"
                            "season: 2\nepisode: 5\nexplicit: true\nguid: abc\n---\nBody text."))
    assert doc.title == "Hello & Co"
    assert doc.meta.date == datetime(2026, 3, 18, tzinfo=timezone.utc)
    assert (doc.meta.season, doc.meta.episode, doc.meta.explicit, doc.meta.guid) == \
        (2, 5, True, "abc")
    assert [b.kind for b in doc.blocks] == ["heading", "paragraph"]  # title is read first


def test_bad_front_matter_lists_every_problem(tmp_path):
    with pytest.raises(ConfigError) as caught:
        read_source(write(tmp_path, "a.md", "---\nseason: -1\ndate: soon\ncolour: red\n---\nx"))
    text = "\n".join(caught.value.lines())
    assert "season: expected a positive whole number" in text
    assert "date: 'soon' is not a date" in text
    assert "colour: unknown front matter key" in text


def test_markdown_title_from_first_heading_and_structure_kept(tmp_path):
    doc = read_source(write(tmp_path, "b.md", "# The Title\n\nFirst *para*.\n\n## Part two\n\n"
                            "- item one\n- item two\n\n> a quote\n\n![photo](x.jpg)\n"))
    assert doc.title == "The Title"
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "The Title"), ("paragraph", "First para."), ("heading", "Part two"),
        ("paragraph", "item one"), ("paragraph", "item two"), ("paragraph", "a quote")]


def test_plain_text_title_from_first_line(tmp_path):
    doc = read_source(write(tmp_path, "c.txt", "A Headline\nThe first line of the body\n"
                            "continues here.\n\nSecond paragraph."))
    assert doc.title == "A Headline"
    assert [b.text for b in doc.blocks] == [
        "A Headline", "The first line of the body continues here.", "Second paragraph."]


@pytest.mark.parametrize("name, data, message", [
    ("empty.txt", "", "no text to narrate"),
    ("blank.md", "---\ntitle: x\n---\n\n   \n", "no text to narrate"),
    ("bin.txt", bytes(range(256)) * 4, "binary data"),
    ("latin1.txt", "caf\xe9 cr\xe8me".encode("latin-1"), "not UTF-8"),
    ("notes.docx", "hello", "unsupported file type"),
])
def test_bad_sources_name_the_file(tmp_path, name, data, message):
    path = write(tmp_path, name, data)
    with pytest.raises(InputError, match=message) as caught:
        read_source(path)
    assert caught.value.lines()[0].startswith(str(path))


def test_slugify():
    assert slugify("01 Café: the Return!") == "01-cafe-the-return"
    assert slugify("###") == "episode"


def test_text_without_blank_lines_has_a_paragraph_per_sentence_ending_line(tmp_path):
    doc = read_source(write(tmp_path, "d.txt", "Copied Headline\nFirst paragraph ends here.\n"
                            "Second paragraph is hard\nwrapped over two lines.\nThird one."))
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "Copied Headline"), ("paragraph", "First paragraph ends here."),
        ("paragraph", "Second paragraph is hard wrapped over two lines."),
        ("paragraph", "Third one.")]


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
def test_html_without_an_article_is_a_clear_error(tmp_path, html):
    path = write(tmp_path, "page.html", html)
    with pytest.raises(InputError, match="no article text found") as caught:
        read_source(path)
    assert caught.value.lines()[0].startswith(str(path))


def test_front_matter_of_a_saved_page_wins_over_the_page(tmp_path):
    page = tmp_path / "saved.html"
    page.write_text("---\ntitle: The Lock Keeper's Year\ndate: 2026-04-02\n"
                    "description: A year at the canal lock.\n---\n"
                    "<html><head><title>Lock news | Canal Weekly</title></head><body><article>"
                    "<h1>Lock news</h1><p>The keeper opened the gates four thousand times this "
                    "year, more than in any year since the lock was built.</p><p>Most boats "
                    "came through in the summer months, when the river is calm.</p></article>"
                    "</body></html>")
    document = read_source(page)
    assert document.title == "The Lock Keeper's Year"
    assert document.meta.description == "A year at the canal lock."
    assert document.meta.date.date().isoformat() == "2026-04-02"
    assert "four thousand times" in " ".join(block.text for block in document.blocks)


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
    from narrator.text.boilerplate import without_site_name

    assert without_site_name(title, site) == expected


def test_a_saved_page_is_titled_without_its_sites_name(tmp_path):
    page = tmp_path / "pier.html"
    page.write_text("<html><head><title>Harbour town rebuilds its pier | BIG Brand System</title>"
                    "</head><body><article>" + "".join(
                        f"<p>Paragraph {n} tells how the town rebuilt its pier after the winter "
                        f"storm, stone by stone, with {n} more details.</p>" for n in range(8))
                    + "</article></body></html>")
    assert read_source(page).title == "Harbour town rebuilds its pier"
