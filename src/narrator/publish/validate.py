"""Validate a built show the way podcast apps will judge it: the feed, every linked file, the audio.

Each rule gives a Problem with what is wrong and what to do about it. `narrator validate DIR`
checks a published output folder; `narrator build` checks what it is about to publish (staged
files over the published ones) and publishes nothing when a rule fails.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from narrator.audio.ffmpeg import decode_pcm_stats
from narrator.audio.loudness import measure_loudness
from narrator.core.categories import parse_category
from narrator.core.errors import NarratorError
from narrator.core.formats import FEED_NAME, ITUNES_NS, JSON_MIME, MP3_MIME, PODCAST_NS, SRT_MIME, \
    SRT_SUFFIX, VTT_MIME
from narrator.publish.artwork import check_artwork
from narrator.publish.transcripts import MAX_LINE_CHARS, vtt_unescape

ATOM_NS = "http://www.w3.org/2005/Atom"
NS = {"itunes": ITUNES_NS, "podcast": PODCAST_NS, "atom": ATOM_NS}
MAX_DESCRIPTION_BYTES = 4000
DURATION_TOLERANCE_S = 1.0
LOUDNESS_RANGE_LUFS = (-17.0, -15.0)
MAX_TRUE_PEAK_DBTP = -1.0
SHORT_AUDIO_S = 3.0
"""Shorter audio has too few 400 ms blocks for integrated loudness to be reliable."""


@dataclass
class Problem:
    """One broken rule: where, what, and what to do about it."""

    where: str
    message: str
    fix: str
    warning: bool = False
    """True for what apps and directories would refuse or degrade on submission (a feed on
    localhost, no owner e-mail): it does not stop a local build; `validate --publish` fails."""

    def __str__(self) -> str:
        return f"{self.where}: {self.message} — {self.fix}"


class ValidationFailed(NarratorError):
    """A built show breaks one or more of the rules podcast apps apply."""

    def __init__(self, problems: list[Problem], hint: str = ""):
        self.problems = problems
        self.hint = hint
        super().__init__(f"{len(problems)} problem(s)")

    def lines(self) -> list[str]:
        return [str(problem) for problem in self.problems] + ([self.hint] if self.hint else [])


class _Show:
    """The output folder as apps will see it: staged files first, then published ones."""

    def __init__(self, out_dir: Path, staging: Path | None):
        self.out_dir, self.staging = out_dir, staging
        self.base = ""

    def file(self, url: str) -> Path | None:
        if not self.base or not url.startswith(self.base):
            return None
        name = unquote(url[len(self.base):])
        if not name or "/" in name or name.startswith("."):
            return None
        for folder in (self.staging, self.out_dir):
            if folder is not None and (folder / name).is_file():
                return folder / name
        return None


def _duration_seconds(text: str | None) -> float | None:
    if not text:
        return None
    if re.fullmatch(r"\d+", text.strip()):
        return float(text)
    parts = text.strip().split(":")
    if len(parts) in (2, 3) and all(re.fullmatch(r"\d+", p) for p in parts):
        seconds = 0.0
        for part in parts:
            seconds = seconds * 60 + int(part)
        return seconds
    return None


@dataclass
class AudioFacts:
    """What was measured on an MP3: duration, integrated loudness and true peak."""

    duration_s: float
    loudness_lufs: float
    true_peak_dbtp: float


def validate_show(out_dir: Path, staging: Path | None = None,
                  known: dict[str, AudioFacts] | None = None,
                  measure_others: bool = True) -> list[Problem]:
    """Every problem of the show in out_dir (with staged files over it); empty when it is fine.

    `known` holds facts the build measured on the very files it made, so they are not decoded
    again; other MP3s are decoded and measured unless `measure_others` is false.
    """
    known = known or {}
    out_dir = Path(out_dir)
    show = _Show(out_dir, staging)
    feed_path = (staging / FEED_NAME) if staging and (staging / FEED_NAME).is_file() \
        else out_dir / FEED_NAME
    where = str(feed_path)
    if not feed_path.is_file():
        return [Problem(where, "no feed", "run `narrator build` first")]
    from lxml import etree  # loaded when a show is checked, not by every build that imports this

    try:
        root = etree.parse(str(feed_path)).getroot()
    except etree.XMLSyntaxError as error:
        return [Problem(where, f"not well-formed XML: {error}", "rebuild the show")]
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        return [Problem(where, "not an RSS 2.0 feed", "rebuild the show")]
    problems: list[Problem] = []
    problems += _check_channel(channel, show, where)
    problems += _check_publishable(channel, where)
    serial = (channel.findtext("itunes:type", namespaces=NS) or "episodic") == "serial"
    guids: set[str] = set()
    for number, item in enumerate(channel.findall("item"), 1):
        label = f"{where}: item {number} ({item.findtext('title') or 'untitled'})"
        problems += _check_item(item, show, label, serial, guids, known, measure_others)
    return problems


def _check_publishable(channel, where: str) -> list[Problem]:
    """What Apple Podcasts, Spotify and the Podcast Index would refuse or degrade, as warnings:
    a show can be built and previewed without them, not submitted."""
    from narrator.core.config import is_local_url

    problems = []
    self_link = next((link.get("href", "") for link in channel.findall("atom:link", NS)
                      if link.get("rel") == "self"), "")
    if self_link and is_local_url(self_link):
        problems.append(Problem(where, f"the feed's URL {self_link} is on this machine or a "
                                "private network; Apple, Spotify and the Podcast Index fetch "
                                "feeds, episodes and art from public servers",
                                "set show.base_url in narrator.toml to where the output folder "
                                "will be hosted", warning=True))
    if not (channel.findtext("itunes:author", namespaces=NS) or "").strip():
        problems.append(Problem(where, "no author (itunes:author)",
                                "set show.author in narrator.toml", warning=True))
    if not (channel.findtext("itunes:owner/itunes:email", namespaces=NS) or "").strip():
        problems.append(Problem(where, "no owner e-mail (itunes:owner): Spotify verifies "
                                "ownership through it, Apple contacts the owner there, and "
                                "podcast:locked is ignored without it",
                                "set show.owner_email in narrator.toml", warning=True))
    description = (channel.findtext("description") or "").strip()
    if not description or description == (channel.findtext("title") or "").strip():
        problems.append(Problem(where, "no description of the show (directories list it)",
                                "set show.description in narrator.toml", warning=True))
    return problems


def _is_show_guid(value: str) -> bool:
    """A UUID other than the nil one (Podcasting 2.0: a v5 of the first feed URL, or any
    unique UUID a host assigns)."""
    import uuid

    try:
        return uuid.UUID(value.strip()).int != 0
    except ValueError:
        return False


def _check_channel(channel, show: _Show, where: str) -> list[Problem]:
    problems = []
    self_link = next((link for link in channel.findall("atom:link", NS)
                      if link.get("rel") == "self"), None)
    if self_link is None or not self_link.get("href"):
        problems.append(Problem(where, "no atom:link rel=\"self\"",
                                "apps need the feed's own URL; rebuild with narrator"))
    else:
        href = self_link.get("href")
        show.base = href.rsplit("/", 1)[0] + "/"
        guid = channel.findtext("podcast:guid", namespaces=NS)
        if guid is not None and not _is_show_guid(guid):
            problems.append(Problem(where, f"podcast:guid {guid} is not a show's UUID",
                                    "leave show.guid empty: narrator makes one at the first "
                                    "build and keeps it"))
    for tag in ("title", "description", "language"):
        if not (channel.findtext(tag) or "").strip():
            problems.append(Problem(where, f"channel has no {tag}",
                                    f"set show.{tag} in narrator.toml"))
    if len((channel.findtext("description") or "").encode()) > MAX_DESCRIPTION_BYTES:
        problems.append(Problem(where, "channel description is over 4000 bytes",
                                "shorten show.description"))
    image = channel.find("itunes:image", NS)
    image_file = show.file(image.get("href", "")) if image is not None else None
    if image_file is None:
        problems.append(Problem(where, "itunes:image does not link to a file in the output",
                                "set show.artwork to a PNG or JPEG and rebuild"))
    else:
        try:
            check_artwork(image_file)
        except NarratorError as error:
            problems.append(Problem(str(image_file), error.message,
                                    "use a square PNG or JPEG of 1400 to 3000 px"))
    category = channel.find("itunes:category", NS)
    if category is None:
        problems.append(Problem(where, "no itunes:category", "set show.category"))
    else:
        sub = category.find("itunes:category", NS)
        text = category.get("text", "") + (f" > {sub.get('text', '')}" if sub is not None else "")
        try:
            parse_category(text)
        except ValueError as error:
            problems.append(Problem(where, f"itunes:category: {error}",
                                    "pick a category from Apple's list"))
    if channel.findtext("itunes:explicit", namespaces=NS) not in ("true", "false"):
        problems.append(Problem(where, "itunes:explicit must be true or false",
                                "set show.explicit"))
    return problems


def _check_item(item, show: _Show, label: str, serial: bool, guids: set[str],
                known: dict[str, AudioFacts], measure_others: bool) -> list[Problem]:
    problems = _check_item_text(item, label, serial, guids)
    enclosure = item.find("enclosure")
    if enclosure is None:
        return problems + [Problem(label, "no enclosure", "rebuild the show")]
    mp3 = show.file(enclosure.get("url", ""))
    if mp3 is None:
        return problems + [Problem(label, f"enclosure {enclosure.get('url')} is not a file in "
                                   "the output", "rebuild the show")]
    audio_problems, total = _check_audio(item, enclosure, mp3, label, known, measure_others)
    return problems + audio_problems + _check_links(item, show, label, total, mp3)


def _check_item_text(item, label: str, serial: bool, guids: set[str]) -> list[Problem]:
    """The item's guid, date, description and numbers."""
    from email.utils import parsedate_to_datetime

    problems = []
    guid = (item.findtext("guid") or "").strip()
    if not guid:
        problems.append(Problem(label, "no guid", "give the episode a guid"))
    elif guid in guids:
        problems.append(Problem(label, f"guid {guid} is used twice",
                                "every episode needs its own guid"))
    guids.add(guid)
    try:
        parsedate_to_datetime(item.findtext("pubDate") or "")
    except (TypeError, ValueError):
        problems.append(Problem(label, "pubDate is not an RFC 2822 date", "rebuild the show"))
    if len((item.findtext("description") or "").encode()) > MAX_DESCRIPTION_BYTES:
        problems.append(Problem(label, "description is over 4000 bytes",
                                "shorten the episode's description in its front matter"))
    for tag in ("season", "episode"):
        value = item.findtext(f"itunes:{tag}", namespaces=NS)
        if value is not None and not re.fullmatch(r"[1-9]\d*", value.strip()):
            problems.append(Problem(label, f"itunes:{tag} {value!r} is not a positive whole "
                                    "number", f"fix {tag} in the front matter"))
    if serial and item.findtext("itunes:episode", namespaces=NS) is None:
        problems.append(Problem(label, "a serial show needs episode numbers",
                                "add `episode: N` to the front matter"))
    return problems


