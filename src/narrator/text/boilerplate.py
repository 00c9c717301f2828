"""The rules of what is page furniture rather than article: credits, captions, promos, link
lists, comment headers, share widgets, footers, bylines and dates, as patterns of a line.

For plain text these are evidence the cleaner's model weighs (`linefeatures`); for Markdown and
HTML, whose structure is known, `drop_boilerplate` applies them to blocks directly. Each dropped
line keeps the name of the rule that matched it, which `narrator script --explain` shows.
"""

from __future__ import annotations

import functools
import re

from narrator.core.models import Block, Dropped
from narrator.text.dateline import BYLINE, is_dateline
from narrator.text.lexicon import LEXICON
from narrator.text.patterns import Rule

# Boilerplate patterns, checked in order; the first that matches gives the reason.
# Each pattern must only match text that is never article prose; in doubt, a line is kept.
_CREDIT_WORDS = (r"Getty Images|Shutterstock|iStock(?:photo)?|Associated Press|AP Photo|"
                 r"Reuters|AFP|EPA|Alamy|Bloomberg|Unsplash|Pexels|Wikimedia Commons")
_PHOTO_WORDS = (r"photo|image|picture|illustration|video|graphic|foto|bild|imagen|immagine|"
                r"zdjęcie|fotografia|quelle|source")
"""Words that open a picture's credit, in the languages narrator's users write most."""
_COUNTER_OPENING = (r"^(?:(?:photo|image|slide|picture|bild|foto|imagen|immagine|zdjęcie)s?\s+)?"
                    r"\d{1,3}\s*(?:of|/|von|van|de|di|sur|z|av|af)\s*\d{1,3}")
_COUNTER = _COUNTER_OPENING + "$"
"""A gallery's counter: "3 of 10", "1/6", "Bild 2 von 5", "1 van 5"."""
SLIDE_CAPTION = re.compile(_COUNTER_OPENING + r"[.:|)]\s+\S", re.I)
"""A gallery's caption that opens with its counter: "1 of 18. Rescuers search the sea ..."."""
_GALLERY = (r"^(?:(?:photo )?gallery|slideshow|in pictures|bildergalerie|fotogalerie|galerie|"
            r"fotogalería|galería|galleria)\b|^(?:see|view|browse|explore) (?:the|our|all|more)\b"
            r"[^.!?]{0,80}\b(?:photos|pictures|images|gallery|slideshow|best\b[^.!?]*)$|"
            r"^(?:diaporama|fotogalleria|galeria de fotos|galeria de imagens|фотогалерея|"
            r"фоторепортаж|bildspel|bildserie|képgaléria|fotógaléria|thư viện ảnh|album ảnh)"
            r"\b[^.!?]{0,80}$")
