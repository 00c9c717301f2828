"""Books and papers: an EPUB read in spine order with its table of contents' titles and without
its front and back matter; a two-column PDF read in order without its running headers."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import narrator
from narrator.core.errors import InputError
from narrator.text.readers import read_source
from narrator.text.readers.epub import book_chapters

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from books import CHAPTERS, PDF_HEADER, PDF_TITLE, make_epub, make_pdf  # noqa: E402


def _lines(path: Path) -> list[str]:
    text = narrator.script_text(narrator.script(path), path)
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def test_an_epub_is_one_episode_with_a_chapter_mark_for_each_chapter(tmp_path):
    book = make_epub(tmp_path / "book.epub")
    lines = _lines(book)
    headings = [line for line in lines if line.startswith("== ")]
    assert headings == ["== The Keeper of the Northern Rock", "== The Lighthouse Keeper",
                        "== Notes", "== A Ship in the Fog", "== The Last Winter"]
    text = "\n".join(lines)
    for _, paragraphs in CHAPTERS:  # the split chapter's second half included
        for paragraph in paragraphs:
            assert paragraph.split(",")[0] in text
    assert "Copyright" not in text and "All rights reserved" not in text
    assert "motor, 3" not in text and "A novella" not in text  # index, title page
    assert "dusk" not in text  # the picture's alt text and caption
    assert "Some records say 1853." in text  # the footnote, after its chapter
    document = read_source(book)
    assert document.byline == "Ada Testwriter"
    assert document.meta.date.year == 2024


def test_an_epub_gives_one_document_per_chapter_titled_by_its_contents(tmp_path):
    book = make_epub(tmp_path / "book.epub")
    info, documents = book_chapters(book.read_bytes(), book)
    assert [d.title for d in documents] == [title for title, _ in CHAPTERS]
    assert info.meta.title == "The Keeper of the Northern Rock"
    second = " ".join(block.text for block in documents[1].blocks)
    assert CHAPTERS[1][1][0] in second and CHAPTERS[1][1][1] in second


def test_a_two_column_pdf_reads_in_order_without_headers_or_page_numbers(tmp_path):
    paper = make_pdf(tmp_path / "paper.pdf")
    lines = _lines(paper)
    assert lines[0] == f"== {PDF_TITLE}"
    text = " ".join(lines)
    assert PDF_HEADER not in text
    assert "quietest room" in text and "quiet- est" not in text
    order = ["A quiet room is not silent.", "We measured twelve rooms",
             "The first result surprised us", "Thick walls and heavy shelves",
             "On the second page the columns go on.", "Our advice is simple"]
    positions = [text.index(start) for start in order]
    assert positions == sorted(positions)
    assert not any(line.strip() in ("1", "2") for line in lines)
    reasons = [item.reason for item in narrator.script(paper).dropped]
    assert reasons.count("running header") == 2 and reasons.count("page number") == 2


def test_a_scanned_pdf_is_refused_with_what_to_do(tmp_path):
    from fpdf import FPDF
    from PIL import Image

    picture = tmp_path / "scan.png"
    Image.new("L", (200, 280), 255).save(picture)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(picture), x=10, y=10, w=100)
    pdf.output(str(tmp_path / "scan.pdf"))
    with pytest.raises(InputError, match="OCR"):
        read_source(tmp_path / "scan.pdf")


@pytest.mark.parametrize("name, data, message", [
    ("bad.pdf", b"%PDF-1.4\nthis is not really a pdf", "not a readable PDF"),
    ("bad.epub", b"PK\x03\x04 not a zip at all", "not a readable EPUB"),
])
def test_a_broken_book_is_one_line_naming_the_file(tmp_path, run_cli, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    result = run_cli("script", str(path))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and message in lines[0], result.stderr
