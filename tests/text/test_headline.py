"""The article's header on a plain page: the headline, its dek, the byline and the date, found
however the page writes them (a name without "By", a dek that ends with a full stop, a kicker
and the page's own title line above them)."""

from __future__ import annotations

from narrator.text.cleanup import clean_text, prepare_lines
from narrator.text.dateline import bare_name

BODY = ["The harbour's new lifeboat arrived on Tuesday after a three-day voyage from the yard.",
        "Its crew of six volunteers had trained on the old boat for most of the summer.",
        "The station's manager said the boat would be on call from the first of January.",
        "Until then, the old boat stays on its slipway and answers every call as before."]


def _page(*header: str) -> str:
    return "\n".join(["Menu", "The Harbour Post", "News", "Sport", *header, "Share", *BODY,
                      "Most read", "Council approves new car park", "© 2026 The Harbour Post"])


def test_a_name_above_the_dateline_is_the_byline_and_its_job_is_not_read():
    cleaned = clean_text(_page(
        "New lifeboat arrives in time for the winter storms",
        "A three-day voyage from the yard ends with a welcome from the whole town",
        "Hannah Whitlock", "Maritime correspondent", "December 2, 2026 at 7:15 a.m."))
    assert cleaned.title == "New lifeboat arrives in time for the winter storms"
    assert cleaned.dek.startswith("A three-day voyage")
    assert cleaned.byline == "Hannah Whitlock"
    assert cleaned.date.startswith("December 2, 2026")
    assert cleaned.body.split("\n") == BODY
    assert {"Maritime correspondent"} <= {item.text for item in cleaned.dropped}


def test_a_dek_that_ends_with_a_full_stop_leaves_the_headline_above_it_the_title():
    cleaned = clean_text(_page(
        "New lifeboat arrives in time for the winter storms",
        "A three-day voyage from the yard ended on Tuesday with a welcome from the whole town, "
        "and the crew says the new boat is faster in heavy seas.",
        "By Hannah Whitlock", "December 2, 2026"))
    assert cleaned.title == "New lifeboat arrives in time for the winter storms"
    assert cleaned.dek.startswith("A three-day voyage")
    assert cleaned.byline == "Hannah Whitlock"


def test_a_kicker_under_the_pages_title_line_is_not_one_wrapped_paragraph_with_it():
    text = _page("New lifeboat arrives in time for the winter storms | The Harbour Post",
                 "LOCAL", "New lifeboat arrives in time for the winter storms",
                 "By Hannah Whitlock", "December 2, 2026")
    lines = [line for line in prepare_lines(text)[0] if line]
    assert "LOCAL" in lines
    assert clean_text(text).title == "New lifeboat arrives in time for the winter storms"


def test_hard_wrapped_text_is_still_joined():
    text = ("A hive does not need much room, but it does need a quiet corner that faces\n"
            "the morning sun and stays out of the way of paths and washing lines.\n\n"
            "Bees fly up and away from the entrance, so a tall hedge or fence a few metres in\n"
            "Front of the hive lifts them.")
    lines = [line for line in prepare_lines(text)[0] if line]
    assert len(lines) == 2


def test_bare_names():
    for name in ("Hannah Whitlock", "Jean-Marc Quéré", "Ana de la Cruz", "J. R. Hartley"):
        assert bare_name(name) == name
    for line in ("Education correspondent", "Most read", "Sign up", "Hannah",
                 "The Ferry Came In Late Today And Everyone Waited"):
        assert bare_name(line) is None


def test_a_long_headline_alone_above_the_byline_is_the_title():
    headline = ("Giorgia Meloni da Donald Trump a Mar-a-Lago: «Bella serata, pronti a lavorare "
                "insieme». Il Nyt: «Su Cecilia Sala la premier ha premuto aggressivamente»")
    text = "\n".join(["Sezioni", "I tuoi preferiti", "Salva questo articolo e leggilo quando vuoi.",
                      headline, "di Viviana Mazza",
                      "La premier è partita a sorpresa per una missione in Florida ieri sera.",
                      "Il volo è atterrato a Palm Beach poco dopo le sette del pomeriggio.",
                      "L'incontro è durato tre ore, secondo fonti vicine alla delegazione."])
    cleaned = clean_text(text, "it")
    assert cleaned.title == headline and cleaned.byline == "Viviana Mazza"


def test_a_web_address_or_an_introduction_is_never_the_title():
    """Found on real pages: a copy's permalink ("https://www.../articles/...") and a blog's
    "Check out my free workshops. Pick your topic and start watching now:" were titles."""
    import numpy as np

    from narrator.text.headline import find_title

    for line in ("https://www.harbourpost.example/articles/new-lifeboat-arrives-51574168486",
                 "Check out my free workshops. Pick your topic and start watching now:"):
        lines = ["Menu", line, "Share", *BODY]
        keep = np.array([False, False, False] + [True] * len(BODY))
        assert find_title(lines, [None] * len(lines), keep, 3, None) != 1


