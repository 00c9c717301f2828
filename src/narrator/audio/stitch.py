"""Stitch: trim each clip's silence, put the pauses between clips, and stream the episode into
one encoding chain while the later clips are still being spoken, timing every segment.

In one streaming ffmpeg chain (so memory does not grow with the episode, and encoding costs no
time after synthesis):
1. the gains are set from the episode's first minute of speech (all of it when shorter; see
   `loudness`);
2. the chain runs as the clips come: gain, compressor, make-up gain, limiter, MP3 encoder;
3. what the encoder receives is metered in its process (loudness and sample peak, from which
   the MP3's are estimated; `loudness`), and the MP3 is decoded and measured only when an
   estimate comes near a limit;
4. when the whole episode misses the target by more than MAX_LOUDNESS_ERROR_LU (its first minute
   was not like the rest), it is encoded again from its PCM, kept on disk, in passes that measure
   the whole and correct the make-up gain until it is met.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from narrator.audio.encode import StreamingEncoder
from narrator.audio.loudness import MAX_LOUDNESS_ERROR_LU, estimated_mp3, measure_loudness, \
    normalize_and_encode, streaming_chain, worth_checking
from narrator.core import faults, timing
from narrator.core.config import AudioSection
from narrator.core.errors import AudioError
from narrator.core.models import EncodedAudio, Segment, Timing

log = logging.getLogger(__name__)

SILENCE_THRESHOLD_DBFS = -50.0
"""Quieter than this counts as silence when trimming a clip's ends."""
TRIM_MARGIN_MS = 10
"""Kept on each side of the speech so that soft onsets and releases are not clipped."""


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


PREDICTION_SECONDS = 60
"""The gains are set from the episode's first minute of speech (all of it when shorter), so that
encoding can start while the rest is still being spoken."""


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


def _placed(clip, spans, segment: Segment, lead_in: int, at_frame: int,
            rate: int) -> tuple[bytes, Timing, int]:
    """A clip's PCM with its lead-in and the pause after it, where its speech (and each of its
    words) sits in the episode, and the frames it takes after `at_frame`."""
    frames, pause_frames = int(clip.frame_count()), round(segment.pause_after_ms * rate / 1000)
    data = b"\x00\x00" * lead_in + clip.raw_data + b"\x00\x00" * pause_frames
    at = at_frame * 1000 / rate
    words = [(at + start, at + end) for start, end in spans] if spans is not None else None
    return data, Timing(at, (at_frame + frames) * 1000 / rate, words), frames + pause_frames


def stitch(clips: Iterable, segments: list[Segment], out_path: Path,
           audio: AudioSection, memo: Path | None = None) -> EncodedAudio:
    """Encode clips (one per segment) with each segment's pause after it into an MP3.

    Clips are encoded as they come (the caller may still be making the later ones): the gains
    are set from the first PREDICTION_SECONDS of speech, and the MP3 is measured as it is
    written. An episode whose whole differs from its start by more than MAX_LOUDNESS_ERROR_LU
    is encoded again from its PCM (kept on disk, so memory does not grow with the episode).
    The opening's measurements are kept in the folder `memo`, when given.
    """
    pcm_path = out_path.with_name(f".{out_path.name}.pcm")
    rate = written_frames = 0
    timings: list[Timing] = []
    head: list[bytes] | None = []  # PCM held until the gains are set
    encoder: StreamingEncoder | None = None

    def start_encoder() -> StreamingEncoder:
        start = b"".join(head)
        made = StreamingEncoder(rate, streaming_chain(start, rate, audio, out_path, memo),
                                 out_path,
                                audio)
        made.write(start)
        return made

    try:
        with pcm_path.open("wb") as pcm:
            for clip, segment in zip(clips, segments, strict=True):
                clip, spans = _mono16(clip, rate)
                lead_in = 0 if rate else round(audio.lead_in_ms * clip.frame_rate / 1000)
                rate = rate or clip.frame_rate
                written_frames += lead_in  # room before the first word
                data, placing, frames = _placed(clip, spans, segment, lead_in, written_frames, rate)
                timings.append(placing)
                written_frames += frames
                pcm.write(data)
                faults.point("stitch.clip")
                if head is None:
                    encoder.write(data)
                    continue
                head.append(data)
                if written_frames >= PREDICTION_SECONDS * rate:
                    encoder, head = start_encoder(), None
            if not rate:
                raise AudioError("nothing to encode: the script has no segments", out_path)
            lead_out = round(audio.lead_out_ms * rate / 1000)
            tail = b"\x00\x00" * lead_out  # and after the last
            written_frames += lead_out
            pcm.write(tail)
            (encoder.write if head is None else head.append)(tail)
        encoder = encoder or start_encoder()
        loudness, peak = _finish(encoder, pcm_path, rate, out_path, audio)
    except BrokenPipeError:
        raise AudioError("ffmpeg stopped while encoding the episode's audio", out_path) from None
    finally:
        if encoder is not None:
            encoder.close()
        pcm_path.unlink(missing_ok=True)
    return EncodedAudio(path=out_path, duration_ms=written_frames * 1000 / rate, timings=timings,
                        loudness_lufs=loudness, true_peak_dbtp=peak)


def _finish(encoder: StreamingEncoder, pcm_path: Path, rate: int, out_path: Path,
            audio: AudioSection) -> tuple[float, float]:
    """The encoded MP3's (LUFS, dBTP); encoded again from the PCM when the whole missed.

    The figures are estimated from the PCM the encoder received, metered in its process; only
    when they come near a limit is the MP3 itself decoded and measured."""
    loudness, peak = estimated_mp3(*encoder.finish())
    timing.mark("encoded")
    faults.point("stitch.encoded")
    if worth_checking(loudness, peak, audio):
        loudness, peak = measure_loudness(out_path)
    if abs(loudness - audio.loudness_lufs) > MAX_LOUDNESS_ERROR_LU:
        log.info("%s: the first minute misled the gains by %.1f LU; encoding again",
                 out_path.name, loudness - audio.loudness_lufs)
        loudness, peak = normalize_and_encode(pcm_path, rate, out_path, audio)
    return loudness, peak
