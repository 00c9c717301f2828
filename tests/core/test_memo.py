"""Memos: what a run puts is kept in memory and written by `save` (the make phase), so that
reading and planning write nothing; a dry run's memos are never written."""

from __future__ import annotations

from narrator.core.memo import Memos, memo_key


def test_a_memo_is_written_only_when_saved(tmp_path):
    folder = tmp_path / "memo"
    memos = Memos(folder)
    key = memo_key("spoken", "en")
    assert memos.get("one.spoken", key) is None
    memos.put("one.spoken", key, {"12": "twelve"})
    assert memos.get("one.spoken", key) == {"12": "twelve"}  # this run sees it at once
    assert memos.get("one.spoken", memo_key("spoken", "de")) is None  # another key: none
    assert not folder.exists()
    memos.save()
    assert Memos(folder).get("one.spoken", key) == {"12": "twelve"}


def test_saving_removes_the_memos_a_run_did_not_ask_for(tmp_path):
    folder = tmp_path / "memo"
    first = Memos(folder)
    first.put("gone.spoken", "k", 1)
    first.put("kept.spoken", "k", 2)
    first.save()
    second = Memos(folder)
    assert second.get("kept.spoken", "k") == 2
    second.save()
    assert sorted(p.name for p in folder.iterdir()) == ["kept.spoken.json"]


def test_a_read_only_run_writes_no_memo(tmp_path):
    folder = tmp_path / "memo"
    Memos(folder).put("a", "k", 1)
    memos = Memos(folder, writable=False)
    memos.put("a", "k", 1)
    memos.save()
    assert not folder.exists()
    Memos().save()  # no folder: nothing to write, and no error
