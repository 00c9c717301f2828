"""`narrator deploy`: put a built show where podcast apps can fetch it.

To a Git branch for static hosting (GitHub or GitLab Pages, Codeberg ...), as `mkdocs gh-deploy`
does: the output folder becomes one new commit on the branch (default gh-pages), a child of the
one there before, with `.nojekyll` (so that Jekyll serves every file as it is) and the branch's
`CNAME` kept. The user's own repository and working folder are not touched: the commit is made in
a scratch repository and pushed. Or to a folder, mirrored, or to a host through rsync.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from narrator.core.errors import NarratorError
from narrator.core.files import atomic_write_bytes

log = logging.getLogger("narrator")
MARKER = ".narrator-deploy"
"""Written into a folder deployed to: only such a folder (or an empty one) is mirrored into,
so that no folder of the user's is emptied by a mistyped destination."""
GIT_TIMEOUT_S = 600


def _not_an_option(value: str, what: str) -> str:
    """A value the user gave that reaches git or rsync: one starting with "-" would be read as
    an option (`--upload-pack=...` runs a command), so it is refused."""
    if not value or value.startswith("-") or any(ch in value for ch in "\0\n\r"):
        raise NarratorError(f"not a usable {what}: {value!r}")
    return value


def check_branch(branch: str) -> str:
    """A branch name git accepts (`git check-ref-format --branch`), not HEAD, not an option."""
    _not_an_option(branch, "branch name")
    if branch == "HEAD" or not re.fullmatch(r"[^\s~^:?*\[\\]+", branch) or ".." in branch \
            or branch.endswith((".", "/", ".lock")) or branch.startswith("/") or "//" in branch \
            or "@{" in branch or any(part.startswith(".") for part in branch.split("/")):
        raise NarratorError(f"not a usable branch name: {branch!r}")
    return branch


@dataclass
class Deployed:
    """What a deploy did: where to, how many files the show has there, whether anything
    changed, and (to a remote) which files it uploaded and deleted, in that order."""

    where: str
    files: int
    changed: bool
    uploaded: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)


def output_files(out_dir: Path) -> list[Path]:
    """The output's files, relative to it (its published version, not the link)."""
    root = out_dir.resolve()
    return sorted(path.relative_to(root) for path in root.rglob("*")
                  if path.is_file() and not path.name.startswith(".narrator"))


def _git(args: list[str], cwd: Path, env: dict | None = None, data: bytes | None = None) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, env={**os.environ, **(env or {})},
                              input=data, capture_output=True, timeout=GIT_TIMEOUT_S)
    except FileNotFoundError:
        raise NarratorError("git not found: install Git to deploy to a branch") from None
    except subprocess.TimeoutExpired:
        raise NarratorError(f"git {args[0]} took over {GIT_TIMEOUT_S} s; nothing was "
                            "deployed") from None
    if done.returncode:
        detail = (done.stderr or done.stdout).decode(errors="replace").strip().splitlines()
        raise NarratorError(f"git {args[0]} failed: {detail[-1] if detail else done.returncode}")
    return done.stdout.decode(errors="replace").strip()


