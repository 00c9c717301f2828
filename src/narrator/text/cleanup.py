"""Cleanup of plain text copied from a web page: keep the article, drop what is not the article.

A select-all copy of a page holds the article among menus, other stories' headlines, captions,
credits, promos, share widgets and footers. Without the DOM, each line is judged by its shape (how
many words, whether it reads as prose) and by patterns of known boilerplate; the article is the
densest run of prose lines, and short lines inside that run (subheadings, one-line quotes) are kept.
Every dropped line is recorded with its reason so that a user can audit what will not be read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from narrator.core.models import Block, Dropped

# Boilerplate patterns, checked in order; the first that matches gives the reason.
# Each pattern must only match text that is never article prose; in doubt, a line is kept.
_CREDIT_WORDS = (r"Getty Images|Shutterstock|iStock(?:photo)?|Associated Press|AP Photo|"
                 r"Reuters|AFP|EPA|Alamy|Bloomberg|Unsplash|Pexels|Wikimedia Commons")
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("credit", re.compile(
        rf"^(?:\(?(?:photo|image|picture|illustration|video|graphic)s?\b[^.!?]{{0,60}}?"
        rf"(?:credit|by|courtesy|:)|credit:|courtesy of\b|\(?(?:{_CREDIT_WORDS})\b)"
        r"[^.!?]{0,80}$|"
        rf"^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){{0,3}} ?(?:/|for|via) ?"
        rf"(?:The [A-Z][\w ]{{0,30}}|{_CREDIT_WORDS}|[A-Z][\w]+(?: [A-Z]\w+){{0,2}})\)?$|"
        rf"^(?:{_CREDIT_WORDS})(?:\s*(?:/|via)\s*[\w ]{{0,40}})?$", re.I)),
    ("caption", re.compile(
        r"^(?:enlarge (?:this )?image|expand|hide caption|toggle caption|view (?:photo )?gallery|"
        r"(?:photo|image|slide|picture)s? \d+ (?:of|/) \d+|\d+ (?:of|/) \d+)\b|"
        r"\((?:photo|image|picture|credit|illustration)s?\b[^)]{0,80}\)\s*$|"
        r"^(?:photo|image|pictured|caption|above|top|left|right|below)s?:\s", re.I)),
    ("promo", re.compile(
        r"(?:newsletter|sign up|sign-up|subscribe|subscription|subscriber|download (?:the|our) app|"
        r"get (?:the|our) app|free trial|unlock (?:this|all)|already a (?:member|subscriber)|"
        r"support (?:our|independent) journalism|become a (?:member|patron)|"
        r"advert(?:isement|ise(?: with us)?)?\W*$|sponsored|promoted|partner content|paid content|"
        r"get (?:the latest|breaking news)|follow us\b|join (?:us|our)\b.{0,30}\b(?:on|at)\b|"
        r"(?:enter|your) e-?mail(?: address)?$|^have an? (?:opinion|story|tip)\b|"
        r"send us (?:a letter|your)|got a (?:news )?tip|click here|tap here|listen to (?:this|the) "
        r"(?:article|story)|to read the full story|continue reading)", re.I)),
    ("link", re.compile(
        r"^(?:read (?:next|more|also|this)|see also|related(?: (?:articles?|stories|coverage|"
        r"posts?|content|reading|links?|topics?))?|more (?:from|on|in|about|stories|news|"
        r"coverage|like this)|recommended(?: for you| reading| stories)?|you (?:may|might) "
        r"(?:also )?like|most (?:popular|read|viewed|shared|emailed)|trending(?: now| stories)?|"
        r"popular (?:now|stories|articles)|top stories|latest (?:news|stories|articles)|"
        r"what to read next|further reading|don'?t miss|editors'? picks?|up next|watch next|"
        r"filed under|tags?|topics?|categories|previous (?:post|article|story)|"
        r"next (?:post|article|story)|post navigation)\b", re.I)),
    ("comments", re.compile(
        r"^(?:\d+ )?(?:comments?|responses?|replies|reader comments|conversation)\W*$|"
        r"^(?:leave|post|add|write|submit) (?:a |your )?(?:comment|reply|response)|"
        r"^(?:join|start) the (?:discussion|conversation)|^view (?:the )?discussion", re.I)),
    ("widget", re.compile(
        r"^(?:share(?: this| on| via| the| article| story| selection)?(?: on \w+)?|tweet|pin(?: it)?|"
        r"email|e-mail|print(?: this)?(?: recipe| article| page| story)?|copy(?: link)?|facebook|twitter|linkedin|reddit|whatsapp|flipboard|"
        r"pinterest|instagram|youtube|tumblr|messenger|sms|"
        r"(?:show|load|see) (?:all |more )?(?:comments?|replies)|reply|like|likes|save|saved|bookmark|listen|"
        r"(?:font|text) size|a-|a\+|skip to (?:main )?content|back to top|menu|search|"
        r"close|log ?in|sign in|register|more|view all|see all|show more|load more|next|"
        r"previous|prev|home|\d+ shares?|shares?)\W*$", re.I)),
    ("footer", re.compile(
        r"(?:©|\(c\) ?\d{4}|copyright\b|all rights reserved|privacy (?:policy|notice|settings)|"
        r"terms (?:of (?:use|service)|and conditions|& conditions)|cookie (?:policy|settings|"
        r"preferences)|(?:we|site|website) uses? cookies|cookies? (?:are|that|help)|ad ?choices|do not sell my|affiliate (?:link|commission)|"
        r"(?:we|may) (?:may )?earn (?:a )?(?:small )?commission|contains affiliate|"
        r"this (?:material|article) may not be (?:published|reproduced)|"
        r"may not be (?:published, broadcast|reproduced|redistributed))", re.I)),
]
_PATTERNS_BY_REASON = dict(_PATTERNS)
_MENU_WORDS = ("link", "widget", "comments")

# Phrases that mark a whole line as furniture however long it is: a body paragraph never says them.
_WHOLE_LINE: list[tuple[str, re.Pattern]] = [
    ("caption", re.compile(r"\((?:photo|image|picture|credit|illustration|video)s?\b[^()]{0,80}"
                           r"\)\W*$", re.I)),
    ("caption", re.compile(rf"(?:[.!?]\s+|\s[-–—|]\s)\(?(?:photo(?:graph)?:?\s*)?(?:{_CREDIT_WORDS})"
                           r"(?:\s*/\s*[\w ]{1,40})?\)?$")),
    ("footer", re.compile(r"contains affiliate links|(?:we|may) (?:may )?earn (?:a )?(?:small )?"
                          r"commission|all rights reserved|this (?:website|site) uses cookies|"
                          r"may not be (?:published|reproduced|redistributed)", re.I)),
    ("promo", re.compile(r"(?:sign up|subscribe) (?:for|to) (?:our|the|my)\b.{0,80}\bnewsletter|"
                         r"^(?:subscribe|sign up) (?:now|today)\b", re.I)),
]
_BYLINE = re.compile(r"^(?:(?:written|words|story|posted|reporting|interview|text|report|review|"
                     r"analysis|photos?|video)\s+)?by\s+"
                     r"[A-Z][\w.'’-]*(?:[ ,]+(?:and\s+)?[A-Z][\w.'’-]*){0,6}[\w.]?$", re.I)
_MONTHS = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?")
_DATE = re.compile(
    rf"^(?:(?:published|updated|posted|last updated|first published)(?: on)?:?\s*)?"
    rf"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
    rf"(?:{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTHS},?\s+\d{{4}}|"
    rf"\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})"
    rf"(?:[\s,|at-]+\d{{1,2}}[:.]\d{{2}}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{{2,4}})?)?\W*$", re.I)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’)\]」』]*$")
_STOPWORDS = frozenset("""
a about after all also an and any are as at be been but by can could did do does for from had
has have he her him his how i if in into is it its just more most my no not of on one or our out
over said she so some than that the their them then there these they this to up was we were what
when where which who will with would you your
""".split())

SHORT_PENALTY = -3.0
BOILERPLATE_PENALTY = -4.0
END_PENALTY = -30.0
_ENDS_ARTICLE = ("link", "footer", "comments")
"""Lines that open lists of other stories, comments or a page footer: an article rarely
runs past them. A link with its target inline ("Related: ...") is only a line to skip."""


def _boilerplate_penalty(line: str, reason: str) -> float:
    if reason in _ENDS_ARTICLE and (reason != "link" or len(_WORD.findall(line)) <= 3):
        return END_PENALTY
    return BOILERPLATE_PENALTY
PROSE_CAP = 80
ISOLATED_WEIGHT = 0.5
MAX_BOILERPLATE_CHARS = 1500
MIN_PROSE_WORDS = 8
"""A line of at least this many words that reads as prose counts as article text."""


@dataclass
class Cleaned:
    """What the cleaner found in a page's text."""

    title: str | None = None
    dek: str | None = None
    byline: str | None = None
    date: str | None = None
    blocks: list[Block] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)

    @property
    def body(self) -> str:
        """The kept article text, one block a line."""
        return "\n".join(block.text for block in self.blocks)


