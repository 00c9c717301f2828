"""narrator: turn written text into podcast episodes.

The Python API; the command line calls these and nothing else. Each command is a module of
`narrator.commands`, and its function is exported here under the command's name:

    import narrator

    config = narrator.load_show("my-show")               # narrator.toml, checked
    result = narrator.build("my-show")                   # every episode, the feed and pages
    plan = narrator.build("my-show", narrator.BuildOptions(dry_run=True))
    script = narrator.script("article.md")               # the narration script of a source
    narrator.speak("article.md", "article.mp3")          # one text to one tagged MP3
    narrator.spoken_form("Dr. Smith paid $4.5 million")  # what the voice says
    problems = narrator.validate("site")                 # a built show against the apps' rules

Every error a user can fix is a `narrator.NarratorError`, whose `lines()` say what is wrong and
where. The modules are imported on first use, so `import narrator` stays quick.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from narrator.core.version import __version__

if TYPE_CHECKING:
    from narrator.commands.add import add
    from narrator.commands.build import build, build_shows
    from narrator.commands.clean import clean
    from narrator.commands.deploy import DeployOptions, deploy
    from narrator.commands.init import init
    from narrator.commands.script import rescript, script, script_text
    from narrator.commands.serve import serve
    from narrator.commands.speak import SpeakOptions, speak
    from narrator.commands.validate import validate
    from narrator.commands.voices import engines, get_voice, installed_voices, voices
    from narrator.core.config import Config
    from narrator.core.errors import AudioError, ConfigError, EngineError, InputError, \
        NarratorError
    from narrator.pipeline.options import BuildOptions
    from narrator.publish.validate import ValidationFailed

_EXPORTS = {
    "narrator.commands.add": ["add"],
    "narrator.commands.build": ["build", "build_shows"],
    "narrator.commands.clean": ["clean"],
    "narrator.commands.deploy": ["deploy", "DeployOptions"],
    "narrator.commands.init": ["init"],
    "narrator.commands.script": ["script", "script_text", "rescript"],
    "narrator.commands.serve": ["serve"],
    "narrator.commands.speak": ["speak", "SpeakOptions"],
    "narrator.commands.validate": ["validate"],
    "narrator.commands.voices": ["engines", "voices", "installed_voices", "get_voice"],
    "narrator.pipeline.options": ["BuildOptions"],
    "narrator.core.errors": ["NarratorError", "ConfigError", "InputError", "EngineError",
                             "AudioError"],
    "narrator.publish.validate": ["ValidationFailed"],
}
_HOME = {name: module for module, names in _EXPORTS.items() for name in names}


def __getattr__(name: str):
    # The commands, their options and the errors, each imported when first asked for.
    if name in _HOME:
        value = getattr(importlib.import_module(_HOME[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'narrator' has no attribute {name!r}")


def load_show(show_dir: Path | str) -> Config:
    """The checked settings of the show in `show_dir` (its narrator.toml)."""
    from narrator.pipeline.showfolder import load_show as load

    return load(show_dir)


def output_folder(path: Path | str | None = None) -> Path:
    """The output folder that `path` names: a show folder's configured one (its [build]
    output, against the show folder), or the folder itself; with no path, the current
    folder's show's, else `audio_out`."""
    from narrator.pipeline.showfolder import output_of

    return output_of(path)


def spoken_form(text: str, lexicon: Mapping[str, str] | None = None,
                language: str = "en") -> str:
    """What the voice says for `text`: numbers, dates, symbols and abbreviations as words of
    `language` (rules for en, de, es, fr, it, pt, ru, sv, hu and vi; digits are left to the
    voice in others). ConfigError when `language` is not a language code."""
    from narrator.core.languages import checked_language
    from narrator.text.spoken import spoken_form as spoken

    return spoken(text, lexicon, checked_language(language))


__all__ = ["__version__", *_HOME, "load_show", "output_folder", "spoken_form"]
