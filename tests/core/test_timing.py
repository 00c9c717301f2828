"""A build's timings for scripts/bench: written only when NARRATOR_TIMINGS names a file."""

from __future__ import annotations

import json
import subprocess
import sys

from narrator.core import timing


def test_nothing_is_kept_without_the_variable(monkeypatch):
    monkeypatch.delenv("NARRATOR_TIMINGS", raising=False)
    timing.mark("never")
    timing.write()
    assert "never" not in timing._moments


def test_moments_and_childrens_cpu_are_written(tmp_path, monkeypatch):
    out = tmp_path / "timings.json"
    monkeypatch.setenv("NARRATOR_TIMINGS", str(out))
    timing.mark("started")
    with timing.children_cpu("child"):
        subprocess.run([sys.executable, "-c", "sum(range(3_000_000))"], check=True)
    timing.write()
    written = json.loads(out.read_text())
    assert "started" in written["moments"]
    assert written["cpu"]["child"] > 0 and written["cpu"]["all children"] >= written["cpu"]["child"]