def deploy_git(out_dir: Path, remote: str, branch: str = "gh-pages",
               message: str = "") -> Deployed:
    """Commit the output onto `branch` of `remote` (a URL, a path or a bare repository) and
    push it."""
    _not_an_option(remote, "Git remote")
    check_branch(branch)
    files = output_files(out_dir)
    identity = {"GIT_AUTHOR_NAME": "narrator", "GIT_AUTHOR_EMAIL": "narrator@localhost",
                "GIT_COMMITTER_NAME": "narrator", "GIT_COMMITTER_EMAIL": "narrator@localhost",
                "GIT_TERMINAL_PROMPT": "0"}
    with tempfile.TemporaryDirectory(prefix="narrator-deploy-") as scratch:
        work = Path(scratch)
        _git(["init", "-q", "--bare", "repo.git"], work)
        git_dir = work / "repo.git"
        base = ["--git-dir", str(git_dir), "--work-tree", str(out_dir.resolve())]
        parent = ""
        try:
            _git(["--git-dir", str(git_dir), "fetch", "-q", "--depth=1", "--", remote,
                  f"+refs/heads/{branch}:refs/remotes/deploy/{branch}"], work, identity)
            parent = _git(["--git-dir", str(git_dir), "rev-parse",
                           f"refs/remotes/deploy/{branch}"], work)
        except NarratorError as error:
            if "couldn't find remote ref" not in str(error) and "not found" not in str(error):
                raise NarratorError(f"cannot reach {remote}: {error}") from None
        _git([*base, "add", "-A", "--", *map(str, files)], work)
        extra = {".nojekyll": b""}
        if parent and "CNAME" not in {str(f) for f in files}:
            try:
                extra["CNAME"] = _git(["--git-dir", str(git_dir), "show",
                                       f"{parent}:CNAME"], work).encode() + b"\n"
            except NarratorError:
                pass  # the branch has no CNAME
        for name, data in extra.items():
            blob = _git(["--git-dir", str(git_dir), "hash-object", "-w", "--stdin"], work,
                        data=data)
            _git([*base, "update-index", "--add", "--cacheinfo", f"100644,{blob},{name}"], work)
        tree = _git([*base, "write-tree"], work)
        changed = not parent or _git(["--git-dir", str(git_dir), "rev-parse",
                                      f"{parent}^{{tree}}"], work) != tree
        if changed:
            text = message or f"Deploy the show: {len(files)} files, by narrator"
            commit = _git(["--git-dir", str(git_dir), "commit-tree", tree, "-m", text,
                           *(["-p", parent] if parent else [])], work, identity)
            _git(["--git-dir", str(git_dir), "push", "-q", "--", remote,
                  f"{commit}:refs/heads/{branch}"], work, identity)
    where = f"{remote} (branch {branch})"
    log.info("deployed %d files to %s%s", len(files), where, "" if changed else
             ": nothing had changed")
    return Deployed(where, len(files), changed)


