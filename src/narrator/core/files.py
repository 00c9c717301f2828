"""Small file helpers: writes that either happen whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from narrator.core import faults


def atomic_write_bytes(path: Path, data: bytes, durable: bool = True) -> None:
    """Write data to path through a temporary file and a rename, so readers never see half.

    `durable` also waits for the disk; a cache whose entries are verified when read skips that.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    # A short temporary name: the file's own may already be near the file system's limit.
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".narrator-", suffix=".tmp")
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


def sha256_file(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()
