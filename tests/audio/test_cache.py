"""The segment cache, parallel synthesis, --dry-run and `narrator clean`."""

from __future__ import annotations

import shutil

import pytest

from narrator.audio.cache import SegmentCache, segment_key
from narrator.audio.chunks import ChunkCache
from narrator.audio.engines import get_engine
from narrator.pipeline.manifest import load_manifest


EPISODE = ("# Cached\n\nThe first paragraph has two sentences. It ends here.\n\n"
           "The second paragraph is short.\n\nA third one closes the episode.\n")


@pytest.fixture
def build_cli(run_cli):
    """Run `narrator build SHOW -o OUT` with its own cache; the build must succeed."""

    def build(show, out, cache, *extra):
        result = run_cli("build", show, "-o", out, *extra,
                         env={"NARRATOR_CACHE_DIR": str(cache)})
        assert result.returncode == 0, result.stderr
        return result

    return build


def test_entries_are_verified_and_a_damaged_one_is_made_again(tmp_path):
    cache = SegmentCache(tmp_path / "cache")
    engine = get_engine("piper")
    key = segment_key("Verify me.", engine.identity())
    clip = engine.synthesize("Verify me.")
    cache.put(key, clip)
    assert cache.get(key).raw_data == clip.raw_data
    path = cache.path(key)
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF  # one flipped byte in the audio
    path.write_bytes(bytes(data))
    assert cache.get(key) is None and not path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"truncated")
    assert cache.get(key) is None


def test_keys_cover_text_voice_speed_and_versions():
    piper = get_engine("piper")
    key = segment_key("Same words.", piper.identity())
    assert key == segment_key("Same words.", get_engine("piper").identity())
    assert key != segment_key("Same words!", piper.identity())
    assert key != segment_key("Same words.", get_engine("piper", speed=1.2).identity())
    assert key != segment_key("Same words.", {**piper.identity(), "adapter": 99})


def test_edit_one_paragraph_resynthesizes_only_its_segments(tmp_path, run_cli, write_show, build_cli):
    show = write_show(tmp_path / "show", {"ep.md": EPISODE})
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = build_cli(show, out, cache, "--jobs", "2")
    assert "speaking  5 segments" in first.stdout
    record = load_manifest(show)["ep"]
    assert len(record.segments) == 5 and set(record.segments) <= SegmentCache(cache).keys()

    again = build_cli(show, out, cache)
    assert "unchanged ep.mp3" in again.stdout and "speaking" not in again.stdout

    (show / "episodes" / "ep.md").write_text(EPISODE.replace("is short.", "is short, but edited."))
    dry = run_cli("build", show, "-o", out, "--dry-run", env={"NARRATOR_CACHE_DIR": str(cache)})
    assert dry.returncode == 0
    assert "would build ep.mp3" in dry.stdout
    assert "1 episode(s) to build, 1 segment(s) to synthesize" in dry.stdout
    assert (show / "episodes" / "ep.script").read_text().count("edited") == 0  # nothing changed

    edited = build_cli(show, out, cache)
    assert "speaking  1 segments" in edited.stdout
    assert load_manifest(show)["ep"].guid == record.guid
    assert load_manifest(show)["ep"].date == record.date


def test_clean_keeps_what_shows_use(tmp_path, run_cli, write_show, build_cli):
    show = write_show(tmp_path / "show", {"ep.md": EPISODE})
    out, cache_dir = tmp_path / "out", tmp_path / "cache"
    build_cli(show, out, cache_dir)
    cache = SegmentCache(cache_dir)
    engine = get_engine("piper")
    stray = segment_key("Nobody uses this.", engine.identity())
    cache.put(stray, engine.synthesize("Nobody uses this."))
    pieces = ChunkCache(cache_dir)
    used_pieces = set(load_manifest(show)["ep"].pieces)
    assert used_pieces and pieces.keys() == used_pieces
    stray_piece = pieces.path("0" * 64)
    stray_piece.parent.mkdir(exist_ok=True)
    shutil.copy(pieces.path(sorted(used_pieces)[0]), stray_piece)  # a piece nobody uses
    result = run_cli("clean", show, env={"NARRATOR_CACHE_DIR": str(cache_dir)})
    assert result.returncode == 0, result.stderr
    assert "removed 1 cached segment(s), 1 encoded piece(s)" in result.stdout
    assert cache.keys() == set(load_manifest(show)["ep"].segments)
    assert pieces.keys() == used_pieces  # the episode's pieces stay
    assert len(list((cache_dir / "voices").glob("*.onnx"))) == 1  # the prepared voice stays
    result = run_cli("clean", "--all", env={"NARRATOR_CACHE_DIR": str(cache_dir)})
    assert "removed 5 cached segment(s)" in result.stdout and cache.keys() == set()
    assert pieces.keys() == set()
    assert list((cache_dir / "voices").glob("*.onnx")) == []
    # An empty cache does not make a published episode stale; remade from nothing (its MP3
    # deleted), the episode comes out byte for byte the same.
    assert "unchanged ep.mp3" in build_cli(show, out, cache_dir).stdout
    before = (out / "ep.mp3").read_bytes()
    (out / "ep.mp3").unlink()
    assert "speaking  5 segments" in build_cli(show, out, cache_dir).stdout
    assert (out / "ep.mp3").read_bytes() == before


def test_ctrl_c_stops_cleanly_keeps_the_cache_and_publishes_nothing(tmp_path, write_show, build_cli):
    """SIGINT to the whole process group, as a terminal sends it, in the middle of synthesis."""
    import os
    import signal
    import subprocess
    import sys
    import time

    sentences = " ".join(f"Sentence number {n} of a longer paragraph that takes a moment."
                         for n in range(1, 31))
    show = write_show(tmp_path / "show", {"long.md": f"# Interrupted\n\n{sentences}\n"})
    out, cache_dir = tmp_path / "out", tmp_path / "cache"
    env = {**os.environ, "NARRATOR_CACHE_DIR": str(cache_dir)}
    build = subprocess.Popen([sys.executable, "-m", "narrator", "build", str(show), "-o", str(out),
                              "--jobs", "2"], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, start_new_session=True)
    cache = SegmentCache(cache_dir)
    deadline = time.monotonic() + 120
    while len(cache.keys()) < 3 and time.monotonic() < deadline and build.poll() is None:
        time.sleep(0.1)
    assert build.poll() is None, "the build ended before it could be interrupted"
    os.killpg(build.pid, signal.SIGINT)
    _, stderr = build.communicate(timeout=60)
    assert build.returncode == 130
    assert stderr.strip().splitlines()[-1] == "error: interrupted; nothing half-made was published"
    assert "Traceback" not in stderr
    assert not (out / "feed.xml").exists() and not list(out.glob("*.mp3"))
    assert not list(out.glob(".narrator-staging-*"))
    kept = cache.keys()
    assert 3 <= len(kept) < 31 and all(cache.get(key) is not None for key in kept)
    with pytest.raises(ProcessLookupError):  # no worker outlived the build
        os.killpg(build.pid, 0)
    rebuilt = build_cli(show, out, cache_dir)
    assert f"speaking  {31 - len(kept)} segments" in rebuilt.stdout  # the title and 30 sentences
