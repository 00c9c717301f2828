"""The listening pages in a real browser: Debian's Chromium driven by Playwright, the pages
served by `narrator serve`, the accessibility audited by axe-core.

These skip, saying why, only where no Chromium exists (scripts/test installs Debian's package
where it can) or where node did not install axe-core.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from narrator.core.durations import clock
from narrator.publish.transcripts import read_vtt

JS_DIR = Path(__file__).parents[1] / "js"
AXE = JS_DIR / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--mute-audio"]


def _chromium() -> str | None:
    return os.environ.get("NARRATOR_CHROMIUM") or shutil.which("chromium") or \
        shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api",
                                         reason="playwright is not installed (test extra)")
    executable = _chromium()
    if not executable:
        pytest.skip("no Chromium on this machine (scripts/test installs Debian's `chromium` "
                    "as root; or set NARRATOR_CHROMIUM)")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def served(example_build):
    """The example show's output, served by `narrator serve --no-build`: (url, out, result)."""
    show, out, result = example_build
    process = subprocess.Popen([sys.executable, "-m", "narrator", "serve", str(show), "-o",
                                str(out), "--no-build", "--port", "0", "-q"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline()
    assert line.startswith("serving "), line
    yield line.split(" at ", 1)[1].split()[0], out, result
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=30)


@pytest.fixture
def page(browser, served):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    yield page
    context.close()
    assert not errors, errors


def _longest(result):
    return max(result.episodes, key=lambda episode: episode.duration_s)


def _open_episode(page, served, episode):
    url, _, _ = served
    page.goto(f"{url}{episode.slug}.html")
    page.wait_for_function("document.getElementById('player').readyState >= 1")
    return page


def _starts(out, episode) -> list[float]:
    """Each transcript sentence's start, as the published page gives it (from the JSON
    transcript's first word of the sentence)."""
    import re

    page = (out / f"{episode.slug}.html").read_text(encoding="utf-8")
    return [float(start) for start in re.findall(r'<span class="cue" data-start="([\d.]+)"', page)]


def _current_index(page) -> int:
    return page.evaluate("Array.from(document.querySelectorAll('#cues .cue'))"
                         ".findIndex(c => c.classList.contains('current'))")


def _wait_for_current(page, index: int) -> None:
    """Wait until sentence `index` is the highlighted one (the page marks it on the player's
    next time update, which may come after the action that moved it)."""
    page.wait_for_function("Array.from(document.querySelectorAll('#cues .cue'))"
                           f".findIndex(c => c.classList.contains('current')) === {index}",
                           timeout=10_000)


def _time(page) -> float:
    return page.evaluate("document.getElementById('player').currentTime")


def test_index_loads_from_serve_and_links_every_episode(page, served):
    url, out, result = served
    page.goto(url)  # the folder's address serves index.html
    assert page.title() == "Field Notes from the Quiet Lab"
    links = page.locator("article h3 a")
    assert links.count() == len(result.episodes)
    first, title = links.first.get_attribute("href"), links.first.inner_text()
    links.first.click()
    page.wait_for_url(url + first)
    assert page.locator("h1").inner_text() == title
    assert page.locator("#controls").is_visible()  # the script ran and showed its controls


def test_audio_reports_the_episodes_duration(page, served):
    url, out, result = served
    for episode in result.episodes:
        _open_episode(page, served, episode)
        duration = page.evaluate("document.getElementById('player').duration")
        assert abs(duration - episode.duration_s) < 0.06, episode.slug
        assert page.locator("#position").inner_text().endswith(
            "/ " + clock(episode.duration_s))  # the script's clock agrees with the page's


def test_playing_advances_the_highlighted_sentence(page, served):
    url, out, result = served
    episode = _longest(result)
    starts = _starts(out, episode)
    _open_episode(page, served, episode)
    assert _current_index(page) == 0
    target = 5  # start just before sentence 5 begins; playing must reach it
    page.evaluate(f"document.getElementById('player').currentTime = {starts[target] - 0.4}")
    page.wait_for_function(f"document.querySelectorAll('#cues .cue')[{target - 1}]"
                           ".classList.contains('current')")
    page.locator("#play").click()
    page.wait_for_function(f"document.querySelectorAll('#cues .cue')[{target}]"
                           ".classList.contains('current')", timeout=10_000)
    assert _time(page) >= starts[target]
    highlighted = page.locator("#cues .cue.current")
    assert highlighted.count() == 1 and highlighted.get_attribute("aria-current") == "true"
    page.wait_for_function(f"document.querySelectorAll('#cues .cue')[{target + 1}]"
                           ".classList.contains('current')", timeout=15_000)
    assert page.locator("#cues .cue.current").count() == 1


def test_clicking_a_chapter_or_a_sentence_seeks_there(page, served):
    url, out, result = served
    episode = next(e for e in result.episodes if len(_chapters(out, e)) > 1)
    chapters = _chapters(out, episode)
    _open_episode(page, served, episode)
    page.locator(".chapters a").nth(2 if len(chapters) > 2 else 1).click()
    start = chapters[2 if len(chapters) > 2 else 1]["startTime"]
    assert page.evaluate("document.getElementById('player').paused") is False
    page.locator("#play").click()  # pause
    assert start <= _time(page) < start + 1.5
    assert page.url.endswith(f"{episode.slug}.html")  # the link did not navigate away
    # The heading that starts the chapter is the highlighted sentence.
    heading = page.locator(".chapters a").nth(2 if len(chapters) > 2 else 1).inner_text()
    page.wait_for_function("(document.querySelector('#cues .cue.current') || {}).innerText "
                           f"=== {json.dumps(heading)}", timeout=10_000)
    starts = _starts(out, episode)
    page.locator("#cues .cue").nth(7).click()
    page.locator("#play").click()
    assert starts[7] <= _time(page) < starts[7] + 1.5
    _wait_for_current(page, 7)


def _chapters(out, episode):
    return json.loads((out / f"{episode.slug}.chapters.json").read_text())["chapters"]


def _wait_for_time(page, seconds: float, within: float = 0.3) -> None:
    """Wait until the player is at `seconds` (a seek lands when the browser has done it)."""
    page.wait_for_function(f"Math.abs(document.getElementById('player').currentTime - {seconds})"
                           f" < {within}", timeout=10_000)


def test_keyboard_alone_plays_pauses_and_seeks(page, served):
    url, out, result = served
    episode = _longest(result)
    starts = _starts(out, episode)
    _open_episode(page, served, episode)
    focused = []
    for _ in range(40):  # Tab through the page until the play button
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.id || "
                                     "document.activeElement.textContent.trim()"))
        if focused[-1] == "play":
            break
    assert focused[-1] == "play", focused
    assert focused[0] == "Skip to the content"
    # Focus is visible: a solid outline of at least 2 px.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle + ' ' + "
                            "getComputedStyle(document.activeElement).outlineWidth")
    assert outline.split()[0] != "none" and float(outline.split()[1].rstrip("px")) >= 2
    page.keyboard.press("Space")
    page.wait_for_function("!document.getElementById('player').paused")
    page.wait_for_function("document.getElementById('player').currentTime > 0.3")
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('player').paused")
    # The label changes in the pause handler, which may run after `paused` is true: wait for it.
    page.wait_for_function("document.getElementById('play').innerText.trim() === 'Play'")
    before = _time(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # Back 15, then Forward 30
    page.keyboard.press("Enter")
    _wait_for_time(page, before + 30)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    _wait_for_time(page, before + 15)
    # Into the transcript: one tab stop, on the sentence being spoken; arrows move, Enter plays.
    page.locator("#speed").focus()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('cue')"):
            break
    here = page.evaluate("[...document.querySelectorAll('#cues .cue')]"
                         ".indexOf(document.activeElement)")
    assert here == _current_index(page) > 0
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    page.wait_for_function("!document.getElementById('player').paused")
    page.keyboard.press("Space")  # on the sentence again: plays from its start, still playing
    assert starts[here + 2] <= _time(page) < starts[here + 2] + 1.5
    _wait_for_current(page, here + 2)


def test_speed_control_and_follow_with_reduced_motion(browser, served):
    url, out, result = served
    episode = _longest(result)
    starts = _starts(out, episode)
    context = browser.new_context(viewport={"width": 1280, "height": 700},
                                  reduced_motion="reduce")
    page = context.new_page()
    try:
        _open_episode(page, served, episode)
        options = page.locator("#speed option").evaluate_all("os => os.map(o => o.value)")
        assert [float(v) for v in options] == [0.75, 1, 1.25, 1.5, 1.75, 2]
        page.locator("#speed").focus()
        page.keyboard.press("ArrowDown")  # a closed select changes with the arrow keys
        assert page.evaluate("document.getElementById('player').playbackRate") == 1.25
        page.select_option("#speed", "2")
        assert page.evaluate("document.getElementById('player').playbackRate") == 2
        page.reload()  # the chosen speed is remembered
        page.wait_for_function("document.getElementById('player').readyState >= 1")
        assert page.evaluate("document.getElementById('player').playbackRate") == 2
        # A late sentence is brought into the transcript's view at once (no smooth scroll).
        last = len(starts) - 2
        page.evaluate(f"document.getElementById('player').currentTime = {starts[last] + 0.05}")
        page.wait_for_function(f"document.querySelectorAll('#cues .cue')[{last}]"
                               ".classList.contains('current')")
        inside = page.evaluate("""() => {
            const box = document.getElementById('cues').getBoundingClientRect();
            const cue = document.querySelector('#cues .cue.current').getBoundingClientRect();
            return cue.top >= box.top && cue.bottom <= box.bottom; }""")
        assert inside
        # Unticking "follow" leaves the reader where they are.
        page.locator("#follow").uncheck()
        scroll = page.evaluate("document.getElementById('cues').scrollTop")
        page.evaluate("document.getElementById('player').currentTime = 0.1")
        page.wait_for_function("document.querySelectorAll('#cues .cue')[0]"
                               ".classList.contains('current')")
        assert page.evaluate("document.getElementById('cues').scrollTop") == scroll
    finally:
        context.close()


def test_pages_work_without_javascript(browser, served):
    url, out, result = served
    episode = _longest(result)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{url}{episode.slug}.html")
        assert page.locator("#player").is_visible()
        assert page.locator("#controls").is_hidden()  # controls that need the script
        text = page.locator("#cues").inner_text()
        assert all(cue.text in text for cue in
                   read_vtt((out / f"{episode.slug}.vtt").read_text(encoding="utf-8")))
        href = page.locator(".chapters a").nth(1).get_attribute("href")
        assert href.startswith(f"{episode.slug}.mp3#t=")
    finally:
        context.close()


@pytest.mark.parametrize("which", ["index", "episode"])
def test_axe_finds_no_accessibility_violations(page, served, which):
    if not AXE.is_file():
        pytest.skip("axe-core is not installed in tests/js (scripts/test runs npm ci where "
                    "node exists)")
    url, out, result = served
    if which == "index":
        page.goto(url)
    else:
        _open_episode(page, served, _longest(result))
        page.evaluate("document.getElementById('player').currentTime = 20")
        page.wait_for_selector("#cues .cue.current")  # audit the highlight too
    page.add_script_tag(path=str(AXE))
    report = page.evaluate("axe.run(document)")
    violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                  for v in report["violations"]]
    assert violations == []
    # Nor anything axe could not decide (such as contrast it cannot compute).
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in report["incomplete"]] == []
    assert len(report["passes"]) > 20  # the audit really ran its rules


