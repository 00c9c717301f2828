"""Cases found by probing the built tool as a careless or hostile user would: each one lost a
user's file, left a build locked, or ended in an internal error before it was fixed."""

from __future__ import annotations

import json
import os
import resource
import signal
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from narrator.audio.cache import SegmentCache, segment_key
from narrator.audio.engines import get_engine
from narrator import BuildOptions, build
from narrator.core.errors import NarratorError

REPO = Path(__file__).resolve().parents[2]


def _one_error_line(result, pattern: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors and pattern in errors[0], result.stderr
    assert "Traceback" not in result.stderr


def test_a_blog_folder_with_a_feed_is_refused_and_keeps_every_file(tiny_show, tmp_path,
                                                                   run_cli):
    blog = tmp_path / "blog"
    (blog / "posts").mkdir(parents=True)
    (blog / "feed.xml").write_text("x")
    (blog / "posts" / "2019-trip.html").write_text("only copy")
    _one_error_line(run_cli("build", tiny_show, "--out", blog), "holds files that narrator")
    assert not blog.is_symlink()
    assert (blog / "posts" / "2019-trip.html").read_text() == "only copy"


def test_building_from_inside_the_output_folder_is_refused(tiny_show, tmp_path, run_cli):
    out = tmp_path / "out"
    build(tiny_show, BuildOptions(out_dir=out))
    inside = run_cli("build", tiny_show.resolve(), "--out", ".", cwd=out)
    _one_error_line(inside, "inside narrator's versions folder")
    assert run_cli("build", tiny_show, "--out", out).returncode == 0


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_workers_die_with_a_killed_build_and_leave_no_lock(tmp_path, write_show, run_cli):
    text = "# Long\n\n" + " ".join(f"Sentence number {n} of a text long enough to need two "
                                   "workers." for n in range(40))
    show = write_show(tmp_path / "show", {"long.md": text})
    env = {**os.environ, "NARRATOR_CACHE_DIR": str(tmp_path / "cache")}
    build = subprocess.Popen([sys.executable, "-m", "narrator", "build", str(show), "-o",
                              str(tmp_path / "out"), "--jobs", "2"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        workers = [pid for pid in _children(build.pid)
                   if b"narrator" in Path(f"/proc/{pid}/cmdline").read_bytes()
                   or b"python" in Path(f"/proc/{pid}/cmdline").read_bytes()]
        time.sleep(0.1)
    assert len(workers) >= 2, "the build started no workers"
    os.kill(build.pid, signal.SIGKILL)  # the build alone, as the OOM killer does
    build.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)
    again = run_cli("build", show, "-o", tmp_path / "out", env={"NARRATOR_CACHE_DIR":
                                                                  str(tmp_path / "cache")})
    assert again.returncode == 0, again.stderr


def test_speak_never_replaces_a_source_or_a_file_it_did_not_write(tmp_path, run_cli):
    source = tmp_path / "art.txt"
    source.write_text("Hello\n\nA short text to read aloud.")
    _one_error_line(run_cli("speak", source, "-o", source), "is the source being spoken")
    assert source.read_text().startswith("Hello")
    config = tmp_path / "narrator.mp3"
    config.write_text("someone's file")
    _one_error_line(run_cli("speak", source, "-o", config), "narrator did not write it")
    assert config.read_text() == "someone's file"
    folder = tmp_path / "out"
    folder.mkdir()
    assert run_cli("speak", source, "-o", folder).returncode == 0
    assert (folder / "art.mp3").read_bytes()[:3] == b"ID3"
    again = run_cli("speak", source, "-o", folder / "art.mp3")  # its own file: replaced
    assert again.returncode == 0, again.stderr
    assert run_cli("speak", source, "-o", config, "--force").returncode == 0


def test_two_sources_of_one_episode_fail_alone_and_other_scripts_stay_apart(
        tmp_path, write_show, run_cli):
    show = write_show(tmp_path / "show", {"welcome.md": "# Welcome\n\nThe first one.",
                                          "other.md": "# Other\n\nAnother one."})
    out = tmp_path / "out"
    build(show, BuildOptions(out_dir=out))
    (show / "episodes" / "Welcome.txt").write_text("Welcome\n\nA second welcome.")
    (show / "episodes" / "日本語.txt").write_text("Title\n\nA text with a Japanese name.")
    (show / "episodes" / "Русский.txt").write_text("Title\n\nA text with a Russian name.")
    result = run_cli("build", show, "-o", out, "--keep-going")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "Welcome.txt" in errors[0] and "welcome.md" in errors[0]
    published = {p.name for p in out.iterdir()}
    assert {"welcome.mp3", "other.mp3", "日本語.mp3", "русский.mp3"} <= published
    feed = (out / "feed.xml").read_text()
    assert "A second welcome" not in (out / "welcome.txt").read_text()
    assert "%E6%97%A5%E6%9C%AC%E8%AA%9E.mp3" in feed  # links percent-encoded


def test_a_long_file_name_builds(tmp_path, write_show):
    name = "a" * 240 + ".txt"
    show = write_show(tmp_path / "show", {name: "Title\n\nA text with a very long name."})
    result = build(show, BuildOptions(out_dir=tmp_path / "out"))
    assert len(result.episodes[0].mp3.name.encode()) < 200


@pytest.mark.parametrize("date", ["2026-02-30", "2026-13-45", "0000-01-01"])
def test_impossible_dates_are_one_line_even_with_keep_going(tmp_path, write_show, run_cli,
                                                           date):
    show = write_show(tmp_path / "show", {"a.md": f"---\ndate: {date}\n---\n# A\n\nText.",
                                          "b.md": "# B\n\nOther text."})
    result = run_cli("build", show, "-o", tmp_path / "out", "--keep-going")
    _one_error_line(result, "a.md: front matter")
    assert (tmp_path / "out" / "b.mp3").is_file()


def _png_header(width: int, height: int) -> bytes:
    """A PNG that says it is width x height (no pixels: only its size is read)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                            0, 0, 0)) + chunk(b"IEND", b""))


@pytest.mark.parametrize("side", [20000, 30000])
def test_an_enormous_cover_is_one_line(tiny_show, tmp_path, run_cli, side):
    (tiny_show / "cover.png").write_bytes(_png_header(side, side))
    _one_error_line(run_cli("build", tiny_show, "-o", tmp_path / "out"), "cover.png")


def test_init_where_episodes_is_a_file(tmp_path, run_cli):
    (tmp_path / "show").mkdir()
    (tmp_path / "show" / "episodes").write_text("not a folder")
    _one_error_line(run_cli("init", tmp_path / "show"), "episodes")


def test_a_file_size_limit_is_one_line_and_publishes_nothing(tiny_show, tmp_path):
    out = tmp_path / "out"
    # the voice prepared, unlimited
    build(tiny_show, BuildOptions(out_dir=out, cache_dir=tmp_path / "cache"))
    before = (out / "hello.mp3").read_bytes()
    (tiny_show / "episodes" / "hello.txt").write_text(
        "Hello\n\n" + " ".join(f"This is sentence {n} of a longer text." for n in range(30)))

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (150_000, 150_000))

    result = subprocess.run([sys.executable, "-m", "narrator", "build", str(tiny_show), "-o",
                             str(out), "--jobs", "1"], capture_output=True, text=True,
                            preexec_fn=limit, env={**os.environ, "NARRATOR_CACHE_DIR":
                                                   str(tmp_path / "cache")})
    _one_error_line(result, "too large")
    assert (out / "hello.mp3").read_bytes() == before


def test_damaged_cache_entries_are_made_again(tmp_path, tiny_show):
    cache = SegmentCache(tmp_path / "cache")
    engine = get_engine("piper")
    folder_key = segment_key("This is a short test.", engine.identity())
    cache.path(folder_key).mkdir(parents=True)  # a folder where an entry belongs
    bad_key = segment_key("It ends.", engine.identity())
    payload = b"\x00\x01" * 100
    header = {"rate": 22050, "width": 0, "channels": 1, "frames": 0,
              "sha256": __import__("hashlib").sha256(payload).hexdigest()}
    cache.path(bad_key).parent.mkdir(parents=True, exist_ok=True)
    cache.path(bad_key).write_bytes(json.dumps(header).encode() + b"\n" + payload)
    build(tiny_show, BuildOptions(out_dir=tmp_path / "out", cache_dir=tmp_path / "cache"))
    assert cache.path(folder_key).is_file() and cache.get(bad_key) is not None


@pytest.mark.parametrize("template", ["{title:>1000000000}", "{show!r:>99999999999}",
                                      "{title.__class__}"])
def test_templates_take_only_plain_placeholders(tiny_show, tmp_path, template):
    (tiny_show / "narrator.toml").write_text(
        (tiny_show / "narrator.toml").read_text() + f"intro = {json.dumps(template)}\n")
    with pytest.raises(NarratorError, match="show.intro"):
        build(tiny_show, BuildOptions(out_dir=tmp_path / "out", dry_run=True))


def test_clean_all_removes_only_what_narrator_wrote(tmp_path, run_cli):
    voices = tmp_path / "cache" / "voices"
    voices.mkdir(parents=True)
    (voices / "interview.wav").write_bytes(b"RIFF")
    (voices / f"en_US-joe-medium-{'a' * 32}.onnx").write_bytes(b"x" * 10)
    result = run_cli("clean", "--all", "--cache-dir", tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    assert (voices / "interview.wav").read_bytes() == b"RIFF"
    assert not (voices / f"en_US-joe-medium-{'a' * 32}.onnx").exists()
    assert "1 prepared voice(s)" in result.stdout and "kept 0 segment(s)" in result.stdout


def test_the_suite_passes_from_a_shell_that_ignores_sigint(tmp_path):
    # `nohup scripts/test &`: children inherit an ignored SIGINT unless conftest restores it.
    def ignore() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)

    test = "tests/publish/test_serve.py::test_serve_command_builds_serves_and_stops_on_ctrl_c"
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             test], cwd=REPO, capture_output=True, text=True, timeout=300,
                            preexec_fn=ignore)
    assert result.returncode == 0, result.stdout[-2000:]


def test_comments_in_a_script_survive_a_changed_source(tiny_show, tmp_path):
    build(tiny_show, BuildOptions(out_dir=tmp_path / "out"))
    script = tiny_show / "episodes" / "hello.script"
    script.write_text(script.read_text().replace(
        "\n\n", "\n# check the pronunciation of Baines\n\n", 1))
    (tiny_show / "episodes" / "hello.txt").write_text("Hello\n\nThis is a changed test. It ends.")
    build(tiny_show, BuildOptions(out_dir=tmp_path / "out"))
    text = script.read_text()
    assert "# check the pronunciation of Baines" in text and "changed test" in text
    assert text.count("# check the pronunciation") == 1


def test_validation_names_the_output_folder_not_the_staging(tiny_show, tmp_path, monkeypatch):
    from narrator.pipeline import release
    from narrator.publish.validate import Problem, ValidationFailed

    def failing(staging, **_):
        return [Problem(str(staging / "feed.xml"), "broken on purpose", "nothing")]

    monkeypatch.setattr(release, "validate_show", failing)
    with pytest.raises(ValidationFailed) as caught:
        build(tiny_show, BuildOptions(out_dir=tmp_path / "out"))
    assert caught.value.lines() == [f"{tmp_path / 'out' / 'feed.xml'}: broken on purpose — "
                                    "nothing"]


def test_a_dry_run_counts_the_segments_the_build_speaks(tmp_path, write_show, run_cli):
    show = write_show(tmp_path / "show", {"word.txt": "Word\n\n" + "x" * 20000})
    env = {"NARRATOR_CACHE_DIR": str(tmp_path / "cache")}
    dry = run_cli("build", show, "-o", tmp_path / "out", "--dry-run", env=env)
    planned = int(dry.stdout.split(" segment(s) to synthesize")[0].rsplit(" ", 1)[1])
    plan = build(show, BuildOptions(out_dir=tmp_path / "out", dry_run=True,
                                    cache_dir=tmp_path / "cache"))
    assert planned == plan.segments == len({s.spoken for s in
                                             narrator_script(show / "episodes" / "word.txt")})


def narrator_script(source):
    import narrator

    return [s for s in narrator.script(source).segments]


def test_a_static_folder_is_published_and_strays_are_reported(tiny_show, tmp_path, run_cli):
    out = tmp_path / "out"
    (tiny_show / "static").mkdir()
    (tiny_show / "static" / "CNAME").write_text("pod.example.org\n")
    assert run_cli("build", tiny_show, "-o", out).returncode == 0
    assert (out / "CNAME").read_text() == "pod.example.org\n"
    (out / "robots.txt").write_text("User-agent: *\n")  # added by hand: not kept
    (tiny_show / "episodes" / "hello.txt").write_text("Hello\n\nA changed text. It ends.")
    result = run_cli("build", tiny_show, "-o", out)
    assert "left out  robots.txt" in result.stderr and "static" in result.stderr
    assert (out / "CNAME").is_file() and not (out / "robots.txt").exists()


def test_speak_writes_the_format_its_output_names(tmp_path, run_cli):
    source = tmp_path / "note.txt"
    source.write_text("Note\n\nA short note read aloud.")
    assert run_cli("speak", source, "-o", tmp_path / "note.wav").returncode == 0
    data = (tmp_path / "note.wav").read_bytes()
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    assert run_cli("speak", source, "-o", tmp_path / "note.wav").returncode == 0  # its own
    _one_error_line(run_cli("speak", source, "-o", tmp_path / "note.ogg"), "NAME.wav")


def test_speak_reads_standard_input(tmp_path):
    result = subprocess.run([sys.executable, "-m", "narrator", "speak", "-", "-o",
                             str(tmp_path / "x.wav")], input="A note from standard input.\n",
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "x.wav").read_bytes()[:4] == b"RIFF"
