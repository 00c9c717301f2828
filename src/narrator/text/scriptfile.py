"""The editable narration script kept beside each episode's source (`episode.script`).

Once written, the script file is what the build reads: a user fixes a sentence, a pause or a
pronunciation there, and the source stays as it was copied. The file records the hashes of the
source it was made from and of its own body, so a build can tell which of the two changed:
- neither, or only the script: the script is used;
- only the source: the script was never edited, so it is made again from the source;
- both: the build stops and names both files and the two ways out.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from narrator.core.config import PausesSection
from narrator.core.errors import InputError, NarratorError
from narrator.core.files import atomic_write_bytes
from narrator.core.models import Script, Segment
from narrator.text.spoken import SpokenForms
from narrator.text.segment import split_long
from narrator.core.characters import publishable
from narrator.core import faults
from narrator.core.formats import BACKUP_SUFFIX, SCRIPT_SUFFIX

log = logging.getLogger("narrator")

_PAUSE = re.compile(r"^\[pause\s+(\d{1,5})\s*(?:ms)?\]$", re.I)
_SAY = re.compile(r"\s*\{say:\s*(.*?)\s*\}$", re.I)
_HASH_LINE = re.compile(r"^# (source|script)-sha256: ([0-9a-f]{64})$", re.M)
_MARKERS = ("#", "==", "[", "\\")
_HELP = """\
# Narration script of {source}. Edit it freely: the build reads this file, not the source.
# One sentence a line. A blank line ends a paragraph. "== Text" starts a section (a chapter).
# "[pause 1200]" adds that many ms of silence after the line above it. "{{say: words}}" at the
# end of a line sets what the voice says instead of what is written (the transcript keeps the
# written words). Lines starting with "#" are comments; start a line with "\\" to begin it
# with "#", "==" or "[". `narrator rescript THIS_FILE` makes it again from the source.
"""
_EARLIER_HELP = {'# with "#", "==" or "[". `narrator build --rescript` makes this file again from '
                 'the source.'}
"""Lines of the help that earlier versions wrote: narrator's, not the user's notes."""


def script_path(source: Path) -> Path:
    """Where the script of a source lives: beside it, same name, `.script` suffix."""
    return source.with_suffix(SCRIPT_SUFFIX)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def body_hash(text: str) -> str:
    """Hash of what a script says, ignoring comments and trailing spaces."""
    lines = [line.rstrip() for line in text.splitlines() if not line.startswith("#")]
    return text_hash("\n".join(lines).strip())


def render(script: Script, source_name: str, source_sha: str | None,
           pauses: PausesSection, list_dropped: bool = True) -> str:
    """The script as an editable, diff-friendly text file; `list_dropped` adds the source's
    dropped lines at the end, as comments."""
    body: list[str] = []
    for segment in script.segments:
        if segment.kind == "heading":
            if body:
                body.append("")
            body.append(f"== {segment.text}")
            body.append("")
        else:
            body.append(_escape(segment.text))
        if segment.ends_paragraph and segment.kind != "heading":
            body.append("")
    body = _with_explicit_pauses(body, script, pauses)
    header = [_HELP.format(source=source_name).rstrip("\n")]
    if script.byline:
        header.append(f"# byline: {script.byline}")
    if script.date:
        header.append(f"# date: {script.date.date().isoformat()}")
    text = "\n".join(body).strip() + "\n"
    if script.dropped and list_dropped:
        text += "\n# Left out of the source (not read aloud):\n" + "".join(
            f"# - ({item.explained}) {item.text}\n" for item in script.dropped)
    if source_sha:
        header.append(f"# source-sha256: {source_sha}")
    header.append(f"# script-sha256: {body_hash(text)}")
    return "\n".join(header) + "\n\n" + text


def _escape(text: str) -> str:
    return "\\" + text if text.startswith(_MARKERS) else text


def _with_explicit_pauses(body: list[str], script: Script, pauses: PausesSection) -> list[str]:
    """Add a [pause] line wherever a segment's pause is not the one its position implies."""
    known = {segment.text: segment.spoken for segment in script.segments}
    parsed = parse_lines(body, pauses, None, Path("-"), script.language,
                         SpokenForms(None, script.language, known))
    if [s.pause_after_ms for s in parsed] == [s.pause_after_ms for s in script.segments]:
        return body
    out, index = [], 0
    for line in body:
        out.append(line)
        if line and not line.startswith("#"):
            wanted = script.segments[index].pause_after_ms
            if parsed[index].pause_after_ms != wanted:
                out.append(f"[pause {wanted}]")
            index += 1
    return out


