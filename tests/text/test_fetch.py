"""URL ingest against a local HTTP server started by the test (127.0.0.1 only)."""

from __future__ import annotations

import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from narrator.text import fetch
from narrator.text.readers import read_source
from narrator.core.errors import InputError


PAGE = (Path(__file__).parents[1] / "fixtures" / "articles" / "15-html-news.html").read_bytes()
TEXT = (Path(__file__).parents[1] / "fixtures" / "articles" / "01-harbour-news.txt").read_bytes()


class _Handler(BaseHTTPRequestHandler):
    calls: dict[str, int] = {}

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        _Handler.calls[self.path] = _Handler.calls.get(self.path, 0) + 1
        if self.path == "/news/river-cleanup.html":
            self._send(200, "text/html; charset=utf-8", PAGE)
        elif self.path == "/plain":
            self._send(200, "text/plain; charset=utf-8", TEXT)
        elif self.path == "/slow":
            time.sleep(1.5)  # longer than the client waits: it has gone when this answers
            try:
                self._send(200, "text/html", PAGE)
            except OSError:
                pass
        elif self.path == "/big":
            self._send(200, "text/html", b"<p>" + b"x" * 5000 + b"</p>")
        elif self.path == "/flaky" and _Handler.calls[self.path] < 3:
            self._send(503, "text/plain", b"busy")
        elif self.path == "/flaky":
            self._send(200, "text/html", PAGE)
        elif self.path == "/busy" and _Handler.calls[self.path] < 3:
            self.send_response(429)
            self.send_header("Retry-After", "1")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/busy":
            self._send(200, "text/html", PAGE)
        elif self.path == "/always-500":
            self._send(500, "text/plain", b"broken")
        elif self.path == "/truncated":  # promises more than it sends, then hangs up
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE[:200])
            self.close_connection = True
        elif self.path == "/hang-up":  # closes without a word
            self.close_connection = True
        elif self.path == "/drip":  # a byte every 0.1 s: never idle long, never done
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for byte in PAGE[:40]:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass
        elif self.path == "/slow-headers":  # the status line, then a header byte at a time
            try:
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                for _ in range(200):
                    self.wfile.write(b"X")
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                pass
            self.close_connection = True
        elif self.path.startswith("/to/"):  # a redirect to what follows, taken as it is
            self.send_response(302)
            self.send_header("Location", self.path[len("/to/"):].replace("PORT", str(
                self.server.server_address[1])))
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/loop":
            self.send_response(301)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/weird-reason":
            self.send_response(418, "I'm\x1b[31m a teapot\x07")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/image":
            self._send(200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
        elif self.path == "/garbage":
            self._send(200, "text/html", bytes(range(256)) * 4)
        else:
            self._send(404, "text/plain", b"no such page")

    def _send(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _serve():
    """The test's pages served on a port of 127.0.0.1 of their own (a site)."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def server():
    yield from _serve()


@pytest.fixture
def fast(monkeypatch):
    monkeypatch.setattr(fetch, "URL_TIMEOUT_S", 0.5)
    monkeypatch.setattr(fetch, "URL_MAX_BYTES", 4000)
    monkeypatch.setattr(fetch, "URL_RETRY_DELAYS_S", (0.01, 0.01))


def test_html_page_by_url(server):
    document = read_source(f"{server}/news/river-cleanup.html")
    assert document.title == "River cleanup draws 300 volunteers"
    assert document.slug == "river-cleanup"
    texts = [b.text for b in document.blocks]
    assert any("300 volunteers pulled rubbish" in t for t in texts)
    assert not any("Bus fares" in t for t in texts)


def test_plain_text_by_url_is_cleaned(server):
    document = read_source(f"{server}/plain")
    assert document.title == "Harbour ferry returns after winter repairs"
    assert not any("Tom Baines" in b.text for b in document.blocks)


def test_retries_then_succeeds(server, fast):
    document = read_source(f"{server}/flaky")
    assert document.title == "River cleanup draws 300 volunteers"
    assert _Handler.calls["/flaky"] == 3


@pytest.mark.parametrize("path, message, tries", [
    ("/missing", "HTTP 404", 1),
    ("/slow", "timed out", 3),
    ("/big", "over the 4,000-byte limit", 1),
    ("/always-500", "HTTP 500", 3),
    ("/truncated", "stopped short", 3),
    ("/hang-up", "cannot connect", 3),
    ("/drip", "timed out", 3),
    ("/image", "not a web page or text (the server sent image/png)", 1),
    ("/garbage", "binary data", 1),
])
def test_fetch_failures_name_the_url(server, fast, path, message, tries):
    before = _Handler.calls.get(path, 0)
    with pytest.raises(InputError, match=re.escape(message)) as caught:
        read_source(server + path)
    line = caught.value.lines()[0]
    assert line.startswith(server + path) and "\n" not in line
    assert _Handler.calls[path] - before == tries  # bounded, and only what is worth retrying
    if tries > 1:
        assert line.endswith(f"(after {tries} tries)")


def test_too_many_requests_is_retried_with_backoff(server, fast, monkeypatch):
    waits, sleep, this = [], time.sleep, threading.get_ident()
    # Only this thread's waits are the fetch's (a library's thread left by another test may
    # sleep too, and really should).
    monkeypatch.setattr("time.sleep", lambda seconds: waits.append(seconds)
                        if threading.get_ident() == this else sleep(seconds))
    document = read_source(f"{server}/busy")
    assert document.title == "River cleanup draws 300 volunteers"
    assert _Handler.calls["/busy"] == 3
    assert waits == [0.01, 0.01]


def test_backoff_grows():
    assert list(fetch.URL_RETRY_DELAYS_S) == sorted(fetch.URL_RETRY_DELAYS_S)


def test_refused_connection_is_a_clear_error(fast):
    with pytest.raises(InputError, match="cannot connect"):
        read_source("http://127.0.0.1:9/nothing")


def test_script_command_takes_a_url(server, run_cli):
    result = run_cli("script", f"{server}/news/river-cleanup.html")
    assert result.returncode == 0, result.stderr
    assert "== River cleanup draws 300 volunteers" in result.stdout


@pytest.fixture(scope="module")
def other_server():
    """A second site: another port of this machine, as an internal service would be."""
    yield from _serve()


def test_redirects_within_the_site_are_followed(server):
    document = read_source(f"{server}/to//news/river-cleanup.html")
    assert document.title == "River cleanup draws 300 volunteers"
    assert document.meta.source == f"{server}/news/river-cleanup.html"  # where it really is


@pytest.mark.parametrize("target", ["OTHER/news/river-cleanup.html", "ftp://127.0.0.1/x",
                                    "file:///etc/passwd", "http://localhost:PORT/plain"])
def test_redirects_to_another_site_are_refused(server, other_server, fast, target):
    target = target.replace("OTHER", other_server)
    before = dict(_Handler.calls)
    with pytest.raises(InputError, match="another site") as caught:
        read_source(f"{server}/to/{target}")
    assert "\n" not in caught.value.lines()[0]
    if target.startswith(other_server):
        assert _Handler.calls.get("/news/river-cleanup.html") == before.get(
            "/news/river-cleanup.html")  # never asked


def test_a_redirect_loop_is_one_line(server, fast):
    with pytest.raises(InputError, match="too many redirects") as caught:
        read_source(f"{server}/loop")
    assert len(caught.value.lines()) == 1 and "\n" not in caught.value.lines()[0]


def test_headers_sent_slowly_time_out(server, fast):
    started = time.monotonic()
    with pytest.raises(InputError, match="timed out"):
        read_source(f"{server}/slow-headers")
    assert time.monotonic() - started < 3 * (0.5 + 1.0) + 2  # three tries, each bounded


def test_a_servers_control_characters_are_not_echoed(server, fast):
    with pytest.raises(InputError) as caught:
        read_source(f"{server}/weird-reason")
    line = caught.value.lines()[0]
    assert "HTTP 418" in line and "\x1b" not in line and "\x07" not in line


@pytest.mark.parametrize("url", ["http://[::1/x", "http://", "http://host:99999/x"])
def test_a_malformed_address_is_one_line(run_cli, tmp_path, url):
    run_cli("init", str(tmp_path / "show"), "--title", "T")
    result = run_cli("add", url, cwd=tmp_path / "show")
    assert result.returncode == 1 and result.stderr.startswith("error:"), result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_the_same_page_through_a_redirect_is_already_added(server, run_cli, tmp_path):
    show = tmp_path / "show"
    assert run_cli("init", str(show), "--title", "T").returncode == 0
    first = run_cli("add", f"{server}/news/river-cleanup.html", cwd=show)
    assert first.returncode == 0, first.stderr
    again = run_cli("add", f"{server}/to//news/river-cleanup.html", cwd=show)
    assert again.returncode == 1 and "already added" in again.stderr, again.stderr
