"""Locks held while a build runs, so that two builds never write one show or folder at once."""

from __future__ import annotations

import os
from pathlib import Path

from narrator.core.errors import NarratorError


class LockedError(NarratorError):
    """Another build holds the lock."""


_held: set = set()
"""Open lock files of this process. A forked child closes its copies at once, so a lock is
held by the build alone and ends with it, even when the build is killed and a worker is not."""


def _close_held_in_child() -> None:
    for handle in list(_held):
        handle.close()
    _held.clear()


os.register_at_fork(after_in_child=_close_held_in_child)


class Lock:
    """An exclusive lock on a file, held while a build runs; a second build fails clearly."""

    def __init__(self, path: Path, what: str):
        self.path, self.what, self.handle = Path(path), what, None

    def __enter__(self) -> Lock:
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = open(self.path, "a+")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.seek(0)
            holder = self.handle.read().strip() or "another process"
            self.handle.close()
            raise LockedError(f"another build of {self.what} is running ({holder}); wait for "
                              "it to finish", self.path) from None
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(f"pid {os.getpid()}")
        self.handle.flush()
        _held.add(self.handle)
        return self

    def __exit__(self, *exc) -> None:
        _held.discard(self.handle)
        self.handle.close()  # closing releases the lock; the file stays for the next build
