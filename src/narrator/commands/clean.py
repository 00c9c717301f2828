"""Clean the segment cache: drop the speech that no show uses any more."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from narrator.audio.cache import SegmentCache
from narrator.audio.chunks import ChunkCache
from narrator.pipeline.manifest import load_manifest
from narrator.core.config import load_config


@dataclass
class CleanResult:
    """What `clean` did."""

    cache_dir: Path
    removed: int
    freed_bytes: int
    kept: int
    voices_removed: int = 0
    pieces_removed: int = 0  # encoded pieces of episodes (audio.chunks)


def clean(show_dirs: list[Path | str], cache_dir: Path | None = None,
          everything: bool = False) -> CleanResult:
    """Drop cached speech, and encoded pieces of episodes, that none of `show_dirs` uses (by
    their manifests); with `everything`, empty the whole cache, prepared voices included."""
    cache = SegmentCache(cache_dir)
    pieces = ChunkCache(cache.root)
    used: set[str] = set()
    if not everything:
        for show_dir in show_dirs:
            config = load_config(Path(show_dir))
            used |= {key for record in load_manifest(config.root).values()
                     for key in record.segments + record.pieces}
    removed = [key for key in cache.keys() if key not in used]
    freed = sum(cache.remove(key) for key in removed)
    unused = pieces.keys() - used
    freed += sum(pieces.remove(key) for key in unused)
    cache.remove_measurements()
    voices = 0
    if everything:
        voices, voice_bytes = cache.remove_prepared()
        freed += voice_bytes
    return CleanResult(cache.root, len(removed), freed, len(cache.keys()), voices, len(unused))