def deployed_listing(marker: Path) -> set[str]:
    """The files an earlier deploy put into a folder, from its marker (none when it has none);
    a line edited by hand to reach outside the folder is not among them."""
    try:
        return listing_of(marker.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return set()


def listing_of(text: str) -> set[str]:
    """The files a marker's text lists (a line edited to reach outside is not among them)."""
    return {line for line in text.splitlines() if line and not line.startswith(("#", "/"))
            and ".." not in Path(line).parts}


def marker_text(files: list) -> bytes:
    lines = ["# This folder is mirrored from a narrator show's output by `narrator deploy`.",
             "# The files it put here (only these are ever removed by a later deploy):",
             *sorted(str(relative) for relative in files)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def deploy_folder(out_dir: Path, destination: str, force: bool = False,
                  delete: bool = False, show_dir: Path | None = None) -> Deployed:
    """Mirror the output into a local folder (new or changed files copied; files an earlier
    deploy put there that the output no longer has removed, and nothing else), or hand it to
    rsync for a `host:path` destination."""
    _not_an_option(destination, "destination")
    if ":" in destination.split("/")[0] and not Path(destination).exists():
        return _rsync(out_dir, destination, delete)
    target = Path(destination).expanduser()
    root = out_dir.resolve()
    if target.exists() and not target.is_dir():
        raise NarratorError("not a folder: deploy into a folder", target)
    places = [("the output folder", root)]
    if show_dir is not None:
        places.append(("the show folder", Path(show_dir).resolve()))
    for name, place in places:
        if target.resolve() == place or place.is_relative_to(target.resolve()) or \
                target.resolve().is_relative_to(place):
            raise NarratorError(f"the destination overlaps {name} ({place})", target)
    marker = target / MARKER
    if target.is_dir() and any(target.iterdir()) and not marker.is_file() and not force:
        raise NarratorError("not empty and not deployed to before: narrator would add its "
                            "files among yours (use an empty folder, or --force)", target)
    files = output_files(out_dir)
    before = deployed_listing(marker)
    changed = 0
    for relative in files:
        source, copy = root / relative, target / relative
        stat = source.stat()
        if copy.is_symlink() or (copy.exists() and not copy.is_file()):
            raise NarratorError("is in the way of a published file (not a plain file): "
                                "nothing of it was replaced", copy)
        if copy.is_file() and copy.stat().st_size == stat.st_size and \
                int(copy.stat().st_mtime) == int(stat.st_mtime):
            continue
        copy.parent.mkdir(parents=True, exist_ok=True)
        temporary = copy.with_name(f".{copy.name}.narrator-tmp")
        shutil.copy2(source, temporary)
        os.replace(temporary, copy)  # a reader of the folder sees the old file or the new one
        changed += 1
    wanted = {str(relative) for relative in files}
    for relative in sorted(before - wanted, reverse=True):
        path = target / relative
        if path.is_file() and not path.is_symlink():
            path.unlink()
            changed += 1
            for parent in path.parents:  # folders that only held what narrator put there
                if parent == target or any(parent.iterdir()):
                    break
                parent.rmdir()
    atomic_write_bytes(marker, marker_text(files))
    log.info("deployed %d files to %s (%d copied or removed)", len(files), target, changed)
    return Deployed(str(target), len(files), bool(changed))


def _rsync_run(arguments: list[str], destination: str) -> None:
    done = subprocess.run(["rsync", *arguments], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)
    if done.returncode:
        detail = (done.stderr.strip().splitlines() or [str(done.returncode)])[-1]
        raise NarratorError(f"rsync to {destination} failed: {detail}")


def _rsync_literal(name: str) -> str:
    """A file name as an rsync filter pattern that matches only it."""
    return re.sub(r"([*?\[\\])", r"\\\1", name)


def _rsync(out_dir: Path, destination: str, delete: bool) -> Deployed:
    """The output's files copied with rsync; with `delete`, the files the last deploy there put
    (its marker, fetched back) that the output no longer has are removed, and nothing else."""
    if shutil.which("rsync") is None:
        raise NarratorError("rsync not found: install it to deploy to a host, or deploy to a "
                            "local folder")
    files = output_files(out_dir)
    base = destination.rstrip("/") + "/"
    with tempfile.TemporaryDirectory(prefix="narrator-rsync-") as scratch:
        work = Path(scratch)
        before: set[str] = set()
        if delete:
            _rsync_run(["-q", "--ignore-missing-args", "--", base + MARKER, str(work)],
                       destination)
            before = deployed_listing(work / MARKER)
        _rsync_run(["-a", "--exclude", ".narrator*", "--", f"{out_dir.resolve()}/", base],
                   destination)
        stale = sorted(before - {str(f) for f in files})
        if stale:
            # From an empty tree with the stale files' folders, --delete removes just the files
            # the filter includes: rsync never deletes what its filter excludes.
            rules, folders = [], set()
            for relative in stale:
                for parent in reversed(Path(relative).parents[:-1]):
                    folders.add(str(parent))
                rules.append(f"+ /{_rsync_literal(relative)}")
            for folder in folders:
                (work / "empty" / folder).mkdir(parents=True, exist_ok=True)
            (work / "empty").mkdir(exist_ok=True)
            rules = [f"+ /{_rsync_literal(folder)}/" for folder in sorted(folders)] + rules
            (work / "rules").write_text("\n".join([*rules, "- *"]) + "\n", encoding="utf-8")
            _rsync_run(["-r", "--delete", f"--filter=merge {work / 'rules'}", "--",
                        f"{work / 'empty'}/", base], destination)
        (work / "marker").mkdir()
        (work / "marker" / MARKER).write_bytes(marker_text(files))
        _rsync_run(["-q", "--", str(work / "marker" / MARKER), base], destination)
    log.info("deployed %d files to %s", len(files), destination)
    return Deployed(destination, len(files), True)
