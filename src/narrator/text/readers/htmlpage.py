"""An HTML page's own text blocks, beside what the extractor made of it: the article's paragraphs
the extractor left behind an interruption (an advertisement slot, a newsletter box, a second
container), and every line not read, with where on the page it sat (`--explain`)."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from narrator.core.models import Block, Dropped
from narrator.text.boilerplate import (MIN_PROSE_WORDS, boilerplate_reason, ends_with_credit,
                                       prose_score)
from narrator.text.readers.base import without_addresses

_LAYOUT = {"nav": "navigation", "header": "page header", "footer": "footer", "aside": "aside",
           "figcaption": "caption", "figure": "caption", "form": "form", "menu": "navigation",
           "button": "widget", "dialog": "widget"}
"""Where on a page a line not in the article sat, as `--explain` names it."""
_NOT_TEXT = {"script", "style", "noscript", "template", "head", "svg", "math", "iframe"}
_BLOCK_TAGS = frozenset(("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "td", "th",
                         "dt", "dd", "blockquote", "pre", "div", "section", "aside", "footer",
                         "header", "nav", "figure", "article", "main", "form", "ul", "ol", "dl",
                         "table", "tr", "tbody", "thead", "body", "menu", "dialog", "details",
                         "summary", "address", "center", "hr", "br"))
"""Elements that start a line of their own; the rest (links, spans, emphasis) run inside one."""
_READ_TAGS = frozenset(("p", "blockquote", "dd"))
"""Where an article's paragraphs are written."""
_NOT_ARTICLE = re.compile(
    r"comment|related|recommend|teaser|promo|newsletter|sign-?up|subscri|footer|sidebar|"
    r"widget|share|social|outbrain|taboola|trending|popular|most-?read|more-?(?:stories|news)|"
    r"caption|credit|byline|author-?bio|breadcrumb|cookie|consent|paywall-?(?:offer|prompt)|"
    r"tool|reprint|"
    r"(?:^|[\s_-])(?:ad|ads|advert\w*|banner|sponsor\w*)(?:$|[\s_-])", re.I)
"""Words in an element's class or id that say it holds no article text."""
GAP_BLOCKS = 6
"""How many lines that are not prose (an advertisement's label, a newsletter box, a pull quote)
an article may be interrupted by before the page is taken to have moved on."""
_STOP_REASONS = ("comments", "link")


@dataclass
class PageLine:
    """One line of the page's own text, where it sits, and whether the article holds it."""

    element: object
    text: str
    where: str | None  # the layout element around it (navigation, footer ...), or None
    marked: bool  # an ancestor's class or id says it is no article text
    block: int | None = None  # the article's block that holds it


def page_tree(data: bytes):
    """The page as an lxml tree, or None when lxml will not hold it."""
    import lxml.etree
    import lxml.html

    try:
        try:
            return lxml.html.document_fromstring(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):  # another encoding, or an XML declaration
            return lxml.html.document_fromstring(data)
    except (ValueError, lxml.etree.ParserError):
        return None


def page_lines(page) -> list[PageLine]:
    """The page's visible text, a block at a time in reading order: a block's links and
    emphasis are part of its line; text beside a block inside another is a line of its own."""
    lines: list[PageLine] = []
    holds_blocks = set()  # the elements with a block inside
    for element in page.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCK_TAGS:
            for ancestor in element.iterancestors():
                if ancestor in holds_blocks:
                    break
                holds_blocks.add(ancestor)

    def add(element, text: str, context: tuple[str | None, bool]) -> None:
        text = " ".join(text.split())
        if text:
            lines.append(PageLine(element, text, *context))

    def walk(element, context: tuple[str | None, bool]) -> None:  # 255 deep at most (libxml2)
        if not isinstance(element.tag, str) or element.tag in _NOT_TEXT:
            return
        names = f"{element.get('class', '')} {element.get('id', '')}"
        context = (context[0] or _LAYOUT.get(element.tag),
                   context[1] or bool(names.strip() and _NOT_ARTICLE.search(names)))
        if element not in holds_blocks:
            add(element, _text(element), context)
            return
        run = [element.text or ""]
        for child in element:
            if child in holds_blocks or (isinstance(child.tag, str) and child.tag in _BLOCK_TAGS):
                add(element, "".join(run), context)
                walk(child, context)
                run = [child.tail or ""]
            elif isinstance(child.tag, str) and child.tag not in _NOT_TEXT:
                run.append(_text(child) + (child.tail or ""))
            else:
                run.append(child.tail or "")
        add(element, "".join(run), context)

    body = page.find("body")
    walk(body if body is not None else page, (None, False))
    return lines


def _text(element) -> str:
    """An element's text without what a script, a style or a template holds."""
    if next(element.iter(*_NOT_TEXT), None) is None:
        return element.text_content()
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _NOT_TEXT:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _link_share(element) -> float:
    text = len(" ".join(element.text_content().split())) or 1
    return sum(len(" ".join(link.text_content().split())) for link in element.iter("a")) / text


