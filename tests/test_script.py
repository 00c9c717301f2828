from pathlib import Path

from narrator.config import PausesSection
from narrator.models import Block, Document, EpisodeMeta
from narrator.script import make_script, split_sentences


def test_sentence_splitter_keeps_abbreviations_decimals_and_quotes():
    assert split_sentences('Dr. Smith met J. R. R. Tolkien in the U.S. on Tuesday. It cost '
                           '$4.5 million. "Go!" she said. St. Louis was next.') == [
        "Dr. Smith met J. R. R. Tolkien in the U.S. on Tuesday.", "It cost $4.5 million.",
        '"Go!" she said.', "St. Louis was next."]


def test_pauses_sentence_paragraph_section():
    pauses = PausesSection(sentence_ms=300, paragraph_ms=700, section_ms=1500)
    doc = Document(Path("x.md"), "x", "T", EpisodeMeta(), [
        Block("heading", "T"), Block("paragraph", "One. Two."), Block("paragraph", "Three."),
        Block("heading", "Part"), Block("paragraph", "Four.")])
    script = make_script(doc, pauses)
    assert [(s.kind, s.text, s.pause_after_ms) for s in script.segments] == [
        ("heading", "T", 700), ("sentence", "One.", 300), ("sentence", "Two.", 700),
        ("sentence", "Three.", 1500), ("heading", "Part", 700), ("sentence", "Four.", 0)]
    assert script.full_text == "T\nOne. Two.\nThree.\nPart\nFour."
