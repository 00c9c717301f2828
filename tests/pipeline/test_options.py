"""A run's options: one frozen object, made once and passed down unchanged."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import narrator
from narrator.pipeline.options import BuildOptions


def test_options_are_frozen_and_paths_are_paths():
    options = BuildOptions(out_dir="site", cache_dir="cache", jobs=2)
    assert options.out_dir == Path("site") and options.cache_dir == Path("cache")
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.jobs = 3  # type: ignore[misc]
    assert dataclasses.replace(options, dry_run=True).dry_run and not options.dry_run


def test_the_command_line_makes_the_options_once(tmp_path, tiny_show, monkeypatch):
    """`narrator build` turns its options into one BuildOptions and hands that down."""
    from click.testing import CliRunner

    from narrator.cli import main
    from narrator.pipeline import run

    seen = []
    real = run.run_build

    def spy(show_dirs, options):
        seen.append(options)
        return real(show_dirs, options)

    monkeypatch.setattr(run, "run_build", spy)
    monkeypatch.setattr("narrator.commands.build.run_build", spy)
    result = CliRunner().invoke(main, ["build", str(tiny_show), "--out", str(tmp_path / "o"),
                                       "--jobs", "1", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert len(seen) == 1 and seen[0] == BuildOptions(
        out_dir=tmp_path / "o", jobs=1, dry_run=True, on_spoken=seen[0].on_spoken)
    assert isinstance(seen[0], narrator.BuildOptions)
