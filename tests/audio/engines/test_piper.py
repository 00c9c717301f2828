"""The engine registry and the piper engine with the real voice: it speaks, its speed changes the
length, it is reproducible, and its prepared voice is kept."""

import subprocess

import pytest

from narrator.audio.engines import ENGINES, get_engine, usable_engines
from narrator.core.errors import EngineError


def test_registry_lists_both_engines_and_piper_is_usable():
    assert {"piper", "gtts"} <= set(ENGINES)
    assert "piper" in usable_engines()
    assert "en_US-joe-medium" in ENGINES["piper"].voices()


def test_piper_speaks_and_speed_changes_length():
    normal = get_engine("piper").synthesize("The quick brown fox jumps over the lazy dog.")
    fast = get_engine("piper", speed=1.5).synthesize("The quick brown fox jumps over the lazy dog.")
    assert normal.channels == 1 and normal.frame_rate == 22050
    assert 1.5 < normal.duration_seconds < 6
    assert normal.dBFS > -40  # real speech, not silence
    assert fast.duration_seconds < normal.duration_seconds * 0.8


def test_unknown_engine_and_voice_errors_name_the_choices(tmp_path):
    with pytest.raises(EngineError, match="unknown engine 'espeak'; choose one of: .*piper"):
        get_engine("espeak")
    with pytest.raises(EngineError, match="unknown piper voice 'amy'; available: en_US-joe-medium"):
        get_engine("piper", voice="amy")
    with pytest.raises(EngineError, match="voice file not found"):
        get_engine("piper", voice=str(tmp_path / "none.onnx"))


def test_piper_is_reproducible_across_processes_and_call_order():
    """The voice's noise is seeded per segment: same text and settings, same samples."""
    import subprocess
    import sys

    program = ("import hashlib, sys\n"
               "from narrator.audio.engines import get_engine\n"
               "engine = get_engine('piper')\n"
               "texts = sys.argv[1:]\n"
               "clips = {t: engine.synthesize(t).raw_data for t in texts}\n"
               "print(' '.join(hashlib.sha256(clips[t]).hexdigest() for t in sorted(texts)))\n")
    texts = ["Prosody stays natural.", "Each segment seeds its own noise. Even in two sentences."]
    first = subprocess.run([sys.executable, "-c", program, *texts], capture_output=True,
                           text=True, check=True).stdout
    second = subprocess.run([sys.executable, "-c", program, *reversed(texts)],
                            capture_output=True, text=True, check=True).stdout
    assert first == second and len(first.split()) == 2


def test_piper_noise_still_varies_between_texts_and_speeds():
    from narrator.audio.engines import get_engine

    a = get_engine("piper").synthesize("The same words.")
    b = get_engine("piper", speed=1.1).synthesize("The same words.")
    c = get_engine("piper").synthesize("The same words!")
    assert a.raw_data != b.raw_data and a.raw_data != c.raw_data


def test_prepared_voice_is_kept_reused_and_remade_when_damaged(tmp_path):
    """The voice prepared for this CPU is kept in the cache; loading it from there, preparing it
    afresh, or re-preparing a damaged one gives the very same samples."""
    import sys

    program = ("import hashlib, sys\n"
               "from pathlib import Path\n"
               "from narrator.audio.engines import get_engine\n"
               "engine = get_engine('piper')\n"
               "if sys.argv[1]: engine.use_cache(Path(sys.argv[1]))\n"
               "print(hashlib.sha256(engine.synthesize('Kept and reused.').raw_data).hexdigest())\n")

    def run(store: str) -> str:
        return subprocess.run([sys.executable, "-c", program, store], capture_output=True,
                              text=True, check=True).stdout.strip()

    store = tmp_path / "cache"
    prepared = run(str(store))  # prepares and keeps it
    kept = list((store / "voices").glob("*.onnx"))
    assert len(kept) == 1 and kept[0].stat().st_size > 10_000_000
    stamp = kept[0].stat().st_mtime_ns
    assert run(str(store)) == prepared and kept[0].stat().st_mtime_ns == stamp  # reused
    kept[0].write_bytes(kept[0].read_bytes()[:1000])  # damaged
    assert run(str(store)) == prepared and kept[0].stat().st_size > 10_000_000  # made again
    assert run("") == prepared  # no cache: prepared in a temporary folder, same graph
