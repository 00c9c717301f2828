"""Memos: the results of costly steps that depend only on what they are given (a source read,
the spoken forms of a script, a cover's check), kept on disk so that a build in which nothing
changed does not work them out again.

A memo has a name (one per episode and step, so a show's memos never outgrow it) and is kept
with the hash of everything its result depends on, narrator's own code included: a memo whose
hash differs, or that cannot be read, is a miss, and the step runs as if there were none.
Memos are JSON (never code), written whole or not at all.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from pathlib import Path

from narrator.core.files import atomic_write_bytes, file_stats, read_json
from narrator.core.version import __version__

_PACKAGE = Path(__file__).resolve().parents[1]


@functools.cache
def code_id() -> str:
    """A hash of narrator's installed files (name, size, time of change): any change to the
    code, its rules, models or templates gives another."""
    files = [[name, info.st_size, info.st_mtime_ns]
             for name, info in file_stats(_PACKAGE, skip=("__pycache__",)).items()]
    return hashlib.sha256(json.dumps([__version__, files]).encode()).hexdigest()


def memo_key(*parts) -> str:
    """The hash of `parts` (JSON-able) and narrator's code."""
    return hashlib.sha256(json.dumps([code_id(), *parts], sort_keys=True,
                                     ensure_ascii=False).encode()).hexdigest()


class Memos:
    """A folder of memos (None: none are kept). What a run puts is kept in memory and written
    by `save` (a build's make phase), so reading and planning write nothing; `writable` false
    (a dry run) makes `save` write nothing too."""

    def __init__(self, folder: Path | None = None, writable: bool = True):
        self.folder = Path(folder) if folder is not None else None
        self.writable = writable and folder is not None
        self.named: set[str] = set()
        self.pending: dict[str, tuple[str, object]] = {}

    def _path(self, name: str) -> Path:
        return self.folder / (name.replace(os.sep, "_") + ".json")

    def get(self, name: str, key: str):
        """The value kept under `name` for `key`, or None."""
        self.named.add(name)
        if name in self.pending:
            kept, value = self.pending[name]
            return value if kept == key else None
        if self.folder is None:
            return None
        try:
            data = read_json(self._path(name))
            return data["value"] if isinstance(data, dict) and data.get("key") == key else None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, name: str, key: str, value) -> None:
        """Keep `value` (JSON-able) under `name` for `key`, replacing what was there, when
        `save` is called."""
        self.named.add(name)
        self.pending[name] = (key, value)

    def save(self) -> None:
        """Write what was put (a memo that cannot be written is left out: it only saves time),
        and remove the memos this run did not ask for (of sources that are gone)."""
        if not self.writable:
            return
        for name, (key, value) in self.pending.items():
            try:
                atomic_write_bytes(self._path(name), json.dumps(
                    {"key": key, "value": value}, ensure_ascii=False).encode(), durable=False)
            except OSError:
                pass
        self.pending.clear()
        if not self.folder.is_dir():
            return
        wanted = {self._path(name).name for name in self.named}
        for path in self.folder.glob("*.json"):
            if path.name not in wanted:
                with contextlib.suppress(OSError):  # one left costs a few bytes, nothing more
                    path.unlink()
