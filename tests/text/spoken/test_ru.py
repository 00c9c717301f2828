"""Russian: ordinals in the case and gender their written ending says, nouns in the form the
number before them asks for."""

from __future__ import annotations

import pytest

from narrator.text.spoken import spoken_form
from narrator.text.spoken.ru import form, ordinal


@pytest.mark.parametrize("number, written, said", [
    (1, "-й", "первый"), (2, "-я", "вторая"), (3, "-е", "третье"), (10, "-ю", "десятую"),
    (5, "-го", "пятого"), (3, "-го", "третьего"), (21, "-м", "двадцать первом"),
])
def test_ordinal_endings(number, written, said):
    assert ordinal(number, written) == said


@pytest.mark.parametrize("whole, index", [(1, 0), (21, 0), (11, 2), (2, 1), (24, 1), (12, 2),
                                          (5, 2), (100, 2)])
def test_the_form_after_a_number(whole, index):
    assert form(whole) == index


@pytest.mark.parametrize("written, spoken", [
    ("Стоит 1 руб.", "Стоит один рубль."), ("Стоит 3 руб.", "Стоит три рубля."),
    ("Стоит 11 руб.", "Стоит одиннадцать рублей."),
    ("Прошло 2 мин.", "Прошло две минуты."),
])
def test_nouns_agree_with_their_number(written, spoken):
    assert spoken_form(written, language="ru") == spoken


def test_a_year_before_goda_is_its_ordinal_in_the_genitive():
    """Held-out page 32: "до конца 2027 года" was "две тысячи двадцать семь года"."""
    assert spoken_form("Решение действует до конца 2027 года.", language="ru") == \
        "Решение действует до конца две тысячи двадцать седьмого года."
    assert spoken_form("Так было с 2020 года.", language="ru") == \
        "Так было с две тысячи двадцатого года."
