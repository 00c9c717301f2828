"""Descriptions as HTML apps can show safely: an author's markup through an allow-list, a
source's text escaped."""

from __future__ import annotations

from narrator.core.markup import authored_html, html_text, text_html


def test_an_authors_markup_keeps_harmless_tags_and_links_only():
    cleaned = authored_html('<p onclick="x()">A <b>bold</b> <a href="https://a.example/">link'
                            '</a> <a href="javascript:alert(1)">bad</a><script>alert(2)'
                            '</script><img src=x onerror=y></p>')
    assert "<b>bold</b>" in cleaned and 'href="https://a.example/"' in cleaned
    assert "onclick" not in cleaned and "javascript" not in cleaned
    assert "script" not in cleaned and "alert(2)" not in cleaned and "<img" not in cleaned


def test_a_sources_text_is_shown_as_written():
    assert text_html("<script>alert(1)</script> & more") == \
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"


def test_html_as_plain_text():
    assert html_text("<p>Fish &amp; <b>chips</b></p>\n<p>daily</p>") == "Fish & chips daily"
