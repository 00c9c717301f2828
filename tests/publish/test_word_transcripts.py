"""Transcripts a word at a time: captions people can read, the JSON transcript, the written
words timed by the spoken ones, sentence timing where the engine gives none, and the same
transcripts from a rebuild that speaks nothing again."""

from __future__ import annotations

import json
import shutil

import pytest

from narrator.core.models import Cue, Script, Segment, Timing
from narrator.publish.transcripts import (MAX_CUE_MS, MAX_LINE_CHARS, caption_cues, cues,
                                          read_json_transcript, timed_segments,
                                          to_json_transcript, word_cues)


def _timed(words: list[str], step: float = 300.0) -> list[Cue]:
    return [Cue(k * step, k * step + step * 0.8, word) for k, word in enumerate(words)]


def test_captions_are_two_short_lines_cut_where_phrases_end():
    words = ("Every morning starts with the same question in our kitchen, and the answer "
             "printed on the box says three minutes; our stopwatch disagreed on almost every "
             "day of the week, as the notebook shows.").split()
    made = caption_cues(_timed(words))
    assert " ".join(c.text.replace("\n", " ") for c in made) == " ".join(words)
    for cue in made:
        lines = cue.text.split("\n")
        assert len(lines) <= 2 and all(len(line) <= MAX_LINE_CHARS for line in lines)
        assert cue.end_ms - cue.start_ms <= MAX_CUE_MS
    # A cue that had to end ends where a phrase does, when one ends in its second half.
    assert all(c.text[-1] in ",;." for c in made[:-1])


def test_a_long_word_never_breaks_the_line_limit_of_the_others():
    words = ["See", "https://example.org/a/very/long/path/that/goes/on/and/on/forever", "now."]
    made = caption_cues(_timed(words))
    assert " ".join(c.text.replace("\n", " ") for c in made) == " ".join(words)


def test_written_words_take_the_time_of_what_they_became():
    segment = Segment("In 1965, Dr. Smith paid.", "In nineteen sixty five, Doctor Smith paid.",
                      "sentence", 0)
    spans = [(0, 100), (120, 300), (310, 500), (510, 700), (800, 1000), (1010, 1200),
             (1210, 1400)]
    words = word_cues(segment, Timing(0, 1500, spans))
    assert [(w.text, w.start_ms, w.end_ms) for w in words] == [
        ("In", 0, 100), ("1965,", 120, 700), ("Dr.", 800, 1000), ("Smith", 1010, 1200),
        ("paid.", 1210, 1400)]


def test_without_word_timing_a_sentence_is_one_json_segment_and_captions_still_fit():
    text = ("A sentence from an engine that gives no word timing at all, long enough to need "
            "two captions of two lines each.")
    script = Script(title="T", segments=[Segment(text, text, "sentence", 0)])
    timings = [Timing(300, 6300, None)]
    data = json.loads(to_json_transcript(timed_segments(script, timings)))
    assert data["segments"] == [{"startTime": 0.3, "endTime": 6.3, "body": text}]
    made = cues(timed_segments(script, timings))
    assert len(made) >= 2 and made[0].start_ms == 300 and made[-1].end_ms == 6300
    assert all(len(line) <= MAX_LINE_CHARS for c in made for line in c.text.split("\n"))
    assert [c.text for c in read_json_transcript(to_json_transcript(timed_segments(script, timings)))] == [text]


def test_a_rebuild_from_the_cache_publishes_the_same_transcripts(tmp_path, write_show):
    from narrator import BuildOptions, build

    show = write_show(tmp_path / "show", {"a.md": "# Timed\n\nEvery word, timed once. "
                                                 "And kept in the cache for the next build.\n"})
    build(show, BuildOptions(out_dir=tmp_path / "first"))
    shutil.rmtree(show / ".narrator")  # a new output: every episode is made again ...
    build(show, BuildOptions(out_dir=tmp_path / "second"))  # ... from cached speech, nothing spoken
    for suffix in (".json", ".vtt", ".srt"):
        assert (tmp_path / "first" / f"a{suffix}").read_bytes() == \
            (tmp_path / "second" / f"a{suffix}").read_bytes(), suffix
    words = json.loads((tmp_path / "second" / "a.json").read_text())["segments"]
    assert len(words) == len("Timed Every word, timed once. And kept in the cache for the next "
                             "build.".split())
    assert len({w["startTime"] for w in words}) == len(words)  # a time each, not a sentence's


def test_a_speech_recognizer_hears_the_words_where_the_transcript_says(tmp_path, write_show):
    """pocketsphinx (its English model ships in the package) decodes the published MP3; its
    word starts, matched to the JSON transcript's words, agree within the issue's bars."""
    pocketsphinx = pytest.importorskip("pocketsphinx", reason="pocketsphinx (test extra)")
    import difflib
    import io
    import re
    import statistics
    import subprocess

    from narrator.audio.ffmpeg import ffmpeg_exe
    from narrator import BuildOptions, build

    text = ("# A Walk by the River\n\nWe walked along the river on a cold morning in March. "
            "The water was high after a week of rain, and the path was muddy in places. "
            "A heron stood very still near the bank, watching the current. "
            "Further on, two boys were throwing stones at an old wooden post. "
            "We stopped at the bridge, drank our tea, and turned back before noon.\n")
    show = write_show(tmp_path / "show", {"walk.md": text})
    result = build(show, BuildOptions(out_dir=tmp_path / "out"))
    mp3 = result.episodes[0].mp3
    pcm = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(mp3), "-f", "s16le", "-ac",
                          "1", "-ar", "16000", "-"], capture_output=True, check=True).stdout
    decoder = pocketsphinx.Decoder(samprate=16000, loglevel="FATAL")
    heard = []
    for speech in pocketsphinx.Segmenter(sample_rate=16000).segment(io.BytesIO(pcm)):
        decoder.start_utt()
        decoder.process_raw(speech.pcm, full_utt=True)
        decoder.end_utt()
        heard += [(re.sub(r"\(\d+\)$", "", s.word), speech.start_time + s.start_frame / 100)
                  for s in decoder.seg() if s.word[:1] not in "<["]
    words = [(re.sub(r"\W+", "", w["body"].lower()), w["startTime"]) for w in
             json.loads((tmp_path / "out" / "walk.json").read_text())["segments"]]
    matcher = difflib.SequenceMatcher(None, [w for w, _ in words], [w for w, _ in heard],
                                      autojunk=False)
    differences = sorted(abs(words[a + k][1] - heard[b + k][1]) * 1000
                         for a, b, n in matcher.get_matching_blocks() for k in range(n))
    print(f"{len(differences)} of {len(words)} words matched; median "
          f"{statistics.median(differences):.0f} ms, 95th percentile "
          f"{differences[int(0.95 * (len(differences) - 1))]:.0f} ms")
    assert len(differences) >= len(words) * 0.6
    assert statistics.median(differences) <= 60
    assert differences[int(0.95 * (len(differences) - 1))] <= 150
