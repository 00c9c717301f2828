"""Stitch: trim each clip's silence, put the pauses between clips, and encode the episode in
pieces of a few minutes (`chunks`) while its later clips are still being spoken, timing every
segment and word.

1. The gains are set from the episode's first minute of speech (all of it when shorter; see
   `loudness`).
2. Each piece runs through its own chain as its clips come: gain, compressor, make-up gain,
   limiter, MP3 encoder, with a meter in the encoder's process reading the PCM it receives
   (momentary loudness each 100 ms and the sample peak). A piece whose speech, pauses and gains
   are unchanged is taken from the cache instead: an edit re-encodes only its own piece.
3. The pieces' MP3s are joined into one (`mp3join`); the episode's loudness is gated from all
   the pieces' momentary readings, as if metered whole, and its peak is the pieces' highest.
   Near a limit, each piece's MP3 is decoded and measured (once: the reading is kept).
4. When the episode misses the target by more than MAX_LOUDNESS_ERROR_LU (its first minute was
   not like the rest), the gains are set from the whole and the make-up gain corrected in
   passes until it is met.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from narrator.audio import chunks as pieces_of, mp3join
from narrator.audio.chunks import ChunkCache, Made, Piece
from narrator.audio.encode import LAME_QUALITY, METER_PEAK, StreamingEncoder
from narrator.audio.ffmpeg import ffmpeg_exe
from narrator.audio.loudness import MAX_ENCODES, MAX_LOUDNESS_ERROR_LU, episode_chain, \
    estimated_mp3, integrated, measure_mp3, next_makeup, opening_gains, whole_gains, \
    worth_checking
from narrator.core import faults, timing
from narrator.core.config import AudioSection
from narrator.core.errors import AudioError
from narrator.core.formats import MP3_SUFFIX
from narrator.core.models import EncodedAudio, Segment, Timing

log = logging.getLogger(__name__)

SILENCE_THRESHOLD_DBFS = -50.0
"""Quieter than this counts as silence when trimming a clip's ends."""
TRIM_MARGIN_MS = 10
"""Kept on each side of the speech so that soft onsets and releases are not clipped."""
PREDICTION_SECONDS = 60
"""The gains are set from the episode's first minute of speech (all of it when shorter), so that
encoding can start while the rest is still being spoken."""


def trim_silence(clip):
    """The clip without its leading and trailing silence (keeping a short margin)."""
    return trimmed(clip)[0]


def trimmed(clip):
    """The clip without its silent ends, and how many ms were cut from its start."""
    from pydub.silence import detect_leading_silence

    if len(clip) == 0:
        return clip, 0
    start = detect_leading_silence(clip, SILENCE_THRESHOLD_DBFS, chunk_size=5)
    end = len(clip) - detect_leading_silence(clip.reverse(), SILENCE_THRESHOLD_DBFS, chunk_size=5)
    if start >= end:
        return clip[:0], 0
    cut = max(0, start - TRIM_MARGIN_MS)
    return clip[cut:min(len(clip), end + TRIM_MARGIN_MS)], cut


def _mono16(clip, rate: int):
    """The clip as 16-bit mono at `rate` (0: its own rate), without its silent ends, and where
    its words are in it (ms), when the engine said."""
    spans = getattr(clip, "word_spans", None)
    clip = clip.set_channels(1).set_sample_width(2)
    if rate and clip.frame_rate != rate:
        clip = clip.set_frame_rate(rate)
    clip, cut = trimmed(clip)
    if spans is not None:
        length = len(clip)
        spans = [(min(max(start - cut, 0), length), min(max(end - cut, 0), length))
                 for start, end in spans]
    return clip, spans


@dataclass(frozen=True)
class Reuse:
    """What lets a build take unchanged pieces from the cache: the cache, and each segment's
    identity (the cache key of its speech, or its sound file's checksum)."""

    cache: ChunkCache
    identities: tuple[str, ...]


class ClipFeed:
    """An episode's clips by number, as 16-bit mono PCM at one rate (the first clip's) with
    their word spans: from a function of the number (asked again when needed again), or from
    an iterable, read in order once and kept in a spool file for the passes after the first."""

    def __init__(self, clips: Callable[[int], object] | Iterable):
        self.source = clips if callable(clips) else iter(clips)
        self.rate = 0
        self.held: dict[int, tuple[bytes, list | None]] = {}
        self.spool = None if callable(clips) else tempfile.TemporaryFile()
        self.spooled: list[tuple[int, int, list | None]] = []

    def get(self, index: int) -> tuple[bytes, list | None]:
        if index in self.held:
            return self.held.pop(index)
        if self.spool is None:
            return self._processed(self.source(index))
        while len(self.spooled) <= index:
            pcm, spans = self._processed(next(self.source))
            self.spool.seek(0, 2)
            self.spooled.append((self.spool.tell(), len(pcm), spans))
            self.spool.write(pcm)
        at, length, spans = self.spooled[index]
        self.spool.seek(at)
        return self.spool.read(length), spans

    def hold(self, index: int) -> tuple[bytes, list | None]:
        """A clip kept for its next `get` (the opening is read before it is encoded)."""
        if index not in self.held:
            self.held[index] = self.get(index)
        return self.held[index]

    def _processed(self, clip) -> tuple[bytes, list | None]:
        clip, spans = _mono16(clip, self.rate)
        self.rate = self.rate or clip.frame_rate
        return clip.raw_data, spans

    def close(self) -> None:
        if self.spool is not None:
            self.spool.close()


