"""The build manifest: what each episode was built from, and its guid and date, which never change."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path

from narrator.core.errors import NarratorError
from narrator.core.files import atomic_write_bytes, read_json
from narrator.core.formats import ASSETS, COVER_NAMES, FEED_NAME, INDEX_NAME, PAGE_SUFFIX
from narrator.publish.versions import MARKER

MANIFEST_VERSION = 1
log = logging.getLogger(__name__)


@dataclass
class EpisodeRecord:
    """One built episode, as the manifest remembers it."""

    guid: str
    date: str  # ISO 8601 with offset
    input_hash: str = ""
    mp3: str = ""
    bytes: int = 0
    sha256: str = ""
    duration_s: float = 0.0
    loudness_lufs: float | None = None
    true_peak_dbtp: float | None = None
    files: list[str] = field(default_factory=list)  # transcripts and chapters beside the MP3
    segments: list[str] = field(default_factory=list)  # cache keys of its speech, for `clean`
    pieces: list[str] = field(default_factory=list)  # cache keys of its encoded pieces, too
    item: dict = field(default_factory=dict)  # what its feed item says (title, description...),
    # so that --keep-going can list it as it was when its source fails


def manifest_path(show_dir: Path) -> Path:
    return show_dir / ".narrator" / "manifest.json"


def load_manifest(show_dir: Path) -> dict[str, EpisodeRecord]:
    """Episode records by slug (NarratorError, naming it, when the manifest is damaged)."""
    return read_manifest(show_dir)[0]


def read_manifest(show_dir: Path) -> tuple[dict[str, EpisodeRecord], str | None]:
    """Episode records by slug, and the podcast:guid the show's first build recorded (if
    any), from one read of the manifest. A manifest that cannot be read stops the build with
    one line and is left as it is: starting afresh would give every episode a new date (apps
    would announce the whole show again) and a local show a new podcast:guid."""
    path = manifest_path(show_dir)
    if not path.exists() and not path.is_symlink():
        return {}, None
    try:
        data = read_json(path)
        if not isinstance(data, dict):
            raise TypeError(f"holds a JSON {type(data).__name__}, not an object")
        guid = data.get("podcast_guid")
        if guid is not None and not isinstance(guid, str):
            raise TypeError("podcast_guid is not text")
        episodes = data["episodes"]
        if not isinstance(episodes, dict):
            raise TypeError("episodes is not an object")
        records = {}
        for slug, record in episodes.items():
            records[slug] = EpisodeRecord(**record)
            _check_types(records[slug])
    except (OSError, ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) \
            as error:
        problem = f"missing {error}" if isinstance(error, KeyError) else str(error) or \
            type(error).__name__
        raise NarratorError(
            f"the build manifest is damaged ({problem.replace(str(path) + ': ', '')}). It keeps "
            "every episode's guid and date, so narrator stops rather than start afresh: "
            "restore it (from a backup or Git), or move it aside to give every episode a new "
            "guid and date", path) from None
    return records, guid or None


def _check_types(record: EpisodeRecord) -> None:
    for name, kind in (("guid", str), ("date", str), ("input_hash", str), ("mp3", str),
                       ("bytes", int), ("sha256", str), ("duration_s", (int, float)),
                       ("files", list), ("segments", list), ("pieces", list),
                       ("item", dict)):
        if not isinstance(getattr(record, name), kind):
            raise TypeError(f"an episode's {name} has the wrong type")
    from datetime import datetime

    datetime.fromisoformat(record.date)  # ValueError when it is not a date


def save_manifest(show_dir: Path, records: dict[str, EpisodeRecord],
                  podcast_guid: str | None = None) -> None:
    data = {"version": MANIFEST_VERSION, **({"podcast_guid": podcast_guid} if podcast_guid
                                            else {}),
            "episodes": {slug: asdict(records[slug]) for slug in sorted(records)}}
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    atomic_write_bytes(manifest_path(show_dir), text.encode())


def published_names(records: dict[str, EpisodeRecord]) -> set[str]:
    """The names of every file a show's builds have published: its episodes' MP3s, companions
    and pages, and the show's own files."""
    names = {FEED_NAME, INDEX_NAME, *ASSETS, MARKER, *COVER_NAMES.values()}
    for slug, record in records.items():
        names |= {record.mp3, *record.files, slug + PAGE_SUFFIX}
    return names - {""}
