"""Word timing from the voice's phoneme durations: the matching of espeak's words to the text's,
the engine's spans, and the audio left exactly as it was."""

from __future__ import annotations

import numpy as np
import pytest

from narrator.audio.wordtimes import SpokenWord, spoken_words, token_spans


def _word(start: int, *symbols: str) -> SpokenWord:
    return SpokenWord([(symbol, start + 100 * k, start + 100 * (k + 1))
                       for k, symbol in enumerate(symbols)])


def test_espeak_words_are_read_from_phonemes_and_pauses():
    pairs = [("^", 50), ("h", 10), ("ˈ", 5), ("a", 20), (" ", 30), ("b", 10), ("i", 10),
             (",", 40), (" ", 5), ("c", 10), ("$", 20)]
    words = spoken_words(pairs, offset=1000)
    assert [(w.start, w.end) for w in words] == [(1050, 1085), (1115, 1135), (1180, 1190)]


def test_one_espeak_word_for_two_tokens_is_divided_at_its_phonemes():
    # "of the" is one espeak word ("ʌvðə"); "voice" its own.
    words = [_word(0, "ʌ", "v", "ð", "ə"), _word(500, "v", "ɔ", "ɪ", "s")]
    spans = token_spans(["of", "the", "voice."], words)
    assert spans == [(0, 200), (200, 400), (500, 900)]


def test_one_token_for_two_espeak_words_takes_both():
    words = [_word(0, "f", "uː", "t"), _word(400, "b", "ɔː", "l"), _word(800, "ɪ", "z")]
    spans = token_spans(["football", "is"], words)
    assert spans == [(0, 700), (800, 1000)]


def test_tokens_that_cannot_be_matched_give_none():
    assert token_spans(["a"] * 10, [_word(0, "a")]) is None
    assert token_spans(["word"], []) is None
    assert token_spans([], [_word(0, "a")]) == []


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    from narrator.audio.engines import get_engine

    made = get_engine("piper")
    made.use_cache(tmp_path_factory.mktemp("voices"))
    return made


def test_piper_times_every_spoken_token_within_its_clip(engine):
    text = "Hello there, this is a test of the voice, and then we stop."
    clip = engine.synthesize(text)
    spans = clip.word_spans
    assert len(spans) == len(text.split())
    starts = [start for start, _ in spans]
    assert starts == sorted(starts) and all(start <= end for start, end in spans)
    assert 0 <= spans[0][0] < 300 and spans[-1][1] <= len(clip) + 1


def test_word_starts_meet_the_sound_after_each_pause(engine):
    """Where a word follows silence, its span starts where its sound does (5 ms steps)."""
    text = ("First, the kettle. Second, the stove. Third, the clock on the wall. "
            "Then, after a pause, we speak again.")
    clip = engine.synthesize(text)
    samples = np.frombuffer(clip.raw_data, np.int16).astype(float)
    step = clip.frame_rate * 5 // 1000
    loud = np.array([np.abs(samples[i:i + step]).max() > 32768 * 10 ** (-40 / 20)
                     for i in range(0, len(samples) - step, step)])
    errors = []
    for start, _ in clip.word_spans:
        index = int(start * clip.frame_rate / 1000) // step
        if index >= 12 and not loud[index - 12:index - 4].any():  # 40 ms of silence before
            onset = index - 12 + int(np.argmax(loud[index - 12:]))
            errors.append(abs(onset * step * 1000 / clip.frame_rate - start))
    assert len(errors) >= 5
    assert float(np.median(errors)) <= 30, errors


def test_the_audio_is_the_same_with_and_without_the_durations(engine, monkeypatch, tmp_path):
    from piper import patch_voice_with_alignment

    from narrator.audio.engines import piper

    text = "The same words, the same sound, to the last sample."
    with_times = engine.synthesize(text)
    monkeypatch.setattr(patch_voice_with_alignment, "add_alignment_output", lambda model: None)
    piper._load_voice.cache_clear()
    engine.use_cache(tmp_path)  # prepared again, without the durations' output
    try:
        without = engine.synthesize(text)
    finally:
        piper._load_voice.cache_clear()
    assert without.word_spans is None
    assert with_times.raw_data == without.raw_data
