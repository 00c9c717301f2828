"""A show on disk: its settings, its episode sources, and the documents read from them."""

from __future__ import annotations

import logging
from pathlib import Path

from narrator.core import faults
from narrator.core.config import CONFIG_NAME, DEFAULT_OUT, Config, load_config
from narrator.core.errors import BuildErrors, NarratorError
from narrator.core.files import sha256_file, within
from narrator.core.memo import Memos, memo_key
from narrator.core.models import Document
from narrator.text.readers import SOURCE_KINDS, SOURCE_SUFFIXES, read_source, slugify
from narrator.text.scriptfile import script_path
from narrator.core.formats import AUDIO_FILE_FORMATS, BACKUP_SUFFIX, IMAGE_TYPES, SCRIPT_SUFFIX

log = logging.getLogger("narrator")
IGNORED_SUFFIXES = (SCRIPT_SUFFIX, BACKUP_SUFFIX, ".swp", ".tmp", ".orig", *IMAGE_TYPES, ".gif",
                    ".webp", ".svg", *AUDIO_FILE_FORMATS)
"""Files that live beside sources in episodes/ and are not ones: scripts, backups, editors'
files, pictures and sounds."""


def load_show(show_dir: Path | str) -> Config:
    """The settings of the show in `show_dir` (its narrator.toml); warnings are logged."""
    config = load_config(Path(show_dir))
    for warning in config.warnings:
        log.warning(warning)
    return config


def output_of(path: Path | str | None) -> Path:
    """The output folder `path` names: a show folder's (or its narrator.toml's) configured
    output, else the folder itself; with no path, the current folder's show's, else
    `audio_out`."""
    if path is None:
        return load_show(".").output_dir if Path(CONFIG_NAME).is_file() else Path(DEFAULT_OUT)
    path = Path(path)
    if path.name == CONFIG_NAME and path.is_file():
        path = path.parent
    if (path / CONFIG_NAME).is_file():
        return load_show(path).output_dir
    return path


def show_of(path: Path | str | None, out_dir: Path) -> Path | None:
    """The show folder behind `path` (as output_of reads it) or behind its output folder, if
    there is one: the folder holding the narrator.toml."""
    for candidate in ([Path(path)] if path is not None else [Path(".")]) + [out_dir.parent]:
        if candidate.name == CONFIG_NAME:
            candidate = candidate.parent
        if (candidate / CONFIG_NAME).is_file():
            return candidate.resolve()
    return None


def episode_sources(config: Config) -> list[Path]:
    """The show's episode files, in name order."""
    folder = config.episodes_dir
    if not folder.is_dir():
        raise NarratorError(f"no episodes folder (put {SOURCE_KINDS} files in it)", folder)
    sources, others = [], []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.suffix.lower() in IGNORED_SUFFIXES \
                or path.name.endswith("~") or not path.is_file():
            continue
        if path.suffix.lower() in SOURCE_SUFFIXES:
            sources.append(within(path, config.root, "episode source"))
        else:
            others.append(path)
    for path in others:
        hint = (" (a link: add it with `narrator add URL`)"
                if path.suffix.lower() in (".url", ".webloc", ".desktop") else "")
        log.warning("%s: not an episode source, skipped%s; episodes are %s files", path, hint,
                    SOURCE_KINDS)
    if not sources:
        raise NarratorError(f"no episodes: add {SOURCE_KINDS} files", folder)
    return sources


def read_documents(sources: list[Path], failed: dict[str, NarratorError] | None = None,
                   memos: Memos | None = None) -> list[Document]:
    """Read every source, reporting all bad ones together; slugs must be unique. With `failed`
    (--keep-going), the bad ones are put there instead of raised: by episode name when the
    source cannot be read (its published version stays), by file name when two sources would
    make one episode (the one that was built before keeps it)."""
    documents: dict[str, Document] = {}
    errors: list[tuple[str, NarratorError]] = []
    for source in sources:
        faults.point("ingest.read")
        try:
            document = read_remembered(source, memos or Memos())
        except NarratorError as error:
            errors.append((slugify(source.stem), error))
            continue
        other = documents.get(document.slug)
        if other is not None:
            keep, refused = (other, document)
            if not script_path(other.source).is_file() and script_path(source).is_file():
                keep, refused = document, other  # the one built before keeps the episode
            documents[document.slug] = keep
            errors.append((Path(refused.source).name, NarratorError(
                f"makes the same episode '{document.slug}' as {Path(keep.source).name}; "
                "rename one", refused.source)))
            continue
        documents[document.slug] = document
    if errors and failed is None:
        raise BuildErrors([error for _, error in errors])
    for key, error in errors:
        failed[key] = error
    return list(documents.values())


def read_remembered(source: Path, memos: Memos) -> Document:
    """A source read, or as it was read before from the same bytes (a memo: parsing Markdown
    or HTML costs more than anything else a build of unchanged sources does)."""
    name = f"{source.name}.read"
    key = memo_key("read", str(source), sha256_file(source)) if source.is_file() else ""
    data = memos.get(name, key) if key else None
    if data is not None:
        try:
            return Document.from_data(data, source)
        except (KeyError, TypeError, ValueError):
            pass  # a memo that does not fit is a miss
    document = read_source(source)
    if key:
        memos.put(name, key, document.to_data())
    return document
