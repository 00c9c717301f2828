"""An edit of a long episode re-encodes only the piece it touched, and gives the bytes, word
times and transcripts that a build from scratch of the edited text gives."""

import logging
import shutil

from narrator import BuildOptions, build
from narrator.audio import chunks

CONFIG = ('[show]\ntitle = "Edits"\nauthor = "Test Author"\nowner_email = "o@example.org"\n'
          'base_url = "https://pod.example.org/edits/"\ncategory = "Technology"\n'
          'description = "Edits of a long episode."\n'
          '[pauses]\nsentence_ms = 1200\nparagraph_ms = 1500\nsection_ms = 2000\n')


def _text(edited: bool) -> str:
    """Fifty short sentences: past the first minute, so an edit late in it keeps the gains."""
    sentences = [f"Point {n} is noted." for n in range(50)]
    if edited:
        sentences[44] = "Point forty four was struck out."
    return "Notes\n\n" + "\n\n".join(" ".join(sentences[i:i + 5]) for i in range(0, 50, 5))


def _audio(path) -> bytes:
    """An MP3's bytes after its ID3 tag (the tags hold the episode's date)."""
    data = path.read_bytes()
    size = (data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]
    return data[10 + size:]


def test_an_edit_reencodes_one_piece_and_matches_a_build_from_scratch(tmp_path, write_show,
                                                                      monkeypatch, caplog):
    monkeypatch.setattr(chunks, "MIN_CHARS", 60)
    monkeypatch.setattr(chunks, "CUT_ONE_IN", 3)
    show = write_show(tmp_path / "show", {"notes.txt": _text(False)}, CONFIG)
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(show, BuildOptions(out_dir=out, cache_dir=cache))
    before = (out / "notes.mp3").read_bytes()

    (show / "episodes" / "notes.txt").write_text(_text(True))
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="narrator"):
        build(show, BuildOptions(out_dir=out, cache_dir=cache))
    line = [r.getMessage() for r in caplog.records if r.getMessage().startswith("built")][-1]
    encoded, pieces = map(int, line.split("; ")[1].split(" pieces")[0].split(" of "))
    assert encoded <= 2 and pieces >= 5, line
    assert (out / "notes.mp3").read_bytes() != before

    # The edited text from scratch (its speech cached, no piece): the same audio and times.
    fresh = tmp_path / "fresh"
    shutil.copytree(cache / "segments", fresh / "segments")
    shutil.copytree(cache / "voices", fresh / "voices", dirs_exist_ok=True)
    other = write_show(tmp_path / "other", {"notes.txt": _text(True)}, CONFIG)
    build(other, BuildOptions(out_dir=tmp_path / "out2", cache_dir=fresh))
    assert not (fresh / "chunks").exists() or len(list((fresh / "chunks").glob("*/*.mp3"))) \
        == pieces
    assert _audio(out / "notes.mp3") == _audio(tmp_path / "out2" / "notes.mp3")
    for suffix in (".vtt", ".json", ".chapters.json"):
        assert (out / f"notes{suffix}").read_text() == \
            (tmp_path / "out2" / f"notes{suffix}").read_text()