def _readable(line: PageLine) -> bool:
    """A line that reads as an article's paragraph, where an article's paragraphs are written."""
    score = prose_score(line.text)  # 0 for long prose that does not end with a full stop
    return (line.where is None and not line.marked and line.element.tag in _READ_TAGS
            and (score >= MIN_PROSE_WORDS or (score == 0 and len(line.text.split()) >= 16))
            and boilerplate_reason(line.text) is None
            and not ends_with_credit(line.text) and _link_share(line.element) < 0.5)


def _heading(line: PageLine) -> bool:
    return (line.block is None and line.where is None and not line.marked
            and line.element.tag in ("h2", "h3", "h4") and len(line.text.split()) <= 12
            and boilerplate_reason(line.text) is None)


def _ends_article(line: PageLine) -> bool:
    """A line after which the page is no longer the article: a footer or navigation, the
    comments, a list of other stories ("Related", "More news"), the page's own headline."""
    return (line.where in ("navigation", "footer", "page header") or line.element.tag == "h1"
            or (boilerplate_reason(line.text) in _STOP_REASONS and len(line.text.split()) <= 4))


def _match(lines: list[PageLine], blocks: list[Block]) -> None:
    """Mark each page line with the article's block that holds it: the same text, the line
    inside a block, or a block that is most of the line (in time linear in the page's text)."""
    keys = [" ".join(block.text.split()).casefold() for block in blocks]
    exact = {key: index for index, key in reversed(list(enumerate(keys)))}
    joined = "\n".join(keys)
    starts = list(itertools.accumulate((len(key) + 1 for key in keys[:-1]), initial=0))
    heads = {}
    for index, key in enumerate(keys):
        if len(key) >= 20:
            heads.setdefault(key[:20], index)
    for line in lines:
        key = without_addresses(line.text).casefold()
        if key in exact:
            line.block = exact[key]
        elif len(key) >= 20 and (found := joined.find(key)) >= 0:
            line.block = bisect.bisect_right(starts, found) - 1
        else:
            line.block = next((index for start in range(len(key) - 19)
                               if (index := heads.get(key[start:start + 20])) is not None
                               and keys[index] in key and len(keys[index]) >= 0.5 * len(key)),
                              None)


def _trigrams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.casefold())
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


def _without_echoes(lines: list[PageLine], blocks: list[Block], take: set[int]) -> set[int]:
    """The lines to recover less those that mostly repeat the article or a longer line
    recovered with them (a pull quote, a teaser of the article)."""
    said = set().union(*(_trigrams(block.text) for block in blocks))
    kept = set()
    for index in sorted(take, key=lambda index: -len(lines[index].text)):  # longest first
        mine = _trigrams(lines[index].text)
        if not mine or len(mine & said) < 0.6 * len(mine):
            kept.add(index)
            said |= mine
    return kept


def with_recovered(lines: list[PageLine], blocks: list[Block]) -> list[Block]:
    """The extractor's blocks with the article's paragraphs it left out read too: those inside
    the article between its paragraphs, and those just before or after it across an
    interruption of a few lines that are not prose (an advertisement, a newsletter box), up to
    the comments, a list of other stories, the footer or the page's headline."""
    _match(lines, blocks)
    inside = [index for index, line in enumerate(lines) if line.block is not None]
    if not inside:
        return blocks
    take = {index for index in range(inside[0], inside[-1]) if lines[index].block is None
            and _readable(lines[index])}
    for step, begin in ((1, inside[-1] + 1), (-1, inside[0] - 1)):
        gap, index = 0, begin
        while 0 <= index < len(lines) and gap <= GAP_BLOCKS and not _ends_article(lines[index]):
            if lines[index].block is not None:
                break
            if _readable(lines[index]):
                take.add(index)
                gap = 0
            else:
                gap += 1
            index += step
    take = _without_echoes(lines, blocks, take)
    # A section's heading right before a recovered paragraph is read with it.
    take |= {index - 1 for index in take if index > 0 and _heading(lines[index - 1])}
    if not take:
        return blocks
    after: dict[int, list[Block]] = {}
    anchor = -1  # the article's block each recovered line follows (-1: before the first)
    for index, line in enumerate(lines):
        if line.block is not None:
            anchor = max(anchor, line.block)
        elif index in take:
            kind = "heading" if line.element.tag.startswith("h") else "paragraph"
            after.setdefault(anchor, []).append(Block(kind, without_addresses(line.text)))
    result = list(after.get(-1, []))
    for position, block in enumerate(blocks):
        result.append(block)
        result.extend(after.get(position, []))
    return result


def not_read(lines: list[PageLine], blocks: list[Block],
             dropped: list[Dropped]) -> list[Dropped]:
    """The page's lines that are not in the article (menus, captions, promos, footers), each
    with where it sat: what `narrator script --explain` lists."""
    said = {" ".join(text.split()).casefold() for text in
            [block.text for block in blocks] + [item.text for item in dropped]}
    article = " ".join(said)
    result, seen = [], set()
    for line in lines:
        key = line.text.casefold()
        if key in seen or key in said or without_addresses(key) in article:
            continue
        seen.add(key)
        result.append(Dropped(line.text, line.where or "outside the article"))
    return result
