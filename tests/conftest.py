"""Shared fixtures: small real shows built with the real piper voice."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

# Started from a shell that ignores SIGINT (`nohup scripts/test &`, some CI runners), this process
# would pass the ignored signal on to every child, and the tests that stop a child with SIGINT
# (as Ctrl-C does) would wait forever. With a handler here, children start with the default.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_SHOW = REPO / "examples" / "field-notes"


def _run_cli(*args, cwd: Path | None = None, env: dict | None = None,
             input: str | None = None) -> subprocess.CompletedProcess:
    """Run `python -m narrator ARGS` as a user would; returns the finished process."""
    return subprocess.run([sys.executable, "-m", "narrator", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300, input=input,
                          env={**os.environ, **(env or {})})


@pytest.fixture(scope="session")
def run_cli():
    """`run_cli(*args, cwd=None, env=None, input=None)`: the narrator command run as a user
    would (`input` on its standard input)."""
    return _run_cli


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """Tests share one segment cache of their own, never the user's ~/.cache."""
    os.environ["NARRATOR_CACHE_DIR"] = str(tmp_path_factory.mktemp("segment-cache"))
    yield


def _write_show(root: Path, episodes: dict[str, str], config: str | None = None) -> Path:
    """A show folder with a generated cover, the given config and episode texts."""
    from narrator.publish.artwork import generate_cover

    root.mkdir(parents=True, exist_ok=True)
    (root / "narrator.toml").write_text(config if config is not None else (
        '[show]\ntitle = "Test Show"\nauthor = "Test Author"\n'
        'owner_email = "owner@example.org"\nbase_url = "https://pod.example.org/show/"\n'
        'category = "Technology"\ndescription = "A show made by the tests."\n'))
    (root / "episodes").mkdir(exist_ok=True)
    for name, text in episodes.items():
        (root / "episodes" / name).write_text(text)
    generate_cover("Test Show", root / "cover.png")
    return root


@pytest.fixture(scope="session")
def write_show():
    """`write_show(root, {name: text}, config=None)`: a show folder with a generated cover."""
    return _write_show


@pytest.fixture(scope="session")
def example_build(tmp_path_factory):
    """The example show, copied and built once into a temporary output folder."""
    from narrator import BuildOptions, build

    root = tmp_path_factory.mktemp("example")
    show = root / "show"
    shutil.copytree(EXAMPLE_SHOW, show, ignore=shutil.ignore_patterns(".narrator"))
    out = root / "out"
    result = build(show, BuildOptions(out_dir=out))
    return show, out, result


@pytest.fixture
def tiny_show(tmp_path) -> Path:
    """A one-episode show of two short sentences."""
    return _write_show(tmp_path / "tiny", {"hello.txt": "Hello\n\nThis is a short test. It ends."})


@pytest.fixture
def write_source():
    """`write_source(folder, name, text)`: a source file of that text (or bytes) in the folder."""
    def write(folder: Path, name: str, text) -> Path:
        path = folder / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
        return path

    return write
