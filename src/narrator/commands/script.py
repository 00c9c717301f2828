"""`narrator script` and `narrator rescript`: the narration script of a source as its editable
.script file reads, and chosen episodes' scripts made again from their sources (a hand-edited
script kept as a backup beside it)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from narrator.pipeline.showfolder import load_show
from narrator.core.config import CONFIG_NAME
from narrator.core.errors import InputError
from narrator.core.models import Script
from narrator.core.files import sha256_file
from narrator.text.readers import SOURCE_SUFFIXES, read_source
from narrator.text.readers.base import reading_language
from narrator.text.scriptfile import SCRIPT_SUFFIX, ScriptReading, load_script, script_path
from narrator.text.segment import make_script

log = logging.getLogger("narrator")


def source_of(path: Path) -> Path:
    """The episode source a path names: itself, or the source beside a .script file."""
    if path.suffix == SCRIPT_SUFFIX:
        for suffix in SOURCE_SUFFIXES:
            candidate = path.with_suffix(suffix)
            if candidate.is_file():
                return candidate
        raise InputError("no source beside this script to make it from", path)
    if not path.is_file():
        raise InputError("file not found", path)
    if path.suffix.lower() not in SOURCE_SUFFIXES:
        raise InputError("not an episode source or .script file", path)
    return path


def rescript(episodes: list[Path | str], *, show_dir: Path | str | None = None) -> list[Path]:
    """Make the scripts of the given episodes (their source or .script files) again from
    their sources, with their show's pauses, language and lexicon; a hand-edited script is kept
    as NAME.script.bak first. The show is the one whose episodes/ folder holds them, unless
    `show_dir` names it. Returns the scripts."""
    done = []
    for path in episodes:
        source = source_of(Path(path))
        show = Path(show_dir) if show_dir else source.resolve().parent.parent
        if not (show / CONFIG_NAME).is_file():
            raise InputError("not in a show's episodes/ folder (name the show with --show)",
                             source)
        config = load_show(show)
        document = read_source(source)
        language = reading_language(document.meta, config.show.language, source)
        load_script(source, sha256_file(source),
                    lambda: make_script(document, config.pauses, language, config.lexicon),
                    ScriptReading(config.pauses, config.lexicon, language), rescript=True)
        log.info("script    %s made again from %s", script_path(source), source.name)
        done.append(script_path(source))
    return done


def script(source: Path | str, *, show_dir: Path | str | None = None,
           language: str | None = None, lexicon: Mapping[str, str] | None = None) -> Script:
    """The narration script of a source (a file or an http(s) URL), or of a `.script` file as
    it reads: its sentences and headings with their spoken forms and pauses, and the lines of
    the source left out. A show's pauses, language and lexicon apply when `show_dir` is given."""
    from narrator.commands.speak import speak_config
    from narrator.text.fetch import is_url
    from narrator.text.scriptfile import parse

    config = speak_config(Path(show_dir) if show_dir else None, language=language)
    words = {**config.lexicon, **(lexicon or {})}
    if not is_url(source) and Path(source).suffix == SCRIPT_SUFFIX:
        path = Path(source)
        if not path.is_file():
            raise InputError("file not found", path)
        return parse(path.read_text(encoding="utf-8", errors="replace"), path, config.pauses,
                     words, config.show.language)
    document = read_source(source)
    return make_script(document, config.pauses, language or reading_language(
        document.meta, config.show.language, source), words)


def script_text(script: Script, source: Path | str = "-", *, show_dir: Path | str | None = None,
                list_dropped: bool = False) -> str:
    """A script as its editable .script file reads, with the show's pauses as the implied ones
    (`list_dropped`: with the source's left-out lines at the end, each with its reason)."""
    from narrator.core.config import PausesSection, load_config
    from narrator.text.fetch import is_url
    from narrator.text.scriptfile import render

    pauses = load_config(Path(show_dir)).pauses if show_dir else PausesSection()
    name = str(source) if is_url(source) else Path(source).name
    return render(script, name, None, pauses, list_dropped=list_dropped)
