"""`narrator deploy`: the output onto a Git branch of a local bare repository, or mirrored into
a local folder; nothing leaves the machine."""

from __future__ import annotations

import shutil
import subprocess

import pytest

import narrator


def _git(*args, cwd=None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          check=True).stdout.strip()


@pytest.fixture
def built(tiny_show):
    narrator.build(tiny_show)
    return tiny_show


def test_deploy_to_a_git_branch(tmp_path, built, run_cli):
    bare = tmp_path / "site.git"
    _git("init", "-q", "--bare", str(bare))
    result = run_cli("deploy", str(built), "--git", str(bare), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    files = _git("--git-dir", str(bare), "ls-tree", "--name-only", "gh-pages").splitlines()
    assert {"feed.xml", "hello.mp3", ".nojekyll", "index.html"} <= set(files)
    first = _git("--git-dir", str(bare), "rev-parse", "gh-pages")
    # The same output again: no new commit.
    again = run_cli("deploy", str(built), "--git", str(bare))
    assert again.returncode == 0 and "already had this version" in again.stdout
    assert _git("--git-dir", str(bare), "rev-parse", "gh-pages") == first
    # A CNAME the branch has is kept; a changed show is a child commit of the one before.
    work = tmp_path / "work"
    _git("clone", "-q", "--branch", "gh-pages", str(bare), str(work))
    (work / "CNAME").write_text("pod.example.org\n")
    _git("add", "CNAME", cwd=work)
    _git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "cname", cwd=work)
    _git("push", "-q", "origin", "gh-pages", cwd=work)
    with_cname = _git("--git-dir", str(bare), "rev-parse", "gh-pages")
    (built / "episodes" / "hello.txt").write_text("Hello\n\nThis is a changed test. It ends.")
    narrator.build(built)
    narrator.deploy(built, git=str(bare))
    assert _git("--git-dir", str(bare), "rev-parse", "gh-pages^") == with_cname
    assert _git("--git-dir", str(bare), "show", "gh-pages:CNAME") == "pod.example.org"
    assert "changed test" in _git("--git-dir", str(bare), "show", "gh-pages:hello.txt")


def test_an_output_that_fails_validate_is_not_deployed(tmp_path, built, run_cli):
    bare = tmp_path / "site.git"
    _git("init", "-q", "--bare", str(bare))
    (built / "audio_out").resolve().joinpath("hello.mp3").unlink()  # broken after the build
    result = run_cli("deploy", str(built), "--git", str(bare))
    assert result.returncode == 1 and "nothing was deployed" in result.stderr
    assert _git("--git-dir", str(bare), "branch", "--list") == ""
    forced = run_cli("deploy", str(built), "--git", str(bare), "--force")
    assert forced.returncode == 0, forced.stderr


def test_deploy_mirrors_into_a_folder_and_spares_others(tmp_path, built, run_cli):
    target = tmp_path / "www"
    assert run_cli("deploy", str(built), "--rsync", str(target)).returncode == 0
    assert (target / "feed.xml").read_bytes() == (built / "audio_out" / "feed.xml").read_bytes()
    (target / "notes.txt").write_bytes(b"the user's own file, put there by hand")
    # A file narrator published before that the output no longer has is removed; a file it
    # did not put there is kept.
    (built / "audio_out" / "static").mkdir(exist_ok=True)
    (built / "audio_out" / "static" / "old.css").write_text("a{}")
    assert run_cli("deploy", str(built), "--rsync", str(target), "--force").returncode == 0
    assert (target / "static" / "old.css").is_file()
    (built / "audio_out" / "static" / "old.css").unlink()
    assert run_cli("deploy", str(built), "--rsync", str(target)).returncode == 0
    assert not (target / "static").exists()
    assert (target / "notes.txt").read_bytes() == b"the user's own file, put there by hand"
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.txt").write_text("years of work")
    refused = run_cli("deploy", str(built), "--rsync", str(mine))
    assert refused.returncode == 1 and "not deployed to before" in refused.stderr
    assert (mine / "thesis.txt").read_text() == "years of work"
    neither = run_cli("deploy", str(built))
    assert neither.returncode == 1 and "--git REMOTE or --rsync" in neither.stderr


