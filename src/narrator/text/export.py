"""A read document written back as a Markdown source with front matter: what `narrator add`
puts in a show's episodes/ folder, for the user to read, edit and build. Reading the file
again gives the same blocks."""

from __future__ import annotations

import re
from datetime import datetime

import yaml

from narrator.core.languages import note
from narrator.core.models import Block, Document

_LINE_START = re.compile(r"^(?=[#>+=|~-]|[*_]\s|`{3}|<|\[)")
_NUMBERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
_INLINE = re.compile(r"([\\`*_\[\]<>!&])")


def escaped(text: str) -> str:
    """Text that Markdown reads back as itself (no emphasis, links, lists or headings)."""
    text = _LINE_START.sub("\\\\", _INLINE.sub(r"\\\1", text))
    return _NUMBERED.sub(r"\1\\\2", text)  # "1999. A year": not a list


def front_matter(fields: dict) -> str:
    """A `---` YAML block of the fields that are set, in the order given."""
    values = {key: value for key, value in fields.items() if value not in (None, "")}
    if not values:
        return ""
    text = yaml.safe_dump(values, allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{text}---\n\n"


def document_markdown(document: Document, fields: dict, language: str = "en",
                      comment: str = "") -> str:
    """The document as Markdown under front matter `fields` (title, author, source, date ...):
    its title comes from the front matter, code left out is kept as a code block (still not
    read), and footnotes stay at the end under their heading. `comment` is an HTML comment
    for the reader of the file (never read aloud)."""
    code = [item.text for item in document.dropped if item.reason == "code block"]
    parts: list[str] = []
    blocks: list[Block] = list(document.blocks)
    if blocks and blocks[0].kind == "heading" and blocks[0].text == document.title:
        blocks = blocks[1:]  # the title is the front matter's
    for block in blocks:
        if block.kind == "note" and block.text == "code":
            parts.append("```\n" + (code.pop(0) if code else "") + "\n```")
        elif block.kind == "note":
            kind, words = note(block.text, language)
            parts.append(("## " if kind == "heading" else "") + escaped(words))
        elif block.kind == "heading":
            parts.append("## " + escaped(block.text))
        else:
            parts.append(escaped(block.text))
    head = front_matter(fields)
    if comment:
        head += f"<!-- {comment} -->\n\n"
    return head + "\n\n".join(parts) + "\n"


def now() -> datetime:
    """This moment, in UTC, to the second: when an episode was added."""
    from datetime import timezone

    return datetime.now(timezone.utc).replace(microsecond=0)
