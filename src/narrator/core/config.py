"""The typed model of `narrator.toml`: every option has a default and a one-line doc."""

from __future__ import annotations

import dataclasses
import os
import re
import sys
import typing
from dataclasses import dataclass, field
from pathlib import Path

from narrator.core.categories import parse_category
from narrator.core.characters import has_unpublishable, publishable, publishable_line
from narrator.core.errors import ConfigError, NarratorError
from narrator.core.formats import DEFAULT_COVER, is_audio_file
from narrator.core.languages import is_language

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

CONFIG_NAME = "narrator.toml"
DEFAULT_OUT = "audio_out"
"""A show's output folder unless its [build] output names another."""
DEFAULT_ENGINE = "piper"
MP3_BITRATES_KBPS = (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
SAMPLE_RATES = (22050, 24000, 32000, 44100, 48000)


def option(default, doc: str, choices: tuple | None = None):
    """A config field with its default, its one-line doc and, optionally, its allowed values."""
    return field(default=default, metadata={"doc": doc, "choices": choices})


@dataclass
class ShowSection:
    """[show]: what podcast apps display about the show."""

    title: str = option("", "The podcast's name as apps show it (default: the show folder's name).")
    author: str = option("", "Who makes the show; shown as itunes:author and the MP3 artist.")
    owner_name: str = option("", "Name of the feed's owner, for itunes:owner (default: author).")
    owner_email: str = option("", "E-mail address Apple uses to contact the owner (itunes:owner).")
    description: str = option("", "What the show is about, up to 4000 bytes.")
    language: str = option("en", "Language of the show as an ISO 639 code, such as en or en-us.")
    base_url: str = option("http://localhost:8000/",
                           "Absolute URL where the build output folder will be hosted.")
    artwork: str = option(DEFAULT_COVER, "Square PNG or JPEG cover, 1400-3000 px, relative to the show.")
    category: str = option("Technology", "Apple category, as 'Category' or 'Category > Subcategory'.")
    explicit: bool = option(False, "Whether the show contains explicit material.")
    type: str = option("episodic", "episodic (newest first) or serial (in order).",
                       choices=("episodic", "serial"))
    locked: bool = option(True, "podcast:locked: other platforms may not import this feed.")
    guid: str = option("", "podcast:guid, the show's identity for apps; empty: made at the first "
                       "build and kept (it stays when the feed moves).")
    intro: str = option("", "Opening of every episode: an audio file (.mp3, .wav, ...) in the "
                        "show, or words to speak such as '{show}: {title}, by {author}.'")
    outro: str = option("", "Close of every episode: an audio file, or words to speak such as "
                        "'You have been listening to {show}.'")


@dataclass
class VoiceSection:
    """[voice]: which speech engine reads the episodes and how."""

    engine: str = option(DEFAULT_ENGINE, "Speech engine: piper (offline, default) or gtts "
                         "(online).")
    voice: str = option("", "Engine voice: a piper voice name or .onnx path; a gTTS language code.")
    speed: float = option(1.0, "Speaking rate; 1.0 is the voice's natural speed (0.5 to 2.0).")
    engines: dict[str, dict] = field(default_factory=dict, metadata={
        "table": True, "doc": "Each engine's own settings, in [voice.ENGINE] tables."})
    """Checked by the engine itself. Settings written directly in [voice] that the section does
    not know (where older versions read an engine's settings, such as `tld`) are kept under ""
    for the engine to claim."""


@dataclass
class PausesSection:
    """[pauses]: silence inserted between pieces of the narration, in milliseconds."""

    sentence_ms: int = option(350, "Silence after each sentence.")
    paragraph_ms: int = option(800, "Silence after each paragraph.")
    section_ms: int = option(1600, "Silence before each heading (a new section).")


@dataclass
class AudioSection:
    """[audio]: the encoded MP3."""

    bitrate_kbps: int = option(96, "Constant MP3 bitrate in kbit/s.", choices=MP3_BITRATES_KBPS)
    sample_rate: int = option(44100, "Sample rate of the MP3 in Hz.", choices=SAMPLE_RATES)
    loudness_lufs: float = option(-16.0, "Integrated loudness of each episode in LUFS "
                                  "(-16 is what Apple and most apps expect for speech).")
    true_peak_dbtp: float = option(-1.0, "Highest true peak allowed in each episode, in dBTP.")
    lead_in_ms: int = option(300, "Silence before the first word, so that no player clips it.")
    lead_out_ms: int = option(700, "Silence after the last word.")


@dataclass
class BuildSection:
    """[build]: where the show is built."""

    output: str = option(DEFAULT_OUT, "The output folder (episodes, feed and pages), relative "
                         "to this show folder; build, serve, validate and deploy use it from any "
                         "working folder. --out overrides it.")
    scheduler: str = option("", "A Dask scheduler (tcp://HOST:8786) whose workers speak the "
                            "segments the cache lacks; empty: speak on this machine. "
                            "NARRATOR_SCHEDULER and --scheduler override it.")


@dataclass
class Config:
    """A whole show configuration, with where it came from."""

    show: ShowSection = field(default_factory=ShowSection)
    voice: VoiceSection = field(default_factory=VoiceSection)
    pauses: PausesSection = field(default_factory=PausesSection)
    audio: AudioSection = field(default_factory=AudioSection)
    build: BuildSection = field(default_factory=BuildSection)
    lexicon: dict[str, str] = field(default_factory=dict)
    """[lexicon]: words the voice gets wrong, each with what it should say instead."""
    root: Path = Path(".")
    path: Path | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def episodes_dir(self) -> Path:
        return self.root / "episodes"

    @property
    def output_dir(self) -> Path:
        """The output folder the show names, against the show folder (not resolved: it is a
        symbolic link to the published version)."""
        return Path(os.path.normpath(self.root / os.path.expanduser(self.build.output)))

    @property
    def artwork_path(self) -> Path:
        return (self.root / self.show.artwork).resolve()

    @property
    def artwork_path_as_given(self) -> Path:
        """The artwork's path before links are followed (to check where they lead)."""
        return self.root / self.show.artwork


SECTIONS: dict[str, type] = {
    "show": ShowSection, "voice": VoiceSection, "pauses": PausesSection, "audio": AudioSection,
    "build": BuildSection,
}
ONE_LINE_KEYS = {"title", "author", "owner_name"}
"""Names and titles: where a removed control character leaves extra spaces, they go too."""
_TYPE_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "true or false"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _coerce(value, expected: type):
    """Return value as `expected`, or raise TypeError; TOML ints are fine where floats are."""
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if expected is int and isinstance(value, bool):
        raise TypeError
    if not isinstance(value, expected):
        raise TypeError
    return value


LENIENT_KEY = "allow_unknown_keys"
"""Set `allow_unknown_keys = true` at the top of narrator.toml to have keys this narrator does
not know (written for a newer one) warned about rather than refused."""


def unknown(key: str, where: str, known, kind: str = "key") -> str:
    """ "unknown key 'autor' in [show] — did you mean 'author'?" """
    import difflib

    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(known)}"
    return (f"unknown {kind} '{key}' in {where} — {hint} (allow_unknown_keys = true at the top "
            "makes this a warning)")


