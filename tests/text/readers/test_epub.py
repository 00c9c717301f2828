"""What a listener hears of an EPUB is the book, not its navigation (issue 30): generated books for
each property and small real ones (tests/fixtures/books/README.md)."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

from narrator.text.readers import read_source
from narrator.text.readers.epub import book_chapters


sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from books import BODY, CHAPTERS, make_epub, page_text, script_lines  # noqa: E402


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


def _five_parts(path: Path, page) -> Path:
    """A book of five files, c1.xhtml ... c5.xhtml, each `page(n)`, listed as Part 1 ... 5."""
    files = {f"c{n}.xhtml": page(n) for n in range(1, 6)}
    return _epub(path, files, [(name, f"Part {n}") for n, name in enumerate(files, 1)])


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
        f"<h1>Song {n}</h1><p>{page_text(n)}</p><p>And the tide came in.</p><p>{BODY}</p>"
        f"<p>{page_text(n + 1)}</p><p>{BODY}</p>"))
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
    chapters = {f"text/c{n}.xhtml": f"<h1>Chapter {n}</h1><p>{page_text(n)}</p>"
                for n in range(1, 4)}
    nav = XHTML.format('<nav epub:type="toc"><ol>' + "".join(
        f'<li><a href="../{name}">Chapter {n}</a></li>' for n, name in enumerate(chapters, 1))
        + "</ol></nav>")
    path = _package(tmp_path / "nested.epub", chapters, nav, "nav/nav.xhtml")
    _, documents = book_chapters(path.read_bytes(), path)
    assert [d.title for d in documents] == ["Chapter 1", "Chapter 2", "Chapter 3"]


def test_an_epub_is_one_episode_with_a_chapter_mark_for_each_chapter(tmp_path):
    book = make_epub(tmp_path / "book.epub")
    lines = script_lines(book)
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
