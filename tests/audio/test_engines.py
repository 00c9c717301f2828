import base64
import json
import subprocess

import pytest
import requests
import responses

from narrator.audio.engines import ENGINES, get_engine, usable_engines
from narrator.audio.engines.gtts import GTTSEngine
from narrator.core.errors import EngineError
from narrator.audio.ffmpeg import ffmpeg_exe

GTTS_URL = "https://translate.google.com/_/TranslateWebserverUi/data/batchexecute"


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


def _google_mp3() -> bytes:
    """An MP3 such as Google's service returns (24 kHz mono), made here with ffmpeg."""
    return subprocess.run(
        [ffmpeg_exe(), "-loglevel", "error", "-f", "lavfi", "-i", "sine=440:duration=1.2",
         "-ar", "24000", "-ac", "1", "-c:a", "libmp3lame", "-b:a", "32k", "-f", "mp3", "-"],
        capture_output=True, check=True).stdout


def _batchexecute_body(mp3: bytes) -> str:
    """The shape of Google's batchexecute answer that gTTS parses: base64 audio in a jQ1olc row."""
    inner = json.dumps([base64.b64encode(mp3).decode()])
    row = json.dumps([["wrb.fr", "jQ1olc", inner, None, None, None, "generic"]],
                     separators=(",", ":"))
    return ")]}'\n\n" + str(len(row)) + "\n" + row + "\n"


@responses.activate
def test_gtts_decodes_the_service_answer():
    responses.post(GTTS_URL, body=_batchexecute_body(_google_mp3()))
    clip = get_engine("gtts", voice="en").synthesize("Hello there.")
    assert 1.1 < clip.duration_seconds < 1.4
    assert clip.frame_rate == 24000
    assert len(responses.calls) == 1


@responses.activate
def test_gtts_offline_gives_a_clear_error_after_bounded_retries(monkeypatch):
    monkeypatch.setattr(GTTSEngine, "RETRY_DELAYS_S", (0, 0))
    responses.post(GTTS_URL, body=requests.ConnectionError("no route to host"))
    with pytest.raises(EngineError, match=r"no speech from translate.google.com after 3 tries "
                                          r"\(offline\?"):
        get_engine("gtts").synthesize("Hello.")
    assert len(responses.calls) == 3


@responses.activate
def test_gtts_retries_a_server_error_then_succeeds(monkeypatch):
    monkeypatch.setattr(GTTSEngine, "RETRY_DELAYS_S", (0, 0))
    responses.post(GTTS_URL, status=503)
    responses.post(GTTS_URL, body=_batchexecute_body(_google_mp3()))
    assert get_engine("gtts").synthesize("Hi.").duration_seconds > 1
    assert len(responses.calls) == 2


def test_gtts_rejects_unknown_language_and_speed():
    with pytest.raises(EngineError, match="unknown gtts language 'klingon'"):
        get_engine("gtts", voice="klingon")
    with pytest.raises(EngineError, match="cannot change the speaking rate"):
        get_engine("gtts", speed=1.25)


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


@responses.activate
@pytest.mark.parametrize("fault", ["429", "500", "timeout", "refused", "truncated", "not audio",
                                   "empty"])
def test_gtts_faults_are_retried_a_bounded_number_of_times_then_one_clear_line(monkeypatch,
                                                                               fault):
    monkeypatch.setattr(GTTSEngine, "RETRY_DELAYS_S", (0, 0))
    answers = {
        "429": {"status": 429, "body": "Too Many Requests"},
        "500": {"status": 500, "body": "oops"},
        "timeout": {"body": requests.Timeout("read timed out")},
        "refused": {"body": requests.ConnectionError("connection refused")},
        "truncated": {"body": _batchexecute_body(_google_mp3())[:120]},
        "not audio": {"body": _batchexecute_body(b"<html>captcha page</html>" * 20)},
        "empty": {"body": ""},
    }
    responses.post(GTTS_URL, **answers[fault])
    with pytest.raises(EngineError) as caught:
        get_engine("gtts").synthesize("Hello there.")
    assert len(responses.calls) == 3  # bounded: the first try and two retries
    line = caught.value.lines()[0]
    assert line.startswith("gtts: no speech from translate.google.com after 3 tries")
    assert "\n" not in line and len(line) < 400


@responses.activate
def test_gtts_backs_off_between_tries(monkeypatch):
    waits = []
    monkeypatch.setattr("narrator.audio.engines.gtts.time.sleep", waits.append)
    responses.post(GTTS_URL, status=503)
    with pytest.raises(EngineError):
        get_engine("gtts").synthesize("Hello.")
    assert waits == list(GTTSEngine.RETRY_DELAYS_S) and waits == sorted(waits)
    assert len(responses.calls) == len(GTTSEngine.RETRY_DELAYS_S) + 1


@responses.activate
def test_a_failed_segment_is_named_with_its_episode(tmp_path, monkeypatch, write_show):
    from narrator import BuildOptions, build

    monkeypatch.setattr(GTTSEngine, "RETRY_DELAYS_S", (0,))
    responses.post(GTTS_URL, status=429)
    show = write_show(tmp_path / "s", {"news.txt": "News\n\nThe only sentence here."},
                      config='[show]\ntitle = "T"\nbase_url = "https://example.org/"\n'
                             '[voice]\nengine = "gtts"\nvoice = "en"\n')
    with pytest.raises(EngineError) as caught:
        build(show, BuildOptions(out_dir=tmp_path / "out", jobs=1))
    line = caught.value.lines()[0]
    assert line.startswith(str(show / "episodes" / "news.txt") + ": segment 1 ('News'): gtts:")
    assert not (tmp_path / "out").exists()


@responses.activate
def test_gtts_without_a_network_fails_at_once(monkeypatch):
    waits = []
    monkeypatch.setattr("time.sleep", waits.append)
    responses.post(GTTS_URL, body=requests.ConnectionError(
        "Failed to resolve 'translate.google.com' ([Errno -3] Temporary failure in name "
        "resolution)"))
    with pytest.raises(EngineError, match="no network .* piper engine works offline"):
        GTTSEngine("en").synthesize("Hello there.")
    assert waits == []  # no retries, no waiting: it says so at once
