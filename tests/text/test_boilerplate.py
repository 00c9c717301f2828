"""Page furniture by its kind, in the languages users write most: captions closed by a credit,
galleries, reading times, sign-up boxes; and a page's article read on across them."""

from __future__ import annotations

import pytest

from narrator.text.boilerplate import boilerplate_reason, ends_with_credit, sign_up_box
from narrator.text.cleanup import clean_text


@pytest.mark.parametrize("line", [
    "Jean-Marc Quéré in the watch room, where he found the logbooks of the 1970s. © Yann Le Goff",
    "La cale du port à marée basse, au petit matin, avant le premier bateau. © Yann Le Goff",
    "The ferry leaves the harbour on its last run of the year. (c) Harbour Post",
    "Le nuove cabine della funivia durante il collaudo di novembre (Foto ANSA/Luca Zeni)",
    "Die Fähre im Hafen von Kiel am frühen Morgen (Bild: Hans Meier)",
    "A row of old trees by the river. Photograph by Jo Hart for The Long Field Review",
    "The kiln's door, drawn from memory. Illustration by Sam Lee",
    "Павел Орлов на заседании комиссии в среду. Фото: Иван Петров",
])
def test_a_caption_closed_by_a_copyright_credit_is_a_caption(line):
    assert ends_with_credit(line)


@pytest.mark.parametrize("line", [
    "The © sign was printed on every page of the old guidebook.",
    "The results were clear (source: the council's own figures, published in May).",
    "He kept every one. Photographs by the dozen filled the drawers of his desk, and more.",
])
def test_a_sentence_that_names_a_credit_inside_is_not_a_caption(line):
    assert not ends_with_credit(line)


@pytest.mark.parametrize("line, reason", [
    ("Temps de lecture : 4 min", "widget"),
    ("Tempo di lettura: 3 minuti", "widget"),
    ("Lesezeit: 5 Min.", "widget"),
    ("Reading time: 6 minutes", "widget"),
    ("7 min read", "widget"),
    ("Diaporama : l'île Verte et son phare", "caption"),
    ("Fotogalleria: il porto all'alba", "caption"),
    ("Recevez notre lettre d'information Bretagne", None),  # named by a trained rule
    ("S'inscrire", "promo"),
    ("Iscriviti", "promo"),
    ("Aller au contenu principal", "widget"),
    ("Skip to main content", "widget"),
])
def test_furniture_kinds_in_other_languages(line, reason):
    if reason is None:
        assert boilerplate_reason(line) is not None
    else:
        assert boilerplate_reason(line) == reason


def test_a_sign_up_boxs_blurb_goes_with_its_heading_and_form():
    lines = ["The council voted on Monday to rebuild the pier that the storms broke.",
             "Sign up for our Education newsletter",
             "The week's stories about schools, colleges and the people in them, every Friday.",
             "Enter your email", "Sign up",
             "Work will start in April and last most of the summer, the council said."]
    reasons = [boilerplate_reason(line) for line in lines]
    assert sign_up_box(lines, reasons) == {1, 2}


def test_a_box_asking_readers_to_follow_on_a_messenger_goes_with_its_button():
    """Held-out page 29: a heading no rule names, its blurb, and a "join the channel" button."""
    lines = ["A reforma custou R$ 212 mil, pagos com recursos de um programa estadual.",
             "Receba as notícias do Jornal do Vale no seu celular",
             "Entre no nosso canal e fique por dentro das principais notícias da região.",
             "Entrar no canal",
             "O motorista do ônibus, Joaquim Pereira, também é o bibliotecário."]
    assert sign_up_box(lines, [boilerplate_reason(line) for line in lines]) == {1, 2}
    # An article's sentence about a messenger, with no button after it, is no box.
    lines = ["The police shared the video in a WhatsApp group on Monday.",
             "Officers said the footage helped them find the van within hours.",
             "Two men were arrested."]
    assert sign_up_box(lines, [boilerplate_reason(line) for line in lines]) == set()


