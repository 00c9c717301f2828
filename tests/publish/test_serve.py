"""The preview server, over real sockets on 127.0.0.1."""

import http.client
import os
import shutil
import signal
import subprocess
import sys
import time
from email.utils import parsedate_to_datetime

import feedparser
import pytest

from narrator.core.config import load_config
from narrator.publish.serve import Server



@pytest.fixture(scope="module")
def served(example_build, tmp_path_factory):
    """A copy of the built example show, served on a free port, with a secret file beside it
    and a symlink inside it that leads out."""
    show, out, result = example_build
    root = tmp_path_factory.mktemp("served")
    copy = root / "out"
    shutil.copytree(out, copy)
    (root / "secret.txt").write_text("not for the web")
    (copy / "escape.txt").symlink_to(root / "secret.txt")
    (copy / "escape-dir").symlink_to(root)
    server = Server(copy, load_config(show).show.base_url, "127.0.0.1", 0)
    yield server, copy, result
    server.close()


def request(server, method, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request(method, path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_full_get_and_head_of_an_episode(served):
    server, out, result = served
    mp3 = result.episodes[0].mp3.name
    data = (out / mp3).read_bytes()
    response, body = request(server, "GET", f"/{mp3}")
    assert response.status == 200 and body == data
    assert response.getheader("Content-Type") == "audio/mpeg"
    assert response.getheader("Accept-Ranges") == "bytes"
    assert int(response.getheader("Content-Length")) == len(data)
    assert response.getheader("ETag") and response.getheader("Last-Modified")
    head, body = request(server, "HEAD", f"/{mp3}")
    assert head.status == 200 and body == b""
    assert int(head.getheader("Content-Length")) == len(data)
    assert head.getheader("ETag") == response.getheader("ETag")


def test_every_range_form(served):
    server, out, result = served
    mp3 = result.episodes[1].mp3.name
    data = (out / mp3).read_bytes()
    size = len(data)
    cases = {"bytes=0-99": (0, 99), "bytes=100-": (100, size - 1),
             "bytes=-500": (size - 500, size - 1), f"bytes=10-{size + 1000}": (10, size - 1),
             "bytes=0-0": (0, 0)}
    for header, (first, last) in cases.items():
        response, body = request(server, "GET", f"/{mp3}", {"Range": header})
        assert response.status == 206, header
        assert response.getheader("Content-Range") == f"bytes {first}-{last}/{size}", header
        assert body == data[first:last + 1], header
        assert int(response.getheader("Content-Length")) == last - first + 1
    # HEAD with a range answers like the GET, without the body.
    head, body = request(server, "HEAD", f"/{mp3}", {"Range": "bytes=0-99"})
    assert head.status == 206 and body == b"" and head.getheader("Content-Length") == "100"
    for header in (f"bytes={size}-", f"bytes={size + 10}-{size + 20}"):
        response, _ = request(server, "GET", f"/{mp3}", {"Range": header})
        assert response.status == 416, header
        assert response.getheader("Content-Range") == f"bytes */{size}"


def test_conditional_requests_answer_304(served):
    server, out, result = served
    path = f"/{result.episodes[2].mp3.name}"
    first, _ = request(server, "GET", path)
    etag, modified = first.getheader("ETag"), first.getheader("Last-Modified")
    response, body = request(server, "GET", path, {"If-None-Match": etag})
    assert response.status == 304 and body == b""
    response, body = request(server, "GET", path, {"If-Modified-Since": modified})
    assert response.status == 304 and body == b""
    response, _ = request(server, "GET", path, {"If-None-Match": '"something-else"'})
    assert response.status == 200
    # A stale If-Range sends the whole file rather than a range of a different one.
    response, body = request(server, "GET", path, {"Range": "bytes=0-9",
                                                   "If-Range": '"something-else"'})
    assert response.status == 200 and len(body) == (out / path[1:]).stat().st_size
    response, body = request(server, "GET", path, {"Range": "bytes=0-9", "If-Range": etag})
    assert response.status == 206 and len(body) == 10
    assert parsedate_to_datetime(modified).timestamp() == pytest.approx(
        (out / path[1:]).stat().st_mtime, abs=1)


def test_mime_types(served):
    server, out, result = served
    slug = result.episodes[0].slug
    expected = {"/feed.xml": "application/rss+xml; charset=utf-8",
                f"/{slug}.vtt": "text/vtt; charset=utf-8",
                f"/{slug}.srt": "application/x-subrip; charset=utf-8",
                f"/{slug}.txt": "text/plain; charset=utf-8",
                f"/{slug}.chapters.json": "application/json+chapters; charset=utf-8",
                f"/{slug}.mp3": "audio/mpeg",
                f"/{slug}.html": "text/html; charset=utf-8",
                "/": "text/html; charset=utf-8",
                "/narrator.js": "text/javascript; charset=utf-8",
                "/narrator.css": "text/css; charset=utf-8",
                "/cover.png": "image/png"}
    for path, mime in expected.items():
        response, _ = request(server, "HEAD", path)
        assert response.status == 200, path
        assert response.getheader("Content-Type") == mime, path


def test_the_served_feed_points_at_the_server_and_the_file_is_untouched(served, example_build):
    server, out, result = served
    show = example_build[0]
    base = load_config(show).show.base_url
    on_disk = (out / "feed.xml").read_bytes()
    response, body = request(server, "GET", "/feed.xml")
    assert response.status == 200
    feed = feedparser.parse(body)
    assert not feed.bozo
    local = f"http://127.0.0.1:{server.port}/"
    enclosures = [e.enclosures[0].href for e in feed.entries]
    assert enclosures and all(href.startswith(local) for href in enclosures)
    assert base.encode() not in body and base.encode() in on_disk
    assert (out / "feed.xml").read_bytes() == on_disk
    # Apps fetch the enclosures at those addresses.
    for href in enclosures:
        answer, _ = request(server, "HEAD", href[len(local) - 1:])
        assert answer.status == 200
    # The feed takes ranges and conditional requests too.
    ranged, part = request(server, "GET", "/feed.xml", {"Range": "bytes=0-37"})
    assert ranged.status == 206 and part == body[:38]
    again, _ = request(server, "GET", "/feed.xml", {"If-None-Match": response.getheader("ETag")})
    assert again.status == 304


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/..%2fsecret.txt",
    "/../../../../etc/passwd", "/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", "//etc/passwd",
    "/escape.txt", "/escape-dir/secret.txt", "/..\\secret.txt", "/.%00./secret.txt",
    "/no-such-file.mp3",
])
def test_traversal_and_symlinks_out_of_the_root_are_refused(served, path):
    server, out, result = served
    response, body = request(server, "GET", path)
    assert response.status in (400, 404), path
    assert b"not for the web" not in body and b"root:" not in body


