"""A trainer turns learners' answers files into the cohort's results file in the browser.

The page must answer the shared cases (tests/fixtures/aggregate-cases.json) exactly as
`academy aggregate` does in test_aggregate.py: the same refusals, word for word, and the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from conftest import REPO, Project, assert_heatmap_legible, follow, live_site, serious_violations, watch_errors
from playwright.sync_api import expect
from test_cohorts import FUNDAMENTALS, cohort_yaml

CASES = {case["name"]: case for case in json.loads((REPO / "tests/fixtures/aggregate-cases.json").read_text())["cases"]}
PUBLISHED = {case["published"] for case in CASES.values()} - {None}
assert len(PUBLISHED) == 1  # one cohort in the site below carries it
HEATMAP_LABELS = "#academy-team-heatmap svg .mark-text.role-mark text"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Two cohorts: one with nothing published, one whose start of course is published."""
    project = Project.create(tmp_path_factory.mktemp("team-results"))
    project.write("data/fundamentals.yml", FUNDAMENTALS)
    project.pattern("regular-check-ins", "Regular check-ins")
    project.pattern("hand-on-the-champion", "Hand on the champion role")
    project.write("cohorts/police-2027.yml", cohort_yaml())
    project.write("cohorts/police-2028.yml", cohort_yaml(title="Relational policing, second cohort"))
    project.write("cohorts/results/police-2028.yml", next(iter(PUBLISHED)))
    with live_site(project.root / "mkdocs.yml", project.root / "site") as url:
        yield url


def arrive(browser, site: str, cohort: str = "police-2027", **options):
    """From the home page to the cohort's page, then by its trainers' link to the team results page."""
    context = browser.new_context(accept_downloads=True, **options)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    errors = watch_errors(page)
    page.goto(site)
    follow(page, page.get_by_role("link", name="Cohorts", exact=True).first)
    follow(page, page.locator(f"article a[href*='{cohort}']").first)
    follow(page, page.locator("article a", has_text="team results page"))
    expect(page.locator("h1")).to_have_text("Team results for trainers")
    return context, page, requests, errors


def run_case(page, case: dict, *, drop: bool = False) -> None:
    """Start again, choose the case's cohort and round, and give its files (chosen, or dropped)."""
    page.click("#academy-team-clear")
    page.select_option("#academy-team-cohort", "police-2028" if case["published"] else "police-2027")
    page.fill("#academy-team-round", case["round"])
    if drop:
        transfer = page.evaluate_handle("""files => {
            const transfer = new DataTransfer();
            files.forEach(f => transfer.items.add(new File([f.text], f.name, {type: 'application/json'})));
            return transfer; }""", case["files"])
        page.dispatch_event("#academy-team-drop", "drop", {"dataTransfer": transfer})
    else:
        page.set_input_files("#academy-team-files", [{"name": f["name"], "mimeType": "application/json",
                                                      "buffer": f["text"].encode()} for f in case["files"]])
    expect(page.locator("#academy-team-list li")).to_have_count(len(case["files"]))


def refusals(page) -> list[str]:
    return page.locator("#academy-team-list .academy-team__refused .academy-team__file").all_text_contents()


def downloaded(page) -> str:
    with page.expect_download() as info:
        page.click("#academy-team-download")
    assert info.value.suggested_filename in ("police-2027.yml", "police-2028.yml")
    return open(info.value.path(), encoding="utf-8").read()


