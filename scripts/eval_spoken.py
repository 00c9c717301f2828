"""The spoken form's character error rate per language and per kind, on written -> spoken cases
(tests/fixtures/spoken/README.md): the held-out half by default, the development half with
--dev, or any TSV files given (written TAB spoken [TAB kind], one case a line, LANG.tsv), beside
the unnormalized text's rate. CER is the edit distance between what narrator says and the
reference, over the reference's length, both lower-cased with punctuation and spacing made
uniform."""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

from narrator.text.spoken import spoken_form

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "fixtures" / "spoken"


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


def read_cases(path: Path) -> list[tuple[str, str, str]]:
    """(written, spoken, kind) of each case of a TSV file ("" for a case without a kind)."""
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.rstrip("\n").split("\t")
        if len(parts) >= 2:
            cases.append((parts[0], parts[1], parts[2] if len(parts) > 2 else ""))
    return cases


def report(path: Path, verbose: bool = False) -> None:
    language, cases = path.stem, read_cases(path)
    pairs = [(written, spoken) for written, spoken, _ in cases]
    print(f"{language}: {len(pairs)} cases, CER {cer(pairs, language):.3f} "
          f"(unnormalized {cer(pairs, language, False):.3f})")
    kinds: dict[str, list] = defaultdict(list)
    for written, spoken, kind in cases:
        kinds[kind].append((written, spoken))
    for kind, items in sorted(kinds.items()):
        if kind:
            print(f"    {kind:13s} {len(items):3d}  CER {cer(items, language):.3f} "
                  f"(unnormalized {cer(items, language, False):.3f})")
    if verbose:
        for written, spoken in pairs:
            said = spoken_form(written, language=language)
            if _norm(said) != _norm(spoken):
                print(f"    {written!r}\n      said     {said!r}\n      expected {spoken!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="LANG.tsv files")
    parser.add_argument("--dev", action="store_true", help="the development half")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every case said wrong")
    args = parser.parse_args()
    files = args.files or sorted((CASES / ("dev" if args.dev else "heldout")).glob("*.tsv"))
    for path in files:
        report(path, args.verbose)


if __name__ == "__main__":
    sys.exit(main())