def boilerplate_reason(line: str) -> str | None:
    """Why a line is page furniture rather than article text, or None."""
    if len(line) > MAX_BOILERPLATE_CHARS:
        return None  # no menu, caption or footer runs this long
    words = len(_WORD.findall(line))
    if _DATE.match(line):
        return "date"
    if words == 0:
        return None if re.search(r"\w", line) else "symbols"
    if words <= 50:
        for reason, pattern in _WHOLE_LINE:
            if pattern.search(line):
                return reason
    parts = [part for part in re.split(r"\s*[·|•]\s*|\s{2,}", line) if part]
    if len(parts) > 1 and all(_PATTERNS_BY_REASON["widget"].match(part) for part in parts):
        return "widget"  # "Share on Twitter · Share on Facebook"
    for reason, pattern in _PATTERNS:
        # Long prose lines mention "subscribe" or "share" in passing: only short lines are judged
        # by the phrases that open them, and a long line needs the phrase to be most of it.
        match = pattern.search(line)
        if match and (words <= 12 or len(match.group(0)) >= len(line) / 2):
            if reason in _MENU_WORDS and re.search(r"\w[.!?]$", line):
                continue  # "Next." or "Share!" with a full stop is someone's sentence, not a button
            return reason
    if _BYLINE.match(line):
        return "byline"
    if _DATE.match(line):
        return "date"
    return None


