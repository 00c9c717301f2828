"""Release: what is published with the episodes: the feed, the listening pages, the cover, the
files kept from the published version; then the whole is checked as podcast apps will."""

from __future__ import annotations

import dataclasses
import logging
import shutil
from urllib.parse import quote
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from narrator.pipeline.context import Context
from narrator.pipeline.manifest import EpisodeRecord, published_names
from narrator.pipeline.plan import Plan
from narrator.pipeline.results import EpisodeResult
from narrator.core import faults
from narrator.core.config import Config
from narrator.core.files import sha256_file, within
from narrator.core.formats import CHAPTERS_MIME, CHAPTERS_SUFFIX, FEED_NAME, \
    FEED_TRANSCRIPT_ORDER, JSON_SUFFIX, PAGE_SUFFIX, STATIC_DIR, TRANSCRIPT_TYPES, VTT_SUFFIX
from narrator.core.markup import authored_html
from narrator.publish.chapters import read_json_chapters
from narrator.publish.feed import FeedEpisode, FeedLink, render_feed
from narrator.publish.pages import (PageEpisode, PageShow, Sentence, sentences, transcript_blocks,
                                    write_pages)
from narrator.publish.versions import keep_files
from narrator.publish.transcripts import read_json_transcript, read_vtt
from narrator.publish.validate import AudioFacts, Problem, ValidationFailed, validate_show

log = logging.getLogger("narrator")


@dataclass
class Release:
    """Everything a build publishes, gathered while its episodes are made."""

    episodes: list[EpisodeResult] = field(default_factory=list)
    feed: list[FeedEpisode] = field(default_factory=list)
    pages: list[PageEpisode] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    """Files of the published version that stay as they are."""

    def add(self, context: Context, plan: Plan, record: EpisodeRecord,
            episode: EpisodeResult, staging: Path) -> None:
        """An episode that built (or was current), with its final record."""
        self.episodes.append(episode)
        self.feed.append(feed_episode(plan.slug, record, context.config))
        self.pages.append(page_episode(plan, record, staging, context.options.out_dir))

    def carry(self, slug: str, record: EpisodeRecord | None, config: Config,
              current: Path | None) -> bool:
        """An episode not made by this build (it failed, or is not made yet) kept as it was
        published in `current`, if it was; whether it was."""
        if record is None or not record.item or current is None \
                or not (current / record.mp3).is_file():
            return False
        self.kept += [record.mp3, *record.files, slug + PAGE_SUFFIX]
        self.feed.append(feed_episode(slug, record, config))
        self.pages.append(carried_page(slug, record))
        return True


def write_release(context: Context, release: Release, staging: Path,
                  current: Path | None, quiet: bool = False) -> list[Problem]:
    """Cover, kept files, pages and feed into `staging`, checked: ValidationFailed, and nothing
    published, when the show as apps will see it breaks a rule. Returns the warnings given
    (said unless `quiet`), with the output folder as OUT in where they are (see
    `in_output`)."""
    cover, config = context.cover, context.config
    if current is not None and (current / cover.name).is_file() \
            and sha256_file(current / cover.name) == cover.sha256:
        release.kept.append(cover.name)
    else:
        shutil.copyfile(cover.path, staging / cover.name)
    keep_files(staging, current, release.kept)
    faults.point("pages.write")
    show = config.show
    write_pages(staging, PageShow(show.title, authored_html(show.description), show.language,
                                  show.author, cover.name, FEED_NAME), release.pages)
    faults.point("feed.write")
    (staging / FEED_NAME).write_bytes(render_feed(config, release.feed,
                                                  show.base_url + cover.name,
                                                  context.show_guid))
    # Audio made in this build was measured on its MP3 by the stitcher; the rest was when it
    # was made.
    made = {episode.mp3.name: AudioFacts(episode.audio.duration_ms / 1000,
                                         episode.audio.loudness_lufs,
                                         episode.audio.true_peak_dbtp)
            for episode in release.episodes if episode.audio is not None}
    copy_static(config.root / STATIC_DIR, staging)
    faults.point("validate")
    # Named where the user will find them: the output folder, not the staging.
    problems = [dataclasses.replace(problem, where=problem.where.replace(str(staging), OUT))
                for problem in validate_show(staging, known=made, measure_others=False)]
    errors = [problem for problem in problems if not problem.warning]
    if errors:
        raise ValidationFailed(in_output(errors, context.options.out_dir))
    if not quiet:
        warn(problems, context.options.out_dir)
        report_strays(current, staging, context)
    return problems


OUT = "\0OUT\0"
"""Stands for the output folder, as the user named it, in the problems a release found."""


def in_output(problems: list[Problem], out_dir: Path) -> list[Problem]:
    """The problems with the output folder named as this run names it (a later run may name
    it otherwise than the one that found them)."""
    return [dataclasses.replace(problem, where=problem.where.replace(OUT, str(out_dir)))
            for problem in problems]


def warn(problems: list[Problem], out_dir: Path) -> None:
    """Say the problems the checks found that do not stop a build."""
    for problem in in_output(problems, out_dir):
        log.warning("before publishing: %s", problem)


