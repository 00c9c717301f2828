"""Furniture that reads like the article's prose, by its shape: a photograph's caption that
places people in it ("Jo Hart, left, and ..."), a teaser card that says its title twice, a
wire story's credits ("Reporting by ...; Editing by ..."), a writer's note of who they are.
The cleaner applies these after its model, whose score cannot tell them from sentences.
"""

from __future__ import annotations

import functools
import re

from narrator.text.boilerplate import SLIDE_CAPTION

_PLACE = (r"(?:(?:second|third|fourth|far|top|bottom|front|back|standing|seated) )?"
          r"(?:left|right|center|centre|from left|from right)")
_PICTURE_OPENINGS: list[tuple[tuple[str, ...], re.Pattern]] = [
    (("In this", "In This", "This", "this"),
     re.compile(r"(?:In )?[Tt]his (?:[\w,.-]+ ){0,4}(?:file (?:photo|picture|image)s?,|"
                r"(?:file )?(?:photo|picture|image)s? (?:taken|released|provided|made|obtained|"
                r"shows|from)\b)")),
    (("A ", "An ", "file", "handout", "undated", "photo", "picture", "image", "screenshot"),
     re.compile(r"(?:An? )?(?:file |handout |undated )?(?:photo(?:graph)?|picture|image|"
                r"screenshot)s? (?:shows|taken|released|provided|obtained)\b")),
]
_PICTURE_MARKS: list[tuple[tuple[str, ...], re.Pattern]] = [
    ((", left", ", right", ", center", ", centre", ", from", ", second", ", third", ", fourth",
      ", far ", ", top ", ", bottom ", ", front ", ", back ", ", standing ", ", seated "),
     re.compile(rf"[A-Z][\w.'’-]*, {_PLACE}(?:,| and\b|\))")),
    (("Picture", "Photo", "Image"),
     re.compile(r"[.!?] [—–-] (?:Picture|Photo|Image)s? (?:by|courtesy|via)\b")),
    (("左", "右", "왼쪽", "오른쪽"),
     re.compile(r"[（(](?:[左右]から|[左右]|왼쪽(?:부터)?|오른쪽(?:부터)?)[）)]")),
    (("(l", "(r", "(M", "(v", "l.n", "l. n"),
     re.compile(r"\((?:links|rechts|Mitte|li\.|re\.|l\.|r\.|v\. ?l\.(?: ?n\. ?r\.)?)\)|"
                r"\b[Vv]\. ?l\. ?n\. ?r\.")),
    (("gauche", "droite", "izq", "dcha", "derecha", "centro", "sinistra", "destra", "(t.",
      "till v", "till h"),
     re.compile(r"\(à (?:gauche|droite)\)|, à (?:gauche|droite),|"
                r"\((?:izq(?:uierda)?|dcha|derecha|centro)\.?\)|, a la (?:izquierda|derecha),|"
                r"\(a (?:sinistra|destra)\)|, a (?:sinistra|destra),|"
                r"\((?:t\.v\.|t\.h\.|till vänster|till höger)\)")),
]
"""Where a person stands in a picture, as captions say it: "Jo Hart, second left, and ...",
"In this Dec. 12, 2006, file photo ...", "A file photograph shows ...", "Max Darj (l.) ...",
"Anne Roy (à gauche) ...", "（左から）": the openings a caption starts with, and the marks
it holds anywhere. Each pattern comes with the words one of which its every match holds (an
opening's: starts with), a cheap test before it: the cleaner asks this of every line it might
read."""
_CREDIT_AT_END = re.compile(
    r"\s(?:Foto|Photo|Bild|Kuva|Zdjęcie|Billede|Bilde|Fotó|Bildquelle|Fotoquelle|Image source|"
    r"Фото|Ảnh|Photo credit)s?\s*:\s*[^.!?:]{2,60}\.?$|"
    r"\s[A-ZÄÖÜ][\w-]+(?: [A-ZÄÖÜ][\w-]+){0,2}(?:\s?/\s?[A-Z]{2,5})?\s?/\s?(?i:dpa|epd|kna|apa|"
    r"imago|ddp|dts|sid|afp|ap|reuters|getty|picture alliance)[\w-]*$")
"""A caption closed by its credit where no full stop comes before it, as German papers set
them ("... bei der Vorstellung Foto: Felix Zahn/imago", "... aus Warnemünde an. Bernd
Wüstneck/dpa"): the agency in lower case, which the credit rules of `boilerplate` (names in
capitals after a sentence) do not see. Looked for in a line's last `CREDIT_CHARS`."""
CREDIT_CHARS = 100
CAPTION_HEAD = 160
"""A caption says where its people stand in its first sentence: the place marks are looked for
in a line's first characters (a paragraph's later sentences are not a caption's)."""
_CAPTION_LABEL = re.compile(
    r"(?:Legende|Bildlegende|Bildunterschrift|Caption|Légende|Leyenda|Didascalia)\s*:\s")
CAPTION_WORDS = 80
"""Captions are a sentence or three; a paragraph that says "left," is longer."""

