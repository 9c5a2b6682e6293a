"""Charts read on a 375 px phone and on a desktop, in the light and the dark palette.

A heatmap's column and row labels stay clear of its cells and are drawn at a size a reader can read;
a timeline keeps every session's dot and name inside the chart; no chart makes the page scroll sideways.
Every page is reached by clicking from the home page, with Material's instant navigation engaged, on a
copy of this site in which a cohort has published results (conftest.site_with_results).
"""

from __future__ import annotations

import pytest
from conftest import (
    RESULTS_COHORT,
    assert_heatmap_legible,
    chart_geometry,
    outside,
    overlapping,
    page_overflow,
    watch_errors,
)
from test_journeys import score_every_statement, walk

pytestmark = pytest.mark.browser

PHONE, DESKTOP = 375, 1280
HEATMAP_PAGES = ["library/value-matrix/", f"cohorts/{RESULTS_COHORT}/",
                 "assessment/relational-value-matrix/", "assessment/relational-proximity/"]
TIMELINE_PAGES = ["cohorts/police-officers-2027/", "cohorts/health-inequality-2026/", "cohorts/grimsby-2027/"]
HEATMAPS = ".academy-chart svg:has(.mark-rect.role-mark)"
TIMELINES = ".academy-chart svg:has(.mark-symbol.role-mark)"


@pytest.fixture
def reader(browser, request):
    """A page at the width and palette the test is parametrised with (the palette as the system's preference,
    which the site follows)."""
    width, scheme = request.param
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors = watch_errors(page)
    yield page, width, errors
    context.close()


def _drawn(page, selector: str, at_least: int = 1) -> None:
    page.wait_for_function("([s, n]) => document.querySelectorAll(s).length >= n", arg=[selector, at_least])


SIZES = [(PHONE, "light"), (PHONE, "dark"), (DESKTOP, "light"), (DESKTOP, "dark")]


@pytest.mark.parametrize("reader", SIZES, indirect=True, ids=lambda s: f"{s[0]}px-{s[1]}")
def test_heatmap_labels_are_clear_of_cells_and_readable(reader, site_with_results: str) -> None:
    page, width, errors = reader
    for path in HEATMAP_PAGES:
        walk(page, site_with_results, path)
        if path.startswith("assessment/"):
            score_every_statement(page)
        expected = 2 if path.startswith("cohorts/") else 1  # the cohort's two rounds of results
        _drawn(page, f"{HEATMAPS} .role-axis-label text", expected)
        heatmaps = page.locator(HEATMAPS)
        assert heatmaps.count() == expected, path
        for n in range(expected):
            assert_heatmap_legible(heatmaps.nth(n), width)
        assert page_overflow(page) <= 0, path
    assert errors == []


@pytest.mark.parametrize("reader", [(PHONE, "light"), (DESKTOP, "dark")], indirect=True,
                         ids=lambda s: f"{s[0]}px-{s[1]}")
def test_timelines_keep_every_dot_and_session_name_inside(reader, site_with_results: str) -> None:
    page, width, errors = reader
    for path in TIMELINE_PAGES:
        walk(page, site_with_results, path)
        _drawn(page, f"{TIMELINES} .mark-symbol.role-mark path")
        shape = chart_geometry(page.locator(TIMELINES).first)
        sessions = page.locator("article table").first.locator("tbody tr").count()
        assert len(shape["points"]) == sessions, path
        names = [t for t in shape["texts"] if t["text"][:1].isdigit() and ". " in t["text"]]
        assert len(names) == sessions, path  # every session named, none cut short with an ellipsis
        assert not [n for n in names if n["text"].endswith("…")]
        assert outside(shape["points"] + shape["texts"], shape["svg"]) == [], path
        assert overlapping(names, shape["points"]) == [], path
        assert shape["svg"]["x2"] <= width and page_overflow(page) <= 0, path
    assert errors == []


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_static_heatmap_without_javascript_reads_at_its_size(browser, site_with_results: str, width: int) -> None:
    """With JavaScript off the coverage heatmap is an image drawn for the screen's size: not shrunk
    until its labels are too small to read, and its labels clear of its cells as in the drawn chart."""
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_with_results + "library/value-matrix/")
    image = page.locator(".academy-chart img")
    image.wait_for()
    page.wait_for_function("() => document.querySelector('.academy-chart img').complete")
    shown, natural, source = image.evaluate("i => [i.getBoundingClientRect().width, i.naturalWidth, i.currentSrc]")
    assert source.endswith("-phone.svg" if width == PHONE else "coverage.svg")
    assert shown >= natural - 1, (shown, natural)  # drawn at the size it is shown
    assert page_overflow(page) <= 0
    page.goto(source)  # the image itself, as drawn
    assert_heatmap_legible(page.locator("svg").first, width)
    context.close()
