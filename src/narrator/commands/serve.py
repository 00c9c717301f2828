"""Preview a built show: serve its output folder, and rebuild it when the show's files change."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from narrator.pipeline.showfolder import load_show, output_of
from narrator.core.errors import NarratorError
from narrator.core.formats import FEED_NAME
from narrator.publish.serve import Server, watch, watched_files


def serve(show_dir: Path | str, out_dir: Path | str | None = None, *, host: str = "127.0.0.1",
          port: int = 8000, rebuild: Callable[[], None] | None = None,
          on_ready: Callable[[Server], None] | None = None,
          stop: threading.Event | None = None) -> None:
    """Serve a built show's output folder (default: its [build] output) for podcast apps and
    browsers until `stop` is set or KeyboardInterrupt, calling `rebuild` (when given) whenever
    a file of the show changes; `on_ready(server)` hears when it listens (`server.url`)."""
    show_dir = Path(show_dir)
    out_dir = Path(out_dir) if out_dir is not None else output_of(show_dir)
    config = load_show(show_dir)
    if not (out_dir / FEED_NAME).is_file():
        raise NarratorError(f"no {FEED_NAME} to serve: build the show first", out_dir)
    built = watched_files(show_dir, out_dir)  # before "serving": a change after it is seen
    try:
        server = Server(out_dir, config.show.base_url, host, port, live=rebuild is not None)
    except OSError as error:
        raise NarratorError(f"cannot listen on {host}:{port}: {error.strerror or error}") \
            from None
    stop = stop or threading.Event()
    try:
        if on_ready:
            on_ready(server)
        if rebuild is not None:
            watch(show_dir, out_dir, rebuild, stop, built)
        else:
            stop.wait()
    finally:
        stop.set()
        server.close()
