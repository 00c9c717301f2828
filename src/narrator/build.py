"""Run the stages for a whole show (`narrator build`) or for one text (`narrator speak`)."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import os
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from narrator.artwork import check_artwork
from narrator.config import AudioSection, Config, PausesSection, is_audio_file, load_config
from narrator.engines import Engine, engine_from_config, get_engine
from narrator.errors import EngineError, NarratorError
from narrator.files import sha256_file
from narrator.ingest import SOURCE_KINDS, SOURCE_SUFFIXES, read_source, slugify
from narrator.manifest import EpisodeRecord, load_manifest, save_manifest
from narrator.models import Document, EncodedAudio, Script, Segment
from narrator.normalize import spoken_form
from narrator import faults
from narrator.output import Lock, check_output_dir, current_version, keep_files, \
    publish_version, recover, stage_version, versions_dir
from narrator.pages import PAGE_SUFFIX, PageEpisode, PageShow, transcript_blocks, write_pages
from narrator.publish import FEED_NAME, FeedEpisode, FeedLink, feed_url, render_feed
from narrator.script import make_script
from narrator.scriptfile import load_script, script_path
from narrator.validate import AudioFacts, ValidationFailed, validate_show
from narrator.transcript import CHAPTERS_MIME, CHAPTERS_SUFFIX, chapters, cues, \
    read_json_chapters, read_vtt, to_json_chapters, to_srt, to_vtt
from narrator.stitch import stitch
from narrator.cache import SegmentCache
from narrator.synthesize import Speaker, available_cores, key_of, missing_tasks, worker_count
from narrator.tag import EpisodeTags, write_tags

STAGE_VERSION = 3
"""Raised when the same inputs would now give different output files (forces rebuilds)."""
DESCRIPTION_CHARS = 600
log = logging.getLogger("narrator")


class BuildErrors(NarratorError):
    """Several inputs are bad; each is reported on its own line."""

    def __init__(self, errors: list[NarratorError]):
        self.errors = errors
        super().__init__("; ".join(e.message for e in errors))

    def lines(self) -> list[str]:
        return [line for error in self.errors for line in error.lines()]


@dataclass
class EpisodeResult:
    """One episode of a finished build."""

    slug: str
    title: str
    mp3: Path
    duration_s: float
    rebuilt: bool
    script: Script
    audio: EncodedAudio | None = None  # set when the episode was encoded in this build


@dataclass
class BuildResult:
    out_dir: Path
    feed: Path
    episodes: list[EpisodeResult] = field(default_factory=list)


def episode_sources(config: Config) -> list[Path]:
    """The show's episode files, in name order."""
    folder = config.episodes_dir
    if not folder.is_dir():
        raise NarratorError(f"no episodes folder (put {SOURCE_KINDS} files in it)", folder)
    sources = sorted(p for p in folder.iterdir()
                     if p.suffix.lower() in SOURCE_SUFFIXES and not p.name.startswith("."))
    if not sources:
        raise NarratorError(f"no episodes: add {SOURCE_KINDS} files", folder)
    return sources


def read_documents(sources: list[Path], failed: dict[str, NarratorError] | None = None
                   ) -> list[Document]:
    """Read every source, reporting all bad ones together; slugs must be unique. With `failed`
    (--keep-going), the bad ones are put there by episode name instead of raised."""
    documents, errors, seen = [], [], {}
    for source in sources:
        faults.point("ingest.read")
        try:
            document = read_source(source)
        except NarratorError as error:
            errors.append(error)
            continue
        if document.slug in seen:
            errors.append(NarratorError(f"same episode name '{document.slug}' as "
                                        f"{seen[document.slug].name}; rename one", source))
            continue
        seen[document.slug] = source
        documents.append(document)
    if errors and failed is None:
        raise BuildErrors(errors)
    for error in errors:
        failed[slugify(Path(str(error.path)).stem)] = error
    return documents


def describe(document: Document, script: Script) -> str:
    """The episode's description: its front matter's, else its opening paragraph."""
    if document.meta.description:
        return document.meta.description
    words = " ".join(s.text for s in script.segments if s.kind == "sentence")
    if len(words) <= DESCRIPTION_CHARS:
        return words
    return words[:DESCRIPTION_CHARS].rsplit(" ", 1)[0] + "…"


