"""Crash safety: a build killed with SIGKILL at any point (workers, ffmpeg and all, as a power cut
or the OOM killer would) publishes nothing half-made, leaves no damaged cache entry in use, and the
next build gives exactly what an uninterrupted one gives.

Points are named in the code with `faults.point(...)`; NARRATOR_CRASH_AT="name:N" kills at its
Nth pass. The scenario: a published show (A, built twice, so that an old version exists to prune)
is edited (one episode changed, one added, one unchanged) and rebuilt (B). Between the two,
the build publishes the episodes made so far (the changed one, beside the unchanged one: S), so
readers see A, then S, then B, and never anything else.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

from narrator import BuildOptions, build
from narrator.audio.cache import SegmentCache


KILL_POINTS = [
    "ingest.read", "ingest.read:3",                       # ingest
    "script.write", "script.write:2",                     # script
    "files.rename", "files.rename:2",                     # script files, the manifest
    "voice.prepare",                                      # synthesize: preparing the voice
    "synthesize.segment", "synthesize.segment:2",         # synthesize: in a worker
    "cache.put", "cache.put:2",                           # synthesize: caching a clip
    "stitch.clip", "stitch.clip:3", "stitch.clip:6", "stitch.clip:9",   # stitch, mid-encode
    "stitch.encoded", "stitch.encoded:2",                 # stitch: MP3 made, not yet tagged
    "tag.write", "tag.write:2",                           # tag
    "companions.write", "companions.write:6",             # transcripts, chapters
    "publish.keep",                                       # publish: keeping unchanged files
    "pages.write", "feed.write", "validate",              # publish: pages, feed, checks
    "publish.manifest",                                   # publish: before the manifest
    "publish.swap", "publish.swapped", "publish.prune",    # publish: the swap and after
    "publish.interim",                                     # the episodes so far published
    "publish.swap:2", "publish.prune:2",                  # ... then the whole
]
EPISODES_A = {
    "one.md": "---\ndate: 2026-03-01\n---\n# One\n\nThe first episode has two sentences. "
              "This is the second.\n",
    "two.md": "---\ndate: 2026-03-08\n---\n# Two\n\nThe second episode stays the same.\n",
}
EDITS_B = {
    "one.md": "---\ndate: 2026-03-01\n---\n# One\n\nThe first episode has two sentences. "
              "This is the second.\n\nA new paragraph was added. It has more words in it. "
              "And a third sentence.\n",
    "three.md": "---\ndate: 2026-03-15\n---\n# Three\n\n## A part\n\nA new episode arrives. "
                "It is short. It has a section too.\n",
}


def _snapshot(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.iterdir()) if p.is_file()}


def _edit(show: Path) -> None:
    for name, text in EDITS_B.items():
        (show / "episodes" / name).write_text(text)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory, write_show):
    """(state A as a folder to copy, A's published files, B's published files, and those of
    the show published between them with the episodes made so far)."""
    base = tmp_path_factory.mktemp("crash-base")
    show = write_show(base / "show", EPISODES_A)
    build(show, BuildOptions(out_dir=base / "out", cache_dir=base / "cache"))
    # A second version, so that there is one to prune (a build that changes nothing publishes
    # nothing: this one adds a static file).
    (show / "static").mkdir()
    (show / "static" / "robots.txt").write_text("User-agent: *\n")
    build(show, BuildOptions(out_dir=base / "out", cache_dir=base / "cache"))
    published_a = _snapshot(base / "out")
    reference = tmp_path_factory.mktemp("crash-reference")
    shutil.copytree(base, reference / "s", symlinks=True)
    _edit(reference / "s" / "show")
    _build_killed_at("publish.interim", reference / "s")
    so_far = _snapshot(reference / "s" / "out")
    assert so_far != published_a and "one.mp3" in so_far and "three.mp3" not in so_far
    build(reference / "s" / "show", BuildOptions(out_dir=reference / "s" / "out",
                                                 cache_dir=reference / "s" / "cache"))
    return base, published_a, _snapshot(reference / "s" / "out"), so_far


def _build_killed_at(point: str, root: Path) -> subprocess.CompletedProcess:
    show, out, cache = root / "show", root / "out", root / "cache"
    process = subprocess.run(
        [sys.executable, "-m", "narrator", "build", str(show), "-o", str(out), "--cache-dir",
         str(cache), "--jobs", "2", "-q"], capture_output=True, text=True, timeout=120,
        env={**os.environ, "NARRATOR_CRASH_AT": point}, start_new_session=True)
    assert process.returncode == -signal.SIGKILL, (point, process.returncode, process.stderr)
    return process


def _check_published(out: Path) -> None:
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    for entry in feed.entries:
        enclosure = entry.enclosures[0]
        path = out / enclosure.href.rsplit("/", 1)[1]
        assert path.is_file() and path.stat().st_size == int(enclosure.length), path


def _check_cache(root: Path) -> None:
    cache = SegmentCache(root)
    for key in cache.keys():
        assert cache.get(key) is not None, f"damaged cache entry {key}"


@pytest.mark.parametrize("point", KILL_POINTS)
def test_killed_build_publishes_nothing_half_made_and_recovers(point, scenario, tmp_path):
    base, published_a, published_b, published_so_far = scenario
    root = tmp_path / "s"
    shutil.copytree(base, root, symlinks=True)
    show, out, cache = root / "show", root / "out", root / "cache"
    if point == "voice.prepare":
        shutil.rmtree(cache / "voices")
    _edit(show)
    _build_killed_at(point, root)
    # Readers see one whole show (the old one, the episodes so far or the new one), and apps
    # find all it lists.
    assert _snapshot(out) in (published_a, published_so_far, published_b), point
    _check_published(out)
    _check_cache(cache)
    # The next build finishes the work and gives what an uninterrupted build gives.
    build(show, BuildOptions(out_dir=out, cache_dir=cache))
    assert _snapshot(out) == published_b
    _check_published(out)
    assert len([p for p in (root / ".out.versions").iterdir() if p.is_dir()]) == 2
