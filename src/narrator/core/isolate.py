"""Work on untrusted bytes in a child process with limits: CPU time, memory and wall time.

A hostile or damaged file can make a parser loop for ever (a PDF object that refers to itself),
recurse past Python's stack, or expand a few megabytes into gigabytes (a compressed stream).
Such work runs here in a child Python, which sets its own limits before it reads a byte; what
goes wrong ends in an `IsolatedError` whose message says which limit was met, and the parent
(holding the build's lock) is never stuck or out of memory. The function named runs in the
child with the data from standard input and returns a JSON-able value.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

MEMORY_BYTES = 3 << 30
"""The most memory (address space) the child may take."""


class IsolatedError(Exception):
    """The work failed: `message` says how (a limit met, or the error the work raised)."""

    def __init__(self, message: str, kind: str = "error"):
        super().__init__(message)
        self.message, self.kind = message, kind


class DeadlinePassed(Exception):
    """Work given to `within_deadline` had not ended in its time."""


def within_deadline(seconds: float, work):
    """`work()`'s result (or its exception), or DeadlinePassed when it has not ended after
    `seconds`: for work that can block in a library beyond any timeout it offers (a server
    sending its headers a byte at a time, one that accepts and never answers). The thread is
    left to end on its own (its socket times out, or the process ends)."""
    import threading

    outcome: dict = {}

    def run():
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed to the caller
            outcome["error"] = error

    thread = threading.Thread(target=run, name="narrator-deadline", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise DeadlinePassed
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def run_isolated(target: str, data: bytes, cpu_s: float, memory_bytes: int = MEMORY_BYTES):
    """`target` ("package.module:function") applied to `data` in a child process; its value.
    IsolatedError when it raises, or takes over `cpu_s` of CPU (or twice that in wall time),
    or over `memory_bytes`."""
    env = {**os.environ, "NARRATOR_ISOLATE_LIMITS": f"{int(cpu_s) + 1},{memory_bytes}"}
    try:
        done = subprocess.run([sys.executable, "-m", "narrator.core.isolate", target],
                              input=data, capture_output=True, env=env,
                              timeout=2 * cpu_s + 10)
    except subprocess.TimeoutExpired:
        raise IsolatedError(f"took over {2 * cpu_s + 10:.0f} s", "time") from None
    if done.returncode in (-getattr(signal, "SIGXCPU", 24), -getattr(signal, "SIGKILL", 9)):
        raise IsolatedError(f"took over {cpu_s:.0f} s of processing", "time")
    try:
        answer = json.loads(done.stdout.decode("utf-8"))
    except ValueError:
        detail = done.stderr.decode(errors="replace").strip().splitlines()
        raise IsolatedError(f"the reader stopped ({detail[-1] if detail else done.returncode})"
                            ) from None
    if "error" in answer:
        raise IsolatedError(answer["error"], answer.get("kind", "error"))
    return answer["value"]


def _child() -> None:
    import importlib

    cpu_s, memory = (int(part) for part in os.environ["NARRATOR_ISOLATE_LIMITS"].split(","))
    try:  # where the system has no such limits (Windows; macOS refuses RLIMIT_AS), the
        import resource  # parent's wall deadline still holds

        resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 5))
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except (ImportError, ValueError, OSError):
        pass
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    module, _, name = sys.argv[1].partition(":")
    data = sys.stdin.buffer.read()
    out = sys.stdout
    try:
        value = getattr(importlib.import_module(module), name)(data)
        answer = {"value": value}
    except MemoryError:
        answer = {"error": f"needs over {memory / (1 << 30):.0f} GiB of memory to read "
                           "(a compressed part expands that far)", "kind": "memory"}
    except RecursionError:
        answer = {"error": "nested too deeply to read", "kind": "depth"}
    except Exception as error:  # handed to the parent, which says it in one line
        answer = {"error": str(error) or type(error).__name__, "kind": type(error).__name__}
    out.write(json.dumps(answer))
    out.flush()


if __name__ == "__main__":
    _child()
