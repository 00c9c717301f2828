"""Descriptions as HTML that apps and pages can show safely.

A description an author wrote on purpose (a show's `description`, an episode's front matter)
may carry a little markup: it passes through an allow-list of harmless tags (nh3, the bindings
of the Ammonia sanitizer, drops every other tag and the content of script and style). Text that
comes from a source is text: it is escaped, so "<script>" in an article is read and shown as the
characters it is, never run by an app that renders the feed's HTML."""

from __future__ import annotations

import html

ALLOWED_TAGS = {"p", "br", "a", "b", "strong", "i", "em", "u", "ul", "ol", "li", "blockquote",
                "code", "cite", "q", "sub", "sup"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def authored_html(text: str) -> str:
    """An author's description with only harmless markup left (links to http(s) and mailto)."""
    import nh3

    return nh3.clean(text, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel="noopener nofollow").strip()


def text_html(text: str) -> str:
    """Plain text as HTML that shows it: & < > escaped."""
    return html.escape(text, quote=False)


def html_text(markup: str) -> str:
    """What an HTML description says, as plain text (tags dropped, references resolved)."""
    from markupsafe import Markup

    return " ".join(Markup(markup).striptags().split())
