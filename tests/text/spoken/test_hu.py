"""Hungarian: a date's day with its possessive ending, "két" before a noun, ordinals written
with a full stop."""

from __future__ import annotations

import pytest

from narrator.text.spoken import spoken_form


@pytest.mark.parametrize("written, spoken", [
    ("Március 2. hétfő.", "március másodika hétfő."),
    ("2026. augusztus 20.", "kétezer-huszonhat augusztus huszadika."),
    ("Az út 12 km.", "Az út tizenkét kilométer."),
    ("A 3. fejezet rövid.", "A harmadik fejezet rövid."),
    ("A végén 5.", "A végén öt."),
])
def test_hungarian(written, spoken):
    assert spoken_form(written, language="hu") == spoken
