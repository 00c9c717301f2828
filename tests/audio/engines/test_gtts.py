"""The gTTS engine against recorded answers of the service (never the network): decoding, bounded
retries with back-off, one clear line when it fails."""

import base64
import json
import subprocess

import pytest
import requests
import responses

from narrator.audio.engines import get_engine
from narrator.audio.engines.gtts import GTTSEngine
from narrator.audio.ffmpeg import ffmpeg_exe
from narrator.core.errors import EngineError


GTTS_URL = "https://translate.google.com/_/TranslateWebserverUi/data/batchexecute"


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
