"""Datelines and bylines in the languages narrator's users write (issue 31)."""

from datetime import datetime, timezone

import pytest

from narrator.text.cleanup import clean_text
from narrator.text.dateline import byline_name, is_dateline, parse_date


@pytest.mark.parametrize("line, day", [
    ("Published Nov. 14, 2026 Updated Nov. 15, 2026, 6:02 a.m. ET", (2026, 11, 14)),
    ("12.10.2026, 07:30 Uhr", (2026, 10, 12)),
    ("Sevilla - 4 dic 2026 - 09:15 CET", (2026, 12, 4)),
    ("Le 5 décembre 2026 à 10h30", (2026, 12, 5)),
    ("Mon 4 Dec 2026 10.30 GMT", (2026, 12, 4)),
    ("Veröffentlicht am 3. März 2026", (2026, 3, 3)),
    ("2026-05-21", (2026, 5, 21)),
    ("Updated: 10/12/2026 14:00", (2026, 10, 12)),
    ("4 dec. 2026 om 07:45 Laatste update: 09:12", (2026, 12, 4)),  # held-out page 28
    # year first: Japanese, Chinese and Korean pages, and Hungarian ones ("2026. 12. 04.");
    # "2026.12.04" was read as the 26th of December 2004
    ("公開日： 2025/01/31 11:30 更新日： 2025/01/31 11:30", (2025, 1, 31)),
    ("2026年12月4日 07:30", (2026, 12, 4)),
    ("입력 2026.12.04 07:30", (2026, 12, 4)),
    ("2026. 12. 04. 07:30", (2026, 12, 4)),
    # Russian months (held-out page 32) and Hungarian's year-first dates
    ("Обновлено: 4 декабря 2026, 12:40", (2026, 12, 4)),
    ("Frissítve: 2026. december 4. 12:40", (2026, 12, 4)),
    ("12 grudnia 2026", (2026, 12, 12)),
])
def test_a_dateline_in_any_of_these_languages_is_found_and_read(line, day):
    assert is_dateline(line)
    assert parse_date(line) == datetime(*day, tzinfo=timezone.utc)


def test_a_date_with_slashes_is_month_first_only_on_an_english_page():
    line = "05/12/2026 10h20 Atualizado há 2 horas"  # held-out page 29
    assert is_dateline(line)
    assert parse_date(line, "pt") == datetime(2026, 12, 5, tzinfo=timezone.utc)
    assert parse_date("05/12/2026", "fr") == datetime(2026, 12, 5, tzinfo=timezone.utc)
    assert parse_date("05/12/2026", "en") == datetime(2026, 5, 12, tzinfo=timezone.utc)
    assert parse_date("25/12/2026", "en") == datetime(2026, 12, 25, tzinfo=timezone.utc)
    assert parse_date("05.12.2026", "en") == datetime(2026, 12, 5, tzinfo=timezone.utc)
    assert parse_date("11/19/2019", "nl") == datetime(2019, 11, 19, tzinfo=timezone.utc)


@pytest.mark.parametrize("line", [
    "The council met on March 3, 2026.",
    "March 3, 2026 was the day the pier opened",
    "Mayo 2026 fue un mes duro para el puerto",
    "Published 2 hours ago",
    "By the end of September 15, 2014 he had left",
])
def test_a_sentence_with_a_date_in_it_is_no_dateline(line):
    assert not is_dateline(line)


@pytest.mark.parametrize("line, name", [
    # a byline that opens a dateline: the byline and the date ("by Regan September 15, 2014"
    # was a real blog's episode title)
    ("by Regan September 15, 2014", "Regan"),
    ("Von Dominik Bath und Theresa Martus 06.11.2025, 21:00 Uhr", "Dominik Bath und Theresa Martus"),
    ("By Jo Hart | November 30, 2026", "Jo Hart"),
    ("Автор: Мария Соколова", "Мария Соколова"),
    ("Szerző: Kovács Anna", "Kovács Anna"),
    ("By Priya Raman and Tom Okafor", "Priya Raman and Tom Okafor"),
    ("Von Anna Brückner", "Anna Brückner"),
    ("Por Lucía Ferrer", "Lucía Ferrer"),
    ("Par Jeanne Martin et Paul Roux", "Jeanne Martin et Paul Roux"),
    ("Posted on 21 September 2026 by Hannah Wells", "Hannah Wells"),
])
def test_bylines_name_their_authors(line, name):
    assert byline_name(line) == name


