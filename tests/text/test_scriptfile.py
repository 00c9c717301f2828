"""Editable scripts: written beside the source, read back as the source of truth, conflicts named."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from narrator.core.config import PausesSection
from narrator.core.errors import InputError
from narrator.text.readers import read_source
from narrator.text.segment import make_script
from narrator.text.scriptfile import ScriptConflict, ScriptReading, load_script, parse, render, \
    script_path
from narrator.core.files import sha256_file


PAUSES = PausesSection()


EXAMPLE_SHOW = Path(__file__).resolve().parents[2] / "examples" / "field-notes"


def _rows(script):
    return [(s.text, s.spoken, s.kind, s.pause_after_ms) for s in script.segments]


@pytest.mark.parametrize("source", sorted((EXAMPLE_SHOW / "episodes").glob("*.[mt][dx]*")),
                         ids=lambda p: p.name)
def test_render_then_parse_gives_the_same_script(source):
    made = make_script(read_source(source), PAUSES)
    text = render(made, source.name, "0" * 64, PAUSES)
    assert _rows(parse(text, Path("x.script"), PAUSES)) == _rows(made)


def test_markers_pauses_sections_and_say():
    text = ("# a comment\n== Opening\n\nFirst line.\n[pause 2500]\nSecond line. {say: Second "
            "lyne.}\n\n== Next part\n\n\\# not a comment\n")
    script = parse(text, Path("x.script"), PAUSES)
    assert _rows(script) == [
        ("Opening", "Opening", "heading", PAUSES.paragraph_ms),
        ("First line.", "First line.", "sentence", 2500),
        ("Second line.", "Second lyne.", "sentence", PAUSES.section_ms),
        ("Next part", "Next part", "heading", PAUSES.paragraph_ms),
        ("# not a comment", "# not a comment", "sentence", 0),
    ]
    assert script.title == "Opening"


@pytest.mark.parametrize("text, message", [
    ("Hello.\n[pauze 300]\n", "line 2: unknown marker"),
    ("[pause 300]\nHello.\n", "line 1: a pause needs a line above it"),
    ("==\nHello.\n", "line 1: a section marker needs a title"),
    ("# only comments\n\n", "no lines to read"),
])
def test_malformed_scripts_are_clear_errors(text, message):
    with pytest.raises(InputError, match=message):
        parse(text, Path("bad.script"), PAUSES)


def _load(source: Path, **flags):
    made = make_script(read_source(source), PAUSES)
    return load_script(source, sha256_file(source), lambda: made, ScriptReading(PAUSES), **flags)


def test_script_lifecycle(tmp_path):
    source = tmp_path / "ep.txt"
    source.write_text("Title\n\nOne sentence here. Another one.\n")
    script, status = _load(source)
    assert status == "written" and script_path(source).is_file()
    assert _load(source)[1] == "unchanged"

    # A hand edit is used by the next build.
    path = script_path(source)
    path.write_text(path.read_text().replace("Another one.", "Another one, edited."))
    script, status = _load(source)
    assert status == "edited"
    assert "Another one, edited." in [s.text for s in script.segments]

    # The source changes too: both changed, so the build stops and names both files.
    source.write_text("Title\n\nOne sentence here. A new ending.\n")
    with pytest.raises(ScriptConflict) as caught:
        _load(source)
    line = caught.value.lines()[0]
    assert str(path) in line and "ep.txt" in line
    assert "narrator rescript" in line and "--keep-scripts" in line

    # Way out one: keep the edited script (and it stops conflicting).
    script, status = _load(source, keep_script=True)
    assert "Another one, edited." in [s.text for s in script.segments]
    assert _load(source)[1] == "edited"

    # Way out two: make it again from the source; the edited script is kept beside it.
    edited = path.read_text()
    script, status = _load(source, rescript=True)
    assert status == "written"
    assert "A new ending." in [s.text for s in script.segments]
    assert path.with_name("ep.script.bak").read_text() == edited
    # Again: an earlier backup is never overwritten, and an unedited script needs none.
    path.write_text(path.read_text().replace("A new ending.", "A second edit."))
    _load(source, rescript=True)
    assert path.with_name("ep.script.bak").read_text() == edited
    assert "A second edit." in path.with_name("ep.script.2.bak").read_text()
    _load(source, rescript=True)
    assert not path.with_name("ep.script.3.bak").exists()


def test_rescript_remakes_only_the_episodes_named(tmp_path, run_cli, write_show):
    show = write_show(tmp_path / "show", {"a.txt": "Alpha\n\nFirst text here.",
                                          "b.txt": "Beta\n\nSecond text here."})
    for name in ("a", "b"):
        _load(show / "episodes" / f"{name}.txt")
    for name in ("a", "b"):
        script = show / "episodes" / f"{name}.script"
        script.write_text(script.read_text().replace("text here.", "text, edited."))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run_cli("rescript", str(show / "episodes" / "a.script"), cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert "kept as a.script.bak" in result.stderr
    assert "text here." in (show / "episodes" / "a.script").read_text()
    assert "text, edited." in (show / "episodes" / "a.script.bak").read_text()
    assert "text, edited." in (show / "episodes" / "b.script").read_text()  # not named
    assert not (show / "episodes" / "b.script.bak").exists()
    outside = tmp_path / "loose.txt"
    outside.write_text("Loose\n\nNot in a show.")
    refused = run_cli("rescript", str(outside))
    assert refused.returncode == 1 and "not in a show's episodes/ folder" in refused.stderr


def test_an_unedited_script_follows_its_source(tmp_path):
    source = tmp_path / "ep.txt"
    source.write_text("Title\n\nFirst version.\n")
    _load(source)
    source.write_text("Title\n\nSecond version.\n")
    script, status = _load(source)
    assert status == "followed the source"
    assert [s.text for s in script.segments][-1] == "Second version."


def test_build_reads_the_edited_script(tmp_path, run_cli, write_show):
    show = write_show(tmp_path / "show", {"ep.txt": "Title\n\nThe cat sat.\n"})
    out = tmp_path / "out"
    assert run_cli("build", show, "-o", out).returncode == 0
    path = show / "episodes" / "ep.script"
    path.write_text(path.read_text().replace("The cat sat.", "The dog sat."))
    result = run_cli("build", show, "-o", out)
    assert result.returncode == 0, result.stderr
    from mutagen.id3 import ID3
    assert "The dog sat." in str(ID3(out / "ep.mp3").getall("USLT")[0])
    (show / "episodes" / "ep.txt").write_text("Title\n\nThe bird sat.\n")
    result = run_cli("build", show, "-o", out)
    assert result.returncode == 1
    assert "ep.script" in result.stderr and "ep.txt" in result.stderr
    assert "Traceback" not in result.stderr


def test_script_command_json_and_explain(tmp_path, run_cli):
    source = Path(__file__).parents[1] / "fixtures" / "articles" / "01-harbour-news.txt"
    result = run_cli("script", "--format", "json", source)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"title", "byline", "date", "segments", "dropped"}
    assert data["title"] == "Harbour ferry returns after winter repairs"
    assert data["byline"] == "Marta Ellison"
    assert data["date"].startswith("2026-03-18")
    assert set(data["segments"][1]) == {"text", "spoken", "kind", "pause_after_ms"}
    money = next(s for s in data["segments"] if "$1.2 million" in s["text"])
    assert "one point two million dollars" in money["spoken"]
    reasons = {d["reason"] for d in data["dropped"]}
    assert {"caption", "credit", "promo", "link", "widget", "footer"} <= reasons

    plain = run_cli("script", source).stdout
    explained = run_cli("script", "--explain", source).stdout
    # Each dropped line with the rule that names it and the model's score.
    assert re.search(r"\(credit, score 0\.\d\d\) Tom Baines for The Coastline Courier", explained)
    assert "Tom Baines" not in plain
    assert "The harbour ferry made its first crossing" in plain


def test_normalize_command_reads_stdin():
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-m", "narrator", "normalize"],
                            input="Dr. Smith paid $4.5 million on Mar 18, 2015.\nThe 1960s.\n",
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "Doctor Smith paid four point five million dollars on March eighteenth, twenty fifteen.",
        "The nineteen sixties."]