@pytest.mark.browser
def test_four_files_then_problems_then_a_good_set(browser, site: str) -> None:
    context, page, requests, errors = arrive(browser, site)
    expect(page.locator("#academy-team-cohort")).to_have_value("police-2027")  # the cohort whose page led here
    assert page.locator("#academy-team-table td").first.inner_text() == "No data"

    # Four learners: every cell hidden, hatched and labelled so, and the file still downloads.
    four = CASES["four learners: every cell is left out"]
    run_case(page, four)
    page.wait_for_function(f"() => document.querySelectorAll('{HEATMAP_LABELS}').length === 25")
    assert set(page.locator(HEATMAP_LABELS).all_text_contents()) == {"hidden"}
    assert page.locator("#academy-team-heatmap svg .mark-rect.role-mark path[fill^='url(']").count() == 25  # the hatch
    assert set(page.locator("#academy-team-table td").all_text_contents()) == {"Hidden: 4 answers, fewer than 5",
                                                                              "Hidden: 0 answers, fewer than 5"}
    expect(page.locator("#academy-team-summary")).to_contain_text("With fewer than 5 learners every cell is hidden")
    assert downloaded(page) == four["results"]

    # Six files, one a copy and one malformed: each refused with its reason, as the command words it.
    six = CASES["six files, one a duplicate and one malformed"]
    run_case(page, six)
    assert refusals(page) == six["problems"]
    expect(page.locator("#academy-team-count")).to_have_text("4 files counted; 2 refused (see why below).")
    every = CASES["every other way a file is refused"]
    run_case(page, every, drop=True)
    assert refusals(page) == every["problems"]

    # A good set: the download is, byte for byte, what `academy aggregate` writes from the same files.
    good = CASES["ten learners: published cells, rounding, don't knows and bands"]
    run_case(page, good, drop=True)
    assert refusals(page) == []
    expect(page.locator("#academy-team-table td[data-cell='empathy/process']")).to_have_text("3.1 (n=8)")
    expect(page.locator("#academy-team-table td[data-cell='respect/people']")).to_have_text("Hidden: 4 answers, fewer than 5")
    assert downloaded(page) == good["results"]

    assert [url for url in requests if not url.startswith((site, "blob:", "data:"))] == []
    assert [e for e in errors if "Failed to load resource" not in e] == []
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("name", [name for name, case in CASES.items() if case["published"]])
def test_rounds_beside_a_published_one(browser, site: str, name: str) -> None:
    case = CASES[name]
    context, page, _, _ = arrive(browser, site, cohort="police-2028")
    expect(page.locator("#academy-team-published")).to_contain_text("“Start of course” (5 respondents)")
    run_case(page, case)
    assert downloaded(page) == case["results"]
    if name == "a later round of one more learner reveals nothing":
        expect(page.locator("#academy-team-table td[data-cell='trust/process']")).to_have_text(
            "Hidden: 6 answers against 5 in “Start of course”")
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_accessible_on_a_phone_by_keyboard_without_storage(browser, site: str, scheme: str) -> None:
    context, page, _, errors = arrive(browser, site, color_scheme=scheme)
    page.set_viewport_size({"width": 375, "height": 800})
    # From here on the browser refuses storage; the page never needed it.
    page.evaluate("""() => Object.defineProperty(window, 'localStorage', {
        configurable: true, get() { throw new DOMException('Storage is off', 'SecurityError'); } })""")
    page.locator("#academy-team-round").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "academy-team-files"
    # Space on the focused control opens the file chooser (a click on it); the chooser itself is
    # the browser's own, so the files are then given as a chooser would give them.
    page.evaluate("""() => document.getElementById('academy-team-files').addEventListener('click', event => {
        window.__chooserOpened = true; event.preventDefault(); }, {once: true})""")
    page.keyboard.press("Space")
    assert page.evaluate("() => window.__chooserOpened === true")
    good = CASES["ten learners: published cells, rounding, don't knows and bands"]
    page.set_input_files("#academy-team-files", [{"name": f["name"], "mimeType": "application/json",
                                                  "buffer": f["text"].encode()} for f in good["files"]])
    expect(page.locator("#academy-team-count")).to_have_text("10 files counted.")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "academy-team-clear"
    page.wait_for_function(f"() => document.querySelectorAll('{HEATMAP_LABELS}').length === 25")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    assert_heatmap_legible(page.locator("#academy-team-heatmap svg"), 375)
    page.mouse.move(0, 0)
    page.evaluate("() => document.activeElement.blur()")
    assert serious_violations(page) == []
    assert [e for e in errors if "Failed to load resource" not in e] == []
    context.close()


@pytest.mark.browser
def test_without_javascript_the_page_says_what_to_do(browser, site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "cohorts/team-results/")
    article = page.locator("article")
    assert "needs JavaScript" in article.inner_text() and "academy aggregate" in article.inner_text()
    assert page.locator("article button:visible, article input:visible").count() == 0
    context.close()
