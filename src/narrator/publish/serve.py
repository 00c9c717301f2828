"""Serve a built show for previewing: the feed, episodes, transcripts and pages, as podcast apps
and browsers expect a host to (werkzeug does the HTTP: HEAD, byte ranges, ETag, Last-Modified
and conditional requests).

Only GET and HEAD, and only files under the output folder: `..`, encoded traversal and symlinks
that lead out of it are refused. The feed is served with its URLs pointing at this server (at the
host name the client used, so a phone on the same network gets addresses it can reach); the file
on disk keeps the show's base_url.
"""

from __future__ import annotations

import logging
import re
import socket
import threading
from collections.abc import Callable
from pathlib import Path

from narrator.core.formats import CHAPTERS_MIME, CHAPTERS_SUFFIX, FEED_NAME, JSON_MIME, PAGE_MIME, \
    SCRIPT_SUFFIX, SERVED_TYPES, SRT_MIME, TEXT_MIME, UNKNOWN_MIME

log = logging.getLogger("narrator")

UTF8_APPLICATION_TYPES = {SRT_MIME, JSON_MIME, CHAPTERS_MIME}
"""Text served under application/ types, whose charset werkzeug does not add by itself (it does
for text/ types and XML)."""


def mime_type(path: Path) -> str:
    if path.name.endswith(CHAPTERS_SUFFIX):
        return CHAPTERS_MIME
    return SERVED_TYPES.get(path.suffix.lower(), UNKNOWN_MIME)


def resolve(root: Path, url_path: str) -> Path | None:
    """The file under `root` that `url_path` (already percent-decoded) names, or None when it
    is missing or would lead outside `root` (by `..`, an absolute part, or a symlink)."""
    from werkzeug.security import safe_join

    if "\x00" in url_path:
        return None
    joined = safe_join(str(root), url_path.lstrip("/"))
    if joined is None:
        return None
    path = Path(joined)
    if path.is_dir():
        path = path / "index.html"
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):  # missing, or a symlink loop
        return None
    if not real.is_relative_to(root) or not real.is_file():
        return None
    return real


VERSION_PATH = "/__narrator/version"
"""With `live`, the published version's name: a page polls it and reloads when it changes."""
RELOAD_SCRIPT = b"""<script>/* narrator serve --watch: reload when the show is rebuilt */
(function () {
  var key = "narrator-at:" + location.pathname, seen = null;
  var audio = document.querySelector("audio"), at = null;
  try { at = sessionStorage.getItem(key); sessionStorage.removeItem(key); } catch (e) {}
  if (audio && at) {  // where the listener was before the reload
    var seek = function () { audio.currentTime = parseFloat(at); };
    if (audio.readyState >= 1) { seek(); }
    else { audio.addEventListener("loadedmetadata", seek, {once: true}); }
  }
  function check() {
    fetch("%s", {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (v) {
      if (seen === null) { seen = v; return; }
      if (v !== seen) {
        try { if (audio) { sessionStorage.setItem(key, String(audio.currentTime)); } } catch (e) {}
        location.reload();
      }
    }).catch(function () {}).then(function () { setTimeout(check, 700); });
  }
  check();
})();
</script>
""" % VERSION_PATH.encode()


def make_app(out_dir: Path, base_url: str, live: bool = False):
    """The WSGI application serving `out_dir`; `base_url` is the published feed's, replaced by
    the server's own address in the feed it serves. With `live` (serve --watch), every page
    it serves reloads itself when a rebuild publishes a new version, at the same place in its
    audio."""
    from werkzeug.exceptions import MethodNotAllowed, NotFound
    from werkzeug.utils import send_file
    from werkzeug.wrappers import Request, Response

    @Request.application
    def app(request: Request):
        if request.method not in ("GET", "HEAD"):
            return MethodNotAllowed(valid_methods=["GET", "HEAD"])
        if not SINGLE_BYTE_RANGE.fullmatch(request.headers.get("Range", "bytes=0-")):
            # Several ranges, or a unit other than bytes: the whole file, as RFC 9110 allows.
            request.environ.pop("HTTP_RANGE", None)
            request.__dict__.pop("range", None)
        # Resolved on each request: a build swaps the folder's link to its new version.
        root = out_dir.resolve()
        if live and request.path == VERSION_PATH:
            response = Response(root.name, mimetype=TEXT_MIME)
            response.cache_control.no_store = True
            return response
        path = resolve(root, request.path)
        if path is None:
            return NotFound()
        mime = mime_type(path)
        if mime in UTF8_APPLICATION_TYPES:
            mime += "; charset=utf-8"
        if path.name == FEED_NAME and path.parent == root and base_url:
            data = path.read_bytes().replace(base_url.encode(), request.host_url.encode())
            response = Response(data, mimetype=mime)
            response.set_etag(_digest(data))
            response.last_modified = path.stat().st_mtime
            response.cache_control.no_cache = True
            return response.make_conditional(request, accept_ranges=True,
                                             complete_length=len(data))
        if live and mime.startswith(PAGE_MIME):
            data = path.read_bytes()
            at = data.lower().rfind(b"</body>")
            data = data[:at] + RELOAD_SCRIPT + data[at:] if at >= 0 else data + RELOAD_SCRIPT
            response = Response(data, mimetype=mime)
            response.cache_control.no_store = True
            return response
        response = send_file(path, request.environ, mimetype=mime, conditional=True, etag=True,
                             max_age=0)
        response.headers["Accept-Ranges"] = "bytes"
        return response

    return app


