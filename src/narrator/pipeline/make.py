"""Make an episode: its speech stitched and encoded to an MP3, tagged, with its transcripts and
chapters beside it."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from narrator.audio.chunks import ChunkCache
from narrator.audio.stitch import Reuse, stitch
from narrator.audio.synthesize import Speaker, key_of
from narrator.audio.tags import write_tags
from narrator.pipeline.context import Context
from narrator.pipeline.manifest import EpisodeRecord
from narrator.pipeline.plan import Plan
from narrator.core import faults
from narrator.core.durations import clock
from narrator.core.files import sha256_file
from narrator.core.formats import CHAPTERS_SUFFIX, JSON_SUFFIX, SRT_SUFFIX, TEXT_SUFFIX, VTT_SUFFIX
from narrator.core.models import Chapter, EncodedAudio, Script
from narrator.publish.chapters import chapters, to_json_chapters
from narrator.publish.transcripts import cues, timed_segments, to_json_transcript, to_srt, \
    to_vtt

log = logging.getLogger("narrator")


def identities(script: Script, engine) -> tuple[str, ...]:
    """What each segment's sound is: its speech's cache key, or its file's checksum."""
    return tuple(key_of(segment, engine) or _file_identity(segment.audio_path)
                 for segment in script.segments)


def _file_identity(path: Path) -> str:
    try:
        return f"file:{sha256_file(path)}"
    except OSError:  # said when the file is read, naming it
        return f"file:{path}"


def encode_episode(plan: Plan, context: Context, speaker: Speaker,
                   path: Path) -> tuple[EncodedAudio, list[Chapter]]:
    """The episode's MP3 at `path`, tagged with its chapters."""
    script = plan.script
    reuse = Reuse(ChunkCache(context.cache.root), identities(script, context.engine))
    audio = stitch(speaker.clip_of(script, plan.document.source), script.segments, path,
                   context.config.audio, context.cache.measurements, reuse)
    timed_chapters = chapters(script, audio.timings, audio.duration_ms)
    write_tags(path, dataclasses.replace(plan.tags, chapters=timed_chapters,
                                         length_ms=int(round(audio.duration_ms))))
    return audio, timed_chapters


def companions(slug: str, script: Script, audio: EncodedAudio,
               timed_chapters: list[Chapter]) -> dict[str, str]:
    """The files published beside an episode's MP3: transcripts and JSON chapters, by name."""
    timed = timed_segments(script, audio.timings)  # each word timed once, for both formats
    timed_cues = cues(timed)
    return {slug + VTT_SUFFIX: to_vtt(timed_cues), slug + SRT_SUFFIX: to_srt(timed_cues),
            slug + JSON_SUFFIX: to_json_transcript(timed),
            slug + TEXT_SUFFIX: script.full_text + "\n",
            slug + CHAPTERS_SUFFIX: to_json_chapters(timed_chapters)}


def make_episode(plan: Plan, context: Context, speaker: Speaker,
                 staging: Path) -> tuple[EpisodeRecord, EncodedAudio]:
    """The episode's MP3 and companions in `staging`, and the manifest's record of them."""
    staged = staging / plan.mp3_name
    audio, timed_chapters = encode_episode(plan, context, speaker, staged)
    files = companions(plan.slug, plan.script, audio, timed_chapters)
    for name, text in files.items():
        faults.point("companions.write")
        (staging / name).write_text(text, encoding="utf-8")
    record = EpisodeRecord(guid=plan.guid, date=plan.date.isoformat(),
                           input_hash=plan.input_hash, mp3=plan.mp3_name,
                           bytes=staged.stat().st_size, sha256=sha256_file(staged),
                           duration_s=round(audio.duration_ms / 1000, 3),
                           loudness_lufs=audio.loudness_lufs,
                           true_peak_dbtp=audio.true_peak_dbtp, files=sorted(files),
                           segments=sorted({key for segment in plan.script.segments
                                            if (key := key_of(segment, context.engine))}),
                           pieces=sorted(set(audio.piece_keys)))
    reused = ("; every piece unchanged, from the cache" if audio.pieces_encoded == 0 else
              f"; {audio.pieces_encoded} of {audio.pieces} pieces encoded, the rest unchanged"
              if audio.pieces_encoded < audio.pieces else "")
    log.info("built     %s (%s, %d segments, %.1f LUFS, %.1f dBTP true peak%s)", plan.mp3_name,
             clock(record.duration_s), len(plan.script.segments), audio.loudness_lufs,
             audio.true_peak_dbtp, reused)
    return record, audio