def _check_audio(item, enclosure, mp3: Path, label: str, known: dict[str, AudioFacts],
                 measure_others: bool) -> tuple[list[Problem], float | None]:
    """The enclosure against its MP3: type, length, duration, loudness and true peak; and the
    episode's duration in seconds (decoded where known, else as the feed says)."""
    problems = []
    if enclosure.get("type") != MP3_MIME:
        problems.append(Problem(label, f"enclosure type is {enclosure.get('type')!r}",
                                "MP3 episodes are audio/mpeg"))
    if enclosure.get("length") != str(mp3.stat().st_size):
        problems.append(Problem(label, f"enclosure length {enclosure.get('length')} is not the "
                                f"file's size {mp3.stat().st_size}", "rebuild the show"))
    duration = _duration_seconds(item.findtext("itunes:duration", namespaces=NS))
    decoded, facts = None, known.get(mp3.name)
    if facts is not None:
        decoded = facts.duration_s
    elif measure_others:
        try:
            decoded, _ = decode_pcm_stats(mp3)
            facts = AudioFacts(decoded, *measure_loudness(mp3))
        except NarratorError as error:
            problems.append(Problem(str(mp3), error.message, "rebuild the episode"))
    if duration is None:
        problems.append(Problem(label, "no itunes:duration", "rebuild the show"))
    elif decoded is not None and abs(decoded - duration) > DURATION_TOLERANCE_S:
        problems.append(Problem(label, f"itunes:duration is {duration:.0f} s but the MP3 lasts "
                                f"{decoded:.1f} s", "rebuild the show"))
    if facts is not None:
        problems += _check_loudness(mp3, facts)
    return problems, decoded if decoded is not None else duration