def _digest(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()[:32]


SINGLE_BYTE_RANGE = re.compile(r"\s*bytes\s*=\s*(?:\d+-\d*|-\d+)\s*", re.I)
IDLE_TIMEOUT_S = 30
"""A connection that sends nothing for this long is closed."""
MAX_CONNECTIONS = 64
"""Connections served at once; more wait in the listen queue (a thread each, no more)."""


def _bounded_server_class(base):
    """werkzeug's threaded server with a thread per connection up to MAX_CONNECTIONS."""

    class Bounded(base):
        slots = threading.BoundedSemaphore(MAX_CONNECTIONS)

        def process_request(self, request, client_address):
            self.slots.acquire()
            try:
                super().process_request(request, client_address)
            except BaseException:
                self.slots.release()
                raise

        def process_request_thread(self, request, client_address):
            try:
                super().process_request_thread(request, client_address)
            finally:
                self.slots.release()

    return Bounded


class Server:
    """The preview server on its own thread: `url`, then `close()`."""

    def __init__(self, out_dir: Path, base_url: str, host: str = "127.0.0.1", port: int = 8000,
                 live: bool = False):
        from werkzeug import serving
        from werkzeug.serving import WSGIRequestHandler

        class Handler(WSGIRequestHandler):
            timeout = IDLE_TIMEOUT_S  # an idle or half-open connection does not hold a thread

            def send_response(self, code, message=None):
                # http.server adds a Date header here, and werkzeug adds its own: send one.
                self.log_request(code)
                self.send_response_only(code, message)
                self.send_header("Server", self.version_string())

        # Requests are logged as narrator logs: one line each, none under --quiet.
        logging.getLogger("werkzeug").setLevel(log.getEffectiveLevel())
        # Bound here so that a busy port raises OSError: werkzeug prints and exits on it.
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.create_server((host, port), family=family, backlog=128) as listener:
            server_class = _bounded_server_class(serving.ThreadedWSGIServer)
            self.httpd = server_class(host, port, make_app(out_dir, base_url, live),
                                      handler=Handler, fd=listener.fileno())
        self.host, self.port = host, self.httpd.port
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}/"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


def watched_files(show_dir: Path, out_dir: Path) -> dict[Path, tuple[int, int]]:
    """What a rebuild depends on: the config, the episodes and scripts, and the show's other files
    (cover, intro, outro), by modification time and size; hidden files (the manifest) and the
    output folder aside."""
    import os
    from stat import S_ISREG

    show_dir, out_dir = Path(show_dir).resolve(), Path(out_dir).resolve()
    snapshot = {}
    # os.walk passes over a folder removed while it looks (an editor's or Git's own); a file
    # gone between listing and stat is simply not there.
    for folder, folders, files in os.walk(show_dir):
        here = Path(folder)
        folders[:] = [name for name in folders if not name.startswith(".")
                      and not (here / name).resolve().is_relative_to(out_dir)]
        for name in files:
            path = here / name
            if name.startswith(".") or path.is_relative_to(out_dir):
                continue
            try:
                info = path.stat()
            except OSError:
                continue
            if S_ISREG(info.st_mode):
                snapshot[path] = (info.st_mtime_ns, info.st_size)
    return snapshot


def settled_after(before: dict[Path, tuple[int, int]],
                  after: dict[Path, tuple[int, int]]) -> dict[Path, tuple[int, int]]:
    """What a rebuild from the files as they were `before` has taken in: the scripts as it
    left them (it writes them beside the sources), and every other file as it was before, so
    that a source or the config saved while it ran is seen as a change (and rebuilt)."""
    settled = {path: state for path, state in before.items()
               if path.suffix != SCRIPT_SUFFIX or path in after}
    settled.update({path: state for path, state in after.items()
                    if path.suffix == SCRIPT_SUFFIX})
    return settled


def watch(show_dir: Path, out_dir: Path, rebuild: Callable[[], None], stop: threading.Event,
          seen: dict[Path, tuple[int, int]] | None = None, interval_s: float = 0.1) -> None:
    """Call `rebuild` whenever a file of the show changes from `seen` (default: as they are
    now), until `stop` is set. A change is acted on once the files have stopped changing for one
    interval (an editor's save is often several writes)."""
    if seen is None:
        seen = watched_files(show_dir, out_dir)
    while not stop.wait(interval_s):
        now = watched_files(show_dir, out_dir)
        if now == seen:
            continue
        while not stop.wait(interval_s):
            settled = watched_files(show_dir, out_dir)
            if settled == now:
                break
            now = settled
        changed = sorted(path.name for path in set(now) | set(seen)
                         if now.get(path) != seen.get(path))
        log.info("changed   %s: rebuilding", ", ".join(changed[:5]))
        rebuild()
        seen = settled_after(now, watched_files(show_dir, out_dir))