def copy_static(folder: Path, staging: Path) -> None:
    """Copy the show's static files into the version being made; narrator's own files win.
    A file (or folder) that links outside the show stops the build, naming it."""
    if not folder.is_dir():
        return
    within(folder, folder.parent, "the static folder")
    for source in sorted(folder.rglob("*")):
        if any(part.startswith(".") for part in source.relative_to(folder).parts):
            continue
        within(source, folder.parent, "static file")
        if not source.is_file():
            continue
        target = staging / source.relative_to(folder)
        if target.exists():
            log.warning("%s: not published: narrator makes a file of that name", source)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


def report_strays(current: Path | None, staging: Path, context: Context) -> None:
    """Say what the published folder held that the new version leaves out because narrator
    did not make it (a file added there by hand is gone once the version before is pruned)."""
    if current is None:
        return
    known = published_names(context.records)
    for path in sorted(current.iterdir()):
        if path.name not in known and not (staging / path.name).exists():
            log.warning("left out  %s: narrator did not make it; to publish a file with every "
                        "build, put it in %s", path.name, context.config.root / STATIC_DIR)


def final_record(plan: Plan, record: EpisodeRecord, config: Config) -> EpisodeRecord:
    """The manifest's record of an episode as this build publishes it: the audio's `record`
    with the plan's guid, date and feed item."""
    return EpisodeRecord(**{**record.__dict__, "guid": plan.guid, "date": plan.date.isoformat(),
                            "item": item_facts(plan, config)})


def item_facts(plan: Plan, config: Config) -> dict:
    """What an episode's feed item says beyond its files, as the manifest keeps it."""
    meta = plan.document.meta
    return {"title": plan.script.title, "description": plan.description,
            "explicit": config.show.explicit if meta.explicit is None else meta.explicit,
            "episode_type": meta.episode_type or "full", "season": meta.season,
            "episode": meta.episode}


def feed_episode(slug: str, record: EpisodeRecord, config: Config) -> FeedEpisode:
    """An episode's feed item, from what the manifest records of it (links percent-encoded:
    names may be in any script)."""
    item = record.item

    def url(name: str) -> str:
        return config.show.base_url + quote(name)

    return FeedEpisode(
        title=item["title"], guid=record.guid, pub_date=datetime.fromisoformat(record.date),
        description=item["description"], enclosure_url=url(record.mp3),
        enclosure_bytes=record.bytes, duration_s=record.duration_s,
        page_url=url(slug + PAGE_SUFFIX), explicit=item["explicit"],
        episode_type=item["episode_type"], season=item["season"], episode=item["episode"],
        transcripts=[FeedLink(url(name), TRANSCRIPT_TYPES[suffix],
                              "captions" if suffix == VTT_SUFFIX else None)
                     for suffix in FEED_TRANSCRIPT_ORDER for name in record.files
                     if name == slug + suffix],
        chapters=next((FeedLink(url(name), CHAPTERS_MIME)
                       for name in record.files if name.endswith(CHAPTERS_SUFFIX)), None))


def carried_page(slug: str, record: EpisodeRecord) -> PageEpisode:
    """A failed episode as the index lists it; its own page is kept as it was published."""
    item = record.item
    return PageEpisode(slug=slug, title=item["title"], date=datetime.fromisoformat(record.date),
                       duration_s=record.duration_s, description=item["description"],
                       files=record.files, render=False)


def page_episode(plan: Plan, record: EpisodeRecord, staging: Path,
                 out_dir: Path) -> PageEpisode:
    """An episode's page from its published transcript and chapters (staged when just made)."""
    slug = plan.slug

    def companion(name: str) -> str | None:
        for folder in (staging, out_dir):
            if name in record.files and (folder / name).is_file():
                return (folder / name).read_text(encoding="utf-8")
        return None

    vtt, chapter_file = companion(slug + VTT_SUFFIX), companion(slug + CHAPTERS_SUFFIX)
    words = companion(slug + JSON_SUFFIX)
    timed = sentences(plan.script, read_json_transcript(words)) if words else []
    if not timed and vtt:  # published before word timing, or edited by hand
        timed = [Sentence(cue.start_ms, cue.end_ms, cue.text) for cue in read_vtt(vtt)]
    return PageEpisode(
        slug=slug, title=plan.script.title, date=plan.date, duration_s=record.duration_s,
        description=plan.description,
        transcript=transcript_blocks(plan.script, timed),
        chapters=read_json_chapters(chapter_file) if chapter_file else [],
        files=[name for name in record.files if not name.endswith(CHAPTERS_SUFFIX)])


def log_removed(current: Path | None, records: dict[str, EpisodeRecord],
                present: set[str]) -> None:
    """Say which published episodes leave the show because their sources are gone (their guid
    and date stay recorded, should they come back)."""
    for slug, record in records.items():
        if slug not in present and current is not None and record.mp3 \
                and (current / record.mp3).is_file():
            log.info("removed   %s (its source is gone)", record.mp3)
