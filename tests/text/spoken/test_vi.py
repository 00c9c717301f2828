"""Vietnamese numbers as Vietnamese say them."""

from __future__ import annotations

import pytest

from narrator.text.spoken import spoken_form
from narrator.text.spoken.vi import _words


@pytest.mark.parametrize("number, said", [
    (0, "không"), (5, "năm"), (15, "mười lăm"), (21, "hai mươi mốt"), (105, "một trăm lẻ năm"),
    (2026, "hai nghìn không trăm hai mươi sáu"), (1965, "một nghìn chín trăm sáu mươi lăm"),
    (98_000_000, "chín mươi tám triệu"), (1_000_005, "một triệu không trăm lẻ năm"),
])
def test_vietnamese_numbers(number, said):
    assert _words(number) == said


def test_a_date_after_ngay_at_a_sentences_start_says_ngay_once():
    """"Ngày 4/12/2026" at a sentence's start was "Ngày ngày bốn tháng mười hai ..."."""
    assert spoken_form("Ngày 4/12/2026, lúc 10:15.", language="vi").lower().count("ngày") == 1