def test_serve_watch_reloads_the_open_page_after_a_rebuild(browser, tmp_path, write_show):
    """Edit a source while its page is open: the rebuild publishes, and the page reloads by
    itself with the new text; the published files carry no reload script."""
    show = write_show(tmp_path / "show", {"one.md": "# First Title\n\nThe first version.\n"})
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "narrator", "serve", str(show), "-o",
                                str(out), "--port", "0", "--watch", "-q"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        assert line.startswith("serving "), line + process.stderr.read()
        url = line.split(" at ", 1)[1].split()[0]
        context = browser.new_context()
        page = context.new_page()
        page.goto(url + "one.html")
        assert "first version" in page.inner_text("body")
        (show / "episodes" / "one.md").write_text("# First Title\n\nThe second version.\n")
        page.wait_for_function("document.body.innerText.includes('second version')",
                               timeout=90_000)
        context.close()
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
    assert b"narrator serve --watch" not in (out / "one.html").read_bytes()


def _now_word(page) -> int:
    return page.evaluate("Array.from(document.querySelectorAll('#cues .w'))"
                         ".findIndex(w => w.classList.contains('now'))")


def test_read_along_highlights_the_word_being_spoken_and_a_word_seeks(page, served):
    url, out, result = served
    episode = _longest(result)
    _open_episode(page, served, episode)
    words = page.locator("#cues .w")
    starts = [float(s) for s in page.eval_on_selector_all(
        "#cues .w", "nodes => nodes.map(n => n.dataset.start)")]
    assert words.count() == len(starts) > 50
    target = 40
    page.evaluate(f"document.getElementById('player').currentTime = {starts[target] - 0.3}")
    page.locator("#play").click()
    page.wait_for_function(
        f"Array.from(document.querySelectorAll('#cues .w')).findIndex("
        f"w => w.classList.contains('now')) >= {target + 2}", timeout=15_000)
    assert page.locator("#cues .w.now").count() == 1
    now = _now_word(page)
    current = page.locator("#cues .cue.current")  # the word is inside the sentence highlighted
    assert current.locator(".w.now").count() == 1 or starts[now] >= float(
        current.get_attribute("data-end"))
    page.locator("#play").click()  # pause
    # Selecting a word plays from its start: where the player seeks to, within 50 ms.
    page.evaluate("window.seekedAt = []; document.getElementById('player').addEventListener("
                  "'seeked', e => window.seekedAt.push(e.target.currentTime))")
    words.nth(12).click()
    page.wait_for_function("window.seekedAt.length > 0")
    assert abs(page.evaluate("window.seekedAt[0]") - starts[12]) <= 0.05
    assert page.evaluate("document.getElementById('player').paused") is False
    page.evaluate("document.getElementById('player').pause()")
    assert _now_word(page) >= 12
