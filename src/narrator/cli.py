"""The command line: each command parses its options and calls narrator's Python API (in
`narrator/__init__.py`); errors become one line."""

from __future__ import annotations

import functools
import logging
import sys
import traceback
from pathlib import Path

import click

import narrator
from narrator import __version__

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
    for library in ("trafilatura", "htmldate", "courlan", "pdfminer", "ebooklib"):
        # Their notes on a page's markup are not the user's business; narrator's errors are.
        logging.getLogger(library).setLevel(logging.ERROR)


def handle_errors(command):
    """Turn NarratorError into `error: …` lines and exit code 1; tracebacks only with --verbose."""

    @functools.wraps(command)
    def wrapper(*args, verbose: bool = False, quiet: bool = False, **kwargs):
        verbose = verbose or click.get_current_context().find_root().params.get("verbose")
        _setup_logging(quiet)
        try:
            return command(*args, **kwargs)
        except KeyboardInterrupt:
            click.echo("error: interrupted; nothing half-made was published", err=True)
            sys.exit(130)
        except Exception as error:
            if verbose:
                traceback.print_exc()
            # The user's to fix; or the system refused (a full disk, a read-only folder, ...).
            problem = error if isinstance(error, narrator.NarratorError) else \
                narrator.NarratorError.from_os_error(error) if isinstance(error, OSError) else None
            if problem is None:  # a bug in narrator, not a user mistake
                click.echo(f"error: internal error: {type(error).__name__}: {error} "
                           "(run with --verbose for the traceback)", err=True)
                sys.exit(2)
            for line in problem.lines() if problem is error else problem.lines()[:1]:
                click.echo(f"error: {line}", err=True)
            sys.exit(1)

    wrapper = click.option("-q", "--quiet", is_flag=True, help="Print only errors.")(wrapper)
    return click.option("-v", "--verbose", is_flag=True,
                        help="Show tracebacks for errors.")(wrapper)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="narrator")
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks for errors.")
def main(verbose: bool) -> None:
    """narrator turns written text into podcast episodes and a feed."""
    from narrator.core import faults

    faults.arm()  # only when the crash tests ask for a crash


@main.command()
@click.argument("show_dir", type=click.Path(path_type=Path))
@click.option("--title", default="", help="The show's name (default: the folder's).")
@click.option("--author", default="", help="Who makes the show.")
@click.option("--email", default="", help="The owner's e-mail (Apple and Spotify use it).")
@click.option("--url", default="", help="Where the output folder will be hosted.")
@click.option("--description", default="", help="What the show is about.")
@handle_errors
def init(show_dir: Path, title: str, author: str, email: str, url: str,
         description: str) -> None:
    """Create a show in SHOW_DIR: narrator.toml, episodes/ and a cover image."""
    narrator.init(show_dir, title=title, author=author, email=email, url=url,
                  description=description)


@main.command()
@click.argument("source")
@click.argument("show_dir", type=click.Path(path_type=Path), default=".")
@click.option("--single", is_flag=True, help="A book as one episode with chapter marks, "
              "not one episode per chapter.")
@handle_errors
def add(source: str, show_dir: Path, single: bool) -> None:
    """Add SOURCE (a URL, a .txt, .md, .html, .epub or .pdf file, or - for standard input) to
    the show in SHOW_DIR as editable Markdown episode source(s)."""
    added = narrator.add(source, _show_dir(show_dir), single=single)
    where = "" if str(show_dir) == "." else f" {show_dir}"
    click.echo(f"next: read or edit {'it' if len(added) == 1 else 'them'}, then "
               f"`narrator build{where}`")


_jobs_option = click.option("-j", "--jobs", type=click.IntRange(1, 256), default=None,
                            help="Worker processes for speech (default: the number of cores).")
_cache_option = click.option(
    "--cache-dir", type=click.Path(path_type=Path), default=None,
    help="Segment cache folder (default: $NARRATOR_CACHE_DIR or ~/.cache/narrator).")
_lexicon_option = click.option("--lexicon", "lexicon_from", type=click.Path(path_type=Path),
                               help="A show folder or narrator.toml whose [lexicon] to use.")


def _show_dir(path: Path) -> Path:
    """A show's folder, given as the folder or as its narrator.toml."""
    return path.parent if path.is_file() else path


