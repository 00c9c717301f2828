"""`narrator speak`: one source into one tagged MP3, without a show: the build's plan and make
phases for a single episode, with a show's settings or the defaults."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
import logging
import os
from pathlib import Path

from narrator.audio.cache import SegmentCache
from narrator.audio.synthesize import Speaker, available_cores, missing_tasks
from narrator.pipeline.context import Context, engine_for
from narrator.pipeline.options import BuildOptions
from narrator.pipeline.make import encode_episode
from narrator.pipeline.plan import plan_episode
from narrator.pipeline.results import EpisodeResult
from narrator.pipeline.showfolder import load_show
from narrator.core.durations import clock
from narrator.core.config import Config
from narrator.core.errors import NarratorError
from narrator.core.version import __version__
from narrator.core.languages import checked_language
from narrator.text.readers import read_source
from narrator.core.formats import MP3_SUFFIX, WAV_SUFFIX

log = logging.getLogger("narrator")


def speak_config(show_dir: Path | None = None, engine: str | None = None,
                 voice: str | None = None, speed: float | None = None,
                 language: str | None = None) -> Config:
    """The settings `speak` uses: a show's (its voice, language, pauses and lexicon) or the
    defaults, with the given ones over them."""
    config = load_show(show_dir) if show_dir is not None else Config()
    voice_settings = {key: value for key, value in
                      (("engine", engine), ("voice", voice), ("speed", speed))
                      if value is not None}
    if voice_settings:
        config.voice = dataclasses.replace(config.voice, **voice_settings)
    if language is not None:
        config.show = dataclasses.replace(config.show, language=checked_language(language))
    return config


OUTPUT_SUFFIXES = (MP3_SUFFIX, WAV_SUFFIX)
"""What `speak` writes: a tagged MP3, or a WAV of the same audio (for editors and players that
want PCM)."""


def output_path(out: Path, source: Path | str, slug: str, force: bool) -> Path:
    """Where `speak` writes: `out`, or NAME.mp3 inside it when it is a folder. A source, and any
    file narrator did not write, is never replaced unless `force`."""
    from narrator.audio.tags import made_by_narrator
    from narrator.text.fetch import is_url

    if out.is_dir():
        out = out / (slug + MP3_SUFFIX)
    if not is_url(source) and str(source) != "-" and out.exists() \
            and out.resolve() == Path(source).resolve():
        raise NarratorError("is the source being spoken; name another output file", out)
    if out.suffix.lower() not in OUTPUT_SUFFIXES:
        raise NarratorError(f"narrator writes {' or '.join(OUTPUT_SUFFIXES)} files; name the "
                            f"output NAME.mp3 or NAME.wav (not '{out.suffix or 'no suffix'}')",
                            out)
    if out.exists() and not force and not made_by_narrator(out):
        raise NarratorError("exists and narrator did not write it; choose another name, or "
                            "use --force to replace it", out)
    return out


def to_wav(mp3: Path, out: Path) -> None:
    """The MP3's audio as a 16-bit WAV at `out` (marked as narrator's in its INFO chunk)."""
    from narrator.audio import ffmpeg

    partial = out.with_name(f".narrator-{os.getpid()}{WAV_SUFFIX}")
    try:
        ffmpeg.run(ffmpeg.command("-i", str(mp3), "-c:a", "pcm_s16le", "-fflags", "+bitexact",
                                  "-metadata", f"comment=narrator {__version__}", str(partial)),
                   out)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)


@dataclass(frozen=True)
class SpeakOptions:
    """How `speak` narrates: a show's settings (`show_dir`) or the defaults, with the engine,
    voice, speed and language given over them."""

    show_dir: Path | str | None = None
    engine: str | None = None
    voice: str | None = None
    speed: float | None = None
    language: str | None = None
    jobs: int | None = None
    """Synthesis worker processes (None: one per core)."""
    cache_dir: Path | None = None
    """The speech cache (None: $NARRATOR_CACHE_DIR, else the user's cache folder)."""
    force: bool = False
    """Replace an output file narrator did not write."""


def speak(source: Path | str, out: Path | str, options: SpeakOptions | None = None
          ) -> EpisodeResult:
    """Narrate one source (a file or an http(s) URL) into one tagged MP3 at `out` (or NAME.mp3
    in it, when it is a folder; a WAV when it is NAME.wav), with a show's settings or the
    defaults. A source, or a file narrator did not write, is never replaced unless `force`."""
    options = options or SpeakOptions()
    config = speak_config(Path(options.show_dir) if options.show_dir else None, options.engine,
                          options.voice, options.speed, options.language)
    return speak_source(source, out, config, options)


def speak_source(source: Path | str, out: Path | str, config: Config,
                 options: SpeakOptions) -> EpisodeResult:
    """Narrate one text (a file or a URL) into one tagged MP3 at `out` (a file, or a folder to
    write NAME.mp3 in), with `config`'s settings."""
    jobs, cache_dir = options.jobs, options.cache_dir
    document = read_source(source)
    if options.language:  # asked for: the text is read in it, whatever its words look like
        document.meta.language = config.show.language
    out = output_path(Path(out), source, document.slug, options.force)
    cache = SegmentCache(cache_dir)
    context = Context(config=config, options=BuildOptions(jobs=jobs, cache_dir=cache_dir),
                      engine=engine_for(config), cache=cache, script_files=False)
    plan = plan_episode(document, context)
    plan = dataclasses.replace(plan, tags=dataclasses.replace(
        plan.tags, made_by=f"narrator {__version__}"))
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = out.with_name(f".narrator-{os.getpid()}.mp3.tmp")
    try:
        with Speaker(missing_tasks([plan.script], context.engine, cache), context.engine, cache,
                     jobs or available_cores()) as speaker:
            audio, _ = encode_episode(plan, context, speaker, temp)
        if out.suffix.lower() == WAV_SUFFIX:
            to_wav(temp, out)
        else:
            os.replace(temp, out)
    finally:
        temp.unlink(missing_ok=True)
    log.info("wrote %s (%s)", out, clock(audio.duration_ms / 1000))
    return EpisodeResult(document.slug, plan.script.title, out, audio.duration_ms / 1000,
                         rebuilt=True, script=plan.script, audio=audio)
