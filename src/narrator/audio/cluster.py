"""Synthesis on a Dask cluster: the segments the cache lacks are spoken by the cluster's
workers, everything else (planning, the cache, stitching, loudness, tags, publishing) stays here.

`narrator build --scheduler tcp://HOST:8786` (or `[build] scheduler`, or NARRATOR_SCHEDULER).
Each worker prepares a build's voices once (a worker plugin) and keeps them; a task speaks one
segment and returns it as a cache entry, which is checked here like a cache read and written to
the local cache. The engines are deterministic, so where a segment was spoken does not change a
byte of it. Tasks go out longest first across every episode of every show in the build, at most
IN_FLIGHT_PER_WORKER a worker at a time, so this process's memory stays flat however large the
build. A worker that dies is the scheduler's to replace (it runs the task elsewhere); a task that
fails twice is reported like a local failure; a scheduler that goes away is one error, and the
build publishes nothing.

Dask is optional: `pip install narrator[dask]`.
"""

from __future__ import annotations

import concurrent.futures
import logging
import queue
import re
import threading
import time
from collections.abc import Callable, Iterable

from narrator.audio.cache import SegmentCache, clip_from_entry, entry_of
from narrator.audio.engines import Engine, get_engine
from narrator.audio.synthesize import Speaker, Task
from narrator.core.errors import ClusterError, EngineError
from narrator.core.isolate import DeadlinePassed, within_deadline

log = logging.getLogger("narrator")

IN_FLIGHT_PER_WORKER = 4
"""Tasks queued at the scheduler for each worker thread: enough that no worker waits for the
next, few enough that results never pile up."""
CONNECT_TIMEOUT_S = 10
POLL_S = 2.0
LOST_AFTER_S = 20.0
"""A scheduler that does not answer for this long is gone: the build stops."""
PLUGIN = "narrator-voices"

EngineSpec = tuple  # (engine name, voice, speed, options as sorted items)


def spec_of(engine: Engine) -> EngineSpec:
    return (engine.NAME, engine.voice, engine.speed, tuple(sorted(engine.options.items())))


def _worker_engine(spec: EngineSpec, worker=None) -> tuple[Engine, threading.Lock]:
    """The engine of `spec` on this worker, loaded once and kept (with a lock: one segment at
    a time per engine, since a voice's noise generator is per engine). The voice, prepared
    for this CPU, is kept in the worker's local directory."""
    from pathlib import Path

    if worker is None:
        from distributed import get_worker

        worker = get_worker()
    engines = worker.__dict__.setdefault("narrator_engines", {})
    if spec not in engines:
        name, voice, speed, options = spec
        engine = get_engine(name, voice, speed, **dict(options))
        # One inference thread a task: workers are started one a core (`dask worker
        # --nworkers CORES --nthreads 1`), and more threads than cores slow every one of them
        # (measured here: 2 processes x 2 threads speak the bench article in 27 s, x 1 in 16 s).
        engine.use_threads(1)
        engine.use_cache(Path(worker.local_directory))
        engines[spec] = (engine, threading.Lock())
    return engines[spec]


def speak_segment(spec: EngineSpec, spoken: str) -> bytes:
    """A task: one segment spoken on a worker, returned as a cache entry (header and PCM)."""
    engine, lock = _worker_engine(spec)
    with lock:
        clip = engine.synthesize(spoken)
    return entry_of(clip)


def _resolve(future: concurrent.futures.Future, result=None,
             error: BaseException | None = None) -> None:
    """Settle a future the stitcher may wait on, unless it was cancelled (the build stopped)."""
    try:
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)
    except concurrent.futures.InvalidStateError:
        pass


def _plugin(specs: list[EngineSpec]):
    from distributed.diagnostics.plugin import WorkerPlugin

    class VoicePlugin(WorkerPlugin):
        """Prepares the build's voices when a worker joins (or is restarted), not at its first
        task."""

        def __init__(self, specs: list[EngineSpec]):
            self.specs = specs

        def setup(self, worker) -> None:
            for spec in self.specs:
                try:
                    _worker_engine(spec, worker)
                except Exception:  # noqa: BLE001 - the tasks report it, with the segment
                    log.debug("worker cannot load %s", spec, exc_info=True)

    return VoicePlugin(specs)


