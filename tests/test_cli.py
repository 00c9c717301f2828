import re
import subprocess
import sys

import pytest
import requests
import responses
from click.testing import CliRunner
from PIL import Image

from narrator import __version__
from narrator.cli import main
from narrator.audio.engines.gtts import GTTSEngine
from narrator.audio.tags import read_tags


COMMANDS = ["init", "build", "speak", "engines"]


def runner() -> CliRunner:
    """A CliRunner that keeps stderr apart (click 8.1 needs asking; 8.2 always does)."""
    try:
        return CliRunner(mix_stderr=False)
    except TypeError:
        return CliRunner()


def test_version_and_module_entry_point(run_cli):
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"narrator, version {__version__}"


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_command_has_help(command):
    result = runner().invoke(main, [command, "--help"] if command else ["--help"],
                             prog_name="narrator")
    assert result.exit_code == 0
    assert result.output.startswith("Usage: narrator")
    if command:
        help_line = main.commands[command].help.strip().splitlines()[0]
        assert len(help_line) > 20 and help_line in result.output


def test_init_scaffolds_a_show_that_builds(tmp_path, run_cli):
    show = tmp_path / "my-show"
    result = run_cli("init", show)
    assert result.returncode == 0, result.stderr
    assert (show / "narrator.toml").is_file() and (show / "episodes").is_dir()
    with Image.open(show / "cover.png") as cover:
        assert cover.format == "PNG" and cover.size[0] == cover.size[1]
        assert 1400 <= cover.size[0] <= 3000
    again = run_cli("init", show)
    assert again.returncode == 1 and "already exists" in again.stderr
    built = run_cli("build", show, "--out", tmp_path / "out")
    assert built.returncode == 0, built.stderr
    assert "built     welcome.mp3" in built.stdout
    assert (tmp_path / "out" / "feed.xml").is_file()
    # Kept in Git, the show keeps its sources and manifest, not what builds make again.
    import subprocess

    subprocess.run(["git", "init", "-q", str(show)], check=True)
    assert run_cli("build", show, "-q").returncode == 0  # into the show's own audio_out
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"],
                            cwd=show, capture_output=True, text=True, check=True).stdout
    assert "narrator.toml" in status and ".narrator/manifest.json" in status
    assert "audio_out" not in status and ".mp3" not in status and ".lock" not in status


def test_speak_writes_one_tagged_mp3(tmp_path, run_cli):
    source = tmp_path / "article.md"
    source.write_text("# Reading Aloud\n\nA reader who just wants an article read aloud.")
    result = run_cli("speak", source, "-o", tmp_path / "article.mp3")
    assert result.returncode == 0, result.stderr
    tags = read_tags(tmp_path / "article.mp3")
    assert tags["TIT2"] == "Reading Aloud"
    assert "read aloud" in tags["USLT"]


def test_engines_lists_status_and_voices(run_cli):
    result = run_cli("engines")
    assert result.returncode == 0
    assert re.search(r"piper \(default\):.*\n  status: usable\n  voices: en_US-joe-medium",
                     result.stdout)
    assert "gtts:" in result.stdout and "needs an internet connection" in result.stdout


def _one_error_line(result, pattern):
    assert result.returncode == 1, (result.stdout, result.stderr)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors and re.search(pattern, errors[0]), result.stderr
    assert "Traceback" not in result.stderr


def test_missing_show_dir(tmp_path, run_cli):
    _one_error_line(run_cli("build", tmp_path / "nope"), r"nope: show folder not found")


def test_bad_toml(tiny_show, tmp_path, run_cli):
    (tiny_show / "narrator.toml").write_text("[show]\ntitle = \n")
    _one_error_line(run_cli("build", tiny_show, "--out", tmp_path / "o"),
                    r"narrator\.toml: invalid TOML")


def test_wrong_types_all_reported(tiny_show, tmp_path, run_cli):
    (tiny_show / "narrator.toml").write_text("[show]\ntitle = 5\n[audio]\nbitrate_kbps = 'x'\n")
    result = run_cli("build", tiny_show, "--out", tmp_path / "o")
    _one_error_line(result, r"narrator\.toml: show\.title: expected a string, got 5")
    assert "narrator.toml: audio.bitrate_kbps: expected an integer" in result.stderr


