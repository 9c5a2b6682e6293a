"""A learner scores the relational value matrix in a real browser and is pointed to patterns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Project, page_data, serious_violations
from playwright.sync_api import expect

STATEMENTS = "fieldset.academy-statement"


def score_for(index: int) -> int:
    """A varied but known answer for the statement at this position (1 to 5)."""
    return (index * 3) % 5 + 1


@pytest.fixture
def site_url(project: Project, serve) -> str:
    project.pattern("regular-check-ins", "Regular check-ins", value_cells="[integrity/culture, trust/people]")
    project.pattern("hand-on-the-champion", "Hand on the champion role", value_cells="[respect/culture]")
    project.pattern("family-group-conferences", "Family group conferences", value_cells="[empathy/people]")
    return serve(project.built())


def _open(browser, url: str, requests: list[str]):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url + "assessment/relational-value-matrix/")
    return context, page


def _heatmap_labels(page) -> list[str]:
    page.wait_for_function("document.querySelectorAll('#academy-heatmap svg .mark-text.role-mark text').length === 25")
    return page.locator("#academy-heatmap svg .mark-text.role-mark text").all_text_contents()


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
    page.wait_for_function("Array.from(document.querySelectorAll('#academy-heatmap svg .mark-text.role-mark text'))"
                           f".map(t => t.textContent).join() === {json.dumps(','.join(expected))}")
    assert _heatmap_labels(page) == expected
    table = [td.strip() for td in page.locator("#academy-results-table td").all_text_contents()]
    assert table == expected

    # Weakest: the three cells scored 1, in the order of the grid.
    ones = [cells[i].removeprefix("q-") for i in range(25) if score_for(i) == 1][:3]
    shown = page.locator(".academy-recommendation").evaluate_all("els => els.map(e => e.dataset.cell.replace('/', '-'))")
    assert shown == ones
    first = page.locator(".academy-recommendation").first
    assert "Integrity × Culture" in first.locator("h3").inner_text()
    assert first.locator("a").all_text_contents() == ["Regular check-ins"]

    # A reload keeps the answers.
    page.reload()
    assert _heatmap_labels(page) == expected
    assert page.locator(f"#{cells[7]} input[value='{score_for(7)}']").is_checked()

    # Export, clear, import.
    with page.expect_download() as download_info:
        page.click("#academy-export")
    saved = tmp_path / "answers.json"
    download_info.value.save_as(saved)
    assert json.loads(saved.read_text())["answers"]["integrity/culture"] == score_for(0)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#academy-clear")
    page.wait_for_function("Array.from(document.querySelectorAll('#academy-heatmap svg .mark-text.role-mark text')).every(t => t.textContent === '–')")
    assert page.locator(".academy-recommendation").count() == 0
    page.set_input_files("#academy-import", str(saved))
    page.wait_for_function("document.querySelectorAll('.academy-recommendation').length === 3")
    assert _heatmap_labels(page) == expected

    # A file from another framework version is refused and the saved answers are kept.
    other = tmp_path / "old.json"
    other.write_text(json.dumps({**json.loads(saved.read_text()), "version": 99}))
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
    assert sum("vega-runtime.js" in url for url in requests) == page_loads == 3  # once per page load
    context.close()


@pytest.mark.browser
def test_recommendation_rule(browser, site_url: str) -> None:
    context, page = _open(browser, site_url, [])
    page.wait_for_function("window.academyAssessment !== undefined")
    weakest = page.evaluate("""() => {
        const instrument = window.academyPageData(document, 'instrument');
        const rule = window.academyAssessment.weakestCells;
        return {
          lowFirst: rule(instrument, {'trust/process': 2, 'respect/vision': 1, 'integrity/culture': 2,
                                      'empathy/people': 'dk'}).map(w => w.cell.cell),
          topIsNeverWeak: rule(instrument, {'trust/process': 5, 'respect/vision': 5}).length,
          outOfScale: rule(instrument, {'trust/process': 0, 'respect/vision': 9}).length,
        };
    }""")
    assert weakest == {"lowFirst": ["respect/vision", "integrity/culture", "trust/process"],
                       "topIsNeverWeak": 0, "outOfScale": 0}
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
    page.wait_for_function("document.querySelectorAll('.academy-chart svg .mark-text.role-mark text').length === 25")
    labels = page.locator(".academy-chart svg .mark-text.role-mark text").all_text_contents()
    assert labels[0] == "1" and labels.count("0") == 21  # integrity/culture has one pattern; 4 cells covered
    link = page.locator("#academy-coverage-table a").first
    assert link.inner_text() == "1"
    link.click()
    page.wait_for_url("**#cell-integrity-culture")
    assert page.locator("#cell-integrity-culture + ul a").all_text_contents() == ["Regular check-ins"]
    context.close()


def test_chart_specs_compile_and_static_svg_is_published(project: Project) -> None:
    import vl_convert

    project.pattern("regular-check-ins", "Regular check-ins", value_cells="[integrity/culture]")
    site = project.built()
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


def test_chart_runtime_is_at_most_half_the_old_bundle(project: Project) -> None:
    # The Vega + Vega-Lite + vega-embed bundle we used to serve was 898 KB; phones pay for every byte.
    project.pattern("regular-check-ins", "Regular check-ins")
    runtime = project.built() / "assets/academy/vega-runtime.js"
    assert 100_000 < runtime.stat().st_size <= 450_000


def test_pattern_pages_load_no_chart_library(project: Project) -> None:
    project.pattern("regular-check-ins", "Regular check-ins")
    project.built()
    page = project.page("patterns/regular-check-ins")
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
                        values=values, links=True)
    assert f">{top}<" in vl_convert.vega_to_svg(spec)