def parse(text: str, path: Path, pauses: PausesSection,
          lexicon: Mapping[str, str] | None = None, language: str = "en",
          spoken_of: Callable[[str], str] | None = None) -> Script:
    """Read a script file (its text in `language`); a malformed line is an InputError naming
    the file and line. `spoken_of` gives each line's spoken form (default: `spoken_form`)."""
    segments = parse_lines(publishable(text).splitlines(), pauses, lexicon, path, language,
                           spoken_of)
    if not segments:
        raise InputError("the script has no lines to read", path)
    title = next((s.text for s in segments if s.kind == "heading"), segments[0].text)
    return Script(title=title, segments=segments, language=language)


def parse_lines(lines: list[str], pauses: PausesSection, lexicon: Mapping[str, str] | None,
                path: Path, language: str = "en",
                spoken_of: Callable[[str], str] | None = None) -> list[Segment]:
    spoken_of = spoken_of or SpokenForms(lexicon, language)
    segments: list[Segment] = []
    explicit: set[int] = set()  # segments whose pause a [pause] line set
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if line.startswith("#"):
            continue
        if not line:
            if segments and segments[-1].kind != "heading":
                segments[-1].ends_paragraph = True
                if id(segments[-1]) not in explicit:
                    segments[-1].pause_after_ms = pauses.paragraph_ms
            continue
        if line.startswith("["):
            match = _PAUSE.match(line)
            if not match:
                raise InputError(f"line {number}: unknown marker {line[:40]!r} "
                                 "(markers are [pause N] with N in ms)", path)
            if not segments:
                raise InputError(f"line {number}: a pause needs a line above it", path)
            segments[-1].pause_after_ms = min(int(match.group(1)), 60_000)
            explicit.add(id(segments[-1]))
            continue
        if line.startswith("=="):
            heading = line.lstrip("=").strip()
            if not heading:
                raise InputError(f"line {number}: a section marker needs a title ('== Title')",
                                 path)
            if segments and id(segments[-1]) not in explicit:
                segments[-1].pause_after_ms = pauses.section_ms
            segments.append(Segment(heading, spoken_of(heading), "heading",
                                    pauses.paragraph_ms, ends_paragraph=True))
            continue
        if line.startswith("\\"):
            line = line[1:]
        say = _SAY.search(line)
        written = line[:say.start()].strip() if say else line
        spoken = say.group(1) if say else None
        if say and not spoken.strip():
            raise InputError(f"line {number}: {{say: }} needs the words to say", path)
        pieces = split_long(written) if not say else [written]
        for piece in pieces:
            segments.append(Segment(piece, spoken if spoken is not None
                                    else spoken_of(piece), "sentence",
                                    pauses.sentence_ms))
    segments = [s for s in segments if s.spoken]
    if segments:
        segments[-1].pause_after_ms = 0
        segments[-1].ends_paragraph = True
    return segments


def recorded_hashes(text: str) -> dict[str, str]:
    return {kind: value for kind, value in _HASH_LINE.findall(text)}


class ScriptConflict(NarratorError):
    """The source and its hand-edited script both changed since the script was made."""


@dataclass(frozen=True)
class ScriptReading:
    """How a show reads its scripts: its pauses, lexicon and language, and (optionally) the
    spoken form of each line (default: `spoken_form` of the lexicon and language)."""

    pauses: PausesSection
    lexicon: Mapping[str, str] | None = None
    language: str = "en"
    spoken_of: Callable[[str], str] | None = None

    def parse(self, text: str, path: Path) -> Script:
        return parse(text, path, self.pauses, self.lexicon, self.language, self.spoken_of)


@dataclass(frozen=True)
class ScriptWrite:
    """A script file to write, decided while planning and written when the build makes its
    episodes (a dry run writes none): `text` replaces `path`, which is first kept as a backup
    when `backup` (it was edited by hand)."""

    path: Path
    text: str
    backup: bool = False

    def apply(self) -> None:
        if self.backup:
            backup(self.path)  # hand edits are never thrown away
        _write(self.path, self.text)


