"""Plain text sources: the title from the first line, a paragraph a sentence-ending line where there
are no blank lines."""

from narrator.text.readers import read_source


def test_plain_text_title_from_first_line(write_source, tmp_path):
    doc = read_source(write_source(
        tmp_path, "c.txt", "A Headline\nThe first line of the body\n"
        "continues here.\n\nSecond paragraph."))
    assert doc.title == "A Headline"
    assert [b.text for b in doc.blocks] == [
        "A Headline", "The first line of the body continues here.", "Second paragraph."]


def test_text_without_blank_lines_has_a_paragraph_per_sentence_ending_line(write_source, tmp_path):
    doc = read_source(write_source(
        tmp_path, "d.txt", "Copied Headline\nFirst paragraph ends here.\n"
        "Second paragraph is hard\nwrapped over two lines.\nThird one."))
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "Copied Headline"), ("paragraph", "First paragraph ends here."),
        ("paragraph", "Second paragraph is hard wrapped over two lines."),
        ("paragraph", "Third one.")]
