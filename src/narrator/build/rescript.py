"""`narrator rescript`: make chosen episodes' scripts again from their sources, keeping a
hand-edited script as a backup beside it."""

from __future__ import annotations

import logging
from pathlib import Path

from narrator.build.show import load_show
from narrator.core.config import CONFIG_NAME
from narrator.core.errors import InputError
from narrator.core.files import sha256_file
from narrator.text.readers import SOURCE_SUFFIXES, read_source
from narrator.text.scriptfile import SCRIPT_SUFFIX, load_script, script_path
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


def rescript(paths: list[Path], show_dir: Path | None = None) -> list[Path]:
    """Make each episode's script again from its source (with its show's pauses, language and
    lexicon); a script edited by hand is first kept as NAME.script.bak. Returns the scripts."""
    done = []
    for path in paths:
        source = source_of(Path(path))
        show = Path(show_dir) if show_dir else source.resolve().parent.parent
        if not (show / CONFIG_NAME).is_file():
            raise InputError("not in a show's episodes/ folder (name the show with --show)",
                             source)
        config = load_show(show)
        document = read_source(source)
        language = document.meta.language or config.show.language
        load_script(source, sha256_file(source),
                    lambda: make_script(document, config.pauses, language, config.lexicon),
                    config.pauses, config.lexicon, rescript=True, language=language)
        log.info("script    %s made again from %s", script_path(source), source.name)
        done.append(script_path(source))
    return done
