"""Speech engines. Each module here defines one Engine subclass; adding an engine is one file."""

from __future__ import annotations

import dataclasses
import importlib
import logging
import pkgutil

from narrator.audio.engines.base import ENGINES, Engine
from narrator.core.config import DEFAULT_ENGINE, Config, load_section
from narrator.core.errors import ConfigError, EngineError

for _module in pkgutil.iter_modules(__path__):
    if _module.name != "base":
        importlib.import_module(f"{__name__}.{_module.name}")

log = logging.getLogger("narrator")


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


def engine_options(config: Config) -> dict:
    """The chosen engine's own settings from its [voice.NAME] table (and, as older versions
    read them, from [voice] itself); ConfigError naming each bad key."""
    name = config.voice.engine
    cls = ENGINES.get(name)
    tables = config.voice.engines
    where = config.path or "narrator.toml"
    problems: list[tuple[str, str]] = []
    for table in tables:
        if table and table not in ENGINES:
            log.warning("%s: voice.%s: unknown engine, ignored (engines: %s)", where, table,
                        ", ".join(ENGINES))
    if cls is None:
        return {}
    known = {f.name for f in dataclasses.fields(cls.Options)}
    claimed = {key: value for key, value in tables.get("", {}).items() if key in known}
    for key in tables.get("", {}):
        if key not in claimed and not any(key in {f.name for f in dataclasses.fields(other.Options)}
                                          for other in ENGINES.values()):
            log.warning("%s: voice.%s: unknown key, ignored", where, key)
    warnings: list[str] = []
    options = load_section(cls.Options, {**claimed, **tables.get(name, {})}, f"voice.{name}",
                           problems, warnings)
    for warning in warnings:
        log.warning("%s: %s", where, warning)
    if problems:
        raise ConfigError(where, problems)
    return dataclasses.asdict(options)


def engine_from_config(config: Config) -> Engine:
    """The engine a show's [voice] section asks for, with the settings that engine reads."""
    voice = config.voice
    name = voice.voice
    if not name and voice.engine == "piper":  # a show in German gets a German voice
        from narrator.audio.engines.voices import DEFAULT_VOICES
        from narrator.core.languages import primary_language

        language = primary_language(config.show.language)
        name = DEFAULT_VOICES.get(language, "") if language != "en" else ""
    return get_engine(voice.engine, name, voice.speed, **engine_options(config))


@dataclasses.dataclass
class EngineInfo:
    """An engine as `narrator engines` lists it."""

    name: str
    description: str
    default: bool
    offline: bool
    unavailable_reason: str | None
    voices: list[str]


def describe_engines() -> list[EngineInfo]:
    """Every engine, whether it works here, and (if so) its voices."""
    infos = []
    for name, cls in ENGINES.items():
        reason = cls.unavailable_reason()
        infos.append(EngineInfo(name, cls.DESCRIPTION, name == DEFAULT_ENGINE, cls.OFFLINE, reason,
                                cls.voices() if reason is None else []))
    return infos


def option_sections() -> dict[str, type]:
    """Every engine's settings table, by its name in narrator.toml ("voice.gtts")."""
    return {f"voice.{name}": cls.Options for name, cls in ENGINES.items()
            if dataclasses.fields(cls.Options)}


__all__ = ["EngineInfo", "describe_engines", "engine_from_config", "engine_options",
           "option_sections", "DEFAULT_ENGINE", "ENGINES", "Engine", "get_engine",
           "usable_engines"]
