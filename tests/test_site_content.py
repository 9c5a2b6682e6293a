"""The repository's own site: builds strictly, links resolve, frameworks are covered, pages are accessible."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from academy.cli.support import source_dirs
from academy.source.library import load_library
from bs4 import BeautifulSoup
from conftest import REPO, broken_links, build_site
from icalendar import Calendar


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository built as CI does, into a temporary folder."""
    return build_site(REPO / "mkdocs.yml", tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def file_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository built for browsing from disk: every page a .html file, no directory URLs."""
    return build_site(REPO / "mkdocs.yml", tmp_path_factory.mktemp("file-site"), use_directory_urls=False)


@pytest.fixture(scope="module")
def library():
    return load_library(source_dirs(REPO))


def test_starter_content_covers_every_framework(library) -> None:
    assert len(library.patterns) >= 30
    cells = Counter(c for p in library.patterns.values() for c in p.value_cells)
    assert [c for c in library.frameworks.matrix.cells if not cells[c]] == []
    steps = Counter(s for p in library.patterns.values() for s in p.pathway)
    assert all(steps[s.id] >= 3 for s in library.frameworks.pathway.steps), steps
    domains = Counter(d for p in library.patterns.values() for d in p.proximity)
    assert all(domains[d.id] >= 4 for d in library.frameworks.proximity.domains), domains
    assert all(p.sources and p.related or p.id in {"hand-on-the-champion", "many-threads", "unpack-shared-goals",
                                                      "cost-in-relationships", "review-the-relationship",
                                                      "check-for-inequity"}
               for p in library.patterns.values())
    kinds = {c.focus_kind: c for c in library.cohorts.values()}
    assert set(kinds) == {"identity", "interest", "geography"}
    for cohort in library.cohorts.values():
        assert cohort.sessions[0].fundamentals
        assert sum(not s.fundamentals for s in cohort.sessions) >= 4


def test_no_link_in_the_built_site_is_broken(site: Path) -> None:
    assert len(list(site.rglob("*.html"))) > 100
    assert broken_links(site, directory_urls=True) == []


def test_no_link_is_broken_without_directory_urls(file_site: Path) -> None:
    assert (file_site / "patterns/index.html").is_file() and not (file_site / "patterns/regular-check-ins").exists()
    assert broken_links(file_site, directory_urls=False) == []


def test_every_visible_heading_is_in_the_table_of_contents(site: Path) -> None:
    missing = []
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        sidebar = soup.select_one(".md-sidebar--secondary")
        if sidebar is None or sidebar.has_attr("hidden"):  # a page that hides its contents on purpose
            continue
        listed = {a["href"] for a in sidebar.select("a")}
        for heading in soup.select("article.md-content__inner :is(h2, h3)"):
            # Sections shown only once the learner has answered (hidden="") are left out on purpose.
            if f"#{heading.get('id')}" not in listed and not heading.find_parent(hidden=True):
                missing.append(f"{page.relative_to(site)}: {heading.get_text(strip=True)}")
    assert missing == []


def test_nothing_is_loaded_from_another_host(site: Path) -> None:
    remote = re.compile(r"""(?:src|href)=["'](?:https?:)?//""")
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for element in soup.find_all(["script", "link", "img", "iframe"]):
            url = element.get("src") or (element.get("href") if element.name == "link" else None) or ""
            if element.name == "link" and element.get("rel") in (["canonical"], ["alternate"]):
                continue
            assert not remote.match(f'src="{url}"'), f"{page}: {element}"
    assert "fonts.googleapis" not in (site / "index.html").read_text()


def test_events_are_listed_with_calendar_files(site: Path) -> None:
    soup = BeautifulSoup((site / "help-yourself/events/index.html").read_text(), "html.parser")
    upcoming = soup.select("[data-academy-list=upcoming] > article:not(.academy-past)")
    past = soup.select("[data-academy-list=past] > article.academy-past")
    assert len(upcoming) + len(past) == 5
    for article in upcoming:
        link = article.find("a", download=True)
        calendar = Calendar.from_ical((site / "help-yourself/events" / link["href"]).resolve().read_bytes())
        assert str(calendar.walk("VEVENT")[0]["summary"]) in article.h3.get_text()
    assert all(a.select_one(".academy-past-marker").get_text() == "This event has passed." for a in past)


def test_schemas_are_published(site: Path) -> None:
    for name in ("pattern", "cohort", "module", "results", "framework", "events"):
        assert (site / f"schema/{name}.schema.json").exists()


@pytest.mark.browser
def test_library_filters_are_instant_and_shareable(browser, serve, site: Path) -> None:
    base = serve(site)
    page = browser.new_page()
    page.goto(base + "patterns/")
    page.select_option("#filter-step", "mature")
    visible = page.locator("#academy-pattern-list li:visible")
    titles = visible.locator("a").all_text_contents()
    assert "Review the relationship as a routine" in titles and "Looping, the same teacher for several years" in titles
    assert "Draw a simple relationship map" not in titles
    assert "step=mature" in page.url
    page.select_option("#filter-proximity", "fairness")
    both = page.locator("#academy-pattern-list li:visible a").all_text_contents()
    assert both and set(both) < set(titles)
    shared = page.url
    page.goto("about:blank")
    page.goto(shared)
    assert page.locator("#academy-pattern-list li:visible a").all_text_contents() == both
    assert page.input_value("#filter-proximity") == "fairness"
    page.click("text=Clear filters")
    page.wait_for_function("() => document.querySelectorAll('#academy-pattern-list li[hidden]').length === 0")
    page.fill("#filter-q", "zzzz-nothing")
    assert page.locator("#academy-empty").is_visible()
    page.close()


@pytest.mark.browser
def test_charts_follow_the_light_dark_switch(browser, serve, site: Path) -> None:
    base = serve(site)
    page = browser.new_page()
    page.goto(base + "library/value-matrix/")
    label = ".academy-chart svg .role-axis-label text"
    page.wait_for_selector(label)
    light = page.locator(label).first.get_attribute("fill")
    page.locator("label[for='__palette_1']").click()
    page.wait_for_function(f"() => document.querySelector(\"{label}\").getAttribute('fill') !== '{light}'")
    assert page.locator(label).first.get_attribute("fill") != light
    page.close()


def test_without_javascript_the_library_and_statements_still_read(site: Path) -> None:
    library = BeautifulSoup((site / "patterns/index.html").read_text(), "html.parser")
    assert library.select_one("#academy-filters").has_attr("hidden")  # shown only when the script runs
    assert len(library.select("#academy-pattern-list li a")) >= 30
    assessment = BeautifulSoup((site / "assessment/relational-value-matrix/index.html").read_text(), "html.parser")
    assert len(assessment.select("fieldset.academy-statement legend")) == 25
    coverage = BeautifulSoup((site / "library/value-matrix/index.html").read_text(), "html.parser")
    assert "value-matrix-coverage.svg" in str(coverage.select_one(".academy-chart noscript"))
