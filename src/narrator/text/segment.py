"""Segment: turn a Document into a narration script of sentences and headings, with pauses."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping

from narrator.core.config import PausesSection
from narrator.core.errors import InputError
from narrator.core.languages import note
from narrator.core.models import Block, Document, Script, Segment
from narrator.text.spoken import SpokenForms


@functools.lru_cache(maxsize=4)
def _segmenter(language: str):
    import pysbd  # loaded only when a script is made

    try:
        return pysbd.Segmenter(language=language, clean=False)
    except ValueError:  # pysbd does not know this language: English rules are the safest
        return pysbd.Segmenter(language="en", clean=False)


CHUNK_CHARS = 2000
"""pysbd's time grows with the square of a paragraph's length; longer ones are cut first."""
# A safe place to cut: after a sentence end whose last word is a lower-case word of three or
# more letters (so not "Dr.", "U.S." or an initial), before a capital or an opening quote.
_SAFE_CUT = re.compile(r"(?<=[a-z]{3}[.!?])[\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z])")


def _chunks(paragraph: str) -> list[str]:
    """The paragraph in pieces of about CHUNK_CHARS, cut only at unambiguous sentence ends."""
    pieces, start = [], 0
    for match in _SAFE_CUT.finditer(paragraph):
        if match.end() - start >= CHUNK_CHARS:
            pieces.append(paragraph[start:match.start()])
            start = match.end()
    pieces.append(paragraph[start:])
    return pieces


def split_sentences(paragraph: str, language: str = "en") -> list[str]:
    """Sentences of one paragraph; initials, "Dr.", decimals and quotes do not split."""
    return list(_split_sentences(paragraph, language))


@functools.lru_cache(maxsize=4096)
def _split_sentences(paragraph: str, language: str) -> tuple[str, ...]:
    """(Kept for the process: `serve --watch` rebuilds re-split only the edited paragraphs;
    pysbd takes most of a long episode's planning.)"""
    segmenter = _segmenter(language.split("-")[0].lower())
    sentences = []
    for piece in _chunks(paragraph):
        found = segmenter.segment(piece) if re.search(r"[.!?]", piece) else [piece]
        if _squeeze("".join(found)) != _squeeze(piece):
            # pysbd uses a few rare letters (such as "ȸ") as its own placeholders and loses them;
            # a split that does not give back every character is replaced by a plain one.
            found = _SIMPLE_SPLIT.split(piece)
        sentences.extend(found)
    sentences = _across_abbreviations([s.strip() for s in sentences if s.strip()], language)
    return tuple(_with_numbers_joined(sentences))


def _across_abbreviations(sentences: list[str], language: str) -> list[str]:
    """Sentences that pysbd cut after an abbreviation of the language ("t.ex.", "proc.",
    "TP.", "Hauptstr.") or before a word in lower case ("Az 1." + "helyen ...") joined
    again."""
    words, phrases, endings = _abbreviation_kinds(language)
    joined: list[str] = []
    for sentence in sentences:
        last = joined[-1].casefold() if joined else ""
        if last.endswith(".") and (last.rsplit(None, 1)[-1] in words or last.endswith(phrases)
                                   or last.endswith(endings)
                                   or (sentence[:1].isalpha() and sentence[:1].islower())):
            joined[-1] = f"{joined[-1]} {sentence}"
        else:
            joined.append(sentence)
    return joined


@functools.lru_cache(maxsize=None)
def _abbreviation_kinds(language: str) -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
    """A language's abbreviations as words ("t.ex."), as phrases (" т. е.") and as word endings
    ("str.")."""
    from narrator.text.spoken import abbreviations

    known = abbreviations(language)
    return (frozenset(word for word in known if " " not in word and not word.startswith("-")),
            tuple(f" {word}" for word in known if " " in word),
            tuple(word[1:] for word in known if word.startswith("-")))


_REFERENCE = re.compile(r"^(?:page|p|line|item|step|no|part|fig|table)\.? ?\d{1,4}[a-z]?\.$", re.I)


def _with_numbers_joined(sentences: list[str]) -> list[str]:
    """No sentence of a number alone: "See Pub." + "519." is one sentence, a list's "1." goes
    with the item after it (a listener would hear a bare number as a page number)."""
    joined: list[str] = []
    waiting = ""
    for sentence in sentences:
        if (not re.search(r"[^\W\d_]", sentence) and re.search(r"\d", sentence)
                and len(sentence) <= 12) or _REFERENCE.match(sentence):
            if joined and re.search(r"\b[A-Z][a-z]{0,3}\.$", joined[-1]) and not waiting:
                joined[-1] = f"{joined[-1]} {sentence}"  # "Pub." "519.": an abbreviation's
            else:
                waiting = f"{waiting} {sentence}".strip()
            continue
        joined.append(f"{waiting} {sentence}".strip())
        waiting = ""
    if waiting:
        if joined:
            joined[-1] = f"{joined[-1]} {waiting}"
        else:
            joined.append(waiting)
    return joined


_SIMPLE_SPLIT = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"'”’)\]]))\s+(?=[\"'“‘(\[]?[^\W\d_])")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


MAX_SEGMENT_CHARS = 400
"""Longer sentences are split (at clause punctuation, else between words) for the engine."""


def split_long(sentence: str, limit: int = MAX_SEGMENT_CHARS) -> list[str]:
    """The sentence in pieces of at most `limit` characters; no character is dropped."""
    if len(sentence) <= limit:
        return [sentence]
    for pattern in (r"(?<=[;:—–])\s+", r"(?<=,)\s+", r"\s+"):
        parts = [p for p in re.split(pattern, sentence) if p]
        if len(parts) > 1:
            break
    else:  # one unbroken "word" longer than the limit: cut it, as nothing else is possible
        return [sentence[i:i + limit] for i in range(0, len(sentence), limit)]
    pieces, current = [], ""
    for part in parts:
        if current and len(current) + 1 + len(part) > limit:
            pieces.append(current)
            current = part
        else:
            current = f"{current} {part}" if current else part
    pieces.append(current)
    return [piece for chunk in pieces for piece in split_long(chunk, limit)]


def make_script(document: Document, pauses: PausesSection, language: str = "en",
                lexicon: Mapping[str, str] | None = None,
                spoken_of: Callable[[str], str] | None = None) -> Script:
    """Segment a document; sentence < paragraph < section pauses between segments.
    `spoken_of` gives each segment's spoken form (default: `spoken_form`)."""
    spoken_of = spoken_of or SpokenForms(lexicon, language)
    segments: list[Segment] = []
    for block in document.blocks:
        if block.kind == "note":  # said in the show's language: "A code example is left out"
            block = Block(*note(block.text, language))
        if block.kind == "heading":
            if segments:
                segments[-1].pause_after_ms = pauses.section_ms
            segments.append(Segment(block.text, spoken_of(block.text), "heading",
                                    pauses.paragraph_ms, ends_paragraph=True))
            continue
        sentences = [piece for sentence in split_sentences(block.text, language)
                     for piece in split_long(sentence)]
        for index, sentence in enumerate(sentences):
            last = index == len(sentences) - 1
            segments.append(Segment(sentence, spoken_of(sentence), "sentence",
                                    pauses.paragraph_ms if last else pauses.sentence_ms,
                                    ends_paragraph=last))
    segments = [s for s in segments if s.spoken]
    if not segments:
        raise InputError("no words to narrate", document.source)
    segments[-1].pause_after_ms = 0
    return Script(title=document.title, segments=segments, byline=document.byline,
                  date=document.meta.date, dropped=list(document.dropped), language=language)