def plan_script(source: Path, source_sha: str, make: Callable[[], Script],
                reading: ScriptReading, rescript: bool = False, keep_script: bool = False
                ) -> tuple[Script, str, ScriptWrite | None]:
    """The script to build from, and the write of its file that this needs (None: the file
    is as it should be); nothing is written here.

    `make` gives the script freshly made from the source; it is called only when the file must
    be (re)written, as segmenting a long source costs time. Returns the script, what happened
    ("written", "followed the source", "edited" or "unchanged") and the write.
    """
    path = script_path(source)
    if path.is_file() and not rescript:
        text = path.read_text(encoding="utf-8", errors="replace")
        hashes = recorded_hashes(text)
        edited = hashes.get("script") != body_hash(text)
        source_changed = hashes.get("source") != source_sha
        if not source_changed or (edited and keep_script):
            status = "edited" if edited else "unchanged"
            # The user chose the script: the file records its new source.
            write = ScriptWrite(path, _rehash(text, source_sha)) if source_changed else None
            return reading.parse(text, path), status, write
        if edited:
            raise ScriptConflict(
                f"both this script and its source {source.name} changed since the script was "
                f"made; run `narrator rescript {path}` to make it again from the source "
                f"(your edited version is kept as a .bak file), or `narrator build "
                f"--keep-scripts` to build from the edited script", path)
        status = "followed the source"
    else:
        status = "written"
    text = render(make(), source.name, source_sha, reading.pauses)
    old = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
    notes = user_comments(old)
    if notes:  # comments do not make a script edited; they are the user's all the same
        text = _with_notes(text, notes)
    edited_old = bool(old) and recorded_hashes(old).get("script") != body_hash(old)
    return reading.parse(text, path), status, ScriptWrite(path, text, edited_old)


def load_script(source: Path, source_sha: str, make: Callable[[], Script],
                reading: ScriptReading, rescript: bool = False, keep_script: bool = False
                ) -> tuple[Script, str]:
    """`plan_script`, with its file written at once (as `narrator rescript` does)."""
    script, status, write = plan_script(source, source_sha, make, reading, rescript,
                                        keep_script)
    if write is not None:
        write.apply()
    return script, status


def backup(path: Path) -> Path:
    """Copy a hand-edited script beside itself before it is replaced: NAME.script.bak, or
    NAME.script.2.bak ... when that is taken (no backup is ever overwritten)."""
    target = path.with_name(path.name + BACKUP_SUFFIX)
    number = 2
    while target.exists():
        target = path.with_name(f"{path.name}.{number}{BACKUP_SUFFIX}")
        number += 1
    atomic_write_bytes(target, path.read_bytes())
    log.warning("%s was edited by hand: your version is kept as %s", path, target.name)
    return target


_OWN_COMMENT = re.compile(r"^# (?:Narration script of |byline: |date: |source-sha256: |"
                          r"script-sha256: |Left out of the source|- \(|Your notes)")
NOTES_HEADER = "# Your notes, kept from the script before it was made again:"


def user_comments(text: str) -> list[str]:
    """The comment lines a user wrote into a script (not the ones narrator writes)."""
    help_lines = set(_HELP.format(source="").splitlines()) | _EARLIER_HELP
    return [line for line in text.splitlines() if line.startswith("#")
            and line not in help_lines and not _OWN_COMMENT.match(line)]


def _with_notes(text: str, notes: list[str]) -> str:
    """The script with the user's earlier comments after its header."""
    head, blank, body = text.partition("\n\n")
    return "\n".join([head, NOTES_HEADER, *notes]) + blank + body


def read_back(script: Script, pauses: PausesSection,
              lexicon: Mapping[str, str] | None = None) -> Script:
    """The script as a build reads it from its script file, without writing one: what a voice
    says is the same whether or not the file was written (`narrator speak` writes none)."""
    return parse(render(script, "-", None, pauses), Path("-"), pauses, lexicon, script.language)


def _rehash(text: str, source_sha: str) -> str:
    if re.search(r"^# source-sha256: ", text, re.M):
        return re.sub(r"^# source-sha256: .*$", f"# source-sha256: {source_sha}", text,
                      count=1, flags=re.M)
    return f"# source-sha256: {source_sha}\n" + text


def _write(path: Path, text: str) -> None:
    faults.point("script.write")
    atomic_write_bytes(path, text.encode("utf-8"))

