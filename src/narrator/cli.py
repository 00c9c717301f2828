"""The command line: each command loads its inputs and calls the library; errors become one line."""

from __future__ import annotations

import functools
import logging
import sys
import traceback
from pathlib import Path

import click

from narrator import __version__
from narrator.errors import NarratorError

log = logging.getLogger("narrator")


class _ConsoleHandler(logging.Handler):
    """Progress to stdout as plain lines; warnings and errors to stderr, prefixed."""

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= logging.WARNING:
            click.echo(f"{record.levelname.lower()}: {message}", err=True)
        else:
            click.echo(message)


def _setup_logging(quiet: bool) -> None:
    log.handlers[:] = [_ConsoleHandler()]
    log.setLevel(logging.WARNING if quiet else logging.INFO)
    log.propagate = False


def handle_errors(command):
    """Turn NarratorError into `error: …` lines and exit code 1; tracebacks only with --verbose."""

    @functools.wraps(command)
    def wrapper(*args, verbose: bool = False, quiet: bool = False, **kwargs):
        verbose = verbose or click.get_current_context().find_root().params.get("verbose")
        _setup_logging(quiet)
        try:
            return command(*args, **kwargs)
        except NarratorError as error:
            if verbose:
                traceback.print_exc()
            for line in error.lines():
                click.echo(f"error: {line}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("error: interrupted; nothing half-made was published", err=True)
            sys.exit(130)
        except Exception as error:  # a bug in narrator, not a user mistake
            if verbose:
                traceback.print_exc()
            click.echo(f"error: internal error: {type(error).__name__}: {error} "
                       "(run with --verbose for the traceback)", err=True)
            sys.exit(2)

    wrapper = click.option("-q", "--quiet", is_flag=True, help="Print only errors.")(wrapper)
    return click.option("-v", "--verbose", is_flag=True,
                        help="Show tracebacks for errors.")(wrapper)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="narrator")
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks for errors.")
def main(verbose: bool) -> None:
    """narrator turns written text into podcast episodes and a feed."""
    from narrator import faults

    faults.arm()  # only when the crash tests ask for a crash


@main.command()
@click.argument("show_dir", type=click.Path(path_type=Path))
@handle_errors
def init(show_dir: Path) -> None:
    """Create a show in SHOW_DIR: narrator.toml, episodes/ and a cover image."""
    from narrator.scaffold import init_show

    init_show(show_dir)


_jobs_option = click.option("-j", "--jobs", type=click.IntRange(1, 256), default=None,
                            help="Worker processes for speech (default: the number of cores).")
_cache_option = click.option(
    "--cache-dir", type=click.Path(path_type=Path), default=None,
    help="Segment cache folder (default: $NARRATOR_CACHE_DIR or ~/.cache/narrator).")
_lexicon_option = click.option("--lexicon", "lexicon_from", type=click.Path(path_type=Path),
                               help="A show folder or narrator.toml whose [lexicon] to use.")


def _show_config(path: Path):
    """The config of a show given by its folder or by its narrator.toml."""
    from narrator.config import load_config

    return load_config(path.parent if path.is_file() else path)


class _progress:
    """A rich progress bar of the speech being made, on a terminal and unless --quiet; the
    plain line per episode otherwise (the log already gives it)."""

    def __enter__(self):
        self.bar = None
        if not (sys.stdout.isatty() and log.isEnabledFor(logging.INFO)):
            return None
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeRemainingColumn)

        self.bar = Progress(TextColumn("speaking"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("segments, {task.fields[seconds]:.0f} s of audio"),
                            TimeRemainingColumn(), transient=True)
        self.task = self.bar.add_task("speech", total=None, seconds=0.0)
        self.bar.start()
        return self.update

    def update(self, done: int, total: int, seconds: float) -> None:
        self.bar.update(self.task, completed=done, total=total, seconds=seconds)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
        return False


@main.command()
@click.argument("show_dir", type=click.Path(path_type=Path), default=".")
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default="audio_out",
              show_default=True, help="Folder to write the episodes and feed into.")
@click.option("--rescript", is_flag=True,
              help="Make every episode's .script file again from its source (edits are lost).")
@click.option("--keep-scripts", is_flag=True,
              help="Build from edited .script files even where their source changed since.")
@_jobs_option
@_cache_option
@click.option("-n", "--dry-run", is_flag=True,
              help="Say what would be made (episodes, segments, seconds of audio); change nothing.")
