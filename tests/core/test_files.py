"""Atomic writes: whole or not at all, and with the permissions a file would have anyway."""

from __future__ import annotations

import os
import stat

from narrator.core.files import atomic_write_bytes


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_file_gets_the_umasks_permissions_and_a_replaced_one_keeps_its_own(tmp_path):
    old = os.umask(0o022)
    try:
        atomic_write_bytes(tmp_path / "new.txt", b"one")
        assert _mode(tmp_path / "new.txt") == 0o644  # as open() would make it, not 0600
        os.umask(0o027)
        atomic_write_bytes(tmp_path / "group.txt", b"one")
        assert _mode(tmp_path / "group.txt") == 0o640
    finally:
        os.umask(old)
    shared = tmp_path / "shared.script"
    shared.write_text("before")
    shared.chmod(0o664)  # the user made it group-writable
    atomic_write_bytes(shared, b"after")
    assert shared.read_bytes() == b"after" and _mode(shared) == 0o664
    frozen = tmp_path / "frozen.txt"
    frozen.write_text("before")
    frozen.chmod(0o444)
    atomic_write_bytes(frozen, b"after")
    assert frozen.read_bytes() == b"after" and _mode(frozen) == 0o444
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".narrator-")] == []


def test_a_new_shows_files_are_not_made_private(tmp_path, run_cli):
    result = run_cli("init", tmp_path / "show", "--author", "A", "--email", "a@example.org",
                     "--url", "https://example.org/p/")
    assert result.returncode == 0, result.stderr
    show = tmp_path / "show"
    umask = os.umask(0)
    os.umask(umask)
    for path in (show / "narrator.toml", show / ".gitignore", *(show / "episodes").iterdir()):
        assert _mode(path) == 0o666 & ~umask, path
