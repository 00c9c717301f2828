"""`narrator engines`, `narrator voices` and `narrator voices get`: the speech engines and the
piper voices, listed and downloaded."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from narrator.audio.engines import EngineInfo, describe_engines
from narrator.audio.engines.voices import VoiceInfo, catalogue, download


def engines() -> list[EngineInfo]:
    """The speech engines, whether each works here, and their voices."""
    return describe_engines()


def voices(language: str | None = None, *, refresh: bool = True) -> list[VoiceInfo]:
    """Piper's published voices (name, language, quality, speakers, size), those of
    `language` only when given (an ISO code: "de", "pt_BR"); the catalogue is kept for offline
    use, and without a network the kept one (or none) is listed."""
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
    return download(name, progress=progress)
