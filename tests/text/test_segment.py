from pathlib import Path

from narrator.core.config import PausesSection
from narrator.core.models import Block, Document, EpisodeMeta
from narrator.text.segment import make_script, split_sentences


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


def test_long_paragraphs_split_the_same_as_short_ones():
    # pysbd is quadratic in paragraph length, so long paragraphs are cut at safe points first;
    # the cuts must not change the sentences.
    from narrator.text import segment as script_module

    text = ('Dr. Lee met Mr. J. Smith at 3 p.m. in St. Louis. The cost was $4.5 million. '
            '"Really?" she asked. The U.S. team agreed, e.g. in the 1960s. ') * 60
    assert len(text) > 3 * script_module.CHUNK_CHARS
    pieces = script_module._chunks(text)
    assert len(pieces) > 3 and "".join(pieces).replace(" ", "") == text.replace(" ", "")
    whole = script_module._segmenter("en").segment(text)
    assert split_sentences(text) == [s.strip() for s in whole if s.strip()]


def test_overlong_sentences_are_split_never_truncated():
    from narrator.text.segment import MAX_SEGMENT_CHARS, split_long

    clauses = "the river rose, the road flooded; the bridge held — and nobody was hurt, "
    sentence = (clauses * 20).strip()
    pieces = split_long(sentence)
    assert all(len(p) <= MAX_SEGMENT_CHARS for p in pieces)
    assert " ".join(pieces).split() == sentence.split()
    no_punctuation = "word " * 2000
    pieces = split_long(no_punctuation.strip())
    assert all(len(p) <= MAX_SEGMENT_CHARS for p in pieces)
    assert " ".join(pieces).split() == no_punctuation.split()
    assert "".join(split_long("x" * 1000)) == "x" * 1000


def test_huge_single_line_makes_a_valid_script():
    doc = Document(Path("x.txt"), "x", "T", EpisodeMeta(),
                   [Block("paragraph", "alpha beta gamma " * 30000)])
    script = make_script(doc, PausesSection())
    assert all(len(s.spoken) <= 400 for s in script.segments)
    assert " ".join(s.text for s in script.segments).split() == ("alpha beta gamma " * 30000).split()
