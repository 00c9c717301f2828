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
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from narrator.core.errors import NarratorError
from narrator.core.files import atomic_write_bytes

log = logging.getLogger("narrator")
MARKER = ".narrator-deploy"
"""Written into a folder deployed to: only such a folder (or an empty one) is mirrored into,
so that no folder of the user's is emptied by a mistyped destination."""
GIT_TIMEOUT_S = 600


@dataclass
class Deployed:
    where: str
    files: int
    changed: bool


def _files(out_dir: Path) -> list[Path]:
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
    files = _files(out_dir)
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
            _git(["--git-dir", str(git_dir), "fetch", "-q", "--depth=1", remote,
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
            _git(["--git-dir", str(git_dir), "push", "-q", remote,
                  f"{commit}:refs/heads/{branch}"], work, identity)
    where = f"{remote} (branch {branch})"
    log.info("deployed %d files to %s%s", len(files), where, "" if changed else
             ": nothing had changed")
    return Deployed(where, len(files), changed)


def deploy_folder(out_dir: Path, destination: str, force: bool = False,
                  delete: bool = False) -> Deployed:
    """Mirror the output into a local folder (new or changed files copied, files the output no
    longer has removed), or hand it to rsync for a `host:path` destination."""
    if ":" in destination.split("/")[0] and not Path(destination).exists():
        return _rsync(out_dir, destination, delete)
    target = Path(destination).expanduser()
    root = out_dir.resolve()
    if target.resolve() == root or root.is_relative_to(target.resolve()) or \
            target.resolve().is_relative_to(root):
        raise NarratorError("the destination overlaps the output folder", target)
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file() \
            and not force:
        raise NarratorError("not empty and not deployed to before: narrator would replace its "
                            "files (use an empty folder, or --force)", target)
    files = _files(out_dir)
    changed = 0
    for relative in files:
        source, copy = root / relative, target / relative
        stat = source.stat()
        if copy.is_file() and copy.stat().st_size == stat.st_size and \
                int(copy.stat().st_mtime) == int(stat.st_mtime):
            continue
        copy.parent.mkdir(parents=True, exist_ok=True)
        temporary = copy.with_name(f".{copy.name}.narrator-tmp")
        shutil.copy2(source, temporary)
        os.replace(temporary, copy)  # a reader of the folder sees the old file or the new one
        changed += 1
    wanted = {str(relative) for relative in files} | {MARKER}
    for path in sorted(target.rglob("*"), reverse=True):
        relative = str(path.relative_to(target))
        if path.is_file() and relative not in wanted:
            path.unlink()
            changed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    atomic_write_bytes(target / MARKER, b"This folder is mirrored from a narrator show's "
                                        b"output by `narrator deploy`.\n")
    log.info("deployed %d files to %s (%d copied or removed)", len(files), target, changed)
    return Deployed(str(target), len(files), bool(changed))


def _rsync(out_dir: Path, destination: str, delete: bool) -> Deployed:
    if shutil.which("rsync") is None:
        raise NarratorError("rsync not found: install it to deploy to a host, or deploy to a "
                            "local folder")
    command = ["rsync", "-a", "--exclude", ".narrator*",
               *(["--delete-after"] if delete else []),
               f"{out_dir.resolve()}/", destination]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        detail = (done.stderr.strip().splitlines() or [str(done.returncode)])[-1]
        raise NarratorError(f"rsync to {destination} failed: {detail}")
    files = _files(out_dir)
    log.info("deployed %d files to %s", len(files), destination)
    return Deployed(destination, len(files), True)