class _progress:
    """A rich progress bar on a terminal and unless --quiet (the log's plain lines otherwise):
    of the speech being made, or of a download (`download`: its name)."""

    def __init__(self, download: str = ""):
        self.download, self.bar = download, None

    def __enter__(self):
        if not (sys.stdout.isatty() and log.isEnabledFor(logging.INFO)):
            return None
        from rich.progress import (BarColumn, DownloadColumn, MofNCompleteColumn, Progress,
                                   TextColumn, TimeRemainingColumn, TransferSpeedColumn)

        columns = ([TextColumn(self.download), BarColumn(), DownloadColumn(),
                    TransferSpeedColumn()] if self.download else
                   [TextColumn("speaking"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("segments, {task.fields[seconds]:.0f} s of audio")])
        self.bar = Progress(*columns, TimeRemainingColumn(), transient=True)
        self.task = self.bar.add_task("work", total=None, seconds=0.0)
        self.bar.start()
        return self.update

    def update(self, done: int, total: int, seconds: float = 0.0) -> None:
        self.bar.update(self.task, completed=done, total=total, seconds=seconds)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()


_out_help = "the show's [build] output, audio_out in the show folder unless narrator.toml says"


@main.command()
@click.argument("show_dirs", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help=f"Folder to write the episodes and feed into (default: {_out_help}).")
@click.option("--rescript", is_flag=True,
              help="Make every episode's .script file again from its source (a hand-edited "
                   "one is kept as NAME.script.bak).")
@click.option("--keep-scripts", is_flag=True,
              help="Build from edited .script files even where their source changed since.")
@_jobs_option
@_cache_option
@click.option("--scheduler", metavar="tcp://HOST:PORT", default=None,
              help="Speak the missing segments on this Dask scheduler's cluster (default: "
                   "NARRATOR_SCHEDULER, else [build] scheduler; needs narrator[dask]).")
@click.option("-n", "--dry-run", is_flag=True,
              help="Say what would be made (episodes, segments, seconds of audio); change nothing.")
@click.option("-k", "--keep-going", is_flag=True,
              help="Publish the episodes that build; one that fails keeps its published version "
                   "(or stays out of the feed). Exits 1 if any failed.")
@handle_errors
def build(show_dirs: tuple[Path, ...], out_dir: Path, rescript: bool, keep_scripts: bool,
          jobs: int | None, cache_dir: Path | None, scheduler: str | None, dry_run: bool,
          keep_going: bool) -> None:
    """Build every episode of the show in SHOW_DIRS and its RSS feed.

    SHOW_DIRS: this folder unless given; several are planned together, each into its output."""
    if rescript and keep_scripts:
        raise narrator.NarratorError("--rescript and --keep-scripts contradict each other: use one")
    with _progress() as on_spoken:
        options = narrator.BuildOptions(
            out_dir=out_dir, rescript=rescript, keep_scripts=keep_scripts, jobs=jobs,
            cache_dir=cache_dir, dry_run=dry_run, on_spoken=on_spoken, keep_going=keep_going,
            scheduler=scheduler)
        plans = narrator.build_shows(list(show_dirs or (Path("."),)), options)
    for plan, show in zip(plans if dry_run else [], show_dirs or (Path("."),)):
        at = f"{show}/" if len(show_dirs) > 1 else ""  # which show's, when several
        click.echo("".join([*(f"would build {at}{name}\n" for name in plan.episodes),
                            *(f"unchanged   {at}{name}\n" for name in plan.unchanged)]), nl=False)
        click.echo(f"{len(plan.episodes)} episode(s) to build, {plan.segments} segment(s) to "
                   f"synthesize, about {plan.seconds:.0f} s of speech; nothing was changed")


@main.command()
@click.argument("show_dir", type=click.Path(path_type=Path), default=".")
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help=f"The output folder to serve (default: {_out_help}).")
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

    def rebuild() -> None:
        try:
            with _progress() as on_spoken:
                narrator.build(show_dir, narrator.BuildOptions(
                    out_dir=out_dir, jobs=jobs, cache_dir=cache_dir, on_spoken=on_spoken))
        except narrator.NarratorError as error:  # keep serving what was published before
            for line in error.lines():
                click.echo(f"error: {line}", err=True)

    out_dir = out_dir if out_dir is not None else narrator.output_folder(show_dir)

    def ready(server) -> None:
        click.echo(f"serving {out_dir} at {server.url}  (feed: {server.url}feed.xml; "
                   "Ctrl-C stops)")
        if host not in ("127.0.0.1", "localhost", "::1"):
            click.echo("listening beyond this machine: other devices on the network can connect")

    if not no_build:
        narrator.build(show_dir, narrator.BuildOptions(out_dir=out_dir, jobs=jobs,
                                                       cache_dir=cache_dir))
    try:
        narrator.serve(show_dir, out_dir, host=host, port=port,
                         rebuild=rebuild if watching else None, on_ready=ready)
    except KeyboardInterrupt:  # how a preview ends: not an error
        click.echo("stopped")


@main.command()
@click.argument("source")
@click.option("-o", "--out", type=click.Path(path_type=Path), required=True,
              help="MP3 file to write (or a folder to write NAME.mp3 in).")
