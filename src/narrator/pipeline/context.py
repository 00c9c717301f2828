"""What every phase of one build reads: the show's settings, the options of this run, the voice,
the cache, the manifest and the cover."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from narrator.audio.cache import SegmentCache
from narrator.audio.engines import Engine, engine_from_config
from narrator.pipeline.manifest import EpisodeRecord, read_manifest
from narrator.pipeline.options import BuildOptions
from narrator.core.config import Config, is_local_url
from narrator.core.errors import EngineError, NarratorError
from narrator.core.files import sha256_file, within
from narrator.core.memo import Memos, memo_key
from narrator.publish.artwork import check_artwork
from narrator.publish.feed import feed_url, podcast_guid
from narrator.core.formats import COVER_NAMES

@dataclass
class Cover:
    """The show's artwork, checked against Apple's rules."""

    path: Path
    mime: str
    sha256: str

    @property
    def name(self) -> str:
        """Its name in the output folder."""
        return COVER_NAMES[self.mime]

    @classmethod
    def of(cls, path: Path, memos: Memos | None = None) -> Cover:
        """The cover at `path`, checked (a check passed is kept in `memos` by the image's
        bytes: opening an image costs a no-change build more than anything it does)."""
        if memos is None or not path.is_file():
            return cls(path, check_artwork(path), sha256_file(path))
        digest = sha256_file(path)
        key = memo_key("artwork", path.suffix.lower(), digest)
        mime = memos.get("cover.check", key)
        if mime not in COVER_NAMES:
            mime = check_artwork(path)
            memos.put("cover.check", key, mime)
        return cls(path, mime, digest)


@dataclass
class Context:
    """One build's inputs, shared by its phases."""

    config: Config
    options: BuildOptions
    engine: Engine
    cache: SegmentCache
    records: dict[str, EpisodeRecord] = field(default_factory=dict)
    cover: Cover | None = None  # None: one text spoken on its own (`narrator speak`)
    now: datetime = field(default_factory=lambda: datetime.now(timezone.utc).replace(
        microsecond=0))
    failed: dict[str, NarratorError] | None = None
    """With --keep-going: the episodes that failed, by slug, with why."""
    script_files: bool = True
    """Whether episodes are built through their editable .script files."""
    show_guid: str | None = None
    """The show's podcast:guid, kept in the manifest from its first build."""
    memos: Memos = field(default_factory=Memos)
    """Results of costly steps kept from the show's last build (none outside a show)."""


def engine_for(config: Config) -> Engine:
    """The show's engine; an error names narrator.toml's [voice]."""
    try:
        return engine_from_config(config)
    except EngineError as error:
        raise EngineError(f"voice: {error.message}", config.path) from None


def show_context(config: Config, options: BuildOptions,
                 failed: dict[str, NarratorError] | None, memos: Memos | None = None
                 ) -> Context:
    """The context of a build of a whole show."""
    memos = memos or Memos()
    cover = Cover.of(within(config.artwork_path_as_given, config.root, "artwork"), memos)
    records, recorded_guid = read_manifest(config.root)
    return Context(config=config, options=options, engine=engine_for(config),
                   cache=SegmentCache(options.cache_dir), records=records, cover=cover,
                   failed=failed, show_guid=show_guid(config, recorded_guid), memos=memos)


def show_memos(config: Config, options: BuildOptions) -> Memos:
    """The show's memos (in .narrator/memo; read only on a dry run)."""
    return Memos(config.root / ".narrator" / "memo", writable=not options.dry_run)


def show_guid(config: Config, recorded: str | None) -> str:
    """The show's podcast:guid: narrator.toml's, else the one its first build recorded, else a
    new one: the UUIDv5 of the feed's URL (the Podcasting 2.0 rule), or a random UUID while the
    show is on a local URL (every such show would share one otherwise)."""
    if config.show.guid:
        return config.show.guid
    if recorded:
        return recorded
    if is_local_url(config.show.base_url):
        return str(uuid.uuid4())
    return podcast_guid(feed_url(config))
