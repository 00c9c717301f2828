"""A show someone else made (a cloned repository) or a damaged one: nothing outside the show is
read or published, nothing the user owns is replaced, every problem is one line (issue 29)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def _one_line_error(result, *words):
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines and lines[0].startswith("error:"), result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


SECRET = "The private key is swordfish. Nobody may hear it."


@pytest.mark.parametrize("where", ["episodes/leak.txt", "static/leak.txt", "static",
                                   "cover.png", "episodes/hello.script"])
def test_links_out_of_the_show_are_refused(tmp_path, tiny_show, run_cli, where):
    secret = tmp_path / "private"
    secret.mkdir()
    (secret / "leak.txt").write_text(SECRET)
    (secret / "cover.png").write_bytes((tiny_show / "cover.png").read_bytes())
    (secret / "hello.script").write_text(SECRET)
    link = tiny_show / where
    link.parent.mkdir(exist_ok=True)
    if link.exists():
        link.unlink()
    target = secret if where == "static" else secret / Path(where).name
    os.symlink(target, link)
    result = run_cli("build", str(tiny_show))
    _one_line_error(result, "outside the show folder", Path(where).name)
    out = tiny_show / "audio_out"
    published = [p for p in out.rglob("*") if p.is_file()] if out.exists() else []
    assert not any(SECRET in p.read_text(errors="replace") for p in published)


def test_a_link_inside_the_show_is_fine(tmp_path, tiny_show, run_cli):
    (tiny_show / "art").mkdir()
    os.replace(tiny_show / "cover.png", tiny_show / "art" / "cover.png")
    os.symlink(tiny_show / "art" / "cover.png", tiny_show / "cover.png")
    assert run_cli("build", str(tiny_show)).returncode == 0