def _input_hash(script: Script, engine: Engine, audio: AudioSection, tags: EpisodeTags,
                cover_sha: str) -> str:
    """Everything that shapes an episode's MP3 bytes; equal hashes mean equal files."""
    data = {
        "stage": STAGE_VERSION,
        "segments": [[s.spoken, s.pause_after_ms,
                      sha256_file(s.audio_path) if s.audio_path else None]
                     for s in script.segments],
        "engine": engine.identity(),
        "audio": [audio.bitrate_kbps, audio.sample_rate, audio.loudness_lufs,
                  audio.true_peak_dbtp],
        "tags": [tags.title, tags.artist, tags.album, tags.date.isoformat(), tags.language,
                 tags.comment, tags.lyrics, cover_sha, tags.episode_url, tags.feed_url],
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _identity(document: Document, record: EpisodeRecord | None, config: Config,
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
        return Segment(text, spoken_form(text, config.lexicon), kind, pauses.section_ms,
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


def _is_current(path: Path, record: EpisodeRecord | None, input_hash: str) -> bool:
    return (record is not None and record.input_hash == input_hash and path.is_file()
            and path.stat().st_size == record.bytes and sha256_file(path) == record.sha256
            and all((path.parent / name).is_file() for name in record.files))


TRANSCRIPT_SUFFIXES = {".vtt": "text/vtt", ".srt": "application/x-subrip", ".txt": "text/plain"}


def companion_names(slug: str) -> list[str]:
    return [slug + suffix for suffix in (*TRANSCRIPT_SUFFIXES, CHAPTERS_SUFFIX)]


def episode_companions(slug: str, script: Script, audio: EncodedAudio,
                       timed_chapters: list) -> dict[str, str]:
    """The files published beside an episode's MP3: transcripts and JSON chapters, by name."""
    timed_cues = cues(script, audio.timings)
    return {f"{slug}.vtt": to_vtt(timed_cues), f"{slug}.srt": to_srt(timed_cues),
            f"{slug}.txt": script.full_text + "\n",
            f"{slug}{CHAPTERS_SUFFIX}": to_json_chapters(timed_chapters)}


def _engine_for(config: Config) -> Engine:
    try:
        return engine_from_config(config.voice)
    except EngineError as error:
        raise EngineError(f"voice: {error.message}", config.path) from None


@dataclass
class _Plan:
    """One episode of a build, before its audio is made."""

    document: Document
    script: Script
    tags: EpisodeTags
    guid: str
    date: datetime
    description: str
    input_hash: str
    record: EpisodeRecord | None
    current: bool

    @property
    def mp3_name(self) -> str:
        return f"{self.document.slug}.mp3"


@dataclass
class DryRun:
    """What a build would do: episodes to make, segments to synthesize, audio to speak."""

    episodes: list[str]
    unchanged: list[str]
    segments: int
    seconds: float


SPOKEN_CHARS_PER_SECOND = 19.5
"""For estimates (--dry-run, progress): characters the default voice speaks a second (measured
on scripts/bench-data/article.md: 6,030 characters in about 309 s of speech)."""


def _speech_seconds(characters: int, engine: Engine) -> float:
    return characters / SPOKEN_CHARS_PER_SECOND / engine.speed


def build_show(show_dir: Path, out_dir: Path | None = None, rescript: bool = False,
               keep_scripts: bool = False, jobs: int | None = None,
               cache_dir: Path | None = None, dry_run: bool = False,
               on_spoken: Callable[[int, int, float], None] | None = None,
               keep_going: bool = False):
    """Build every episode and the feed into out_dir, swapping finished files in last.

    With dry_run, return a DryRun saying what would change, and change nothing. `on_spoken`
    hears (segments done, segments in all, seconds of speech so far) as synthesis goes.
    With keep_going, an episode that fails keeps its published version (or stays out of the
    feed if it has none), the others are built and published, and BuildErrors is raised after.
    """
    show_dir = Path(show_dir)
    config = load_config(show_dir)
    for warning in config.warnings:
        log.warning(warning)
    out_dir = Path(out_dir) if out_dir is not None else Path("audio_out")
    check_output_dir(out_dir, config.root)
    with contextlib.ExitStack() as locks:
        if not dry_run:  # a dry run changes nothing: it needs no lock
            locks.enter_context(Lock(config.root / ".narrator" / "build.lock",
                                     f"the show in {config.root}"))
            locks.enter_context(Lock(versions_dir(out_dir) / ".lock", f"a show into {out_dir}"))
            recover(out_dir)
        return _build(config, out_dir, rescript, keep_scripts, jobs, cache_dir, dry_run,
                      on_spoken, keep_going)


def _build(config: Config, out_dir: Path, rescript: bool, keep_scripts: bool,
           jobs: int | None, cache_dir: Path | None, dry_run: bool,
           on_spoken: Callable[[int, int, float], None] | None, keep_going: bool):
    failed: dict[str, NarratorError] | None = {} if keep_going else None
    documents = read_documents(episode_sources(config), failed)
    cover_mime = check_artwork(config.artwork_path)
    cover_name = "cover" + (".png" if cover_mime == "image/png" else ".jpg")
    engine = _engine_for(config)
    cache = SegmentCache(cache_dir)
    records = load_manifest(config.root)
    now = datetime.now(timezone.utc).replace(microsecond=0)
    cover_sha = sha256_file(config.artwork_path)
    plans = []
    for document in documents:
        try:
            plans.append(_plan(document, records.get(document.slug), config, engine, cover_sha,
                               now, out_dir, rescript, keep_scripts, write_scripts=not dry_run))
        except NarratorError as error:
            if failed is None:
                raise
            failed[document.slug] = error
    stale = [plan for plan in plans if not plan.current]
    tasks = missing_tasks((plan.script for plan in stale), engine, cache)
    if dry_run:
        return DryRun([p.mp3_name for p in stale], [p.mp3_name for p in plans if p.current],
                      len(tasks), _speech_seconds(sum(len(t.spoken) for t in tasks), engine))
    jobs = jobs or available_cores()
    done = {"count": 0, "chars": 0}

    def spoken(task) -> None:
        done["count"] += 1
        done["chars"] += len(task.spoken)
        if on_spoken:
            on_spoken(done["count"], len(tasks), _speech_seconds(done["chars"], engine))

    if tasks:
        log.info("speaking  %d segments with %d worker(s)", len(tasks),
                 worker_count(jobs, len(tasks)))
    base = config.show.base_url
    current = current_version(out_dir)
    staging = stage_version(out_dir)
    result = BuildResult(out_dir=out_dir, feed=out_dir / FEED_NAME)
    feed_episodes, kept, pages = [], [], []
    published = False
    try:
        with Speaker(tasks, engine, cache, jobs, on_done=spoken) as speaker:
            for plan in plans:
                document, script, record = plan.document, plan.script, plan.record
                mp3_name = plan.mp3_name
                episode = EpisodeResult(document.slug, script.title, out_dir / mp3_name, 0.0,
                                        rebuilt=False, script=script)
                if plan.current:
                    episode.duration_s = record.duration_s
                    kept += [record.mp3, *record.files]
                    log.info("unchanged %s", mp3_name)
                else:
                    try:
                        record, episode.audio = _make_episode(plan, engine, speaker,
                                                              config, staging)
                    except NarratorError as error:
                        if failed is None:
                            raise
                        failed[document.slug] = error
                        for name in [mp3_name, *companion_names(document.slug)]:
                            (staging / name).unlink(missing_ok=True)
                        continue
                    episode.duration_s, episode.rebuilt = record.duration_s, True
                records[document.slug] = EpisodeRecord(**{
                    **record.__dict__, "guid": plan.guid, "date": plan.date.isoformat(),
                    "item": _item_facts(plan, config)})
                result.episodes.append(episode)
                feed_episodes.append(_feed_episode(document.slug, records[document.slug],
                                                   config))
                pages.append(_page_episode(plan, records[document.slug], staging, out_dir))
            # Failed episodes stay as they were published, if they were.
            for slug, error in (failed or {}).items():
                record = records.get(slug)
                if record is not None and record.item and current is not None \
                        and (current / record.mp3).is_file():
                    kept += [record.mp3, *record.files, slug + PAGE_SUFFIX]
                    feed_episodes.append(_feed_episode(slug, record, config))
                    pages.append(_carried_page(slug, record))
                    log.warning("failed    %s: its published version stays", record.mp3)
                else:
                    log.warning("failed    %s: left out of the feed", slug)
        if current is not None and (current / cover_name).is_file() \
                and sha256_file(current / cover_name) == cover_sha:
            kept.append(cover_name)
        else:
            shutil.copyfile(config.artwork_path, staging / cover_name)
        keep_files(staging, current, kept)
        faults.point("pages.write")
        write_pages(staging, _page_show(config, cover_name), pages)
        faults.point("feed.write")
        (staging / FEED_NAME).write_bytes(render_feed(config, feed_episodes, base + cover_name))
        # The show as apps will see it must pass before anything is published. Audio made in
        # this build was measured on its MP3 by the stitcher; the rest was when it was made.
        made = {episode.mp3.name: AudioFacts(episode.audio.duration_ms / 1000,
                                             episode.audio.loudness_lufs,
                                             episode.audio.true_peak_dbtp)
                for episode in result.episodes if episode.audio is not None}
        faults.point("validate")
        problems = validate_show(staging, known=made, measure_others=False)
        if problems:
            raise ValidationFailed(problems)
        _log_dropped(current, records, {d.slug for d in documents} | set(failed or {}))
        # The manifest first: an episode's guid and date are fixed before anyone can see it.
        faults.point("publish.manifest")
        save_manifest(config.root, records)
        publish_version(out_dir, staging)
        published = True
    finally:
        if not published:
            shutil.rmtree(staging, ignore_errors=True)
    if failed:
        raise BuildErrors(list(failed.values()))
    log.info("feed:     %s", result.feed)
    log.info("episodes: %s", out_dir)
    return result


def _plan(document: Document, record: EpisodeRecord | None, config: Config, engine: Engine,
          cover_sha: str, now: datetime, out_dir: Path, rescript: bool, keep_scripts: bool,
          write_scripts: bool) -> _Plan:
    show, base = config.show, config.show.base_url
    guid, date = _identity(document, record, config, now)

    def make() -> Script:
        return make_script(document, config.pauses, show.language, config.lexicon)

    script, status = load_script(document.source, sha256_file(document.source), make,
                                 config.pauses, config.lexicon, rescript, keep_scripts,
                                 write=write_scripts)
    if status != "unchanged" and write_scripts:
        log.info("script    %s (%s)", script_path(document.source).name, status)
    script.byline, script.date, script.dropped = \
        document.byline, document.meta.date, list(document.dropped)
    script = with_intro_outro(script, config)
    description = describe(document, script)
    tags = EpisodeTags(title=script.title, artist=show.author or show.title, album=show.title,
                       date=date, language=show.language, comment=description,
                       lyrics=script.full_text, cover=config.artwork_path, episode_url=base,
                       feed_url=feed_url(config))
    input_hash = _input_hash(script, engine, config.audio, tags, cover_sha)
    plan = _Plan(document, script, tags, guid, date, description, input_hash, record, False)
    plan.current = _is_current(out_dir / plan.mp3_name, record, input_hash)
    return plan


def _make_episode(plan: _Plan, engine: Engine, speaker: Speaker, config: Config,
                  staging: Path) -> tuple[EpisodeRecord, EncodedAudio]:
    script, slug = plan.script, plan.document.slug
    staged = staging / plan.mp3_name
    audio = stitch(speaker.clips(script, plan.document.source), script.segments, staged,
                   config.audio)
    timed_chapters = chapters(script, audio.timings, audio.duration_ms)
    plan.tags.chapters = timed_chapters
    write_tags(staged, plan.tags)
    companions = episode_companions(slug, script, audio, timed_chapters)
    for name, text in companions.items():
        faults.point("companions.write")
        (staging / name).write_text(text, encoding="utf-8")
    record = EpisodeRecord(guid=plan.guid, date=plan.date.isoformat(),
                           input_hash=plan.input_hash, mp3=plan.mp3_name,
                           bytes=staged.stat().st_size, sha256=sha256_file(staged),
                           duration_s=round(audio.duration_ms / 1000, 3),
                           loudness_lufs=audio.loudness_lufs,
                           true_peak_dbtp=audio.true_peak_dbtp, files=sorted(companions),
                           segments=sorted({k for s in script.segments
                                            if (k := key_of(s, engine))}))
    log.info("built     %s (%s, %d segments, %.1f LUFS, %.1f dBTP true peak)", plan.mp3_name,
             format_duration(record.duration_s), len(script.segments), audio.loudness_lufs,
             audio.true_peak_dbtp)
    return record, audio


def _item_facts(plan: _Plan, config: Config) -> dict:
    """What an episode's feed item says beyond its files, as the manifest keeps it."""
    meta = plan.document.meta
    return {"title": plan.script.title, "description": plan.description,
            "explicit": config.show.explicit if meta.explicit is None else meta.explicit,
            "episode_type": meta.episode_type or "full", "season": meta.season,
            "episode": meta.episode}


def _carried_page(slug: str, record: EpisodeRecord) -> PageEpisode:
    """A failed episode as the index lists it; its own page is kept as it was published."""
    item = record.item
    return PageEpisode(slug=slug, title=item["title"], date=datetime.fromisoformat(record.date),
                       duration_s=record.duration_s, description=item["description"],
                       files=record.files, render=False)


def _feed_episode(slug: str, record: EpisodeRecord, config: Config) -> FeedEpisode:
    """An episode's feed item, from what the manifest records of it."""
    base, item = config.show.base_url, record.item
    return FeedEpisode(
        title=item["title"], guid=record.guid, pub_date=datetime.fromisoformat(record.date),
        description=item["description"], enclosure_url=base + record.mp3,
        enclosure_bytes=record.bytes, duration_s=record.duration_s,
        page_url=base + slug + PAGE_SUFFIX, explicit=item["explicit"],
        episode_type=item["episode_type"], season=item["season"], episode=item["episode"],
        transcripts=[FeedLink(base + name, TRANSCRIPT_SUFFIXES[suffix],
                              "captions" if suffix == ".vtt" else None)
                     for suffix in TRANSCRIPT_SUFFIXES for name in record.files
                     if name == slug + suffix],
        chapters=next((FeedLink(base + name, CHAPTERS_MIME)
                       for name in record.files if name.endswith(CHAPTERS_SUFFIX)), None))


def _page_show(config: Config, cover_name: str) -> PageShow:
    show = config.show
    return PageShow(show.title, show.description, show.language, show.author, cover_name,
                    FEED_NAME)


def _page_episode(plan: _Plan, record: EpisodeRecord, staging: Path,
                  out_dir: Path) -> PageEpisode:
    """An episode's page from its published transcript and chapters (staged when just made)."""
    slug = plan.document.slug

    def companion(name: str) -> str | None:
        for folder in (staging, out_dir):
            if name in record.files and (folder / name).is_file():
                return (folder / name).read_text(encoding="utf-8")
        return None

    vtt, chapter_file = companion(slug + ".vtt"), companion(slug + CHAPTERS_SUFFIX)
    return PageEpisode(
        slug=slug, title=plan.script.title, date=plan.date, duration_s=record.duration_s,
        description=plan.description,
        transcript=transcript_blocks(plan.script, read_vtt(vtt)) if vtt else [],
        chapters=read_json_chapters(chapter_file) if chapter_file else [],
        files=[name for name in record.files if not name.endswith(CHAPTERS_SUFFIX)])


def _log_dropped(current: Path | None, records: dict[str, EpisodeRecord],
                 present: set[str]) -> None:
    """Say which published episodes leave the show because their sources are gone (their guid
    and date stay recorded, should they come back)."""
    for slug, record in records.items():
        if slug not in present and current is not None and record.mp3 \
                and (current / record.mp3).is_file():
            log.info("removed   %s (its source is gone)", record.mp3)


def speak_file(source: Path, out: Path, engine_name: str = "piper", voice: str = "",
               speed: float = 1.0, audio: AudioSection | None = None, jobs: int | None = None,
               cache_dir: Path | None = None) -> EpisodeResult:
    """Narrate one text file into one tagged MP3, without a show."""
    document = read_source(source)
    engine = get_engine(engine_name, voice, speed)
    script = make_script(document, PausesSection())
    cache = SegmentCache(cache_dir)
    audio = audio or AudioSection()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = out.with_name(f".{out.name}.tmp")
    try:
        with Speaker(missing_tasks([script], engine, cache), engine, cache,
                     jobs or available_cores()) as speaker:
            encoded = stitch(speaker.clips(script), script.segments, temp, audio)
        date = document.meta.date or datetime.now(timezone.utc).replace(microsecond=0)
        write_tags(temp, EpisodeTags(title=document.title, artist="narrator",
                                     album=document.title, date=date, language="en",
                                     comment=describe(document, script),
                                     lyrics=script.full_text))
        os.replace(temp, out)
    finally:
        temp.unlink(missing_ok=True)
    log.info("wrote %s (%s)", out, format_duration(encoded.duration_ms / 1000))
    return EpisodeResult(document.slug, document.title, out, encoded.duration_ms / 1000,
                         rebuilt=True, script=script, audio=encoded)


def format_duration(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes}:{secs:02d}"
