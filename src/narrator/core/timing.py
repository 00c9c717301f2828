"""Where a build's time goes: moments and CPU seconds, written as JSON to the file that
NARRATOR_TIMINGS names (scripts/bench reads it); nothing is kept when it is not set.

Moments are wall-clock times (`time.time()`), so that a caller that started the process can
set them against its own clock; a moment marked again keeps its latest time.
"""

from __future__ import annotations

import contextlib
import json
import os
import time

_moments: dict[str, float] = {}
_cpu: dict[str, float] = {}


def enabled() -> bool:
    return bool(os.environ.get("NARRATOR_TIMINGS"))


def mark(name: str) -> None:
    """Note that `name` happened now."""
    if enabled():
        _moments[name] = time.time()


@contextlib.contextmanager
def children_cpu(name: str):
    """Count under `name` the CPU seconds (user + system) of the child processes waited for
    inside the block."""
    if not enabled():
        yield
        return
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        yield
    finally:
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        _cpu[name] = (_cpu.get(name, 0.0) + after.ru_utime - before.ru_utime
                      + after.ru_stime - before.ru_stime)


def write() -> None:
    """Write what was noted, with this process's own CPU seconds and all its children's."""
    path = os.environ.get("NARRATOR_TIMINGS")
    if not path:
        return
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = {**_cpu, "main process": own.ru_utime + own.ru_stime,
           "main process (system)": own.ru_stime,
           "all children": children.ru_utime + children.ru_stime,
           "all children (system)": children.ru_stime}
    with open(path, "w", encoding="utf-8") as out:
        json.dump({"moments": _moments, "cpu": cpu}, out, indent=1)