def _prose_score(line: str) -> float:
    """How much a line reads as article prose: its word count if prose, else a penalty."""
    words = _WORD.findall(line)
    count = len(words)
    if count == 0:
        return -1.0
    if re.match(r"\d{1,2}[.)]\s+[A-Z]", line) and count <= 12:
        return 0.0  # the heading of a numbered list's item
    if re.search(r"\w(?:\.\.\.|…)$", line):
        return 0.0  # a teaser cut short: "The minister said on Tuesday that the..."

    stop_ratio = sum(1 for w in words if w.lower() in _STOPWORDS) / count
    if not re.search(r"[A-Za-z]", line) and len(line) >= 20:
        # Scripts without spaces or without English function words (Chinese, Japanese, Greek):
        # judge the line by its length and its full stop alone.
        count, stop_ratio = len(line) // 4, 1.0
    ends = bool(_SENTENCE_END.search(line))
    if ends and count >= MIN_PROSE_WORDS and stop_ratio >= 0.1:
        return float(min(count, PROSE_CAP))
    if ends and count >= 4 and stop_ratio >= 0.15:
        return count / 2
    if count >= 2 * MIN_PROSE_WORDS and stop_ratio >= 0.25:
        return 0.0  # prose cut short, or a list item; it neither makes nor breaks a run
    return SHORT_PENALTY if count <= 3 else 2 * SHORT_PENALTY


def _best_run(scores: list[float]) -> tuple[int, int, float]:
    """The start, end (exclusive) and sum of the run of lines with the highest total score."""
    best = (0, 0, 0.0)
    start, total = 0, 0.0
    for index, score in enumerate(scores):
        if total <= 0:
            start, total = index, 0.0
        total += score
        if total > best[2]:
            best = (start, index + 1, total)
    return best


_TITLE_PARTS = re.compile(r"\s+[-|–—:»]\s+")
BEFORE_HEADLINE_WEIGHT = 0.25


