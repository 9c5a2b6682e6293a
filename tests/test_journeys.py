"""A learner arrives by links, as on the live site: Material's instant navigation swaps each page in.

The real site is built with `site_url` set to the test server's origin (conftest.real_site), so instant
navigation engages as it does live; every click checks that no full page load happened
(conftest.follow). Each chart page is also opened directly, as from a bookmark.
"""

from __future__ import annotations

import pytest
from conftest import RESULTS_COHORT, RESULTS_ROUNDS, follow, go_back, go_forward, watch_errors

pytestmark = pytest.mark.browser

# Every page with a chart or an instrument, and the links a learner clicks from the home page to reach it.
CHART_PAGES = {
    "library/value-matrix/": ["pattern library", "relational value cell"],
    "cohorts/police-officers-2027/": ["See the cohorts", "Relational policing"],
    "cohorts/health-inequality-2026/": ["See the cohorts", "Relationships for health equity"],
    "cohorts/grimsby-2027/": ["See the cohorts", "Grimsby, a relational town"],
    "assessment/relational-value-matrix/": ["relational value self-assessment"],
    "assessment/relational-proximity/": ["Start here", "relational proximity profile"],
}
INSTRUMENTS = ["assessment/relational-value-matrix/", "assessment/relational-proximity/"]
STATEMENTS = "fieldset.academy-statement"
DRAWN = "#academy-heatmap svg .mark-text.role-mark text"


def _in_article(page, name: str):
    return page.locator("article").get_by_role("link", name=name, exact=True).first


def walk(page, site: str, path: str) -> None:
    """From the home page to `path` by the links CHART_PAGES names, each click swapping the page in."""
    page.goto(site)
    for name in CHART_PAGES[path]:
        follow(page, _in_article(page, name))
    assert page.url == site + path


def _heading(page) -> str:
    return page.locator("article h1").first.inner_text().rstrip("¶")


def _score(index: int, top: int) -> int:
    """A varied but known score for the statement at this position."""
    return (index * 3) % top + 1


def score_every_statement(page) -> list[int]:
    """Answer every statement of the instrument on the page with a varied, known score; returns the scores."""
    statements = page.locator(STATEMENTS)
    total = statements.count()
    top = int(statements.first.locator("input[type=radio]:not([value='dk'])").last.get_attribute("value"))
    scores = [_score(i, top) for i in range(total)]
    for index, score in enumerate(scores):
        statements.nth(index).locator(f"input[value='{score}']").check()
    page.wait_for_function("want => Array.from(document.querySelectorAll(%r)).map(t => t.textContent).join() === want"
                           % DRAWN, arg=",".join(map(str, scores)))
    return scores


def _charts_drawn(page) -> None:
    """Every static chart on the page has been drawn by Vega, marks and all."""
    count = page.locator(".academy-chart[data-academy-chart='static']").count()
    page.wait_for_function(
        """n => document.querySelectorAll(".academy-chart[data-academy-chart='static'] .academy-chart__canvas svg .role-mark").length >= n""",
        arg=count)


