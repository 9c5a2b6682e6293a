"""A new reader finding things: unique page titles and descriptions, sharing cards, and search that ranks
the pattern a reader means above the lists that mention it. Built from the repository's own content."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import follow


@pytest.fixture(scope="module")
def site(real_site_folder: tuple[Path, str]) -> Path:
    """The repository's site as built for, and served at, a local origin (conftest.real_site_folder)."""
    return real_site_folder[0]


def _heads(site: Path) -> dict[str, BeautifulSoup]:
    return {str(page.relative_to(site)): BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").head
            for page in site.rglob("*.html")}


def test_every_page_has_its_own_title_and_description(site: Path) -> None:
    heads = _heads(site)
    assert len(heads) > 100
    titles = Counter(head.title.get_text() for head in heads.values())
    assert [title for title, count in titles.items() if count > 1] == []
    # The 404 page is never indexed or shared; every other page describes itself.
    described = {path: head.find("meta", attrs={"name": "description"})["content"]
                 for path, head in heads.items() if path != "404.html"}
    repeated = Counter(described.values())
    assert [(path, text) for path, text in described.items() if repeated[text] > 1] == []
    assert all(20 <= len(text) <= 160 for text in described.values()), min(described.values(), key=len)
    pattern = heads["patterns/refresh-after-turnover/index.html"]
    assert pattern.find("meta", attrs={"name": "description"})["content"] == (
        "When your contact in a partner organisation changes, revisit the shared purpose with the newcomer.")


def test_open_graph_title_and_description_match_the_page(site: Path) -> None:
    for path, head in _heads(site).items():
        if path == "404.html":
            continue
        og = {m["property"]: m["content"] for m in head.find_all("meta", attrs={"property": True})}
        title = head.title.get_text()
        assert title in (og["og:title"] + " - Relationships Academy", og["og:title"]), path
        assert og["og:description"] == head.find("meta", attrs={"name": "description"})["content"], path
        assert og["og:url"].endswith("/" + path.removesuffix("index.html")), path
        assert og["og:site_name"] == "Relationships Academy"


def test_the_repository_link_asks_no_other_host(site: Path) -> None:
    """Material's repository widget fetches stars and forks from api.github.com unless overridden."""
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'class="md-source"' in home and 'data-md-component="source"' not in home


# --- search -------------------------------------------------------------------------------------

def test_search_index_holds_aliases_and_no_filter_labels(site: Path) -> None:
    index = {doc["location"]: doc for doc in json.loads((site / "search/search_index.json").read_text())["docs"]}
    library = index["patterns/"]["text"]
    assert "Each pattern describes one relational practice" in library
    for label in ("Relational value cell", "Trust × Process", "Any", "Clear filters", "Regular check-ins",
                  "No pattern matches"):
        assert label not in library
    assert index["patterns/refresh-after-turnover/"]["tags"] == [
        "Refresh the relationship after turnover", "Staff turnover in a partner organisation",
        "Welcoming a new contact"]


def _search(page, query: str) -> list[str]:
    """Type into Material's search box as a reader does; the result pages, best first."""
    box = page.locator("input.md-search__input")
    box.click()
    # Material searches on each key released. The list shows the previous query's answer until the
    # worker replies: empty the box and wait for the list to empty, then release one key on the whole
    # query, so the first answer shown is this query's (not a stale or partial one).
    box.fill("")
    box.press("End")
    page.wait_for_function("() => !document.querySelector('.md-search-result__item')")
    box.fill(query[:-1])
    box.press(query[-1])
    page.wait_for_function("q => document.querySelector('.md-search-result__item')"
                           " && document.querySelector('.md-search__input').value === q", arg=query)
    read = ("Array.from(document.querySelectorAll('.md-search-result__item > a'))"
            ".map(a => new URL(a.href).pathname)")
    links, previous = page.evaluate(read), None
    while not links or links != previous:  # the worker answers each keystroke; wait for the last answer
        page.wait_for_timeout(500)
        links, previous = page.evaluate(read), links
    return list(dict.fromkeys(links))  # a page's sections follow it; keep each page once


@pytest.mark.browser
def test_search_ranks_the_pattern_by_title_and_alias_above_lists(browser, real_site: str) -> None:
    base = real_site
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base)
    assert _search(page, "turnover")[0] == "/patterns/refresh-after-turnover/"  # by alias, above the tags page
    assert "/library/tags/" in _search(page, "turnover")
    assert _search(page, "welcoming")[0] == "/patterns/refresh-after-turnover/"  # only an alias has this word
    assert _search(page, "regular check-ins")[0] == "/patterns/regular-check-ins/"
    assert _search(page, "meetings")[0] == "/patterns/purposeful-meetings/"  # "Fewer meetings, each with a purpose"
    assert _search(page, "looping")[0] == "/patterns/looping/"
    _search(page, "welcoming")
    follow(page, page.locator(".md-search-result__item > a").first)  # waits until the page is swapped in
    assert page.url.split("?")[0].endswith("/patterns/refresh-after-turnover/")
    assert page.locator(".md-content h1").inner_text().startswith("Refresh the relationship when a contact leaves")
    assert errors == []
    page.close()


def test_a_long_page_is_described_by_its_first_paragraph_wherever_the_page_is_cut() -> None:
    from academy.site.describe import introduction

    long_note = '<div class="admonition note"><p>' + "A note, not an introduction. " * 300 + "</p></div>"
    first = "The first paragraph &amp; its <em>emphasis</em>, read whole."
    for padding in range(0, 4200, 700):  # the paragraph starts before, across and after a piece's end
        page = "<h1>Title</h1>" + " " * padding + long_note + f"<p>{first}</p>" + "<p>Later text.</p>" * 5000
        assert introduction(page) == "The first paragraph & its emphasis, read whole."
    assert introduction("<p>One line<br>the next</p>") == "One line the next"
