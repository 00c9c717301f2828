"""The Python API, used as a program would use it: only what `narrator` itself exports."""

from __future__ import annotations

import subprocess

import pytest

import narrator

ARTICLE = ("---\ntitle: Tide Tables\n---\n# Tide Tables\n\nThe harbour master posts the tides at "
           "6 a.m. every day. On 3 March the high tide reached 4.2 m.\n\n## Why it matters\n\n"
           "Boats leave an hour before the peak. Dr. Ames keeps the log.\n")


def _decoded(mp3) -> bytes:
    """The MP3's audio, decoded to PCM by ffmpeg (tags play no part)."""
    from narrator.audio.ffmpeg import ffmpeg_exe

    return subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(mp3), "-f", "s16le", "-"],
                          capture_output=True, check=True).stdout


def test_a_show_from_init_to_validated_build_through_the_api(tmp_path):
    show = tmp_path / "tides"
    narrator.init(show)
    (show / "episodes" / "welcome.md").unlink()
    (show / "episodes" / "tides.md").write_text(ARTICLE)
    config = narrator.load_show(show)
    assert config.show.title == "Tides" and config.voice.engine == "piper"
    plan = narrator.build(show, narrator.BuildOptions(out_dir=tmp_path / "out", dry_run=True))
    assert plan.episodes == ["tides.mp3"] and plan.segments >= 6
    cache = tmp_path / "cache"  # its own: `clean_cache` must not empty the suite's
    result = narrator.build(show, narrator.BuildOptions(out_dir=tmp_path / "out", cache_dir=cache))
    assert [episode.slug for episode in result.episodes] == ["tides"]
    problems = narrator.validate(tmp_path / "out")
    assert [p for p in problems if not p.warning] == []  # publishable once its URL is set:
    assert any("show.base_url" in p.fix for p in problems)  # a warning says so
    script = narrator.script(show / "episodes" / "tides.script")
    assert script.title == "Tide Tables"
    assert "== Why it matters" in narrator.script_text(script)
    cleaned = narrator.clean([show], cache)
    assert (cleaned.removed, cleaned.kept) == (0, len(script.segments))


def test_script_and_spoken_form_of_a_source(tmp_path):
    source = tmp_path / "tides.md"
    source.write_text(ARTICLE)
    script = narrator.script(source)
    spoken = [segment.spoken for segment in script.segments]
    assert "The harbour master posts the tides at six a m every day." in spoken
    assert narrator.spoken_form("On 3 March") == "On the third of March"
    assert script.to_dict()["title"] == "Tide Tables"


def test_errors_are_narrator_errors_with_lines(tmp_path):
    with pytest.raises(narrator.NarratorError) as caught:
        narrator.load_show(tmp_path / "nowhere")
    assert caught.value.lines() == [f"{tmp_path / 'nowhere'}: show folder not found"]
    assert any(info.name == "piper" and info.default for info in narrator.engines())


def test_speak_and_build_say_a_source_the_same_way(tmp_path, write_show):
    show = write_show(tmp_path / "show", {"tides.md": ARTICLE})
    built = narrator.build(show, narrator.BuildOptions(out_dir=tmp_path / "out"))
    with_show = narrator.speak(show / "episodes" / "tides.md", tmp_path / "with-show.mp3",
                               narrator.SpeakOptions(show_dir=show))
    alone = narrator.speak(show / "episodes" / "tides.md", tmp_path / "alone.mp3")
    published = _decoded(built.episodes[0].mp3)
    assert len(published) > 44100 * 2 * 3
    assert _decoded(with_show.mp3) == published
    assert _decoded(alone.mp3) == published  # the show's settings are the defaults
