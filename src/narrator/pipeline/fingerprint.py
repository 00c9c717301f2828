"""A build that would publish what readers already see publishes nothing.

When every episode is current, the release (pages, feed, cover, kept and static files, and the
checks on them) depends only on what `release_key` hashes: narrator's own code (templates,
rules), the show's settings, its cover and static files, the manifest's records, and each
episode's script, date and description. After each release, that hash is kept beside the
versions with a listing of every file of the version it published (size, modification time,
inode, and the hash of each small file: the feed, pages, transcripts). A later build with the
same hash, into an output folder whose published version still
holds exactly those files, stops after planning: what it would publish is what is published.
Anything else (a setting, a script, a file deleted, edited or added by hand in the output, a
new narrator) and the release is made and checked as always.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path

from narrator.pipeline.context import Context
from narrator.pipeline.manifest import manifest_path
from narrator.pipeline.plan import Plan
from narrator.pipeline.release import final_record
from narrator.core.files import atomic_write_bytes, file_stats, read_json, sha256_file
from narrator.core.formats import STATIC_DIR
from narrator.core.memo import code_id
from narrator.publish.versions import current_version, versions_dir
from narrator.publish.validate import Problem

RELEASE_NAME = "release.json"
"""In the versions folder: the hash and files of the release readers see."""


HASHED_BELOW = 1 << 20
"""Published files smaller than this (the feed, pages, transcripts, chapters) are listed with
the hash of their bytes too: an edit by hand that keeps a file's size, time and inode is seen.
The MP3s are proven current by their own hashes in the manifest."""


def listing(folder: Path, hashed: bool = False) -> dict[str, list]:
    """Every file under `folder` (dot folders and caches too): [size, mtime_ns, inode], and
    with `hashed` the SHA-256 of each small file's bytes."""
    found = {}
    for name, info in file_stats(folder).items():
        entry: list = [info.st_size, info.st_mtime_ns, info.st_ino]
        if hashed and info.st_size < HASHED_BELOW:
            try:
                entry.append(sha256_file(Path(folder) / name))
            except OSError:
                entry.append(None)
        found[name] = entry
    return found


def _plain(value):
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return str(value)


RELEASE_LIBRARIES = ("feedgen", "jinja2", "markupsafe", "lxml")
"""The libraries that write and check the feed and pages."""


def _libraries() -> list:
    """RELEASE_LIBRARIES by their files' times."""
    import importlib.util

    found = []
    for name in RELEASE_LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec and spec.origin else None
        found.append([name, os.stat(origin).st_mtime_ns if origin else None])
    return found


def release_key(context: Context, plans: list[Plan]) -> str:
    """A hash of everything a release of these plans reads, but the published files."""
    manifest = manifest_path(context.config.root)
    config = dataclasses.asdict(context.config)
    if config.get("path"):  # the show named from another folder is the same show
        config["path"] = os.path.abspath(config["path"])
    data = {
        "code": code_id(),
        "libraries": _libraries(),
        "manifest": sha256_file(manifest) if manifest.is_file() else None,
        "config": config,
        "cover": [context.cover.name, context.cover.sha256] if context.cover else None,
        "static": listing(context.config.root / STATIC_DIR),
        "show_guid": context.show_guid,
        "records": {slug: dataclasses.asdict(record)
                    for slug, record in sorted(context.records.items())},
        "plans": [[plan.slug, dataclasses.asdict(plan.script), plan.date.isoformat(),
                   plan.description] for plan in plans],
        "out": os.path.abspath(context.options.out_dir),  # named otherwise, the same
    }
    text = json.dumps(data, sort_keys=True, default=_plain, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def published_release(context: Context, plans: list[Plan]) -> list[Problem] | None:
    """When the published version is what a release of `plans` would make: the warnings its
    checks gave (to say again); else None."""
    out_dir = context.options.out_dir
    if context.failed or not plans or not all(plan.current for plan in plans) \
            or any(final_record(plan, plan.record, context.config) != plan.record
                   for plan in plans):
        return None
    path = versions_dir(out_dir) / RELEASE_NAME
    current = current_version(out_dir)
    if current is None or not Path(out_dir).is_symlink() or not path.is_file():
        return None
    try:
        kept = read_json(path)
        if kept["version"] != current.name or kept["files"] != listing(current, hashed=True) \
                or kept["key"] != release_key(context, plans):
            return None
        return [Problem(**warning) for warning in kept["warnings"]]
    except (ValueError, KeyError, TypeError, OSError):
        return None


def remember_release(context: Context, plans: list[Plan], warnings: list[Problem]) -> None:
    """Keep the hash and the files of the release just published."""
    out_dir = context.options.out_dir
    current = current_version(out_dir)
    path = versions_dir(out_dir) / RELEASE_NAME
    if context.failed or current is None:
        path.unlink(missing_ok=True)
        return
    data = {"version": current.name, "key": release_key(context, plans),
            "files": listing(current, hashed=True),
            "warnings": [dataclasses.asdict(warning) for warning in warnings]}
    atomic_write_bytes(path, json.dumps(data, indent=1, ensure_ascii=False).encode())
