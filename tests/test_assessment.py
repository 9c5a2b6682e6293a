"""A learner scores the relational value matrix in a real browser and is pointed to patterns."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Project, live_site, page_data, serious_violations
from playwright.sync_api import expect

STATEMENTS = "fieldset.academy-statement"


def score_for(index: int) -> int:
    """A varied but known answer for the statement at this position (1 to 5)."""
    return (index * 3) % 5 + 1


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Three patterns, built once for the module as the live site runs (instant navigation on)."""
    project = Project.create(tmp_path_factory.mktemp("assessment"))
    project.pattern("regular-check-ins", "Regular check-ins", value_cells="[integrity/culture, trust/people]")
    project.pattern("hand-on-the-champion", "Hand on the champion role", value_cells="[respect/culture]")
    project.pattern("family-group-conferences", "Family group conferences", value_cells="[empathy/people]")
    with live_site(project.root / "mkdocs.yml", project.root / "site") as url:
        yield url


def _open(browser, url: str, requests: list[str]):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url + "assessment/relational-value-matrix/")
    return context, page


def _heatmap_labels(page) -> list[str]:
    page.wait_for_function("() => document.querySelectorAll('#academy-heatmap svg .mark-text.role-mark text').length === 25")
    return page.locator("#academy-heatmap svg .mark-text.role-mark text").all_text_contents()


def _export(page, target: Path) -> dict:
    with page.expect_download() as download_info:
        page.click("#academy-export")
    download_info.value.save_as(target)
    return json.loads(target.read_text())


@pytest.mark.browser
def test_scoring_saving_exporting_and_importing(browser, site_url: str, tmp_path: Path) -> None:
    requests: list[str] = []
    context, page = _open(browser, site_url, requests)
    statements = page.locator(STATEMENTS)
    assert statements.count() == 25
    cells = [statements.nth(i).get_attribute("id") for i in range(25)]
    for index in range(25):
        statements.nth(index).locator(f"input[value='{score_for(index)}']").check()
    expected = [str(score_for(i)) for i in range(25)]
    page.wait_for_function("() => Array.from(document.querySelectorAll('#academy-heatmap svg .mark-text.role-mark text'))"
                           f".map(t => t.textContent).join() === {json.dumps(','.join(expected))}")
    assert _heatmap_labels(page) == expected
    table = [td.strip() for td in page.locator("#academy-results-table td").all_text_contents()]
    assert table == expected

    # Weakest: the five cells scored 1, in the order of the grid; a tie is never cut at three.
    ones = [cells[i].removeprefix("q-") for i in range(25) if score_for(i) == 1]
    assert len(ones) == 5
    shown = page.locator(".academy-recommendation").evaluate_all("els => els.map(e => e.dataset.cell.replace('/', '-'))")
    assert shown == ones
    first = page.locator(".academy-recommendation").first
    assert "Integrity × Culture" in first.locator("h3").inner_text()
    assert first.locator("a").all_text_contents() == ["Regular check-ins"]

    # A reload keeps the answers.
    page.reload()
    assert _heatmap_labels(page) == expected
    assert page.locator(f"#{cells[7]} input[value='{score_for(7)}']").is_checked()

    # Export, clear, import. Each file carries the learner's random response id (a trainer's
    # aggregate counts it once): kept with the saved answers, new after clearing, restored by an import.
    saved = _export(page, tmp_path / "answers.json")
    assert saved["answers"]["integrity/culture"] == score_for(0)
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", saved["response"])
    page.reload()
    assert _export(page, tmp_path / "again.json")["response"] == saved["response"]
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#academy-clear")
    page.wait_for_function("() => Array.from(document.querySelectorAll('#academy-heatmap svg .mark-text.role-mark text')).every(t => t.textContent === '–')")
    assert page.locator(".academy-recommendation").count() == 0
    assert _export(page, tmp_path / "cleared.json")["response"] not in (saved["response"], None)
    page.set_input_files("#academy-import", str(tmp_path / "answers.json"))
    page.wait_for_function("() => document.querySelectorAll('.academy-recommendation').length === 5")
    assert _heatmap_labels(page) == expected
    assert _export(page, tmp_path / "restored.json")["response"] == saved["response"]

    # A file from another framework version is refused and the saved answers are kept.
    other = tmp_path / "old.json"
    other.write_text(json.dumps({**saved, "version": 99}))
    page.set_input_files("#academy-import", str(other))
    expect(page.locator("#academy-message")).to_contain_text("version 99")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    page.set_input_files("#academy-import", str(broken))
    expect(page.locator("#academy-message")).to_contain_text("not valid JSON")
    page.reload()
    assert _heatmap_labels(page) == expected

    outside = [url for url in requests if not url.startswith(site_url) and not url.startswith(("data:", "blob:"))]
    assert outside == []
    page_loads = sum(url.endswith("/assessment/relational-value-matrix/") for url in requests)
    assert sum("vega-runtime.js" in url for url in requests) == page_loads == 4  # once per page load
    context.close()


