"""When each word of a segment is heard, from the voice's own phoneme durations.

Piper predicts how many audio samples each phoneme lasts before it speaks. espeak's phonemes come
in words separated by spaces, but its words are not always the text's: it runs "of the" into one
("ʌvðə") and may split a token in two. The spoken text's tokens (what `str.split` gives) are
matched to espeak's words in order by the length of each (letters against phonemes), allowing a
word to hold two or three tokens and a token to take two or three words; a word holding several
tokens is divided at its phonemes in proportion to their letters.
"""

from __future__ import annotations

from dataclasses import dataclass

_NOT_SOUNDS = set("ˈˌːˑ\u0303\u0329\u032f")
"""Stress and length marks: phoneme symbols that take no time of their own worth counting."""
_PAUSES = set(",.;:!?¡¿—–-…\"'()[]{}")
"""Punctuation espeak passes through as phonemes: pauses between words, part of no word."""


@dataclass
class SpokenWord:
    """One of espeak's words: its phonemes' (symbol, start sample, end sample)."""

    phonemes: list[tuple[str, int, int]]

    @property
    def start(self) -> int:
        return self.phonemes[0][1]

    @property
    def end(self) -> int:
        return self.phonemes[-1][2]

    @property
    def size(self) -> int:
        return max(1, sum(1 for symbol, _, _ in self.phonemes if symbol not in _NOT_SOUNDS))


def spoken_words(alignments: list[tuple[str, int]], offset: int = 0) -> list[SpokenWord]:
    """espeak's words in one chunk of speech, from (phoneme, samples) pairs in order (BOS and
    EOS included), placed `offset` samples into the clip."""
    words: list[SpokenWord] = []
    current: list[tuple[str, int, int]] = []
    at = offset
    for symbol, samples in alignments:
        start, at = at, at + int(samples)
        if symbol in ("^", "$", "_") or symbol.isspace() or symbol in _PAUSES:
            if current:
                words.append(SpokenWord(current))
                current = []
            continue
        current.append((symbol, start, at))
    if current:
        words.append(SpokenWord(current))
    return words


def letters(token: str) -> int:
    """How much of a token is said: its letters and digits (at least 1)."""
    return max(1, sum(character.isalnum() for character in token))



MOVES = ((1, 1, 0.0), (2, 1, 0.06), (1, 2, 0.06), (3, 1, 0.08), (1, 3, 0.08))
"""(tokens, words, cost) a step of the alignment may take: one to one costs nothing more."""


def _align(tokens: list[str], words: list[SpokenWord]) -> list[tuple[int, int, int, int]]:
    """Groups (token start, token end, word start, word end) covering both sequences in order,
    chosen by dynamic programming so that each group's share of the letters is near its share of
    the phonemes; 1:1 groups cost least."""
    n, m = len(tokens), len(words)
    letter_sums = [0]
    for token in tokens:
        letter_sums.append(letter_sums[-1] + letters(token))
    sounds = [0]
    for word in words:
        sounds.append(sounds[-1] + word.size)
    total_t, total_w = letter_sums[-1], sounds[-1]
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        row, back_row = cost[i], back[i]
        for j in range(m + 1):
            here = row[j]
            if here == inf:
                continue
            for di, dj, penalty in MOVES:
                a, b = i + di, j + dj
                if a > n or b > m:
                    continue
                step = abs((letter_sums[a] - letter_sums[i]) / total_t
                           - (sounds[b] - sounds[j]) / total_w) + penalty
                if here + step < cost[a][b]:
                    cost[a][b], back[a][b] = here + step, (i, j)
    if back[n][m] is None and (n or m):
        return []
    groups = []
    a, b = n, m
    while (a, b) != (0, 0):
        i, j = back[a][b]
        groups.append((i, a, j, b))
        a, b = i, j
    return groups[::-1]


def token_spans(tokens: list[str], words: list[SpokenWord]) -> list[tuple[int, int]] | None:
    """(start, end) samples of each token; None when they cannot be matched (the caller keeps
    the sentence's timing)."""
    if not tokens:
        return []
    if not words:
        return None
    groups = _align(tokens, words)
    if not groups:
        return None
    spans: list[tuple[int, int]] = []
    for t0, t1, w0, w1 in groups:
        if t1 - t0 == 1:
            spans.append((words[w0].start, words[w1 - 1].end))
            continue
        phonemes = [p for word in words[w0:w1] for p in word.phonemes]  # several tokens, one word
        weights = [letters(t) for t in tokens[t0:t1]]
        total, used = sum(weights), 0
        for k, weight in enumerate(weights):
            first = round(used * len(phonemes) / total)
            used += weight
            last = len(phonemes) if k == len(weights) - 1 else max(
                first + 1, round(used * len(phonemes) / total))
            last = min(last, len(phonemes))
            first = min(first, last - 1)
            spans.append((phonemes[first][1], phonemes[last - 1][2]))
    return spans