def connect(address: str):
    """A Dask client of the scheduler at `address`; ClusterError when it cannot be reached."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("--scheduler needs Dask: pip install 'narrator[dask]'") from None
    address = scheduler_address(address)
    # A lost scheduler is reported by the build, as one line: not also by Dask's own log (its
    # client, comm and batched-send loggers each print the lost connection with a traceback).
    if not log.isEnabledFor(logging.DEBUG):
        logging.getLogger("distributed").setLevel(logging.CRITICAL)
        for name in ("distributed.client", "distributed.comm", "distributed.batched"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
    _probe(address)
    try:
        return Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
    except Exception as error:  # noqa: BLE001 - whatever went wrong, it is said in one line
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: "
                           f"{type(error).__name__}: {error}") from None


_ADDRESS = re.compile(r"^(?:(?:tcp|tls)://)?(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]*)"
                      r":(\d{1,5})$")


def scheduler_address(address: str) -> str:
    """`address` when it names a scheduler as Dask's clients reach one over a network
    (tcp://HOST:PORT, tls://HOST:PORT or HOST:PORT); else ClusterError."""
    match = _ADDRESS.match(address.strip())
    if not match or not 0 < int(match.group(1)) < 65536:
        raise ClusterError(f"not a scheduler address: {address!r} (give tcp://HOST:PORT, as "
                           "`dask scheduler` prints it)")
    return address.strip()


def _probe(address: str) -> None:
    """Ask the scheduler who it is, with one deadline for connecting and answering: a server
    that accepts and never answers, or answers in another protocol (HTTP, garbage, a frame
    claiming exabytes), is reported in one line instead of a hang or a Client's traceback."""
    import asyncio

    from distributed.comm import connect as comm_connect

    async def ask():
        comm = await comm_connect(address, timeout=CONNECT_TIMEOUT_S)
        try:
            await comm.write({"op": "identity", "reply": True})
            return await comm.read()
        finally:
            comm.abort()

    problem = None
    try:
        reply = within_deadline(CONNECT_TIMEOUT_S + 5, lambda: asyncio.run(
            asyncio.wait_for(ask(), CONNECT_TIMEOUT_S)))
        if not (isinstance(reply, dict) and reply.get("type") == "Scheduler"):
            problem = "what answers there is not a Dask scheduler"
    except (DeadlinePassed, asyncio.TimeoutError, TimeoutError):
        problem = f"no answer within {CONNECT_TIMEOUT_S} s"
    except OSError as error:
        problem = str(error)[:200] or type(error).__name__
    except Exception:  # noqa: BLE001 - garbage, HTTP, a frame claiming exabytes ...
        problem = "its answer is not Dask's protocol"
    if problem:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {problem}")


class ClusterSynthesis:
    """Every missing segment of a build (each key once), spoken on the cluster; shows read their
    clips through `speaker_for(engine)`. A context manager: leaving it cancels what is not done."""

    def __init__(self, address: str, work: list[tuple[Engine, Task]], cache: SegmentCache,
                 on_done: Callable[[Task], None] | None = None):
        self.address, self.cache, self.on_done = address, cache, on_done
        self.client = connect(address)
        self.futures: dict[str, concurrent.futures.Future] = {}
        self.stopping = threading.Event()
        specs = sorted({spec_of(engine) for engine, _ in work})
        try:
            self.client.register_plugin(_plugin(specs), name=PLUGIN)
        except Exception as error:  # noqa: BLE001 - the scheduler refused or went away
            self.client.close()
            raise ClusterError(f"the Dask scheduler at {address} failed: {error}") from None
        for _, task in work:
            self.futures[task.key] = concurrent.futures.Future()
        # Longest first, so that no worker is left with a long segment at the end.
        work.sort(key=lambda item: -len(item[1].spoken))
        self.spoken_chars = 0
        self.started = time.perf_counter()
        self.thread = threading.Thread(target=self._drive, args=(work,), daemon=True,
                                       name="narrator-cluster")
        self.thread.start()

    def _window(self) -> int:
        try:
            threads = sum(self.client.nthreads().values())
        except Exception:  # noqa: BLE001 - asked again at the next result
            threads = 1
        return max(2, IN_FLIGHT_PER_WORKER * max(1, threads))

    def _drive(self, work: list[tuple[Engine, Task]]) -> None:
        """Keep the cluster busy with a bounded window of tasks, settling each as it ends."""
        pending = iter(work)
        running: dict = {}
        finished: queue.Queue = queue.Queue()
        lost_since = None
        try:
            self._submit(pending, running, finished, self._window())
            while running and not self.stopping.is_set():
                try:
                    future = finished.get(timeout=POLL_S)
                except queue.Empty:
                    if self.client.status == "running":
                        lost_since = None
                    elif lost_since is None:
                        lost_since = time.monotonic()
                    elif time.monotonic() - lost_since > LOST_AFTER_S:
                        raise ConnectionError("no answer") from None
                    continue
                self._settle(future, running.pop(future.key))
                self._submit(pending, running, finished, self._window() - len(running))
        except BaseException as error:  # noqa: BLE001 - the scheduler or its connection
            reason = (str(error).splitlines() or [""])[0][:160]
            if "connection-lost" in str(error) or "lost the connection" in str(error):
                reason = "the connection was lost"
            failure = ClusterError(f"the Dask scheduler at {self.address} went away "
                                   f"({reason or type(error).__name__}); nothing was published")
            for future in self.futures.values():
                _resolve(future, error=failure)

    def _submit(self, pending: Iterable, running: dict, finished: queue.Queue,
                count: int) -> None:
        for _ in range(max(0, count)):
            item = next(pending, None)
            if item is None:
                return
            engine, task = item
            future = self.client.submit(speak_segment, spec_of(engine), task.spoken,
                                        key=f"narrator-{task.key}", retries=1, pure=False)
            running[future.key] = task
            future.add_done_callback(finished.put)

    def _settle(self, future, task: Task) -> None:
        """A finished task's clip into the cache (checked as a cache read), or its error."""
        mine = self.futures[task.key]
        if mine.done():  # cancelled: the build stopped
            return
        try:
            data = future.result()
        except EngineError as error:
            _resolve(mine, error=error)
            return
        except Exception as error:  # noqa: BLE001 - the task raised something else, twice
            if future.status == "error":
                _resolve(mine, error=EngineError(f"{type(error).__name__}: {error}"))
                return
            raise
        finally:
            future.release()
        if clip_from_entry(data) is None:
            _resolve(mine, error=EngineError("a worker sent back damaged audio"))
            return
        self.cache.put_entry(task.key, data)
        self.spoken_chars += len(task.spoken)
        _resolve(mine, result=task.key)
        if self.on_done:
            self.on_done(task)

    def speaker_for(self, engine: Engine) -> ClusterSpeaker:
        return ClusterSpeaker(self, engine)

    def __enter__(self) -> ClusterSynthesis:
        return self

    def __exit__(self, kind, error, trace) -> None:
        self.stopping.set()
        if error is not None:
            for future in self.futures.values():
                future.cancel()
        self.thread.join(timeout=POLL_S * 3)
        try:
            workers = len(self.client.nthreads())
        except Exception:  # noqa: BLE001
            workers = 0
        seconds = time.perf_counter() - self.started
        if self.spoken_chars and error is None:
            log.info("cluster   %d workers spoke %d characters in %.1f s", workers,
                     self.spoken_chars, seconds)
        self.client.close()


class ClusterSpeaker(Speaker):
    """A show's view of a ClusterSynthesis: its clips, waited for from the cluster."""

    def __init__(self, synthesis: ClusterSynthesis, engine: Engine):
        super().__init__([], engine, synthesis.cache, jobs=1)
        self.futures = dict(synthesis.futures)  # popped as read; the synthesis keeps its own
