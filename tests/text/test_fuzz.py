"""Property-based tests over everything that reads text a person or a web page wrote: ingest
(plain text, Markdown, HTML, as bytes), cleanup, the spoken form and hand-edited scripts.

For any input: no uncaught exception (a NarratorError, which the CLI prints as one line, is the
only way to fail), and no body text silently lost. Derandomized, so that CI runs the same examples
every time; NARRATOR_FUZZ_EXAMPLES raises the count for a longer run.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from narrator.text.cleanup import clean_text
from narrator.core.config import PausesSection
from narrator.core.errors import NarratorError
from narrator.text.readers import read_source
from narrator.text.spoken import spoken_form
from narrator.text.segment import make_script
from narrator.text.scriptfile import parse
from narrator.core.characters import has_unpublishable, has_words, publishable

EXAMPLES = int(os.environ.get("NARRATOR_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Pieces that have broken text tools: controls, bidi overrides, combining marks, zero-width,
# BOMs, lone surrogates (escaped, as they arrive from undecodable bytes), markup, our markers.
HOSTILE = st.sampled_from([
    "\x00", "\x07", "\x1b[31m", "\x85", "\u202e", "\u202c", "\u200f", "\u0301\u0301\u0301",
    "\u200b", "\u2060", "\ufeff", "\ufffe", "\ud800", "\udcff", "\r", "\r\n", "\n\n", "\t",
    "# ", "## ", "== ", "[pause 200]", "[pause]", "[[", "]]", "{say: }", "{say: x}", "\\",
    "---\n", "<script>x</script>", "<div>", "&amp;", "]]>", "<!--", "$1,000", "3.5 km", "1999",
    "Dr.", "St.", "A.B.C.", "…", "—", "😀", "👨‍👩‍👧", "٣", "مرحبا", "שלום", "日本語", "ｆｕｌｌ",
    "I.", "XIV", "1/2", "10^9", "%", "@", "http://x.y/z?a=b", "a@b.co", " " * 50,
])
TEXT = st.lists(st.one_of(st.text(max_size=40), HOSTILE), max_size=25).map("".join)
WORDS = st.text(st.characters(whitelist_categories=("Ll", "Lu", "Lo", "Nd")), min_size=1,
                max_size=10)


def _write(data: bytes, suffix: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="narrator-fuzz-"))
    path = folder / f"fuzz{suffix}"
    path.write_bytes(data)
    return path


def _encoded(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # lone surrogates become invalid UTF-8


@FUZZ
@given(data=st.one_of(TEXT.map(_encoded), st.binary(max_size=400)),
       suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_ingest_any_bytes_gives_a_document_or_a_clear_error(data, suffix):
    path = _write(data, suffix)
    try:
        document = read_source(path)
    except NarratorError as error:
        assert str(path) in error.lines()[0] and "\n" not in error.lines()[0]
        return
    texts = [document.title, *(b.text for b in document.blocks)]
    assert not any(has_unpublishable(t) for t in texts)
    script = make_script(document, PausesSection())
    assert script.segments


@FUZZ
@given(depth=st.integers(1, 3000), inner=TEXT)
def test_deeply_nested_or_script_only_html(depth, inner):
    page = "<html><body>" + "<div>" * depth + inner + "</div>" * depth + "</body></html>"
    for html in (page, f"<html><script>{inner}</script><body><script>x()</script></body></html>"):
        try:
            read_source(_write(html.encode("utf-8", "surrogatepass"), ".html"))
        except NarratorError:
            pass


@FUZZ
@given(text=TEXT)
def test_cleanup_and_spoken_form_take_anything(text):
    cleaned = clean_text(text)
    for block in cleaned.blocks:
        spoken = spoken_form(block.text)
        assert isinstance(spoken, str)
        # Something with letters or digits is never spoken as nothing (superscript digits
        # are footnote markers, dropped on purpose).
        assert not has_words(block.text) or has_words(spoken), (block.text, spoken)


@FUZZ
@given(paragraphs=st.lists(st.lists(WORDS, min_size=3, max_size=12).map(" ".join),
                           min_size=1, max_size=6, unique=True))
def test_no_word_of_plain_prose_is_lost(paragraphs):
    """Any letters or digits of any script: every word reaches the script, or is listed as
    dropped with a reason (the cleaner's page-furniture rules); none vanishes."""
    body = "\n\n".join(p[:1].upper() + p[1:] + "." for p in paragraphs)
    path = _write(("A Title\n\n" + body).encode(), ".txt")
    try:
        document = read_source(path)
    except NarratorError as error:
        event(f"clear error: {error.message[:40]}")
        return  # e.g. nothing like prose at all: a clear error, nothing published
    script = make_script(document, PausesSection())
    kept = " ".join(s.text for s in script.segments)
    dropped = " ".join(d.text for d in document.dropped)
    for word in re.findall(r"[^\W_]+", body):
        assert word in kept or word in dropped, word


SCRIPT_LINE = st.one_of(TEXT, HOSTILE, st.sampled_from([
    "", "== ", "== Part", "[pause 100]", "[pause 99999]", "[pause -1]", "[ pause 5 ]",
    "Words {say: other words}", "Words {say:}", "\\[not a marker]", "\\== not a heading",
    "# a comment", "#", "[[h ə l oʊ]]", "{say: [[h ə]]}"]))


@FUZZ
@given(lines=st.lists(SCRIPT_LINE, max_size=30))
def test_hand_edited_scripts_parse_or_fail_clearly(lines):
    text = "\n".join(lines)
    path = Path("edited.script")
    try:
        script = parse(text, path, PausesSection())
    except NarratorError as error:
        assert "edited.script" in error.lines()[0]
        return
    spoken = [s for s in script.segments if s.kind == "sentence"]
    assert all(s.spoken.strip() for s in script.segments)
    # Every line of words is in the script (its written text is kept whole or split).
    written = " ".join(s.text for s in script.segments)
    for line in publishable(text).splitlines():  # control characters go before parsing
        line = line.strip()
        if not line or line.startswith(("#", "[", "==")):
            continue
        line = re.sub(r"\s*\{say:\s*(.*?)\s*\}$", "", line, flags=re.I)  # what is said instead
        for word in re.findall(r"[^\W_]+", line.lstrip("\\")):
            assert word in written or not has_words(word), (word, line)
    assert spoken or any(s.kind == "heading" for s in script.segments)
