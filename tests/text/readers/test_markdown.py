"""Markdown sources: the title from the first heading, the structure kept."""

from narrator.text.readers import read_source


def test_markdown_title_from_first_heading_and_structure_kept(write_source, tmp_path):
    doc = read_source(write_source(
        tmp_path, "b.md", "# The Title\n\nFirst *para*.\n\n## Part two\n\n"
        "- item one\n- item two\n\n> a quote\n\n![photo](x.jpg)\n"))
    assert doc.title == "The Title"
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "The Title"), ("paragraph", "First para."), ("heading", "Part two"),
        ("paragraph", "item one"), ("paragraph", "item two"), ("paragraph", "a quote")]
