"""Apple Podcasts categories: a valid one parsed, a wrong one named with the choices."""

from __future__ import annotations

import pytest

from narrator.core.categories import parse_category


def test_a_category_and_its_subcategory():
    assert parse_category("Arts > Books") == ("Arts", "Books")
    assert parse_category(" Technology ") == ("Technology", None)


@pytest.mark.parametrize("value, message", [
    ("Cooking", "not an Apple Podcasts category"),
    ("Arts > Cooking", "choose one of: Books, Design"),
    ("Technology > Gadgets", "choose one of: none"),
    ("Arts > Books > Novels", "is not 'Category' or"),
    ("", "is not 'Category' or"),
])
def test_a_wrong_category_names_the_choices(value, message):
    with pytest.raises(ValueError, match=message):
        parse_category(value)
