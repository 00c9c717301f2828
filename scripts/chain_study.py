"""The audio chain's settings, measured: what each costs and whether the MP3 holds the limits.

For episodes made from real article bodies (../shared/data/cleanup-dev, English, of four
lengths: a sentence, a paragraph, about a minute and about five), the same speech is encoded
with each variant of the chain (the limiter's oversampling, the in-process meter's peak mode),
and each MP3 is then measured by a second meter (ffmpeg decoding the file and metering loudness
and true peak, as a player hears it). Printed per variant: the chain's CPU seconds per minute of
audio, the MP3's loudness and true peak against the targets, and how far the figures the build
reports (from the PCM, in the encoder's process) are from the MP3's.

    .venv/bin/python scripts/chain_study.py [--episodes 24]

Speech is kept in a segment cache (--cache) so that a second run costs only the encoding.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import statistics
import tempfile
from pathlib import Path

import narrator
from narrator.audio import encode, loudness, stitch as stitching
from narrator.audio.cache import SegmentCache
from narrator.audio.engines import get_engine
from narrator.audio.synthesize import key_of
from narrator.core.config import AudioSection

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT.parent / "shared" / "data" / "cleanup-dev" / "pages.jsonl"
LENGTHS = [12, 60, 160, 800]
"""Words an episode has, in turn: a sentence, a paragraph, about a minute, about five."""


def texts(count: int, offset: int = 0) -> list[str]:
    bodies = [json.loads(line)["expected"] for line in PAGES.open(encoding="utf-8")]
    bodies = sorted((b for b in bodies if len(b.split()) >= 300), key=len)
    chosen = []
    for index in range(count):
        body, words = bodies[(index * 7 + offset) % len(bodies)], LENGTHS[index % len(LENGTHS)]
        kept, paragraphs = 0, []
        for paragraph in body.split("\n"):
            if kept >= words:
                break
            paragraph = " ".join(paragraph.split()[:max(words - kept, 8)])
            paragraphs.append(paragraph)
            kept += len(paragraph.split())
        chosen.append("\n\n".join(p for p in paragraphs if p.strip()))
    return chosen


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=24)
    parser.add_argument("--offset", type=int, default=0,
                        help="start the choice of articles here (another sample of them)")
    parser.add_argument("--variants", default="4:true,2:true,2:sample",
                        help="OVERSAMPLING:PEAK pairs to measure")
    parser.add_argument("--cache", type=Path,
                        default=Path(tempfile.gettempdir()) / "narrator-chain-study")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    engine = get_engine("piper")
    cache = SegmentCache(args.cache)
    engine.use_cache(args.cache)
    work = Path(tempfile.mkdtemp(prefix="narrator-chain-"))
    episodes = []
    for number, text in enumerate(texts(args.episodes, args.offset)):
        source = work / f"e{number}.md"
        source.write_text(text + "\n", encoding="utf-8")
        script = narrator.script(source)
        for segment in script.segments:
            key = key_of(segment, engine)
            if not cache.has(key):
                cache.put(key, engine.synthesize(segment.spoken))
        episodes.append(script)
    section = AudioSection()
    seen: dict = {}

    def estimated(pcm_loudness: float, pcm_peak: float) -> tuple[float, float]:
        seen["pcm"] = pcm_loudness, pcm_peak
        return loudness.estimated_mp3(pcm_loudness, pcm_peak)

    def second_meter(mp3: bytes, where: Path) -> tuple[list[float], float]:
        seen["checks"] = seen.get("checks", 0) + 1  # a piece's MP3 measured: near a limit
        return loudness.measure_mp3(mp3, where)

    stitching.estimated_mp3, stitching.measure_mp3 = estimated, second_meter
    ceiling, target = section.true_peak_dbtp, section.loudness_lufs
    variants = [(int(v.split(":")[0]), v.split(":")[1]) for v in args.variants.split(",")]
    for oversampling, peak_mode in variants:
        loudness.OVERSAMPLING, encode.METER_PEAK = oversampling, peak_mode
        rows, cpu, audio_s, seen["checks"] = [], 0.0, 0.0, 0
        for number, script in enumerate(episodes):
            out = work / f"e{number}-{oversampling}-{peak_mode}.mp3"
            before = children_cpu()
            made = stitching.stitch((cache.get(key_of(s, engine)) for s in script.segments),
                          script.segments, out, section)
            cpu += children_cpu() - before
            audio_s += made.duration_ms / 1000
            heard, heard_peak = loudness.measure_loudness(out)
            rows.append((made.duration_ms / 1000, *seen["pcm"], heard, heard_peak,
                         made.loudness_lufs, made.true_peak_dbtp))
        long_rows = [r for r in rows if r[0] >= 10]
        print(f"limiter at {oversampling}x, meter peak={peak_mode}: "
              f"{cpu / audio_s * 60:.3f} CPU s per audio minute ({len(rows)} episodes, "
              f"{audio_s / 60:.1f} min)")
        peaks, levels = [r[4] - r[2] for r in rows], [r[3] - r[1] for r in rows]
        print(f"  MP3 true peak (second meter): max {max(r[4] for r in rows):+.2f} dBTP "
              f"(ceiling {ceiling}); minus the PCM's {peak_mode} peak: min {min(peaks):+.2f}, "
              f"median {statistics.median(peaks):+.2f}, max {max(peaks):+.2f} dB")
        print(f"  MP3 loudness (episodes of 10 s or more): {min(r[3] for r in long_rows):.2f} "
              f"to {max(r[3] for r in long_rows):.2f} LUFS (target {target}); minus the PCM's: "
              f"min {min(levels):+.2f}, median {statistics.median(levels):+.2f}, "
              f"max {max(levels):+.2f} LU")
        print(f"  reported by the build minus the second meter: loudness max "
              f"|{max(abs(r[5] - r[3]) for r in rows):.2f}| LU, true peak max "
              f"{max(r[6] - r[4] for r in rows):+.2f} min {min(r[6] - r[4] for r in rows):+.2f} "
              f"dB; MP3s decoded to check: {seen['checks']} of {len(rows)}")
    print(f"(files in {work})")


if __name__ == "__main__":
    main()
