"""Furniture that reads like prose, by its shape (issue 31): captions that place people in a
picture, lines said twice, links that say where they open, wire credits, notes of who wrote."""

import pytest

from narrator.text.furniture import furniture, introduces, links_out


@pytest.mark.parametrize("line", [
    "Harbour master Jo Hart, left, and diver Sam Lee inspect the pier on Monday.",
    "Mayor Anne Roy, second from left, cuts the ribbon at the new ferry terminal.",
    "In this March 3, 2019, file photo, boats wait out the storm in the harbour.",
    "A file photograph shows the old pier before the storm in 2019.",
    "Kapitänin Maren Hold (l.) und Taucher Jan Sieg vor dem Hafenamt.",
    "Le maire Anne Roy (à gauche) et le capitaine du port, lundi.",
    "El alcalde (izquierda) y la capitana del puerto, el lunes.",
    "新しい桟橋の前に立つ（左から）田中、佐藤、鈴木の各氏",
])
def test_a_caption_that_places_people_in_the_picture(line):
    assert furniture(line) == "caption"


@pytest.mark.parametrize("line", [
    "The council met on Monday and voted to rebuild the pier, left to rot since 2019.",
    "There is right and wrong, and the council knows which is which.",
    "She turned left, and then right, until the harbour came into view.",
    "A photograph of the storm was shared thousands of times.",
    "Die Partei liegt links von der Mitte, sagte sie.",
])
def test_prose_that_mentions_sides_is_not_a_caption(line):
    assert furniture(line) != "caption"


def test_a_line_said_twice_is_a_card_not_a_sentence():
    assert furniture("'Nothing can break me now' - Biles on Tokyo. Video 'Nothing can break "
                     "me now' - Biles on Tokyo") == "link"
    assert furniture("Harbour Gazette merchandise for the town you love. Shop now >> "
                     "Harbour Gazette merchandise for the town you love. Shop now >>") == "link"
    assert furniture("We shall rebuild the pier, and we shall rebuild the harbour wall, "
                     "and we shall do it this year.") != "link"
    assert furniture("Short line short line") != "link"


def test_links_that_say_where_they_open():
    assert links_out("Radio (öffnet in einem neuen Fenster)")
    assert links_out("Imprint (opens in new window) | Privacy (opens in new window) | Jobs")
    assert not links_out("The council published its full report on the pier (opens in new "
                         "tab), which says the work will cost twice the first estimate.")


def test_wire_credits():
    assert furniture("(Reporting by Jo Hart in Dover; Editing by Sam Lee)") == "credit"
    assert furniture("Additional reporting by Anne Roy") == "credit"
    assert furniture("Reporting by Jo Hart, additional reporting by Anne Roy, writing by Sam "
                     "Lee, Editing by Tom Poole") == "credit"
    assert furniture("The reporting by local papers was praised by the council.") != "credit"


@pytest.mark.parametrize("line, reason", [
    ("This article appears in the Winter 2026 issue of The Long Field Review. Subscribe.",
     "credit"),
    ("A version of this article appears in print on Dec. 4, 2026, Section A, Page 12 of the "
     "New York edition with the headline: Pier Reopens.", "credit"),
    ("This article was published in the January 2015 issue.", "credit"),
    ("Dieser Artikel erschien in der Ausgabe 12/2026 des Magazins.", "credit"),
    # Where else a story ran is the story's own business, and the real pages' ground truth
    # reads that it "originally appeared" elsewhere.
    ("This story appeared in many newspapers across the country last week, to wide acclaim.",
     None),
    ("This story originally appeared on The Harbour Post.", None),
])
def test_a_note_of_the_issue_the_article_was_printed_in(line, reason):
    assert furniture(line) == reason


def test_a_note_of_who_wrote_or_who_publishes():
    assert introduces("Jo Hart is a freelance reporter based in Dover.")
    assert introduces("Sam Lee is the Harbour Gazette's senior science correspondent.")
    assert introduces("Ana Ruiz is the Editor and Journalist at the Harbour Gazette, with ten "
                      "years of experience covering the coast.")
    assert introduces("Harbour Gazette is a leading source for news of the coast, its towns "
                      "and the people who work on the water, read by thousands every day.")
    assert not introduces("It is the town's oldest company and its biggest employer, with "
                          "four hundred people on the quay every day.")
    assert not introduces("The pier is a landmark.")


@pytest.mark.parametrize("line", [
    "Der neue Anleger am Hafen bei der Eröffnung Foto: Jana Brandt/imago",
    "Bác sĩ khám cho bệnh nhân tại bệnh viện. Ảnh: Bệnh viện cung cấp",
    "Паром у причала незадолго до полуночи. Фото: Иван Петров / Северный вестник",
    "Am Montag kamen die ersten Fähren wieder an. Jana Brandt/dpa",
])
def test_a_caption_closed_by_its_credit_without_a_full_stop_before_it(line):
    assert furniture(line) == "caption"


def test_prose_that_names_a_photo_is_not_a_caption():
    assert furniture("Die Ausstellung zeigt Fotos aus hundert Jahren Hafengeschichte, "
                     "und der Eintritt ist frei.") != "caption"


def test_a_comment_sections_house_rules():
    assert furniture("Please keep comments relevant and respectful. Comments are moderated "
                     "and may take an hour to appear.") == "comments"
    assert furniture("Bitte achten Sie darauf, dass Ihre Kommentare themenbezogen "
                     "sind.") == "comments"
    assert furniture("All comments must follow our policy and will be moderated.") == "comments"
    assert furniture("The council met on Monday and voted to rebuild the pier.") is None
    # a long paragraph of rules names comments and rules twice or more; a story's paragraph
    # may name "his comments" and the "moderates" once each
    rules = ("Please keep comments relevant and respectful. Comments that insult other readers, "
             "that are off-topic or that advertise will be removed, and repeat offenders will be "
             "banned. " * 4)
    assert len(rules.split()) > 80 and furniture(rules) == "comments"
    story = ("The former president, still the most popular figure in his party, stepped into "
             "the race in recent days by warning candidates against moving too far to the left. "
             "His comments create a challenge for two of them and an opening for the moderates "
             "to attack. At the same time, his return offers a reminder of the role that older "
             "voters in the suburbs will play in choosing the nominee, and of how much work "
             "every candidate but one still has to do to win them over before the spring.")
    assert len(story.split()) > 80 and furniture(story) is None


def test_a_reporters_request_for_comment_is_the_story():
    assert furniture("The airline said it would respond shortly to a request for comment. "
                     "The Civil Aviation Authority did not immediately respond.") != "comments"


@pytest.mark.parametrize("line", [
    "Legende: Die Fähre Nordlicht beim Auslaufen am Montagmorgen. SRF",
    "Die Außenministerin beim Treffen in Brüssel | Bildquelle: EU-Kommission",
    "Demonstration im Hafen am Samstag. Uncredited/AP/dpa",
])
def test_captions_by_their_label_or_their_source(line):
    assert furniture(line) == "caption"


def test_a_paragraph_whose_links_say_where_they_open_is_still_the_paragraph():
    line = ("Die Werft nannte in ihrer Mitteilung (öffnet im neuen Fenster) nur die Länge des "
            "Schiffs, verschwieg aber, wie viele Menschen es tragen kann, und auch der Bericht "
            "der Behörde (öffnet im neuen Fenster) sagt dazu nichts, obwohl die Zahl seit dem "
            "Frühjahr bekannt ist und im Hafen jeder sie kennt.")
    assert not links_out(line)