def test_a_misspelt_key_fails_the_build_naming_the_right_one(tiny_show, tmp_path, run_cli):
    toml = tiny_show / "narrator.toml"
    toml.write_text(toml.read_text().replace("author =", "autor ="))
    result = run_cli("build", tiny_show, "--out", tmp_path / "o")
    assert result.returncode == 1
    assert "unknown key 'autor' in [show] — did you mean 'author'?" in result.stderr
    toml.write_text("allow_unknown_keys = true\n" + toml.read_text())
    allowed = run_cli("build", tiny_show, "--out", tmp_path / "o")
    assert allowed.returncode == 0 and "warning: " in allowed.stderr


@pytest.mark.parametrize("name, data, pattern", [
    ("empty.txt", b"", r"empty\.txt: no text to narrate"),
    ("blob.txt", b"\x89PNG\r\n\x1a\n\x00\x00", r"blob\.txt: not a text file"),
])
def test_empty_or_binary_episode(tiny_show, tmp_path, name, data, pattern, run_cli):
    (tiny_show / "episodes" / name).write_bytes(data)
    _one_error_line(run_cli("build", tiny_show, "--out", tmp_path / "o"), pattern)


@pytest.mark.parametrize("voice_section, pattern", [
    ('engine = "festival"', r"narrator\.toml: voice: unknown engine 'festival'; choose one of"),
    ('voice = "en_GB-nobody"', r"narrator\.toml: voice: unknown piper voice 'en_GB-nobody'"),
])
def test_unknown_engine_or_voice(tiny_show, tmp_path, voice_section, pattern, run_cli):
    toml = tiny_show / "narrator.toml"
    toml.write_text(toml.read_text() + f"[voice]\n{voice_section}\n")
    _one_error_line(run_cli("build", tiny_show, "--out", tmp_path / "o"), pattern)


def test_verbose_shows_the_traceback(tmp_path, run_cli):
    result = run_cli("--verbose", "build", tmp_path / "nope")
    assert result.returncode == 1 and "Traceback" in result.stderr
    assert "error: " in result.stderr


@responses.activate
def test_gtts_without_network_fails_cleanly_and_publishes_nothing(tiny_show, tmp_path,
                                                                   monkeypatch):
    # In-process, so that `responses` stands in for the network: nothing leaves this machine.
    monkeypatch.setattr(GTTSEngine, "RETRY_DELAYS_S", (0, 0))
    responses.post(re.compile(r"https://translate\.google\.com/.*"),
                   body=requests.ConnectionError("Name or service not known"))
    toml = tiny_show / "narrator.toml"
    toml.write_text(toml.read_text() + '[voice]\nengine = "gtts"\nvoice = "en"\n')
    out = tmp_path / "o"
    result = runner().invoke(main, ["build", str(tiny_show), "--out", str(out)])
    assert result.exit_code == 1
    # No network at all: said at once, with the offline voice to use instead (no retries).
    assert re.search(r"^error: .*gtts: cannot reach translate\.google\.com: no network .*the "
                     r"piper engine works offline", result.stderr, re.M)
    assert "Traceback" not in result.stderr
    assert not (out / "feed.xml").exists() and not list(out.glob("*.mp3"))
    assert len(responses.calls) == 1


def test_python_dash_m_runs_the_same_cli():
    direct = subprocess.run([sys.executable, "-m", "narrator", "--help"], capture_output=True,
                            text=True)
    assert direct.returncode == 0 and "build" in direct.stdout and "speak" in direct.stdout


def test_speak_missing_file_and_show_without_episodes(tmp_path, tiny_show, run_cli):
    _one_error_line(run_cli("speak", tmp_path / "gone.txt", "-o", tmp_path / "x.mp3"),
                    r"gone\.txt: file not found")
    assert not (tmp_path / "x.mp3").exists()
    for episode in (tiny_show / "episodes").iterdir():
        episode.unlink()
    _one_error_line(run_cli("build", tiny_show, "--out", tmp_path / "o"),
                    r"episodes: no episodes: add \.txt, \.md, \.html, \.epub or \.pdf files")


def test_several_shows_in_one_build(tmp_path, write_show):
    first = write_show(tmp_path / "first", {"a.txt": "First show.\n\nOne sentence here."})
    second = write_show(tmp_path / "second", {"b.txt": "Second show.\n\nAnother sentence."})
    result = runner().invoke(main, ["build", "-n", str(first), str(second)])
    assert result.exit_code == 0, result.output
    assert f"would build {first}/a.mp3" in result.output
    assert f"would build {second}/b.mp3" in result.output
    refused = runner().invoke(main, ["build", str(first), str(second), "-o", str(tmp_path / "o")])
    assert refused.exit_code == 1 and "--out takes one show" in refused.stderr
    assert not (tmp_path / "o").exists()
