"""`narrator init`: a new show folder with a config, a first episode and a cover."""

from __future__ import annotations

import logging
from pathlib import Path

from narrator.audio.engines import option_sections
from narrator.core.config import CONFIG_NAME, config_from_dict, default_toml, tomllib
from narrator.core.errors import NarratorError
from narrator.core.formats import DEFAULT_COVER
from narrator.core.files import atomic_write_bytes
from narrator.publish.artwork import generate_cover

log = logging.getLogger("narrator")

FIRST_EPISODE = """---
title: Welcome to {title}
---
# Welcome to {title}

This is the first episode of a show made with narrator. Replace this text with your own,
then run narrator build to hear it.

Every file in the episodes folder becomes one episode. Blank lines separate paragraphs,
and headings start new sections with a longer pause.
"""


GITIGNORE = """\
# Written by narrator init: what `narrator build` makes again (keep .narrator/manifest.json:
# it holds each episode's guid and date).
/audio_out
/.audio_out.versions/
/.narrator/*.lock
/.narrator/memo/
"""


def init(show_dir: Path | str, *, title: str = "", author: str = "", email: str = "",
         url: str = "", description: str = "") -> None:
    """Create a show in `show_dir`: narrator.toml (with the title, author, owner e-mail, URL
    where it will be hosted and description given, checked as a build would check them),
    episodes/ with a first episode, a cover. A folder that already holds a show is refused."""
    show_dir = Path(show_dir)
    config_path = show_dir / CONFIG_NAME
    if config_path.exists():
        raise NarratorError(f"{CONFIG_NAME} already exists; not overwriting it", config_path)
    if show_dir.exists() and not show_dir.is_dir():
        raise NarratorError("exists and is not a folder", show_dir)
    for name in ("episodes", DEFAULT_COVER):
        clash = show_dir / name
        if clash.exists() and clash.is_dir() != (name == "episodes"):
            raise NarratorError(f"is in the way: narrator init needs {name} to be a "
                                f"{'folder' if name == 'episodes' else 'file'}", clash)
    title = title or show_dir.resolve().name.replace("-", " ").replace("_", " ").title() \
        or "My Show"
    settings = {"author": author, "owner_email": email, "base_url": url,
                "description": description}
    text = default_toml(title, option_sections(), settings)
    config_from_dict(tomllib.loads(text), config_path)  # refuse a bad value before writing
    (show_dir / "episodes").mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(config_path, text.encode())
    first = show_dir / "episodes" / "welcome.md"
    if not first.exists():
        atomic_write_bytes(first, FIRST_EPISODE.format(title=title).encode())
    cover = show_dir / DEFAULT_COVER
    if not cover.exists():
        generate_cover(title, cover)
    ignore = show_dir / ".gitignore"
    if not ignore.exists():  # a show kept in Git keeps its sources, not what builds make
        atomic_write_bytes(ignore, GITIGNORE.encode())
    log.info("created show '%s' in %s", title, show_dir)
    missing = [name for name, value in (("--author", author), ("--email", email),
                                        ("--url", url)) if not value]
    if missing:
        log.info("before you publish it, set %s in %s (narrator init takes them as %s)",
                 "author, owner_email and base_url" if len(missing) == 3 else
                 ", ".join(m.lstrip("-") for m in missing), config_path, " ".join(missing))
    log.info("next: edit %s, then run: narrator build %s", config_path, show_dir)