@pytest.mark.browser
def test_recommendation_rule(browser, site_url: str) -> None:
    context, page = _open(browser, site_url, [])
    page.wait_for_function("() => window.academyAssessment !== undefined")
    weakest = page.evaluate("""() => {
        const instrument = window.academyPageData(document, 'instrument');
        const rule = window.academyAssessment.weakestCells;
        return {
          lowFirst: rule(instrument, {'trust/process': 2, 'respect/vision': 1, 'integrity/culture': 2,
                                      'empathy/people': 'dk'}).map(w => w.cell.cell),
          topIsNeverWeak: rule(instrument, {'trust/process': 5, 'respect/vision': 5}).length,
          outOfScale: rule(instrument, {'trust/process': 0, 'respect/vision': 9}).length,
          tiesKept: rule(instrument, {'trust/process': 1, 'respect/vision': 2, 'integrity/culture': 2,
                                      'empathy/people': 2, 'trust/culture': 2, 'respect/people': 3}).map(w => w.cell.cell),
        };
    }""")
    assert weakest == {"lowFirst": ["respect/vision", "integrity/culture", "trust/process"],
                       "topIsNeverWeak": 0, "outOfScale": 0,
                       "tiesKept": ["trust/process", "integrity/culture", "respect/vision", "empathy/people",
                                    "trust/culture"]}
    context.close()


@pytest.mark.browser
def test_assessment_and_library_pages_are_accessible(browser, site_url: str) -> None:
    context, page = _open(browser, site_url, [])
    page.locator(STATEMENTS).first.locator("input[value='2']").check()
    page.wait_for_selector("#academy-heatmap svg")
    for path in ("assessment/relational-value-matrix/", "library/value-matrix/", "patterns/",
                 "patterns/regular-check-ins/", "frameworks/measured-pathway/"):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        assert serious_violations(page) == [], path
    context.close()


@pytest.mark.browser
def test_coverage_heatmap_links_cells_to_patterns(browser, site_url: str) -> None:
    context, page = _open(browser, site_url, [])
    page.goto(site_url + "library/value-matrix/")
    page.wait_for_function("() => document.querySelectorAll('.academy-chart svg .mark-text.role-mark text').length === 25")
    labels = page.locator(".academy-chart svg .mark-text.role-mark text").all_text_contents()
    assert labels[0] == "1" and labels.count("0") == 21  # integrity/culture has one pattern; 4 cells covered
    link = page.locator("#academy-coverage-table a").first
    assert link.inner_text() == "1"
    link.click()
    page.wait_for_url("**#cell-integrity-culture")
    assert page.locator("#cell-integrity-culture + ul a").all_text_contents() == ["Regular check-ins"]
    context.close()


