"""Sources built to hurt the reader (issue 29): a PDF that loops, recurses or expands, an EPUB
holding a chapter of gigabytes. Each ends in one line naming the file, within its bound."""

from __future__ import annotations

import time
import zipfile
import zlib

import pytest

from narrator.core import isolate
from narrator.core.errors import InputError
from narrator.text.readers import pdflayout as pdf_reader
from narrator.text.readers import read_source


def make_pdf(objects: list[bytes]) -> bytes:
    """A PDF of the given objects (1 is the catalogue) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n"
            "%%EOF\n").encode()
    return bytes(out)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>")
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
TEXT = b"BT /F1 12 Tf 72 700 Td (A sentence of the page.) Tj ET"


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


@pytest.fixture
def quick(monkeypatch):
    monkeypatch.setattr(pdf_reader, "SECONDS", 2.0)
    monkeypatch.setattr(isolate, "MEMORY_BYTES", 768 << 20)


def test_a_plain_pdf_of_ours_reads(tmp_path):
    path = tmp_path / "plain.pdf"
    path.write_bytes(make_pdf([CATALOG, PAGES, PAGE, _stream(TEXT), FONT]))
    assert "A sentence of the page." in [b.text for b in read_source(path).blocks]


@pytest.mark.parametrize("name, objects", [
    ("contents-refer-to-themselves", [CATALOG, PAGES, PAGE, b"4 0 R", FONT]),
    ("length-refers-to-itself", [CATALOG, PAGES, PAGE, b"<< /Length 6 0 R >>\nstream\n" + TEXT
                                 + b"\nendstream", FONT, b"6 0 R"]),
])
def test_a_pdf_that_loops_is_refused_within_its_bound(tmp_path, quick, name, objects):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(make_pdf(objects))
    started = time.monotonic()
    with pytest.raises(InputError, match="not a readable PDF") as caught:
        read_source(path)
    assert time.monotonic() - started < 2 * 2.0 + 10 + 5
    assert len(caught.value.lines()) == 1 and str(path) in caught.value.lines()[0]


def test_a_page_tree_5000_deep_is_one_line(tmp_path, run_cli):
    depth = 5000
    objects = [CATALOG]
    for level in range(depth):  # objects 2 .. depth+1: each Pages node holds the next
        number = 2 + level
        parent = f"/Parent {number - 1} 0 R " if level else ""
        objects.append(f"<< /Type /Pages {parent}/Kids [{number + 1} 0 R] /Count 1 >>".encode())
    last = depth + 2
    objects.append(f"<< /Type /Page /Parent {last - 1} 0 R /MediaBox [0 0 612 792] "
                   f"/Contents {last + 1} 0 R /Resources << /Font << /F1 {last + 2} 0 R >> >> >>"
                   .encode())
    objects += [_stream(TEXT), FONT]
    path = tmp_path / "deep.pdf"
    path.write_bytes(make_pdf(objects))
    result = run_cli("script", str(path))
    assert result.returncode == 1 and result.stderr.startswith("error:"), result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "deep.pdf" in result.stderr


def test_a_stream_that_expands_past_the_memory_bound_is_one_line(tmp_path, quick):
    packer = zlib.compressobj(9)
    zeros = b"\0" * (1 << 24)
    bomb = b"".join(packer.compress(zeros) for _ in range(64)) + packer.flush()  # 1 GiB
    path = tmp_path / "bomb.pdf"
    path.write_bytes(make_pdf([CATALOG, PAGES, PAGE, _stream(bomb, b"/Filter /FlateDecode"),
                               FONT]))
    with pytest.raises(InputError, match="memory") as caught:
        read_source(path)
    assert len(caught.value.lines()) == 1


CONTAINER = (b'<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:'
             b'opendocument:xmlns:container"><rootfiles><rootfile full-path="content.opf" '
             b'media-type="application/oebps-package+xml"/></rootfiles></container>')


def _opf(spine: bool) -> bytes:
    return (b'<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
            b'unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
            b'<dc:identifier id="id">x</dc:identifier><dc:title>T</dc:title>'
            b'<dc:language>en</dc:language></metadata><manifest><item id="c1" href="c1.xhtml" '
            b'media-type="application/xhtml+xml"/></manifest>'
            + (b'<spine><itemref idref="c1"/></spine>' if spine else b"") + b"</package>")


def _epub(path, chapter: bytes | None = None, spine: bool = True, chapter_size: int = 0):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("mimetype", "application/epub+zip", zipfile.ZIP_STORED)
        book.writestr("META-INF/container.xml", CONTAINER)
        book.writestr("content.opf", _opf(spine))
        if chapter_size:
            with book.open("c1.xhtml", "w", force_zip64=True) as entry:
                entry.write(b"<html><body><p>")
                block = b"word " * (1 << 18)
                for _ in range(chapter_size // len(block)):
                    entry.write(block)
        else:
            book.writestr("c1.xhtml", chapter or b"<html><body><p>Text.</p></body></html>")
    return path


def test_an_epub_chapter_that_unpacks_past_the_bound_is_refused_unread(tmp_path, run_cli):
    path = _epub(tmp_path / "bomb.epub", chapter_size=200 << 20)
    assert path.stat().st_size < 2 << 20
    result = run_cli("script", str(path))
    assert result.returncode == 1 and "over the" in result.stderr and "bomb.epub" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_an_epub_without_a_spine_is_one_line(tmp_path, run_cli):
    path = _epub(tmp_path / "nospine.epub", spine=False)
    result = run_cli("script", str(path))
    assert result.returncode == 1 and result.stderr.startswith("error:"), result.stderr
    assert "Traceback" not in result.stderr and "nospine.epub" in result.stderr
