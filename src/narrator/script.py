"""Script: turn a Document into narration segments (sentences and headings) with pauses."""

from __future__ import annotations

import functools
import re

import pysbd

from narrator.config import PausesSection
from narrator.models import Document, Script, Segment


@functools.lru_cache(maxsize=4)
def _segmenter(language: str) -> pysbd.Segmenter:
    try:
        return pysbd.Segmenter(language=language, clean=False)
    except ValueError:  # pysbd does not know this language: English rules are the safest
        return pysbd.Segmenter(language="en", clean=False)


def split_sentences(paragraph: str, language: str = "en") -> list[str]:
    """Sentences of one paragraph; initials, "Dr.", decimals and quotes do not split."""
    sentences = _segmenter(language.split("-")[0].lower()).segment(paragraph)
    return [s.strip() for s in sentences if s.strip()]


def spoken_form(text: str) -> str:
    """What the voice says for a piece of text (the cleanup issue deepens this)."""
    return re.sub(r"\s+", " ", text).strip()


def make_script(document: Document, pauses: PausesSection, language: str = "en") -> Script:
    """Segment a document; sentence < paragraph < section pauses between segments."""
    segments: list[Segment] = []
    for block in document.blocks:
        if block.kind == "heading":
            if segments:
                segments[-1].pause_after_ms = pauses.section_ms
            segments.append(Segment(block.text, spoken_form(block.text), "heading",
                                    pauses.paragraph_ms, ends_paragraph=True))
            continue
        sentences = split_sentences(block.text, language)
        for index, sentence in enumerate(sentences):
            last = index == len(sentences) - 1
            segments.append(Segment(sentence, spoken_form(sentence), "sentence",
                                    pauses.paragraph_ms if last else pauses.sentence_ms,
                                    ends_paragraph=last))
    segments = [s for s in segments if s.spoken]
    if segments:
        segments[-1].pause_after_ms = 0
    return Script(title=document.title, segments=segments)