def _normal(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def find_headline(lines: list[str]) -> int | None:
    """Where the page's headline is, found by its title (the first line, a site name aside)."""
    parts = _TITLE_PARTS.split(lines[0])
    names = [_normal(lines[0])]
    if len(parts) > 1:
        names.append(_normal(" ".join(parts[:-1])))  # without the site's name
        names.extend(_normal(part) for part in parts if len(part.split()) >= 3)
    for index, line in enumerate(lines[1:], 1):
        line = _normal(line)
        if len(line) < 12:
            continue
        for name in names:
            if line == name or (line.startswith(name) and len(line) <= 1.3 * len(name)) or (
                    name.startswith(line) and len(line) >= 0.85 * len(name)):
                return index
    return None


# Where a page's text runs two lines together: a promo glued to the article's next words
# ("The Brief NewsletterSign up ...", "... in your inbox.Sunday's game ...").
_GLUE = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])|"
                   r"(?<=(?i:newsletter))(?=[A-Z])|(?<=(?i:advertisement))(?=[A-Z])|"
                   r"(?<=(?i:sponsored))(?=[A-Z])|(?<=(?i:read more))(?=[A-Z])")


WRAP_WIDTH = 60
"""A line at least this long that stops mid-sentence is taken as wrapped, not as a heading."""


def page_lines(text: str) -> list[str]:
    """The page's lines, whitespace collapsed, glued lines cut and hard-wrapped lines joined."""
    lines: list[str] = []
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if not line:
            lines.append("")
            continue
        for piece in _GLUE.split(line):
            piece = piece.strip()
            if not piece:
                continue
            previous = lines[-1] if lines else ""
            # A line that stops mid-sentence and a next one starting in lower case are one
            # paragraph wrapped by an editor.
            # So are lines of a text wrapped at a fixed width.
            if previous and not _SENTENCE_END.search(previous) and (
                    re.match(r"[a-z]", piece) or len(previous) >= WRAP_WIDTH) \
                    and not boilerplate_reason(previous) and not boilerplate_reason(piece):
                lines[-1] = f"{previous} {piece}"
            else:
                lines.append(piece)
    return [line for line in lines if line]


def clean_text(text: str) -> Cleaned:
    """Split a page's plain text into the article's blocks and the dropped lines."""
    lines = page_lines(text)
    result = Cleaned()
    if not lines:
        return result
    reasons = [boilerplate_reason(line) for line in lines]
    for index in range(len(lines) - 1):
        # The line above a photo credit is the photo's caption.
        if reasons[index + 1] == "credit" and reasons[index] is None \
                and len(_WORD.findall(lines[index])) <= 30:
            reasons[index] = "caption"
    headline = find_headline(lines)
    found = _article_run(lines, reasons, headline)
    if found is None:
        # No prose at all, and page furniture around: there is no article to read.
        result.dropped = [Dropped(line, reason or "not prose")
                          for line, reason in zip(lines, reasons)]
        return result
    start, end = found
    if headline is None and len(lines) > 1 and _looks_like_title(lines[0]):
        headline = 0
        reasons[0] = "title"
        start = max(start, 1)
    if headline is not None:
        result.title = lines[headline]
    _find_header(lines, reasons, headline, start, end, result)
    if result.byline:
        # "Jane Doe is a retired architect ...": the author's note under an article.
        name = re.escape(result.byline.split(",")[0].strip())
        for index in range(max(start, end - 4), end):
            if reasons[index] is None and re.match(rf"{name} (?:is|was|writes|has)\b",
                                                   lines[index]):
                reasons[index] = "author's note"
    _collect(lines, reasons, start, end, result)
    return result


def _article_run(lines: list[str], reasons: list[str | None],
                 headline: int | None) -> tuple[int, int] | None:
    """The start and end (exclusive) of the article's lines: the run of lines with the most
    prose; None when the page has no prose and some furniture (no article to read)."""
    scores = [_boilerplate_penalty(line, reason) if reason else _prose_score(line)
              for line, reason in zip(lines, reasons)]
    plain = list(scores)
    prose = [score > 0 for score in scores]
    for index, score in enumerate(scores):
        if score > 0 and not (index > 0 and prose[index - 1]) \
                and not (index + 1 < len(scores) and prose[index + 1]):
            # A lone paragraph between short lines is how lists of other stories look
            # (headline, summary, headline, ...); an article's paragraphs come in runs.
            scores[index] = score * ISOLATED_WEIGHT
    start, end, _ = _best_run(scores)
    if headline is not None:
        reasons[headline] = "title"
        if start < headline:
            # Above the headline are menus and other stories' teasers, rarely the article.
            for index in range(headline + 1):
                scores[index] = min(scores[index] * BEFORE_HEADLINE_WEIGHT, -1.0)
            start, end, _ = _best_run(scores)
    if end == 0:
        if any(reasons):
            return None
        return 0, len(lines)  # a poem or a list: short lines, and nothing else around

    # The run's edges stop at a paragraph without a full stop ("... keeper Kepa Arrizabalaga"),
    # as a page sometimes leaves one: take in such neighbours, and a short sentence at either
    # end ("He said no.") is as much the article as a long one.
    def belongs(index: int) -> bool:
        return plain[index] >= 0 or (reasons[index] is None and _is_sentence(lines[index]))

    while start > 0 and start - 1 != headline and belongs(start - 1):
        start -= 1
    while end < len(lines) and belongs(end):
        end += 1
    return start, end


