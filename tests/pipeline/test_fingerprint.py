"""A build that changes nothing publishes nothing, and anything that would change what is
published (a setting, a static file, a file changed by hand in the output) is published; the
memos that make such a build fast give what working it out gives."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from narrator import BuildOptions, build
from narrator.pipeline.run import plan_build
from narrator.core.config import load_config
from narrator.core.memo import Memos
from narrator.text.readers import read_source
from narrator.text.scriptfile import parse, script_path

EPISODES = {
    "one.md": "---\ndate: 2026-03-01\nseason: 2\nexplicit: true\ndescription: The first.\n---\n"
              "# One\n\nOn 3 May 2025 the survey counted 1,250 herons. It cost $4.5 million.\n\n"
              "Photo: Getty Images\n\nA second paragraph, at 7 p.m., ends it.\n",
    "two.txt": "Two\n\nThe second episode is plain text. It has 12 words, give or take.\n",
}


def _files(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.iterdir()) if p.is_file()}


def _versions(out: Path) -> list[str]:
    return sorted(p.name for p in (out.parent / f".{out.name}.versions").iterdir() if p.is_dir())


@pytest.fixture
def built(tmp_path, write_show):
    show = write_show(tmp_path / "show", EPISODES)
    out = tmp_path / "out"
    build(show, BuildOptions(out_dir=out))
    return show, out


def test_a_build_that_changes_nothing_publishes_nothing(built, run_cli):
    show, out = built
    version, files, versions = os.readlink(out), _files(out), _versions(out)
    first = run_cli("build", show, "-o", out)
    again = run_cli("build", show, "-o", out)
    assert first.returncode == again.returncode == 0, again.stderr
    assert "nothing to publish" in again.stdout and "unchanged one.mp3" in again.stdout
    assert os.readlink(out) == version and _files(out) == files
    # No version made, none pruned (the first build left its own, and the one before it: the
    # first episode published as soon as it was made).
    assert _versions(out) == versions and len(versions) == 2
    # What the checks said when the version was made is said again.
    assert [line for line in again.stderr.splitlines() if "before publishing" in line] == \
        [line for line in first.stderr.splitlines() if "before publishing" in line]


@pytest.mark.parametrize("change", ["edited", "edited, same size and time", "deleted",
                                    "added"])
def test_a_file_changed_by_hand_in_the_output_is_made_again(built, change):
    show, out = built
    files = _files(out)
    if change == "edited":  # in place: the same inode, as an editor saving over it may do
        with open(out / "feed.xml", "r+b") as handle:
            handle.write(b"<!-- by hand -->")
    elif change == "edited, same size and time":  # size, time and inode all kept
        feed = out / "feed.xml"
        info = feed.stat()
        with open(feed, "r+b") as handle:
            handle.write(b"<!-- broken -->")
        os.utime(feed, ns=(info.st_atime_ns, info.st_mtime_ns))
        assert (feed.stat().st_size, feed.stat().st_mtime_ns, feed.stat().st_ino) == \
            (info.st_size, info.st_mtime_ns, info.st_ino)
    elif change == "deleted":
        (out / "index.html").unlink()
    else:
        (out / "notes.txt").write_text("a file put there by hand\n")
    build(show, BuildOptions(out_dir=out))
    assert _files(out) == files


def test_what_only_the_feed_and_pages_show_is_published(built):
    show, out = built
    mp3 = (out / "one.mp3").read_bytes()
    config = show / "narrator.toml"
    config.write_text(config.read_text().replace("A show made by the tests.",
                                                 "A show the tests describe anew."))
    build(show, BuildOptions(out_dir=out))
    assert "A show the tests describe anew." in (out / "feed.xml").read_text()
    assert "A show the tests describe anew." in (out / "index.html").read_text()
    assert (out / "one.mp3").read_bytes() == mp3
    (show / "static").mkdir()
    (show / "static" / "robots.txt").write_text("User-agent: *\n")
    build(show, BuildOptions(out_dir=out))
    assert (out / "robots.txt").read_text() == "User-agent: *\n"
    (show / "static" / "robots.txt").write_text("User-agent: *\nDisallow: /\n")
    build(show, BuildOptions(out_dir=out))
    assert (out / "robots.txt").read_text().endswith("Disallow: /\n")


def test_memos_give_what_working_it_out_gives(built):
    show, out = built
    memo = show / ".narrator" / "memo"
    assert sorted(p.name for p in memo.iterdir()) == [
        "cover.check.json", "one.md.read.json", "one.spoken.json", "two.spoken.json",
        "two.txt.read.json"]
    config = load_config(show)
    _, plans = plan_build(config, BuildOptions(out_dir=out))
    for plan in plans:
        source = Path(plan.document.source)
        assert plan.document == read_source(source)  # from the memo, as reading gives it
        assert plan.current
        fresh = parse(script_path(source).read_text(), script_path(source), config.pauses,
                      config.lexicon, config.show.language)
        assert [s.spoken for s in plan.script.segments[:len(fresh.segments)]] == \
            [s.spoken for s in fresh.segments]
    assert "one thousand two hundred and fifty" in " ".join(
        s.spoken for s in plans[0].script.segments)


def test_a_damaged_or_stale_memo_is_not_used(built):
    show, out = built
    memo = show / ".narrator" / "memo"
    files = _files(out)
    (memo / "one.md.read.json").write_text("{not json")
    spoken = json.loads((memo / "two.spoken.json").read_text())
    spoken["value"] = {text: "something else" for text in spoken["value"]}
    spoken["key"] = "0" * 64  # kept for other inputs: not these
    (memo / "two.spoken.json").write_text(json.dumps(spoken))
    (memo / "cover.check.json").write_text('{"key": 1, "value": ["x"]}')
    build(show, BuildOptions(out_dir=out))
    assert _files(out) == files
    # A lexicon is an input of the spoken forms: the memo of the old one is not used.
    config = show / "narrator.toml"
    config.write_text(config.read_text() + '\n[lexicon]\n"herons" = "grey herons"\n')
    build(show, BuildOptions(out_dir=out))
    memo_value = json.loads((memo / "one.spoken.json").read_text())["value"]
    assert any("grey herons" in spoken for spoken in memo_value.values())
    assert (out / "one.mp3").read_bytes() != b"" and _files(out)["one.mp3"] != files["one.mp3"]


def test_a_dry_run_writes_no_memo_and_memos_of_gone_sources_go(tmp_path, write_show):
    show = write_show(tmp_path / "show", EPISODES)
    out = tmp_path / "out"
    build(show, BuildOptions(out_dir=out, dry_run=True))
    assert not (show / ".narrator" / "memo").exists()
    build(show, BuildOptions(out_dir=out))
    (show / "episodes" / "two.txt").unlink()
    build(show, BuildOptions(out_dir=out))
    assert sorted(p.name for p in (show / ".narrator" / "memo").iterdir()) == [
        "cover.check.json", "one.md.read.json", "one.spoken.json"]
    assert not (out / "two.mp3").exists()


def test_memos_hold_no_code(built):
    """Memos are JSON, never pickles: a show folder shared with others cannot run code."""
    show, _ = built
    for path in (show / ".narrator" / "memo").iterdir():
        assert set(json.loads(path.read_text())) == {"key", "value"}
    assert Memos(None).get("anything", "key") is None


def test_the_same_show_named_from_another_folder_is_unchanged(tmp_path, write_show, run_cli):
    show = write_show(tmp_path / "show", {"a.txt": "Hello there. This is it."},
                      config='[show]\ntitle = "T"\nauthor = "A"\n')  # on localhost: warnings
    first = run_cli("build", "show", "-o", "out", cwd=tmp_path)
    assert first.returncode == 0 and "before publishing: out/feed.xml" in first.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    again = run_cli("build", show, "-o", tmp_path / "out", cwd=elsewhere)
    assert "nothing to publish" in again.stdout, again.stdout
    # The warnings name the output folder as this run names it.
    assert f"before publishing: {tmp_path / 'out'}/feed.xml" in again.stderr
    assert not (elsewhere / "out").exists()
