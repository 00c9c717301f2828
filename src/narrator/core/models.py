"""Plain data passed from one stage to the next; no stage reaches back into an earlier one."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path


@dataclass
class EpisodeMeta:
    """What an episode's front matter may set; None means "not set"."""

    title: str | None = None
    date: datetime | None = None
    description: str | None = None
    guid: str | None = None
    season: int | None = None
    episode: int | None = None
    explicit: bool | None = None
    episode_type: str | None = None
    author: str | None = None  # the text's author (the show's author stays the feed's)
    language: str | None = None  # the text's language, when not the show's
    found_language: str | None = None  # the language its words are plainly in, where found
    source: str | None = None  # where the text came from: the page's address, the book's file


@dataclass
class Block:
    """One structural piece of a source text."""

    kind: str  # "heading", "paragraph", or "note" (text: a name in core.languages.NOTES)
    text: str


@dataclass
class Dropped:
    """A line of the source that will not be read, and why (shown by `narrator script --explain`)."""

    text: str
    reason: str
    score: float | None = None
    """The cleaner's score of the line as article body (0 to 1), where a model judged it."""

    @property
    def explained(self) -> str:
        """The reason as `--explain` shows it, with the score where there is one."""
        return self.reason if self.score is None else f"{self.reason}, score {self.score:.2f}"


@dataclass
class Document:
    """A source text after ingest: its metadata and its body as blocks."""

    source: Path | str  # a file, or the URL a page was fetched from
    slug: str
    title: str
    meta: EpisodeMeta
    blocks: list[Block]
    byline: str | None = None
    dropped: list[Dropped] = field(default_factory=list)

    def to_data(self) -> dict:
        """The document as plain data (JSON); `from_data` makes it again."""
        meta = asdict(self.meta)
        meta["date"] = self.meta.date.isoformat() if self.meta.date else None
        return {"slug": self.slug, "title": self.title, "meta": meta, "byline": self.byline,
                "blocks": [[block.kind, block.text] for block in self.blocks],
                "dropped": [[item.text, item.reason, item.score] for item in self.dropped]}

    @classmethod
    def from_data(cls, data: dict, source: Path | str) -> Document:
        """The document `to_data` gave, read from `source`."""
        meta = dict(data["meta"])
        meta["date"] = datetime.fromisoformat(meta["date"]) if meta["date"] else None
        return cls(source=source, slug=data["slug"], title=data["title"],
                   meta=EpisodeMeta(**meta), byline=data["byline"],
                   blocks=[Block(kind, text) for kind, text in data["blocks"]],
                   dropped=[Dropped(text, reason, score) for text, reason, score in
                            data["dropped"]])


@dataclass
class Segment:
    """One unit of narration: a sentence or a heading, read in one breath."""

    text: str  # as written, for transcripts
    spoken: str  # what the voice says
    kind: str  # "heading", "sentence", or "intro"/"outro"
    pause_after_ms: int
    ends_paragraph: bool = False
    audio_path: Path | None = None  # an intro or outro played from a file instead of spoken


@dataclass
class Script:
    """The narration script of one episode."""

    title: str
    segments: list[Segment]
    byline: str | None = None
    date: datetime | None = None
    dropped: list[Dropped] = field(default_factory=list)
    language: str = "en"  # of its text: the spoken form's rules and the sentence splitter's

    def to_dict(self) -> dict:
        """The script as plain data (for JSON): title, byline, date, segments, dropped lines."""
        return {"title": self.title, "byline": self.byline,
                "date": self.date.isoformat() if self.date else None,
                "segments": [{"text": s.text, "spoken": s.spoken, "kind": s.kind,
                              "pause_after_ms": s.pause_after_ms} for s in self.segments],
                "dropped": [{"text": d.text, "reason": d.reason, "score": d.score}
                            for d in self.dropped]}

    @property
    def full_text(self) -> str:
        """The text as written, one paragraph or heading a line, for lyrics frames."""
        lines, current = [], []
        for segment in self.segments:
            current.append(segment.text)
            if segment.kind == "heading" or segment.ends_paragraph:
                lines.append(" ".join(current))
                current = []
        if current:
            lines.append(" ".join(current))
        return "\n".join(lines)


@dataclass
class Timing:
    """Where one segment sits in the stitched audio, in milliseconds; with `words`, where each
    token of its spoken text does (from the voice's phoneme durations), else None."""

    start_ms: float
    end_ms: float
    words: list[tuple[float, float]] | None = None


@dataclass
class Cue:
    """A piece of transcript text and when it is heard, in milliseconds."""

    start_ms: float
    end_ms: float
    text: str


@dataclass
class Chapter:
    """A chapter of an episode: where it starts and ends, in milliseconds, and its title."""

    start_ms: float
    end_ms: float
    title: str


@dataclass
class EncodedAudio:
    """An encoded MP3 and the facts measured while making it."""

    path: Path
    duration_ms: float
    timings: list[Timing] = field(default_factory=list)
    loudness_lufs: float | None = None  # integrated loudness, measured on the MP3
    true_peak_dbtp: float | None = None  # true peak, measured on the MP3
    pieces: int = 1  # the pieces it was encoded in (audio.chunks)
    pieces_encoded: int = 1  # of which encoded in this build (the rest: from the cache)
    piece_keys: list[str] = field(default_factory=list)  # their cache keys, when cached
