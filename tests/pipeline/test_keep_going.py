"""--keep-going: an episode that fails keeps its published version, or stays out of the feed if
it never had one; the others are built and published; the exit code says something failed."""

from __future__ import annotations

import feedparser

from narrator import BuildOptions, build



def _feed(out):
    return {e.title: e for e in feedparser.parse((out / "feed.xml").read_bytes()).entries}


def test_failed_episodes_keep_their_published_version_or_stay_out(tmp_path, run_cli, write_show):
    show = write_show(tmp_path / "s", {"a.txt": "Alpha\n\nFirst text.",
                                       "b.txt": "Beta\n\nSecond text."})
    out = tmp_path / "out"
    build(show, BuildOptions(out_dir=out))
    before = _feed(out)
    mp3_a = (out / "a.mp3").read_bytes()
    page_a = (out / "a.html").read_bytes()
    # a's source breaks, b is edited, c is new and broken, d is new and fine.
    (show / "episodes" / "a.txt").write_bytes(b"\x00\x01 binary")
    (show / "episodes" / "b.txt").write_text("Beta\n\nSecond text, edited.")
    (show / "episodes" / "c.txt").write_bytes(b"\xff\xfe not utf-8")
    (show / "episodes" / "d.txt").write_text("Delta\n\nFourth text.")
    result = run_cli("build", show, "-o", out, "--keep-going", "-q")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert sorted(line.split(":")[1].strip() for line in errors) == \
        sorted(str(show / "episodes" / name) for name in ("a.txt", "c.txt"))
    assert "a.mp3: its published version stays" in result.stderr
    assert "c: left out of the feed" in result.stderr
    after = _feed(out)
    assert set(after) == {"Alpha", "Beta", "Delta"}  # c never built: left out
    assert (after["Alpha"].guid, after["Alpha"].published, after["Alpha"].enclosures[0].length) \
        == (before["Alpha"].guid, before["Alpha"].published, before["Alpha"].enclosures[0].length)
    assert (out / "a.mp3").read_bytes() == mp3_a and (out / "a.html").read_bytes() == page_a
    assert after["Beta"].guid == before["Beta"].guid
    assert "edited" in (out / "b.txt").read_text()
    assert (out / "d.mp3").is_file() and not (out / "c.mp3").exists()
    # The index lists the kept episode too; the show validates as apps will see it.
    assert "Alpha" in (out / "index.html").read_text()
    assert run_cli("validate", out).returncode == 0
    # Without --keep-going the same show publishes nothing and says why.
    snapshot = {p.name: p.read_bytes() for p in out.iterdir()}
    result = run_cli("build", show, "-o", out, "-q")
    assert result.returncode == 1 and {p.name: p.read_bytes() for p in out.iterdir()} == snapshot
    # Fixed, the next build has them all.
    (show / "episodes" / "a.txt").write_text("Alpha\n\nFirst text.")
    (show / "episodes" / "c.txt").write_text("Gamma\n\nThird text.")
    build(show, BuildOptions(out_dir=out))
    assert set(_feed(out)) == {"Alpha", "Beta", "Gamma", "Delta"}
    assert _feed(out)["Alpha"].guid == before["Alpha"].guid


def test_a_failure_while_making_the_audio_keeps_the_previous_version(tmp_path, monkeypatch, write_show):
    import pytest

    import narrator.pipeline.make
    from narrator.core.errors import BuildErrors
    from narrator.core.errors import AudioError

    show = write_show(tmp_path / "s", {"a.txt": "Alpha\n\nFirst text.",
                                       "b.txt": "Beta\n\nSecond text."})
    out = tmp_path / "out"
    build(show, BuildOptions(out_dir=out))
    before = (out / "a.mp3").read_bytes()
    real_stitch = narrator.pipeline.make.stitch

    def failing_stitch(clips, segments, path, audio, memo=None, reuse=None):
        if path.name == "a.mp3":
            raise AudioError("ffmpeg stopped while encoding the episode's audio", path)
        return real_stitch(clips, segments, path, audio, memo, reuse)

    monkeypatch.setattr(narrator.pipeline.make, "stitch", failing_stitch)
    for name, text in (("a.txt", "Alpha\n\nFirst text, changed."),
                       ("b.txt", "Beta\n\nSecond text, changed.")):
        (show / "episodes" / name).write_text(text)
    with pytest.raises(BuildErrors) as caught:
        build(show, BuildOptions(out_dir=out, keep_going=True))
    assert [line.rsplit(": ", 1)[1] for line in caught.value.lines()] == \
        ["ffmpeg stopped while encoding the episode's audio"]
    assert (out / "a.mp3").read_bytes() == before
    assert "changed" in (out / "b.txt").read_text()
    assert set(_feed(out)) == {"Alpha", "Beta"}
