"""narrator: turn written text into podcast episodes.

The Python API; the command line calls these and nothing else:

    import narrator

    config = narrator.load_show("my-show")              # narrator.toml, checked
    result = narrator.build_show("my-show", "site")     # every episode, the feed and pages
    script = narrator.script_of("article.md")           # the narration script of a source
    narrator.speak("article.md", "article.mp3")         # one text to one tagged MP3
    narrator.spoken_form("Dr. Smith paid $4.5 million") # what the voice says
    problems = narrator.validate("site")                # a built show against the apps' rules

Every error a user can fix is a `narrator.NarratorError`, whose `lines()` say what is wrong and
where. Heavy modules are imported on first use, so `import narrator` stays quick. (The
function is `build_show`, not `build`: `narrator.build` is the package of the build stage.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from narrator.core.version import __version__

if TYPE_CHECKING:
    from narrator.build.add import Added
    from narrator.publish.deploy import Deployed
    from narrator.audio.engines.voices import VoiceInfo
    from narrator.build.clean import CleanResult
    from narrator.build.plan import DryRun
    from narrator.build.results import BuildResult, EpisodeResult
    from narrator.core.config import Config
    from narrator.audio.engines import EngineInfo
    from narrator.core.models import Script
    from narrator.publish.validate import Problem


def __getattr__(name: str):
    # The error classes, imported only when asked for.
    if name in ("NarratorError", "ConfigError", "InputError", "EngineError", "AudioError"):
        from narrator.core import errors

        return getattr(errors, name)
    if name == "ValidationFailed":
        from narrator.publish.validate import ValidationFailed

        return ValidationFailed
    raise AttributeError(f"module 'narrator' has no attribute {name!r}")


def load_show(show_dir: Path | str) -> Config:
    """The checked settings of the show in `show_dir` (its narrator.toml)."""
    from narrator.build.show import load_show as load

    return load(show_dir)


def init_show(show_dir: Path | str, *, title: str = "", author: str = "", email: str = "",
              url: str = "", description: str = "") -> None:
    """Create a show in `show_dir`: narrator.toml (with the title, author, owner e-mail, URL
    where it will be hosted and description given), episodes/ with a first episode, a cover."""
    from narrator.build.scaffold import init_show as init

    init(Path(show_dir), title, author, email, url, description)


def add(source: Path | str, show_dir: Path | str = ".", *, single: bool = False) -> list[Added]:
    """Add a URL, a file (.txt, .md, .html, .epub, .pdf) or "-" (standard input) to a show
    as Markdown episode source(s) with front matter (title, author, source, date): a book one
    episode per chapter, or one with chapter marks when `single`. A link or file added before
    is refused with the name of its episode file."""
    from narrator.build.add import add_source

    return add_source(source, show_dir, single)


def build_show(show_dir: Path | str, out_dir: Path | str | None = None, *, rescript: bool = False,
          keep_scripts: bool = False, jobs: int | None = None, cache_dir: Path | None = None,
          dry_run: bool = False, keep_going: bool = False,
          on_spoken: Callable[[int, int, float], None] | None = None,
          scheduler: str | None = None) -> BuildResult | DryRun:
    """Build every episode of a show, its feed and pages, and publish them into `out_dir`
    (default: the show's [build] output, `audio_out` in the show folder) at once. `dry_run` returns what would change and changes nothing;
    `keep_going` publishes the episodes that build; `on_spoken(done, total, seconds)` hears
    synthesis progress; `scheduler` (a Dask scheduler's address; default NARRATOR_SCHEDULER,
    then the show's [build] scheduler) has the missing segments spoken on its cluster."""
    from narrator.build.run import build_show as build

    return build(show_dir, out_dir, rescript=rescript, keep_scripts=keep_scripts,
                      jobs=jobs, cache_dir=cache_dir, dry_run=dry_run, on_spoken=on_spoken,
                      keep_going=keep_going, scheduler=scheduler)


def build_shows(show_dirs: list[Path | str], *, scheduler: str | None = None,
                jobs: int | None = None, cache_dir: Path | None = None, dry_run: bool = False,
                keep_going: bool = False, rescript: bool = False, keep_scripts: bool = False,
                on_spoken: Callable[[int, int, float], None] | None = None
                ) -> list[BuildResult | DryRun]:
    """Build several shows (a catalogue) in one run, each into its own [build] output: all are
    planned first, so that a cluster (`scheduler`) is given the missing segments of every
    show at once; then each is made and published in turn."""
    from narrator.build.context import BuildOptions
    from narrator.build.run import build_shows as build

    return build(list(show_dirs), BuildOptions(
        out_dir=None, rescript=rescript, keep_scripts=keep_scripts, jobs=jobs,
        cache_dir=cache_dir, dry_run=dry_run, keep_going=keep_going, scheduler=scheduler,
        on_spoken=on_spoken))


def rescript(episodes: list[Path | str], *, show_dir: Path | str | None = None) -> list[Path]:
    """Make the scripts of the given episodes (their source or .script files) again from
    their sources; a hand-edited script is kept as NAME.script.bak first. The show is the one
    whose episodes/ folder holds them, unless `show_dir` names it."""
    from narrator.build.rescript import rescript as remake

    return remake([Path(p) for p in episodes], Path(show_dir) if show_dir else None)


def script_of(source: Path | str, *, show_dir: Path | str | None = None,
              language: str | None = None,
              lexicon: Mapping[str, str] | None = None) -> Script:
    """The narration script of a source (a file or an http(s) URL), or of a `.script` file as
    it reads: its sentences and headings with their spoken forms and pauses, and the lines of
    the source left out. A show's pauses, language and lexicon apply when `show_dir` is given."""
    from narrator.build.speak import speak_config
    from narrator.text.fetch import is_url
    from narrator.text.readers import read_source
    from narrator.text.scriptfile import SCRIPT_SUFFIX, parse
    from narrator.text.segment import make_script

    config = speak_config(Path(show_dir) if show_dir else None, language=language)
    words = {**config.lexicon, **(lexicon or {})}
    if not is_url(source) and Path(source).suffix == SCRIPT_SUFFIX:
        from narrator.core.errors import InputError

        path = Path(source)
        if not path.is_file():
            raise InputError("file not found", path)
        return parse(path.read_text(encoding="utf-8", errors="replace"), path, config.pauses,
                     words, config.show.language)
    document = read_source(source)
    return make_script(document, config.pauses,
                       language or document.meta.language or config.show.language, words)


def script_text(script: Script, source: Path | str = "-", *, show_dir: Path | str | None = None,
                list_dropped: bool = False) -> str:
    """A script as its editable .script file reads, with the show's pauses as the implied ones
    (`list_dropped`: with the source's left-out lines at the end, each with its reason)."""
    from narrator.core.config import PausesSection, load_config
    from narrator.text.fetch import is_url
    from narrator.text.scriptfile import render

    pauses = load_config(Path(show_dir)).pauses if show_dir else PausesSection()
    name = str(source) if is_url(source) else Path(source).name
    return render(script, name, None, pauses, list_dropped=list_dropped)


def speak(source: Path | str, out: Path | str, *, show_dir: Path | str | None = None,
          engine: str | None = None, voice: str | None = None, speed: float | None = None,
          language: str | None = None, jobs: int | None = None,
          cache_dir: Path | None = None, force: bool = False) -> EpisodeResult:
    """Narrate one source (a file or an http(s) URL) into one tagged MP3 at `out` (or NAME.mp3
    in it, when it is a folder), with a show's settings (`show_dir`) or the defaults; the
    engine, voice, speed and language given win. A source, or a file narrator did not write,
    is never replaced unless `force`."""
    from narrator.build.speak import speak_config, speak_source

    config = speak_config(Path(show_dir) if show_dir else None, engine, voice, speed, language)
    return speak_source(source, out, config, jobs=jobs, cache_dir=cache_dir, force=force)


def spoken_form(text: str, lexicon: Mapping[str, str] | None = None,
                language: str = "en") -> str:
    """What the voice says for `text`: numbers, dates, symbols and abbreviations as words of
    `language` (rules for en, de, es and fr; digits are left to the voice in others)."""
    from narrator.text.spoken import spoken_form as spoken

    return spoken(text, lexicon, language)


def output_folder(path: Path | str | None = None) -> Path:
    """The output folder that `path` names: a show folder's configured one (its [build]
    output, against the show folder), or the folder itself; with no path, the current
    folder's show's, else `audio_out`."""
    from narrator.build.show import output_of

    return output_of(path)


def preview(show_dir: Path | str, out_dir: Path | str | None = None, *, host: str = "127.0.0.1",
            port: int = 8000, rebuild: Callable[[], None] | None = None,
            on_ready: Callable | None = None) -> None:
    """Serve a built show's output folder for podcast apps and browsers until interrupted,
    calling `rebuild` (when given) whenever a file of the show changes; `on_ready(server)` hears
    when it listens (`server.url`)."""
    from narrator.build.preview import preview as serve
    from narrator.build.show import output_of

    out = Path(out_dir) if out_dir is not None else output_of(show_dir)
    serve(Path(show_dir), out, host, port, rebuild, on_ready)


def deploy(show_or_output: Path | str | None = None, *, git: str | None = None,
           branch: str = "gh-pages", folder: str | None = None, force: bool = False,
           delete: bool = False, message: str = "") -> Deployed:
    """Publish a built show (a show folder's configured output, or an output folder): onto a
    Git branch of `git` (a remote URL or path; `.nojekyll` added, the branch's CNAME kept), or
    mirrored into `folder` (a local folder, or host:path through rsync, which removes files
    there only with `delete`). An output that fails `validate` is refused unless `force`."""
    from narrator.build.show import output_of, show_of
    from narrator.core.errors import NarratorError
    from narrator.publish.deploy import deploy_folder, deploy_git
    from narrator.publish.validate import ValidationFailed, validate_show

    out_dir = output_of(show_or_output)
    if (git is None) == (folder is None):
        raise NarratorError("say where to deploy: --git REMOTE or --rsync DESTINATION")
    if not out_dir.is_dir():
        raise NarratorError("output folder not found (build the show first)", out_dir)
    errors = [problem for problem in validate_show(out_dir) if not problem.warning]
    if errors and not force:
        raise ValidationFailed(errors, hint="nothing was deployed; fix these, or deploy "
                                            "anyway with --force")
    if git is not None:
        return deploy_git(out_dir, git, branch, message)
    return deploy_folder(out_dir, folder, force=force, delete=delete,
                         show_dir=show_of(show_or_output, out_dir))


def engines() -> list[EngineInfo]:
    """The speech engines, whether each works here, and their voices."""
    from narrator.audio.engines import describe_engines

    return describe_engines()


def voices(language: str | None = None, *, refresh: bool = True) -> list[VoiceInfo]:
    """Piper's published voices (name, language, quality, speakers, size), those of
    `language` only when given (an ISO code: "de", "pt_BR"); the catalogue is kept for offline
    use, and without a network the kept one (or none) is listed."""
    from narrator.audio.engines.voices import catalogue

    items = sorted(catalogue(refresh=refresh).values(), key=lambda v: v.name)
    if language:
        wanted = language.replace("-", "_").lower()
        items = [v for v in items if v.language.lower() == wanted
                 or v.language.lower().split("_")[0] == wanted]
    return items


def installed_voices() -> list[str]:
    """The piper voices this machine has: the packaged one and those downloaded."""
    from narrator.audio.engines.piper import PiperEngine

    return PiperEngine.voices()


def get_voice(name: str, progress: Callable[[int, int], None] | None = None) -> Path:
    """Download a piper voice (its .onnx and .json) into narrator's cache, checked against the
    catalogue's checksums; a cut download resumes. Returns the .onnx."""
    from narrator.audio.engines.voices import download

    return download(name, progress=progress)


def validate(path: Path | str | None = None) -> list[Problem]:
    """Every reason podcast apps would refuse a built show; empty when none. `path` is its
    output folder, or a show folder (whose configured output is checked)."""
    from narrator.build.show import output_of
    from narrator.core.errors import NarratorError
    from narrator.publish.validate import validate_show

    out_dir = output_of(path)
    if not out_dir.is_dir():
        raise NarratorError("output folder not found (build the show first)", out_dir)
    return validate_show(out_dir)


def clean_cache(show_dirs: list[Path | str], cache_dir: Path | None = None,
                everything: bool = False) -> CleanResult:
    """Drop cached speech that none of `show_dirs` uses (`everything`: the whole cache)."""
    from narrator.build.clean import clean_cache as clean

    return clean([Path(d) for d in show_dirs], cache_dir, everything)


__all__ = ["__version__", "add", "build_show", "build_shows", "clean_cache", "deploy", "engines", "get_voice",
           "installed_voices", "voices", "init_show", "load_show",
           "output_folder", "preview", "rescript", "script_of", "script_text", "speak", "spoken_form", "validate",
           "ValidationFailed", "NarratorError", "ConfigError", "InputError",
           "EngineError", "AudioError"]
