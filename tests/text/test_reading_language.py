"""A page in another language than the show's is read in its own language: its sentences split,
its numbers, amounts and dates said as that language says them (a German amount "12,50 Euro"
was read as English, "one thousand two hundred and fifty Euro")."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import yaml

import narrator
from narrator.text.linefeatures import sure_language
from narrator.text.spoken import LANGUAGES

HELD_OUT = Path(__file__).resolve().parents[1] / "fixtures" / "articles-heldout"

# Written for this test.
GERMAN = ("Die Fähre über den Fluss fährt seit Montag wieder. Eine Überfahrt kostet für "
          "Radfahrer 12,50 Euro, und das ist für viele Pendler zu viel, sagte der Bürgermeister "
          "am Dienstag in der Sitzung des Rates.\n\nDie Reparatur hat drei Monate gedauert, weil "
          "die Werft die alten Teile nicht mehr bekommen konnte und eine neue Welle bauen musste.")
SPANISH = ("El mercado de abastos vuelve a abrir sus puertas tras dos años de obras. Los "
           "comerciantes recuperan sus puestos y el ayuntamiento espera que los vecinos vuelvan "
           "a comprar en el centro de la ciudad.")
NORWEGIAN = ("Fergen over fjorden går igjen fra mandag. Det sier ordføreren, som har ventet på "
             "reparasjonen siden august, og som er glad for at pendlerne slipper den lange "
             "omveien rundt fjorden.")
ENGLISH = ("The ferry across the river runs again from Monday. A crossing costs cyclists 12.50 "
           "euros, which is too much for many commuters, the mayor told the council on Tuesday.")


def test_a_text_is_plainly_in_a_language_narrator_reads_or_none_is_said():
    assert sure_language(GERMAN.split("\n"), LANGUAGES) == "de"
    assert sure_language(SPANISH.split("\n"), LANGUAGES) == "es"
    english = (HELD_OUT / "26-wire-ferry.expected").read_text(encoding="utf-8").split("---")[1]
    assert sure_language(english.split("\n"), LANGUAGES) == "en"
    assert sure_language(ENGLISH.split("\n"), LANGUAGES) in (None, "en")  # too short to be sure
    # Norwegian is no language narrator has rules for; it is not taken for Swedish.
    assert sure_language(NORWEGIAN.split("\n"), LANGUAGES) is None
    assert sure_language(["Fähre"], LANGUAGES) is None


def test_a_german_page_without_a_language_is_read_as_german(tmp_path, caplog):
    page = tmp_path / "faehre.txt"
    page.write_text(GERMAN, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="narrator"):
        script = narrator.script(page)
    spoken = " ".join(segment.spoken for segment in script.segments)
    assert "zwölf Euro fünfzig" in spoken and "thousand" not in spoken
    assert any("faehre.txt" in r.message and "'de'" in r.message for r in caplog.records)
    # Asked for English, it is read as English, without a word about it.
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="narrator"):
        script = narrator.script(page, language="en")
    assert "Euro" in " ".join(segment.spoken for segment in script.segments)
    assert not caplog.records


def test_an_english_page_is_read_in_the_shows_english_without_a_warning(tmp_path, caplog):
    page = tmp_path / "ferry.txt"
    page.write_text(ENGLISH, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="narrator"):
        script = narrator.script(page)
    assert "twelve" in " ".join(segment.spoken for segment in script.segments)
    assert not caplog.records


def test_add_writes_the_pages_language_into_the_episodes_front_matter(tmp_path, write_show):
    show = write_show(tmp_path / "show", {})
    added = narrator.add(HELD_OUT / "29-pt-biblioteca.txt", show)
    text = added[0].path.read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---")[1])
    assert front["language"] == "pt"
    spoken = " ".join(s.spoken for s in narrator.script(added[0].path, show_dir=show).segments)
    assert "duzentos e doze" in spoken  # "R$ 212 mil", as Portuguese says it


def test_speak_reads_a_page_in_the_language_asked_for(tmp_path, caplog):
    page = tmp_path / "faehre.txt"
    page.write_text(GERMAN, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="narrator"):
        result = narrator.speak(page, tmp_path / "out.mp3",
                                narrator.SpeakOptions(language="en", jobs=1))
    # English rules, as asked: they read the German decimal comma as a thousands separator.
    assert "thousand" in " ".join(segment.spoken for segment in result.script.segments)
    assert not [r for r in caplog.records if "faehre.txt" in r.message]


def test_an_episode_read_in_the_pages_language_is_tagged_with_it(tmp_path):
    from mutagen.id3 import ID3

    from narrator.core.languages import iso639_2 as id3_language

    page = tmp_path / "faehre.txt"
    page.write_text(GERMAN, encoding="utf-8")
    result = narrator.speak(page, tmp_path / "out.mp3", narrator.SpeakOptions(jobs=1))
    assert result.script.language == "de"
    assert ID3(result.mp3)["TLAN"].text == [id3_language("de")] != [id3_language("en")]


def test_a_build_warns_when_an_episode_is_in_a_language_its_voice_does_not_speak(
        tmp_path, write_show, caplog):
    """Found as a new user: a Russian page added to an English show was built into six minutes
    of the English voice's sounds for 228 Russian words, and nothing said so at build time."""
    show = write_show(tmp_path / "show", {
        "faehre.md": f"---\ntitle: Die Fähre\nlanguage: de\n---\n\n{GERMAN}\n",
        "ferry.md": f"---\ntitle: The ferry\n---\n\n{ENGLISH}\n"})
    with caplog.at_level(logging.WARNING, logger="narrator"):
        narrator.build(show, narrator.BuildOptions(out_dir=tmp_path / "out", dry_run=True))
    warned = [r.getMessage() for r in caplog.records if "speaks" in r.getMessage()]
    assert len(warned) == 1 and warned[0].startswith("faehre.md: it is in 'de'")
    assert "de_DE-thorsten-medium" in warned[0] and "speaks 'en'" in warned[0]
