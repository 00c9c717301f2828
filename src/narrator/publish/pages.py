"""The listening pages: a static `index.html` for the show and one page per episode, with the
player, chapters and a transcript that follows the voice.

Pages are rendered with Jinja2 (autoescaped) from what the build publishes: each transcript comes
from the episode's WebVTT cues, grouped into the script's paragraphs and headings, and each chapter
list from its chapters file. Everything works without JavaScript (the player, reading, chapter
links as media fragments); `narrator.js` adds the highlight, seeking, speed and keyboard use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path

from narrator.core.durations import clock, hms
from narrator.core.formats import ASSETS, INDEX_NAME, JSON_SUFFIX, MP3_SUFFIX, PAGE_SUFFIX, \
    SRT_SUFFIX, TEXT_SUFFIX, VTT_SUFFIX
from narrator.core.languages import month_name
from narrator.core.markup import html_text
from narrator.core.models import Chapter, Cue, Script
from narrator.publish.transcripts import one_line

SPEEDS = (0.75, 1.0, 1.25, 1.5, 1.75, 2.0)
FILE_LABELS = {VTT_SUFFIX: "Transcript (WebVTT captions)",
               SRT_SUFFIX: "Transcript (SubRip captions)",
               JSON_SUFFIX: "Transcript (JSON, a word at a time)",
               TEXT_SUFFIX: "Transcript (plain text)"}


@dataclass
class Sentence:
    """A sentence (or heading) of the transcript: when it is heard, and its words, each timed
    (empty when the voice gave no word timing)."""

    start_ms: float
    end_ms: float
    text: str
    words: list[Cue] = field(default_factory=list)


@dataclass
class TranscriptBlock:
    """A heading or a paragraph of the transcript, as timed sentences."""

    kind: str  # "heading" or "paragraph"
    cues: list[Sentence]


def sentences(script: Script, words: list[Cue]) -> list[Sentence]:
    """The script's sentences timed by a JSON transcript's segments: a word each (read-along),
    or a sentence each (an engine without word timing); [] when they do not match the script
    (a hand-edited file)."""
    out, at = [], 0
    for segment in script.segments:
        if not segment.text:
            continue
        text = one_line(segment.text)
        tokens = text.split()
        if at < len(words) and words[at].text == text and len(tokens) > 1:
            out.append(Sentence(words[at].start_ms, words[at].end_ms, text))
            at += 1
            continue
        mine = words[at:at + len(tokens)]
        if [word.text for word in mine] != tokens:
            return []
        out.append(Sentence(mine[0].start_ms, mine[-1].end_ms, text, mine))
        at += len(tokens)
    return out if at == len(words) else []


@dataclass
class PageEpisode:
    """What a page shows of one episode."""

    slug: str
    title: str
    date: datetime
    duration_s: float
    description: str
    transcript: list[TranscriptBlock] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # companions published beside the MP3
    render: bool = True  # False: its page stays as published (its source failed to build)

    @property
    def page(self) -> str:
        return self.slug + PAGE_SUFFIX

    @property
    def mp3(self) -> str:
        return self.slug + MP3_SUFFIX

    @property
    def downloads(self) -> list[tuple[str, str]]:
        """The companions worth a link, with what each is: (name, label)."""
        return [(name, FILE_LABELS[suffix]) for name in self.files
                for suffix in FILE_LABELS if name == self.slug + suffix]


@dataclass
class PageShow:
    title: str
    description: str
    language: str
    author: str
    cover: str  # file name beside the pages
    feed: str  # file name of the feed


def transcript_blocks(script: Script, cues: list[Sentence]) -> list[TranscriptBlock]:
    """The sentences grouped as the script's headings and paragraphs; should they not match
    the script (a hand-edited file, captions), each is its own block."""
    spoken = [segment for segment in script.segments if segment.text]
    if len(spoken) != len(cues) or any(one_line(s.text) != c.text for s, c in zip(spoken, cues)):
        return [TranscriptBlock("paragraph", [cue]) for cue in cues]
    blocks: list[TranscriptBlock] = []
    current: list[Cue] = []
    for segment, cue in zip(spoken, cues):
        if segment.kind == "heading":
            if current:
                blocks.append(TranscriptBlock("paragraph", current))
                current = []
            blocks.append(TranscriptBlock("heading", [cue]))
            continue
        current.append(cue)
        if segment.ends_paragraph:
            blocks.append(TranscriptBlock("paragraph", current))
            current = []
    if current:
        blocks.append(TranscriptBlock("paragraph", current))
    return blocks


def plain_text(description: str) -> str:
    """A description (HTML: an author's allowed markup, or escaped text) as the text it shows."""
    return html_text(description)


def human_date(date: datetime) -> str:
    return f"{date.day} {month_name(date.month)} {date.year}"


def spoken_duration(seconds: float) -> str:
    """A duration as words, for reading: "1 hr 2 min", "4 min 12 s", "38 s"."""
    hours, minutes, secs = hms(seconds)
    if hours:
        return f"{hours} hr {minutes} min"
    return f"{minutes} min {secs} s" if minutes else f"{secs} s"


def iso_duration(seconds: float) -> str:
    hours, minutes, secs = hms(seconds)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + f"{secs}S"


@cache
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    environment = Environment(loader=PackageLoader("narrator.publish", "templates"),
                              autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    environment.filters.update(clock=clock, human_date=human_date, plain_text=plain_text,
                               spoken_duration=spoken_duration, iso_duration=iso_duration,
                               seconds=lambda ms: f"{ms / 1000:.3f}")
    return environment


def render_episode_page(show: PageShow, episode: PageEpisode) -> str:
    return _environment().get_template("episode.html").render(show=show, episode=episode,
                                                             speeds=SPEEDS)


def render_index(show: PageShow, episodes: list[PageEpisode]) -> str:
    """The show's page, newest episode first."""
    ordered = sorted(episodes, key=lambda e: (e.date, e.slug), reverse=True)
    return _environment().get_template("index.html").render(show=show, episodes=ordered)


def asset_text(name: str) -> str:
    from importlib.resources import files

    return files("narrator.publish").joinpath("templates", name).read_text(encoding="utf-8")


def write_pages(folder: Path, show: PageShow, episodes: list[PageEpisode]) -> list[str]:
    """Write the index, every episode's page and the shared assets into `folder`; their names."""
    written = {INDEX_NAME: render_index(show, episodes)}
    written.update((episode.page, render_episode_page(show, episode)) for episode in episodes
                   if episode.render)
    written.update((name, asset_text(name)) for name in ASSETS)
    for name, text in written.items():
        (folder / name).write_text(text, encoding="utf-8")
    return sorted(written)