def _collect(lines: list[str], reasons: list[str | None], start: int, end: int,
             result: Cleaned) -> None:
    """The article's blocks and the dropped lines, with why each was dropped."""
    seen: set[str] = set()
    kept: list[int] = []
    for index, line in enumerate(lines):
        key = line.casefold()
        if index < start or index >= end:
            reason = reasons[index] or "outside the article"
        elif reasons[index]:
            reason = reasons[index]
        elif key in seen and len(_WORD.findall(line)) >= 4:
            reason = "duplicate"  # a page repeats teasers and pull quotes; "No." may recur
        else:
            seen.add(key)
            kept.append(index)
            continue
        if reason != "title":
            result.dropped.append(Dropped(line, reason))
    for position, index in enumerate(kept):
        following = lines[kept[position + 1]] if position + 1 < len(kept) else ""
        kind = "heading" if _is_subheading(lines[index], following) else "paragraph"
        result.blocks.append(Block(kind, lines[index]))


def _is_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line)) and len(_WORD.findall(line)) >= 1


def _looks_like_title(line: str) -> bool:
    return not _SENTENCE_END.search(line) and 0 < len(_WORD.findall(line)) <= 20


def _is_subheading(line: str, following: str) -> bool:
    """A short line without a full stop, followed by prose, heads a section."""
    return (not _SENTENCE_END.search(line) and not re.match(r"[\d•*(\[-]", line)
            and len(_WORD.findall(line)) <= 12 and _prose_score(following) > 0)


def _find_header(lines: list[str], reasons: list[str | None], headline: int | None,
                 start: int, end: int, result: Cleaned) -> None:
    """Byline, date and dek: the lines between the headline and the article's first paragraph."""
    first = headline + 1 if headline is not None else start
    for index in range(first, min(max(start, first) + 6, end, len(lines))):
        line, reason = lines[index], reasons[index]
        if reason == "byline" and result.byline is None:
            result.byline = re.sub(r"^(?:\w+\s+)?by\s+", "", line, flags=re.I)
        elif reason == "date" and result.date is None:
            result.date = line
        elif (reason is None and result.dek is None and headline is not None
              and index == headline + 1 and index + 1 < len(lines)
              and reasons[index + 1] in ("byline", "date")):
            # Between the headline and the byline: the standfirst that sums the story up.
            result.dek = line
            reasons[index] = "dek"


def drop_boilerplate(blocks: list[Block]) -> tuple[list[Block], list[Dropped]]:
    """Drop captions, credits, promos, widgets, link lines, footers and repeats from blocks whose
    structure is already known (Markdown, or HTML after extraction)."""
    kept: list[Block] = []
    dropped: list[Dropped] = []
    seen: set[str] = set()
    in_link_list = False
    for block in blocks:
        reason = boilerplate_reason(block.text)
        if reason == "link" and len(_WORD.findall(block.text)) <= 3:
            in_link_list = True  # "Read next", "Related": the titles under it are links too
        elif in_link_list and reason is None:
            if _prose_score(block.text) >= MIN_PROSE_WORDS:
                in_link_list = False
            else:
                reason = "link"
        if reason in ("byline", "date") and kept and kept[-1].kind != "heading":
            reason = None  # a dated line in the middle of an article is part of it
        key = block.text.casefold()
        if reason is None and key in seen and len(_WORD.findall(block.text)) > 3:
            reason = "duplicate"
        if reason:
            dropped.append(Dropped(block.text, reason))
        else:
            seen.add(key)
            kept.append(block)
    return kept, dropped
