"""Synthesize: speech for each segment, from the cache or made by the engine, in parallel.

Work is planned across every episode of a build: segments missing from the cache are made by
worker processes, each holding one loaded voice, longest first so that no core idles at the end.
Each worker runs the inference runtime on its share of the cores, so N workers do not
oversubscribe them. The stitcher then reads the clips back from the cache one at a time, so memory
does not grow with the episode.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from narrator.cache import SegmentCache, segment_key
from narrator.engines import Engine, get_engine
from narrator.errors import AudioError
from narrator.media import audio_segment_class
from narrator.models import Script, Segment

AUDIO_SUFFIXES = {".mp3": "mp3", ".wav": "wav", ".m4a": "mp4", ".ogg": "ogg", ".flac": "flac"}
MIN_SEGMENTS_PER_WORKER = 3
"""Starting a worker costs about a second (it loads the voice): small jobs stay in-process."""


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def load_audio_file(path: Path):
    """A user's intro or outro file, decoded by ffmpeg (its format named: there is no ffprobe)."""
    fmt = AUDIO_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise AudioError(f"unsupported audio file (use {', '.join(AUDIO_SUFFIXES)})", path)
    try:
        return audio_segment_class().from_file(path, format=fmt)
    except Exception as error:  # pydub raises CouldntDecodeError, or OSError for a missing file
        raise AudioError(f"cannot decode it: {str(error).splitlines()[0][:200]}", path) from None


def key_of(segment: Segment, engine: Engine) -> str | None:
    """The segment's cache key; None for a segment played from a file."""
    return None if segment.audio_path is not None else segment_key(segment.spoken,
                                                                   engine.identity())


@dataclass
class Task:
    key: str
    spoken: str


def missing_tasks(scripts: Iterable[Script], engine: Engine, cache: SegmentCache) -> list[Task]:
    """Segments of these scripts that the cache lacks, each once, longest first."""
    tasks: dict[str, Task] = {}
    for script in scripts:
        for segment in script.segments:
            key = key_of(segment, engine)
            if key and key not in tasks and not cache.has(key):
                tasks[key] = Task(key, segment.spoken)
    return sorted(tasks.values(), key=lambda t: (-len(t.spoken), t.key))


_worker: dict = {}


def _start_worker(name: str, voice: str, speed: float, options: dict, cache_root: str,
                  threads: int) -> None:
    os.environ["NARRATOR_ONNX_THREADS"] = str(threads)
    _worker["engine"] = get_engine(name, voice, speed, **options)
    _worker["cache"] = SegmentCache(Path(cache_root))


def _make(task: Task) -> str:
    clip = _worker["engine"].synthesize(task.spoken)
    _worker["cache"].put(task.key, clip)
    return task.key


def worker_count(jobs: int, tasks: int) -> int:
    """How many workers `tasks` segments get when `jobs` are allowed: each at least a few."""
    return max(1, min(jobs, tasks // MIN_SEGMENTS_PER_WORKER or 1))


def synthesize_missing(tasks: list[Task], engine: Engine, cache: SegmentCache, jobs: int,
                       on_done: Callable[[Task], None] | None = None) -> None:
    """Make every task's clip into the cache, with `jobs` worker processes when it pays."""
    jobs = worker_count(jobs, len(tasks))
    if jobs == 1:
        for task in tasks:
            cache.put(task.key, engine.synthesize(task.spoken))
            if on_done:
                on_done(task)
        return
    threads = max(1, available_cores() // jobs)
    # Forking is fastest (workers inherit the imports) and safe while this process has not
    # started the engine's runtime; once it has, workers must start afresh.
    method = "fork" if engine.can_fork() and "fork" in multiprocessing.get_all_start_methods() \
        else "spawn"
    context = multiprocessing.get_context(method)
    with concurrent.futures.ProcessPoolExecutor(
            jobs, mp_context=context, initializer=_start_worker,
            initargs=(engine.NAME, engine.voice, engine.speed, dict(engine.options),
                      str(cache.root), threads)) as pool:
        futures = {pool.submit(_make, task): task for task in tasks}
        try:
            for future in concurrent.futures.as_completed(futures):
                future.result()
                if on_done:
                    on_done(futures[future])
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def synthesize_script(script: Script, engine: Engine, cache: SegmentCache | None = None,
                      on_segment: Callable[[int], None] | None = None) -> Iterator:
    """Yield one pydub AudioSegment per script segment, in order: cached, made, or from a file.

    A generator, so the stitcher can encode each clip before the next one is read and memory
    does not grow with the episode's length.
    """
    for index, segment in enumerate(script.segments):
        if segment.audio_path is not None:
            clip = load_audio_file(segment.audio_path)
        else:
            key = key_of(segment, engine)
            clip = cache.get(key) if cache is not None else None
            if clip is None:
                clip = engine.synthesize(segment.spoken)
                if cache is not None:
                    cache.put(key, clip)
        if on_segment:
            on_segment(index)
        yield clip
