"""The options of one run of a build, made once (from the command line, or by a caller of the
Python API) and passed down unchanged through every phase."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BuildOptions:
    """How to run a build. Every field has the default the command line has."""

    out_dir: Path | None = None
    """Where to publish: None, the show's `[build] output` (for one show; several shows are
    each built into their own). `narrator speak` publishes nothing."""
    rescript: bool = False
    """Make every script again from its source (a hand-edited one is kept as a .bak)."""
    keep_scripts: bool = False
    """Build from scripts edited by hand even when their source changed too."""
    jobs: int | None = None
    """Synthesis worker processes (None: one per core)."""
    cache_dir: Path | None = None
    """The speech cache (None: $NARRATOR_CACHE_DIR, else the user's cache folder)."""
    dry_run: bool = False
    """Say what would change, and change nothing."""
    keep_going: bool = False
    """Publish the episodes that build; a failed one keeps its published version."""
    scheduler: str | None = None
    """A Dask scheduler's address: the missing segments are spoken on its cluster."""
    on_spoken: Callable[[int, int, float], None] | None = None
    """Hears (segments done, segments in all, seconds of speech so far) as synthesis goes."""

    def __post_init__(self) -> None:
        for name in ("out_dir", "cache_dir"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, Path):
                object.__setattr__(self, name, Path(value))
