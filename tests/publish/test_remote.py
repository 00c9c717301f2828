"""`narrator deploy --to`: a show onto a real S3 server (`rclone serve s3` on 127.0.0.1, read back
over plain HTTP, content types and all) and a real WebDAV server, in an order no app can catch
half-done; killed at every step and at random moments; a stranger's files never touched."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import feedparser
import pytest

import narrator
from narrator.core.formats import published_type
from narrator.publish.remote import CACHE_CONTROL, kind_of, rclone_exe

BASE_URL = "https://pod.example.org/show/"
EPISODES = {"one.txt": "One\n\nThe first episode. It has two sentences.",
            "two.txt": "Two\n\nThe second episode. It is short too.",
            "three.txt": "Three\n\nThe third episode. It ends the show."}


class Server:
    """`rclone serve KIND` over a temporary folder, on a free port of 127.0.0.1."""

    def __init__(self, kind: str, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.process = subprocess.Popen(
            [rclone_exe(), "serve", kind, "--addr", "127.0.0.1:0", str(folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for line in self.process.stderr:  # waits for the line that says where it listens
            found = re.search(r"(http://127\.0\.0\.1:\d+)/", line)
            if found:
                self.url = found.group(1)
                break
        else:
            raise RuntimeError(f"rclone serve {kind} did not start")

    def get(self, path: str):
        return urllib.request.urlopen(f"{self.url}/{path}", timeout=30)

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def s3(tmp_path, monkeypatch):
    server = Server("s3", tmp_path / "bucket-data")
    (server.folder / "bucket").mkdir()
    monkeypatch.setenv("RCLONE_CONFIG_STORE_TYPE", "s3")
    monkeypatch.setenv("RCLONE_CONFIG_STORE_PROVIDER", "Rclone")
    monkeypatch.setenv("RCLONE_CONFIG_STORE_ENDPOINT", server.url)
    yield server
    server.close()


def _put(path: str, text: str) -> None:
    """Someone else's object, put into the bucket through S3."""
    subprocess.run([rclone_exe(), "rcat", f"store:{path}"], input=text.encode(), check=True,
                   capture_output=True)


@pytest.fixture(scope="module")
def built_show(tmp_path_factory, write_show):
    folder = write_show(tmp_path_factory.mktemp("remote") / "show", EPISODES)
    narrator.build(folder)
    return folder


@pytest.fixture
def show(tmp_path, built_show):
    """A built show of three episodes, a copy of its own for each test."""
    import shutil

    return shutil.copytree(built_show, tmp_path / "show", symlinks=True)


def _published(show: Path) -> list[str]:
    root = (show / "audio_out").resolve()
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if p.is_file() and not p.name.startswith(".narrator"))


def _links_resolve(server: Server, prefix: str) -> int:
    """Every link of the feed on the server resolves there; how many items it lists."""
    try:
        data = server.get(f"{prefix}/feed.xml").read()
    except urllib.error.HTTPError:
        return 0  # no feed yet: nothing is listed
    feed = feedparser.parse(data)
    assert not feed.bozo
    links = [link["href"] for entry in feed.entries for link in entry.get("links", [])
             if link.get("rel") == "enclosure"]
    links += re.findall(rb'podcast:(?:transcript|chapters) url="([^"]+)"', data)
    for link in links:
        link = link.decode() if isinstance(link, bytes) else link
        assert link.startswith(BASE_URL), link
        with server.get(f"{prefix}/{link[len(BASE_URL):]}") as response:
            assert response.status == 200, link
    return len(feed.entries)


def test_every_file_is_published_with_its_type_and_caching(s3, show):
    done = narrator.deploy(show, to="store:bucket/pod")
    files = _published(show)
    assert sorted(done.uploaded) == files and done.changed
    assert done.uploaded[-1] == "feed.xml"  # the feed last, the pages before it
    kinds = [kind_of(name) for name in done.uploaded]
    assert kinds == sorted(kinds, key=("media", "pages", "feed").index)
    for name in files:
        with s3.get(f"bucket/pod/{name}") as response:
            assert response.read() == (show / "audio_out" / name).read_bytes(), name
            assert response.headers["Content-Type"] == published_type(name), name
            assert response.headers["Cache-Control"] == CACHE_CONTROL[kind_of(name)], name
    types = {name: published_type(name) for name in files}
    assert types["one.mp3"] == "audio/mpeg" and types["feed.xml"] == "application/rss+xml"
    assert types["one.vtt"] == "text/vtt" and types["one.chapters.json"] == \
        "application/json+chapters"
    assert _links_resolve(s3, "bucket/pod") == 3


