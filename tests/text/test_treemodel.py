"""The learned line model of the plain-text cleaner: pages unlike the ones it learned from,
other languages, titles, HTML where text was announced, and the training script itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from narrator.text import cleanup
from narrator.text.readers import read_source

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "data"

# Written for this test: a German news page as a select-all copy gives it.
GERMAN_PAGE = """Startseite
Politik
Wirtschaft
Sport
Kultur

Neue Fähre verbindet die Inseln ab Montag

Von Anna Becker

24. Juli 2013, 08:15 Uhr

Die neue Fähre zwischen den beiden Inseln fährt ab Montag jede Stunde, wie die Reederei am Freitag mitteilte. Damit verkürzt sich die Wartezeit für Pendler deutlich, die bisher oft mehr als eine Stunde am Hafen standen.

Das Schiff wurde in einer Werft an der Küste gebaut und bietet Platz für zweihundert Fahrgäste und vierzig Autos. Die Überfahrt dauert bei ruhiger See etwa zwanzig Minuten.

Foto: Hafenamt / dpa

Bürgermeisterin Petra Lang sagte, die Verbindung sei für die Menschen auf den Inseln wichtiger als jede neue Straße. Der Fahrplan gilt zunächst bis zum Ende des Jahres und wird dann überprüft.

Newsletter abonnieren
Teilen
Kommentare (12)

Mehr zum Thema
Neuer Radweg am Deich eröffnet
Hafenfest lockt Tausende Besucher

© 2013 Inselbote. Alle Rechte vorbehalten.
Impressum
Datenschutz
"""


def test_a_german_page_keeps_its_article_and_drops_its_furniture():
    cleaned = cleanup.clean_text(GERMAN_PAGE)
    assert cleaned.language == "de"
    assert cleaned.title == "Neue Fähre verbindet die Inseln ab Montag"
    body = cleaned.body
    for sentence in ("Die neue Fähre zwischen den beiden Inseln fährt ab Montag jede Stunde",
                     "Das Schiff wurde in einer Werft", "Bürgermeisterin Petra Lang sagte"):
        assert sentence in body
    for furniture in ("Startseite", "Newsletter abonnieren", "Foto: Hafenamt", "Impressum",
                      "Alle Rechte vorbehalten", "Hafenfest lockt"):
        assert furniture not in body
    assert all(d.score is not None for d in cleaned.dropped if d.reason != "title")


def test_a_caption_or_a_menu_item_is_never_the_title():
    page = ("Home\n\nNews\n\nSport\n\nWeather\n\n"
            "River barges return to the old canal\n\n"
            "A barge passes the lock at dawn. Photo: Jo Hart/Getty Images\n\n"
            "Barges carried grain on the old canal again this week, for the first time since "
            "the lock gates were rebuilt in the spring.\n\n"
            "The operators say a barge can carry the load of forty lorries, and that the "
            "canal route saves them a day on the trip to the port.\n")
    cleaned = cleanup.clean_text(page)
    assert cleaned.title == "River barges return to the old canal"
    assert "Getty" not in cleaned.body and "Home" not in cleaned.body
    assert "Barges carried grain" in cleaned.body


def test_html_in_a_txt_file_is_read_as_html(tmp_path):
    page = tmp_path / "saved.txt"
    page.write_text("<!DOCTYPE html><html><head><title>Lock gates</title></head><body><article>"
                    "<h1>Lock gates</h1><p>The new lock gates opened on Monday after a year of "
                    "work by the canal trust and its volunteers.</p><p>Boats queued from dawn "
                    "to be the first through the gates.</p></article></body></html>")
    document = read_source(page)
    text = " ".join(block.text for block in document.blocks)
    assert "<p>" not in text and "Boats queued from dawn" in text


def test_the_model_ships_small_and_scores_every_line():
    path = Path(cleanup.__file__).with_name(cleanup.MODEL_NAME)
    assert path.stat().st_size <= 2_000_000
    index, scores = cleanup.body_scores(GERMAN_PAGE.split("\n"), "de")
    assert len(index) == len(scores) and np.all((scores >= 0) & (scores <= 1))


@pytest.mark.skipif(not (SHARED / "cleanup-train" / "pages.jsonl").is_file(),
                    reason="../shared/data is not beside this clone")
def test_the_training_script_retrains_the_same_model_from_the_same_slice(tmp_path):
    pytest.importorskip("lightgbm")
    outputs = []
    for name in ("a.npz", "b.npz"):
        done = subprocess.run([sys.executable, str(REPO / "scripts" / "train_cleanup.py"),
                               "--pages", "12", "--out", str(tmp_path / name)],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]
    arrays = dict(np.load(tmp_path / "a.npz"))
    trained = cleanup.LineModel(arrays["tokens"],
                                cleanup.TreeEnsemble.from_arrays(arrays, "first"),
                                cleanup.TreeEnsemble.from_arrays(arrays, "second"),
                                float(arrays["threshold"]))
    saved = cleanup.model
    cleanup.model = lambda: trained
    try:  # a model of twelve pages is no good, but it runs as the shipped one does
        index, scores = cleanup.body_scores(GERMAN_PAGE.split("\n"), "de")
        assert len(scores) == len(index) > 20 and np.all((scores >= 0) & (scores <= 1))
    finally:
        cleanup.model = saved


def test_the_numpy_trees_predict_as_lightgbm_does():
    lightgbm = pytest.importorskip("lightgbm")
    from narrator.text.treemodel import TreeEnsemble

    rng = np.random.default_rng(0)
    rows = rng.normal(size=(3000, 12)).astype(np.float32)
    labels = (rows[:, 0] + rows[:, 1] * rows[:, 2] > 0).astype(int)
    booster = lightgbm.train({"objective": "binary", "verbose": -1, "num_leaves": 15,
                              "num_threads": 1}, lightgbm.Dataset(rows, labels), 40)
    ours = TreeEnsemble.from_lightgbm(booster)
    assert np.abs(ours.predict(rows) - booster.predict(rows)).max() < 1e-9
