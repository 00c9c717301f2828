"""What a build (or `speak`) returns to its caller."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from narrator.core.models import EncodedAudio, Script


@dataclass
class EpisodeResult:
    """One episode of a finished build."""

    slug: str
    title: str
    mp3: Path
    duration_s: float
    rebuilt: bool
    script: Script
    audio: EncodedAudio | None = None  # set when the episode was encoded in this build


@dataclass
class BuildResult:
    """A finished build: where it published, and each episode."""

    out_dir: Path
    feed: Path
    episodes: list[EpisodeResult] = field(default_factory=list)
