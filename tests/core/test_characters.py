"""Text fit to publish: control characters out, bidirectional marks kept, words compared as
people mean them."""

from __future__ import annotations

from narrator.core.characters import (has_unpublishable, has_words, publishable,
                                      publishable_line, word_key)


def test_control_characters_go_and_tabs_newlines_and_bidi_marks_stay():
    text = "a\x00b\x1bc\x7fd\ufffe\te\nf\u200fg"
    assert publishable(text) == "abcd\te\nf\u200fg"
    assert has_unpublishable(text) and not has_unpublishable(publishable(text))


def test_a_title_is_one_line_without_doubled_spaces():
    assert publishable_line("  Harbour\x07 news\n\tto  day ") == "Harbour news to day"


def test_words_are_letters_or_digits_in_any_script():
    assert has_words("٣") and has_words("水") and has_words("x")
    assert not has_words("— … ♪ 🎉")


def test_word_key_ignores_case_punctuation_and_spacing():
    assert word_key("  «Le Phare», dit-il! ") == word_key("le phare dit il") == "le phare dit il"
