"""MP3 chunks joined into one file: each chunk is a whole MP3 (an Info frame, then audio frames
made by an encoder started afresh, so its first frame takes nothing from the bits before it),
and their audio frames one after another are a valid stream. One Info frame heads the whole:
the first chunk's, with the frame and byte counts, the seek table, the encoder delay (the first
chunk's), the padding (the last chunk's), the music length and both CRCs made to fit.

A decoder that honours the Info frame plays the first chunk from its first sample and the last
to its last; between chunks it plays each one's padding and the next one's delay (silence, as
chunks are cut in pauses), so a chunk's audio starts exactly `frames × samples per frame` after
the previous chunk's start.
"""

from __future__ import annotations

import shutil
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

TOC_SIZE = 100
TAG_CRC_SPAN = 190
"""The LAME tag's CRC covers the Info frame's first 190 bytes (written with the CRC as zero)."""


def _crc16_table() -> list[int]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_TABLE = _crc16_table()


def crc16(data: bytes, crc: int = 0) -> int:
    """CRC-16 (ANSI, reflected, as LAME's and ffmpeg's music and tag CRCs); for short data."""
    for byte in data:
        crc = (crc >> 8) ^ _TABLE[(crc ^ byte) & 0xFF]
    return crc


def _apply(operator: list[int], crc: int) -> int:
    result, bit = 0, 0
    while crc:
        if crc & 1:
            result ^= operator[bit]
        crc >>= 1
        bit += 1
    return result


_ONE_BYTE = [(1 << bit >> 8) ^ _TABLE[(1 << bit) & 0xFF] for bit in range(16)]


def crc16_combine(first: int, second: int, second_length: int) -> int:
    """The CRC of two pieces one after the other, from the pieces' CRCs (as zlib's
    crc32_combine): the first CRC run through `second_length` zero bytes, xor the second."""
    operator, power = [1 << bit for bit in range(16)], _ONE_BYTE
    while second_length:
        if second_length & 1:
            operator = [_apply(power, value) for value in operator]
        power = [_apply(power, value) for value in power]
        second_length >>= 1
    return _apply(operator, first) ^ second


@dataclass(frozen=True)
class Chunk:
    """What the join needs of one chunk's MP3: where its audio frames start (after its Info
    frame), how many there are, and its Info frame's figures."""

    info_size: int
    audio_bytes: int
    frames: int
    samples_per_frame: int
    delay: int
    padding: int
    music_crc: int
    tag_at: int
    """Where the Info tag ("Info" or "Xing") starts in the first frame."""


def _side_info(header: int) -> tuple[int, int]:
    """(bytes of side information, samples per frame) of a Layer III frame header."""
    mpeg1 = (header >> 19) & 0b11 == 0b11
    mono = (header >> 6) & 0b11 == 0b11
    if mpeg1:
        return (17 if mono else 32), 1152
    return (9 if mono else 17), 576


def read_chunk(data: bytes) -> Chunk:
    """The Info frame's figures of an MP3 that ffmpeg's LAME wrote (ValueError when it has no
    Info frame with a LAME tag)."""
    (header,) = struct.unpack(">I", data[:4])
    if header >> 21 != 0x7FF or (header >> 17) & 0b11 != 0b01:
        raise ValueError("not an MPEG Layer III frame")
    side, samples = _side_info(header)
    tag = 4 + side
    if data[tag:tag + 4] not in (b"Info", b"Xing"):
        raise ValueError("no Info frame")
    frames, size = struct.unpack(">II", data[tag + 8:tag + 16])
    info_size = _next_frame(data, tag)
    delay_padding = int.from_bytes(data[tag + 141:tag + 144], "big")
    (music_crc,) = struct.unpack(">H", data[tag + 152:tag + 154])
    if size != len(data):
        raise ValueError("the Info frame's size is not the file's")
    return Chunk(info_size=info_size, audio_bytes=len(data) - info_size, frames=frames,
                 samples_per_frame=samples, delay=delay_padding >> 12,
                 padding=delay_padding & 0xFFF, music_crc=music_crc, tag_at=tag)


def _next_frame(data: bytes, after: int) -> int:
    at = data.find(data[:2], after)
    if at < 0:
        raise ValueError("no audio frame after the Info frame")
    return at


def decoded_samples(chunks: Sequence[Chunk]) -> int:
    """How many samples a decoder that honours the joined Info frame plays."""
    total = sum(chunk.frames for chunk in chunks) * chunks[0].samples_per_frame
    return total - chunks[0].delay - chunks[-1].padding


def starts(chunks: Sequence[Chunk]) -> list[int]:
    """Where each chunk's audio starts in what is played (samples at the MP3's rate)."""
    at, result = 0, []
    for chunk in chunks:
        result.append(at)
        at += chunk.frames * chunk.samples_per_frame
    return result


def joined_info(first_info: bytes, chunks: Sequence[Chunk]) -> bytes:
    """The first chunk's Info frame made to head all of `chunks` (unchanged for one)."""
    if len(chunks) == 1:
        return first_info
    info = bytearray(first_info)
    tag, frames = chunks[0].tag_at, sum(chunk.frames for chunk in chunks)
    audio = sum(chunk.audio_bytes for chunk in chunks)
    total = len(info) + audio
    info[tag + 8:tag + 16] = struct.pack(">II", frames, total)
    info[tag + 16:tag + 16 + TOC_SIZE] = _toc(len(info), chunks, total)
    info[tag + 141:tag + 144] = ((chunks[0].delay << 12) | chunks[-1].padding).to_bytes(3, "big")
    music_crc = chunks[0].music_crc
    for chunk in chunks[1:]:
        music_crc = crc16_combine(music_crc, chunk.music_crc, chunk.audio_bytes)
    info[tag + 148:tag + 154] = struct.pack(">IH", total, music_crc)
    info[tag + 154:tag + 156] = b"\0\0"
    info[tag + 154:tag + 156] = struct.pack(">H", crc16(bytes(info[:TAG_CRC_SPAN])))
    return bytes(info)


def _toc(info_size: int, chunks: Sequence[Chunk], total: int) -> bytes:
    """The seek table: for each percent of the frames, where in the file it starts (/256);
    frames within a chunk are taken to be of equal size (a constant bitrate)."""
    ends, at, frames = [], info_size, 0
    for chunk in chunks:
        ends.append((frames, at, chunk))
        frames += chunk.frames
        at += chunk.audio_bytes
    toc = bytearray(TOC_SIZE)
    for percent in range(1, TOC_SIZE):
        wanted = percent * frames // TOC_SIZE
        first, offset, chunk = next(item for item in reversed(ends) if item[0] <= wanted)
        offset += (wanted - first) * chunk.audio_bytes // max(chunk.frames, 1)
        toc[percent] = min(255, 256 * offset // total)
    return bytes(toc)


def join(parts: Sequence[tuple[Path, int, Chunk]], out_path: Path) -> None:
    """Write the chunks' MP3s as one MP3 at `out_path`; each part is a file, where in it the
    chunk's MP3 starts, and the chunk's figures."""
    chunks = [chunk for _, _, chunk in parts]
    path, offset, _ = parts[0]
    with path.open("rb") as first:
        first.seek(offset)
        info = joined_info(first.read(chunks[0].info_size), chunks)
    with out_path.open("wb") as out:
        out.write(info)
        for path, offset, chunk in parts:
            with path.open("rb") as source:
                source.seek(offset + chunk.info_size)
                shutil.copyfileobj(source, out, 1 << 20)
