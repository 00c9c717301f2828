"""Chapters from section headings, as Podcasting 2.0 JSON, read back."""

from __future__ import annotations

import json

from narrator.core.models import Script, Segment, Timing
from narrator.publish.chapters import (CHAPTERS_VERSION, chapters, read_json_chapters,
                                       to_json_chapters)


def _script(*kinds: str) -> Script:
    return Script("The Harbour", [Segment(f"Text {n}", f"Text {n}", kind, 300)
                                  for n, kind in enumerate(kinds)])


def test_a_chapter_from_each_heading_to_the_next_the_first_from_zero():
    script = _script("sentence", "heading", "sentence", "heading", "sentence")
    timings = [Timing(n * 1000.0, n * 1000.0 + 900) for n in range(5)]
    found = chapters(script, timings, 5500.0)
    assert [(c.start_ms, c.end_ms, c.title) for c in found] == [
        (0.0, 3000.0, "Text 1"), (3000.0, 5500.0, "Text 3")]


def test_a_script_without_headings_is_one_chapter_named_by_its_title():
    found = chapters(_script("sentence", "sentence"), [Timing(0, 900), Timing(1000, 1900)], 2000)
    assert [(c.start_ms, c.end_ms, c.title) for c in found] == [(0.0, 2000, "The Harbour")]


def test_json_chapters_round_trip():
    script = _script("heading", "sentence", "heading")
    timings = [Timing(0, 900), Timing(1000, 1900), Timing(2345.6789, 3000)]
    written = to_json_chapters(chapters(script, timings, 4000))
    data = json.loads(written)
    assert data["version"] == CHAPTERS_VERSION
    assert data["chapters"] == [{"startTime": 0.0, "title": "Text 0"},
                                {"startTime": 2.346, "title": "Text 2"}]
    back = read_json_chapters(written)
    assert [(c.start_ms, c.title) for c in back] == [(0.0, "Text 0"), (2346.0, "Text 2")]
    assert back[0].end_ms == back[1].start_ms and back[1].end_ms == float("inf")