@pytest.fixture(scope="module")
def one_pattern(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """One pattern in one cell of the value matrix, built once for the tests that read the built files."""
    project = Project.create(tmp_path_factory.mktemp("one-pattern"))
    project.pattern("regular-check-ins", "Regular check-ins", value_cells="[integrity/culture]")
    project.built()
    return project


def test_chart_specs_compile_and_static_svg_is_published(one_pattern: Project) -> None:
    import vl_convert

    project, site = one_pattern, one_pattern.root / "site"
    page = project.page("library/value-matrix")
    spec = page_data(page.select_one(".academy-chart"), "chart")
    assert "/vega/v6" in spec["$schema"]  # compiled at build time: readers need no Vega-Lite compiler
    assert spec["description"].startswith("Heatmap of how many patterns")
    assert ">1<" in vl_convert.vega_to_svg(spec)
    svg = (site / "library/value-matrix-coverage.svg").read_text()
    assert svg.startswith("<svg") and ">1<" in svg
    instrument = page_data(project.page("assessment/relational-value-matrix"), "instrument")
    assert "/vega/v6" in instrument["spec"]["$schema"]
    vl_convert.vega_to_svg(instrument["spec"])
    assert len(instrument["cells"]) == 25
    assert instrument["patterns"]["integrity/culture"][0]["url"] == "../../patterns/regular-check-ins/"


def test_chart_runtime_is_at_most_half_the_old_bundle(one_pattern: Project) -> None:
    # The Vega + Vega-Lite + vega-embed bundle we used to serve was 898 KB; phones pay for every byte.
    runtime = one_pattern.root / "site/assets/academy/vega-runtime.js"
    assert 100_000 < runtime.stat().st_size <= 450_000


def test_pattern_pages_load_no_chart_library(one_pattern: Project) -> None:
    page = one_pattern.page("patterns/regular-check-ins")
    assert not any("vega" in (s.get("src") or "") for s in page.find_all("script"))


@pytest.mark.parametrize("top", [1, 5, 40, 3000])
def test_coverage_heatmap_spec_for_any_library_size(top: int) -> None:
    import vl_convert
    from academy.site.charts import heatmap_spec
    from academy.model import Label

    rows, columns = (Label("a", "Alpha"),), (Label("x", "X"), Label("y", "Y"))
    values = [{"row": "Alpha", "column": "X", "score": top, "label": str(top), "href": "#x"},
              {"row": "Alpha", "column": "Y", "score": 0, "label": "0", "href": "#y"}]
    spec = heatmap_spec(rows, columns, title="t", description="d", domain=(0, top), legend_title="Patterns",
                        values=values, links=True).value()
    assert f">{top}<" in vl_convert.vega_to_svg(spec)


# --- defects found trying the self-assessment as a learner ---------------------------------------

def _focus_ring(page) -> dict:
    return page.evaluate("""() => { const s = getComputedStyle(document.activeElement.matches('.academy-visually-hidden')
                                      ? document.activeElement.previousElementSibling : document.activeElement);
                                    return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), colour: s.outlineColor}; }""")


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_keyboard_focus_is_visible_on_every_control(browser, site_url: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + "assessment/relational-value-matrix/")
    page.locator(STATEMENTS).first.locator("input[value='1']").focus()
    page.keyboard.press("ArrowRight")  # a radio group moves by arrow keys, as a keyboard user does
    assert page.evaluate("document.activeElement.value") == "2"
    rings = {"radio": _focus_ring(page)}
    page.focus("#academy-export")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "academy-import"
    rings["file input (its label)"] = _focus_ring(page)
    page.goto(site_url + "patterns/")
    page.locator(".academy-filters input[type=search], .academy-filters input[type=text]").first.focus()
    page.keyboard.type("c")
    rings["filter text box"] = _focus_ring(page)
    for control, ring in rings.items():
        assert ring["style"] != "none" and ring["width"] >= 2, (control, ring)
    context.close()


@pytest.mark.browser
def test_import_has_a_size_limit_and_quotes_only_an_excerpt(browser, site_url: str, tmp_path: Path) -> None:
    context, page = _open(browser, site_url, [])
    page.locator(STATEMENTS).first.locator("input[value='4']").check()
    answers = {"framework": "relational-value-matrix", "version": 1, "answers": {"integrity/culture": 1}}
    padded = tmp_path / "padded.json"
    padded.write_text(json.dumps({**answers, "padding": "x" * 5_000_000}))
    page.set_input_files("#academy-import", str(padded))
    expect(page.locator("#academy-message")).to_contain_text("KB")
    assert page.locator(f"{STATEMENTS} input[value='4']").first.is_checked()  # nothing replaced
    long_name = tmp_path / "long-name.json"
    long_name.write_text(json.dumps({**answers, "framework": "y" * 100_000}))
    page.set_input_files("#academy-import", str(long_name))
    expect(page.locator("#academy-message")).to_contain_text("another self-assessment")
    assert len(page.locator("#academy-message").inner_text()) < 300
    assert "academy-message--error" in page.locator("#academy-message").get_attribute("class")
    context.close()


@pytest.mark.browser
def test_refused_storage_is_said_and_scoring_still_works(browser, site_url: str) -> None:
    context = browser.new_context()
    # As with blocked cookies: touching localStorage at all throws (Material's own helper included).
    context.add_init_script("""Object.defineProperty(window, 'localStorage', {
        get() { throw new DOMException('The user denied storage', 'SecurityError'); } });""")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_url + "assessment/relational-value-matrix/")
    expect(page.locator("#academy-message")).to_contain_text("does not let the page store")
    page.locator(STATEMENTS).first.locator("input[value='2']").check()
    page.wait_for_function("() => document.querySelector('#academy-heatmap svg .mark-text.role-mark text')?.textContent === '2'")
    expect(page.locator(".academy-recommendation h3").first).to_contain_text("you scored 2")
    assert errors == []
    context.close()


@pytest.mark.browser
def test_without_javascript_the_note_is_where_the_heatmap_is_promised(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "assessment/relational-value-matrix/")
    note = page.locator("article noscript p")  # Playwright's text search skips <noscript>
    assert "need JavaScript" in note.inner_text() and note.is_visible()
    assert note.bounding_box()["y"] < page.locator(STATEMENTS).first.bounding_box()["y"]
    context.close()


def test_results_tables_have_no_empty_header_cell(one_pattern: Project) -> None:
    for path in ("assessment/relational-value-matrix", "assessment/relational-proximity"):
        headers = one_pattern.page(path).select("#academy-results-table th")
        assert headers and all(th.get_text(strip=True) for th in headers), path