_CREDITS = re.compile(
    r"^\(?(?:Additional |Writing and additional |(?:Writing|Reporting) by .{0,80}?)?"
    r"(?:[Rr]eporting|[Ee]diting|[Ww]riting) by [A-Z]|[;.] Editing by [A-Z]|"
    r"^\(?(?:Compiled|Produced) by [A-Z]\w+ [A-Z]")
"""A wire story's credits: "(Reporting by Jo Hart; Editing by Sam Lee)"."""

_JOBS = (r"writer|editor|reporter|journalist|correspondent|columnist|contributor|author|"
         r"producer|critic|photographer|freelancer|blogger|commentator")
_JOB_NOTE = re.compile(
    rf"^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){{1,3}},? (?:(?:is|was|has been)"
    rf"(?: [\w,'’-]+){{0,8}} (?i:{_JOBS})s?\b|covers (?:\w+ ){{0,3}}(?:news|politics|"
    rf"business|sports?|science|technology|culture|the \w+ beat)\b)")
"""A writer's note of who they are: "Jo Hart is a senior writer for ...", read under the
article (a person the article is about is introduced inside it, not after its end)."""
_KINDS = (r"source|organi[sz]ation|provider|company|publisher|publication|platform|network|"
          r"website|site|magazine|newspaper|agency|outlet|brand|firm|group")
_ABOUT_US = re.compile(
    rf"^(?:The )?(?!(?:It|This|That|He|She|They|We|There)\b)[A-Z][\w.'’&-]*"
    rf"(?: [A-Z][\w.'’&-]*){{0,4}},? (?:is|are) (?:a|an|the|one of the)(?: [\w,'’-]+){{0,6}}"
    rf" (?:{_KINDS})s?\b")
ABOUT_US_WORDS = 15
"""A publisher's or company's note of what it is ("Mashable is a leading source for news
...", "The Associated Press is an independent global news organization ..."), under the
article: a paragraph or two, not a sentence of the story."""


_EDITION_NOTE = re.compile(
    r"^(?:An? (?:earlier |shorter |longer |edited |abridged )?version of )?[Tt]his (?:article|"
    r"story|piece|essay|feature|review|report|interview|column) (?:\w+ ){0,2}(?:appears|"
    r"appeared|was published|ran|will appear) in (?:the )?(?:print\b|[\w ,.'’-]{0,50}?"
    r"\b(?:issue|edition)\b)|"
    r"^Diese[rs]? (?:Artikel|Text|Beitrag|Interview) (?:\w+ ){0,2}(?:erschien|erscheint|ist)"
    r" (?:\w+ ){0,3}in der (?:[\w-]+ ){0,3}(?:Ausgabe|Printausgabe)\b")
"""Where the article was printed: "This article appears in the Winter 2026 issue of ...", "A
version of this article appears in print on ...", "Dieser Artikel erschien in der Ausgabe
...": the publisher's note, not the story (that it "originally appeared" on another site is
left to the model: the real pages' ground truths read it)."""


_COMMENTS = re.compile(r"\b(?:comments?|commenting|commenters?|kommentar\w*|leserkommentar\w*|"
                       r"leserbrief\w*|letters? to the editor|commentaires?|comentarios?|commenti|"
                       r"kommentarer|reacties|комментари\w*|hozzászólás\w*)\b", re.I)
_HOUSE_RULES = re.compile(r"\b(?:moderat\w*|polic(?:y|ies)|terms|richtlinien|netiquette|"
                          r"verantwortung|log ?in|anmelden|freigeschaltet|subject to|guidelines|"
                          r"community standards|règles|charte|normas|regeln|spam|off-topic|"
                          r"themenbezogen|respectful|modér\w*|regole|regler)\b", re.I)
_ASKED_TO_COMMENT = re.compile(r"\b(?:request(?:s|ed)?|asked|declined|refused|available|"
                               r"unavailable|reached|respond(?:ed)?) (?:for|to) (?:a )?comment\b",
                               re.I)
"""A comment section's house rules ("Please keep comments relevant and respectful", "Bitte
achten Sie darauf, dass Ihre Kommentare themenbezogen sind"): comments and a word of rules
or moderation in one paragraph (of `RULES_WORDS` at most: the rules of 2 of the 535 real pages
run to 81 and 104 words)."""
RULES_WORDS = 150
_COMMENT_STEMS = ("comment", "kommentar", "leserbrief", "letter", "comentari", "reacties",
                  "комментари", "hozzászólás")


_PICTURE_GATE = re.compile("|".join(re.escape(word) for words, _ in _PICTURE_MARKS
                                    for word in words))


def _pictured(line: str) -> bool:
    """Whether a line is a caption: it places people in a picture, or ends with the
    picture's credit, or is labelled a caption ("Legende: ...") or opens with its place in a
    gallery ("1 of 18. ...")."""
    head = line[:CAPTION_HEAD]
    if any(head.startswith(words) and pattern.match(head) for words, pattern in
           _PICTURE_OPENINGS) or _PICTURE_GATE.search(head) and any(
            any(word in head for word in words) and pattern.search(head)
            for words, pattern in _PICTURE_MARKS):
        return True
    tail = line[-CREDIT_CHARS:]
    return bool(("/" in tail or ":" in tail) and _CREDIT_AT_END.search(tail)
                or _CAPTION_LABEL.match(line) or SLIDE_CAPTION.match(line))


