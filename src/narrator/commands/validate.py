"""`narrator validate`: every reason podcast apps would refuse a built show."""

from __future__ import annotations

from pathlib import Path

from narrator.core.errors import NarratorError
from narrator.pipeline.showfolder import output_of
from narrator.publish.validate import Problem, validate_show


def validate(path: Path | str | None = None) -> list[Problem]:
    """Every reason podcast apps would refuse a built show; empty when none. `path` is its
    output folder, or a show folder (whose configured output is checked)."""
    out_dir = output_of(path)
    if not out_dir.is_dir():
        raise NarratorError("output folder not found (build the show first)", out_dir)
    return validate_show(out_dir)