def test_an_advertisement_between_two_body_lines_is_no_sign_up_box():
    lines = ["Advertisement", "Work will start in April and last most of the summer.",
             "Advertisement"]
    assert sign_up_box(lines, [boilerplate_reason(line) for line in lines]) == set()


BODY = [
    "Depuis 1986, plus personne ne dormait au pied du phare. La lumière s'allumait seule.",
    "Depuis lundi, un homme y habite de nouveau. Il a posé ses valises dans le logement.",
    "« Je ne remplace pas la machine, dit-il en souriant. Je lui tiens compagnie. »",
    "La convention prévoit que le phare soit ouvert au public trois jours par semaine.",
    "L'association espère ainsi financer la restauration de la lanterne et de ses cuivres.",
    "Les habitants de l'île ont accueilli la nouvelle avec un mélange de fierté et de curiosité.",
    "Deux autres phares de la côte pourraient suivre le même chemin d'ici à 2028.",
    "Le ministère rappelle que la signalisation maritime reste entièrement automatique.",
    "Le gardien n'a donc aucun rôle dans la sécurité de la navigation, précise-t-il.",
]


def test_the_article_is_read_on_after_an_advertisement_and_a_read_also_line():
    text = "\n".join([
        "Aller au contenu principal", "Le Courrier", "Actualités", "Régions", "Économie",
        "Culture", "Sports", "Se connecter", "S'abonner",
        "Le phare de l'île Verte retrouve son gardien", "Par Claire Fontaine",
        "Publié le 3 décembre 2026 à 08h12", "Temps de lecture : 4 min", *BODY[:3],
        "Lire aussi : Sur la côte, les phares cherchent une seconde vie", "Publicité",
        *BODY[3:5],
        "Le gardien dans la salle de veille, où il a retrouvé les registres. © Yann Le Goff",
        *BODY[5:], "Nos abonnés ont lu", "Tempête : les ferries annulés jusqu'à jeudi",
        "Le prix du beurre au plus haut depuis dix ans", "Réagir", "Mentions légales",
        "Politique de confidentialité", "Gérer les cookies", "© Le Courrier 2026"])
    cleaned = clean_text(text)
    assert cleaned.body.split("\n") == BODY
    assert cleaned.title == "Le phare de l'île Verte retrouve son gardien"


def test_a_pull_quote_is_read_once_in_its_paragraph():
    body = ["The Marigold, moored at Upton since October, has desks for thirty pupils, a small "
            "library and a galley where lunch is cooked each day.",
            "Its two teachers move with the boat families when the barges head downstream.",
            "Not everyone is convinced. A councillor said the money would go further on land.",
            "The council will decide next summer whether to fund a second barge."]
    text = "\n".join(["Menu", "The Ledger", "Floating classroom opens on the river",
                      "By Hannah Whitlock", "December 2, 2026", *body[:2],
                      '"The Marigold has desks for thirty pupils, a small library and a galley"',
                      *body[2:], "Most read", "© 2026 The Ledger"])
    cleaned = clean_text(text)
    assert cleaned.body.split("\n") == body
    assert any(item.reason == "pull quote" for item in cleaned.dropped)


@pytest.mark.parametrize("line", ["La funivia riapre", "Bolivia Elects President",
                                  "Information Platform Opens"])
def test_a_word_holding_for_or_via_is_no_credit(line):
    assert boilerplate_reason(line) is None


def test_a_short_written_texts_first_line_is_its_title():
    cleaned = clean_text("La funivia riapre\n\nLa funivia del Monte Rosso ha riaperto il 5 "
                         "dicembre alle 9:30. Il biglietto costa 12,50 euro.\n", "it")
    assert cleaned.title == "La funivia riapre"
    assert cleaned.body.startswith("La funivia del Monte Rosso")