def test_only_get_and_head(served):
    server, out, result = served
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS"):
        response, _ = request(server, method, "/feed.xml")
        assert response.status == 405, method
        assert set(response.getheader("Allow").replace(" ", "").split(",")) == {"GET", "HEAD"}


def _start_serve(args, env=None):
    process = subprocess.Popen([sys.executable, "-m", "narrator", "serve", *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, **(env or {})})
    lines = []
    for line in process.stdout:  # the build's report comes first, unless --quiet
        lines.append(line)
        if line.startswith("serving "):
            break
    else:
        pytest.fail("".join(lines) + process.stderr.read())
    url = line.split(" at ", 1)[1].split()[0]
    return process, url


def test_serve_command_builds_serves_and_stops_on_ctrl_c(tmp_path, write_show):
    show = write_show(tmp_path / "show", {"one.md": "# Served\n\nA short episode to serve.\n"})
    out = tmp_path / "out"
    process, url = _start_serve([str(show), "-o", str(out), "--port", "0", "-q"])
    try:
        assert url.startswith("http://127.0.0.1:")
        port = int(url.rsplit(":", 1)[1].strip("/"))
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("HEAD", "/one.mp3")
        response = connection.getresponse()
        assert response.status == 200
        assert int(response.getheader("Content-Length")) == (out / "one.mp3").stat().st_size
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert stderr == ""  # --quiet: not even the request log


def test_serve_refuses_a_busy_port_with_one_line(tmp_path, example_build):
    show, out, _ = example_build
    blocker = Server(out, "", "127.0.0.1", 0)
    try:
        result = subprocess.run([sys.executable, "-m", "narrator", "serve", str(show), "-o",
                                 str(out), "--no-build", "--port", str(blocker.port)],
                                capture_output=True, text=True, timeout=60)
    finally:
        blocker.close()
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1
    assert f"127.0.0.1:{blocker.port}" in result.stderr


def test_watch_rebuilds_when_a_source_changes(tmp_path, write_show):
    show = write_show(tmp_path / "show", {"one.md": "# First Title\n\nThe first version.\n"})
    out = tmp_path / "out"
    process, url = _start_serve([str(show), "-o", str(out), "--port", "0", "--watch"])
    try:
        (show / "episodes" / "one.md").write_text("# Second Title\n\nThe second version.\n")
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if b"Second Title" in (out / "feed.xml").read_bytes():
                break
            time.sleep(0.2)
        else:
            pytest.fail("the feed was not rebuilt after the source changed")
        # The server follows the output folder to the version the rebuild published.
        port = int(url.rsplit(":", 1)[1].strip("/"))
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/feed.xml")
        assert b"Second Title" in connection.getresponse().read()
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
    assert process.returncode == 0


