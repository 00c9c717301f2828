"""Portuguese: ordinals by their marks and gender, money with cents, "duas" before a feminine
noun."""

from __future__ import annotations

import pytest

from narrator.text.spoken import spoken_form


@pytest.mark.parametrize("language, written, spoken", [
    ("pt", "A 21.ª edição.", "A vigésima primeira edição."),
    ("pt", "Custa 1,05 €.", "Custa um euro e cinco cêntimos."),
    ("pt", "Demora 2 h.", "Demora duas horas."),
])
def test_portuguese(language, written, spoken):
    assert spoken_form(written, language=language) == spoken
