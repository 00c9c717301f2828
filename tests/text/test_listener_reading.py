"""Markdown and HTML as a listener needs them: no pictures, captions, code, table pipes or web
addresses read aloud; tables row by row with their headers; footnotes at the end."""

from __future__ import annotations

import narrator
from narrator.core.config import PausesSection
from narrator.text.readers import read_source
from narrator.text.segment import make_script

POST = """---
title: Tea at altitude
---

# Tea at altitude

Water boils at a lower temperature on a mountain, as [the survey](https://example.org/survey)
shows. The full data are at https://data.example.org/tea.csv and <https://example.org/raw>.

![A kettle on a camp stove](kettle.jpg)
*The kettle at three thousand metres.*

| Altitude | Boiling point |
|----------|---------------|
| 0 m      | 100 °C        |
| 3000 m   | 90 °C         |

```python
print(boiling_point(3000))
```

    indented_code = True

A lower boiling point means a weaker brew, as the note explains.[^1]

<figure><img src="k.jpg"><figcaption>A figure in raw HTML.</figcaption></figure>

[^1]: Black tea wants water near its boiling point.
"""

PAGE = """<!doctype html><html><head><title>Tea at altitude - The Daily Kettle</title>
<meta name="author" content="Jo Hart"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Tea at altitude</h1>
<p>Water boils at a lower temperature on a mountain, as the survey by the alpine club shows in
careful detail over many pages of tables and notes.</p>
<figure><img src="k.jpg" alt="A kettle"><figcaption>The kettle at 3,000 metres. Photo: Jo Hart
</figcaption></figure>
<p>The full data are at <a href="https://data.example.org/tea.csv">https://data.example.org/tea.csv</a>
for anyone who wants to check the numbers.</p>
<table><tr><th>Altitude</th><th>Boiling point</th></tr><tr><td>0 m</td><td>100 °C</td></tr>
<tr><td>3000 m</td><td>90 °C</td></tr></table>
<pre><code>print(boiling_point(3000))</code></pre>
<p>A lower boiling point means a weaker brew, which every climber who has made tea at a high
camp already knows well.</p>
<aside>Subscribe to our newsletter for more kettle news every week!</aside>
</article><footer>© 2026 The Daily Kettle</footer></body></html>
"""


def _script_lines(path) -> list[str]:
    text = narrator.script_text(narrator.script(path), path)
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def test_a_markdown_post_reads_without_pictures_captions_code_pipes_or_addresses(tmp_path):
    source = tmp_path / "post.md"
    source.write_text(POST, encoding="utf-8")
    lines = _script_lines(source)
    text = "\n".join(lines)
    assert "|" not in text and "print(" not in text and "indented_code" not in text
    assert "http" not in text and "kettle.jpg" not in text
    assert "camp stove" not in text and "three thousand metres" not in text
    assert "figure in raw HTML" not in text
    assert "as the survey shows." in text
    assert "data.example.org" in text  # a bare address is read as its site
    assert "Altitude: 3000 m; Boiling point: 90 °C." in lines
    assert text.count("A code example is left out here.") == 2
    assert lines[-2:] == ["== Notes", "1. Black tea wants water near its boiling point."]
    reasons = {item.reason for item in narrator.script(source).dropped}
    assert {"picture", "caption", "code block", "HTML"} <= reasons


def test_notes_are_said_in_the_shows_language(tmp_path):
    source = tmp_path / "post.md"
    source.write_text("# Tee\n\nDas Wasser kocht früher.\n\n```\nx = 1\n```\n", encoding="utf-8")
    script = make_script(read_source(source), PausesSection(), "de")
    assert "Hier folgt ein Codebeispiel, das nicht vorgelesen wird." in [
        segment.text for segment in script.segments]


def test_an_html_page_reads_as_the_post_and_explains_what_it_left_out(tmp_path):
    source = tmp_path / "page.html"
    source.write_text(PAGE, encoding="utf-8")
    lines = _script_lines(source)
    text = "\n".join(lines)
    assert "Altitude: 0 m; Boiling point: 100 °C." in lines
    assert "A code example is left out here." in lines
    assert "http" not in text and "print(" not in text and "Photo: Jo Hart" not in text
    assert "Subscribe" not in text and "©" not in text and "Home" not in text
    explained = {(item.reason, item.text) for item in narrator.script(source).dropped}
    assert ("navigation", "Home News") in explained
    assert ("caption", "The kettle at 3,000 metres. Photo: Jo Hart") in explained
    assert ("footer", "© 2026 The Daily Kettle") in explained
    assert any(reason == "aside" and "newsletter" in line for reason, line in explained)
