"""`narrator add`: a page served from this machine, a file, a book or standard input becomes
episode sources a user can read, edit and build."""

from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

import narrator
from narrator.text.readers import read_source

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from books import CHAPTERS, make_epub  # noqa: E402

# Written for this test: a news page with its furniture (menu, caption, promo box, footer).
ARTICLE = """<!doctype html><html lang="en"><head>
<title>Ferry timetable doubles from Monday | Harbour Gazette</title>
<meta name="author" content="Lena Fischer">
<meta property="article:published_time" content="2026-11-30T08:15:00Z">
<link rel="canonical" href="http://harbour-gazette.example/news/ferry-timetable?utm_source=x">
</head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a>
<a href="/subscribe">Subscribe</a></nav></header>
<main><article>
<h1>Ferry timetable doubles from Monday</h1>
<p class="byline">By Lena Fischer</p>
<p>The island ferry will run every half hour from Monday, the harbour authority said on
Friday, doubling a timetable that had not changed in twenty years.</p>
<figure><img src="ferry.jpg" alt="The ferry leaving port"><figcaption>The morning ferry
leaves the harbour. Photo: Harbour Authority</figcaption></figure>
<p>Commuters had asked for more crossings for years, and a second boat bought last spring
finally makes them possible without longer working days for the crew.</p>
<div class="promo"><p>Sign up for our morning newsletter and never miss a sailing.</p></div>
<p>The new timetable is printed at both terminals and will be in the app by the weekend,
the authority added, and tickets bought before Monday stay valid.</p>
</article></main>
<footer><p>© 2026 Harbour Gazette. All rights reserved.</p></footer>
</body></html>"""


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        body = ARTICLE.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def test_a_link_becomes_an_episode_titled_by_its_headline(tmp_path, write_show, server,
                                                           run_cli):
    show = write_show(tmp_path / "show", {})
    url = f"{server}/news/ferry?utm_source=feed"
    result = run_cli("add", url, str(show))
    assert result.returncode == 0, result.stderr
    assert "added" in result.stdout and "narrator build" in result.stdout
    path = show / "episodes" / "ferry-timetable-doubles-from-monday.md"
    meta = _front_matter(path)
    assert meta["title"] == "Ferry timetable doubles from Monday"
    assert meta["author"] == "Lena Fischer"
    assert meta["source"].startswith("http://harbour-gazette.example/news/ferry-timetable")
    document = read_source(path)
    text = " ".join(block.text for block in document.blocks)
    assert "every half hour" in text and "second boat" in text and "tickets bought" in text
    for furniture in ("Photo: Harbour Authority", "morning ferry leaves", "newsletter",
                      "©", "Home", "Sport", "By Lena Fischer"):
        assert furniture not in text, furniture
    again = run_cli("add", url, str(show))
    assert again.returncode == 1
    assert f"already added as episodes/{path.name}" in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1


def test_what_add_writes_reads_back_as_it_was_read(tmp_path, write_show):
    show = write_show(tmp_path / "show", {})
    source = tmp_path / "page.md"
    source.write_text("# A title\n\nOne *line* with 1999. and # signs.\n\n- a list item\n\n"
                      "1. numbered\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```\n",
                      encoding="utf-8")
    [added] = narrator.add(source, show)
    before = [(b.kind, b.text) for b in read_source(source).blocks]
    after = [(b.kind, b.text) for b in read_source(added.path).blocks]
    assert before == after


def test_a_book_becomes_one_episode_per_chapter_in_order(tmp_path, write_show):
    show = write_show(tmp_path / "show", {})
    book = make_epub(tmp_path / "book.epub")
    added = narrator.add(book, show)
    assert [a.title for a in added] == [title for title, _ in CHAPTERS]
    metas = [_front_matter(a.path) for a in added]
    assert [m["episode"] for m in metas] == [1, 2, 3]
    assert sorted(m["date"] for m in metas) == [m["date"] for m in metas]
    assert all(m["author"] == "Ada Testwriter" for m in metas)
    with pytest.raises(narrator.InputError, match="already added"):
        narrator.add(book, show)


def test_a_book_as_one_episode_keeps_its_chapters(tmp_path, write_show):
    show = write_show(tmp_path / "show", {})
    [added] = narrator.add(make_epub(tmp_path / "book.epub"), show, single=True)
    headings = [b.text for b in read_source(added.path).blocks if b.kind == "heading"]
    assert [title for title, _ in CHAPTERS] == [h for h in headings if h in dict(CHAPTERS)]


def test_standard_input_is_added(tmp_path, write_show, run_cli):
    show = write_show(tmp_path / "show", {})
    result = run_cli("add", "-", str(show),
                     input="Notes from the harbour\n\nThe ferry will run every half hour "
                           "from Monday. Commuters asked for it for years.\n")
    assert result.returncode == 0, result.stderr
    [path] = [p for p in (show / "episodes").glob("*.md")]
    assert "every half hour" in path.read_text(encoding="utf-8")


def test_adding_what_cannot_be_read_is_one_line(tmp_path, write_show, run_cli):
    show = write_show(tmp_path / "show", {})
    (tmp_path / "notes.docx").write_bytes(b"PK")
    result = run_cli("add", str(tmp_path / "notes.docx"), str(show))
    assert result.returncode == 1 and "unsupported file type '.docx'" in result.stderr
    assert list((show / "episodes").iterdir()) == []


def test_a_show_and_its_source_given_the_wrong_way_round_says_so(tmp_path, write_show, run_cli):
    """Found trying `narrator add myshow page.txt` as a new user: the message was "no
    narrator.toml here" about the page's folder."""
    show = write_show(tmp_path / "show", {})
    page = tmp_path / "page.txt"
    page.write_text("The ferry will run every half hour from Monday.\n", encoding="utf-8")
    result = run_cli("add", str(show), str(page))
    assert result.returncode == 1
    assert "the source comes first (narrator add SOURCE SHOW_DIR)" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert list((show / "episodes").glob("*.md")) == []
