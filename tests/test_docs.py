"""The documentation site builds with --strict and names every command and every option; the
README stays a short front door."""

import dataclasses
import html
import re
import subprocess
import sys
from pathlib import Path

import pytest

from narrator.cli import main
from narrator.core import config

ROOT = Path(__file__).resolve().parent.parent
pytest.importorskip("mkdocs", reason="the docs extra (scripts/test installs it)")
pytest.importorskip("material", reason="the docs extra (scripts/test installs it)")
pytest.importorskip("mkdocstrings", reason="the docs extra (scripts/test installs it)")


def _text(page: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f",
                             str(ROOT / "mkdocs.yml"), "-d", str(out)], capture_output=True,
                            text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin",
                                            "HOME": str(out)})
    assert result.returncode == 0, result.stderr
    return out


def test_every_command_is_documented(site):
    text = _text(site / "reference" / "commands" / "index.html")
    names = []

    def walk(command, path):
        for name, sub in getattr(command, "commands", {}).items():
            if not sub.hidden:
                names.append(f"{path} {name}".strip())
                walk(sub, f"{path} {name}")

    walk(main, "")
    assert {"build", "add", "deploy", "voices get", "validate"} <= set(names)
    for name in names:
        assert f"Usage: narrator {name} " in text, name


def test_every_option_is_documented_with_its_default(site):
    text = _text(site / "reference" / "configuration" / "index.html")
    for section in dataclasses.fields(config.Config):
        if dataclasses.is_dataclass(section.default_factory):
            assert f"[{section.name}]" in text
            for item in dataclasses.fields(section.default_factory):
                assert re.search(rf"\b{item.name}\b", text), (section.name, item.name)
    assert "[lexicon]" in text and '"en"' in text and "-16.0" in text


def test_every_name_the_package_exports_is_documented(site):
    import narrator

    page = (site / "api" / "index.html").read_text(encoding="utf-8")
    for name in narrator.__all__:
        if name != "__version__":
            # Its heading, signature and docs (an error, under the module it lives in).
            assert re.search(rf'id="narrator\.(?:[\w.]+\.)?{name}"', page), name


def test_the_architecture_page_is_architecture_md(site):
    words = " ".join(re.findall(r"\w+", _text(site / "architecture" / "index.html")))
    for line in (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8").split("\n")[2:6]:
        assert " ".join(re.findall(r"\w+", line)) in words


def test_the_readme_is_a_short_front_door():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").split("\n")
    assert len(lines) <= 150
    first_block = lines[lines.index("```sh") + 1:lines.index("```")]
    assert [line.split()[0] for line in first_block] == ["scripts/demo", "scripts/test"]
    assert max(map(len, lines)) <= 100