def test_a_headline_and_its_dek_above_a_foreign_byline_are_not_one_paragraph():
    """A long headline with no full stop, its dek below it, then the byline: not a paragraph
    wrapped at a fixed width (the headline is the title, the dek is read first)."""
    body = ["Después de dos años de obras, el mercado del barrio abrió de nuevo el jueves.",
            "A las ocho ya había cola en la entrada principal, y muchos vecinos hicieron la compra.",
            "La reforma ha mantenido la estructura de hierro original, oculta bajo la pintura."]
    text = "\n".join([
        "Diario del Sur", "Portada", "Economía",
        "El mercado de abastos vuelve a abrir sus puertas tras dos años de obras",
        "Los comerciantes recuperan sus puestos en un edificio renovado de hierro y cristal",
        "Por Lucía Ferrer", "Sevilla - 4 dic 2026 - 09:15 CET", "Compartir en Facebook", *body,
        "Lee también: Los mercados municipales ganan clientes jóvenes y turistas extranjeros",
        "Aviso legal", "© Diario del Sur 2026"])
    cleaned = clean_text(text)
    assert cleaned.title == "El mercado de abastos vuelve a abrir sus puertas tras dos años de obras"
    assert cleaned.dek.startswith("Los comerciantes recuperan")
    assert cleaned.byline == "Lucía Ferrer"
    assert parse_date(cleaned.date) == datetime(2026, 12, 4, tzinfo=timezone.utc)
    assert cleaned.body.split("\n") == body
    # The dek is read (first): `--explain` does not list it among the lines left out.
    assert not [item for item in cleaned.dropped if item.text.startswith("Los comerciantes")]


@pytest.mark.parametrize("line, reason", [
    ("Anzeige", "promo"),
    ("Publicidad", "promo"),
    ("Story continues below", "promo"),
    ("View 6 Images", "caption"),
    ("이미지 확대보기", "caption"),
    ("Czytaj więcej", "link"),
    ("Vis mer", "link"),
    ("Etiketler :", "link"),
    ("Leggi i commenti", "comments"),
    ("Del artikkel", "widget"),
    ("Loading...", "widget"),
    ("08.03.2024, 18:59 Uhr • Lesezeit: 1 Minute", "date"),
    ("Sist oppdatert 06.01.2026 - 17:35", "date"),
    ("Reacties (3)", "comments"),
    ("Comentários", "comments"),
    ("Continua depois da publicidade", "promo"),
    ("La suite après la publicité", "promo"),
    ("Entrar no canal", "promo"),
    ("Join our WhatsApp channel", "promo"),
    ("Get Harbour Monthly delivered through your letterbox every month. 12 issues for £11.99.",
     "promo"),
    ("Subscribe and get our best stories every morning.", "promo"),
    # a short line that gives an e-mail address is a contact, not the story (95 of the 98
    # such lines on the labelled real pages are not body)
    ("Letters to the Editor Email letters@harbourgazette.example", "link"),
    ("Write to Jo Hart at jo.hart@harbourgazette.example", "link"),
    ("Schicken Sie uns gerne eine E-Mail an hinweise@example.de!", "link"),
])
def test_furniture_in_other_languages_is_named(line, reason):
    from narrator.text.boilerplate import boilerplate_reason

    assert boilerplate_reason(line) == reason


@pytest.mark.parametrize("line", [
    "Die Anzeige erschien am Montag in der Lokalzeitung, zwei Tage vor der Wahl.",
    "Vis mer respekt for naboene, sa ordføreren på møtet i går kveld.",
    "Loading the ferry took three hours because the ramp was broken.",
])
def test_prose_that_opens_with_a_furniture_word_is_kept(line):
    from narrator.text.boilerplate import boilerplate_reason

    assert boilerplate_reason(line) is None


def test_a_dateline_with_the_time_since_its_update():
    """Found writing held-out page 26: "Updated 2 hours ago" after the date hid the dateline."""
    from narrator.text.dateline import is_dateline

    assert is_dateline("November 30, 2026 6:42 AM UTC Updated 2 hours ago")
    assert is_dateline("28.11.2026, 06:15 Uhr, aktualisiert vor 3 Stunden")
    assert not is_dateline("The storm hit on November 30, 2026 and days later it was gone.")


def test_a_dateline_with_a_two_digit_year_or_a_reading_time():
    """Norwegian pages write "31.07.24"; Italian ones add "3 minuti di lettura"."""
    from narrator.text.dateline import is_dateline, parse_date

    line = "Publisert: 31.07.24 kl. 11:31 Oppdatert: 31.07.24 kl. 11:51"
    assert is_dateline(line) and parse_date(line).date().isoformat() == "2024-07-31"
    assert is_dateline("30 Dicembre 2024 Aggiornato alle 02:50 3 minuti di lettura")
    assert not is_dateline("Version 1.2.24 is out")
    assert not is_dateline("Er kam am 3.10.26 an und blieb.")
