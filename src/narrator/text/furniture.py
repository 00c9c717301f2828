"""Furniture that reads like the article's prose, by its shape: a photograph's caption that
places people in it ("Jo Hart, left, and ..."), a teaser card that says its title twice, a
wire story's credits ("Reporting by ...; Editing by ..."), a writer's note of who they are.
The cleaner applies these after its model, whose score cannot tell them from sentences.
"""

from __future__ import annotations

import re

_PLACE = (r"(?:(?:second|third|fourth|far|top|bottom|front|back|standing|seated) )?"
          r"(?:left|right|center|centre|from left|from right)")
_IN_PICTURE = re.compile(
    rf"[A-Z][\w.'’-]*, {_PLACE}(?:,| and\b|\))|"
    r"^(?:In )?[Tt]his (?:[\w,.-]+ ){0,4}(?:file (?:photo|picture|image)s?,|"
    r"(?:file )?(?:photo|picture|image)s? (?:taken|released|provided|made|obtained|shows|from)\b)|"
    r"^(?:An? )?(?:file |handout |undated )?(?:photo(?:graph)?|picture|image|screenshot)s?"
    r" (?:shows|taken|released|provided|obtained)\b|"
    r"[.!?] [—–-] (?:Picture|Photo|Image)s? (?:by|courtesy|via)\b|"
    r"[（(](?:[左右]から|[左右]|왼쪽(?:부터)?|오른쪽(?:부터)?)[）)]|"
    r"\((?:links|rechts|Mitte|li\.|re\.|l\.|r\.|v\. ?l\.(?: ?n\. ?r\.)?)\)|\b[Vv]\. ?l\. ?n\. ?r\.|"
    r"\(à (?:gauche|droite)\)|, à (?:gauche|droite),|"
    r"\((?:izq(?:uierda)?|dcha|derecha|centro)\.?\)|, a la (?:izquierda|derecha),|"
    r"\(a (?:sinistra|destra)\)|, a (?:sinistra|destra),|"
    r"\((?:t\.v\.|t\.h\.|till vänster|till höger)\)")
"""Where a person stands in a picture, as captions say it: "Jo Hart, second left, and ...",
"In this Dec. 12, 2006, file photo ...", "A file photograph shows ...", "Max Darj (l.) ...",
"Anne Roy (à gauche) ...", "（左から）"."""
_CREDITED = re.compile(
    r"\s(?:Foto|Photo|Bild|Kuva|Zdjęcie|Billede|Bilde|Fotó)s?\s*:\s*[^.!?:]{2,60}\.?$|"
    r"\s[A-ZÄÖÜ][\w-]+(?: [A-ZÄÖÜ][\w-]+){0,2}\s?/\s?(?:dpa|epd|kna|apa|imago|ddp|dts|sid|afp|ap|"
    r"reuters|getty|picture alliance)[\w-]*$")
"""A caption closed by its credit where no full stop comes before it, as German papers set
them ("... bei der Vorstellung Foto: Felix Zahn/imago", "... aus Warnemünde an. Bernd
Wüstneck/dpa"): the agency in lower case, which the credit rules of `boilerplate` (names in
capitals after a sentence) do not see."""
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
    rf"(?: [\w,'’-]+){{0,8}} (?:{_JOBS})s?\b|covers (?:\w+ ){{0,3}}(?:news|politics|"
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


def in_picture(line: str) -> bool:
    """Whether a line is a caption: it places people in a picture, or ends with the
    picture's credit."""
    return len(line.split()) <= CAPTION_WORDS and bool(
        _IN_PICTURE.search(line) or _CREDITED.search(line))


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


def links_out(line: str) -> bool:
    """Whether a line is links that say where they open ("Radio (öffnet in einem neuen
    Fenster)"): the note twice, or the note and a few words. A paragraph's one link with such
    a note is still the paragraph."""
    notes = _NEW_WINDOW.findall(line)
    return bool(notes) and (len(notes) >= 2 or len(
        _NEW_WINDOW.sub(" ", line).split()) <= LINK_NOTE_WORDS)


def said_twice(line: str) -> bool:
    """Whether a line is one text twice over: a teaser card's title and its link or picture
    text ("'Nothing can break me' - Biles. Video 'Nothing can break me' - Biles"), a button
    said twice ("Shop now >> ... Shop now >>"). A sentence repeats a phrase, not itself."""
    words = re.findall(r"\w+", line.casefold())
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


def credits(line: str) -> bool:
    """Whether a line is a story's credits (who reported, wrote and edited it)."""
    return len(line.split()) <= CAPTION_WORDS and bool(_CREDITS.search(line))


def introduces(line: str) -> bool:
    """Whether a line introduces a writer by their job ("Jo Hart is a freelance reporter") or
    the publisher by what it is ("Mashable is a leading source for news ...")."""
    words = len(line.split())
    return words <= CAPTION_WORDS and bool(
        _JOB_NOTE.match(line) or words >= ABOUT_US_WORDS and _ABOUT_US.match(line))
