"""The layout ARCHITECTURE.md describes, checked from the code: stage packages that import only
earlier stages, no cycles, small modules and functions, and a documented Python API."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

import narrator

PACKAGE = Path(narrator.__file__).parent
STAGES = ["core", "text", "audio", "publish", "pipeline", "commands"]
"""In the order data flows: a stage may import itself and the stages before it, never after."""
TOP_LEVEL = {"__init__.py", "__main__.py", "cli.py", *STAGES, "__pycache__"}
MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 60
MAX_PARAMETERS = 8
"""Beyond this, a function takes a settings object (as `BuildOptions`), except the command
line's commands, whose parameters are their options."""
GENERATED_NAMES = {"build", "dist", "out", "site", "tmp"}
"""Folder names that tools take for generated output (and skip, or ignore in Git)."""


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The narrator modules that `name` imports, anywhere in it (lazy imports included)."""
    found = set()
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                       for alias in node.names]
        else:
            continue
        found |= {target for target in targets if target in MODULES and target != name}
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _stage(name: str) -> int:
    parts = name.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else len(STAGES)


def test_the_top_level_holds_the_stage_packages_and_the_command_line():
    assert {path.name for path in PACKAGE.iterdir()} <= TOP_LEVEL
    for stage in STAGES:
        assert (PACKAGE / stage / "__init__.py").is_file(), stage


def test_no_stage_imports_a_later_one():
    upward = [(name, target) for name, targets in GRAPH.items() for target in targets
              if _stage(target) > _stage(name)]
    assert upward == []


def test_no_import_cycles():
    state: dict[str, int] = {}
    cycles = []

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for target in sorted(GRAPH[name]):
            if state.get(target) == 1:
                cycles.append(trail[trail.index(target):] + [target])
            elif target not in state:
                visit(target, trail + [target])
        state[name] = 2

    for name in MODULES:
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_modules_and_functions_are_small():
    long_modules, long_functions = [], []
    for name, path in MODULES.items():
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > MAX_MODULE_LINES:
            long_modules.append((name, len(text.splitlines())))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long_functions.append((f"{name}.{node.name}", length))
    assert long_modules == [] and long_functions == []


def test_no_function_takes_more_than_eight_parameters():
    crowded = []
    for name, path in MODULES.items():
        if name == "narrator.cli":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                args = node.args
                named = [*args.posonlyargs, *args.args, *args.kwonlyargs]
                count = len(named) + bool(args.vararg) + bool(args.kwarg)
                count -= bool(named) and named[0].arg in ("self", "cls")
                if count > MAX_PARAMETERS:
                    crowded.append((f"{name}.{node.name}", count))
    assert crowded == []


def test_no_folder_is_named_like_generated_output():
    root = PACKAGE.parent.parent
    folders = [path for top in (PACKAGE, root / "tests") for path in top.rglob("*")
               if path.is_dir() and "node_modules" not in path.parts]
    assert folders and [path for path in folders if path.name in GENERATED_NAMES] == []


FACTS_MODULE = "narrator.core.formats"
SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".epub", ".pdf", ".script",
            ".bak", ".mp3", ".wav", ".m4a", ".ogg", ".flac", ".vtt", ".srt", ".json", ".png",
            ".jpg", ".jpeg", ".css", ".js", ".xml"}
"""The suffixes of files narrator reads or publishes."""
MIME = re.compile(r"^(?:audio|image|text|application|video)/[\w.+-]+$")
ELSEWHERE = {("narrator.text.stopwords", ".txt"), ("narrator.core.memo", ".json"),
             ("narrator.audio.engines.voices", ".json"), ("narrator.audio.engines.piper", ".json"),
             ("narrator.text.readers.epub", ".xml")}
"""Suffixes of files that are not a kind narrator reads or publishes: justext's stop lists,
memo files, a piper voice's settings, an EPUB's container."""


def _literals(tree: ast.AST):
    """The string constants of a module that are not docstrings (f-strings' parts included)."""
    notes = {id(node.value) for node in ast.walk(tree)
             if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in notes:
            yield node.value


def test_suffixes_and_mime_types_are_written_in_one_module():
    found = [(name, value) for name, path in MODULES.items() if name != FACTS_MODULE
             for value in _literals(ast.parse(path.read_text(encoding="utf-8")))
             if (value.lower() in SUFFIXES or MIME.match(value))
             and (name, value.lower()) not in ELSEWHERE]
    assert found == []
    facts = list(_literals(ast.parse(MODULES[FACTS_MODULE].read_text(encoding="utf-8"))))
    assert {".epub", ".pdf", ".md", "audio/mpeg", "image/png"} <= set(facts)


def test_the_command_line_uses_only_the_python_api():
    cli = {target for target in GRAPH["narrator.cli"]}
    assert cli <= {"narrator", "narrator.core.version", "narrator.core.faults"}


@pytest.mark.parametrize("name", [n for n in narrator.__all__ if n != "__version__"])
def test_the_api_is_documented_and_typed(name):
    thing = getattr(narrator, name)
    assert inspect.getdoc(thing), f"narrator.{name} has no docstring"
    if inspect.isfunction(thing):
        assert "return" in thing.__annotations__, f"narrator.{name} has no return type"
