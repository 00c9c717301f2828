"""What a listener hears of a book or a paper is the text, not the page (issue 30): generated
documents for each property, and two small real files (tests/fixtures/books/README.md)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

import narrator
from narrator.core.errors import InputError
from narrator.text.readers import read_source
from narrator.text.readers.epub import book_chapters
from narrator.text.readers.pdflayout import clean_line

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "books"
BODY = ("The harbour wall was built of granite blocks, each cut by hand in the quarry above "
        "the town and carried down on sledges in the winter months. ")
THINGS = ["herring", "lanterns", "ropes", "gulls", "barrels", "anchors", "nets", "oars", "sails",
          "crates", "bells", "flags"]


def _page_text(number: int) -> str:
    """A page's own paragraph: real pages do not repeat their body at the same place."""
    things = THINGS[number % len(THINGS):] + THINGS[:number % len(THINGS)]
    sentences = [f"The {a} lay beside the {b} while the {c} waited for the tide." for a, b, c
                 in zip(things, things[1:] + things[:1], things[2:] + things[:2])]
    return " ".join(sentences[:4]) + " " + BODY.strip() + f" This is page {number}."


def _script(path: Path) -> list:
    return narrator.script(path).segments


def _texts(path: Path) -> list[str]:
    return [segment.text for segment in _script(path)]


# ---- PDF ----

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
        pdf.multi_cell(170, 6, _page_text(number))
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


# ---- EPUB ----

CONTAINER = ('<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:'
             'opendocument:xmlns:container"><rootfiles><rootfile full-path="EPUB/p.opf" '
             'media-type="application/oebps-package+xml"/></rootfiles></container>')
XHTML = ('<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml" '
         'xmlns:epub="http://www.idpf.org/2007/ops"><head><title>t</title></head><body>{}'
         '</body></html>')


def _package(path: Path, files: dict[str, str], nav: str, nav_name: str = "nav.xhtml") -> Path:
    """An EPUB 3 written by hand: `files` (name under EPUB/: its body) in spine order, and the
    nav document `nav` at EPUB/`nav_name`."""
    manifest = "".join(f'<item id="f{n}" href="{name}" media-type="application/xhtml+xml"/>'
                       for n, name in enumerate(files))
    spine = "".join(f'<itemref idref="f{n}"/>' for n in range(len(files)))
    opf = ('<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
           'unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
           '<dc:identifier id="id">t</dc:identifier><dc:title>Harbour Tales</dc:title>'
           '<dc:language>en</dc:language></metadata><manifest>'
           f'<item id="nav" href="{nav_name}" media-type="application/xhtml+xml" '
           f'properties="nav"/>{manifest}</manifest><spine>{spine}</spine></package>')
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/epub+zip", zipfile.ZIP_STORED)
        book.writestr("META-INF/container.xml", CONTAINER)
        book.writestr("EPUB/p.opf", opf)
        book.writestr(f"EPUB/{nav_name}", nav)
        for name, body in files.items():
            book.writestr(f"EPUB/{name}", XHTML.format(body))
    return path


def _epub(path: Path, files: dict[str, str], toc: list[tuple[str, str]],
          children: dict[str, list[tuple[str, str]]] | None = None) -> Path:
    """An EPUB 3 of `files` with a nav of `toc` (href, title), `children` under an href."""
    children = children or {}

    def items(entries):
        return "".join(f'<li><a href="{href}">{title}</a>'
                       + (f"<ol>{items(children[href])}</ol>" if href in children else "")
                       + "</li>" for href, title in entries)

    return _package(path, files, XHTML.format(f'<nav epub:type="toc"><ol>{items(toc)}</ol></nav>'))


STORIES = {f"s{n}": (f"Story {n}: the {word} tide", f"The {word} tide came in at dawn. " * 30)
           for n, word in enumerate(["grey", "green", "golden", "silver"], 1)}


def test_a_book_in_one_file_is_cut_at_its_contents_entries(tmp_path):
    body = ('<section epub:type="titlepage"><h1>Harbour Tales</h1><p>A collection</p></section>'
            + "".join(f'<section id="{key}"><h2>{title}</h2><p>{text}</p></section>'
                      for key, (title, text) in STORIES.items()))
    path = _epub(tmp_path / "tales.epub", {"all.xhtml": body},
                 [("all.xhtml", "Harbour Tales")],
                 {"all.xhtml": [(f"all.xhtml#{key}", title) for key, (title, _) in
                                STORIES.items()]})
    _, chapters = book_chapters(path.read_bytes(), path)
    assert [c.title for c in chapters] == [title for title, _ in STORIES.values()]
    for chapter, (title, text) in zip(chapters, STORIES.values()):
        spoken = " ".join(block.text for block in chapter.blocks)
        assert spoken.count("tide came in") == 30 and spoken.count(title) == 1  # said once
    assert "A collection" not in " ".join(b.text for c in chapters for b in c.blocks)


