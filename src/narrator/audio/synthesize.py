"""Synthesize: speech for each segment, from the cache or made by the engine, in parallel.

Work is planned across every episode of a build: segments missing from the cache are made by
worker processes, each holding one loaded voice, longest first so that no core idles at the end.
Each worker runs the inference runtime on its share of the cores, so N workers do not
oversubscribe them. The stitcher then reads the clips back from the cache one at a time, so memory
does not grow with the episode.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from narrator.audio.cache import SegmentCache, segment_key
from narrator.audio.engines import Engine, get_engine
from narrator.audio.ffmpeg import load_audio_file
from narrator.core import faults, timing
from narrator.core.errors import EngineError
from narrator.core.models import Script, Segment

MIN_SEGMENTS_PER_WORKER = 3
"""Starting a worker costs about a second (it loads the voice): small jobs stay in-process."""


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def key_of(segment: Segment, engine: Engine) -> str | None:
    """The segment's cache key; None for a segment played from a file."""
    return None if segment.audio_path is not None else segment_key(segment.spoken,
                                                                   engine.identity())


@dataclass
class Task:
    key: str
    spoken: str


def missing_tasks(scripts: Iterable[Script], engine: Engine, cache: SegmentCache) -> list[Task]:
    """Segments of these scripts that the cache lacks, each once, in the order they are heard
    (so that the stitcher can encode each episode while its later segments are being made)."""
    tasks: dict[str, Task] = {}
    for script in scripts:
        for segment in script.segments:
            key = key_of(segment, engine)
            if key and key not in tasks and not cache.has(key):
                tasks[key] = Task(key, segment.spoken)
    return list(tasks.values())


_worker: dict = {}


def _die_with_parent(parent: int) -> None:
    """Have the kernel kill this worker when the build that started it dies, however it dies
    (the OOM killer sends SIGKILL to the build alone)."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # it died before the line above
        os._exit(1)


def _start_worker(name: str, voice: str, speed: float, options: dict, cache_root: str,
                  threads: int, parent: int) -> None:
    _die_with_parent(parent)
    # Ctrl-C reaches the whole process group: the build stops its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker["engine"] = get_engine(name, voice, speed, **options)
    _worker["engine"].use_threads(threads)
    _worker["engine"].use_cache(Path(cache_root))
    _worker["cache"] = SegmentCache(Path(cache_root))


def _make(task: Task) -> str:
    clip = _worker["engine"].synthesize(task.spoken)
    faults.point("synthesize.segment")
    _worker["cache"].put(task.key, clip)
    return task.key


def worker_count(jobs: int, tasks: int) -> int:
    """How many workers `tasks` segments get when `jobs` are allowed: each at least a few."""
    return max(1, min(jobs, tasks // MIN_SEGMENTS_PER_WORKER or 1))


class Speaker:
    """Makes the missing clips, in worker processes when it pays (else in a thread of this
    process), while the caller reads every clip back in order with `clip_of`: encoding runs
    alongside synthesis.

    A context manager: leaving it on an error (or Ctrl-C) cancels the work not yet started;
    what was made stays in the cache.
    """

    def __init__(self, tasks: list[Task], engine: Engine, cache: SegmentCache, jobs: int,
                 on_done: Callable[[Task], None] | None = None):
        self.engine, self.cache, self.on_done = engine, cache, on_done
        engine.use_cache(cache.root)
        self.jobs = worker_count(jobs, len(tasks))
        self.tasks = {task.key: task for task in tasks}
        self.futures: dict[str, concurrent.futures.Future] = {}
        self.pool = self.thread = None
        self.lock = threading.Lock()  # the in-process engine speaks one segment at a time
        if self.jobs > 1:
            self._start_pool(tasks)
        elif tasks:
            self._start_thread(tasks)

    def _start_thread(self, tasks: list[Task]) -> None:
        """Make the missing clips in this process, in a thread, from now on: while the
        stitcher encodes the clips before them (an edited paragraph in the middle of an
        episode is spoken while its opening is being encoded)."""
        for task in tasks:
            future = concurrent.futures.Future()
            if self.on_done:
                future.add_done_callback(lambda done, task=task: self._done(done, task))
            self.futures[task.key] = future
        pending = [(task, self.futures[task.key]) for task in tasks]

        def run() -> None:
            for task, future in pending:
                if not future.set_running_or_notify_cancel():
                    continue  # cancelled: the build stopped
                try:
                    with self.lock:
                        clip = self.engine.synthesize(task.spoken)
                    self.cache.put(task.key, clip)
                except BaseException as error:  # noqa: BLE001 - handed to the stitcher
                    future.set_exception(error)
                    # A build stops at its first failure; with --keep-going, the clips after
                    # it are made when the stitcher asks for them (no call made in vain to an
                    # engine that has just failed).
                    for _, later in pending:
                        later.cancel()
                    return
                future.set_result(task.key)

        self.thread = threading.Thread(target=run, name="narrator-speaker", daemon=True)
        self.thread.start()

    def _start_pool(self, tasks: list[Task]) -> None:
        import multiprocessing

        engine = self.engine
        threads = max(1, available_cores() // self.jobs)
        # Forking is fastest (workers inherit the imports) and safe while this process has not
        # started the engine's runtime; once it has, workers must start afresh.
        method = "fork" if engine.can_fork() and "fork" in multiprocessing.get_all_start_methods() \
            else "spawn"
        self.pool = concurrent.futures.ProcessPoolExecutor(
            self.jobs, mp_context=multiprocessing.get_context(method), initializer=_start_worker,
            initargs=(engine.NAME, engine.voice, engine.speed, dict(engine.options),
                      str(self.cache.root), threads, os.getpid()))
        for task in tasks:
            future = self.pool.submit(_make, task)
            if self.on_done:
                future.add_done_callback(lambda done, task=task: self._done(done, task))
            self.futures[task.key] = future

    def _done(self, future: concurrent.futures.Future, task: Task) -> None:
        if not future.cancelled() and future.exception() is None:
            self.on_done(task)

    def __enter__(self) -> Speaker:
        return self

    def __exit__(self, kind, error, trace) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=error is not None)
        if self.thread is not None:
            if error is not None:
                for future in self.futures.values():
                    future.cancel()
            self.thread.join()

    def clip(self, key: str, spoken: str):
        """The clip of one key: waited for from its worker, read from the cache, or made here."""
        future = self.futures.pop(key, None)
        if future is not None and not future.cancelled():
            future.result()  # raises the worker's error
        clip = self.cache.get(key)
        if clip is None:  # made here: an entry damaged since it was made
            with self.lock:
                clip = self.engine.synthesize(spoken)
            self.cache.put(key, clip)
            if (future is None or future.cancelled()) and self.on_done \
                    and self.tasks.pop(key, None):
                self.on_done(Task(key, spoken))
        timing.mark("last clip")
        return clip

    def clip_of(self, script: Script, where: Path | str | None = None) -> Callable:
        """A function from a segment's number (from 0) to its clip (a pydub AudioSegment):
        cached, made, or from a file. The stitcher asks for the clips it needs, in order, so it
        can encode each before the next is read and memory does not grow with the episode."""

        def clip(index: int):
            segment = script.segments[index]
            if segment.audio_path is not None:
                return load_audio_file(segment.audio_path)
            try:
                return self.clip(key_of(segment, self.engine), segment.spoken)
            except EngineError as error:  # which episode and sentence, as well as why
                text = segment.text if len(segment.text) <= 50 else segment.text[:47] + "..."
                raise EngineError(f"segment {index + 1} ({text!r}): {error.message}",
                                  where) from None

        return clip