def load_section(cls: type, table: dict, section: str, problems: list, warnings: list):
    """An instance of the dataclass `cls` from a TOML table; each bad value goes into `problems`
    as (dotted key, message) and each unknown key into `warnings`."""
    hints = typing.get_type_hints(cls)
    values = {}
    known = {f.name: f for f in dataclasses.fields(cls)}
    # A section may keep sub-tables for others to check ([voice.gtts] for the gtts engine).
    subtables = next((name for name, f in known.items() if f.metadata.get("table")), None)
    for key, value in table.items():
        dotted = f"{section}.{key}"
        if subtables and isinstance(value, dict):
            values.setdefault(subtables, {})[key] = value
            continue
        if subtables and (key not in known or key == subtables):
            # Perhaps a setting of an engine, written where older versions read it.
            values.setdefault(subtables, {}).setdefault("", {})[key] = value
            continue
        if key not in known:
            warnings.append(unknown(key, f"[{section}]", known))
            continue
        expected = hints[key]
        if isinstance(value, str) and has_unpublishable(value):
            warnings.append(f"{dotted}: control characters removed")
            value = publishable_line(value) if key in ONE_LINE_KEYS else publishable(value)
        try:
            value = _coerce(value, expected)
        except TypeError:
            problems.append((dotted, f"expected {_TYPE_NAMES[expected]}, got {value!r}"))
            continue
        choices = known[key].metadata.get("choices")
        if choices and value not in choices:
            problems.append((dotted, f"{value!r} is not one of: "
                             + ", ".join(str(c) for c in choices)))
            continue
        values[key] = value
    return cls(**values)


