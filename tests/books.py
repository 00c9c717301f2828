"""Books made by the tests: an EPUB of three chapters with the front and back matter real
books have, and a two-column PDF with running headers and page numbers. The texts are our own."""

from __future__ import annotations

from pathlib import Path

import narrator

CHAPTERS = [
    ("The Lighthouse Keeper", [
        "Maren kept the light on the northern rock for eleven winters.",
        "Every evening she climbed the hundred and twelve steps and wound the clockwork that "
        "turned the lens.",
    ]),
    ("A Ship in the Fog", [
        "On the first night of March a ship came too close to the reef.",
        "Maren rang the fog bell until her arms ached, and the ship turned away in time.",
    ]),
    ("The Last Winter", [
        "In her final winter the light was automated, and a small motor replaced the clockwork.",
        "She stayed one more season anyway, to be sure the motor knew its work.",
    ]),
]


def make_epub(path: Path, split_second: bool = True) -> Path:
    """An EPUB 3 of CHAPTERS with a cover page, a title page, a copyright page and an index;
    the second chapter is split over two files, as converters often do."""
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("narrator-test-lighthouse")
    book.set_title("The Keeper of the Northern Rock")
    book.set_language("en")
    book.add_author("Ada Testwriter")
    book.add_metadata("DC", "date", "2024-05-01")
    pages = []

    def page(name: str, title: str, body: str, kind: str | None = None) -> epub.EpubHtml:
        item = epub.EpubHtml(title=title, file_name=name, lang="en")
        type_attr = f' epub:type="{kind}"' if kind else ""
        item.content = (f'<html xmlns="http://www.w3.org/1999/xhtml" '
                        f'xmlns:epub="http://www.idpf.org/2007/ops"><head><title>{title}</title>'
                        f'</head><body{type_attr}>{body}</body></html>')
        book.add_item(item)
        pages.append(item)
        return item

    page("cover.xhtml", "Cover",
         '<section epub:type="cover"><img src="cover.jpg" alt="The cover"/></section>')
    page("title.xhtml", "Title Page", "<h1>The Keeper of the Northern Rock</h1><p>A novella</p>",
         "titlepage")
    page("copyright.xhtml", "Copyright", "<p>Copyright 2024 Ada Testwriter. All rights "
         "reserved.</p>", "copyright-page")
    listed = []
    for number, (title, paragraphs) in enumerate(CHAPTERS, 1):
        body = f"<section epub:type=\"chapter\"><h1>{title}</h1>"
        if split_second and number == 2:
            body += f"<p>{paragraphs[0]}</p></section>"
            listed.append(page(f"chapter{number}.xhtml", title, body))
            page(f"chapter{number}b.xhtml", title, f"<p>{paragraphs[1]}</p>")
            continue
        body += "".join(f"<p>{text}</p>" for text in paragraphs)
        if number == 1:
            body += ('<figure><img src="rock.jpg" alt="The rock at dusk"/><figcaption>The '
                     'northern rock at dusk.</figcaption></figure><p>The light was first lit '
                     'in 1852.<a epub:type="noteref" href="#n1">1</a></p><aside '
                     'epub:type="footnote" id="n1"><p>Some records say 1853.</p></aside>')
        listed.append(page(f"chapter{number}.xhtml", title, body + "</section>"))
    page("index.xhtml", "Index", "<h1>Index</h1><p>fog, 2; lens, 1; motor, 3</p>", "index")
    book.toc = [epub.Link(item.file_name, title, f"c{k}")
                for k, (item, (title, _)) in enumerate(zip(listed, CHAPTERS), 1)]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *pages]
    epub.write_epub(str(path), book)
    return path


PDF_TITLE = "Measuring Quiet Rooms"
PDF_COLUMNS = [
    # page 1: left column, right column; each a list of paragraphs, each a list of lines
    ([["A quiet room is not silent. Even the best", "studio has a floor of noise from air, from",
       "the building and from the street outside."],
      ["We measured twelve rooms over one winter,", "each on three evenings, with the same",
       "meter and the same careful procedure."]],
     [["The first result surprised us: the quiet-", "est room was an old library, not the new",
       "recording studio across the road."],
      ["Thick walls and heavy shelves of books", "absorb far more sound than thin modern",
       "panels do, whatever the brochures claim."]]),
    ([["On the second page the columns go on. The", "library kept its lead on every evening",
       "of the whole measurement series."]],
     [["Our advice is simple: before you build a", "studio, visit an old library with a meter",
       "and listen to what the walls can do."]]),
]
PDF_HEADER = "The Quiet Lab Journal - Spring 2026"


def make_pdf(path: Path) -> Path:
    """Two pages in two columns under a title, each page with a running header and a page
    number, and a word hyphenated across a line end ("quiet-" / "est")."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    for number, (left, right) in enumerate(PDF_COLUMNS, 1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=9)
        pdf.set_xy(20, 10)
        pdf.cell(170, 5, PDF_HEADER, align="C")
        top = 30
        if number == 1:
            pdf.set_font("Helvetica", "B", 20)
            pdf.set_xy(20, 22)
            pdf.cell(170, 10, PDF_TITLE)
            top = 45
        pdf.set_font("Helvetica", size=11)
        for x, paragraphs in ((20, left), (110, right)):
            y = top
            for lines in paragraphs:
                for line in lines:
                    pdf.set_xy(x, y)
                    pdf.cell(80, 5, line)
                    y += 5.5
                y += 6
        pdf.set_font("Helvetica", size=9)
        pdf.set_xy(20, 282)
        pdf.cell(170, 5, str(number), align="C")
    pdf.output(str(path))
    return path


BODY = ("The harbour wall was built of granite blocks, each cut by hand in the quarry above "
        "the town and carried down on sledges in the winter months. ")


THINGS = ["herring", "lanterns", "ropes", "gulls", "barrels", "anchors", "nets", "oars", "sails",
          "crates", "bells", "flags"]


def page_text(number: int) -> str:
    """A page's own paragraph: real pages do not repeat their body at the same place."""
    things = THINGS[number % len(THINGS):] + THINGS[:number % len(THINGS)]
    sentences = [f"The {a} lay beside the {b} while the {c} waited for the tide." for a, b, c
                 in zip(things, things[1:] + things[:1], things[2:] + things[:2])]
    return " ".join(sentences[:4]) + " " + BODY.strip() + f" This is page {number}."


def script_lines(path: Path) -> list[str]:
    text = narrator.script_text(narrator.script(path), path)
    return [line for line in text.splitlines() if line and not line.startswith("#")]