def test_force_never_deletes_what_narrator_did_not_put_there(tmp_path, built, run_cli):
    mine = tmp_path / "mine"
    (mine / "sub").mkdir(parents=True)
    (mine / "thesis.txt").write_text("years of work")
    (mine / "sub" / "data.csv").write_text("1,2")
    (mine / "feed.xml").write_text("<rss>the user's own feed</rss>")  # in the way: replaced
    forced = run_cli("deploy", str(built), "--rsync", str(mine), "--force")
    assert forced.returncode == 0, forced.stderr
    assert (mine / "thesis.txt").read_text() == "years of work"
    assert (mine / "sub" / "data.csv").read_text() == "1,2"
    assert (mine / "hello.mp3").is_file()
    again = run_cli("deploy", str(built), "--rsync", str(mine), "--force")
    assert again.returncode == 0 and (mine / "thesis.txt").is_file()


@pytest.mark.parametrize("inside", ["episodes", ".", "..", "audio_out/x"])
def test_a_folder_of_the_show_is_never_a_target(tmp_path, built, run_cli, inside):
    before = {p: p.read_bytes() for p in (built / "episodes").iterdir()}
    result = run_cli("deploy", str(built), "--rsync", str(built / inside), "--force")
    assert result.returncode == 1 and "overlaps" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in (built / "episodes").iterdir()} == before


@pytest.mark.parametrize("option, value", [
    ("--git", "--upload-pack=touch PWNED"), ("--git", "-oProxyCommand=touch PWNED"),
    ("--branch", "-x"), ("--branch", "HEAD"), ("--branch", "a..b"), ("--branch", "--x"),
    ("--rsync", "-e touch PWNED"), ("--rsync", "--rsh=touch PWNED:x")])
def test_user_values_are_never_options_of_git_or_rsync(tmp_path, built, run_cli, option, value):
    bare = tmp_path / "site.git"
    _git("init", "-q", "--bare", str(bare))
    args = ["--git", str(bare), option, value] if option == "--branch" else [option, value]
    result = run_cli("deploy", str(built), *args, cwd=tmp_path)
    assert result.returncode == 1, result.stdout
    assert result.stderr.startswith("error:") and "Traceback" not in result.stderr
    assert not (tmp_path / "PWNED").exists() and not (built / "PWNED").exists()
    assert _git("--git-dir", str(bare), "branch", "--list") == ""


def test_a_file_as_destination_is_one_line(tmp_path, built, run_cli):
    plain = tmp_path / "file.txt"
    plain.write_text("mine")
    result = run_cli("deploy", str(built), "--rsync", str(plain))
    assert result.returncode == 1 and "not a folder" in result.stderr
    assert "Traceback" not in result.stderr and plain.read_text() == "mine"


@pytest.mark.skipif(shutil.which("rsync") is None, reason="rsync is not installed")
def test_rsync_deletes_only_what_it_deployed(tmp_path, built):
    from narrator.publish.deploy import _rsync

    out = (built / "audio_out").resolve()
    target = tmp_path / "host"
    target.mkdir()
    (target / "theirs.txt").write_text("not narrator's")
    (out / "static").mkdir(exist_ok=True)
    (out / "static" / "gone.css").write_text("a{}")
    _rsync(out, str(target), delete=True)
    assert (target / "static" / "gone.css").is_file() and (target / "feed.xml").is_file()
    (out / "static" / "gone.css").unlink()
    _rsync(out, str(target), delete=True)
    assert not (target / "static" / "gone.css").exists()
    assert (target / "theirs.txt").read_text() == "not narrator's"
    assert (target / "hello.mp3").is_file()


def test_a_site_that_is_not_a_podcast_deploys_like_any_site(tmp_path, built, run_cli):
    """A folder with no feed that narrator did not build (this documentation, say) is published
    without the podcast checks; a show's output that lost its feed is still refused."""
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>Docs</title><p>Read me.</p>")
    (site / "assets" / "style.css").write_text("p{margin:0}")
    target = tmp_path / "www"
    result = run_cli("deploy", str(site), "--rsync", str(target))
    assert result.returncode == 0, result.stderr
    assert (target / "assets" / "style.css").read_text() == "p{margin:0}"
    assert "no podcast checks" in result.stdout + result.stderr
    (built / "audio_out").resolve().joinpath("feed.xml").unlink()
    refused = run_cli("deploy", str(built), "--rsync", str(tmp_path / "show-www"))
    assert refused.returncode == 1 and "nothing was deployed" in refused.stderr
    assert not (tmp_path / "show-www").exists()
