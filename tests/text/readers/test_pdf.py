"""What a listener hears of a PDF is the text, not the page (issue 30): generated PDFs for each
property and a small real one (tests/fixtures/books/README.md)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

import narrator
from narrator.core.errors import InputError
from narrator.text.readers import read_source
from narrator.text.readers.pdflayout import clean_line


sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from books import PDF_HEADER, PDF_TITLE, THINGS, make_pdf, page_text, script_lines  # noqa: E402


FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "books"


def _script(path: Path) -> list:
    return narrator.script(path).segments


def _texts(path: Path) -> list[str]:
    return [segment.text for segment in _script(path)]


def _pdf(path: Path, pages: int = 6, header: str = "The Harbour Report - Spring 2026",
         title_meta: str | None = None, footnote: bool = False, line_numbers: bool = False,
         outline: bool = False) -> Path:
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    if title_meta:
        pdf.set_title(title_meta)
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=8)
        pdf.set_xy(20, 8)
        pdf.cell(170, 4, header, align="C")
        pdf.set_xy(20, 285)
        pdf.cell(170, 4, f"Page {number} of {pages}", align="C")
        top = 25
        if number == 1:
            pdf.set_font("Helvetica", "B", 22)
            pdf.set_xy(20, 20)
            pdf.cell(170, 10, "Harbour Walls of the North")
            top = 40
        if number in (1, 3, 5):
            if outline:
                pdf.start_section(f"Part {number // 2 + 1}: the stones")
            pdf.set_font("Helvetica", "B", 15)
            pdf.set_xy(20, top)
            pdf.cell(170, 8, f"Part {number // 2 + 1}: the stones")
            top += 14
        pdf.set_font("Helvetica", size=11)
        pdf.set_xy(20, top)
        pdf.multi_cell(170, 6, page_text(number))
        if line_numbers:
            pdf.set_font("Helvetica", size=9)
            for line in range(1, 26):
                pdf.set_xy(8, 25 + line * 9)
                pdf.cell(6, 4, str(line))
        if footnote and number == 2:
            pdf.set_font("Helvetica", size=11)
            pdf.set_xy(20, 120)
            pdf.multi_cell(170, 6, "The quarry closed in 1911, when the last of its stone "
                                   "went into the new pier.")
            pdf.set_font("Helvetica", size=7)
            pdf.set_xy(20, 270)
            pdf.multi_cell(170, 3.5, "1 Quarry records are kept in the town library.")
    pdf.output(str(path))
    return path


def test_running_headers_footers_and_page_numbers_are_never_read(tmp_path):
    texts = _texts(_pdf(tmp_path / "report.pdf"))
    joined = " ".join(texts)
    assert "Harbour Report" not in joined and not any(
        re.search(r"Page \d of", text) for text in texts)
    assert all(f"This is page {number}." in joined for number in range(1, 7))
    assert sum("harbour wall was built" in text for text in texts) >= 6  # every page's body


def test_a_papers_sections_come_from_its_type_or_its_outline(tmp_path):
    for outline in (False, True):
        path = _pdf(tmp_path / f"paper-{outline}.pdf", outline=outline)
        headings = [s.text for s in _script(path) if s.kind == "heading"]
        assert headings[0] == "Harbour Walls of the North"
        assert headings[1:] == ["Part 1: the stones", "Part 2: the stones", "Part 3: the stones"]


def test_line_numbers_in_the_margin_are_not_read(tmp_path):
    texts = _texts(_pdf(tmp_path / "transcript.pdf", line_numbers=True))
    assert not any(re.fullmatch(r"\d{1,2}\.?", text) for text in texts)
    assert not any(re.search(r"\b\d{1,2} \d{1,2} \d{1,2}\b", text) for text in texts)


def test_a_transcripts_line_numbers_on_its_lines_are_not_read(tmp_path):
    """A court transcript numbers its lines 1 to 25 down each page, on the same line as the
    words: the numbers are not read, the words are."""
    from fpdf import FPDF

    pdf = FPDF(format="Letter", unit="pt")
    pdf.set_font("Courier", size=12)
    for page in range(3):
        pdf.add_page()
        for line in range(1, 26):
            pdf.set_xy(50, 60 + line * 26)
            speaker = "Q." if line % 2 else "A."
            pdf.cell(500, 14, f"{line:>2}   {speaker} On page {page + 1} the witness spoke of "
                              f"the {THINGS[(line + page) % len(THINGS)]} and the tide.")
    path = tmp_path / "transcript.pdf"
    pdf.output(str(path))
    texts = [s.text for s in _script(path) if s.kind == "sentence"]
    assert sum(text.startswith(("Q. On page", "A. On page")) for text in texts) == 75
    assert not any(re.match(r"\d", text) for text in texts)


def test_a_footnote_is_read_after_its_section_not_in_a_sentence(tmp_path):
    segments = _script(_pdf(tmp_path / "notes.pdf", footnote=True))
    texts = [s.text for s in segments]
    note = next(i for i, text in enumerate(texts) if "Quarry records are kept" in text)
    assert texts[note - 1] == "Notes"  # under its own heading
    second_part = texts.index("Part 2: the stones")
    assert note < second_part  # after the first section's text, before the next section
    assert texts.index(next(t for t in texts if "The quarry closed in 1911" in t)) < note


def test_a_file_name_in_the_metadata_is_not_the_title(tmp_path):
    path = _pdf(tmp_path / "x.pdf", title_meta="Microsoft Word - harbour-draft3.docx")
    assert read_source(path).title == "Harbour Walls of the North"
    path = _pdf(tmp_path / "y.pdf", title_meta="Harbour Walls, a Survey")
    assert read_source(path).title == "Harbour Walls, a Survey"


def test_page_debris_is_made_words_again():
    assert clean_line("e\ufb03cient \ufb01sh \ufb02ow") == "efficient fish flow"
    assert clean_line("(cid:88) Tick the box (cid:3)") == "Tick the box"
    assert clean_line("H e l l o world") == "Hello world"
    assert clean_line("I a m here") == "I a m here"  # three single letters: words
    assert clean_line("縦 書 き の 文 章") == "縦書きの文章"


def test_a_truncated_pdf_is_damaged_and_an_encrypted_one_says_so(tmp_path):
    whole = _pdf(tmp_path / "whole.pdf").read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[: len(whole) // 3])
    with pytest.raises(InputError) as caught:
        read_source(cut)
    assert "encrypted" not in str(caught.value)
    encrypted = FIXTURES / "aes-128.pdf"
    with pytest.raises(InputError, match="encrypted"):
        read_source(encrypted)


def test_a_real_report_reads_without_its_page_furniture():
    """dmca.pdf (U.S. Copyright Office, public domain): 18 pages, running header and footer."""
    segments = _script(FIXTURES / "dmca.pdf")
    texts = [s.text for s in segments]
    assert not any("Copyright Office Summary" == text or re.fullmatch(r"Page \d+", text)
                   for text in texts)
    assert not any("December 1998 Page" in text for text in texts)
    headings = [s.text for s in segments if s.kind == "heading"]
    assert len(headings) >= 10 and "TITLE I: WIPO TREATY IMPLEMENTATION" in headings
    assert not any(re.fullmatch(r"\d+\.?", text) for text in texts)


def test_vertical_writing_is_read_right_to_left():
    """issue-449-vertical.pdf (pdfminer.six's samples, MIT): three vertical columns."""
    texts = _texts(FIXTURES / "issue-449-vertical.pdf")
    assert "Layout Vertical Test" in " ".join(texts)


def test_an_outline_the_pages_do_not_print_leaves_sections_to_the_type(tmp_path):
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    for number in range(1, 4):
        pdf.add_page()
        pdf.start_section(f"Bookmark {number}")  # an outline entry named otherwise
        pdf.set_font("Helvetica", "B", 16)
        pdf.set_xy(20, 30)
        pdf.cell(170, 8, f"Chapter {number}: the {THINGS[number]}")
        pdf.set_font("Helvetica", size=11)
        pdf.set_xy(20, 45)
        pdf.multi_cell(170, 6, page_text(number))
    path = tmp_path / "outline.pdf"
    pdf.output(str(path))
    headings = [s.text for s in _script(path) if s.kind == "heading"]
    assert [h for h in headings if h.startswith("Chapter")] == [
        f"Chapter {n}: the {THINGS[n]}" for n in range(1, 4)]


def test_a_two_column_pdf_reads_in_order_without_headers_or_page_numbers(tmp_path):
    paper = make_pdf(tmp_path / "paper.pdf")
    lines = script_lines(paper)
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
