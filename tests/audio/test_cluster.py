"""Synthesis on a real Dask cluster (LocalCluster: a scheduler and separate worker processes on
127.0.0.1): the same bytes as a local build, through a worker killed mid-build, and one clear
error when the scheduler goes away."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

import narrator  # noqa: E402
from narrator.core.errors import ClusterError  # noqa: E402



EXAMPLE_SHOW = Path(__file__).resolve().parents[2] / "examples" / "field-notes"


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, scheduler_port=0) as local:
        yield local


def _copy_example(root):
    """The example show, built into audio_out in its own folder (not the repository's)."""
    show = root / "show"
    shutil.copytree(EXAMPLE_SHOW, show, ignore=shutil.ignore_patterns(".narrator"))
    toml = show / "narrator.toml"
    toml.write_text(toml.read_text().replace('output = "../../audio_out"', ""))
    return show


def _audio(path):
    """An MP3's audio frames: without its ID3 tag, which holds the episode's date (when it was
    first built, so it differs between the two shows)."""
    data = path.read_bytes()
    size = 10 + sum(byte << (7 * (3 - i)) for i, byte in enumerate(data[6:10]))
    return data[size:]


def _same_audio(out, reference):
    names = sorted(p.name for p in reference.glob("*.mp3"))
    assert names and names == sorted(p.name for p in out.glob("*.mp3"))
    for name in names:
        assert _audio(out / name) == _audio(reference / name), name
        stem = name[:-4]
        for suffix in (".vtt", ".json", ".chapters.json"):
            assert (out / f"{stem}{suffix}").read_bytes() == \
                (reference / f"{stem}{suffix}").read_bytes()


def test_a_cluster_build_is_byte_identical_to_a_local_one(tmp_path, cluster, example_build):
    _, reference, _ = example_build
    show, out = _copy_example(tmp_path), tmp_path / "out"
    spoken = []
    narrator.build(show, narrator.BuildOptions(
        out_dir=out, cache_dir=tmp_path / "cache", scheduler=cluster.scheduler_address,
        on_spoken=lambda done, total, seconds: spoken.append((done, total))))
    _same_audio(out, reference)
    assert spoken[-1][0] == spoken[-1][1] > 20  # every segment spoken on the cluster


def test_a_worker_killed_mid_build_changes_nothing(tmp_path, cluster, example_build):
    _, reference, _ = example_build
    with distributed.Client(cluster.scheduler_address, set_as_default=False) as client:
        pids = client.run(os.getpid)
    killed = []

    def on_spoken(done, total, seconds):
        if done == 3 and not killed:  # the workers are busy with the next segments
            victim = next(iter(pids.values()))
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    show, out = _copy_example(tmp_path), tmp_path / "out"
    narrator.build(show, narrator.BuildOptions(
        out_dir=out, cache_dir=tmp_path / "cache", scheduler=cluster.scheduler_address,
        on_spoken=on_spoken))
    assert killed
    _same_audio(out, reference)


def test_a_catalogue_of_shows_is_spoken_in_one_run(tmp_path, cluster, write_show):
    first = write_show(tmp_path / "first", {"a.txt": "The first show.\n\nIt speaks of "
                                            "harbours. Boats come and go.", "b.txt": "Tides."})
    second = write_show(tmp_path / "second", {"note.txt": "A second show.\n\nIt has a "
                                              "sentence of its own. And another one."})
    totals = []
    results = narrator.build_shows([first, second], narrator.BuildOptions(
        scheduler=cluster.scheduler_address, cache_dir=tmp_path / "cache",
        on_spoken=lambda done, total, s: totals.append(total)))
    assert [r.out_dir for r in results] == [first / "audio_out", second / "audio_out"]
    assert sorted(p.name for p in (first / "audio_out").glob("*.mp3")) == ["a.mp3", "b.mp3"]
    assert (second / "audio_out" / "note.mp3").is_file()
    assert set(totals) == {7}  # one plan: both shows' segments went to the cluster at once


CLUSTER = """
import os, sys, time
from distributed import LocalCluster
if __name__ == "__main__":
    cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                           dashboard_address=None, scheduler_port=0)
    print(cluster.scheduler_address, flush=True)
    time.sleep(600)
"""


def test_a_scheduler_that_goes_away_is_one_error_and_nothing_is_published(tmp_path, run_cli):
    script = tmp_path / "cluster.py"
    script.write_text(CLUSTER)
    process = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        address = process.stdout.readline().strip()
        show, out = _copy_example(tmp_path), tmp_path / "out"
        build = subprocess.Popen([sys.executable, "-m", "narrator", "build", str(show), "-o",
                                  str(out), "--scheduler", address, "--cache-dir",
                                  str(tmp_path / "cache")],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        while not (tmp_path / "cache" / "segments").is_dir():  # the cluster has begun
            assert build.poll() is None, build.communicate()
            time.sleep(0.1)
        os.killpg(process.pid, signal.SIGKILL)  # the scheduler and its worker
        _, errors = build.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert build.returncode == 1
    lines = [line for line in errors.splitlines() if not line.startswith("warning:")]
    assert len(lines) == 1 and lines[0].startswith("error: ") and address in lines[0], errors
    assert "Traceback" not in errors and not out.exists()


def test_an_unreachable_scheduler_is_one_error(tmp_path, tiny_show, run_cli, monkeypatch):
    monkeypatch.setattr("narrator.audio.cluster.CONNECT_TIMEOUT_S", 1)
    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        narrator.build(tiny_show, narrator.BuildOptions(  # (a fresh cache: work to hand out)
            out_dir=tmp_path / "out", cache_dir=tmp_path / "cache", scheduler="tcp://127.0.0.1:9"))
    assert not (tmp_path / "out").exists()


def test_a_segment_that_fails_on_the_workers_fails_as_it_would_here(tmp_path, cluster,
                                                                     write_show):
    from narrator.core.errors import EngineError

    show = write_show(tmp_path / "s", {"a.txt": "A title\n\nSome words to say."})
    toml = show / "narrator.toml"
    toml.write_text(toml.read_text() + '[voice.piper]\nspeaker = "nobody"\n')
    with pytest.raises(EngineError, match=r"segment 1 .*no speaker 'nobody'"):
        narrator.build(show, narrator.BuildOptions(out_dir=tmp_path / "out",
                                                   cache_dir=tmp_path / "cache",
                                                   scheduler=cluster.scheduler_address))
    assert not (tmp_path / "out").exists()


def test_a_sentence_two_shows_share_is_spoken_once(tmp_path, cluster, write_show):
    shared = "Both shows say this sentence word for word."
    first = write_show(tmp_path / "first", {"a.txt": f"One.\n\n{shared} Then more of one."})
    second = write_show(tmp_path / "second", {"b.txt": f"Two.\n\n{shared} Then more of two."})
    progress = []
    narrator.build_shows([first, second], narrator.BuildOptions(
        scheduler=cluster.scheduler_address, cache_dir=tmp_path / "cache",
        on_spoken=lambda done, total, s: progress.append((done, total))))
    done, total = progress[-1]
    assert done == total  # the progress reaches its end: the shared sentence counted once
    assert (second / "audio_out" / "b.mp3").is_file()


def _fake_scheduler(answer: bytes | None):
    """A server on 127.0.0.1 that accepts and then sends `answer` (None: says nothing)."""
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held = []

    def serve():
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            held.append(connection)
            if answer is not None:
                try:
                    connection.sendall(answer)
                except OSError:
                    pass

    threading.Thread(target=serve, daemon=True).start()
    return server, held


@pytest.mark.parametrize("answer", [None, b"\x00garbage\xff" * 64,
                                    b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi",
                                    b"\xff" * 8 + b"\x00" * 64])
def test_a_server_that_is_not_a_scheduler_is_one_line_in_bounded_time(tiny_show, run_cli,
                                                                        answer, tmp_path):
    server, held = _fake_scheduler(answer)
    try:
        started = time.monotonic()
        result = run_cli("build", str(tiny_show), "--cache-dir", str(tmp_path / "cache"),
                         "--scheduler", f"tcp://127.0.0.1:{server.getsockname()[1]}")
        took = time.monotonic() - started
    finally:
        server.close()
        for connection in held:
            connection.close()
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert errors == [errors[0]] and errors[0].startswith("error: cannot reach the Dask"), errors
    assert took < 20 + 10  # the README's 20 s, and Python's start


@pytest.mark.parametrize("address", ["notaurl:::", "inproc://x", "tcp://host", "http://x:1",
                                     "tcp://127.0.0.1:99999"])
def test_an_address_that_is_not_a_schedulers_is_one_line(tiny_show, run_cli, address):
    result = run_cli("build", str(tiny_show), "--scheduler", address)
    assert result.returncode == 1 and "not a scheduler address" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