def test_nothing_changed_uploads_nothing_and_an_edit_uploads_what_changed(s3, show):
    narrator.deploy(show, to="store:bucket/pod")
    marker = s3.folder / "bucket" / "pod" / ".narrator-deploy"
    written = marker.stat().st_mtime_ns
    again = narrator.deploy(show, to="store:bucket/pod")
    assert again.uploaded == [] and again.deleted == [] and not again.changed
    assert marker.stat().st_mtime_ns == written  # not even the listing is written again
    source = show / "episodes" / "two.txt"
    source.write_text(source.read_text().replace("short too", "short as well"))
    narrator.build(show)
    edited = narrator.deploy(show, to="store:bucket/pod")
    assert edited.uploaded[-1] == "feed.xml"
    assert {"two.mp3", "two.vtt", "two.html", "index.html"} <= set(edited.uploaded)
    assert not any(name.startswith(("one.", "three.")) for name in edited.uploaded)
    assert "cover.png" not in edited.uploaded


def test_a_strangers_files_survive_every_deploy(s3, show, run_cli):
    pod = s3.folder / "bucket" / "pod"
    _put("bucket/pod/theirs.txt", "someone else's")
    narrator.deploy(show, to="store:bucket/pod")
    (show / "episodes" / "three.txt").unlink()  # an episode gone: its files are deleted
    narrator.build(show)
    done = narrator.deploy(show, to="store:bucket/pod")
    assert "three.mp3" in done.deleted and not (pod / "three.mp3").exists()
    assert (pod / "theirs.txt").read_text() == "someone else's"
    assert _links_resolve(s3, "bucket/pod") == 2
    # A place that holds someone's file under a name narrator would write is refused.
    other = s3.folder / "bucket" / "other"
    _put("bucket/other/index.html", "their page")
    refused = run_cli("deploy", show, "--to", "store:bucket/other")
    assert refused.returncode == 1 and "narrator did not put there" in refused.stderr
    assert "Traceback" not in refused.stderr and len(refused.stderr.splitlines()) == 1
    assert (other / "index.html").read_text() == "their page"
    assert sorted(p.name for p in other.iterdir()) == ["index.html"]