@click.option("--show", "show_dir", type=click.Path(path_type=Path), default=None,
              help="Speak with this show's voice, language, pauses and lexicon.")
@click.option("--engine", default=None, help="Speech engine (default: piper, or the show's).")
@click.option("--voice", default=None, help="Engine voice (default: the engine's own).")
@click.option("--speed", type=click.FloatRange(0.5, 2.0), default=None,
              help="Speaking rate (default: 1.0, or the show's).")
@click.option("--language", default=None, help="Language of the text (default: en).")
@click.option("--force", is_flag=True, help="Replace OUT even if narrator did not write it.")
@_jobs_option
@_cache_option
@handle_errors
def speak(source: str, out: Path, show_dir: Path | None, engine: str | None, voice: str | None,
          speed: float | None, language: str | None, force: bool, jobs: int | None,
          cache_dir: Path | None) -> None:
    """Narrate a text file, URL or - (stdin) into one tagged MP3 or WAV."""
    narrator.speak(source, out, narrator.SpeakOptions(
        show_dir=_show_dir(show_dir) if show_dir else None, engine=engine, voice=voice,
        speed=speed, language=language, jobs=jobs, cache_dir=cache_dir, force=force))


@main.command()
@handle_errors
def engines() -> None:
    """List speech engines and voices, and whether each works here."""
    for info in narrator.engines():
        reason = info.unavailable_reason
        status = "usable" if reason is None else f"not usable: {reason}"
        if reason is None and not info.offline:
            status += " (needs an internet connection; not checked)"
        click.echo(f"{info.name}{' (default)' if info.default else ''}: {info.description}")
        click.echo(f"  status: {status}")
        if reason is None:
            more = f", … ({len(info.voices)} in all)" if len(info.voices) > 12 else ""
            click.echo(f"  voices: {', '.join(info.voices[:12])}{more}")


@main.group(invoke_without_command=True)
@click.option("--language", default=None, help="Only voices of this language (de, pt_BR ...).")
@click.option("--installed", "only_installed", is_flag=True, help="Only the installed voices.")
@click.pass_context
@handle_errors
def voices(context, language: str | None, only_installed: bool) -> None:
    """List piper's voices (installed ones marked); `voices get NAME` downloads one."""
    if context.invoked_subcommand is not None:
        return
    have = set(narrator.installed_voices())
    try:
        listed = narrator.voices(language)
    except narrator.EngineError as error:
        if not have:
            raise
        click.echo(f"warning: {error.message}", err=True)
        listed = []
    shown = 0
    for voice in listed:
        if only_installed and voice.name not in have:
            continue
        mark = "*" if voice.name in have else " "
        speakers = f", {voice.speakers} speakers" if voice.speakers > 1 else ""
        click.echo(f"{mark} {voice.name:<36} {voice.language_name or voice.language} "
                   f"({voice.language}), {voice.quality}{speakers}, "
                   f"{voice.size_bytes / 1_048_576:.0f} MB")
        shown += 1
    for name in sorted(have - {v.name for v in listed}):
        if not language or name.lower().startswith(language.replace("-", "_").lower()):
            click.echo(f"* {name}")
            shown += 1
    click.echo(f"{shown} voice(s); * installed. Get one with `narrator voices get NAME`, then "
               'set voice = "NAME" in [voice].')


@voices.command("get")
@click.argument("name")
@handle_errors
def voices_get(name: str) -> None:
    """Download the piper voice NAME into narrator's cache (resumes a cut download)."""
    with _progress(download=name) as progress:
        path = narrator.get_voice(name, progress=progress)
    click.echo(f"installed {name} ({path})")


@main.command()
@click.argument("source")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: the editable script file; json: for programs.")
@click.option("--explain", is_flag=True, help="Also list every dropped line with its reason.")
@_lexicon_option
@click.option("--language", default=None,
              help="Language of the text, as an ISO 639 code (default: the source's front "
                   "matter, the show's, or en).")
@handle_errors
def script(source: str, output_format: str, explain: bool, lexicon_from: Path | None,
           language: str | None) -> None:
    """Print the narration script of SOURCE (a .txt, .md, .html, .epub, .pdf or .script file,
    a URL, or - for standard input)."""
    import json

    show_dir = _show_dir(lexicon_from) if lexicon_from is not None else None
    result = narrator.script(source, show_dir=show_dir, language=language)
    if output_format == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(narrator.script_text(result, source, show_dir=show_dir, list_dropped=explain),
               nl=False)


@main.command()
@click.argument("episodes", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--show", "show_dir", type=click.Path(path_type=Path), default=None,
              help="The show (default: the one whose episodes/ folder holds them).")
