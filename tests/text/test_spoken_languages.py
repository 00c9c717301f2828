"""The spoken form in German, Spanish and French: each language's table of rules on written
cases of our own (tests/fixtures/spoken/LANG.tsv, written -> spoken), a language without a
table, and the language reaching the script from the show and from front matter."""

from __future__ import annotations

from pathlib import Path

import pytest

import narrator
from narrator.text.spoken import spoken_form

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "spoken"


def _cases(language: str) -> list[tuple[str, str]]:
    lines = (CASES / f"{language}.tsv").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if "\t" in line]


@pytest.mark.parametrize("language", ["de", "es", "fr"])
def test_each_language_says_its_cases(language):
    wrong = [(written, spoken_form(written, language=language), spoken)
             for written, spoken in _cases(language)
             if spoken_form(written, language=language) != spoken]
    assert not wrong, wrong


def test_the_region_of_a_language_uses_its_rules():
    assert spoken_form("Es kostet 2,50 €.", language="de-AT") == "Es kostet zwei Euro fünfzig."
    assert spoken_form("Il a 21 ans.", language="fr_CA") == "Il a vingt et un ans."


def test_a_language_without_rules_keeps_its_digits_for_the_voice():
    said = spoken_form("W 1965 roku — zobacz example.org.", language="pl")
    assert "1965" in said and "example dot org" in said and "—" not in said


def test_english_is_as_it_was():
    assert spoken_form("Dr. Smith paid $4.5 million on Mar 18, 2015.") == \
        "Doctor Smith paid four point five million dollars on March eighteenth, twenty fifteen."


def test_the_show_and_front_matter_set_the_language_of_the_script(tmp_path, write_show, run_cli):
    show = write_show(tmp_path / "show", {
        "a.md": "# Fähre\n\nAm 24. Juli fährt sie um 14:30 Uhr.\n",
        "b.md": "---\nlanguage: fr\n---\n# Ferry\n\nLe 1er mai, il part à 8 h.\n"},
        config='[show]\ntitle = "T"\nlanguage = "de"\n')
    said = [s.spoken for s in narrator.script(show / "episodes" / "a.md", show_dir=show).segments]
    assert "Am vierundzwanzigsten Juli fährt sie um vierzehn Uhr dreißig." in said
    said = [s.spoken for s in narrator.script(show / "episodes" / "b.md", show_dir=show).segments]
    assert "Le premier mai, il part à huit heures." in said
    result = run_cli("normalize", "--language", "es", input="Cuesta 2,50 €.\n")
    assert result.stdout.strip() == "Cuesta dos euros con cincuenta céntimos."
    bad = show / "episodes" / "c.md"
    bad.write_text("---\nlanguage: klingon\n---\nHello.\n")
    result = run_cli("script", str(bad))
    assert result.returncode == 1 and "language" in result.stderr
