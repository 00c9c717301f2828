"""An article that goes on after a box of links inside it (issue 31: a "Read more" line never
ends an article; the paragraphs after it that continue the article are read)."""

import numpy as np

from narrator.text.continuation import continued
from narrator.text.linefeatures import function_words

ARTICLE = [
    "The council met on Monday and voted to rebuild the pier before the summer season begins.",
    "Work will start in April, and the harbour master said the boats would be moved by then.",
]
BOX = ["Related", "Harbour towns count the cost of the storms", "Ferry fares to rise in May"]
GOES_ON = [
    "The old pier was closed in 2019 after a storm tore away a third of its deck and most of "
    "the railings that had stood there since the town's first regatta.",
    "Divers who inspected the piles last winter found that the timber below the waterline was "
    "sound, which is why the council chose to rebuild rather than to pull it down.",
    "The fishing cooperative will pay a share of the cost, and its members will help to move "
    "the boats that are now moored along the old wall.",
    "Can the town afford it?",
    "The mayor said that the town could not afford to wait another winter, and that the pier "
    "would pay for itself within ten years of fees from visitors and boats.",
]
FOOTER = ["Comments", "Log in to comment"]


def _run(lines, reasons):
    keep = np.zeros(len(lines), dtype=bool)
    keep[:2] = True
    return continued(lines, reasons, keep, function_words("en"))


def test_the_article_is_read_on_after_a_box_of_links():
    lines = ARTICLE + BOX + GOES_ON + FOOTER
    reasons = [None, None, "link", None, None] + [None] * len(GOES_ON) + ["comments", "widget"]
    assert _run(lines, reasons) == list(range(5, 5 + len(GOES_ON)))


def test_teasers_after_a_box_are_not_the_article():
    teasers = ["Ferry fares to rise in May", "The operator says fuel costs have doubled.",
               "New lifeboat named after volunteer", "She served the station for forty years."]
    lines = ARTICLE + ["More from the Gazette"] + teasers
    assert _run(lines, [None, None, "link"] + [None] * len(teasers)) == []


def test_without_a_box_nothing_is_added():
    lines = ARTICLE + ["Harbour towns count the cost of the storms"] + GOES_ON
    assert _run(lines, [None] * len(lines)) == []


def test_a_small_island_of_lines_far_after_the_article_is_not_read():
    from narrator.text.continuation import ISLAND_GAP, islands_after

    menu = [f"Menu item {k}" for k in range(ISLAND_GAP)]
    lines = ARTICLE + GOES_ON + menu + ["Harbour Gazette is read by thousands every day."]
    keep = np.array([True] * (2 + len(GOES_ON)) + [False] * ISLAND_GAP + [True])
    assert islands_after(lines, keep) == [len(lines) - 1]
    keep[2 + len(GOES_ON)] = True  # a line read within the gap joins the island to the article
    assert islands_after(lines, keep) == []


def test_a_long_part_after_a_gap_is_still_the_article():
    from narrator.text.continuation import ISLAND_GAP, islands_after

    menu = [f"Menu item {k}" for k in range(ISLAND_GAP)]
    lines = ARTICLE + menu + GOES_ON
    keep = np.array([True] * 2 + [False] * ISLAND_GAP + [True] * len(GOES_ON))
    assert islands_after(lines, keep) == []  # the later part is the main run; nothing after it


def test_a_boxs_titles_are_not_read_as_the_articles_headings():
    from narrator.text.continuation import box_titles

    lines = ARTICLE + ["Related Coverage", "Harbour towns count the cost of the storms",
                       "Ferry fares to rise in May"] + GOES_ON
    reasons = [None, None, "link", None, None] + [None] * len(GOES_ON)
    assert box_titles(lines, reasons) == [3, 4]
    reasons[2] = None  # no box heading: a short line before prose may be a subheading
    assert box_titles(lines, reasons) == []


def test_the_paragraphs_under_an_about_heading_are_not_the_article():
    from narrator.text.continuation import about_box

    lines = ARTICLE + ["About Harbour Wire", "Harbour Wire is read in every port of the coast.",
                       "Contact: desk@harbourwire.example"]
    assert about_box(lines) == [3, 4]
    assert about_box(ARTICLE + ["About the study", "It ran for ten years."]) == []


def test_runs_of_short_titles_on_a_chinese_or_japanese_page_are_links():
    """A Japanese or Chinese page's menus and other stories' titles are short lines that end no
    sentence; the model counts words by spaces and may read them. A subheading alone between
    paragraphs, and a list of facts with a label's colon, are the article's."""
    from narrator.text.continuation import title_lists

    lines = ["港の桟橋が再建へ",  # the headline, alone above the article
             "市議会は月曜日、冬の嵐で二か所が壊れた古い桟橋を再建することを決めた。",
             "工事は四月に始まり、夏の終わりまで続く見通しだ。",
             "費用の内訳",  # a subheading, alone
             "北区：三千万円",
             "南区：二千万円",
             "港湾局：一千万円",
             "漁協も費用の一部を負担する。",
             "関連ニュース",
             "フェリー運賃、五月から値上げ",
             "駅前の再開発、計画見直しへ",
             "速報・新着ニュース"]
    keep = np.ones(len(lines), dtype=bool)
    assert [index for index, _ in title_lists(lines, keep)] == [8, 9, 10, 11]
    keep[9] = False  # a run broken by a line not read is still one run of the lines read
    assert [index for index, _ in title_lists(lines, keep)] == [8, 10, 11]
    english = ["Related", "Ferry fares to rise", "Station plan revised", "Latest news"]
    assert title_lists(english, np.ones(4, dtype=bool)) == []  # the model's to judge there
