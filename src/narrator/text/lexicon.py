"""Page furniture that says what it is, in the languages narrator's users write most: a line that
is nothing but one of these phrases is a label, a button or a link, never article prose.

Each entry is a whole line (a colon, an arrow or a count may follow). They name a line's reason
after the model (see `boilerplate.boilerplate_reason`), which weighs them only where it is not
sure a line is body.
"""

from __future__ import annotations

import re

_END = r"\s*(?:[:›»>…]|\.\.\.|\(\d+\)|\d+)?\s*$"

_PHRASES = {
    "promo": (  # advertisement labels and paywall prompts
        r"anzeige|werbung|publicidad|publicité|pubblicità|reklam[ae]?|reklama|advertentie|"
        r"annonse|annons|annonsørinnhold|mainos|реклама|διαφήμιση|광고|広告|广告|iklan|"
        r"story continues below|article continues below|continue reading below|publicidade|"
        r"continua (?:depois|após) (?:da|a) publicidade|continúa (?:después|tras) (?:de )?la "
        r"publicidad|la suite après (?:cette |la )?publicité|continua dopo la pubblicità|"
        r"weiter nach der anzeige|(?:der )?artikel (?:wird )?nach der anzeige fortgesetzt|"
        r"het artikel gaat verder onder de advertentie|"
        r"(?:register|sign in|log in) (?:/ |or )?(?:sign in |register )?to unlock more articles|"
        r"kennen sie schon unsere plus-inhalte\?|jetzt (?:anmelden|abonnieren|testen)!?|"
        # a sign-up form's button
        r"s'inscrire|je m'inscris|inscrivez-vous|suscribirse|suscríbete|iscriviti|inscreva-se|"
        r"inscrever-se|prenumerera|подписаться|feliratkozás|đăng ký|"
        # a messenger channel's button
        r"(?:entrar|entre|seguir|siga) n?o canal|join (?:the |our )?(?:whatsapp )?channel|"
        r"(?:dem )?kanal (?:beitreten|folgen|abonnieren)|(?:únete|unirse|seguir) al canal|"
        r"rejoindre (?:la |notre )?chaîne|(?:segui|unisciti al) (?:il )?canale"),
    "caption": (  # a picture's buttons
        r"view \d+ (?:images|photos|pictures)|(?:öppna|åpne|åbn) (?:bild|bilde|billede)"
        r"(?: i helskärm| i fullskjerm)?|bild vergrößern|ampliar (?:foto|imagen)|"
        r"agrandir l'image|ingrandisci (?:la )?foto|이미지 확대(?:보기)?|사진 확대|画像を拡大"),
    "link": (  # "more", "more about", topics and tags
        r"vis (?:mer|mindre|flere)(?: vis (?:mer|mindre))?|visa (?:mer|fler)|czytaj (?:więcej|też|także)|"
        r"leer más|lire (?:plus|la suite)|leggi (?:di )?più|mehr (?:lesen|anzeigen)|weiterlesen|"
        r"lees meer|ler mais|daha fazla|подробнее|читать далее|читайте также|もっと見る|"
        r"続きを読む|더보기|auch interessant|meistgelesen|mehr lesen über|mer om|"
        r"ämnen i artikeln|etiketler|schlagwörter|themen|temas|sujets|argomenti|tagi|теги|"
        r"zur startseite|volver a la portada|retour à l'accueil|haberi görüntüle"),
    "comments": (
        r"leggi i commenti|i commenti dei lettori|deine meinung zählt|kommentare|comentarios|"
        r"commentaires|commenti|kommentarer|komentarze|комментарии|댓글|コメント|comentários|"
        r"reacties|reageer|reageren"),
    "widget": (
        r"del artikkel|dela artikeln|artikel teilen|compartir (?:el )?artículo|"
        r"partager (?:l'|cet )?article|condividi(?: l'articolo)?|udostępnij|"
        r"loading|lädt|cargando|chargement|caricamento|laden|carregando|загрузка|"
        r"article content|neuer abschnitt"),
    "footer": (
        r"privatsphäre-einstellungen(?: ändern)?|datenschutz-einstellungen|"
        r"please enable javascript to view this content\.?|cookie duration description"),
}

LEXICON: list[tuple[str, re.Pattern]] = [
    (reason, re.compile(rf"^(?:{phrases}){_END}", re.I)) for reason, phrases in _PHRASES.items()]
"""(reason, pattern) for each kind of phrase."""
