"""The one small interface every speech engine implements, and the registry of engines."""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from pathlib import Path
from typing import ClassVar

ENGINES: dict[str, type["Engine"]] = {}


@dataclasses.dataclass
class NoOptions:
    """An engine without settings of its own."""


class Engine(ABC):
    """A speech engine: text in, mono audio (a pydub AudioSegment) out."""

    NAME: ClassVar[str]
    DESCRIPTION: ClassVar[str]
    OFFLINE: ClassVar[bool]
    Options: ClassVar[type] = NoOptions
    """The engine's own settings, beyond voice and speed: a dataclass whose fields are declared
    with `narrator.core.config.option` (a default and a one-line doc each). A show sets them in
    its [voice.NAME] table; `narrator init` writes them with their docs."""
    ADAPTER_VERSION: ClassVar[int] = 1
    """Raised whenever the adapter's output for the same input changes (cache keys use it)."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        ENGINES[cls.NAME] = cls

    def __init__(self, voice: str = "", speed: float = 1.0, **options):
        self.voice = voice
        self.speed = speed
        self.options = options
        self.cache_root: Path | None = None

    @classmethod
    @abstractmethod
    def unavailable_reason(cls) -> str | None:
        """None when the engine works on this machine, else why not, in a few words."""

    @classmethod
    @abstractmethod
    def voices(cls) -> list[str]:
        """Names of the voices this engine offers here."""

    @abstractmethod
    def synthesize(self, text: str):
        """Speak `text`; return a mono pydub AudioSegment. Raise EngineError on failure."""

    def use_cache(self, root: Path) -> None:
        """Where the engine may keep what it derives once and reuses (a prepared voice)."""
        self.cache_root = root

    def use_threads(self, threads: int) -> None:
        """How many threads the engine may use for one synthesis (a worker's share of the
        cores); engines that compute nothing locally ignore it."""

    def can_fork(self) -> bool:
        """Whether worker processes may be forked from this one (no runtime threads started)."""
        return True

    def identity(self) -> dict:
        """Everything about this engine that changes its audio, for cache keys."""
        return {"engine": self.NAME, "adapter": self.ADAPTER_VERSION, "voice": self.voice,
                "speed": self.speed, **self.options}
