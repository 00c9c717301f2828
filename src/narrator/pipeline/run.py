"""Build a show, in four phases: plan → make the episodes → release → publish.

1. plan: read every source, decide each episode's script, identity and tags, and which are
   current (their published MP3 is what they would make);
2. make: write the script files and memos planning decided; speak what the cache lacks in
   worker processes while each episode that changed is stitched, encoded and tagged, into a
   new staged version of the output folder (the episodes made so far are published as they
   come: `interim.py`);
3. release: the cover, the listening pages and the feed, then the whole checked as podcast
   apps will check it;
4. publish: the manifest (guids and dates) is saved, then the staged version replaces the
   published one with one rename.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
from collections.abc import Callable
from pathlib import Path

from narrator.audio.synthesize import Speaker, Task, available_cores, missing_tasks, \
    worker_count
from narrator.pipeline.context import Context, show_context, show_memos
from narrator.pipeline.options import BuildOptions
from narrator.pipeline.interim import Interim
from narrator.pipeline.make import make_episode
from narrator.pipeline.manifest import load_manifest, published_names, \
    save_manifest
from narrator.pipeline.plan import DryRun, Plan, plan_episode, speech_seconds
from narrator.pipeline.release import Release, final_record, log_removed, warn, write_release
from narrator.pipeline.fingerprint import published_release, remember_release
from narrator.pipeline.results import BuildResult, EpisodeResult
from narrator.pipeline.showfolder import episode_sources, load_show, read_documents
from narrator.core import faults, timing
from narrator.core.config import Config
from narrator.core.errors import BuildErrors, ConfigError, NarratorError
from narrator.core.formats import FEED_NAME, companion_names
from narrator.core.locks import Lock
from narrator.text.scriptfile import script_path
from narrator.publish.versions import check_output_dir, current_version, publish_version, recover, \
    stage_version, versions_dir

log = logging.getLogger("narrator")


def run_build(show_dirs: list[Path | str], options: BuildOptions) -> list[BuildResult | DryRun]:
    """Build several shows in one run (a catalogue), each into its own output folder
    (`options.out_dir` only for one show): all are planned first, so that a cluster is given
    every show's missing segments at once, then each is made and published in turn."""
    import dataclasses

    configs = [load_show(show_dir) for show_dir in show_dirs]
    address = scheduler_of(options, configs)
    if address:  # a wrong address is said whether or not this run has work for the cluster
        from narrator.audio.cluster import scheduler_address

        address = scheduler_address(address)
    with contextlib.ExitStack() as stack:
        planned = []
        for config in configs:
            own = dataclasses.replace(options, out_dir=options.out_dir or config.output_dir)
            planned.append(_plan_locked(stack, config, own))
        timing.mark("planned")
        if options.dry_run:
            return [what_would_change(context, plans) for context, plans in planned]
        try:
            synthesis = _cluster(stack, address, planned) if address else None
            return [make_and_publish(context, plans, synthesis) for context, plans in planned]
        finally:
            timing.write()


def scheduler_of(options: BuildOptions, configs: list[Config]) -> str | None:
    """The Dask scheduler of this run: --scheduler, else NARRATOR_SCHEDULER, else the shows'
    [build] scheduler (ConfigError when shows of one run name different ones)."""
    import os

    if options.scheduler or os.environ.get("NARRATOR_SCHEDULER"):
        return options.scheduler or os.environ["NARRATOR_SCHEDULER"]
    named = {config.build.scheduler for config in configs if config.build.scheduler}
    if len(named) > 1:
        raise ConfigError(configs[0].path or configs[0].root,
                          [("build.scheduler", "the shows of one build name different "
                            f"schedulers ({', '.join(sorted(named))}); give --scheduler")])
    return named.pop() if named else None


def _plan_locked(stack: contextlib.ExitStack, config: Config,
                 options: BuildOptions) -> tuple[Context, list[Plan]]:
    """A show planned, holding its locks (until `stack` closes) unless on a dry run."""
    out_dir = options.out_dir
    check_output_dir(out_dir, config.root, published_names(load_manifest(config.root)))
    if not options.dry_run:  # a dry run changes nothing: it needs no lock
        stack.enter_context(Lock(config.root / ".narrator" / "build.lock",
                                 f"the show in {config.root}"))
        stack.enter_context(Lock(versions_dir(out_dir) / ".lock", f"a show into {out_dir}"))
        recover(out_dir)
    return plan_build(config, options)


def _cluster(stack: contextlib.ExitStack, address: str, planned: list):
    """Every show's missing segments, handed to the cluster at once (None: nothing missing)."""
    from narrator.audio.cluster import ClusterSynthesis

    work: dict[str, tuple] = {}  # by key: a sentence two shows share is spoken once
    for context, plans in planned:
        for task in missing_tasks((plan.script for plan in plans if not plan.current),
                                  context.engine, context.cache):
            work.setdefault(task.key, (context.engine, task))
    if not work:
        return None
    context = planned[0][0]
    log.info("speaking  %d segments on the cluster at %s", len(work), address)
    return stack.enter_context(ClusterSynthesis(
        address, list(work.values()), context.cache,
        on_done=_progress(context, [task for _, task in work.values()])))


def plan_build(config: Config, options: BuildOptions) -> tuple[Context, list[Plan]]:
    """Phase 1: every episode's plan (failures go into the context with --keep-going)."""
    failed: dict[str, NarratorError] | None = {} if options.keep_going else None
    memos = show_memos(config, options)
    documents = read_documents(episode_sources(config), failed, memos)
    context = show_context(config, options, failed, memos)
    plans = []
    for document in documents:
        try:
            plans.append(plan_episode(document, context))
        except NarratorError as error:
            if failed is None:
                raise
            failed[document.slug] = error
    return context, plans


