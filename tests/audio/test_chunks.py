"""Pieces: cut where the text says, kept in the cache, and an edit that re-encodes only its
own piece gives the bytes a build from scratch gives."""

import shutil

import pytest

from narrator.audio import chunks, stitch as stitching
from narrator.audio.chunks import ChunkCache
from narrator.audio.engines import get_engine
from narrator.audio.stitch import Reuse, stitch
from narrator.core.config import AudioSection
from narrator.core.models import Segment
from tests.audio.test_stitch import SENTENCES, _ebur128, harbour_clips  # noqa: F401


def _segments(texts, pause=350):
    return [Segment(t, t, "sentence", pause) for t in texts]


def test_cuts_depend_only_on_the_text_around_them():
    texts = [f"Sentence number {n} of the survey." for n in range(400)]
    before = chunks.ranges(_segments(texts))
    assert 8 <= len(before) <= 30  # pieces of some 1,300 characters
    assert all(chunks.MIN_CHARS <= sum(len(t) for t in texts[first:end])
               < chunks.MAX_CHARS + 40 for first, end in before[:-1])
    edited = texts[:200] + ["An inserted sentence."] + texts[200:]
    after = chunks.ranges(_segments(edited))
    changed = [r for r in after if (r[0] - (r[0] > 200), r[1] - (r[1] > 200)) not in before]
    assert len(changed) <= 2  # the edited piece (and, at most, the one its cut moved into)
    short = _segments(texts[:50], pause=200)  # pauses too short to cut in: one piece
    assert chunks.ranges(short) == [(0, 50)]


@pytest.fixture(scope="module")
def voice_clips(harbour_clips):
    """The harbour sentences, and one more to edit in."""
    return [*harbour_clips, get_engine("piper").synthesize("A different sentence, edited in.")]


def _episode(clips, edit_at=None):
    """About three minutes of speech: (clips, segments, identities)."""
    texts, made = [], []
    for number in range(54):
        which = number % len(SENTENCES)
        if number == edit_at:
            which = len(SENTENCES)
        texts.append(f"{number}: {which}")
        made.append(clips[which])
    return made, _segments(texts), tuple(texts)


def test_an_edit_reencodes_only_its_piece_and_gives_a_cold_builds_bytes(tmp_path, voice_clips,
                                                                        monkeypatch):
    monkeypatch.setattr(chunks, "MIN_CHARS", 20)
    monkeypatch.setattr(chunks, "CUT_ONE_IN", 3)
    encoded = []
    real = stitching._encode_piece
    monkeypatch.setattr(stitching, "_encode_piece",
                        lambda *args: encoded.append(args[2]) or real(*args))
    clips, segments, names = _episode(voice_clips)
    cache = ChunkCache(tmp_path / "cache")
    first = stitch(iter(clips), segments, tmp_path / "a.mp3", AudioSection(),
                   reuse=Reuse(cache, names))
    pieces = len(encoded)
    assert pieces >= 4 and first.pieces == pieces == first.pieces_encoded

    encoded.clear()  # the same episode again: nothing is encoded
    again = stitch(iter(clips), segments, tmp_path / "b.mp3", AudioSection(),
                   reuse=Reuse(cache, names))
    assert encoded == [] and again.pieces_encoded == 0
    assert (tmp_path / "a.mp3").read_bytes() == (tmp_path / "b.mp3").read_bytes()

    clips, segments, names = _episode(voice_clips, edit_at=40)  # after the first minute
    edited = stitch(iter(clips), segments, tmp_path / "c.mp3", AudioSection(),
                    reuse=Reuse(cache, names))
    assert len(encoded) == edited.pieces_encoded <= 2 and edited.pieces >= 4
    assert encoded[0].first <= 40 < encoded[-1].end
    after = encoded[-1].end  # the first segment after the pieces encoded again
    assert after < len(segments)

    encoded.clear()  # the edited text from scratch: every piece, the same bytes
    cold = stitch(iter(clips), segments, tmp_path / "d.mp3", AudioSection(),
                  reuse=Reuse(ChunkCache(tmp_path / "fresh"), names))
    assert len(encoded) == cold.pieces
    assert (tmp_path / "c.mp3").read_bytes() == (tmp_path / "d.mp3").read_bytes()
    assert cold.timings == edited.timings

    # The segments before the edit stay where they were; those after the pieces encoded again
    # move by whole MP3 frames; each is where its speech is heard.
    assert edited.timings[:40] == first.timings[:40]
    shifts = {round(b.start_ms - a.start_ms, 6) for a, b in zip(first.timings[after:],
                                                                edited.timings[after:])}
    frame_ms = 1152 / 44.1
    assert len(shifts) == 1 and abs(shifts.pop() / frame_ms % 1) in (0, pytest.approx(1))
    samples = _decode(tmp_path / "c.mp3")
    assert abs(len(samples) / 44.1 - edited.duration_ms) < 1  # the Info frame's length
    for timing in edited.timings:
        assert _rms(samples, timing.start_ms - 60, timing.start_ms - 15) < 30  # a pause
        assert _rms(samples, timing.start_ms + 15, timing.end_ms - 15) > 300  # speech
    integrated, peak = _ebur128(tmp_path / "c.mp3")
    assert -16.5 <= integrated <= -15.5 and peak <= -1.0
    assert abs(edited.loudness_lufs - integrated) <= 0.2  # gated from the pieces' readings


def _decode(path):
    import subprocess

    import numpy as np

    from narrator.audio.ffmpeg import ffmpeg_exe

    result = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "s16le",
                             "-ac", "1", "-ar", "44100", "-"], capture_output=True, check=True)
    return np.frombuffer(result.stdout, "<i2").astype(float)


def _rms(samples, start_ms: float, end_ms: float) -> float:
    window = samples[int(start_ms * 44.1):int(end_ms * 44.1)]
    return float((window ** 2).mean() ** 0.5)


def test_a_damaged_piece_is_encoded_again(tmp_path, voice_clips, monkeypatch):
    monkeypatch.setattr(chunks, "MIN_CHARS", 20)
    monkeypatch.setattr(chunks, "CUT_ONE_IN", 3)
    clips, segments, names = _episode(voice_clips)
    cache = ChunkCache(tmp_path / "cache")
    stitch(iter(clips), segments, tmp_path / "a.mp3", AudioSection(), reuse=Reuse(cache, names))
    victim = sorted(cache.keys())[0]
    data = bytearray(cache.path(victim).read_bytes())
    data[-100] ^= 0xFF
    cache.path(victim).write_bytes(bytes(data))
    again = stitch(iter(clips), segments, tmp_path / "b.mp3", AudioSection(),
                   reuse=Reuse(cache, names))
    assert again.pieces_encoded == 1
    assert (tmp_path / "a.mp3").read_bytes() == (tmp_path / "b.mp3").read_bytes()
    shutil.rmtree(tmp_path / "cache")


def test_a_cache_that_cannot_keep_pieces_still_gives_the_episode(tmp_path, voice_clips, caplog):
    clips, segments, names = _episode(voice_clips)
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "chunks").write_text("not a folder")  # every put fails
    made = stitch(iter(clips), segments, tmp_path / "a.mp3", AudioSection(),
                  reuse=Reuse(ChunkCache(tmp_path / "cache"), names))
    plain = stitch(iter(clips), segments, tmp_path / "b.mp3", AudioSection())
    assert "cannot keep an encoded piece" in caplog.text
    assert (tmp_path / "a.mp3").read_bytes() == (tmp_path / "b.mp3").read_bytes()
    assert made.pieces_encoded == made.pieces
