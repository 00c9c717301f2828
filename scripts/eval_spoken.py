"""The spoken form's character error rate per language, on written -> spoken cases: ours in
tests/fixtures/spoken/ (written for narrator; development cases, so the figure is in-sample),
or any TSV files given (written TAB spoken, one case a line, LANG.tsv), beside the unnormalized
text's rate. CER is the edit distance between what narrator says and the reference, over the
reference's length, both lower-cased with punctuation and spacing made uniform."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from narrator.text.spoken import spoken_form

ROOT = Path(__file__).resolve().parent.parent


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s'-]", " ", text.lower()).replace("-", " ").split())


def distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def cer(pairs: list[tuple[str, str]], language: str, normalize: bool = True) -> float:
    errors = total = 0
    for written, spoken in pairs:
        said = spoken_form(written, language=language) if normalize else written
        errors += distance(_norm(said), _norm(spoken))
        total += len(_norm(spoken))
    return errors / max(total, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path,
                        help="LANG.tsv files (default: tests/fixtures/spoken/*.tsv)")
    args = parser.parse_args()
    files = args.files or sorted((ROOT / "tests" / "fixtures" / "spoken").glob("*.tsv"))
    for path in files:
        pairs = [tuple(line.rstrip("\n").split("\t")[:2]) for line in
                 path.read_text(encoding="utf-8").splitlines() if "\t" in line]
        language = path.stem
        print(f"{language}: {len(pairs)} cases, CER {cer(pairs, language):.3f} "
              f"(unnormalized {cer(pairs, language, False):.3f})")


if __name__ == "__main__":
    sys.exit(main())
