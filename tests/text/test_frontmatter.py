"""Front matter: it sets a source's metadata, lists every problem it has at once, and wins over what
a saved page says."""

from datetime import datetime, timezone

import pytest

from narrator.core.errors import ConfigError
from narrator.text.readers import read_source


def test_front_matter_sets_metadata(write_source, tmp_path):
    doc = read_source(write_source(
        tmp_path, "a.md", "---\ntitle: Hello & Co\ndate: 2026-03-18\n"
        "season: 2\nepisode: 5\nexplicit: true\nguid: abc\n---\nBody text."))
    assert doc.title == "Hello & Co"
    assert doc.meta.date == datetime(2026, 3, 18, tzinfo=timezone.utc)
    assert (doc.meta.season, doc.meta.episode, doc.meta.explicit, doc.meta.guid) == \
        (2, 5, True, "abc")
    assert [b.kind for b in doc.blocks] == ["heading", "paragraph"]  # title is read first


def test_bad_front_matter_lists_every_problem(write_source, tmp_path):
    with pytest.raises(ConfigError) as caught:
        read_source(write_source(tmp_path, "a.md",
                                 "---\nseason: -1\ndate: soon\ncolour: red\n---\nx"))
    text = "\n".join(caught.value.lines())
    assert "season: expected a positive whole number" in text
    assert "date: 'soon' is not a date" in text
    assert "colour: unknown front matter key" in text


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