def test_page_breaks_notes_formulas_and_boxes(tmp_path):
    body = ('<h1>The Pier</h1><p>The engineers who built the pier <span epub:type="pagebreak" '
            'id="p190" title="190">190</span>measured every stone<a epub:type="noteref" '
            'href="#n1">1</a>. Its length <math xmlns="http://www.w3.org/1998/Math/MathML">'
            '<mi>L</mi><mo>=</mo><mfrac><mi>a</mi><mi>b</mi></mfrac></math> was chosen with '
            'care.</p><div class="tip"><h3>Tip</h3><p>Walk it at low tide.</p></div>'
            '<h2>Later years</h2><p>Storms came and went.</p>'
            '<section epub:type="rearnotes"><p epub:type="note" id="n1">1 The records are in '
            'the <em>town</em> library, in the basement.</p></section>')
    path = _epub(tmp_path / "pier.epub", {"c1.xhtml": body, "c2.xhtml": "<h1>End</h1>"
                                          "<p>The end of the story.</p>"},
                 [("c1.xhtml", "The Pier"), ("c2.xhtml", "End")])
    _, chapters = book_chapters(path.read_bytes(), path)
    blocks = chapters[0].blocks
    text = " ".join(block.text for block in blocks)
    assert "pier measured every stone" in text and "190" not in text
    assert "L equals a over b" in text
    assert [b.text for b in blocks if b.kind == "heading"] == ["The Pier", "Later years"]
    assert "Tip" in text and "Walk it at low tide." in text
    notes = blocks[[b.kind for b in blocks].index("note"):]
    assert "The records are in the town library, in the basement." in " ".join(
        b.text for b in notes)
    assert text.index("Storms came") < text.index("The records are in")


def _five_parts(path: Path, page) -> Path:
    """A book of five files, c1.xhtml ... c5.xhtml, each `page(n)`, listed as Part 1 ... 5."""
    files = {f"c{n}.xhtml": page(n) for n in range(1, 6)}
    return _epub(path, files, [(name, f"Part {n}") for n, name in enumerate(files, 1)])


def test_navigation_repeated_on_every_page_is_not_read(tmp_path):
    path = _five_parts(tmp_path / "docs.epub", lambda n: (
        f'<p><a href="c{n - 1}.xhtml">Previous topic</a></p><h1>Part {n}</h1><p>{BODY}</p>'
        f'<p><a href="c{n + 1}.xhtml">Next topic</a></p>'))
    text = " ".join(block.text for block in read_source(path).blocks)
    assert "Previous topic" not in text and "Next topic" not in text
    assert text.count("harbour wall was built") == 5
    assert "Previous topic" in [d.text for d in read_source(path).dropped]


def test_a_refrain_inside_the_poems_is_read(tmp_path):
    path = _five_parts(tmp_path / "songs.epub", lambda n: (
        f"<h1>Song {n}</h1><p>{_page_text(n)}</p><p>And the tide came in.</p><p>{BODY}</p>"
        f"<p>{_page_text(n + 1)}</p><p>{BODY}</p>"))
    text = " ".join(block.text for block in read_source(path).blocks)
    assert text.count("And the tide came in.") == 5


def test_a_fixed_layout_page_is_read_from_its_svg(tmp_path):
    page = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 800"><image href="p.jpg"/>'
            '<text x="10" y="20">Le port dormait encore.</text>'
            '<text x="10" y="40">Les bateaux attendaient la marée.</text></svg>')
    path = _epub(tmp_path / "fixed.epub", {"p1.xhtml": page, "p2.xhtml": page.replace(
        "dormait encore", "se réveillait")}, [("p1.xhtml", "Le port")])
    text = " ".join(block.text for block in read_source(path).blocks)
    assert "Le port dormait encore." in text and "Le port se réveillait." in text


def test_a_contents_list_in_another_folder_still_finds_its_chapters(tmp_path):
    """A nav in a subfolder names the chapters relative to itself ("../text/c1.xhtml")."""
    chapters = {f"text/c{n}.xhtml": f"<h1>Chapter {n}</h1><p>{_page_text(n)}</p>"
                for n in range(1, 4)}
    nav = XHTML.format('<nav epub:type="toc"><ol>' + "".join(
        f'<li><a href="../{name}">Chapter {n}</a></li>' for n, name in enumerate(chapters, 1))
        + "</ol></nav>")
    path = _package(tmp_path / "nested.epub", chapters, nav, "nav/nav.xhtml")
    _, documents = book_chapters(path.read_bytes(), path)
    assert [d.title for d in documents] == ["Chapter 1", "Chapter 2", "Chapter 3"]


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
        pdf.multi_cell(170, 6, _page_text(number))
    path = tmp_path / "outline.pdf"
    pdf.output(str(path))
    headings = [s.text for s in _script(path) if s.kind == "heading"]
    assert [h for h in headings if h.startswith("Chapter")] == [
        f"Chapter {n}: the {THINGS[n]}" for n in range(1, 4)]
