"""Swedish: numbers under a million in one word, years as Swedes say them, "en" before a
common noun."""

from __future__ import annotations

import pytest

from narrator.text.spoken import spoken_form


@pytest.mark.parametrize("written, spoken", [
    ("Det kom 1 250 gäster.", "Det kom ettusentvåhundrafemtio gäster."),
    ("Det hände 1809.", "Det hände artonhundranio."),
    ("Det hände 2004.", "Det hände tvåtusenfyra."),
    ("Det tog 1 h.", "Det tog en timme."),
    ("Det kostar 40 kr.", "Det kostar fyrtio kronor."),
])
def test_swedish(written, spoken):
    assert spoken_form(written, language="sv") == spoken


def test_a_capital_makes_an_abbreviation_another_word_inside_a_sentence():
    assert spoken_form("Vi bor vid St. Eriks plan.", language="sv") == "Vi bor vid St. Eriks plan."
    assert spoken_form("Ca 200 kom.", language="sv") == "Cirka tvåhundra kom."
