"""Front matter: the `---` YAML block at the top of a source that sets an episode's metadata."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timezone
from pathlib import Path


from narrator.core.characters import publishable, publishable_line
from narrator.core.errors import ConfigError
from narrator.core.languages import is_language
from narrator.core.models import EpisodeMeta

EPISODE_TYPES = ("full", "trailer", "bonus")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?", re.DOTALL | re.MULTILINE)
_FRONT_MATTER_TYPES = {
    "title": str, "description": str, "guid": str, "season": int, "episode": int,
    "explicit": bool, "episode_type": str, "date": datetime, "author": str, "source": str,
    "language": str,
}


def split_front_matter(text: str, path: Path) -> tuple[EpisodeMeta, str]:
    """Separate a leading `---` YAML block from the body and validate its keys."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return EpisodeMeta(), text
    import yaml  # here: a source without front matter need not load it

    block = match.group(1)
    if len(block) > MAX_FRONT_MATTER:
        raise ConfigError(path, [("front matter", f"over {MAX_FRONT_MATTER // 1024} KB: it holds "
                                                  "an episode's few settings")])
    if _flow_depth(block) > MAX_DEPTH:  # YAML takes time growing with its square to read that
        raise ConfigError(path, [("front matter", "invalid YAML: nested too deeply")])
    try:
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(block,
                                                                          yaml.SafeLoader)):
            # 400 bytes of nested anchors expand to gigabytes: front matter has no need of them
            raise ConfigError(path, [("front matter", "YAML aliases (*name) are not read here: "
                                                      "write each value out")])
        data = yaml.safe_load(block) or {}
    except RecursionError:
        raise ConfigError(path, [("front matter", "invalid YAML: nested too deeply")]) from None
    except yaml.YAMLError as error:
        detail = str(error).splitlines()[0]
        raise ConfigError(path, [("front matter", f"invalid YAML: {detail}")]) from None
    except ValueError as error:  # a date YAML reads but the calendar has not: 2026-02-30
        raise ConfigError(path, [("front matter", f"not a real date ({error}); write dates "
                                                  "like 2026-03-18")]) from None
    if not isinstance(data, dict):
        raise ConfigError(path, [("front matter", "expected 'key: value' lines")])
    return parse_meta(data, path), text[match.end():]


MAX_FRONT_MATTER = 64 * 1024
MAX_DEPTH = 32


def _flow_depth(text: str) -> int:
    """How deeply [ ] and { } nest in YAML text (quoted strings aside)."""
    depth = deepest = 0
    unquoted = re.sub(r"'(?:[^']|'')*'|\"(?:[^\"\\]|\\.)*\"", "", text)
    for bracket in re.findall(r"[\[\]{}]", unquoted):
        depth = depth + 1 if bracket in "[{" else max(0, depth - 1)
        deepest = max(deepest, depth)
    return deepest


def parse_meta(data: dict, path: Path) -> EpisodeMeta:
    """Check front matter values; report every problem at once."""
    problems, values = [], {}
    for key, value in data.items():
        expected = _FRONT_MATTER_TYPES.get(key)
        if expected is None:
            problems.append((key, "unknown front matter key (known: "
                             + ", ".join(_FRONT_MATTER_TYPES) + ")"))
        elif value is None:
            continue
        elif expected is datetime:
            try:
                values[key] = to_datetime(value)
            except ValueError:
                problems.append((key, f"{value!r} is not a date like 2026-03-18 or "
                                 "2026-03-18T09:00:00Z"))
        elif expected is int and (isinstance(value, bool) or not isinstance(value, int)
                                  or value < 1):
            problems.append((key, f"expected a positive whole number, got {value!r}"))
        elif expected is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            values[key] = str(value)
        elif not isinstance(value, expected):
            kind = {str: "text", bool: "true or false"}[expected]
            problems.append((key, f"expected {kind}, got {value!r}"))
        elif isinstance(value, str):
            values[key] = publishable_line(value) if key in ("title", "author") \
                else publishable(value).strip()
        else:
            values[key] = value
    if values.get("language") is not None and not is_language(values["language"]):
        problems.append(("language", f"{values['language']!r} is not a language code like de "
                                     "or fr-ca"))
    if values.get("episode_type") not in (None, *EPISODE_TYPES):
        problems.append(("episode_type", f"{values['episode_type']!r} is not one of: "
                         + ", ".join(EPISODE_TYPES)))
    if problems:
        raise ConfigError(path, problems)
    return EpisodeMeta(**values)


def to_datetime(value) -> datetime:
    """A timezone-aware datetime from a YAML date, datetime or ISO string (UTC if none given)."""
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, date):
        result = datetime.combine(value, time(0, 0))
    elif isinstance(value, str):
        result = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    else:
        raise ValueError(value)
    return result if result.tzinfo else result.replace(tzinfo=timezone.utc)

