"""A show's output folder is a setting of the show, resolved against the show folder: build,
serve and validate given a show folder act on the same output from any working folder."""

from __future__ import annotations

import os

import narrator
from narrator.core.errors import ConfigError
import pytest


def test_build_from_another_folder_writes_into_the_shows_output(tmp_path, tiny_show, run_cli):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run_cli("build", str(tiny_show), "-q", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert (tiny_show / "audio_out" / "feed.xml").is_file()
    assert not (elsewhere / "audio_out").exists()
    checked = run_cli("validate", str(tiny_show), cwd=elsewhere)
    assert checked.returncode == 0, checked.stderr
    assert str(tiny_show / "audio_out") in checked.stdout
    # from inside the show, validate with no argument finds the same folder
    inside = run_cli("validate", cwd=tiny_show)
    assert inside.returncode == 0 and "audio_out" in inside.stdout


def test_the_output_setting_is_relative_to_the_show(tmp_path, write_show):
    show = write_show(tmp_path / "show", {"a.txt": "Hello there. This is it."},
                      config='[show]\ntitle = "T"\n[build]\noutput = "../site"\n')
    assert narrator.output_folder(show) == tmp_path / "site"
    assert narrator.output_folder(show / "narrator.toml") == tmp_path / "site"
    assert narrator.output_folder(tmp_path / "site") == tmp_path / "site"  # an output folder
    cwd = os.getcwd()
    try:
        os.chdir(show)
        assert narrator.output_folder() == tmp_path / "site"
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("output", [".", "..", ""])
def test_an_output_that_would_hold_the_show_is_refused(tmp_path, write_show, output):
    show = write_show(tmp_path / "show", {"a.txt": "Hello there."},
                      config=f'[show]\ntitle = "T"\n[build]\noutput = "{output}"\n')
    with pytest.raises(ConfigError, match="build.output"):
        narrator.load_show(show)


def test_a_link_file_in_episodes_is_named_not_skipped_silently(tmp_path, write_show, run_cli):
    show = write_show(tmp_path / "show", {"a.txt": "Hello there. This is a test."})
    (show / "episodes" / "later.url").write_text("[InternetShortcut]\nURL=http://127.0.0.1/x\n")
    (show / "episodes" / "picture.png").write_bytes(b"\x89PNG")
    result = run_cli("build", str(show), "-n")
    assert result.returncode == 0, result.stderr
    assert "later.url: not an episode source" in result.stderr
    assert "narrator add" in result.stderr
    assert "picture.png" not in result.stderr
