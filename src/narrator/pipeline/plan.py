"""Plan: what each episode of a build will be, decided before any audio is made.

An episode's plan holds its script (read from its .script file, or made from the source), its
tags, guid, date and description, and a hash of everything that shapes its MP3: equal to the
manifest's, the published episode is current and is not made again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from narrator.audio.engines import Engine
from narrator.audio.tags import EpisodeTags
from narrator.pipeline.context import Context
from narrator.pipeline.manifest import EpisodeRecord
from narrator.core.config import Config
from narrator.core.files import sha256_file, within
from narrator.core.formats import MP3_SUFFIX, is_audio_file
from narrator.core.markup import authored_html, html_text, text_html
from narrator.core.memo import memo_key
from narrator.core.models import Document, Script, Segment
from narrator.publish.feed import feed_url
from narrator.text.readers.base import reading_language
from narrator.text.scriptfile import ScriptReading, ScriptWrite, plan_script, read_back, \
    script_path
from narrator.text.segment import make_script
from narrator.text.spoken import SpokenForms, spoken_form

log = logging.getLogger(__name__)

STAGE_VERSION = 5
"""Raised when the same inputs would now give different output files (forces rebuilds)."""
DESCRIPTION_CHARS = 600
SPOKEN_CHARS_PER_SECOND = 19.5
"""For estimates (--dry-run, progress): characters the default voice speaks a second (measured
on scripts/bench-data/article.md: 6,030 characters in about 309 s of speech)."""


@dataclass(frozen=True)
class Plan:
    """One episode of a build, before its audio is made (what planning decided: the phases
    after it read it and change nothing in it)."""

    document: Document
    script: Script
    tags: EpisodeTags
    guid: str
    date: datetime
    description: str
    input_hash: str
    record: EpisodeRecord | None
    current: bool = False
    script_status: str = "unchanged"
    """What happened to its .script file: "unchanged", "edited", "written", ..."""
    script_write: ScriptWrite | None = None
    """The write of its .script file that planning decided (made when the build makes)."""

    @property
    def slug(self) -> str:
        return self.document.slug

    @property
    def mp3_name(self) -> str:
        return self.document.slug + MP3_SUFFIX


@dataclass(frozen=True)
class DryRun:
    """What a build would do: episodes to make, segments to synthesize, audio to speak."""

    episodes: list[str]
    unchanged: list[str]
    segments: int
    seconds: float


def speech_seconds(characters: int, engine: Engine) -> float:
    """About how long `characters` of text take to say."""
    return characters / SPOKEN_CHARS_PER_SECOND / engine.speed


def plan_episode(document: Document, context: Context) -> Plan:
    """The plan of one episode: its script, identity, tags and whether it must be made."""
    config = context.config
    record = context.records.get(document.slug)
    guid, date = identity(document, record, config, context.now)
    script, script_status, script_write = episode_script(document, context)
    script = with_intro_outro(script, config)
    description = describe(document, script)
    tags = episode_tags(context, script, date, description)
    digest = input_hash(script, context, tags)
    out_dir = context.options.out_dir
    current = out_dir is not None and \
        is_current(out_dir / (document.slug + MP3_SUFFIX), record, digest)
    if not current:
        warn_of_voice(document, script.language or config.show.language, context.engine)
    return Plan(document, script, tags, guid, date, description, digest, record, current,
                script_status, script_write)


def warn_of_voice(document: Document, language: str, engine: Engine) -> None:
    """A warning when the episode is read in a language its voice does not speak (a Russian
    page in an English show: the voice says its words with English sounds, or letter by
    letter, and a listener hears no Russian)."""
    from narrator.audio.engines.voices import DEFAULT_VOICE, DEFAULT_VOICES
    from narrator.core.languages import is_language, primary_language

    voice = engine.voice or DEFAULT_VOICE
    spoken = re.match(r"([a-z]{2,3})(?:[_-][A-Za-z]{2,3})?(?:-|$)", voice)  # "en_US-joe-medium"
    wanted = primary_language(language)
    if spoken is None or not is_language(spoken.group(1)) or spoken.group(1) == wanted:
        return  # a voice whose name says no language
    other = DEFAULT_VOICES.get(wanted)
    log.warning("%s: it is in '%s', but the voice %s speaks '%s': a listener hears its words "
                "in that voice's sounds; to hear it in '%s', build it in a show whose language "
                "is '%s'%s", Path(str(document.source)).name, wanted, voice, spoken.group(1),
                wanted, wanted, f" (piper's voice for it: `narrator voices get {other}`)"
                if other else "")


def episode_script(document: Document, context: Context
                   ) -> tuple[Script, str, ScriptWrite | None]:
    """The script to speak: the source's .script file in a show (with what its file needs
    written, which the make phase does), or the script the source makes, read back as from a
    file; and what happened to the file ("unchanged", "edited", "written", ...)."""
    config, options = context.config, context.options
    language = reading_language(document.meta, config.show.language, document.source)

    # The spoken forms its last build worked out, kept in a memo: the rules cost more time than
    # anything else in reading a script or making one again after an edit.
    name = f"{document.slug}.spoken"
    key = memo_key("spoken", language, sorted((config.lexicon or {}).items()))
    say = SpokenForms(config.lexicon, language, context.memos.get(name, key))

    def make() -> Script:
        return make_script(document, config.pauses, language, config.lexicon, spoken_of=say)

    status, write = "unchanged", None
    if context.script_files:
        within(script_path(document.source), config.root, "script")
        script, status, write = plan_script(
            document.source, sha256_file(document.source), make,
            ScriptReading(config.pauses, config.lexicon, language, say),
            options.rescript, options.keep_scripts)
        if say.worked_out or len(say.used) != len(say.known):
            context.memos.put(name, key, say.used)
    else:
        script = read_back(make(), config.pauses, config.lexicon)
    script.byline, script.date, script.dropped = \
        document.byline, document.meta.date, list(document.dropped)
    return script, status, write


def episode_tags(context: Context, script: Script, date: datetime,
                 description: str) -> EpisodeTags:
    """The ID3 tags of an episode: the show's names, cover and links, or, for a text spoken on
    its own, its own title and no links."""
    show = context.config.show
    tags = EpisodeTags(title=script.title, artist=show.author or show.title, album=show.title,
                       date=date, language=script.language or show.language,
                       comment=html_text(description),
                       lyrics=script.full_text)
    if context.cover is None:
        tags.artist, tags.album = show.author or "narrator", script.title
    else:
        tags.cover, tags.episode_url = context.cover.path, show.base_url
        tags.feed_url = feed_url(context.config)
    return tags


def describe(document: Document, script: Script) -> str:
    """The episode's description as HTML: its front matter's (only harmless markup kept), else
    its opening paragraph (text, escaped)."""
    if document.meta.description:
        return authored_html(document.meta.description)
    words = " ".join(s.text for s in script.segments if s.kind == "sentence")
    if len(words) > DESCRIPTION_CHARS:
        words = words[:DESCRIPTION_CHARS].rsplit(" ", 1)[0] + "…"
    return text_html(words)


def input_hash(script: Script, context: Context, tags: EpisodeTags) -> str:
    """Everything that shapes an episode's MP3 bytes; equal hashes mean equal files."""
    audio = context.config.audio
    data = {
        "stage": STAGE_VERSION,
        "segments": [[s.spoken, s.pause_after_ms,
                      sha256_file(s.audio_path) if s.audio_path else None]
                     for s in script.segments],
        "engine": context.engine.identity(),
        "audio": [audio.bitrate_kbps, audio.sample_rate, audio.loudness_lufs,
                  audio.true_peak_dbtp, audio.lead_in_ms, audio.lead_out_ms],
        "tags": [tags.title, tags.artist, tags.album, tags.date.isoformat(), tags.language,
                 tags.comment, tags.lyrics, context.cover.sha256 if context.cover else None,
                 tags.episode_url, tags.feed_url],
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def identity(document: Document, record: EpisodeRecord | None, config: Config,
             now: datetime) -> tuple[str, datetime]:
    """The episode's guid and date: front matter first, then what was assigned before."""
    guid = document.meta.guid or (record.guid if record else
                                  str(uuid.uuid5(uuid.NAMESPACE_URL,
                                                 config.show.base_url + document.slug)))
    if document.meta.date:
        date = document.meta.date
    elif record:
        date = datetime.fromisoformat(record.date)
    else:
        date = now
    return guid, date


def with_intro_outro(script: Script, config: Config) -> Script:
    """The script with the show's intro and outro around it, each a section pause away."""
    show, pauses = config.show, config.pauses
    values = {"show": show.title, "title": script.title, "author": show.author or show.title}

    def part(setting: str, kind: str) -> Segment | None:
        if not setting.strip():
            return None
        if is_audio_file(setting):
            return Segment("", "", kind, pauses.section_ms, ends_paragraph=True,
                           audio_path=(config.root / setting.strip()).resolve())
        text = setting.format(**values)
        return Segment(text, spoken_form(text, config.lexicon, config.show.language), kind,
                       pauses.section_ms,
                       ends_paragraph=True)

    intro, outro = part(show.intro, "intro"), part(show.outro, "outro")
    if intro is None and outro is None:
        return script
    segments = list(script.segments)
    if outro is not None:
        segments[-1] = dataclasses.replace(segments[-1], pause_after_ms=pauses.section_ms)
        outro.pause_after_ms = 0
        segments.append(outro)
    if intro is not None:
        segments.insert(0, intro)
    return dataclasses.replace(script, segments=segments)


def is_current(path: Path, record: EpisodeRecord | None, digest: str) -> bool:
    """Whether the published MP3 at `path` (and its companions) is what the plan would make."""
    return (record is not None and record.input_hash == digest and path.is_file()
            and path.stat().st_size == record.bytes and sha256_file(path) == record.sha256
            and all((path.parent / name).is_file() for name in record.files))
