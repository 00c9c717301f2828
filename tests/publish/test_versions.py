"""The output folder: published by swapping a link to a complete version, locked while a build
runs, and never a folder that is not narrator's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

from narrator import BuildOptions, build
from narrator.core.errors import NarratorError
from narrator.core.locks import Lock
from narrator.publish.versions import versions_dir



def test_output_is_a_link_to_a_complete_version_and_the_one_before_is_kept(tiny_show, tmp_path):
    out = tmp_path / "out"
    build(tiny_show, BuildOptions(out_dir=out))
    first = Path(os.path.realpath(out))
    assert out.is_symlink() and first.parent == versions_dir(out)
    assert not os.path.isabs(os.readlink(out))  # relative: the folder can be moved whole
    (tiny_show / "episodes" / "hello.txt").write_text("Hello\n\nThis is a longer test now.")
    build(tiny_show, BuildOptions(out_dir=out))
    second = Path(os.path.realpath(out))
    assert second != first and first.is_dir()  # readers mid-download keep their files
    assert (first / "hello.mp3").read_bytes() != (second / "hello.mp3").read_bytes()
    build(tiny_show, BuildOptions(out_dir=out))
    assert Path(os.path.realpath(out)) == second and first.is_dir()  # nothing changed
    (tiny_show / "episodes" / "hello.txt").write_text("Hello\n\nThis is the third text.")
    build(tiny_show, BuildOptions(out_dir=out))
    assert not first.exists()  # only the current version and the one before remain
    assert len([p for p in versions_dir(out).iterdir() if p.is_dir()]) == 2


def test_a_folder_from_before_versions_is_taken_over(tiny_show, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "feed.xml").write_text("<rss/>")  # what an older narrator published
    build(tiny_show, BuildOptions(out_dir=out))
    assert out.is_symlink() and (out / "hello.mp3").is_file()
    assert b"hello.mp3" in (out / "feed.xml").read_bytes()


@pytest.mark.parametrize("where", ["/", "~", "show", "show/episodes/out", "..", "foreign"])
def test_folders_that_are_not_narrators_are_refused(tiny_show, tmp_path, where, run_cli):
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("someone's own file")
    out = {"/": Path("/"), "~": Path.home(), "show": tiny_show, "..": tiny_show.parent,
           "show/episodes/out": tiny_show / "episodes" / "out", "foreign": foreign}[where]
    result = run_cli("build", tiny_show, "-o", out)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "output folder" in lines[0]
    assert (foreign / "notes.txt").read_text() == "someone's own file"
    assert not (tiny_show / "feed.xml").exists() and not (Path("/") / "feed.xml").exists()


def test_artwork_outside_the_show_is_refused(tmp_path, run_cli, write_show):
    show = write_show(tmp_path / "s", {"a.txt": "A\n\nText."}, config=(
        '[show]\ntitle = "T"\nbase_url = "https://example.org/"\n'
        'artwork = "../../../../../etc/passwd"\n'))
    result = run_cli("build", show, "-o", tmp_path / "out")
    assert result.returncode == 1
    assert "show.artwork" in result.stderr and "outside the show folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_second_build_of_the_same_show_fails_clearly_while_one_runs(tiny_show, tmp_path, run_cli):
    with Lock(tiny_show / ".narrator" / "build.lock", "test"):
        result = run_cli("build", tiny_show, "-o", tmp_path / "out")
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and "another build of the show" in result.stderr
    assert f"pid {os.getpid()}" in result.stderr
    assert not (tmp_path / "out").exists()
    with Lock(versions_dir(tmp_path / "out") / ".lock", "test"):  # another show, same folder
        with pytest.raises(NarratorError, match="another build of a show into"):
            build(tiny_show, BuildOptions(out_dir=tmp_path / "out"))
    build(tiny_show, BuildOptions(out_dir=tmp_path / "out"))  # the locks are free again


def test_two_builds_started_at_once_never_corrupt_the_output(tmp_path, write_show):
    show = write_show(tmp_path / "s", {f"{n}.txt": f"Episode {n}\n\nIt has a sentence. And another "
                                       f"one, number {n}." for n in range(3)})
    out = tmp_path / "out"
    command = [sys.executable, "-m", "narrator", "build", str(show), "-o", str(out), "-q"]
    first, second = (subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
                     for _ in range(2))
    results = [(p.wait(timeout=300), p.stderr.read()) for p in (first, second)]
    assert any(code == 0 for code, _ in results), results
    for code, stderr in results:
        assert code == 0 or (code == 1 and "another build of" in stderr
                             and len(stderr.strip().splitlines()) == 1), results
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 3
    for entry in feed.entries:
        name = entry.enclosures[0].href.rsplit("/", 1)[1]
        assert (out / name).stat().st_size == int(entry.enclosures[0].length)
