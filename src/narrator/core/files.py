"""Small file helpers: writes that either happen whole or not at all."""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

from narrator.core import faults


def within(path: Path, root: Path, what: str = "file") -> Path:
    """`path` itself when it stays inside `root` once links are followed; else an InputError
    naming it (a show cloned from someone else may carry a link to a private file, which would
    be read aloud or copied into the output)."""
    from narrator.core.errors import InputError

    try:
        resolved = Path(path).resolve()
    except (OSError, RuntimeError):  # a link loop
        raise InputError(f"{what} is a link that cannot be followed", path) from None
    if not resolved.is_relative_to(Path(root).resolve()):
        raise InputError(f"{what} leads outside the show folder (to {resolved}): narrator reads "
                         "and publishes only what is inside it", path)
    return path


def read_regular(path: Path, max_bytes: int | None = None) -> bytes:
    """The bytes of a regular file; OSError for anything else (a FIFO would block a read for
    ever, a device never end) or for one over `max_bytes`."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise IsADirectoryError(f"{path}: not a regular file") if stat.S_ISDIR(
                info.st_mode) else OSError(f"{path}: not a regular file")
        if max_bytes is not None and info.st_size > max_bytes:
            raise OSError(f"{path}: over {max_bytes:,} bytes")
        return handle.read()


def read_json(path: Path, max_bytes: int | None = None):
    """A JSON file's value: OSError if it cannot be read as a regular file, ValueError if it
    is not JSON (nested too deep to parse included)."""
    import json

    data = read_regular(path, max_bytes)
    try:
        return json.loads(data.decode("utf-8"))
    except RecursionError:
        raise ValueError("nested too deeply") from None


def atomic_write_bytes(path: Path, data: bytes, durable: bool = True) -> None:
    """Write data to path through a temporary file and a rename, so readers never see half.

    `durable` also waits for the disk; a cache whose entries are verified when read skips that.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir():  # else the rename below names the temporary file, not this one
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    fd, temp = _temporary_beside(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        faults.point("files.rename")
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _temporary_beside(path: Path) -> tuple[int, str]:
    """A new temporary file beside `path`, open for writing, with the permissions the file
    will keep: those of the file it replaces, else what the user's umask gives any new file
    (a user's script or settings must not turn private when narrator rewrites them)."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = None
    while True:
        # A short temporary name: the file's own may already be near the file system's limit.
        temp = os.path.join(path.parent, f".narrator-{secrets.token_hex(6)}.tmp")
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        except FileExistsError:
            continue
        if mode is not None:
            try:
                os.fchmod(fd, mode)
            except OSError:  # not the owner of the file replaced: the umask's mode, then
                pass
        return fd, temp


def file_stats(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, os.stat_result]:
    """Every file under `folder` (none if it is not there), by its path relative to it in name
    order, with its stat; folders named in `skip` are not entered."""
    found = {}
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in skip)
        for name in sorted(names):
            path = os.path.join(root, name)
            found[os.path.relpath(path, folder)] = os.stat(path)
    return found


def sha256_file(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()
