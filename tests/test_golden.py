"""Golden files: the example show's script, feed and MP3 tags, compared byte for byte with the
ones kept in tests/golden/ (as pelican's functional tests). A change that alters what users get
fails here and shows the difference; when the change is meant, write the new files with
`scripts/update-golden` and review them in the diff."""

from __future__ import annotations

import email.utils
import os
from datetime import datetime
from pathlib import Path

import mutagen
import pytest

import narrator
from narrator.pipeline.manifest import load_manifest

GOLDEN = Path(__file__).parent / "golden" / "field-notes"
UPDATE = os.environ.get("NARRATOR_UPDATE_GOLDEN") == "1"
SOURCE = "01-the-kettle-experiment"
UNDATED = "02-a-map-of-small-noises"
"""An episode without a date of its own: it is dated by its first build, so its date is
replaced by BUILD-DATE before comparing."""


def _compare(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"no golden {name}: run scripts/update-golden"
    assert text == path.read_text(encoding="utf-8"), \
        f"{name} differs from tests/golden; if meant, run scripts/update-golden"


def _without_build_date(text: str, show: Path) -> str:
    built = datetime.fromisoformat(load_manifest(show)[UNDATED].date)
    for form in (email.utils.format_datetime(built), built.isoformat(),
                 built.strftime("%Y-%m-%d %H:%M:%S"), built.strftime("%B %-d, %Y")):
        text = text.replace(form, "BUILD-DATE")
    return text


def tag_dump(mp3: Path) -> str:
    """The MP3's stream and ID3 tags as mutagen reads them, one frame a line."""
    return mutagen.File(mp3).pprint() + "\n"


def test_the_script_of_a_source_is_as_kept():
    source = Path(__file__).parents[1] / "examples" / "field-notes" / "episodes" / f"{SOURCE}.md"
    script = narrator.script(source, show_dir=source.parents[1])
    _compare(f"{SOURCE}.script", narrator.script_text(script, source, list_dropped=True))


def test_the_feed_is_as_kept(example_build):
    show, out, _ = example_build
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    _compare("feed.xml", _without_build_date(feed, show))


def test_the_tags_are_as_kept(example_build):
    show, out, _ = example_build
    _compare(f"{SOURCE}.tags.txt", tag_dump(out / f"{SOURCE}.mp3"))


@pytest.mark.skipif(UPDATE, reason="the golden files are being written")
def test_the_golden_files_are_the_ones_the_tests_read():
    kept = sorted(path.name for path in GOLDEN.iterdir())
    assert kept == sorted([f"{SOURCE}.script", "feed.xml", f"{SOURCE}.tags.txt"])
