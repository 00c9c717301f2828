"""`narrator deploy`: the output onto a Git branch of a local bare repository, or mirrored into
a local folder; nothing leaves the machine."""

from __future__ import annotations

import subprocess

import pytest

import narrator


def _git(*args, cwd=None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          check=True).stdout.strip()


@pytest.fixture
def built(tiny_show):
    narrator.build_show(tiny_show)
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
    narrator.build_show(built)
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
    (target / "stale.mp3").write_bytes(b"old")
    assert run_cli("deploy", str(built), "--rsync", str(target)).returncode == 0
    assert not (target / "stale.mp3").exists()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.txt").write_text("years of work")
    refused = run_cli("deploy", str(built), "--rsync", str(mine))
    assert refused.returncode == 1 and "not deployed to before" in refused.stderr
    assert (mine / "thesis.txt").read_text() == "years of work"
    neither = run_cli("deploy", str(built))
    assert neither.returncode == 1 and "--git REMOTE or --rsync" in neither.stderr