def _check_links(item, show: _Show, label: str, total: float | None,
                 mp3: Path) -> list[Problem]:
    """Transcripts, the listening page and chapters linked from the item."""
    problems = []
    for link in item.findall("podcast:transcript", NS):
        path = show.file(link.get("url", ""))
        if path is None:
            problems.append(Problem(label, f"transcript {link.get('url')} is not a file in the "
                                    "output", "rebuild the show"))
        elif link.get("type") in (VTT_MIME, SRT_MIME):
            problems += _check_captions(path, total)
        elif link.get("type") == JSON_MIME:
            problems += _check_json_transcript(path, total)
    page = item.findtext("link")
    if page and show.base and page.startswith(show.base) and show.file(page) is None:
        problems.append(Problem(label, f"link {page} is not a file in the output",
                                "rebuild the show"))
    chapters = item.find("podcast:chapters", NS)
    if chapters is not None:
        path = show.file(chapters.get("url", ""))
        problems += _check_chapters(path, chapters.get("url"), total, label)
        if path is not None:
            problems += _check_id3_chapters(mp3, path)
    return problems


def _check_captions(path: Path, duration: float | None) -> list[Problem]:
    """A WebVTT or SubRip file, read by webvtt-py: well formed, cues in order, inside the
    episode."""
    import webvtt
    from webvtt.errors import MalformedFileError

    try:
        captions = list(webvtt.from_srt(str(path)) if path.suffix == SRT_SUFFIX
                        else webvtt.read(str(path)))
    except (MalformedFileError, UnicodeDecodeError, ValueError) as error:
        return [Problem(str(path), f"not a valid {path.suffix[1:].upper()} file ({error})",
                        "rebuild the show")]
    if not captions:
        return [Problem(str(path), "has no cues", "rebuild the show")]
    shown = (lambda line: line) if path.suffix == SRT_SUFFIX else vtt_unescape  # "&amp;" shows "&"
    long = next((c for c in captions if len(c.lines) > 2 or any(len(shown(line)) > MAX_LINE_CHARS
                                                                  for line in c.lines)), None)
    if long is not None:
        return [Problem(str(path), f"a cue at {long.start} has more than two lines or a line of "
                        "over 42 characters (hard to read as a caption)", "rebuild the show",
                        warning=True)]
    starts = [caption.start_in_seconds for caption in captions]
    if starts != sorted(starts) or any(c.end_in_seconds < c.start_in_seconds for c in captions):
        return [Problem(str(path), "cues are out of order or end before they start",
                        "rebuild the show")]
    if duration is not None and captions[-1].end_in_seconds > duration + DURATION_TOLERANCE_S:
        return [Problem(str(path), f"a cue ends at {captions[-1].end_in_seconds:.1f} s, after "
                        f"the episode's {duration:.1f} s", "rebuild the show")]
    return []