def _pause(segments: list[Segment], index: int, rate: int) -> int:
    return round(segments[index].pause_after_ms * rate / 1000)


def _opening(feed: ClipFeed, segments: list[Segment], audio: AudioSection) -> bytes:
    """The episode's first PREDICTION_SECONDS of sound (with the lead-in and pauses), or all
    of it (with the lead-out) when shorter; its clips are held for their piece."""
    feed.hold(0)  # its rate is the episode's
    rate = feed.rate
    parts, frames = [b"\0\0" * round(audio.lead_in_ms * rate / 1000)], 0
    for index in range(len(segments)):
        pcm, _ = feed.hold(index)
        pause = b"\0\0" * _pause(segments, index, rate)
        parts += [pcm, pause]
        frames += (len(pcm) + len(pause)) // 2
        if frames + len(parts[0]) // 2 >= PREDICTION_SECONDS * rate:
            return b"".join(parts)
    parts.append(b"\0\0" * round(audio.lead_out_ms * rate / 1000))
    return b"".join(parts)


def _sound(feed: ClipFeed, segments: list[Segment], piece: Piece):
    """A piece's sound, segment by segment: (clip's PCM, its word spans, frames of silence
    after it); the silence before the first is the piece's head."""
    for index in range(piece.first, piece.end):
        pcm, spans = feed.get(index)
        last = index == piece.end - 1
        yield pcm, spans, piece.tail if last else _pause(segments, index, feed.rate)


def _encode_piece(feed: ClipFeed, segments: list[Segment], piece: Piece, chain: str,
                  audio: AudioSection, out: Path) -> tuple[Made, bytes]:
    """One piece through a fresh chain into the MP3 `out`, timed and metered; and the MP3."""
    rate = feed.rate
    encoder = StreamingEncoder(rate, chain, out, audio)
    timings, at = [], piece.head
    try:
        encoder.write(b"\0\0" * piece.head)
        for pcm, spans, pause in _sound(feed, segments, piece):
            frames = len(pcm) // 2
            start = at * 1000 / rate
            words = tuple((start + a, start + b) for a, b in spans) if spans is not None \
                else None
            timings.append((start, (at + frames) * 1000 / rate, words))
            encoder.write(pcm + b"\0\0" * pause)
            at += frames + pause
            faults.point("stitch.clip")
        _, peak, blocks = encoder.finish()
    finally:
        encoder.close()
    mp3 = out.read_bytes()
    try:
        chunk = mp3join.read_chunk(mp3)
    except ValueError as error:
        raise AudioError(f"ffmpeg wrote an MP3 without its Info frame ({error})", out) from None
    return Made(out, 0, chunk, tuple(blocks), peak, tuple(timings)), mp3


@dataclass
class _Run:
    """One episode's encoding: its clips, pieces, and where pieces go."""

    feed: ClipFeed
    segments: list[Segment]
    plan: list[Piece]
    audio: AudioSection
    out_path: Path
    scratch: Path
    reuse: Reuse | None
    encoded: int = 0

    def settings(self, chain: str) -> dict:
        return {"chain": chain, "rate": self.feed.rate, "lame": LAME_QUALITY,
                "meter": METER_PEAK, "ffmpeg": Path(ffmpeg_exe()).name,
                "mp3": [self.audio.sample_rate, self.audio.bitrate_kbps]}

    def key(self, piece: Piece, chain: str) -> str | None:
        if self.reuse is None:
            return None
        return pieces_of.piece_key(piece, self.reuse.identities, self.segments,
                                   self.settings(chain))

    def made(self, chain: str) -> list[tuple[str | None, Made]]:
        """Every piece with this chain: from the cache, or encoded now."""
        result = []
        self.encoded = 0
        for number, piece in enumerate(self.plan):
            key = self.key(piece, chain)
            found = self.reuse.cache.get(key) if key else None
            if found is None:
                out = self.scratch / f"{number}{MP3_SUFFIX}"
                found, mp3 = _encode_piece(self.feed, self.segments, piece, chain, self.audio,
                                           out)
                self.encoded += 1
                if key:
                    found = self._kept(key, found, mp3)
            result.append((key, found))
        return result

    def _kept(self, key: str, made: Made, mp3: bytes) -> Made:
        """The piece put in the cache (read from there from now on); when the cache cannot
        take it (a full disk, a read-only folder), it stays in the scratch folder."""
        try:
            kept = self.reuse.cache.put(key, made, mp3)
        except OSError as error:
            log.warning("%s: cannot keep an encoded piece (%s); the next build encodes it "
                        "again", self.reuse.cache.path(key), error.strerror or error)
            return made
        made.path.unlink()
        return kept

    def figures(self, made: list[tuple[str | None, Made]], check: bool) -> tuple[float, float]:
        """The episode's (LUFS, dBTP): estimated from the encoders' meters, or, when `check`
        or near a limit, measured on each piece's MP3."""
        blocks = [block for _, piece in made for block in piece.blocks]
        estimate = estimated_mp3(integrated(blocks), max(piece.peak for _, piece in made))
        if not (check or worth_checking(*estimate, self.audio)):
            return estimate
        readings = [self.mp3_reading(key, piece) for key, piece in made]
        return (integrated([block for blocks, _ in readings for block in blocks]),
                max(peak for _, peak in readings))

    def mp3_reading(self, key: str | None, piece: Made) -> tuple[list[float], float]:
        found = self.reuse.cache.get_reading(key) if key else None
        if found is None:
            found = measure_mp3(piece.mp3(), self.out_path)
            if key:
                with contextlib.suppress(OSError):  # measured again next time
                    self.reuse.cache.put_reading(key, found)
        return found


