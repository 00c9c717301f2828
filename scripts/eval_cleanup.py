"""Measure the cleaner: what share of the article it keeps and what share of the page it drops.

Fixtures (tests/fixtures/articles/NAME.{txt,md,html} with NAME.expected): the expected file has
header lines (title:, dek:, byline:, date:), a `---` line, the body (one paragraph or heading a
line) and, for Markdown and HTML, a `--- boilerplate` line followed by lines that must not be
read. For plain text every source line that is neither body nor header counts as boilerplate.

Real pages (../shared/data/cleanup-dev/pages.jsonl): precision, recall and F1 on 4-word shingles,
with that folder's own scorer. The shipped model was trained on these pages too, so that figure
is in-sample: `scripts/train-cleanup --evaluate` gives the one that predicts unseen pages (each
source scored by a model trained without it).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from narrator.core.config import PausesSection
from narrator.text.cleanup import clean_text
from narrator.text.readers import read_source
from narrator.text.segment import make_script, split_sentences

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "articles"
HELD_OUT = REPO / "tests" / "fixtures" / "articles-heldout"
DEV_DATA = REPO.parent / "shared" / "data" / "cleanup-dev"


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@dataclass
class Expected:
    header: dict[str, str] = field(default_factory=dict)
    body: list[str] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)


def read_expected(path: Path) -> Expected:
    expected, part = Expected(), "header"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() == "---":
            part = "body"
        elif line.strip() == "--- boilerplate":
            part = "boilerplate"
        elif not line.strip():
            continue
        elif part == "header":
            key, _, value = line.partition(":")
            expected.header[key.strip()] = value.strip()
        else:
            getattr(expected, part).append(_norm(line))
    return expected


@dataclass
class FixtureScore:
    name: str
    sentences: int
    kept: int
    boilerplate: int
    dropped: int
    missing: list[str]
    leaked: list[str]
    header_problems: list[str] = field(default_factory=list)


def fixture_sources(folder: Path = FIXTURES) -> list[Path]:
    return sorted(p for p in folder.iterdir()
                  if p.suffix in (".txt", ".md", ".html") and p.stem != "README")


def score_fixture(source: Path) -> FixtureScore:
    expected = read_expected(source.with_suffix(".expected"))
    document = read_source(source)
    script = make_script(document, PausesSection())
    found = {"title": document.title, "byline": document.byline,
             "date": document.meta.date.date().isoformat() if document.meta.date else None}
    header_problems = []
    for key in ("title", "byline"):
        if key in expected.header and _norm(found[key] or "") != expected.header[key]:
            header_problems.append(f"{key}: expected {expected.header[key]!r}, got {found[key]!r}")
    if "date" in expected.header and not found["date"]:
        header_problems.append(f"date: expected {expected.header['date']!r}, found none")
    spoken_text = " ".join(_norm(s.text) for s in script.segments)
    segments = {_norm(s.text) for s in script.segments}
    sentences = [s for line in expected.body for s in split_sentences(line)]
    missing = [s for s in sentences if _norm(s) not in spoken_text]
    if source.suffix == ".txt":
        header = {_norm(v) for v in expected.header.values()}
        body = set(expected.body)
        body_text = "\n".join(expected.body)
        # A source line inside a body paragraph (a hard-wrapped one) is body, not boilerplate.
        boilerplate = [_norm(line) for line in source.read_text(encoding="utf-8").splitlines()
                       if _norm(line) and _norm(line) not in body and _norm(line) not in header
                       and _norm(line) not in body_text]
    else:
        boilerplate = expected.boilerplate
    title = _norm(expected.header.get("title", ""))
    leaked = [line for line in boilerplate
              if line != title and (line in segments or (len(line) > 25 and line in spoken_text))]
    return FixtureScore(source.name, len(sentences), len(sentences) - len(missing),
                        len(boilerplate), len(boilerplate) - len(leaked), missing, leaked,
                        header_problems)


def score_dev(path: Path) -> tuple[float, float, float, int]:
    spec = importlib.util.spec_from_file_location("cleanup_dev_score", path / "score.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    pages = [json.loads(line) for line in (path / "pages.jsonl").open(encoding="utf-8")]
    predicted = {page["id"]: clean_text(page["text"]).body for page in pages}
    precision, recall, f1 = scorer.score(pages, predicted)
    return precision, recall, f1, len(pages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev-data", type=Path, default=DEV_DATA,
                        help="folder with pages.jsonl and score.py (default: %(default)s)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="list every missing sentence and leaked line")
    parser.add_argument("--held-out", action="store_true",
                        help=f"measure the held-out articles ({HELD_OUT.name}) instead")
    args = parser.parse_args()
    scores = [score_fixture(source) for source in
              fixture_sources(HELD_OUT if args.held_out else FIXTURES)]
    sentences = sum(s.sentences for s in scores)
    kept = sum(s.kept for s in scores)
    boilerplate = sum(s.boilerplate for s in scores)
    dropped = sum(s.dropped for s in scores)
    for score in scores:
        print(f"  {score.name:32} body {score.kept}/{score.sentences} kept, "
              f"boilerplate {score.dropped}/{score.boilerplate} dropped"
              + ("" if score.header_problems else ", header right"))
        if args.verbose:
            for line in score.missing:
                print(f"    missing: {line}")
            for line in score.leaked:
                print(f"    leaked:  {line}")
            for line in score.header_problems:
                print(f"    header:  {line}")
    print(f"fixtures: {len(scores)} articles; body sentences kept {kept}/{sentences} = "
          f"{kept / sentences:.1%} (bar 99%); boilerplate lines dropped {dropped}/{boilerplate} "
          f"= {dropped / boilerplate:.1%} (bar 95%)")
    if args.held_out:
        return 0
    if (args.dev_data / "pages.jsonl").is_file():
        precision, recall, f1, pages = score_dev(args.dev_data)
        print(f"real pages ({args.dev_data}): {pages} pages; precision {precision:.3f} "
              f"recall {recall:.3f} F1 {f1:.3f} (in-sample; unseen pages: "
              "scripts/train-cleanup --evaluate)")
    else:
        print(f"real pages: {args.dev_data} not found; skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