@handle_errors
def rescript(episodes: tuple[Path, ...], show_dir: Path | None) -> None:
    """Make the scripts of EPISODES (source or .script files) again from their sources; a
    script edited by hand is kept as NAME.script.bak first."""
    narrator.rescript(list(episodes), show_dir=_show_dir(show_dir) if show_dir else None)


@main.command()
@_lexicon_option
@click.option("--language", default=None,
              help="Language of the lines, as an ISO 639 code (default: the show's, or en).")
@handle_errors
def normalize(lexicon_from: Path | None, language: str | None) -> None:
    """Read lines on stdin and print each line's spoken form."""
    show = narrator.load_show(_show_dir(lexicon_from)) if lexicon_from else None
    lexicon = show.lexicon if show else {}
    language = language or (show.show.language if show else "en")
    for line in click.get_text_stream("stdin"):
        click.echo(narrator.spoken_form(line.rstrip("\n"), lexicon, language))


@main.command()
@click.argument("folder", type=click.Path(path_type=Path), default=None, required=False)
@click.option("--publish", is_flag=True,
              help="About to submit the show: what apps would refuse or degrade fails too.")
@handle_errors
def validate(folder: Path | None, publish: bool) -> None:
    """Check a built show against the rules podcast apps apply. FOLDER is a show folder (its
    output is checked) or an output folder (default: the current show's, else audio_out)."""
    out_dir = narrator.output_folder(folder)
    problems = narrator.validate(out_dir)
    errors = [p for p in problems if not p.warning or publish]
    for problem in problems:
        if problem not in errors:
            click.echo(f"warning: {problem}", err=True)
    if errors:
        raise narrator.ValidationFailed(errors)
    if problems:
        click.echo(f"{out_dir}: the feed and every episode pass; {len(problems)} thing(s) to "
                   "set before submitting the show (validate --publish fails on them)")
    else:
        click.echo(f"{out_dir}: the feed and every episode pass"
                   + (", ready to submit" if publish else ""))


@main.command()
@click.argument("folder", type=click.Path(path_type=Path), default=None, required=False)
@click.option("--to", "to", metavar="REMOTE:PATH", default=None,
              help="Upload to object storage, WebDAV or SFTP through rclone: a remote of your "
                   "rclone config, or s3://BUCKET/PATH with the AWS variables.")
@click.option("-n", "--dry-run", is_flag=True,
              help="With --to: list what would be uploaded and deleted; change nothing.")
@click.option("--git", "remote", default=None,
              help="Push the output as a commit onto a branch of this Git remote (URL or path).")
@click.option("--branch", default="gh-pages", show_default=True, help="The branch (with --git).")
@click.option("--rsync", "destination", default=None,
              help="Mirror the output into this folder, or host:path through rsync.")
@click.option("--delete", is_flag=True,
              help="With --rsync to a host: remove what an earlier deploy put there, and only that.")
@click.option("-m", "--message", default="", help="The commit message (with --git).")
@click.option("--force", is_flag=True,
              help="Deploy even an output that fails validate, or into a place not deployed to "
                   "before that holds files of someone else's.")
@handle_errors
def deploy(folder: Path | None, to: str | None, dry_run: bool, remote: str | None, branch: str,
           destination: str | None, delete: bool, message: str, force: bool) -> None:
    """Publish a built show for hosting. FOLDER is a show folder (its output is deployed) or
    an output folder (default: the current show's, else audio_out)."""
    with _progress(download="uploading") as on_progress:
        options = narrator.DeployOptions(force=force, dry_run=dry_run, branch=branch,
                                         message=message, delete=delete, on_progress=on_progress)
        done = narrator.deploy(folder, to=to, git=remote, folder=destination, options=options)
    if dry_run:
        click.echo(f"{len(done.uploaded)} file(s) to upload, {len(done.deleted)} to delete; "
                   "nothing was changed")
    elif not done.changed:
        click.echo(f"{done.where} already had this version of the show")


@main.command()
@click.argument("show_dirs", nargs=-1, type=click.Path(path_type=Path))
@_cache_option
@click.option("--all", "everything", is_flag=True,
              help="Empty the whole cache, prepared voices included.")
@handle_errors
def clean(show_dirs: tuple[Path, ...], cache_dir: Path | None, everything: bool) -> None:
    """Remove cached speech that none of the SHOW_DIRS uses (default: the current folder)."""
    result = narrator.clean(list(show_dirs or (Path("."),)), cache_dir, everything)
    voices = f" and {result.voices_removed} prepared voice(s)" if everything else ""
    voices += f", {result.pieces_removed} encoded piece(s)" if result.pieces_removed else ""
    click.echo(f"{result.cache_dir}: removed {result.removed} cached segment(s){voices}, "
               f"{result.freed_bytes / 1_048_576:.1f} MiB; kept {result.kept} segment(s)")
