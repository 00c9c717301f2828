"""Fault injection for the crash tests: with NARRATOR_CRASH_AT="name" (or "name:N"), the build is
killed with SIGKILL the first (or Nth) time it passes the point of that name, in whichever of its
processes passes it. Nothing happens when the variable is unset. With
NARRATOR_INTERRUPT_AT="name:N" the process sends itself SIGINT there instead, as a user's Ctrl-C
would.

The CLI arms it by making the build its own process group, so that a kill takes the workers and
ffmpeg with it, as a power cut or the OOM killer would.
"""

from __future__ import annotations

import os
import signal

_TARGET = os.environ.get("NARRATOR_CRASH_AT", "")
_NAME, _, _NTH = _TARGET.partition(":")
_INTERRUPT_NAME, _, _INTERRUPT_NTH = os.environ.get("NARRATOR_INTERRUPT_AT", "").partition(":")
_passes: dict[str, int] = {}


def arm() -> None:
    """Make this process the leader of its own group (CLI only, when a crash is asked for)."""
    if not _TARGET:
        return
    if os.getpid() != os.getpgrp():
        os.setpgid(0, 0)
    os.environ["NARRATOR_CRASH_GROUP"] = str(os.getpgrp())  # inherited by the workers


def point(name: str) -> None:
    if _INTERRUPT_NAME and name == _INTERRUPT_NAME:
        _passes["interrupt:" + name] = _passes.get("interrupt:" + name, 0) + 1
        if _passes["interrupt:" + name] == int(_INTERRUPT_NTH or 1):
            os.kill(os.getpid(), signal.SIGINT)
    if not _TARGET or name != _NAME:
        return
    _passes[name] = _passes.get(name, 0) + 1
    if _passes[name] == int(_NTH or 1):
        group = os.environ.get("NARRATOR_CRASH_GROUP")
        if group:
            os.killpg(int(group), signal.SIGKILL)
        os.kill(os.getpid(), signal.SIGKILL)
