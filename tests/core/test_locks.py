"""A build's lock: a second holder fails at once, naming the first; the lock ends with the
build, and a forked child does not keep it."""

from __future__ import annotations

import os

import pytest

from narrator.core.locks import Lock, LockedError


def test_a_second_build_is_refused_while_the_first_holds_the_lock(tmp_path):
    path = tmp_path / "show" / ".narrator.lock"
    with Lock(path, "my show"):
        with pytest.raises(LockedError, match=f"another build of my show is running \\(pid "
                                              f"{os.getpid()}\\)"):
            with Lock(path, "my show"):
                pass
    with Lock(path, "my show"):  # released when the first ended
        pass


def test_a_forked_child_does_not_hold_the_lock(tmp_path):
    path = tmp_path / "lock"
    with Lock(path, "a show"):
        child = os.fork()
        if child == 0:  # the child: its copy of the lock file is closed at fork
            os._exit(0)
        os.waitpid(child, 0)
    with Lock(path, "a show"):
        pass
