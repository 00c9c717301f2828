"""`narrator build`: every episode of a show (or of several), its feed and pages, published at
once (the phases are in `narrator.pipeline`)."""

from __future__ import annotations

from pathlib import Path

from narrator.pipeline.options import BuildOptions
from narrator.pipeline.plan import DryRun
from narrator.pipeline.results import BuildResult
from narrator.pipeline.run import run_build


def build(show_dir: Path | str = ".", options: BuildOptions | None = None
          ) -> BuildResult | DryRun:
    """Build every episode of a show, its feed and pages, and publish them into
    `options.out_dir` (default: the show's [build] output, `audio_out` in the show folder) at
    once. `dry_run` returns what would change and changes nothing; `keep_going` publishes the
    episodes that build; `on_spoken(done, total, seconds)` hears synthesis progress;
    `scheduler` (a Dask scheduler's address; default NARRATOR_SCHEDULER, then the show's
    [build] scheduler) has the missing segments spoken on its cluster."""
    return run_build([show_dir], options or BuildOptions())[0]


def build_shows(show_dirs: list[Path | str], options: BuildOptions | None = None
                ) -> list[BuildResult | DryRun]:
    """Build several shows (a catalogue) in one run, each into its own [build] output: all are
    planned first, so that a cluster (`scheduler`) is given the missing segments of every
    show at once; then each is made and published in turn."""
    options = options or BuildOptions()
    if options.out_dir is not None and len(show_dirs) > 1:
        from narrator.core.errors import NarratorError

        raise NarratorError("--out takes one show (several: each its [build] output)")
    return run_build(list(show_dirs), options)