def test_several_ranges_or_another_unit_get_the_whole_file(served):
    server, out, result = served
    mp3 = result.episodes[0].mp3.name
    data = (out / mp3).read_bytes()
    for header in ("bytes=0-9,20-29", "items=0-9", "bytes=0-9, 100-"):
        response, body = request(server, "GET", f"/{mp3}", {"Range": header})
        assert response.status == 200 and body == data, header


def test_idle_connections_are_closed_and_capped(example_build, tmp_path, monkeypatch):
    import socket
    import threading

    from narrator.publish import serve

    show, out, result = example_build
    monkeypatch.setattr(serve, "IDLE_TIMEOUT_S", 1)
    monkeypatch.setattr(serve, "MAX_CONNECTIONS", 4)
    server = Server(out, load_config(show).show.base_url, "127.0.0.1", 0)
    try:
        before = threading.active_count()
        idle = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(20)]
        time.sleep(0.5)
        assert threading.active_count() - before <= 4  # a thread a connection, no more
        deadline = time.monotonic() + 15
        closed = 0
        for connection in idle:
            connection.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                closed += connection.recv(1) == b""  # the server hung up on it
            except (socket.timeout, ConnectionError):
                pass
            connection.close()
        assert closed >= 4
        response, body = request(server, "GET", "/feed.xml")  # and it still serves
        assert response.status == 200
    finally:
        server.close()


def test_one_date_header(served):
    server, out, result = served
    for path in ("/feed.xml", "/index.html", f"/{result.episodes[0].mp3.name}"):
        response, _ = request(server, "GET", path)
        assert len([h for h, _ in response.getheaders() if h.lower() == "date"]) == 1, path


def test_a_live_server_gives_pages_a_reload_stamp_and_others_none(example_build):
    from narrator.publish.serve import VERSION_PATH

    show, out, result = example_build
    base = load_config(show).show.base_url
    for live in (True, False):
        server = Server(out, base, "127.0.0.1", 0, live=live)
        try:
            response, body = request(server, "GET", "/index.html")
            assert (b"narrator serve --watch" in body) is live
            stamp, version = request(server, "GET", VERSION_PATH)
            if live:
                assert stamp.status == 200 and version.decode() == out.resolve().name
                assert "no-store" in stamp.getheader("Cache-Control")
            else:
                assert stamp.status == 404
            response, body = request(server, "GET", "/feed.xml")
            assert b"narrator serve --watch" not in body
        finally:
            server.close()


def test_a_source_saved_during_a_rebuild_is_rebuilt_again(tmp_path, write_show):
    """An edit that lands while a rebuild runs (after it read the sources) is not taken as
    built: the watcher rebuilds again. The scripts the build writes do not start another."""
    import threading

    from narrator.publish.serve import watch

    show = write_show(tmp_path / "show", {"one.md": "# One\n\nFirst.\n"})
    source, script = show / "episodes" / "one.md", show / "episodes" / "one.script"
    stop, calls = threading.Event(), []

    def rebuild():
        calls.append(source.read_text())
        script.write_text(f"# the build's script {len(calls)}\n")  # as a build writes it
        if len(calls) == 1:
            source.write_text("# One\n\nSecond, saved while the first rebuild ran.\n")
        elif len(calls) >= 2:
            stop.set()

    thread = threading.Thread(target=watch, args=(show, tmp_path / "out", rebuild, stop),
                              kwargs={"interval_s": 0.05}, daemon=True)
    thread.start()
    time.sleep(0.2)
    source.write_text("# One\n\nFirst, edited.\n")
    thread.join(timeout=20)
    stop.set()
    assert len(calls) == 2 and "Second" in calls[1]


def test_watching_survives_folders_removed_while_it_looks(tmp_path):
    """A folder of the show removed during a scan (an editor's backup folder, a git checkout)
    is passed over: the watch never ends in a traceback."""
    import shutil as _shutil
    import threading as _threading

    from narrator.publish.serve import watched_files

    show = tmp_path / "show"
    (show / "episodes").mkdir(parents=True)
    (show / "episodes" / "a.md").write_text("# A\n\nText.")
    stop = _threading.Event()

    def churn():
        number = 0
        while not stop.is_set():
            folder = show / "episodes" / f"tmp{number % 3}"
            (folder / "deep" / "deeper").mkdir(parents=True, exist_ok=True)
            for index in range(20):
                (folder / "deep" / "deeper" / f"f{index}.md").write_text("x")
            _shutil.rmtree(folder, ignore_errors=True)
            number += 1

    worker = _threading.Thread(target=churn)
    worker.start()
    try:
        for _ in range(300):
            assert show / "episodes" / "a.md" in watched_files(show, show / "audio_out")
    finally:
        stop.set()
        worker.join()
