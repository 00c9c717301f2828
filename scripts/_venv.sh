# Sourced by scripts/demo, scripts/test and scripts/bench: create or reuse .venv and install
# narrator into it with the given extras, reinstalling only when pyproject.toml changed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
EXTRAS="${1:-}"

pick_python() {
    if [ -n "${PYTHON:-}" ]; then echo "$PYTHON"; return; fi
    for candidate in python3.13 python3.12 python3.11 python3.10 python3; do
        if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c \
            'import sys; sys.exit(0 if (3, 10) <= sys.version_info[:2] < (3, 14) else 1)' 2>/dev/null; then
            echo "$candidate"; return
        fi
    done
    echo "error: narrator needs Python 3.10 to 3.13; set PYTHON=/path/to/python" >&2
    exit 1
}

if [ ! -x "$VENV/bin/python" ]; then
    "$(pick_python)" -m venv "$VENV"
fi
# One stamp per set of extras, so that demo and test do not undo each other's install.
STAMP="$VENV/.narrator-installed${EXTRAS:+-$EXTRAS}"
WANT="$(sha256sum < "$ROOT/pyproject.toml" | cut -c1-16)"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ]; then
    echo "installing narrator${EXTRAS:+ with [$EXTRAS]} into .venv ..." >&2
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        -e "$ROOT${EXTRAS:+[$EXTRAS]}" >&2
    echo "$WANT" > "$STAMP"
fi
# Byte-compile narrator's own modules (an editable install leaves them to the first import, and
# PYTHONDONTWRITEBYTECODE would make every run compile them again); quick when up to date.
"$VENV/bin/python" -m compileall -q "$ROOT/src" >/dev/null
