"""Planning decides and writes nothing: the script files it decides to write and the memos it
works out are written when the make phase begins, so a dry run, or a build stopped while it
plans, leaves the show as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrator import BuildOptions, build
from narrator.core.config import load_config
from narrator.core.errors import NarratorError
from narrator.pipeline import run
from narrator.pipeline.run import plan_build
from narrator.text.scriptfile import script_path


def _tree(show: Path) -> dict[str, bytes]:
    return {str(p.relative_to(show)): p.read_bytes() for p in sorted(show.rglob("*"))
            if p.is_file()}


def test_planning_writes_nothing(tmp_path, write_show):
    show = write_show(tmp_path / "show", {"one.md": "# One\n\nIt has 12 words. It ends.\n",
                                          "two.txt": "Two\n\nA second text. It ends too.\n"})
    before = _tree(show)
    context, plans = plan_build(load_config(show), BuildOptions(out_dir=tmp_path / "out"))
    assert _tree(show) == before
    assert [plan.script_status for plan in plans] == ["written", "written"]
    assert all(plan.script_write is not None for plan in plans)
    assert "twelve words" in " ".join(s.spoken for s in plans[0].script.segments)
    assert context.memos.pending  # worked out, kept for the make phase


def test_the_make_phase_writes_what_planning_decided(tmp_path, write_show, monkeypatch):
    show = write_show(tmp_path / "show", {"one.md": "# One\n\nIt has 12 words. It ends.\n"})
    source = show / "episodes" / "one.md"

    def broken(*args, **kwargs):
        raise NarratorError("the voice broke")

    # Synthesis fails after planning: the script was written all the same (it is the user's
    # to edit), and so were the memos; nothing was published.
    monkeypatch.setattr(run, "make_episodes", broken)
    with pytest.raises(NarratorError, match="the voice broke"):
        build(show, BuildOptions(out_dir=tmp_path / "out"))
    written = script_path(source).read_text()
    assert "It has 12 words." in written
    assert (show / ".narrator" / "memo" / "one.spoken.json").is_file()
    assert not (tmp_path / "out").exists()
    monkeypatch.undo()
    build(show, BuildOptions(out_dir=tmp_path / "out"))
    assert script_path(source).read_text() == written
    assert (tmp_path / "out" / "one.mp3").is_file()


def test_a_hand_edit_is_kept_as_a_backup_only_when_the_build_makes(tmp_path, write_show):
    show = write_show(tmp_path / "show", {"one.txt": "One\n\nThe first text. It ends.\n"})
    source = show / "episodes" / "one.txt"
    build(show, BuildOptions(out_dir=tmp_path / "out"))
    script = script_path(source)
    script.write_text(script.read_text().replace("The first text.", "The first, edited text."))
    before = _tree(show)
    plan = build(show, BuildOptions(out_dir=tmp_path / "out", rescript=True, dry_run=True))
    # A dry run decides only: made again, the script says what was published, and the hand
    # edit is not put aside.
    assert plan.unchanged == ["one.mp3"] and _tree(show) == before
    build(show, BuildOptions(out_dir=tmp_path / "out", rescript=True))
    backup = script.with_name(script.name + ".bak")
    assert "edited text" in backup.read_text() and "edited" not in script.read_text()