"""A gallery's own heading: "Photo gallery: ...", "See The 10 Best Lighthouses ..."."""
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("credit", re.compile(
        rf"^(?:\(?(?:{_PHOTO_WORDS})s?\b[^.!?]{{0,60}}?"
        rf"(?:credit|by|courtesy|:)|credit:|courtesy of\b|\(?(?:{_CREDIT_WORDS})\b)"
        r"[^.!?]{0,80}$|"
        rf"^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){{0,3}}(?: ?/ ?| (?:for|via) )"
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
_COUNTER_LINE = re.compile(_COUNTER, re.I)
_CREDIT_CLOSE = re.compile(r"\((?:AP|AFP|EPA|dpa|Reuters|Getty)? ?Photo/[^()]{2,80}\)\W*$|"
                           r"\s\((?:photo|image|picture|foto|bild|imagen|immagine|fotografia|"
                           r"zdjęcie|фото)s?\s*:?\s+[^()]{2,80}\)$|"
                           r"[.!?]\s+(?:photo(?:graph)?|image|picture|illustration)s?\s+"
                           r"(?:by|courtesy of|via)\s+"
                           r"[^.!?]{2,80}$", re.I)
"""A caption's closing credit in words: "... in 2024. (AP Photo/Jo Hart, File)", "... the
second night. Image courtesy of the Bothies Association", "... by hand. Photograph by Jo Hart
for The Review"."""
_NEWSLETTERS = (r"newsletter|lettre d'information|infolettre|boletín|boletim|nyhetsbrev|"
                r"nieuwsbrief|рассылк\w*|hírlevél\w*|bản tin")
"""A newsletter, in the languages narrator's users write most."""
_CONTACT = re.compile(r"^(?=.{0,140}$)[^@]*?[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
"""A short line giving an e-mail address: "Email comments@example.com", "Write to jo.hart@..."."""
_AFTER_MODEL: list[tuple[str, re.Pattern]] = [
    ("caption", _COUNTER_LINE),
    ("caption", re.compile(_GALLERY, re.I)),
    ("credit", re.compile(r"^\(?photograph(?:y|s)?\s*(?:credit|by|courtesy|:)[^.!?]{0,80}$", re.I)),
    ("link", re.compile(r"^keep reading\W*$", re.I)),
    ("widget", re.compile(r"^(?:next|previous) (?:slide|image|photo|picture)\W*$|"
                          r"^pin (?:it|this|me)(?: for later| now)?\W*$|"
                          r"^(?:zum (?:haupt)?inhalt springen|ir al contenido(?: principal)?|"
                          r"saltar al contenido(?: principal)?|aller au contenu(?: principal)?|"
                          r"vai al contenuto(?: principale)?|ir para o conteúdo(?: principal)?|"
                          r"spring naar (?:de )?inhoud|hoppa till (?:huvud)?innehållet|"
                          r"gå til (?:hovedinnhold|indhold|innhold)|перейти к (?:основному )?"
                          r"содержанию|ugrás a tartalomra|skip to (?:the )?(?:main )?content)\W*$|"
                          r"^(?:compartir|teilen|partager|condividi|delen|dela|del|udostępnij|"
                          r"compartilhar)(?: (?:en|auf|sur|su|op|på|no|via|por|w) [\w.]+)?\W*$|"
                          r"^(?:copiar enlace|link kopieren|copier le lien|copia (?:il )?link|"
                          r"kopieer link|kopiera länk)\W*$", re.I)),
    ("link", re.compile(r"^(?:lesen sie (?:auch|mehr)|mehr zum thema|lee también|lea también|"
                        r"leer más|te puede interesar|(?:à )?lire aussi|leggi anche|lees ook|"
                        r"läs också|les også|læs også|czytaj (?:też|także)|leia também|"
                        r"veja também|läs även|читайте также|смотрите также|olvassa el|"
                        r"kapcsolódó|xem thêm|đọc thêm)\b", re.I)),
    ("caption", _CREDIT_CLOSE),
    ("widget", re.compile(  # "Temps de lecture : 4 min", "Lesezeit: 3 Minuten", "5 min read"
        r"^(?:reading time|read time|lesezeit|lesedauer|temps de lecture|tiempo de lectura|"
        r"tempo di lettura|tempo de leitura|leestijd|lästid|lesetid|læsetid|czas czytania|"
        r"время чтения|olvasási idő|thời gian đọc)\s*:?\s*(?:ca\.?\s*|about\s*|~\s*)?\d+\s*"
        r"[^\W\d]{0,8}\.?$|^\d+\s*(?:min(?:ute)?s?|minuten?|minutos?|minuti)\.?\s*"
        r"(?:read|lesen|lesezeit|de lecture|de lectura|di lettura|de leitura)$", re.I)),
    ("promo", re.compile(  # a newsletter box's heading, in the languages users write most
        rf"^[^.!?]{{0,60}}\b(?:{_NEWSLETTERS})\b[^.!?]{{0,60}}$", re.I)),
    ("link", _CONTACT),
    ("promo", re.compile(  # "Get Motor Cycle Monthly delivered through your letterbox ..."
        r"\bdelivered (?:straight |directly |right )?(?:to|through|into) your (?:door|doorstep|"
        r"letterbox|mailbox|inbox|home)\b|^subscribe (?:and|now|today)\b", re.I)),
]
"""Furniture rules newer than the shipped model: they name a line's reason (and so veto it, as
every rule does unless the model is sure), but are not among the features it was trained on."""
_GALLERY_HEADING = re.compile(rf"{_GALLERY}|^(?:photos?|pictures?|images?|fotos?|bilder)\s*:", re.I)


def gallery_lines(lines: list[str]) -> set[int]:
    """The lines of a gallery: its counters ("3 of 10", "1/6"), two or more a line or two
    apart, and the captions between them; and, where the gallery has a heading ("Photos: ...",
    "See The 10 Best ..."), the caption at its open end (before the first counter when the
    heading is followed by a caption, after the last when it is followed by a counter)."""
    counters = [index for index, line in enumerate(lines) if _COUNTER_LINE.match(line)]
    captions: set[int] = set()
    run: list[int] = []
    for index in counters + [len(lines) + 10]:
        if run and index - run[-1] <= 3:
            run.append(index)
            continue
        if len(run) >= 2:
            first, last = run[0], run[-1]
            captions.update(range(first, last + 1))
            if first >= 1 and _GALLERY_HEADING.match(lines[first - 1]):
                captions.update(range(last + 1, min(last + run[1] - first, len(lines))))
            elif first >= 2 and _GALLERY_HEADING.match(lines[first - 2]):
                captions.add(first - 1)
        run = [index]
    return captions

_NEWSLETTER = re.compile(rf"{_NEWSLETTERS}|sign up|subscribe|abonn|suscr|iscriv|inscr", re.I)
_MESSENGER = re.compile(r"whats ?app|telegram|\b(?:channel|canal|canale|kanal|chaîne)\b|"
                        r"\b(?:on your (?:phone|mobile)|aufs handy|no (?:seu|teu) celular|"
                        r"en (?:tu|su) (?:celular|móvil)|sur (?:votre|ton) (?:téléphone|mobile))\b",
                        re.I)
"""A box that asks the reader to follow the site on a messenger ("BR24 ist auch auf WhatsApp",
"Receba as notícias no seu celular"): its heading need not be named by any rule, as its form
(a "Join the channel" button) always is."""
BOX_LINES = 2
"""How many lines a sign-up box may hold between its heading and its form (a blurb or two)."""


def sign_up_box(lines: list[str], reasons: list[str | None]) -> set[int]:
    """A sign-up box's heading ("Sign up for our Education newsletter") and its blurb, the line
    or two between the heading and its form ("Enter your email", "S'inscrire"). An
    article's paragraph never sits between the two; a short blurb does."""
    blurbs: set[int] = set()
    forms = ("promo", "widget")
    for index, line in enumerate(lines):
        named = reasons[index] is not None
        if len(line) > 80 or not named and not any(
                reason in forms for reason in reasons[index + 2:index + 2 + BOX_LINES]):
            continue  # a heading no rule names is a box's only with a form below it
        if not (named and _NEWSLETTER.search(line) or _MESSENGER.search(line)):
            continue
        for end in range(index + 2, min(index + BOX_LINES + 2, len(lines))):
            if reasons[end] in forms:
                inside = range(index + 1, end)
                if all(reasons[k] is None and len(_WORD.findall(lines[k])) <= 30
                       for k in inside):
                    blurbs.update(inside)
                    blurbs.add(index)  # the heading, whatever rule named it
                break
    return blurbs


_MENU_WORDS = ("link", "widget", "comments")

# Phrases that mark a whole line as furniture however long it is: a body paragraph never says them.
_WHOLE_LINE: list[tuple[str, re.Pattern]] = [
    ("caption", re.compile(r"\((?:photo|image|picture|credit|illustration|video)s?\b[^()]{0,80}"
                           r"\)\W*$", re.I)),
    ("caption", re.compile(rf"(?:[.!?]\s+|\s[-–—|]\s)\(?(?:photo(?:graph)?:?\s*)?(?:{_CREDIT_WORDS})"
                           r"(?:\s*/\s*[\w ]{1,40})?\)?$")),
    # "... at dawn. Photo: Jo Hart/Agency": a caption that ends with its credit.
    ("caption", re.compile(rf"[.!?]\s+\(?(?:{_PHOTO_WORDS})s?\s*(?:credit)?\s*:\s*[^.!?]{{2,60}}$",
                           re.I)),
    ("footer", re.compile(r"contains affiliate links|(?:we|may) (?:may )?earn (?:a )?(?:small )?"
                          r"commission|all rights reserved|this (?:website|site) uses cookies|"
                          r"may not be (?:published|reproduced|redistributed)", re.I)),
    ("promo", re.compile(r"(?:sign up|subscribe) (?:for|to) (?:our|the|my)\b.{0,80}\bnewsletter|"
                         r"^(?:subscribe|sign up) (?:now|today)\b", re.I)),
]


_CAPITAL = r"[A-ZÀ-ÖØ-ÞĀ-ſΑ-ΩА-Я]"
_CONNECTOR = r"(?:for|via|the|of|and|de|du|des|del|la|le|les|von|van|der|den|y|e|et|und|&)"
_CREDIT_TAIL = re.compile(
    rf"[.!?][\"”’)]?\s+\(?(?i:(?:credits?|courtesy(?: of)?|source|fuente|quelle|crédits?|foto|"
    rf"photo(?:graph)?|image|bild|imagen|фото|источник|fotó|forrás|ảnh|nguồn)\s*:\s*|"
    rf"(?P<sign>©|\(c\))\s*)?"
    rf"(?P<credit>{_CAPITAL}[\w.'’&-]*(?:(?:\s+|\s*/\s*)(?:{_CAPITAL}[\w.'’&-]*|{_CONNECTOR}"
    rf"(?=(?:\s+{_CONNECTOR})*\s+{_CAPITAL}))){{0,7}})(?<![.!?])\)?$")
"""A caption that ends with its credit: after the caption's last sentence, a name or two in
capitals with no full stop of their own ("... in 1979. Keystone-France/Getty Images",
"... in February. Marco Grob for TIME", "... lamp room. Credit: NASA")."""


def ends_with_credit(line: str) -> bool:
    """Whether a line is a caption closed by its credit (never read, never a title): a caption
    in prose (four words or more, mostly in lower case, as headlines are not) and after it a
    credit that names a person, an agency or both ("/", "for", "via", a colon before it, or two
    or more words in capitals)."""
    if len(line) > MAX_BOILERPLATE_CHARS:
        return False
    if _CREDIT_CLOSE.search(line):
        return True
    match = _CREDIT_TAIL.search(line)
    if not match:
        return False
    caption = line[:match.start() + 1]
    words = caption.split()
    end = caption[-2:-1]
    if len(words) < 4 or not (end.islower() or end.isdigit() or end in "\"”’)") or sum(
            word[:1].islower() for word in words) < 0.4 * len(words):
        return False
    if match.group("sign") or re.search(r"/|\b(?:for|via)\b|:", match.group(0)):
        return True
    return len(
        re.findall(rf"(?:^|\s){_CAPITAL}", match.group("credit"))) >= 2


_FAST_PATTERNS = [(reason, Rule(pattern)) for reason, pattern in _PATTERNS]
_FAST_AFTER_MODEL = [(reason, Rule(pattern, ("@",) if pattern is _CONTACT else None))
                     for reason, pattern in _AFTER_MODEL]
_FAST_WHOLE_LINE = [(reason, Rule(pattern)) for reason, pattern in _WHOLE_LINE]
_SPLITS = re.compile(r"\s*[·|•]\s*|\s{2,}")
_MAY_SPLIT = re.compile(r"[·|•]|\s\s")

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
_SENTENCE_END = re.compile(r"[.!?…。！？؟][ \"'”’“‘»)\]」』]*$")
"""A line that ends a sentence: its full stop, and the quotation marks and brackets after it
("... aussi. »" as French sets it, with a space; "... an.“" as German closes a quotation)."""
_PROSE_END = re.compile(r"[.!?…。！？][\"'”’)\]」』]*$")
"""The ending `prose_score` looks for, as the model's features were trained with."""
_STOPWORDS = frozenset("""
a about after all also an and any are as at be been but by can could did do does for from had
has have he her him his how i if in into is it its just more most my no not of on one or our out
over said she so some than that the their them then there these they this to up was we were what
when where which who will with would you your
""".split())

REASONS = ("credit", "caption", "promo", "link", "comments", "widget", "footer", "byline", "date",
           "symbols")
"""Every reason `boilerplate_reason` gives."""
MAX_BOILERPLATE_CHARS = 1500
MIN_PROSE_WORDS = 8
"""A line of at least this many words that reads as prose counts as article text."""
PROSE_CAP = 80
SHORT_PENALTY = -3.0


@functools.lru_cache(maxsize=16384)
def boilerplate_reason(line: str) -> str | None:
    """Why a line is page furniture rather than article text, or None."""
    reason = structural_reason(line)
    if reason is None and len(line) <= 80:  # labels and buttons are short
        reason = next((name for name, pattern in LEXICON if pattern.match(line)), None)
    return reason


@functools.lru_cache(maxsize=16384)
def structural_reason(line: str) -> str | None:
    """The furniture rules that decide how a page's lines are put together (which lines are
    never one wrapped paragraph): the trained ones, the newer ones above, datelines and
    bylines; all of `boilerplate_reason` but the lexicon of labels in other languages."""
    reason = trained_reason(line)
    if reason is None and len(line) <= 200:
        lowered = line.lower()
        reason = next((name for name, rule in _FAST_AFTER_MODEL if rule.search(line, lowered)),
                      None)
        if reason is None and is_dateline(line):
            reason = "date"
        elif reason is None and BYLINE.match(line):
            reason = "byline"
    return reason


@functools.lru_cache(maxsize=16384)
def trained_reason(line: str) -> str | None:
    """The furniture rules the shipped model was trained with, as its features see them."""
    if len(line) > MAX_BOILERPLATE_CHARS:
        return None  # no menu, caption or footer runs this long
    words = len(_WORD.findall(line))
    lowered = line.lower()
    if _DATE.match(line):
        return "date"
    if words == 0:
        return None if re.search(r"\w", line) else "symbols"
    if words <= 50:
        for reason, rule in _FAST_WHOLE_LINE:
            if rule.search(line, lowered):
                return reason
    parts = [part for part in _SPLITS.split(line) if part] if _MAY_SPLIT.search(line) else ()
    if len(parts) > 1 and all(_PATTERNS_BY_REASON["widget"].match(part) for part in parts):
        return "widget"  # "Share on Twitter · Share on Facebook"
    for reason, rule in _FAST_PATTERNS:
        # Long prose lines mention "subscribe" or "share" in passing: only short lines are judged
        # by the phrases that open them, and a long line needs the phrase to be most of it.
        match = rule.search(line, lowered)
        if match and (words <= 12 or len(match.group(0)) >= len(line) / 2):
            if reason in _MENU_WORDS and re.search(r"\w[.!?]$", line):
                continue  # "Next." or "Share!" with a full stop is someone's sentence, not a button
            return reason
    if _BYLINE.match(line):
        return "byline"
    if _DATE.match(line):
        return "date"
    return None


def prose_score(line: str, stops: frozenset[str] = _STOPWORDS) -> float:
    """How much a line reads as article prose: its word count if prose, else a penalty."""
    words = _WORD.findall(line)
    count = len(words)
    if count == 0:
        return -1.0
    if re.match(r"\d{1,2}[.)]\s+[A-Z]", line) and count <= 12:
        return 0.0  # the heading of a numbered list's item
    if re.search(r"\w(?:\.\.\.|…)$", line):
        return 0.0  # a teaser cut short: "The minister said on Tuesday that the..."

    stop_ratio = sum(1 for w in words if w.lower() in stops) / count
    if not re.search(r"[A-Za-z]", line) and len(line) >= 20:
        # Scripts without spaces or without English function words (Chinese, Japanese, Greek):
        # judge the line by its length and its full stop alone.
        count, stop_ratio = len(line) // 4, 1.0
    ends = bool(_PROSE_END.search(line))
    if ends and count >= MIN_PROSE_WORDS and stop_ratio >= 0.1:
        return float(min(count, PROSE_CAP))
    if ends and count >= 4 and stop_ratio >= 0.15:
        return count / 2
    if count >= 2 * MIN_PROSE_WORDS and stop_ratio >= 0.25:
        return 0.0  # prose cut short, or a list item; it neither makes nor breaks a run
    return SHORT_PENALTY if count <= 3 else 2 * SHORT_PENALTY


_GLUE = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])|"
                   r"(?<=(?i:newsletter))(?=[A-Z])|(?<=(?i:advertisement))(?=[A-Z])|"
                   r"(?<=(?i:sponsored))(?=[A-Z])|(?<=(?i:read more))(?=[A-Z])")


WRAP_WIDTH = 60

"""A line at least this long that stops mid-sentence is taken as wrapped, not as a heading."""


def drop_boilerplate(blocks: list[Block]) -> tuple[list[Block], list[Dropped]]:
    """Drop captions, credits, promos, widgets, link lines, footers and repeats from blocks whose
    structure is already known (Markdown, or HTML after extraction)."""
    kept: list[Block] = []
    dropped: list[Dropped] = []
    seen: set[str] = set()
    in_link_list = False
    for block in blocks:
        if block.kind == "note":
            kept.append(block)
            continue
        reason = boilerplate_reason(block.text)
        if reason == "link" and len(_WORD.findall(block.text)) <= 3:
            in_link_list = True  # "Read next", "Related": the titles under it are links too
        elif in_link_list and reason is None:
            if prose_score(block.text) >= MIN_PROSE_WORDS:
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
