"""Per-file figures for the book and paper readers on real files nobody here made.

usage: scripts/eval-books [--data DIR] [FILE ...]

Runs books-dev's `check.py` (by default `../shared/data/books-dev`, or DIR: any folder with a
`pdf/` and an `epub/` folder and that checker) on each file with this checkout's narrator,
and prints its line per file, then each file's reading time (`narrator script`, one run), and
the summary. The checker's flags are signals, not a grade: read the scripts too
(`narrator script FILE --explain`).
"""

from __future__ import annotations

import argparse
import glob
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "books-dev")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    checker = args.data / "check.py"
    if not checker.is_file():
        print(f"error: {checker}: no checker there (give --data DIR)", file=sys.stderr)
        return 1
    files = args.files or sorted(glob.glob(str(args.data / "pdf" / "*.pdf"))
                                 + glob.glob(str(args.data / "epub" / "*.epub")))
    narrator_bin = str(Path(sys.executable).with_name("narrator"))
    done = subprocess.run([sys.executable, str(checker), narrator_bin, *files],
                          capture_output=True, text=True)
    print(done.stdout, end="")
    print("\nreading time (narrator script, one run):")
    total = 0.0
    for path in files:
        started = time.perf_counter()
        subprocess.run([narrator_bin, "script", path], capture_output=True)
        took = time.perf_counter() - started
        total += took
        print(f"  {Path(path).name}: {took:.2f} s")
    print(f"  all {len(files)} files: {total:.1f} s")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