def _check(config: Config, problems: list) -> None:
    """Checks that span a value's meaning rather than its type."""
    show, voice, pauses = config.show, config.voice, config.pauses
    problem = url_problem(show.base_url)
    if problem:
        problems.append(("show.base_url", f"{show.base_url!r} {problem}"))
    elif not show.base_url.endswith("/"):
        show.base_url += "/"
    if show.guid and not _is_uuid(show.guid):
        problems.append(("show.guid", f"{show.guid!r} is not a UUID (leave it empty: narrator "
                                      "makes one at the first build and keeps it)"))
    try:
        parse_category(show.category)
    except ValueError as error:
        problems.append(("show.category", str(error)))
    if show.owner_email and not _EMAIL.match(show.owner_email):
        problems.append(("show.owner_email", f"{show.owner_email!r} is not an e-mail address"))
    if not is_language(show.language):
        problems.append(("show.language", f"{show.language!r} is not a language code like en-us"))
    output = config.output_dir
    if not config.build.output.strip() or config.root.is_relative_to(output):
        problems.append(("build.output", f"{config.build.output!r} would hold the show folder "
                                         "itself; name a folder such as \"audio_out\""))
    # Judged by the path as written: a symlink the user put in the show is theirs to make.
    if not Path(os.path.normpath(config.root / show.artwork)).is_relative_to(config.root):
        problems.append(("show.artwork", f"{show.artwork!r} is outside the show folder"))
    for key in ("intro", "outro"):
        value = getattr(show, key)
        if is_audio_file(value):
            path = (config.root / value).resolve()
            if not path.is_file():
                problems.append((f"show.{key}", f"audio file {value!r} not found"))
            elif not path.is_relative_to(config.root):
                problems.append((f"show.{key}", f"{value!r} is outside the show folder"))
        else:
            problem = template_problem(value)
            if problem:
                problems.append((f"show.{key}", problem))
    if len(show.description.encode()) > 4000:
        problems.append(("show.description", "longer than Apple's limit of 4000 bytes"))
    if not 0.5 <= voice.speed <= 2.0:
        problems.append(("voice.speed", f"{voice.speed} is outside 0.5 to 2.0"))
    if not -30.0 <= config.audio.loudness_lufs <= -10.0:
        problems.append(("audio.loudness_lufs", "must be between -30 and -10 LUFS"))
    if not -9.0 <= config.audio.true_peak_dbtp <= 0.0:
        problems.append(("audio.true_peak_dbtp", "must be between -9 and 0 dBTP"))
    for key in ("sentence_ms", "paragraph_ms", "section_ms"):
        if not 0 <= getattr(pauses, key) <= 10_000:
            problems.append((f"pauses.{key}", "must be between 0 and 10000 ms"))
    for key in ("lead_in_ms", "lead_out_ms"):
        if not 0 <= getattr(config.audio, key) <= 5_000:
            problems.append((f"audio.{key}", "must be between 0 and 5000 ms"))
    if not pauses.sentence_ms < pauses.paragraph_ms < pauses.section_ms:
        problems.append(("pauses", "sentence_ms < paragraph_ms < section_ms must hold"))


def url_problem(url: str) -> str | None:
    """Why `url` cannot be where a show is hosted, or None: an absolute http(s) URL of a folder,
    with a valid host and port, and no spaces, query or fragment (every link of the feed is
    this URL and a file name)."""
    from urllib.parse import urlsplit

    if not re.match(r"^https?://[^/\s]+", url):
        return "is not an absolute http(s) URL"
    if re.search(r"\s", url):
        return "has a space in it (write %20)"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError when out of range
    except ValueError as error:
        return f"is not a valid URL ({error})"
    if not parts.hostname:
        return "has no host name"
    if parts.query or parts.fragment or "?" in url or "#" in url:
        return "has a query or fragment (?… or #…); it must name a folder"
    return None


