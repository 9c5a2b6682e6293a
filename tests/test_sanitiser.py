"""Whatever gets past the checks, nothing executable reaches a page rendered from contributed Markdown."""

from __future__ import annotations

import pytest
from academy.site.sanitize import sanitise
from bs4 import BeautifulSoup

ATTEMPTS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<form action="https://evil.example"><input name="a"><button>Go</button></form>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<p onmouseover="alert(1)">hover</p>',
    '<img src="https://tracker.example/pixel.gif" alt="">',
    # Other spellings an HTML parser still makes into an image (the cleaner checks images only when it finds one).
    '<IMG SRC="//tracker.example/pixel.gif">',
    '<image src="https://tracker.example/pixel.gif">',
    '<ImAgE src=https://tracker.example/pixel.gif>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
]


@pytest.mark.parametrize("attempt", ATTEMPTS)
def test_nothing_executable_or_remote_survives(attempt: str) -> None:
    soup = BeautifulSoup(sanitise(f"<p>before</p>{attempt}<p>after</p>"), "html.parser")
    for tag in soup.find_all(True):
        assert tag.name not in {"script", "iframe", "form", "input", "button", "svg", "object", "embed",
                                "meta", "link", "style"}
        assert not any(name.startswith("on") or name == "style" for name in tag.attrs)
        for name in ("href", "src", "action", "data"):
            value = tag.get(name, "").strip().lower()
            assert not value.startswith(("javascript:", "vbscript:", "data:"))
        assert not tag.get("src", "").startswith(("http:", "https:", "//"))
    assert soup.get_text().startswith("before") and soup.get_text().endswith("after")


def test_ordinary_markup_is_kept() -> None:
    html = ('<h2 id="steps">Steps<a class="headerlink" href="#steps">¶</a></h2><p><em>a</em> <strong>b</strong> '
            '<a href="https://example.org" title="t">c</a></p><table><tr><th scope="col">h</th></tr></table>'
            '<div class="admonition note"><p class="admonition-title">Note</p></div>')
    soup = BeautifulSoup(sanitise(html), "html.parser")
    assert soup.h2["id"] == "steps" and soup.select_one("a.headerlink")["href"] == "#steps"
    assert soup.find("a", href="https://example.org")["title"] == "t"
    assert soup.select_one("div.admonition.note .admonition-title").get_text() == "Note"
    assert soup.th["scope"] == "col"
