"""The segment cache: speech for each (spoken text, engine, voice, settings), addressed by content.

An entry is one segment's PCM with a one-line JSON header that records its format, the
payload's SHA-256 and, when the engine gives them, when each word is heard. Entries are written atomically and verified when read; a bad entry is made
again, never used. Keys cover everything that changes the audio, plus the versions of the
spoken-form rules and of the engine adapter, so a change to either misses the old entries.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
from pathlib import Path

from narrator.core.files import atomic_write_bytes
from narrator.text.spoken import NORMALIZER_VERSION
from narrator.core import faults

log = logging.getLogger(__name__)
CACHE_FORMAT = 1
VALID_RATES = range(8000, 192_001)
KEY = re.compile(r"[0-9a-f]{64}")
PREPARED = re.compile(r"\.?.+-[0-9a-f]{32}(?:\.\d+)?\.onnx")
"""Names of the prepared voices engines keep under voices/ (and of their partial files)."""


def default_cache_dir() -> Path:
    """$NARRATOR_CACHE_DIR, else the user's cache folder ($XDG_CACHE_HOME or ~/.cache)/narrator."""
    if os.environ.get("NARRATOR_CACHE_DIR"):
        return Path(os.environ["NARRATOR_CACHE_DIR"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "narrator"


def segment_key(spoken: str, engine_identity: dict) -> str:
    data = {"format": CACHE_FORMAT, "normalizer": NORMALIZER_VERSION, "spoken": spoken,
            "engine": engine_identity}
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def entry_of(clip) -> bytes:
    """A clip as the cache keeps it: a JSON header (format, checksum, word times), a newline,
    then the PCM."""
    payload = clip.raw_data
    header = {"rate": clip.frame_rate, "width": clip.sample_width,
              "channels": clip.channels, "frames": int(clip.frame_count()),
              "sha256": hashlib.sha256(payload).hexdigest()}
    if getattr(clip, "word_spans", None) is not None:
        header["words"] = clip.word_spans  # when each spoken token is heard, in ms
    return json.dumps(header).encode() + b"\n" + payload


def clip_from_entry(data: bytes):
    """The clip (a pydub AudioSegment) of an entry, or None when it is damaged."""
    from narrator.audio.ffmpeg import audio_segment_class

    header, _, payload = data.partition(b"\n")
    try:
        meta = json.loads(header)
        ok = (meta["sha256"] == hashlib.sha256(payload).hexdigest()
              and meta["rate"] in VALID_RATES and meta["width"] in (1, 2, 4)
              and meta["channels"] in (1, 2) and isinstance(meta["frames"], int)
              and len(payload) == meta["frames"] * meta["width"] * meta["channels"])
    except (ValueError, KeyError, TypeError):
        ok = False
    if not ok:
        return None
    clip = audio_segment_class()(data=payload, sample_width=meta["width"],
                                 frame_rate=meta["rate"], channels=meta["channels"])
    words = meta.get("words")
    clip.word_spans = [tuple(span) for span in words] if isinstance(words, list) else None
    return clip


class SegmentCache:
    """Speech clips on disk under `root/segments/ab/abcdef….pcm`."""

    def __init__(self, root: Path | None = None):
        self.root = Path(root) if root is not None else default_cache_dir()

    def path(self, key: str) -> Path:
        return self.root / "segments" / key[:2] / f"{key}.pcm"

    def get(self, key: str):
        """The clip (a pydub AudioSegment), or None when missing or damaged."""
        path = self.path(key)
        if path.is_dir():  # not an entry narrator wrote: made again, in its place
            log.warning("%s: a folder where a cache entry belongs; making the entry again", path)
            shutil.rmtree(path, ignore_errors=True)
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None
        clip = clip_from_entry(data)
        if clip is None:
            log.warning("%s: damaged cache entry, making it again", path)
            path.unlink(missing_ok=True)
        return clip

    def has(self, key: str) -> bool:
        return self.path(key).is_file()

    def put(self, key: str, clip) -> None:
        self.put_entry(key, entry_of(clip))

    def put_entry(self, key: str, entry: bytes) -> None:
        """Keep an entry made by `entry_of` (here or on another machine)."""
        faults.point("cache.put")
        if self.path(key).is_dir():
            shutil.rmtree(self.path(key), ignore_errors=True)
        atomic_write_bytes(self.path(key), entry, durable=False)

    @property
    def measurements(self) -> Path:
        """Where episodes' openings are kept measured (`loudness.measure_pcm`)."""
        return self.root / "loudness"

    def remove_measurements(self) -> None:
        """Forget every opening's measurement (each a line of text, made again when needed);
        no other file there is touched."""
        folder = self.measurements
        for path in folder.iterdir() if folder.is_dir() else []:
            if path.is_file() and re.fullmatch(r"[0-9a-f]{32}|\.narrator-\w+\.tmp", path.name):
                path.unlink(missing_ok=True)

    def remove_prepared(self) -> tuple[int, int]:
        """Delete the voices engines prepared and kept here (voices/NAME-<32 hex>.onnx, and the
        partial ones a stopped build left), never another file; (files, bytes) removed."""
        folder = self.root / "voices"
        files = [p for p in folder.iterdir() if p.is_file() and not p.is_symlink()
                 and PREPARED.fullmatch(p.name)] if folder.is_dir() else []
        freed = sum(p.stat().st_size for p in files)
        for path in files:
            path.unlink(missing_ok=True)
        return len(files), freed

    def keys(self) -> set[str]:
        """The keys of the entries narrator wrote (SHA-256 names), and nothing else there."""
        return keys_in(self.root / "segments", ".pcm")

    def remove(self, key: str) -> int:
        return remove_files(self.path(key))


def keys_in(folder: Path, suffix: str) -> set[str]:
    """The keys of a cache folder's entries (`ab/abcdef….SUFFIX`, SHA-256 names), and nothing
    else there."""
    if not folder.is_dir():
        return set()
    return {p.stem for p in folder.glob(f"*/*{suffix}")
            if p.is_file() and KEY.fullmatch(p.stem) and p.parent.name == p.stem[:2]}


def remove_files(*paths: Path) -> int:
    """Delete these files (those there); how many bytes they held."""
    size = 0
    for path in paths:
        size += path.stat().st_size if path.is_file() else 0
        path.unlink(missing_ok=True)
    return size