def test_the_page_titles_echo_is_the_title_when_most_of_what_is_read_is_under_it():
    """A page whose widgets above the article were read (a real weather box over a news
    story): the headline that echoes the page's title, not a widget's line, names it."""
    import numpy as np

    from narrator.text.headline import find_title

    menu = [f"Section {number}" for number in range(14)]
    widget = ["Weather Videos", "First Forecast Weather December 2, 2026 (Overnight) Patchy Fog",
              "Your weather today: light rain, clearing by the afternoon, and a cold night."]
    lines = ["New lifeboat arrives in time for the winter storms – The Harbour Post", *menu,
             *widget, "Share", "New lifeboat arrives in time for the winter storms", *BODY]
    echo = lines.index("New lifeboat arrives in time for the winter storms")
    keep = np.array([line in BODY or line == widget[2] for line in lines])
    start = lines.index(widget[2])
    assert find_title(lines, [None] * len(lines), keep, start, echo) == echo
    # the echo under the article (a "you are reading" box after it) is not its title
    lines = ["New lifeboat arrives in time for the winter storms – The Harbour Post", *BODY,
             "New lifeboat arrives in time for the winter storms", *widget]
    keep = np.array([False] + [True] * len(BODY) + [False, False, False, True])
    assert find_title(lines, [None] * len(lines), keep, 1, 5) != 5


def test_a_page_that_opens_with_its_own_title_is_named_by_it():
    """Of the 535 real pages, 42 episode titles were a line that says something else than the
    page's own title on its first line ("The Washington Post", "By 9News Staff", "Share this
    article via messenger"); the page's title, its site's and section's names cut, names it."""
    import numpy as np

    from narrator.text.sitename import without_site_name
    from narrator.text.headline import title_text

    lines = ["New lifeboat arrives in time for the winter storms | News | The Harbour Post",
             "The Harbour Post", "New lifeboat arrives in time for the winter storms", *BODY]
    keep = np.array([False, False, False] + [True] * len(BODY))
    assert title_text(lines, keep, 1) == "New lifeboat arrives in time for the winter storms"
    assert title_text(lines, keep, 2) == lines[2]  # the headline the page title repeats
    assert without_site_name("Star Wars: Episode IV - A New Hope - Wikipedia") == \
        "Star Wars: Episode IV - A New Hope"
    assert without_site_name("Niemcy zamykają granice? To już kwestia czasu - rp.pl") == \
        "Niemcy zamykają granice? To już kwestia czasu"


def test_a_question_right_above_the_byline_is_the_headline():
    """A real page's headline "... Ist König Charles III. gar nicht der richtige Thronfolger?"
    above its dateline and byline ("Erstellt: ...", "Von: ...") gave no title."""
    body = ["Die neue Fähre hat am Dienstag nach drei Tagen auf See den Hafen erreicht.",
            "Ihre sechs Freiwilligen hatten den ganzen Sommer auf dem alten Boot geübt.",
            "Der Leiter der Station sagte, das Boot sei ab dem ersten Januar im Dienst.",
            "Bis dahin bleibt das alte Boot auf seiner Rampe und fährt jeden Einsatz wie bisher."]
    page = ["Menü", "Hafenbote", "Nachrichten", "Sport",
            "Ist die Station für König Charles III. gar nicht der richtige Ort?",
            "Erstellt: 02.12.2026, 07:15 Uhr", "Von: Hanna Weber", "Teilen", *body,
            "Meistgelesen", "Neuer Parkplatz am Hafen", "© 2026 Hafenbote"]
    cleaned = clean_text("\n".join(page))
    assert cleaned.title == "Ist die Station für König Charles III. gar nicht der richtige Ort?"
    assert cleaned.byline == "Hanna Weber"
    assert cleaned.body.split("\n") == body


def test_names_joined_by_and_above_the_dateline_are_the_byline_not_the_title():
    """A real page's episode was titled "Lisa Kaczke and Trevor J. Mitchell Sioux Falls Argus
    Leader", the line between its headline and its dateline."""
    cleaned = clean_text(_page("New lifeboat arrives in time for the winter storms",
                               "Hannah Whitlock and Sam J. Okafor Harbour Post",
                               "Published 10:02 AM EST Dec 2, 2026"))
    assert cleaned.title == "New lifeboat arrives in time for the winter storms"
    assert cleaned.byline == "Hannah Whitlock and Sam J. Okafor Harbour Post"
    assert cleaned.body.split("\n") == BODY


def test_a_photographs_credit_with_slashes_is_never_the_title():
    from narrator.text.headline import _looks_like_title

    assert not _looks_like_title("Bheki/ Informal Traders/ City of Johannesburg")
    assert _looks_like_title("US/China trade talks resume in Geneva")