@pytest.fixture
def learner(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors = watch_errors(page)
    yield page, errors
    context.close()


@pytest.mark.parametrize("path", [p for p in CHART_PAGES if p not in INSTRUMENTS])
def test_chart_pages_draw_after_clicks_from_home_and_when_opened_directly(learner, real_site: str, path: str) -> None:
    page, errors = learner
    walk(page, real_site, path)
    assert page.locator(".academy-chart[data-academy-chart='static']").count() >= 1
    _charts_drawn(page)
    go_back(page)
    go_forward(page)
    assert page.url == real_site + path
    _charts_drawn(page)
    page.goto(real_site + path)
    _charts_drawn(page)
    assert errors == []


@pytest.mark.parametrize("path", INSTRUMENTS)
def test_self_assessment_by_links_scores_saves_and_survives_history(learner, real_site: str, path: str) -> None:
    page, errors = learner
    walk(page, real_site, path)
    statements = page.locator(STATEMENTS)
    scores = score_every_statement(page)
    total = len(scores)
    suggestions = page.locator(".academy-recommendation")
    assert suggestions.count() >= 1
    lowest = suggestions.first.locator("h3").inner_text()
    assert lowest.endswith("you scored 1")

    # A suggested pattern is one click away; Back brings the page back with the answers drawn again.
    pattern_link = page.locator(".academy-recommendation a").first
    pattern_title = pattern_link.inner_text()
    follow(page, pattern_link)
    assert _heading(page) == pattern_title
    go_back(page)
    assert page.url == real_site + path
    page.wait_for_function("n => document.querySelectorAll(%r).length === n" % DRAWN, arg=total)
    assert page.locator(DRAWN).all_text_contents() == [str(s) for s in scores]
    assert statements.nth(total - 1).locator(f"input[value='{scores[-1]}']").is_checked()
    assert page.locator(".academy-recommendation h3").first.inner_text() == lowest
    go_forward(page)
    assert _heading(page) == pattern_title

    # Opened directly, as from a bookmark: the saved answers come back.
    page.goto(real_site + path)
    page.wait_for_function("n => document.querySelectorAll(%r).length === n" % DRAWN, arg=total)
    assert page.locator(DRAWN).all_text_contents() == [str(s) for s in scores]
    assert statements.first.locator(f"input[value='{scores[0]}']").is_checked()
    assert errors == []


def _results_drawn(page, rounds: int) -> None:
    page.wait_for_function("n => document.querySelectorAll(%r).length >= n" % RESULT_CHARTS, arg=rounds)


RESULT_CHARTS = "article figure.academy-chart:has(svg .mark-rect.role-mark)"


def test_cohort_results_by_links_draw_with_their_tables_and_text(learner, site_with_results: str) -> None:
    """A trainer has published a cohort's results: a learner reaches them from the home page by clicking,
    and each round is a drawn heatmap whose numbers are the table's, with a caption saying so."""
    page, errors = learner
    path = f"cohorts/{RESULTS_COHORT}/"
    walk(page, site_with_results, path)
    assert page.locator("article h2", has_text="Results of the cohort's self-assessment").count() == 1
    _results_drawn(page, len(RESULTS_ROUNDS))

    def check_rounds() -> None:
        charts = page.locator(RESULT_CHARTS)
        assert charts.count() == len(RESULTS_ROUNDS)
        for n, round_name in enumerate(RESULTS_ROUNDS):
            chart = charts.nth(n)
            assert "table gives the same figures" in chart.locator("figcaption").inner_text()
            table = page.locator("article table", has=page.locator("caption", has_text=f"Mean scores, {round_name}"))
            figures = [cell.split(" (")[0] for cell in table.locator("tbody td").all_text_contents()]
            assert len(figures) == 25 and figures.count("hidden") == 1  # "Respect / Vision": too few answers
            assert chart.locator("svg .mark-text.role-mark text").all_text_contents() == figures
        change = page.locator("article table", has=page.locator("caption", has_text="Change in mean score"))
        assert set(change.locator("tbody td").all_text_contents()) == {"+1.0", "hidden"}  # each learner one higher

    check_rounds()
    go_back(page)
    go_forward(page)
    assert page.url == site_with_results + path
    _results_drawn(page, len(RESULTS_ROUNDS))
    check_rounds()
    page.goto(site_with_results + path)  # opened directly, as from a bookmark
    _results_drawn(page, len(RESULTS_ROUNDS))
    check_rounds()
    assert errors == []


def test_follow_notices_a_full_page_load(learner, real_site: str) -> None:
    """The journey helper can fail: a link whose click loads the page in full is caught."""
    page, _ = learner
    page.goto(real_site)
    page.evaluate("""() => { const a = document.createElement('a'); a.href = 'help-yourself/';
                             a.id = 'plain'; a.textContent = 'plain'; a.target = '_self';
                             a.addEventListener('click', e => { e.preventDefault(); location.assign(a.href); });
                             document.querySelector('article').append(a); }""")
    with pytest.raises(AssertionError, match="full page load"):
        follow(page, page.locator("#plain"))