def test_a_dry_run_says_what_would_change_and_changes_nothing(s3, show, run_cli):
    result = run_cli("deploy", show, "--to", "store:bucket/pod", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "would upload" in result.stdout + result.stderr
    assert not (s3.folder / "bucket" / "pod").exists()


def _deploy_process(show: Path, target: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "narrator", "deploy", str(show), "--to",
                             target, "-q"], env={**os.environ, **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


def _edit_show(show: Path, round_: int) -> None:
    """A new state of the show: one episode changed, one gone or back."""
    source = show / "episodes" / "one.txt"
    source.write_text(f"One\n\nThe first episode, edition {round_}. It has two sentences.")
    gone = show / "episodes" / "three.txt"
    if gone.exists():
        gone.unlink()
    else:
        gone.write_text(EPISODES["three.txt"])
    narrator.build(show)


@pytest.mark.parametrize("point", ["deploy.media:4", "deploy.pages", "deploy.feed",
                                   "deploy.delete"])
def test_a_deploy_killed_at_each_step_leaves_a_feed_that_resolves(s3, show, point):
    narrator.deploy(show, to="store:bucket/pod")
    _put("bucket/pod/theirs.txt", "kept")
    _edit_show(show, 1)
    process = _deploy_process(show, "store:bucket/pod", {"NARRATOR_CRASH_AT": point})
    assert process.wait(timeout=300) == -signal.SIGKILL, process.stderr.read()
    assert _links_resolve(s3, "bucket/pod") >= 2
    narrator.deploy(show, to="store:bucket/pod")  # the next deploy finishes the work
    assert narrator.deploy(show, to="store:bucket/pod").uploaded == []
    assert _links_resolve(s3, "bucket/pod") == 2
    assert (s3.folder / "bucket" / "pod" / "theirs.txt").read_text() == "kept"
    assert not (s3.folder / "bucket" / "pod" / "three.mp3").exists()


def test_a_deploy_killed_at_random_moments_leaves_a_feed_that_resolves(s3, show, tmp_path):
    """Ten kills of the whole process group (narrator and rclone) at random moments of a
    deploy that changes the show there (an episode edited, another gone or back); after
    each, the feed there lists only what is there."""
    import shutil

    narrator.deploy(show, to="store:bucket/pod")
    _put("bucket/pod/theirs.txt", "kept")
    states = []
    for round_ in (1, 2):  # two outputs to deploy in turn, each unlike the other
        _edit_show(show, round_)
        states.append(shutil.copytree((show / "audio_out").resolve(), tmp_path / f"v{round_}"))
    started = time.perf_counter()
    assert _deploy_process(states[0], "store:bucket/pod").wait(timeout=300) == 0
    span = time.perf_counter() - started  # how long a deploy of a changed show takes here
    chance = random.Random(20261206)
    for round_ in range(1, 11):
        process = _deploy_process(states[round_ % 2], "store:bucket/pod")
        try:
            process.wait(timeout=chance.uniform(0.0, span))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=60)
        assert _links_resolve(s3, "bucket/pod") >= 2, round_
        assert (s3.folder / "bucket" / "pod" / "theirs.txt").read_text() == "kept"
    narrator.deploy(states[0], to="store:bucket/pod")
    assert _links_resolve(s3, "bucket/pod") == 2  # the first state: one episode gone


def test_s3_urls_use_the_aws_variables_and_never_show_them(s3, show, run_cli, tmp_path):
    secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY"
    env = {"AWS_ACCESS_KEY_ID": "AKIDNARRATORTEST", "AWS_SECRET_ACCESS_KEY": secret,
           "AWS_ENDPOINT_URL": s3.url, "AWS_REGION": "us-east-1"}
    result = run_cli("deploy", show, "--to", "s3://bucket/via-url", env=env)
    assert result.returncode == 0, result.stderr
    assert _links_resolve(s3, "bucket/via-url") == 3
    assert secret not in result.stdout + result.stderr
    assert not any(secret.encode() in path.read_bytes() for path in show.rglob("*")
                   if path.is_file())
    wrong = run_cli("deploy", show, "--to", "s3://")
    assert wrong.returncode == 1 and "no bucket" in wrong.stderr


def test_deploy_to_webdav(tmp_path, show, monkeypatch):
    server = Server("webdav", tmp_path / "dav")
    try:
        monkeypatch.setenv("RCLONE_CONFIG_DAV_TYPE", "webdav")
        monkeypatch.setenv("RCLONE_CONFIG_DAV_URL", server.url)
        (server.folder / "site").mkdir()
        (server.folder / "site" / "theirs.txt").write_text("kept")
        done = narrator.deploy(show, to="dav:site")
        assert sorted(done.uploaded) == _published(show) and done.uploaded[-1] == "feed.xml"
        for name in _published(show):
            assert (server.folder / "site" / name).read_bytes() == \
                (show / "audio_out" / name).read_bytes()
        assert narrator.deploy(show, to="dav:site").uploaded == []
        assert (server.folder / "site" / "theirs.txt").read_text() == "kept"
    finally:
        server.close()


def test_a_remote_that_does_not_work_is_one_line(show, run_cli):
    result = run_cli("deploy", show, "--to", "nosuchremote:bucket")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "no remote named 'nosuchremote'" in result.stderr


def test_uploads_report_their_progress(s3, show):
    """`on_progress(bytes, of_bytes)` hears each upload; it ends with all of its bytes."""
    heard = []
    options = narrator.DeployOptions(on_progress=lambda done, total: heard.append((done, total)))
    narrator.deploy(show, to="store:bucket/pod", options=options)
    audio = sum((show / "audio_out" / name).stat().st_size for name in _published(show)
                if name.endswith(".mp3"))
    assert (audio, audio) in heard  # the run of MP3s, whole
    assert all(0 <= done <= total for done, total in heard)
