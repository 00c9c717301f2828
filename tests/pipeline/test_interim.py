"""Books listenable while they build: each episode a build makes is published as soon as it is
made, in a whole, checked version of the show; the build's end publishes the rest."""

from __future__ import annotations

import feedparser
import pytest

from narrator import BuildOptions, build
from narrator.pipeline import interim
from narrator.publish.validate import validate_show

CHAPTERS = {f"{n:02d}-chapter.md": f"---\ndate: 2026-01-{n:02d}\n---\n# Chapter {n}\n\n"
            f"This is chapter number {n}. It has two sentences.\n" for n in (1, 2, 3)}


def _feed(out) -> list[str]:
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo
    for entry in feed.entries:  # every enclosure is there, whole
        path = out / entry.enclosures[0].href.rsplit("/", 1)[1]
        assert path.is_file() and path.stat().st_size == int(entry.enclosures[0].length)
    return sorted(entry.title for entry in feed.entries)


@pytest.fixture
def seen(monkeypatch):
    """What readers of the output folder saw after each publication of the episodes so far
    (published after every episode here, however quickly each is made)."""
    monkeypatch.setattr(interim, "PUBLISH_EVERY_S", 0.0)
    found = []
    publish = interim.Interim.publish

    def watched(self, done, release):
        publish(self, done, release)
        out = self.context.options.out_dir
        errors = [p for p in validate_show(out) if not p.warning]
        found.append((_feed(out), errors))

    monkeypatch.setattr(interim.Interim, "publish", watched)
    return found


def test_each_chapter_is_published_when_it_is_made(tmp_path, write_show, seen):
    show = write_show(tmp_path / "book", CHAPTERS)
    out = tmp_path / "out"
    build(show, BuildOptions(out_dir=out))
    assert seen == [(["Chapter 1"], []), (["Chapter 1", "Chapter 2"], [])]
    assert _feed(out) == ["Chapter 1", "Chapter 2", "Chapter 3"]


def test_episodes_not_yet_made_stay_as_they_were_published(tmp_path, write_show, seen):
    show = write_show(tmp_path / "book", CHAPTERS)
    out = tmp_path / "out"
    build(show, BuildOptions(out_dir=out))
    seen.clear()
    before = (out / "03-chapter.mp3").read_bytes()
    for name in ("01-chapter.md", "03-chapter.md"):
        path = show / "episodes" / name
        path.write_text(path.read_text().replace("two sentences", "two short sentences"))
    build(show, BuildOptions(out_dir=out))
    # After the first is made: all three listed, the third as it was published.
    assert seen == [(["Chapter 1", "Chapter 2", "Chapter 3"], [])]
    assert (out / "03-chapter.mp3").read_bytes() != before
    versions = [p for p in (tmp_path / ".out.versions").iterdir() if p.is_dir()]
    assert len(versions) == 2  # the new version and the one before it; the rest pruned


def test_one_episode_to_make_publishes_once(tmp_path, write_show, seen):
    show = write_show(tmp_path / "book", CHAPTERS)
    out = tmp_path / "out"
    build(show, BuildOptions(out_dir=out))
    seen.clear()
    path = show / "episodes" / "02-chapter.md"
    path.write_text(path.read_text().replace("two sentences", "two short sentences"))
    build(show, BuildOptions(out_dir=out))
    assert seen == []


def test_short_episodes_are_published_first_then_every_so_often(tmp_path, write_show,
                                                                  monkeypatch):
    """After the first episode, the episodes so far are published again only when
    PUBLISH_EVERY_S has passed: a catalogue of quick episodes is not released after each."""
    found = []
    publish = interim.Interim.publish
    monkeypatch.setattr(interim.Interim, "publish",
                        lambda self, done, release: (found.append(done),
                                                     publish(self, done, release)))
    monkeypatch.setattr(interim, "PUBLISH_EVERY_S", 3600.0)
    show = write_show(tmp_path / "book", CHAPTERS)
    build(show, BuildOptions(out_dir=tmp_path / "out"))
    assert found == [1]
