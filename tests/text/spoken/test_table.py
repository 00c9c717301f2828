"""The spoken form in nine languages (issue 35): each language's development cases said as
written down, the held-out cases under the issue's bars (tests/fixtures/spoken/README.md), the
shared rules' edges, sentences not cut at a language's abbreviations, and `narrator normalize
--language L` for each language."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from narrator.text.segment import split_sentences
from narrator.text.spoken import LANGUAGES, spoken_form

REPO = Path(__file__).resolve().parents[3]
_spec = importlib.util.spec_from_file_location("eval_spoken", REPO / "scripts" / "eval_spoken.py")
eval_spoken = importlib.util.module_from_spec(_spec)
sys.modules["eval_spoken"] = eval_spoken
_spec.loader.exec_module(eval_spoken)
CASES = REPO / "tests" / "fixtures" / "spoken"
NINE = ("de", "es", "fr", "it", "pt", "ru", "sv", "hu", "vi")
BAR = {"de": 0.15, "es": 0.15, "fr": 0.15}


def test_every_language_of_the_issue_has_a_table():
    assert set(NINE) <= set(LANGUAGES)


@pytest.mark.parametrize("language", NINE)
def test_the_development_cases_are_said_as_written_down(language):
    # what is left is written down in the closing note of issue 35 ("media pizza", Spanish
    # feminine hundreds, Russian accusative fractions; German "@" said "ät", as Germans do)
    pairs = [(w, s) for w, s, _ in eval_spoken.read_cases(CASES / "dev" / f"{language}.tsv")]
    assert eval_spoken.cer(pairs, language) <= 0.01


@pytest.mark.parametrize("language", NINE)
def test_held_out_cases_meet_the_issues_bar(language):
    pairs = [(w, s) for w, s, _ in eval_spoken.read_cases(CASES / "heldout" / f"{language}.tsv")]
    assert len(pairs) >= 8
    error = eval_spoken.cer(pairs, language)
    assert error <= BAR.get(language, 0.30)
    assert error < eval_spoken.cer(pairs, language, normalize=False) / 4


@pytest.mark.parametrize("language, written, spoken", [
    ("fr", "Le pays compte 10 300 000 habitants.",
     "Le pays compte dix millions trois cent mille habitants."),
    ("fr", "Appelez le 01 23 45 67 89.",
     "Appelez le zéro un vingt-trois quarante-cinq soixante-sept quatre-vingt-neuf."),
    ("es", "Mi número es 612 345 678.", "Mi número es seis uno dos tres cuatro cinco seis siete "
     "ocho."),
    ("es", "Viven 2 500 vecinos.", "Viven dos mil quinientos vecinos."),
    ("de", "Ruf +49 30 1234567 an.", "Ruf plus vier neun drei null eins zwei drei vier fünf "
     "sechs sieben an."),
    ("sv", "Resan tar 3–4 timmar.", "Resan tar tre till fyra timmar."),
    ("it", "Il sito è www.comune.roma.it.", "Il sito è comune punto roma punto it."),
])
def test_telephone_numbers_thousands_ranges_and_addresses(language, written, spoken):
    assert spoken_form(written, language=language) == spoken


@pytest.mark.parametrize("language, written", [("sv", "Vi har t.ex. äpplen."),
                                                ("de", "Das ist z.B. gut, d.h. schön.")])
def test_an_abbreviation_is_not_an_address(language, written):
    assert "punkt" not in spoken_form(written, language=language).casefold()


@pytest.mark.parametrize("language, paragraph, count", [
    ("pl", "Wzrost wyniósł 5 proc. w skali roku. Zatrudnienie wzrosło o 3 tys. osób. Koniec.", 3),
    ("sv", "Vi har t.ex. äpplen och päron. Det gäller bl.a. skolor. Slut.", 3),
    ("hu", "Az 1. helyen végzett Kovács. Hozz gyümölcsöt, pl. almát. Vége.", 3),
    ("pt", "Foi atendido pelo Dr. Silva ontem. A Sra. Costa chegou. Fim.", 3),
    ("ru", "Это главное, т. е. самое важное. Офис на ул. Ленина. Конец.", 3),
    ("vi", "Ông ở TP. Hồ Chí Minh. Bà gặp TS. Nguyễn hôm qua. Hết.", 3),
    ("it", "Lo ha visitato il dott. Rossi ieri. Ha parlato il sig. Bianchi. Fine.", 3),
    ("es", "Saludó al sr. Gómez en la esq. de la plaza. Fin.", 2),
    ("de", "Sie wohnt in der Hauptstr. 5 in Berlin. Es kamen ca. 200 Gäste. Ende.", 3),
    ("en", "He met Dr. Smith at 5 p.m. on Friday. It rained. The end.", 3),
])
def test_sentences_are_not_cut_at_a_languages_abbreviations(language, paragraph, count):
    assert len(split_sentences(paragraph, language)) == count


@pytest.mark.parametrize("language, line, spoken", [
    ("it", "Il treno parte alle 9:30.", "Il treno parte alle nove e trenta."),
    ("pt", "O livro custa 15 €.", "O livro custa quinze euros."),
    ("ru", "Он занял 1-е место.", "Он занял первое место."),
    ("sv", "Hon föddes 1965.", "Hon föddes nittonhundrasextiofem."),
    ("hu", "Az 1. helyen végzett.", "Az első helyen végzett."),
    ("vi", "Anh ấy về thứ 1.", "Anh ấy về thứ nhất."),
    ("de", "Er aß 1/3 des Kuchens.", "Er aß ein Drittel des Kuchens."),
    ("es", "Quedó en 1.ᵉʳ lugar.", "Quedó en primer lugar."),
    ("fr", "Ajoutez 3/4 de tasse.", "Ajoutez trois quarts de tasse."),
])
def test_narrator_normalize_speaks_each_language(run_cli, language, line, spoken):
    result = run_cli("normalize", "--language", language, input=line + "\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == spoken


def test_normalize_refuses_a_language_that_is_not_one(run_cli):
    result = run_cli("normalize", "--language", "xx", input="5 €\n")
    assert result.returncode != 0
    assert "'xx' is not a language code" in result.stderr and "Traceback" not in result.stderr


def test_the_cents_of_an_amounts_decimal_digits():
    from narrator.text.spoken.numbers import hundredths

    assert [hundredths(d) for d in ("5", "05", "50", "999", "0")] == [50, 5, 50, 99, 0]
