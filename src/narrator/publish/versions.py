"""The output folder, published atomically.

`audio_out` is a symbolic link to one complete version of the show, kept beside it in
`.audio_out.versions/`. A build stages a new version (the files it made, and hard links to the
ones it keeps), checks it, and swaps the link with one rename: a reader of `audio_out` at any
moment sees the previous show or the new one, whole, never a mix. The version before stays until
the next build, for readers still downloading from it.

A lock in the versions folder keeps two builds from publishing into one folder at once, and
folders that are not narrator's (`/`, a home, the show itself, a folder of other files) are
refused rather than taken over.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

from narrator.core import faults
from narrator.core.errors import NarratorError

MARKER = ".narrator-output"
"""Present in every version narrator made; a real folder without it is not ours to replace."""


class OutputError(NarratorError):
    """The output folder cannot be used."""


def versions_dir(out_dir: Path) -> Path:
    out_dir = Path(os.path.abspath(out_dir))
    return out_dir.parent / f".{out_dir.name}.versions"


def check_output_dir(out_dir: Path, show_root: Path | None = None,
                     known: set[str] | None = None) -> None:
    """Refuse an output folder that would put or replace files where they do not belong.

    A real folder (not narrator's link) is taken over only when it is empty, is a version
    narrator made, or holds nothing but files `known` to be this show's (an older narrator's
    output); any other folder, whatever it holds (a blog's output has a feed.xml too), is
    someone else's."""
    path = Path(os.path.abspath(out_dir))
    real = path.resolve()
    if real == real.parent:
        raise OutputError("the output folder cannot be the file system's root", out_dir)
    if real == Path.home().resolve():
        raise OutputError("the output folder cannot be a home folder", out_dir)
    if any(re.fullmatch(r"\..+\.versions", part) for part in path.parts):
        raise OutputError("is inside narrator's versions folder; name the output folder's "
                          "link instead (for example audio_out, not a folder inside it)", out_dir)
    if show_root is not None:
        show = Path(show_root).resolve()
        if real == show or show.is_relative_to(real):
            raise OutputError("the output folder cannot be the show's folder or hold it",
                              out_dir)
        if real.is_relative_to(show / "episodes"):
            raise OutputError("the output folder cannot be inside the episodes folder", out_dir)
    if path.is_symlink():
        if real.parent != versions_dir(path).resolve() and path.exists():
            raise OutputError("is a link to a folder narrator did not make; remove it or "
                              "choose another output folder", out_dir)
    elif path.exists():
        if not path.is_dir():
            raise OutputError("exists and is not a folder", out_dir)
        entries = list(path.iterdir())
        if not entries or (path / MARKER).is_file():
            return
        strangers = sorted(p.name for p in entries
                           if not p.is_file() or p.is_symlink() or p.name not in (known or ()))
        if strangers:
            raise OutputError(f"holds files that narrator did not make ({strangers[0]}"
                              f"{', …' if len(strangers) > 1 else ''}); choose an empty or new "
                              "output folder", out_dir)


def current_version(out_dir: Path) -> Path | None:
    """The folder readers see now (a version, or a real folder from before versions)."""
    path = Path(out_dir)
    return Path(os.path.realpath(path)) if path.is_dir() else None


def stage_version(out_dir: Path) -> Path:
    """A new, empty version folder to build into."""
    folder = versions_dir(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    staged = folder / f"{stamp}-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"
    staged.mkdir()
    (staged / MARKER).write_text("A version of a show built by narrator.\n")
    return staged


def keep_files(staged: Path, current: Path | None, names: list[str]) -> None:
    """Bring files of the current version that did not change into the staged one, as hard
    links (copies where the file system has none). Files already staged are left alone."""
    if current is None:
        return
    for name in names:
        source, target = current / name, staged / name
        if target.exists() or not source.is_file():
            continue
        faults.point("publish.keep")
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)


def publish_version(out_dir: Path, staged: Path, keep: set[Path | None] = frozenset()) -> None:
    """Make `staged` what `out_dir` shows, with one atomic rename of a link; the versions
    before it are pruned but the one it replaces and those in `keep` (a build publishing the
    episodes made so far keeps the version it is still making)."""
    path = Path(os.path.abspath(out_dir))
    previous = current_version(path)
    link = path.parent / f".{path.name}.link-{os.getpid()}"
    link.unlink(missing_ok=True)
    os.symlink(os.path.relpath(staged, path.parent), link)
    faults.point("publish.swap")
    if path.is_dir() and not path.is_symlink():
        # A real folder from before versions (or from another tool's copy): moved in with the
        # versions first. This one time, the folder is missing for the moment between renames.
        previous = versions_dir(path) / LEGACY
        os.rename(path, previous)
    os.replace(link, path)
    faults.point("publish.swapped")
    prune_versions(path, keep={Path(os.path.realpath(staged)), previous, *keep})


LEGACY = "0-before-versions"


def recover(out_dir: Path) -> None:
    """Put back a real folder a stopped build had moved aside and not yet replaced."""
    path = Path(os.path.abspath(out_dir))
    legacy = versions_dir(path) / LEGACY
    if not os.path.lexists(path) and legacy.is_dir():
        os.rename(legacy, path)


def prune_versions(out_dir: Path, keep: set[Path | None]) -> None:
    """Remove every version but those in `keep` (the new one and the one before it): older
    ones, and what stopped builds left behind."""
    folder = versions_dir(out_dir)
    keep = {Path(os.path.realpath(p)) for p in keep if p is not None}
    for version in sorted(folder.iterdir()):
        if version.is_dir() and version not in keep:
            faults.point("publish.prune")
            shutil.rmtree(version, ignore_errors=True)
    path = Path(os.path.abspath(out_dir))
    for stray in path.parent.glob(f".{path.name}.link-*"):
        stray.unlink(missing_ok=True)
