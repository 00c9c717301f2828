"""gTTS: Google Translate's voice, online; retried a bounded number of times."""

from __future__ import annotations

import io
import time
from dataclasses import dataclass

from narrator.audio.engines.base import Engine
from narrator.audio.ffmpeg import audio_segment_class
from narrator.core.config import option
from narrator.core.errors import EngineError


@dataclass
class GTTSOptions:
    """[voice.gtts]: settings of the gtts engine."""

    tld: str = option("com", "Google host's top-level domain, which sets the accent "
                      "(com, co.uk, com.au, ...).")
    slow: bool = option(False, "Read more slowly.")


def _offline(error: BaseException) -> bool:
    """Whether a request failed because there is no network (the name does not resolve, or no
    route), rather than because the service is busy or down."""
    text = f"{error} {error.__cause__ or ''} {error.__context__ or ''}"
    return any(sign in text for sign in ("NameResolutionError", "Failed to resolve",
                                         "Name or service not known", "name resolution",
                                         "Network is unreachable", "No address associated"))


class GTTSEngine(Engine):
    NAME = "gtts"
    DESCRIPTION = "Google Translate's voice through gTTS (needs an internet connection)"
    OFFLINE = False
    Options = GTTSOptions
    RETRY_DELAYS_S = (1.0, 2.0, 4.0)
    """Waits before each retry; the number of entries is the number of retries."""
    TIMEOUT_S = 15.0

    def __init__(self, voice: str = "", speed: float = 1.0, tld: str = "com", slow: bool = False):
        super().__init__(voice or "en", speed, tld=tld, slow=slow)
        if speed != 1.0:
            raise EngineError("gtts cannot change the speaking rate; set voice.speed = 1.0 "
                              "(or voice.gtts.slow = true)")
        from gtts.lang import tts_langs

        if self.voice not in tts_langs():
            raise EngineError(f"unknown gtts language '{self.voice}'; "
                              "see `narrator engines` for the list")

    @classmethod
    def unavailable_reason(cls) -> str | None:
        try:
            import gtts  # noqa: F401
        except ImportError as error:
            return f"the gTTS package is not installed ({error})"
        return None

    @classmethod
    def voices(cls) -> list[str]:
        from gtts.lang import tts_langs

        return sorted(tts_langs())

    def synthesize(self, text: str):
        from gtts import gTTS, gTTSError
        from requests import RequestException

        tld = self.options["tld"]
        last_error = None
        # Each try is bounded (TIMEOUT_S per request); a failure of any kind (refused, timed
        # out, 429, 5xx, a truncated or non-audio answer) is tried again after a growing wait.
        for delay in (*self.RETRY_DELAYS_S, None):
            buffer = io.BytesIO()
            try:
                gTTS(text, lang=self.voice, tld=tld, slow=self.options["slow"],
                     lang_check=False, timeout=self.TIMEOUT_S).write_to_fp(buffer)
                if buffer.tell() == 0:
                    raise gTTSError("the answer held no audio")
                return self._decode(buffer.getvalue())
            except (gTTSError, RequestException, ValueError) as error:
                last_error = error
                if _offline(error):  # no network at all: waiting will not bring one
                    raise EngineError(f"gtts: cannot reach translate.google.{tld}: no network "
                                      "(the host's name does not resolve); the piper engine "
                                      "works offline") from None
            if delay is None:
                break
            time.sleep(delay)
        raise EngineError(
            f"gtts: no speech from translate.google.{tld} after {len(self.RETRY_DELAYS_S) + 1} "
            f"tries (offline? gtts needs the internet; the piper engine works offline): "
            f"{last_error}")

    @staticmethod
    def _decode(data: bytes):
        try:
            return audio_segment_class().from_file(
                io.BytesIO(data), format="mp3", codec="mp3")  # codec: there is no ffprobe
        except Exception:  # pydub raises CouldntDecodeError (with ffmpeg's log) or OSError
            raise ValueError(f"the answer ({len(data):,} bytes) was not audio that "
                             "decodes") from None
