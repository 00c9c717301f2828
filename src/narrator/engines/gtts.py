"""gTTS: Google Translate's voice, online; retried a bounded number of times."""

from __future__ import annotations

import io
import time

from narrator.engines.base import Engine
from narrator.errors import EngineError
from narrator.media import audio_segment_class


class GTTSEngine(Engine):
    NAME = "gtts"
    DESCRIPTION = "Google Translate's voice through gTTS (needs an internet connection)"
    OFFLINE = False
    OPTIONS = ("tld", "slow")
    RETRY_DELAYS_S = (1.0, 2.0, 4.0)
    """Waits before each retry; the number of entries is the number of retries."""
    TIMEOUT_S = 15.0

    def __init__(self, voice: str = "", speed: float = 1.0, tld: str = "com", slow: bool = False):
        super().__init__(voice or "en", speed, tld=tld, slow=slow)
        if speed != 1.0:
            raise EngineError("gtts cannot change the speaking rate; set voice.speed = 1.0 "
                              "(or voice.slow = true)")
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
        for delay in (*self.RETRY_DELAYS_S, None):
            buffer = io.BytesIO()
            try:
                gTTS(text, lang=self.voice, tld=tld, slow=self.options["slow"],
                     lang_check=False, timeout=self.TIMEOUT_S).write_to_fp(buffer)
                if buffer.tell() == 0:
                    raise gTTSError("the response held no audio")
                break
            except (gTTSError, RequestException) as error:
                last_error = error
                if delay is None:
                    raise EngineError(
                        f"gtts: no speech from translate.google.{tld} after "
                        f"{len(self.RETRY_DELAYS_S) + 1} tries (offline? gtts needs the "
                        f"internet; the piper engine works offline): {last_error}") from None
                time.sleep(delay)
        try:
            return audio_segment_class().from_file(
                io.BytesIO(buffer.getvalue()), format="mp3", codec="mp3")  # codec: no ffprobe
        except Exception as error:  # pydub raises CouldntDecodeError or OSError
            raise EngineError(f"gtts returned audio that cannot be decoded: {error}") from None
