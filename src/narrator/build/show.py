"""A show on disk: its settings, its episode sources, and the documents read from them."""

from __future__ import annotations

import logging
from pathlib import Path

from narrator.core import faults
from narrator.core.config import Config, load_config
from narrator.core.errors import BuildErrors, NarratorError
from narrator.core.models import Document
from narrator.text.readers import SOURCE_KINDS, SOURCE_SUFFIXES, read_source, slugify

log = logging.getLogger("narrator")


def load_show(show_dir: Path | str) -> Config:
    """The settings of the show in `show_dir` (its narrator.toml); warnings are logged."""
    config = load_config(Path(show_dir))
    for warning in config.warnings:
        log.warning(warning)
    return config


def episode_sources(config: Config) -> list[Path]:
    """The show's episode files, in name order."""
    folder = config.episodes_dir
    if not folder.is_dir():
        raise NarratorError(f"no episodes folder (put {SOURCE_KINDS} files in it)", folder)
    sources = sorted(p for p in folder.iterdir()
                     if p.suffix.lower() in SOURCE_SUFFIXES and not p.name.startswith("."))
    if not sources:
        raise NarratorError(f"no episodes: add {SOURCE_KINDS} files", folder)
    return sources


def read_documents(sources: list[Path], failed: dict[str, NarratorError] | None = None
                   ) -> list[Document]:
    """Read every source, reporting all bad ones together; slugs must be unique. With `failed`
    (--keep-going), the bad ones are put there by episode name instead of raised."""
    documents, errors, seen = [], [], {}
    for source in sources:
        faults.point("ingest.read")
        try:
            document = read_source(source)
        except NarratorError as error:
            errors.append(error)
            continue
        if document.slug in seen:
            errors.append(NarratorError(f"same episode name '{document.slug}' as "
                                        f"{seen[document.slug].name}; rename one", source))
            continue
        seen[document.slug] = source
        documents.append(document)
    if errors and failed is None:
        raise BuildErrors(errors)
    for error in errors:
        failed[slugify(Path(str(error.path)).stem)] = error
    return documents
