"""Books listenable while they build: after the first episode a build makes (and then every
PUBLISH_EVERY_S at most), the show is published with the episodes done so far, so a listener
hears a book's first chapter about one chapter's time after the build started instead of at
its end.

Each such version is whole and checked, and swapped in as the build's own final version is: the
episodes made so far, in the show's order, beside the others as they were published (an
episode not yet made and never published is not in the feed yet). The manifest is saved before
each swap, as `run.publish` does, so a build killed at any moment leaves the last good show and
the next build makes only what is missing.
"""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

from narrator.core import faults
from narrator.pipeline.context import Context
from narrator.pipeline.manifest import save_manifest
from narrator.pipeline.plan import Plan
from narrator.pipeline.release import Release, write_release
from narrator.publish.validate import ValidationFailed
from narrator.publish.versions import MARKER, keep_files, publish_version, stage_version

log = logging.getLogger("narrator")


PUBLISH_EVERY_S = 10.0
"""After the first episode (published as soon as it is made), the episodes made so far are
published again only when this long has passed since: a catalogue of short episodes is not
released after each one, and a book's chapters, each longer, still are."""


class Interim:
    """Publishes the episodes made so far after each one a build makes, but the last."""

    def __init__(self, context: Context, plans: list[Plan], staging: Path,
                 current: Path | None):
        self.context, self.plans, self.staging, self.current = context, plans, staging, current
        self.to_make = sum(not plan.current for plan in plans)
        self.made = 0
        self.enabled = self.to_make > 1 and context.options.out_dir is not None
        self.last: float | None = None  # when the episodes so far were last published

    def after(self, done: int, release: Release) -> None:
        """The build has made or kept the first `done` plans into `release`."""
        if not self.enabled or self.plans[done - 1].current:
            return
        self.made += 1
        due = self.last is None or time.monotonic() - self.last >= PUBLISH_EVERY_S
        if self.made < self.to_make and due:  # the last: the build's own release publishes it
            self.publish(done, release)
            self.last = time.monotonic()

    def publish(self, done: int, release: Release) -> None:
        context, out_dir = self.context, self.context.options.out_dir
        version = stage_version(out_dir)
        published = False
        try:
            made = [path.name for path in self.staging.iterdir() if path.name != MARKER]
            keep_files(version, self.staging, made)  # the episodes made so far
            write_release(context, self._so_far(done, release), version, self.current,
                          quiet=True)
            save_manifest(context.config.root, context.records, context.show_guid)
            publish_version(out_dir, version, keep={self.staging, self.current})
            published = True
            faults.point("publish.interim")
            log.info("published %d of %d episodes so far", self.made,
                     self.made + len(self.plans) - done)
        except ValidationFailed as failed:  # the build's own release will say it, or not
            log.debug("episodes so far not published: %s", failed)
        finally:
            if not published:
                shutil.rmtree(version, ignore_errors=True)

    def _so_far(self, done: int, release: Release) -> Release:
        """The release of the first `done` plans, and the rest as they were published."""
        so_far = Release(episodes=list(release.episodes), feed=list(release.feed),
                         pages=list(release.pages), kept=list(release.kept))
        waiting = [plan.slug for plan in self.plans[done:]] + list(self.context.failed or {})
        for slug in waiting:
            so_far.carry(slug, self.context.records.get(slug), self.context.config,
                         self.current)
        return so_far
