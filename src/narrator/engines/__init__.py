"""Speech engines. Each module here defines one Engine subclass; adding an engine is one file."""

from __future__ import annotations

import importlib
import pkgutil

from narrator.engines.base import ENGINES, Engine
from narrator.errors import EngineError

for _module in pkgutil.iter_modules(__path__):
    if _module.name != "base":
        importlib.import_module(f"{__name__}.{_module.name}")

DEFAULT_ENGINE = "piper"


def usable_engines() -> list[str]:
    """Names of the engines that work on this machine."""
    return [name for name, cls in ENGINES.items() if cls.unavailable_reason() is None]


def get_engine(name: str, voice: str = "", speed: float = 1.0, **options) -> Engine:
    """An engine instance by name; a clear error names the engines that do work here."""
    if name not in ENGINES:
        raise EngineError(f"unknown engine '{name}'; choose one of: {', '.join(ENGINES)}")
    reason = ENGINES[name].unavailable_reason()
    if reason:
        others = ", ".join(usable_engines()) or "none"
        raise EngineError(f"engine '{name}' is not usable here: {reason} (usable: {others})")
    return ENGINES[name](voice=voice, speed=speed, **options)


def engine_from_config(voice_section) -> Engine:
    """The engine a show's [voice] section asks for, with the settings that engine reads."""
    cls = ENGINES.get(voice_section.engine)
    options = {key: getattr(voice_section, key) for key in (cls.OPTIONS if cls else ())}
    return get_engine(voice_section.engine, voice_section.voice, voice_section.speed, **options)


__all__ = ["engine_from_config", "DEFAULT_ENGINE", "ENGINES", "Engine", "get_engine", "usable_engines"]