@click.option("-k", "--keep-going", is_flag=True,
              help="Publish the episodes that build; one that fails keeps its published version "
                   "(or stays out of the feed). Exits 1 if any failed.")
@handle_errors
def build(show_dir: Path, out_dir: Path, rescript: bool, keep_scripts: bool, jobs: int | None,
          cache_dir: Path | None, dry_run: bool, keep_going: bool) -> None:
    """Build every episode of the show in SHOW_DIR and its RSS feed."""
    from narrator.build import build_show

    if rescript and keep_scripts:
        raise NarratorError("--rescript and --keep-scripts contradict each other; use one")
    with _progress() as on_spoken:
        plan = build_show(show_dir, out_dir, rescript=rescript, keep_scripts=keep_scripts,
                          jobs=jobs, cache_dir=cache_dir, dry_run=dry_run, on_spoken=on_spoken,
                          keep_going=keep_going)
    if dry_run:
        for name in plan.episodes:
            click.echo(f"would build {name}")
        for name in plan.unchanged:
            click.echo(f"unchanged   {name}")
        click.echo(f"{len(plan.episodes)} episode(s) to build, {plan.segments} segment(s) to "
                   f"synthesize, about {plan.seconds:.0f} s of speech; nothing was changed")


@main.command()
@click.argument("show_dir", type=click.Path(path_type=Path), default=".")
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default="audio_out",
              show_default=True, help="The show's output folder, served as it is.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 lets other machines (a phone) connect.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free one).")
@click.option("--no-build", is_flag=True, help="Serve the output folder without building first.")
@click.option("--watch", "watching", is_flag=True,
              help="Rebuild whenever a source, script or the config changes.")
@_jobs_option
@_cache_option
@handle_errors
def serve(show_dir: Path, out_dir: Path, host: str, port: int, no_build: bool, watching: bool,
          jobs: int | None, cache_dir: Path | None) -> None:
    """Build the show in SHOW_DIR and serve it for previewing, until Ctrl-C."""
    import threading

    from narrator.build import build_show
    from narrator.publish import FEED_NAME
    from narrator.serve import Server, watch, watched_files

    config = _show_config(show_dir)

    def rebuild() -> None:
        try:
            with _progress() as on_spoken:
                build_show(show_dir, out_dir, jobs=jobs, cache_dir=cache_dir,
                           on_spoken=on_spoken)
        except NarratorError as error:  # keep serving what was published before
            for line in error.lines():
                click.echo(f"error: {line}", err=True)

    if not no_build:
        build_show(show_dir, out_dir, jobs=jobs, cache_dir=cache_dir)
    if not (out_dir / FEED_NAME).is_file():
        raise NarratorError(f"no {FEED_NAME} to serve: build the show first", out_dir)
    built = watched_files(show_dir, out_dir)  # before "serving": a change after it is seen
    try:
        server = Server(out_dir, config.show.base_url, host, port)
    except OSError as error:
        raise NarratorError(f"cannot listen on {host}:{port}: {error.strerror or error}") \
            from None
    click.echo(f"serving {out_dir} at {server.url}  (feed: {server.url}{FEED_NAME}; "
               "Ctrl-C stops)")
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo("listening beyond this machine: other devices on the network can connect")
    stop = threading.Event()
    try:
        if watching:
            watch(show_dir, out_dir, rebuild, stop, built)
        else:
            stop.wait()
    except KeyboardInterrupt:  # how a preview ends: not an error
        click.echo("stopped")
    finally:
        stop.set()
        server.close()


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-o", "--out", type=click.Path(path_type=Path), required=True,
              help="MP3 file to write.")
@click.option("--engine", default="piper", show_default=True, help="Speech engine.")
@click.option("--voice", default="", help="Engine voice (default: the engine's own).")
@click.option("--speed", type=click.FloatRange(0.5, 2.0), default=1.0, show_default=True,
              help="Speaking rate.")
@_jobs_option
@_cache_option
@handle_errors
def speak(source: Path, out: Path, engine: str, voice: str, speed: float, jobs: int | None,
          cache_dir: Path | None) -> None:
    """Narrate one text file (SOURCE) into one tagged MP3, no show needed."""
    from narrator.build import speak_file

    speak_file(source, out, engine, voice, speed, jobs=jobs, cache_dir=cache_dir)