def what_would_change(context: Context, plans: list[Plan]) -> DryRun:
    stale = [plan for plan in plans if not plan.current]
    tasks = missing_tasks((plan.script for plan in stale), context.engine, context.cache)
    return DryRun([p.mp3_name for p in stale], [p.mp3_name for p in plans if p.current],
                  len(tasks), speech_seconds(sum(len(t.spoken) for t in tasks), context.engine))


def make_and_publish(context: Context, plans: list[Plan], synthesis=None) -> BuildResult:
    """Phases 2 to 4, into a staged version that is published whole or not at all (the
    missing segments spoken here, or by `synthesis`, a ClusterSynthesis)."""
    out_dir = context.options.out_dir
    write_planned(context, plans)
    warnings = published_release(context, plans)
    if warnings is not None:  # readers already see what this build would publish
        episodes = [_episode_result(context, plan) for plan in plans]
        warn(warnings, out_dir)
        log.info("nothing to publish: %s is up to date", out_dir)
        return _done(out_dir, episodes)
    current = current_version(out_dir)
    staging = stage_version(out_dir)
    published = False
    try:
        release = make_episodes(context, plans, staging, current, synthesis)
        warnings = write_release(context, release, staging, current)
        publish(context, plans, staging, current)
        published = True
    finally:
        if not published:
            shutil.rmtree(staging, ignore_errors=True)
    remember_release(context, plans, warnings)
    if context.failed:
        raise BuildErrors(list(context.failed.values()))
    return _done(out_dir, release.episodes)


def write_planned(context: Context, plans: list[Plan]) -> None:
    """What planning decided to write, written: the episodes' script files, then the memos
    (the make phase begins here; a dry run never gets this far)."""
    for plan in plans:
        if plan.script_write is not None:
            plan.script_write.apply()
        if plan.script_status != "unchanged":
            log.info("script    %s (%s)", script_path(plan.document.source).name,
                     plan.script_status)
    context.memos.save()


def _done(out_dir: Path, episodes: list[EpisodeResult]) -> BuildResult:
    log.info("feed:     %s", out_dir / FEED_NAME)
    log.info("episodes: %s", out_dir)
    return BuildResult(out_dir=out_dir, feed=out_dir / FEED_NAME, episodes=episodes)


def make_episodes(context: Context, plans: list[Plan], staging: Path,
                  current: Path | None, synthesis=None) -> Release:
    """Phase 2: speak what is missing and make every episode that changed into `staging`."""
    if synthesis is not None:
        speaking = synthesis.speaker_for(context.engine)
    else:
        tasks = missing_tasks((plan.script for plan in plans if not plan.current),
                              context.engine, context.cache)
        jobs = context.options.jobs or available_cores()
        if tasks:
            log.info("speaking  %d segments with %d worker(s)", len(tasks),
                     worker_count(jobs, len(tasks)))
        speaking = Speaker(tasks, context.engine, context.cache, jobs,
                           on_done=_progress(context, tasks))
    release = Release()
    so_far = Interim(context, plans, staging, current)
    with speaking as speaker:
        for done, plan in enumerate(plans, start=1):
            _make_or_keep(context, plan, speaker, staging, release)
            so_far.after(done, release)
        _carry_failed(context, release, current)
    return release


def _progress(context: Context, tasks: list[Task]) -> Callable[[Task], None]:
    done = {"count": 0, "chars": 0}
    report = context.options.on_spoken

    def spoken(task: Task) -> None:
        done["count"] += 1
        done["chars"] += len(task.spoken)
        if report:
            report(done["count"], len(tasks), speech_seconds(done["chars"], context.engine))

    return spoken


def _make_or_keep(context: Context, plan: Plan, speaker: Speaker, staging: Path,
                  release: Release) -> None:
    """One episode into the release: kept as published when current, else made (with
    --keep-going, a failure is set aside and its half-made files removed)."""
    record = plan.record
    episode = _episode_result(context, plan)
    if plan.current:
        release.kept += [record.mp3, *record.files]
    else:
        try:
            record, episode.audio = make_episode(plan, context, speaker, staging)
        except NarratorError as error:
            if context.failed is None:
                raise
            context.failed[plan.slug] = error
            for name in [plan.mp3_name, *companion_names(plan.slug)]:
                (staging / name).unlink(missing_ok=True)
            return
        episode.duration_s, episode.rebuilt = record.duration_s, True
    record = final_record(plan, record, context.config)
    context.records[plan.slug] = record
    release.add(context, plan, record, episode, staging)


def _episode_result(context: Context, plan: Plan) -> EpisodeResult:
    """The result of an episode as planned: as published when current (and said so)."""
    episode = EpisodeResult(plan.slug, plan.script.title,
                            context.options.out_dir / plan.mp3_name, 0.0, rebuilt=False,
                            script=plan.script)
    if plan.current:
        episode.duration_s = plan.record.duration_s
        log.info("unchanged %s", plan.mp3_name)
    return episode


def _carry_failed(context: Context, release: Release, current: Path | None) -> None:
    """Failed episodes stay as they were published, if they were."""
    for slug in context.failed or {}:
        record = context.records.get(slug)
        if release.carry(slug, record, context.config, current):
            log.warning("failed    %s: its published version stays", record.mp3)
        else:
            log.warning("failed    %s: left out of the feed", slug)


def publish(context: Context, plans: list[Plan], staging: Path, current: Path | None) -> None:
    """Phase 4: the manifest first (an episode's guid and date are fixed before anyone can see
    it), then the staged version becomes the published one."""
    log_removed(current, context.records,
                {plan.slug for plan in plans} | set(context.failed or {}))
    faults.point("publish.manifest")
    save_manifest(context.config.root, context.records, context.show_guid)
    publish_version(context.options.out_dir, staging)
