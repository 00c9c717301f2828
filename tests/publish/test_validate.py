"""narrator validate: the built example passes; each show broken in one way fails with its message."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from PIL import Image

from narrator.audio.ffmpeg import ffmpeg_exe
from narrator.publish.validate import validate_show



@pytest.fixture
def built(example_build, tmp_path):
    """A private copy of the built example show's output folder, to break."""
    _, out, _ = example_build
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    return copy


def _edit_feed(out, old, new, count=1):
    feed = out / "feed.xml"
    text = feed.read_text(encoding="utf-8")
    assert re.search(old, text), old
    feed.write_text(re.sub(old, new, text, count=count), encoding="utf-8")


def test_the_built_example_passes(built, run_cli):
    assert validate_show(built) == []
    result = run_cli("validate", built)
    assert result.returncode == 0 and "pass" in result.stdout
    ready = run_cli("validate", "--publish", built)
    assert ready.returncode == 0 and "ready to submit" in ready.stdout, ready.stderr


def _quieter(out):
    mp3 = out / "02-a-map-of-small-noises.mp3"
    quiet = out / "quiet.mp3"
    subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-i", str(mp3), "-af", "volume=-12dB",
                    "-c:a", "libmp3lame", "-b:a", "96k", str(quiet)], check=True)
    quiet.replace(mp3)
    _edit_feed(out, r'(02-a-map-of-small-noises\.mp3" length=")\d+', rf"\g<1>{mp3.stat().st_size}")


def _small_cover(out):
    Image.new("RGB", (500, 500), (10, 20, 30)).save(out / "cover.png", format="PNG")


def _jpeg_named_png(out):
    Image.new("RGB", (1400, 1400), (10, 20, 30)).save(out / "cover.png", format="JPEG")


def _unordered_chapters(out):
    path = out / "01-the-kettle-experiment.chapters.json"
    data = json.loads(path.read_text())
    data["chapters"][-1]["startTime"] = data["chapters"][1]["startTime"] / 2
    path.write_text(json.dumps(data))


BREAKAGES = {
    "enclosure length": (lambda out: _edit_feed(out, r'(\.mp3" length=")(\d+)', r"\g<1>12345"),
                         "enclosure length 12345 is not the file's size"),
    "missing mp3": (lambda out: (out / "03-why-we-measure-twice.mp3").unlink(),
                    "03-why-we-measure-twice.mp3 is not a file in the output"),
    "duration": (lambda out: _edit_feed(out, r"<itunes:duration>\d+<", "<itunes:duration>999<"),
                 "itunes:duration is 999 s but the MP3 lasts"),
    "too quiet": (_quieter, "LUFS, outside -17 to -15"),
    "chapters order": (_unordered_chapters, "chapter start times are not ascending"),
    "missing transcript": (lambda out: (out / "02-a-map-of-small-noises.vtt").unlink(),
                           "02-a-map-of-small-noises.vtt is not a file in the output"),
    "small artwork": (_small_cover, "1400 to 3000 px a side, it is 500"),
    "artwork type": (_jpeg_named_png, "artwork is JPEG but its name ends in '.png'"),
    "long description": (lambda out: _edit_feed(out, r"<description>[^<]*</description>",
                                                "<description>" + "x" * 4001 + "</description>"),
                         "channel description is over 4000 bytes"),
    "duplicate guid": (lambda out: _edit_feed(
        out, r'<guid isPermaLink="false">[^<]+</guid>',
        '<guid isPermaLink="false">same</guid>', count=2), "guid same is used twice"),
    "bad date": (lambda out: _edit_feed(out, r"<pubDate>[^<]+</pubDate>",
                                        "<pubDate>last Tuesday</pubDate>"),
                 "pubDate is not an RFC 2822 date"),
    "explicit yes": (lambda out: _edit_feed(out, r"<itunes:explicit>false</itunes:explicit>",
                                            "<itunes:explicit>yes</itunes:explicit>"),
                     "itunes:explicit must be true or false"),
    "serial unnumbered": (lambda out: _edit_feed(out, r"<itunes:type>episodic</itunes:type>",
                                                 "<itunes:type>serial</itunes:type>"),
                          "a serial show needs episode numbers"),
    "season zero": (lambda out: _edit_feed(out, r"<itunes:episodeType>",
                                           "<itunes:season>0</itunes:season><itunes:episodeType>"),
                    "itunes:season '0' is not a positive whole number"),
    "podcast guid": (lambda out: _edit_feed(out, r"<podcast:guid>[^<]+<",
                                            "<podcast:guid>00000000-0000-0000-0000-000000000000<"),
                     "is not a show's UUID"),
    "category": (lambda out: _edit_feed(out, r'<itunes:category text="[^"]+"',
                                        '<itunes:category text="Gardening"'),
                 "itunes:category"),
    "not xml": (lambda out: (out / "feed.xml").write_text("<rss><channel>"),
                "not well-formed XML"),
    "reversed cues": (lambda out: _reverse_cues(out), "cues are out of order"),
    "vtt without its header": (lambda out: _edit_text(out / FIRST_VTT, "WEBVTT\n", ""),
                               "not a valid VTT file"),
    "srt of garbage": (lambda out: (out / FIRST_VTT.replace(".vtt", ".srt")).write_text(
        "this is not\na subtitle file\n"), "not a valid SRT file"),
    "moved id3 chapter": (lambda out: _move_id3_chapter(out), "ID3 chapters differ"),
}
FIRST_VTT = "01-the-kettle-experiment.vtt"


def _edit_text(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _reverse_cues(out):
    path = out / FIRST_VTT
    header, *blocks = path.read_text(encoding="utf-8").strip().split("\n\n")
    path.write_text("\n\n".join([header, *reversed(blocks)]) + "\n", encoding="utf-8")


def _move_id3_chapter(out):
    from mutagen.id3 import ID3

    mp3 = out / FIRST_VTT.replace(".vtt", ".mp3")
    tags = ID3(mp3)
    chapter = tags.getall("CHAP")[-1]
    chapter.start_time += 5000
    tags.save(mp3)


@pytest.mark.parametrize("name", BREAKAGES)
def test_each_broken_show_fails_with_its_message(built, name, run_cli):
    breakage, message = BREAKAGES[name]
    breakage(built)
    result = run_cli("validate", built)
    assert result.returncode == 1
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert all(line.startswith("error: ") for line in result.stderr.splitlines())


def test_captions_are_measured_as_they_show_not_as_escaped(tmp_path, write_show, run_cli):
    """"&" is written "&amp;" in WebVTT: a caption line that shows 40 characters is not over 42."""
    show = write_show(tmp_path / "show", {"amp.txt": (
        "Ampersands\n\nR&D & Q&A & P&L & M&A & B&B & AT&T & H&M & S&P & R&B went on. "
        "Then A&W & B&Q & C&A & D&G & E&Y & F&F & G&B & J&J & K&N came & went & came.")})
    out = tmp_path / "out"
    built = run_cli("build", str(show), "--out", str(out))
    assert built.returncode == 0, built.stderr
    assert "over 42 characters" not in built.stderr
    vtt = next(out.glob("*.vtt")).read_text()
    assert any(len(line) > 42 and "&amp;" in line for line in vtt.splitlines())
    result = run_cli("validate", str(out), "--publish")
    assert result.returncode == 0, result.stdout + result.stderr
