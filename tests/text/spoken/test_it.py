"""Italian: ordinals by their marks and gender, fractions, money."""

from __future__ import annotations

import pytest

from narrator.text.spoken import spoken_form


@pytest.mark.parametrize("language, written, spoken", [
    ("it", "La 3ª volta.", "La terza volta."),
    ("it", "Costa 1 €.", "Costa un euro."),
    ("it", "Ne resta 1/2.", "Ne resta un mezzo."),
    ("it", "Sono 2/5 del totale.", "Sono due quinti del totale."),
])
def test_italian(language, written, spoken):
    assert spoken_form(written, language=language) == spoken