_NEW_WINDOW = re.compile(
    r"\(?(?:(?:öffnet|wird|geöffnet) (?:sich )?(?:in |im )?(?:einem )?neue[nm]? (?:Fenster|Tab)|"
    r"in neuem (?:Fenster|Tab)|opens? in (?:a )?new (?:window|tab)|s.ouvre dans une? nouv\w+ "
    r"(?:fenêtre|onglet)|se abre en una nueva (?:ventana|pestaña)|apre in una nuova (?:finestra|"
    r"scheda)|abre em uma nova (?:janela|aba)|åpnes i (?:et )?nytt (?:vindu|fane)|öppnas i "
    r"(?:ett )?nytt (?:fönster|flik)|opent in (?:een )?nieuw (?:venster|tabblad))[^)]{0,20}\)?",
    re.I)
"""A link's note for screen readers, "(opens in a new window)", in the languages users write
most: a menu's or a share button's, when it is most of the line or said twice."""
LINK_NOTE_WORDS = 12
_WINDOW_NOUNS = ("fenster", "new window", "new tab", "neuem tab", "neuen tab", "nouv", "nueva",
                 "nuova", "nova ", "nytt", "nieuw")


def links_out(line: str, lowered: str | None = None) -> bool:
    """Whether a line is links that say where they open ("Radio (öffnet in einem neuen
    Fenster)"): a few words to each note. A paragraph whose links carry such notes is still
    the paragraph."""
    if "(" not in line and line.count(" ") >= LINK_NOTE_WORDS + 4:
        return False  # a long line of links has its notes in brackets
    lowered = line.lower() if lowered is None else lowered
    if not any(noun in lowered for noun in _WINDOW_NOUNS):
        return False
    notes = _NEW_WINDOW.findall(line)
    return bool(notes) and len(_NEW_WINDOW.sub(" ", line).split()) <= LINK_NOTE_WORDS * len(notes)


_WORD_RUN = re.compile(r"\w+")


def _twice(line: str) -> bool:
    """Whether a line is one text twice over: a teaser card's title and its link or picture
    text ("'Nothing can break me' - Biles. Video 'Nothing can break me' - Biles"), a button
    said twice ("Shop now >> ... Shop now >>"). A sentence repeats a phrase, not itself."""
    folded = line.casefold()
    head = _WORD_RUN.findall(folded[:80])[:2]
    if len(head) < 2:
        return False
    first, then = head
    at = max(folded.find(first), len(folded) // 4 - len(first))  # (the second a third in)
    while (at := folded.find(first, at + len(first))) >= 0:  # the text said again starts
        if then in folded[at + len(first):at + len(first) + len(then) + 4]:  # with them
            break
    else:
        return False
    words = _WORD_RUN.findall(folded)
    count = len(words)
    if not 8 <= count <= CAPTION_WORDS:
        return False
    for second in range(max(4, count // 3), count // 2 + 2):
        same = 0
        while second + same < count and words[same] == words[second + same]:
            same += 1
        if same >= 4 and same >= 0.8 * (count - second):
            return True
    return False


def _credited(line: str, lowered: str) -> bool:
    """Whether a line is a story's credits (who reported, wrote and edited it)."""
    return "by " in lowered and bool(_CREDITS.search(line))


def introduces(line: str) -> bool:
    """Whether a line introduces a writer by their job ("Jo Hart is a freelance reporter") or
    the publisher by what it is ("Mashable is a leading source for news ...")."""
    words = len(line.split())
    return words <= CAPTION_WORDS and bool(
        _JOB_NOTE.match(line) or words >= ABOUT_US_WORDS and _ABOUT_US.match(line))


def _rules(line: str, lowered: str, words: int) -> bool:
    """Whether a line is a comment section's rules (the comments start there): comments and
    rules named once in a short paragraph, twice each in a longer one (a story's paragraph may
    say "his comments" and "moderates")."""
    if not any(word in lowered for word in _COMMENT_STEMS) or _ASKED_TO_COMMENT.search(line):
        return False
    named = 1 if words <= CAPTION_WORDS else 2
    return len(_COMMENTS.findall(line)) >= named and len(_HOUSE_RULES.findall(line)) >= named


@functools.lru_cache(maxsize=16384)
def furniture(line: str) -> str | None:
    """Why a line that may read like prose is furniture by its shape ("caption", "comments",
    "credit", "link"), or None."""
    words, lowered = len(line.split()), line.lower()
    if 8 <= words <= RULES_WORDS and _rules(line, lowered, words):
        return "comments"
    if words <= CAPTION_WORDS:
        if _pictured(line):
            return "caption"
        if _credited(line, lowered) or ("this" in lowered or "diese" in lowered) and (
                _EDITION_NOTE.match(line)):
            return "credit"
        if _twice(line):
            return "link"
    return "link" if links_out(line, lowered) else None
