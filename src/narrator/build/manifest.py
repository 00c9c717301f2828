"""The build manifest: what each episode was built from, and its guid and date, which never change."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path

from narrator.core.files import atomic_write_bytes
from narrator.core.formats import ASSETS, FEED_NAME, INDEX_NAME
from narrator.publish.site import MARKER

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
    item: dict = field(default_factory=dict)  # what its feed item says (title, description...),
    # so that --keep-going can list it as it was when its source fails


def manifest_path(show_dir: Path) -> Path:
    return show_dir / ".narrator" / "manifest.json"


def load_manifest(show_dir: Path) -> dict[str, EpisodeRecord]:
    """Episode records by slug; an unreadable manifest is reported and treated as empty."""
    return read_manifest(show_dir)[0]


def read_manifest(show_dir: Path) -> tuple[dict[str, EpisodeRecord], str | None]:
    """Episode records by slug, and the podcast:guid the show's first build recorded (if
    any), from one read of the manifest."""
    data = _read(show_dir)
    if data is None:
        return {}, None
    guid = data.get("podcast_guid")
    guid = guid if isinstance(guid, str) and guid else None
    try:
        return {slug: EpisodeRecord(**record)
                for slug, record in data["episodes"].items()}, guid
    except (KeyError, TypeError, AttributeError) as error:
        log.warning("%s: unreadable build manifest, starting afresh (%s); episode guids and "
                    "dates not set in front matter will be new", manifest_path(show_dir), error)
        return {}, guid


def _read(show_dir: Path) -> dict | None:
    path = manifest_path(show_dir)
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        log.warning("%s: unreadable build manifest, starting afresh (%s); episode guids and "
                    "dates not set in front matter will be new", path, error)
        return None
    return data if isinstance(data, dict) else None


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
    names = {FEED_NAME, INDEX_NAME, *ASSETS, MARKER, "cover.png", "cover.jpg"}
    for slug, record in records.items():
        names |= {record.mp3, *record.files, f"{slug}.html"}
    return names - {""}
