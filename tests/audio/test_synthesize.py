"""The Speaker: missing clips made ahead of the stitcher, in a thread when no workers pay."""

import json
import subprocess
import sys
import time

import pytest

from narrator.audio.cache import SegmentCache
from narrator.audio.engines import get_engine
from narrator.audio.synthesize import Speaker, Task, key_of
from narrator.core.errors import EngineError
from narrator.core.models import Script, Segment


def _tasks(engine, texts):
    return [Task(key_of(Segment(t, t, "sentence", 0), engine), t) for t in texts]


def test_a_small_job_is_spoken_in_the_background_before_it_is_asked_for(tmp_path):
    engine = get_engine("piper")
    cache = SegmentCache(tmp_path)
    texts = ["The ferry left at dawn.", "Nobody waved from the pier."]
    tasks = _tasks(engine, texts)
    spoken = []
    with Speaker(tasks, engine, cache, jobs=1, on_done=spoken.append) as speaker:
        assert speaker.pool is None and speaker.thread is not None
        deadline = time.monotonic() + 60
        while not all(cache.has(t.key) for t in tasks) and time.monotonic() < deadline:
            time.sleep(0.05)
        # Made without anyone asking for them: the stitcher would be encoding meanwhile.
        assert all(cache.has(t.key) for t in tasks)
        script = Script("t", [Segment(t, t, "sentence", 0) for t in texts])
        clip = speaker.clip_of(script)
        clips = [clip(index) for index in range(len(texts))]
    assert [len(c) > 500 for c in clips] == [True, True]
    assert sorted(t.key for t in spoken) == sorted(t.key for t in tasks)


def test_a_failure_in_the_background_names_the_segment(tmp_path, monkeypatch):
    engine = get_engine("piper")

    def broken(text):
        raise EngineError("the voice choked")

    monkeypatch.setattr(engine, "synthesize", broken)
    texts = ["A first sentence.", "A second one."]
    with pytest.raises(EngineError, match=r"segment 1 .*the voice choked"):
        with Speaker(_tasks(engine, texts), engine, SegmentCache(tmp_path), jobs=1) as speaker:
            clip = speaker.clip_of(Script("t", [Segment(t, t, "sentence", 0) for t in texts]))
            [clip(index) for index in range(len(texts))]


def test_a_build_notes_where_its_time_went(tmp_path, tiny_show):
    """NARRATOR_TIMINGS (read by scripts/bench): the moments and CPU seconds of a build."""
    timings = tmp_path / "timings.json"
    subprocess.run([sys.executable, "-m", "narrator", "build", "-q", str(tiny_show), "-o",
                    str(tmp_path / "out")], check=True, capture_output=True,
                   env={**__import__("os").environ, "NARRATOR_TIMINGS": str(timings),
                        "NARRATOR_CACHE_DIR": str(tmp_path / "cache")})
    noted = json.loads(timings.read_text())
    moments = noted["moments"]
    assert moments["planned"] <= moments["last clip"] <= moments["encoded"]
    assert noted["cpu"]["encoder"] > 0 and noted["cpu"]["all children"] >= noted["cpu"]["encoder"]