@main.command()
@handle_errors
def engines() -> None:
    """List speech engines and voices, and whether each works here."""
    from narrator.engines import DEFAULT_ENGINE, ENGINES

    for name, cls in ENGINES.items():
        reason = cls.unavailable_reason()
        status = "usable" if reason is None else f"not usable: {reason}"
        if reason is None and not cls.OFFLINE:
            status += " (needs an internet connection; not checked)"
        default = " (default)" if name == DEFAULT_ENGINE else ""
        click.echo(f"{name}{default}: {cls.DESCRIPTION}")
        click.echo(f"  status: {status}")
        if reason is None:
            voices = cls.voices()
            shown = ", ".join(voices[:12]) + (f", … ({len(voices)} in all)"
                                              if len(voices) > 12 else "")
            click.echo(f"  voices: {shown}")


@main.command()
@click.argument("source")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: the editable script file; json: for programs.")
@click.option("--explain", is_flag=True, help="Also list every dropped line with its reason.")
@_lexicon_option
@handle_errors
def script(source: str, output_format: str, explain: bool, lexicon_from: Path | None) -> None:
    """Print the narration script of SOURCE (a .txt, .md, .html or .script file, or a URL)."""
    import json

    from narrator.config import PausesSection
    from narrator.ingest import is_url, read_source
    from narrator.script import make_script
    from narrator.scriptfile import SCRIPT_SUFFIX, parse, render

    pauses, lexicon = PausesSection(), {}
    if lexicon_from is not None:
        config = _show_config(lexicon_from)
        pauses, lexicon = config.pauses, config.lexicon
    if not is_url(source) and Path(source).suffix == SCRIPT_SUFFIX:
        path = Path(source)
        if not path.is_file():
            raise NarratorError("file not found", path)
        result = parse(path.read_text(encoding="utf-8", errors="replace"), path, pauses, lexicon)
    else:
        result = make_script(read_source(source), pauses, lexicon=lexicon)
    if output_format == "json":
        click.echo(json.dumps({
            "title": result.title, "byline": result.byline,
            "date": result.date.isoformat() if result.date else None,
            "segments": [{"text": s.text, "spoken": s.spoken, "kind": s.kind,
                          "pause_after_ms": s.pause_after_ms} for s in result.segments],
            "dropped": [{"text": d.text, "reason": d.reason} for d in result.dropped],
        }, ensure_ascii=False, indent=2))
        return
    click.echo(render(result, Path(source).name if not is_url(source) else source, None, pauses,
                      list_dropped=explain), nl=False)


@main.command()
@_lexicon_option
@handle_errors
def normalize(lexicon_from: Path | None) -> None:
    """Read lines on stdin and print each line's spoken form."""
    from narrator.normalize import spoken_form

    lexicon = _show_config(lexicon_from).lexicon if lexicon_from is not None else {}
    for line in click.get_text_stream("stdin"):
        click.echo(spoken_form(line.rstrip("\n"), lexicon))


@main.command()
@click.argument("out_dir", type=click.Path(path_type=Path), default="audio_out")
@handle_errors
def validate(out_dir: Path) -> None:
    """Check a built show in OUT_DIR against the rules podcast apps apply."""
    from narrator.validate import ValidationFailed, validate_show

    if not out_dir.is_dir():
        raise NarratorError("output folder not found (build the show first)", out_dir)
    problems = validate_show(out_dir)
    if problems:
        raise ValidationFailed(problems)
    click.echo(f"{out_dir}: the feed and every episode pass")


@main.command()
@click.argument("show_dirs", nargs=-1, type=click.Path(path_type=Path))
@_cache_option
@click.option("--all", "everything", is_flag=True,
              help="Empty the whole cache, prepared voices included.")
@handle_errors
def clean(show_dirs: tuple[Path, ...], cache_dir: Path | None, everything: bool) -> None:
    """Remove cached speech that none of the SHOW_DIRS uses (default: the current folder)."""
    from narrator.cache import SegmentCache
    from narrator.config import load_config
    from narrator.manifest import load_manifest

    cache = SegmentCache(cache_dir)
    used: set[str] = set()
    if not everything:
        for show_dir in show_dirs or (Path("."),):
            config = load_config(show_dir)
            used |= {key for record in load_manifest(config.root).values()
                     for key in record.segments}
    removed = [key for key in cache.keys() if key not in used]
    freed = sum(cache.remove(key) for key in removed)
    if everything:
        freed += cache.remove_prepared()
    click.echo(f"{cache.root}: removed {len(removed)} cached segment(s), "
               f"{freed / 1_048_576:.1f} MiB; kept {len(cache.keys())}")
