"""Tag: write ID3v2.4 metadata with mutagen, so players and apps show what the feed says."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

# mutagen and pycountry are imported where they are used: a build with nothing to make never
# loads them.

from narrator.core import faults
from narrator.core.languages import iso639_2
from narrator.core.models import Chapter
from narrator.core.formats import WAV_SUFFIX, image_mime

GENRE = "Podcast"
MADE_BY = "narrator"
"""The TXXX frame by which narrator knows a file it wrote (`speak` overwrites only those)."""


@dataclass
class EpisodeTags:
    """Everything written into one episode's ID3 tag."""

    title: str
    artist: str
    album: str
    date: datetime
    language: str  # as in the feed: "en" or "en-us"
    comment: str
    lyrics: str
    cover: Path | None = None
    episode_url: str = ""
    feed_url: str = ""
    chapters: list[Chapter] = field(default_factory=list)
    made_by: str = ""  # written as TXXX:narrator, so that narrator knows its own files
    length_ms: int | None = None  # the audio's length, as TLEN (players and taggers read it)


def write_tags(mp3_path: Path, tags: EpisodeTags) -> None:
    """Replace the file's ID3 tag with an ID3v2.4 tag holding `tags`."""
    from mutagen.id3 import (APIC, CHAP, COMM, CTOC, ID3, TALB, TCON, TDRC, TIT2, TLAN, TLEN,
                             TPE1, TXXX, USLT, WFED, WOAS, CTOCFlags, Encoding, ID3TimeStamp)

    lang = iso639_2(tags.language)
    id3 = ID3()
    id3.add(TIT2(encoding=Encoding.UTF8, text=tags.title))
    id3.add(TPE1(encoding=Encoding.UTF8, text=tags.artist))
    id3.add(TALB(encoding=Encoding.UTF8, text=tags.album))
    id3.add(TDRC(encoding=Encoding.UTF8,
                 text=[ID3TimeStamp(tags.date.strftime("%Y-%m-%dT%H:%M:%S"))]))
    id3.add(TCON(encoding=Encoding.UTF8, text=GENRE))
    id3.add(TLAN(encoding=Encoding.UTF8, text=lang))
    if tags.length_ms is not None:
        id3.add(TLEN(encoding=Encoding.UTF8, text=str(int(tags.length_ms))))
    id3.add(COMM(encoding=Encoding.UTF8, lang=lang, desc="", text=tags.comment))
    id3.add(USLT(encoding=Encoding.UTF8, lang=lang, desc="", text=tags.lyrics))
    if tags.cover is not None:
        id3.add(APIC(encoding=Encoding.UTF8, mime=image_mime(tags.cover), type=3, desc="Cover",
                     data=tags.cover.read_bytes()))
    if tags.episode_url:
        id3.add(WOAS(url=tags.episode_url))
    if tags.feed_url:
        id3.add(WFED(url=tags.feed_url))
    if tags.made_by:
        id3.add(TXXX(encoding=Encoding.UTF8, desc=MADE_BY, text=tags.made_by))
    if tags.chapters:
        # One top-level, ordered table of contents over every chapter: Overcast and other apps
        # show ID3 chapters only when this CTOC is there.
        ids = [f"chp{index}" for index in range(len(tags.chapters))]
        id3.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                     child_element_ids=ids,
                     sub_frames=[TIT2(encoding=Encoding.UTF8, text=tags.title)]))
        for element_id, chapter in zip(ids, tags.chapters):
            id3.add(CHAP(element_id=element_id, start_time=int(round(chapter.start_ms)),
                         end_time=int(round(chapter.end_ms)),
                         sub_frames=[TIT2(encoding=Encoding.UTF8, text=chapter.title)]))
    faults.point("tag.write")
    _in_time_order(id3).save(mp3_path, v2_version=4, v1=0)


def _in_time_order(id3):
    """The tag, to be saved with its table of contents and chapters together, the chapters in
    time order (mutagen orders frames by size: tools that read CHAP frames without the CTOC
    listed "chapter 0" last). Otherwise as mutagen orders them: main text frames first,
    pictures last."""
    from mutagen.id3 import ID3
    from mutagen.id3._tags import save_frame

    first = ["TIT2", "TPE1", "TRCK", "TALB", "TPOS", "TDRC", "TCON"]

    def place(frame) -> tuple:
        if frame.FrameID in first:
            return (0, first.index(frame.FrameID), 0, "")
        if frame.FrameID in ("CTOC", "CHAP"):
            return (1, frame.FrameID == "CHAP", getattr(frame, "start_time", 0), frame.HashKey)
        return (3 if frame.FrameID == "APIC" else 2, 0, 0,
                "" if frame.FrameID == "APIC" else frame.HashKey)

    class ChaptersInOrder(ID3):
        def _write(self, config):
            frames = sorted(self.values(), key=place)  # stable: pictures keep their order
            return bytearray().join(save_frame(frame, config=config) for frame in frames)

    ordered = ChaptersInOrder()
    ordered.update(id3)
    return ordered


def made_by_narrator(path: Path) -> bool:
    """Whether `path` is a file narrator wrote: an MP3 whose ID3 tag has narrator's TXXX frame,
    or a WAV whose INFO comment names narrator."""
    from mutagen import MutagenError
    from mutagen.id3 import ID3

    if path.suffix.lower() == WAV_SUFFIX:
        try:
            with path.open("rb") as handle:
                head = handle.read(512)
        except OSError:
            return False
        return head[:4] == b"RIFF" and b"ICMT" in head and b"narrator" in head
    try:
        return bool(ID3(path).getall(f"TXXX:{MADE_BY}"))
    except (MutagenError, OSError):
        return False


def read_tags(mp3_path: Path) -> dict[str, str]:
    """The tag read back as {frame id: text}, for tests and `narrator` checks."""
    from mutagen.id3 import ID3

    id3 = ID3(mp3_path)
    result = {}
    for frame in id3.values():
        key = frame.FrameID
        if key in ("CHAP", "CTOC"):
            continue  # read with read_chapters
        if key in ("APIC",):
            result[key] = f"{frame.mime}, {len(frame.data)} bytes"
        elif key.startswith("W"):
            result[key] = frame.url
        elif key in ("COMM", "USLT"):
            result[key] = frame.text
        else:
            result[key] = str(frame.text[0]) if frame.text else ""
    return result


def read_chapters(mp3_path: Path) -> list[tuple[int, int, str]]:
    """The chapters in the CTOC's order, as (start ms, end ms, title)."""
    from mutagen.id3 import ID3, CTOCFlags

    id3 = ID3(mp3_path)
    tocs = [f for f in id3.getall("CTOC") if f.flags & CTOCFlags.TOP_LEVEL]
    if not tocs:
        return []
    chapters = {f.element_id: f for f in id3.getall("CHAP")}
    return [(chapters[i].start_time, chapters[i].end_time, str(chapters[i].sub_frames["TIT2"]))
            for i in tocs[0].child_element_ids if i in chapters]
