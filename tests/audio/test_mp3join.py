"""Joining MP3 pieces: the CRCs, and a joined file that decodes to each piece's samples."""

import os
import random
import subprocess

import numpy as np
import pytest
from mutagen.mp3 import MP3

from narrator.audio import mp3join
from narrator.audio.encode import mp3_output
from narrator.audio.ffmpeg import PCM, command, ffmpeg_exe
from narrator.core.config import AudioSection


def test_crcs_of_pieces_combine_into_the_crc_of_the_whole():
    rng = random.Random(5)
    for length_a, length_b in [(0, 5), (7, 0), (1, 1), (300, 4096), (4097, 65_537)]:
        a, b = rng.randbytes(length_a), rng.randbytes(length_b)
        assert mp3join.crc16_combine(mp3join.crc16(a), mp3join.crc16(b), len(b)) == \
            mp3join.crc16(a + b)


def _piece(path, seconds: float, hertz: float, rate: int = 22050) -> None:
    """An MP3 of a tone between silences, encoded as narrator encodes pieces."""
    t = np.arange(int(seconds * rate)) / rate
    tone = (np.sin(2 * np.pi * hertz * t) * 9000).astype("<i2")
    silence = np.zeros(rate // 4, "<i2")
    pcm = np.concatenate([silence, tone, silence]).tobytes()
    subprocess.run(command(*PCM, "-ar", str(rate), "-i", "pipe:0",
                           *mp3_output(path, AudioSection())), input=pcm, check=True,
                   capture_output=True)


def _decode(path) -> np.ndarray:
    result = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "s16le", "-"],
                            capture_output=True, check=True)
    assert result.stderr == b""  # a valid stream: the decoder has nothing to say
    return np.frombuffer(result.stdout, "<i2")


@pytest.mark.parametrize("count", [1, 3])
def test_joined_pieces_decode_to_each_pieces_samples_where_the_info_frame_says(tmp_path, count):
    paths = [tmp_path / f"{n}.mp3" for n in range(count)]
    for number, path in enumerate(paths):
        _piece(path, 0.7 + 0.45 * number, 300 + 150 * number)
    chunks = [mp3join.read_chunk(path.read_bytes()) for path in paths]
    out = tmp_path / "joined.mp3"
    mp3join.join([(path, 0, chunk) for path, chunk in zip(paths, chunks)], out)

    joined = _decode(out)
    assert len(joined) == mp3join.decoded_samples(chunks)  # delay and padding honoured
    for start, path in zip(mp3join.starts(chunks), paths):
        alone = _decode(path)
        assert np.array_equal(joined[start:start + len(alone)], alone)  # sample for sample
    data = out.read_bytes()
    whole = mp3join.read_chunk(data)  # the Info frame describes the whole file
    assert whole.frames == sum(chunk.frames for chunk in chunks)
    assert whole.music_crc == mp3join.crc16(data[whole.info_size:])
    tag = bytearray(data[:mp3join.TAG_CRC_SPAN])
    stored = tag[whole.tag_at + 154:whole.tag_at + 156]
    tag[whole.tag_at + 154:whole.tag_at + 156] = b"\0\0"
    assert int.from_bytes(stored, "big") == mp3join.crc16(bytes(tag))
    toc = data[whole.tag_at + 16:whole.tag_at + 116]
    assert toc[0] == 0 and list(toc) == sorted(toc)
    assert abs(MP3(out).info.length - whole.frames * 1152 / 44100) < 1e-6
    if count == 1:
        assert data == paths[0].read_bytes()  # one piece: the encoder's own file, unchanged


def test_a_file_without_an_info_frame_is_refused(tmp_path):
    with pytest.raises(ValueError):
        mp3join.read_chunk(os.urandom(400))