def _check_json_transcript(path: Path, duration: float | None) -> list[Problem]:
    """A Podcasting 2.0 JSON transcript: version 1.0.0, segments with a text body, in order,
    inside the episode."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        segments = data["segments"]
        times = [(float(s["startTime"]), float(s["endTime"])) for s in segments]
        ok = data.get("version") == "1.0.0" and all(isinstance(s["body"], str) for s in segments)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError) as error:
        return [Problem(str(path), f"not a JSON transcript ({error})", "rebuild the show")]
    if not ok or not segments:
        return [Problem(str(path), "not a JSON transcript of version 1.0.0 with segments",
                        "rebuild the show")]
    starts = [start for start, _ in times]
    if starts != sorted(starts) or any(end < start for start, end in times):
        return [Problem(str(path), "segments are out of order or end before they start",
                        "rebuild the show")]
    if duration is not None and times[-1][1] > duration + DURATION_TOLERANCE_S:
        return [Problem(str(path), f"a segment ends at {times[-1][1]:.1f} s, after the "
                        f"episode's {duration:.1f} s", "rebuild the show")]
    return []


def _check_id3_chapters(mp3: Path, chapters_file: Path) -> list[Problem]:
    """The MP3's ID3 chapters against the JSON ones: the same starts (to the ms) and titles."""
    from narrator.audio.tags import read_chapters

    try:
        data = json.loads(chapters_file.read_text(encoding="utf-8"))
        listed = [(round(float(c["startTime"]) * 1000), str(c["title"]))
                  for c in data["chapters"]]
        tagged = [(start, title) for start, _, title in read_chapters(mp3)]
    except Exception:  # noqa: BLE001 - _check_chapters reports a bad chapters file
        return []
    if len(listed) != len(tagged) or any(abs(a[0] - b[0]) > 1 or a[1] != b[1]
                                         for a, b in zip(listed, tagged)):
        return [Problem(str(mp3), "its ID3 chapters differ from its chapters file "
                        f"{chapters_file.name}", "rebuild the show")]
    return []


