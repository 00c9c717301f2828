"""`narrator deploy`: a built show published onto a Git branch or mirrored into a folder."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from narrator.core.errors import NarratorError
from narrator.core.formats import FEED_NAME
from narrator.pipeline.showfolder import output_of, show_of
from narrator.publish.deploy import Deployed, deploy_folder, deploy_git
from narrator.publish.validate import ValidationFailed, validate_show
from narrator.publish.versions import MARKER

log = logging.getLogger("narrator")


def deploy(show_or_output: Path | str | None = None, *, to: str | None = None,
           git: str | None = None, folder: str | None = None,
           options: DeployOptions | None = None) -> Deployed:
    """Publish a built show (a show folder's configured output, or an output folder): onto a
    Git branch of `git` (a remote URL or path; `.nojekyll` added, the branch's CNAME kept), or
    mirrored into `folder` (a local folder, or host:path through rsync, which removes files
    there only with `delete`), or uploaded `to` object storage, WebDAV or SFTP through rclone
    (`REMOTE:PATH`, or `s3://BUCKET/PATH`), media first and the feed last, deleting only what
    an earlier deploy put there. An output that fails `validate` is refused unless `force`; a
    folder narrator did not build and with no feed (a documentation site) is published as it
    is, without the podcast checks."""
    options = options or DeployOptions()
    force = options.force
    out_dir = output_of(show_or_output)
    if sum(where is not None for where in (to, git, folder)) != 1:
        raise NarratorError("say where to deploy: --to REMOTE:PATH, --git REMOTE or "
                            "--rsync DESTINATION")
    if not out_dir.is_dir():
        raise NarratorError("output folder not found (build the show first)", out_dir)
    errors = [problem for problem in validate_show(out_dir) if not problem.warning] \
        if is_podcast(out_dir) else []
    if errors and not force:
        raise ValidationFailed(errors, hint="nothing was deployed; fix these, or deploy "
                                            "anyway with --force")
    if to is not None:
        from narrator.publish.remote import deploy_remote

        return deploy_remote(out_dir, to, force, options.dry_run, options.on_progress)
    if options.dry_run:
        raise NarratorError("--dry-run is for --to REMOTE:PATH (a Git branch or a folder shows "
                            "its changes in git or rsync)")
    if git is not None:
        return deploy_git(out_dir, git, options.branch, options.message)
    return deploy_folder(out_dir, folder, force=force, delete=options.delete,
                         show_dir=show_of(show_or_output, out_dir))


@dataclass(frozen=True)
class DeployOptions:
    """How `deploy` publishes."""

    force: bool = False
    """Deploy an output that fails `validate`; replace files narrator did not put there."""
    dry_run: bool = False
    """Say what would be uploaded and deleted (to a remote), and change nothing."""
    branch: str = "gh-pages"
    """The Git branch to commit to."""
    message: str = ""
    """The Git commit's message (default: narrator's, with the show's title)."""
    delete: bool = False
    """rsync to a host: remove there the files an earlier deploy put that the show no longer
    has."""
    on_progress: Callable[[int, int], None] | None = None
    """With `to`: hears (bytes uploaded, bytes in all) of each upload as it goes."""


def is_podcast(folder: Path) -> bool:
    """Whether a folder is a podcast's: narrator built it, or it has a feed. Anything else (a
    documentation site) is deployed without the podcast checks, and said so."""
    if (folder / MARKER).exists() or (folder / FEED_NAME).exists():
        return True
    log.info("%s has no %s and narrator did not build it: deployed as a plain site (no podcast "
             "checks)", folder, FEED_NAME)
    return False
