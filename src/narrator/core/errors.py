"""Errors narrator reports to users as one line, without a traceback."""

from __future__ import annotations

import errno
from pathlib import Path


class NarratorError(Exception):
    """Base of every error a user can fix; the CLI prints it as `error: …`."""

    def __init__(self, message: str, path: Path | str | None = None):
        self.message = message
        self.path = path
        super().__init__(self.lines()[0] if self.lines() else message)

    def lines(self) -> list[str]:
        """The error as lines a user reads, each naming the file when there is one."""
        return [f"{self.path}: {self.message}" if self.path else self.message]

    @classmethod
    def from_os_error(cls, error: OSError) -> NarratorError | None:
        """What the system refused (a full disk, a read-only folder, a file too large for the
        limits set), said as a user's problem; None for other errors, which are narrator's."""
        advice = _OS_ADVICE.get(error.errno)
        if advice is None:
            return None
        where = error.filename or None
        return cls(f"{error.strerror or advice[0]}: {advice[1]}", where)


_OS_ADVICE = {
    errno.ENOSPC: ("no space left", "free some space and run it again (nothing half-made was "
                                    "published)"),
    errno.EDQUOT: ("disk quota exceeded", "free some space and run it again"),
    errno.EFBIG: ("file too large", "a file size limit (ulimit -f) stopped the write; raise it "
                                    "and run again"),
    errno.EROFS: ("read-only file system", "choose a folder you can write to"),
    errno.EACCES: ("permission denied", "choose a folder you can write to, or fix its "
                                        "permissions"),
    errno.EPERM: ("operation not permitted", "choose a folder you can write to"),
    errno.ENAMETOOLONG: ("file name too long", "give the file a shorter name"),
    errno.EMFILE: ("too many open files", "raise the limit (ulimit -n) and run again"),
    errno.EISDIR: ("is a folder", "narrator keeps a file of that name there: move the folder "
                                  "away"),
    errno.ENOTDIR: ("not a folder", "a file stands where narrator needs a folder: move it away"),
    errno.ELOOP: ("too many levels of links", "a link there leads to itself: remove it"),
}


class ConfigError(NarratorError):
    """narrator.toml (or an episode's front matter) is invalid."""

    SHOWN = 20
    """At most this many problems are listed (a file with 200,000 unknown keys is one error)."""

    def __init__(self, path: Path | str, problems: list[tuple[str, str]]):
        self.problems = [(_short(str(key), 80), _short(str(msg), 300)) for key, msg in problems]
        shown = self.problems[:self.SHOWN]
        super().__init__("; ".join(f"{key}: {msg}" for key, msg in shown)
                         + self._more(), path)

    def _more(self) -> str:
        more = len(self.problems) - self.SHOWN
        return f" (and {more:,} more problems)" if more > 0 else ""

    def lines(self) -> list[str]:
        lines = [f"{self.path}: {key}: {msg}" if key else f"{self.path}: {msg}"
                 for key, msg in self.problems[:self.SHOWN]]
        if len(self.problems) > self.SHOWN:
            lines.append(f"{self.path}: and {len(self.problems) - self.SHOWN:,} more problems")
        return lines


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


class InputError(NarratorError):
    """A source text cannot be read or holds nothing to narrate."""


class EngineError(NarratorError):
    """A speech engine is unknown, not installed, or failed to synthesize."""


class AudioError(NarratorError):
    """Decoding or encoding audio failed."""


class ClusterError(NarratorError):
    """The Dask cluster a build speaks on cannot be reached, or went away."""


class BuildErrors(NarratorError):
    """Several inputs are bad; each is reported on its own line."""

    def __init__(self, errors: list[NarratorError]):
        self.errors = errors
        super().__init__("; ".join(e.message for e in errors))

    def lines(self) -> list[str]:
        return [line for error in self.errors for line in error.lines()]