def is_local_url(url: str) -> bool:
    """Whether `url` points at this machine or a private network, where podcast apps and
    directories cannot fetch it."""
    import ipaddress
    from urllib.parse import urlsplit

    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False
    if host in ("localhost", "") or host.endswith((".local", ".localhost", ".internal")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_unspecified


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


TEMPLATE_FIELDS = ("show", "title", "author")


def template_problem(template: str) -> str | None:
    """Why an intro or outro template is refused, or None. Only plain {show}, {title} and
    {author} are allowed: no format specs or conversions ("{title:>1000000000}" would ask for
    a gigabyte), no attributes or indexes."""
    import string

    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as error:
        return f"{error} (write braces as {{{{ and }}}})"
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in TEMPLATE_FIELDS:
            return f"unknown placeholder {{{name}}} (use {{show}}, {{title}} or {{author}})"
        if spec or conversion:
            return (f"{{{name}}} takes no format or conversion (write it as {{{name}}})")
    return None


def load_config(show_dir: Path) -> Config:
    """Read `narrator.toml` in show_dir; raise ConfigError listing every problem at once."""
    show_dir = Path(show_dir)
    if not show_dir.is_dir():
        raise NarratorError("show folder not found", show_dir)
    path = show_dir / CONFIG_NAME
    if not path.is_file():
        raise NarratorError(f"no {CONFIG_NAME} here (create one with `narrator init`)", show_dir)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(path, [("", "not UTF-8 text")]) from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(path, [("", f"invalid TOML: {error}")]) from None
    except RecursionError:
        raise ConfigError(path, [("", "invalid TOML: nested too deeply")]) from None
    try:
        return config_from_dict(data, path)
    except RecursionError:
        raise ConfigError(path, [("", "a value nested too deeply")]) from None


def config_from_dict(data: dict, path: Path) -> Config:
    """Build a Config from parsed TOML; `path` names the file in messages."""
    problems: list[tuple[str, str]] = []
    warnings: list[str] = []
    sections = {}
    lexicon = data.get("lexicon", {})
    if not isinstance(lexicon, dict):
        problems.append(("lexicon", 'expected a table like [lexicon] with "word" = "reading"'))
        lexicon = {}
    for word, reading in lexicon.items():
        if not isinstance(reading, str) or not reading.strip() or not word.strip():
            problems.append((f"lexicon.{word}", f"expected a non-empty reading, got {reading!r}"))
    lexicon = {w: r for w, r in lexicon.items() if isinstance(r, str) and r.strip() and w.strip()}
    lenient = data.get(LENIENT_KEY) is True
    for name, table in data.items():
        if name in ("lexicon", LENIENT_KEY):
            continue
        if name not in SECTIONS:
            warnings.append(unknown(name, "narrator.toml", SECTIONS, "section"))
        elif not isinstance(table, dict):
            problems.append((name, "expected a table like [" + name + "]"))
    for name, cls in SECTIONS.items():
        table = data.get(name, {})
        sections[name] = load_section(cls, table if isinstance(table, dict) else {}, name,
                                       problems, warnings)
    if not lenient:  # a misspelt key is an error that names the right one
        problems += [("", warning) for warning in warnings if warning.startswith("unknown ")]
        warnings = [warning for warning in warnings if not warning.startswith("unknown ")]
    config = Config(**sections, lexicon=lexicon, root=path.parent.resolve(), path=path,
                    warnings=[f"{path}: {w}" for w in warnings])
    if not config.show.title:
        config.show.title = config.root.name
    if not config.show.owner_name:
        config.show.owner_name = config.show.author
    _check(config, problems)
    if problems:
        raise ConfigError(path, problems)
    return config


def default_toml(title: str, extra_sections: dict[str, type] | None = None,
                 show: dict[str, str] | None = None) -> str:
    """The commented narrator.toml that `narrator init` writes: every option with its doc.
    `extra_sections` adds tables declared elsewhere, such as an engine's `voice.gtts`; `show`
    sets [show] values (author, owner_email, base_url, ...)."""
    overrides = {("show", "title"): title, **{("show", key): value
                                               for key, value in (show or {}).items() if value}}
    lines = ["# narrator show configuration. Every option is shown with its default.", ""]
    for name, cls in {**SECTIONS, **(extra_sections or {})}.items():
        lines.append(f"# {cls.__doc__.strip()}")
        lines.append(f"[{name}]")
        for f in dataclasses.fields(cls):
            if f.metadata.get("table"):
                continue
            value = overrides.get((name, f.name), f.default)
            lines.append(f"# {f.metadata['doc']}")
            lines.append(f"{f.name} = {_toml_value(value)}")
        lines.append("")
    lines += ["# [lexicon]: words the voice gets wrong, each with what it should say instead.",
              "# It overrides every other rule of the spoken form.",
              "[lexicon]", '# "Nguyen" = "win"', ""]
    return "\n".join(lines)


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)