def stitch(clips: Callable[[int], object] | Iterable, segments: list[Segment], out_path: Path,
           audio: AudioSection, memo: Path | None = None, reuse: Reuse | None = None
           ) -> EncodedAudio:
    """Encode clips (one per segment, by number or in order) with each segment's pause after
    it into an MP3 at `out_path`.

    Pieces are encoded as their clips come (the caller may still be making the later ones).
    The opening's measurements are kept in the folder `memo`, when given; encoded pieces in
    `reuse.cache`, when given, and taken from it when nothing that makes them changed.
    """
    if not segments:
        raise AudioError("nothing to encode: the script has no segments", out_path)
    feed = ClipFeed(clips)
    scratch = Path(tempfile.mkdtemp(prefix=f".{out_path.name}.", dir=out_path.parent))
    try:
        opening = _opening(feed, segments, audio)
        plan = pieces_of.pieces(segments, feed.rate, round(audio.lead_in_ms * feed.rate / 1000),
                                round(audio.lead_out_ms * feed.rate / 1000))
        run = _Run(feed, segments, plan, audio, out_path, scratch, reuse)
        made, loudness, peak = _encode(run, opening_gains(opening, feed.rate, audio, out_path,
                                                          memo))
        mp3join.join([(piece.path, piece.offset, piece.chunk) for _, piece in made], out_path)
    except BrokenPipeError:
        raise AudioError("ffmpeg stopped while encoding the episode's audio", out_path) from None
    finally:
        feed.close()
        shutil.rmtree(scratch, ignore_errors=True)
    encoded = _encoded(out_path, [piece for _, piece in made], audio, loudness, peak)
    encoded.pieces_encoded = run.encoded
    encoded.piece_keys = [key for key, _ in made if key]
    return encoded


def _encode(run: _Run, gains: tuple[float, float]):
    """Every piece encoded with the opening's gains, then, when the whole missed, with gains
    from the whole and corrected make-up gains until it is met; the pieces and the episode's
    (LUFS, dBTP)."""
    target, (gain, makeup) = run.audio.loudness_lufs, gains
    tried: list[tuple[float, float]] = []
    for attempt in range(MAX_ENCODES + 1):
        made = run.made(episode_chain(gain, makeup, run.feed.rate, run.audio))
        if attempt == 0:
            timing.mark("encoded")
            faults.point("stitch.encoded")
        loudness, peak = run.figures(made, check=attempt > 0)
        if abs(loudness - target) <= MAX_LOUDNESS_ERROR_LU or attempt == MAX_ENCODES:
            return made, loudness, peak
        if attempt == 0:
            log.info("%s: the first minute misled the gains by %.1f LU; encoding again",
                     run.out_path.name, loudness - target)
            gain, makeup = whole_gains(_whole(run), run.feed.rate, run.audio, run.out_path)
        else:
            tried.append((makeup, loudness))
            makeup = next_makeup(tried, target)
    raise AssertionError("unreachable")


def _whole(run: _Run) -> Path:
    """The episode's PCM in one file (in the scratch folder), pauses and all."""
    path = run.scratch / "whole.pcm"
    with path.open("wb") as out:
        for piece in run.plan:
            out.write(b"\0\0" * piece.head)
            for pcm, _, pause in _sound(run.feed, run.segments, piece):
                out.write(pcm + b"\0\0" * pause)
    return path


def _encoded(out_path: Path, made: list[Made], audio: AudioSection, loudness: float,
             peak: float) -> EncodedAudio:
    """The episode's figures, its segments and words placed on the joined MP3's timeline."""
    chunks = [piece.chunk for piece in made]
    timings = []
    for start, piece in zip(mp3join.starts(chunks), made):
        base = start * 1000 / audio.sample_rate
        for begin, end, words in piece.timings:
            timings.append(Timing(base + begin, base + end,
                                  [(base + a, base + b) for a, b in words]
                                  if words is not None else None))
    return EncodedAudio(path=out_path,
                        duration_ms=mp3join.decoded_samples(chunks) * 1000 / audio.sample_rate,
                        timings=timings, loudness_lufs=loudness, true_peak_dbtp=peak,
                        pieces=len(made))
