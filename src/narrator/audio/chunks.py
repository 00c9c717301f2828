"""Chunks: an episode's audio is encoded in pieces of a few minutes, cut in the middle of
pauses, each by an encoder started afresh (`mp3join` says why such pieces join into one valid
MP3). A piece is kept in the cache under a key of all that goes into it (the chain's gains, the
speech of each of its segments, its pauses), so an edit re-encodes only the pieces it touched
and a build from scratch makes the same pieces, byte for byte.

Where a piece ends depends only on the text around the cut (a content-defined cut, as in
backup tools): after a pause of at least CUT_PAUSE_MS, at least MIN_CHARS of spoken text into
the piece, when the segment's text hashes to a cut (one in CUT_ONE_IN), or at MAX_CHARS; so an
edit moves no cut but its own piece's (and at most the next one's).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from narrator.audio import mp3join
from narrator.audio.cache import keys_in, remove_files
from narrator.core import faults
from narrator.core.files import atomic_write_bytes
from narrator.core.formats import MP3_SUFFIX
from narrator.core.models import Segment

log = logging.getLogger(__name__)

CHUNK_FORMAT = 1
CUT_PAUSE_MS = 300
"""A pause at least this long may take a cut: the encoders' delay and padding (some 50 ms of
silence) are added there."""
MIN_CHARS = 600
CUT_ONE_IN = 8
"""With MIN_CHARS, pieces of some 1,300 characters on average: about a minute and a half of
speech (at some 15 characters a second), so that an edit re-encodes that much."""
MAX_CHARS = 3000


def ranges(segments: Sequence[Segment]) -> list[tuple[int, int]]:
    """The pieces of an episode, as (first segment, segment after the last)."""
    pieces, start, length = [], 0, 0
    for index, segment in enumerate(segments[:-1]):
        length += len(segment.spoken)
        if segment.pause_after_ms < CUT_PAUSE_MS or length < MIN_CHARS:
            continue
        digest = hashlib.sha256(f"{segment.kind}\0{segment.spoken}".encode()).digest()
        if length >= MAX_CHARS or int.from_bytes(digest[:4], "big") % CUT_ONE_IN == 0:
            pieces.append((start, index + 1))
            start, length = index + 1, 0
    pieces.append((start, len(segments)))
    return pieces


@dataclass(frozen=True)
class Piece:
    """One piece to encode: its segments, the silence before the first (the lead-in, or the
    second half of the pause it was cut in) and after the last (the first half, or the
    lead-out), in frames at the speech's rate."""

    first: int
    end: int
    head: int
    tail: int


def pieces(segments: Sequence[Segment], rate: int, lead_in: int, lead_out: int) -> list[Piece]:
    """The episode's pieces, their silences in frames at `rate`."""
    made, head = [], lead_in
    cuts = ranges(segments)
    for number, (first, end) in enumerate(cuts):
        if number == len(cuts) - 1:
            made.append(Piece(first, end, head, lead_out))
            break
        pause = round(segments[end - 1].pause_after_ms * rate / 1000)
        made.append(Piece(first, end, head, pause // 2))
        head = pause - pause // 2
    return made


def piece_key(piece: Piece, identities: Sequence[str], segments: Sequence[Segment],
              settings: dict) -> str:
    """A piece's cache key: what makes its audio (the chain and the encoder's settings, in
    `settings`) and what it holds."""
    inner = [[identities[i], segments[i].pause_after_ms]
             for i in range(piece.first, piece.end)]
    inner[-1][1] = None  # the last pause is the piece's tail
    data = {"format": CHUNK_FORMAT, "settings": settings, "head": piece.head,
            "tail": piece.tail, "segments": inner}
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Made:
    """An encoded piece: its MP3 (in `path` from `offset`), the Info frame's figures, what the
    encoder's meter read (momentary loudness each 100 ms, in LUFS; the sample peak in dBFS),
    and where its segments and words are (ms from its start)."""

    path: Path
    offset: int
    chunk: mp3join.Chunk
    blocks: tuple[float, ...]
    peak: float
    timings: tuple[tuple[float, float, tuple | None], ...]

    def mp3(self) -> bytes:
        with self.path.open("rb") as source:
            source.seek(self.offset)
            return source.read()


def _chunk_fields(chunk: mp3join.Chunk) -> dict:
    return {name: getattr(chunk, name) for name in mp3join.Chunk.__dataclass_fields__}


class ChunkCache:
    """Encoded pieces on disk under `root/chunks/ab/abcdef….mp3`: a JSON line (the piece's
    figures and the MP3's SHA-256), then the MP3. Written atomically, checked when read."""

    def __init__(self, root: Path):
        self.folder = Path(root) / "chunks"

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}{MP3_SUFFIX}"

    def get(self, key: str) -> Made | None:
        path = self.path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        header, _, payload = data.partition(b"\n")
        try:
            meta = json.loads(header)
            if meta["sha256"] != hashlib.sha256(payload).hexdigest():
                raise ValueError("checksum")
            return Made(path, len(header) + 1, mp3join.Chunk(**meta["chunk"]),
                        tuple(meta["blocks"]), float(meta["peak"]),
                        tuple((s, e, tuple(map(tuple, w)) if w is not None else None)
                              for s, e, w in meta["timings"]))
        except (ValueError, KeyError, TypeError):
            log.warning("%s: damaged cache entry, encoding it again", path)
            path.unlink(missing_ok=True)
            return None

    def put(self, key: str, made: Made, mp3: bytes) -> Made:
        """Keep an encoded piece; the kept one (reading from the cache's file)."""
        faults.point("cache.put")
        header = {"sha256": hashlib.sha256(mp3).hexdigest(), "chunk": _chunk_fields(made.chunk),
                  "blocks": list(made.blocks), "peak": made.peak,
                  "timings": [list(t) for t in made.timings]}
        line = json.dumps(header, separators=(",", ":")).encode() + b"\n"
        atomic_write_bytes(self.path(key), line + mp3, durable=False)
        return Made(self.path(key), len(line), made.chunk, made.blocks, made.peak,
                    made.timings)

    def reading_path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.reading"

    def get_reading(self, key: str) -> tuple[list[float], float] | None:
        """What a second meter read on a piece's MP3 (momentary loudness, true peak)."""
        try:
            blocks, peak = json.loads(self.reading_path(key).read_text())
            return [float(b) for b in blocks], float(peak)
        except (OSError, ValueError, TypeError):
            return None

    def put_reading(self, key: str, reading: tuple[list[float], float]) -> None:
        atomic_write_bytes(self.reading_path(key), json.dumps(list(reading)).encode(),
                           durable=False)

    def keys(self) -> set[str]:
        return keys_in(self.folder, MP3_SUFFIX)

    def remove(self, key: str) -> int:
        return remove_files(self.path(key), self.reading_path(key))
