"""Speak one source into one tagged MP3, without a show: the build's plan and make phases for a
single episode, with a show's settings or the defaults."""

from __future__ import annotations

import dataclasses
import logging
import os
from pathlib import Path

from narrator.audio.cache import SegmentCache
from narrator.audio.synthesize import Speaker, available_cores, missing_tasks
from narrator.build.context import BuildOptions, Context, engine_for
from narrator.build.episode import encode_episode
from narrator.build.plan import plan_episode
from narrator.build.results import EpisodeResult
from narrator.build.show import load_show
from narrator.core.clock import clock
from narrator.core.config import Config
from narrator.core.errors import ConfigError
from narrator.core.languages import is_language
from narrator.text.readers import read_source

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
        if not is_language(language):
            raise ConfigError("--language", [("", f"{language!r} is not a language code "
                                                  "like en-us")])
        config.show = dataclasses.replace(config.show, language=language)
    return config


def speak_source(source: Path | str, out: Path | str, config: Config | None = None,
                 jobs: int | None = None, cache_dir: Path | None = None) -> EpisodeResult:
    """Narrate one text (a file or a URL) into one tagged MP3 at `out`."""
    config = config or Config()
    document = read_source(source)
    cache = SegmentCache(cache_dir)
    context = Context(config=config, options=BuildOptions(out_dir=None, jobs=jobs,
                                                           cache_dir=cache_dir),
                      engine=engine_for(config), cache=cache, script_files=False)
    plan = plan_episode(document, context)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = out.with_name(f".{out.name}.tmp")
    try:
        with Speaker(missing_tasks([plan.script], context.engine, cache), context.engine, cache,
                     jobs or available_cores()) as speaker:
            audio, _ = encode_episode(plan, context, speaker, temp)
        os.replace(temp, out)
    finally:
        temp.unlink(missing_ok=True)
    log.info("wrote %s (%s)", out, clock(audio.duration_ms / 1000))
    return EpisodeResult(document.slug, plan.script.title, out, audio.duration_ms / 1000,
                         rebuilt=True, script=plan.script, audio=audio)
