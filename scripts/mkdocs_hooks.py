"""mkdocs hooks: the reference pages are made from the code at each build, so they cannot go
stale. `<!-- narrator:options -->` becomes every `narrator.toml` option (from
`narrator.core.config`), `<!-- narrator:commands -->` every command's help (from the CLI), and
`<!-- narrator:architecture -->` the repository's ARCHITECTURE.md."""

from __future__ import annotations

import dataclasses
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the repository


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def options_markdown() -> str:
    """A table a section of `narrator.toml`: each option, its default and what it does."""
    from narrator.core import config

    parts = []
    for section in dataclasses.fields(config.Config):
        if not dataclasses.is_dataclass(section.default_factory):
            continue
        cls = section.default_factory
        parts += [f"## [{section.name}]", "", (cls.__doc__ or "").split(":", 1)[-1].strip(), "",
                  "| option | default | what it does |", "|---|---|---|"]
        for item in dataclasses.fields(cls):
            doc = item.metadata.get("doc", "")
            choices = item.metadata.get("choices")
            if choices:
                doc += " One of " + ", ".join(str(choice) for choice in choices) + "."
            default = "" if item.metadata.get("table") else f"`{_value(item.default)}`"
            parts.append(f"| `{item.name}` | {default} | {doc.replace('|', '/')} |")
        parts.append("")
    parts += ["## [lexicon]", "", "Words the voice gets wrong, each with what it should say "
              'instead: `"GIF" = "jif"`; in `[[ ]]`, phonemes passed to piper as they are.', ""]
    return "\n".join(parts)


def commands_markdown() -> str:
    """Each command's help, as `narrator COMMAND --help` prints it."""
    import click

    from narrator.cli import main

    parts = []

    def add(command, path: list[str]) -> None:
        context = click.Context(command, info_name=" ".join(path))
        if path != ["narrator"]:
            parts.extend([f"## {' '.join(path)}", "", "```text", command.get_help(context),
                          "```", ""])
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            if not sub.hidden:
                add(sub, [*path, name])

    add(main, ["narrator"])
    return "\n".join(parts)


def on_page_markdown(markdown: str, **_) -> str:
    if "<!-- narrator:options -->" in markdown:
        markdown = markdown.replace("<!-- narrator:options -->", options_markdown())
    if "<!-- narrator:commands -->" in markdown:
        markdown = markdown.replace("<!-- narrator:commands -->", commands_markdown())
    if "<!-- narrator:architecture -->" in markdown:
        text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
        markdown = markdown.replace("<!-- narrator:architecture -->",
                                    text.split("\n", 1)[1] if text.startswith("# ") else text)
    return markdown