def _check_loudness(mp3: Path, facts: AudioFacts) -> list[Problem]:
    loudness, peak = facts.loudness_lufs, facts.true_peak_dbtp
    problems = []
    low, high = LOUDNESS_RANGE_LUFS
    if not low <= loudness <= high and facts.duration_s < SHORT_AUDIO_S:
        # EBU R128 integrates over 400 ms blocks and gates the quiet ones: a few seconds of
        # speech give too few blocks for the figure to mean what it means for an episode.
        problems.append(Problem(str(mp3), f"loudness measures {loudness:.1f} LUFS, but the "
                                f"episode lasts {facts.duration_s:.1f} s, too short for an "
                                "integrated loudness to be reliable", "nothing to do, or give "
                                "it more to say", warning=True))
    elif not low <= loudness <= high:
        problems.append(Problem(str(mp3), f"loudness is {loudness:.1f} LUFS, outside {low:.0f} "
                                f"to {high:.0f}", "rebuild it (narrator.toml's "
                                "audio.loudness_lufs sets the target)"))
    if peak > MAX_TRUE_PEAK_DBTP:
        problems.append(Problem(str(mp3), f"true peak is {peak:.1f} dBTP, above "
                                f"{MAX_TRUE_PEAK_DBTP:.0f}", "rebuild it; narrator limits peaks"))
    return problems


def _check_chapters(path: Path | None, url: str | None, duration: float | None,
                    label: str) -> list[Problem]:
    if path is None:
        return [Problem(label, f"chapters {url} is not a file in the output", "rebuild the show")]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        starts = [float(chapter["startTime"]) for chapter in data["chapters"]]
        titles = [str(chapter["title"]) for chapter in data["chapters"]]
        assert isinstance(data["version"], str) and titles
    except (ValueError, KeyError, TypeError, AssertionError):
        return [Problem(str(path), "not a Podcasting 2.0 chapters file (version, chapters[] "
                        "with startTime and title)", "rebuild the show")]
    problems = []
    if starts != sorted(starts) or len(set(starts)) != len(starts):
        problems.append(Problem(str(path), "chapter start times are not ascending",
                                "fix the section markers in the episode's .script"))
    if duration is not None and (starts[0] < 0 or starts[-1] >= duration):
        problems.append(Problem(str(path), f"a chapter starts outside the episode's "
                                f"{duration:.0f} s", "rebuild the show"))
    return problems
