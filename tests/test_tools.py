"""The Help Yourself tools, used as a learner uses them: the real site built as it runs live, reached by
clicking links (Material's instant navigation engaged), known answers in, charts, tables and suggested
patterns checked against them and against the pattern files' tags."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import (
    REPO,
    assert_heatmap_legible,
    chart_geometry,
    choose_file_by_keyboard,
    follow,
    outside,
    page_data,
    page_overflow,
    resize_window,
    serious_violations,
    watch_errors,
)
from playwright.sync_api import expect

ASSETS = REPO / "plugins" / "academy" / "site" / "assets"


# --- the site, built once as it runs live ------------------------------------------------------

@pytest.fixture(scope="module")
def site(real_site: str) -> str:
    """This repository's own site, built once for this module with `site_url` = the test server."""
    return real_site


def arrive(browser, site: str, link_text: str, **context_options):
    """From the home page, through the Help Yourself page, to the tool named by `link_text`."""
    context = browser.new_context(accept_downloads=True, **context_options)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    errors = watch_errors(page)  # uncaught exceptions, console errors and (below) any failed request
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(site)
    follow(page, page.locator(".md-tabs a", has_text="Help yourself"))
    follow(page, page.locator("article a", has_text=link_text).first)
    return context, page, requests, errors


def offsite(requests: list[str], site: str) -> list[str]:
    return [url for url in requests if not url.startswith((site, "data:", "blob:"))]


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def patterns_tagged(field: str, value: str) -> list[str]:
    """Titles of the patterns whose YAML tags them with `value`, in the library's order."""
    found = []
    for file in sorted((REPO / "patterns").glob("*.yml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        if value in (data.get(field) or []):
            found.append(data["title"])
    return sorted(found, key=str.casefold)


def rules_page(browser, *scripts: str):
    """A blank page with only our scripts loaded: the pure rules, tested without a site."""
    page = browser.new_page()
    page.set_content("<!doctype html><html><body></body></html>")
    for name in scripts:
        page.add_script_tag(path=str(ASSETS / name))
    return page


def refuse_bad_files(page, tmp_path: Path, kind: str, good: dict, input_for, message: str, kept: str) -> None:
    """Files of the wrong kind, another framework version, too large or malformed: each refused with
    a short, clear message saying what was kept."""
    other_version = {**good, "version": 99} if "frameworkVersion" not in good else {**good, "frameworkVersion": 99}
    bad = {
        "wrong-kind.json": (json.dumps({"kind": kind, "version": 1}), "file"),
        "other-version.json": (json.dumps(other_version), "version 99"),
        "malformed.json": ("{not json", "not valid JSON"),
        "too-large.json": (json.dumps({**good, "padding": "x" * 300_000}), "far smaller"),
    }
    for name, (text, words) in bad.items():
        (tmp_path / name).write_text(text)
        page.set_input_files(input_for(name), str(tmp_path / name))
        expect(page.locator(message)).to_contain_text(words)
        expect(page.locator(message)).to_contain_text(kept)
        assert len(page.locator(message).inner_text()) < 400


def matrix_cells() -> list[str]:
    data = yaml.safe_load((REPO / "data/frameworks/relational-value-matrix.yml").read_text(encoding="utf-8"))
    return [f"{s['value']}/{s['area']}" for s in data["assessment"]["statements"]]


# --- see what changed -----------------------------------------------------------------------------

def answers_file(answers: dict, saved: str) -> dict:
    return {"framework": "relational-value-matrix", "version": 1, "saved": saved, "answers": answers}


def earlier_score(index: int) -> int:
    return (index * 2) % 5 + 1


def later_score(index: int) -> int:
    return (index * 3) % 5 + 1


def test_change_rule(browser) -> None:
    page = rules_page(browser, "tools.js", "tool-change.js")
    result = page.evaluate("""() => {
      const instrument = {scale: {min: 1, max: 5}, cells: ['a', 'b', 'c', 'd', 'e', 'f'].map(c => ({cell: c, name: c}))};
      const r = window.academyChange.compare(instrument, {a: 2, b: 4, c: 2, d: 5, e: 'dk', f: 3}, {a: 4, b: 1, c: 2, d: 3, e: 2});
      const steady = window.academyChange.compare(instrument, {a: 4, b: 3}, {a: 4, b: 3});
      const top = window.academyChange.compare(instrument, {a: 5}, {a: 5});
      const ids = list => list.map(c => c.cell.cell);
      return {labels: r.cells.map(c => c.label), rose: ids(r.rose), fell: ids(r.fell), weak: ids(r.stayedWeak),
              focus: ids(r.focus), compared: r.compared, steadyFocus: ids(steady.focus), topFocus: ids(top.focus),
              summary: window.academyChange.summarise(r)};
    }""")
    assert result["labels"] == ["+2", "−3", "0", "−2", "–", "–"]  # "don't know" and unanswered are not compared
    assert result["rose"] == ["a"] and result["fell"] == ["b", "d"] and result["weak"] == ["c"]
    assert result["focus"] == ["b", "d", "c"]  # largest fall first, then what stayed weak
    assert result["compared"] == 4
    assert result["steadyFocus"] == ["b"]  # nothing fell or stayed weak: the lowest unchanged cell
    assert result["topFocus"] == []  # the top of the scale is never a concern
    assert result["summary"].startswith("4 statements were scored both times: 1 rose, 2 fell and 1 stayed the same.")
    page.close()


@pytest.mark.browser
def test_see_what_changed(browser, site: str, tmp_path: Path) -> None:
    context, page, requests, errors = arrive(browser, site, "see what changed")
    assert page.url == site + "help-yourself/what-changed/"
    cells = matrix_cells()
    earlier = answers_file({c: earlier_score(i) for i, c in enumerate(cells)}, "2026-03-01T10:00:00Z")
    later = answers_file({c: later_score(i) for i, c in enumerate(cells)}, "2026-11-20T10:00:00Z")
    # The self-assessment page keeps the current answers under this key; the tool reads them from there.
    page.evaluate("answers => localStorage.setItem('academy:assessment:relational-value-matrix:v1', JSON.stringify(answers))", later)
    earlier_path = tmp_path / "earlier.json"
    earlier_path.write_text(json.dumps(earlier))
    page.set_input_files("#academy-change-earlier", str(earlier_path))

    changes = [later_score(i) - earlier_score(i) for i in range(25)]
    expected = [f"+{d}" if d > 0 else f"−{-d}" if d < 0 else "0" for d in changes]
    marks = "#academy-change-heatmap svg .mark-text.role-mark text"
    page.wait_for_function(f"() => document.querySelectorAll('{marks}').length === 25")
    assert page.locator(marks).all_text_contents() == expected
    table = page.locator("#academy-change-table tbody td").all_text_contents()
    assert table == [f"{earlier_score(i)} → {later_score(i)} ({expected[i]})" for i in range(25)]
    summary = page.locator("#academy-change-summary").inner_text()
    rose, fell, same = sum(d > 0 for d in changes), sum(d < 0 for d in changes), sum(d == 0 for d in changes)
    assert f"25 statements were scored both times: {rose} rose, {fell} fell and {same} stayed the same." in summary
    expect(page.locator("#academy-change-source")).to_contain_text("1 March 2026")

    # Suggestions: every cell that fell, largest fall first, then cells that stayed weak (below 3).
    fell_cells = sorted((i for i in range(25) if changes[i] < 0), key=lambda i: (changes[i], i))
    weak_cells = sorted((i for i in range(25) if changes[i] == 0 and later_score(i) < 3), key=lambda i: (later_score(i), i))
    focus = fell_cells + weak_cells
    sections = page.locator("#academy-change-advice .academy-recommendation")
    assert sections.evaluate_all("els => els.map(e => e.dataset.cell)") == [cells[i] for i in focus[:6]]
    rest = page.locator(".academy-change-rest").inner_text()  # the others are named, most urgent first
    names = [page.locator("#academy-change-table tbody th").nth(i // 5).inner_text() for i in focus[6:]]
    assert [line.split(" × ")[0] for line in rest.removeprefix("Also worth a look, once these are in hand: ").split("), ")] == names
    for n, i in enumerate(focus[:6]):
        shown = sections.nth(n).locator("li > a").all_text_contents()
        assert shown == patterns_tagged("value_cells", cells[i]), cells[i]
    assert any(sections.nth(n).locator("li").count() for n in range(sections.count())), "no pattern suggested at all"

    # A reload keeps the comparison.
    page.reload()
    page.wait_for_function(f"() => document.querySelectorAll('{marks}').length === 25")
    assert page.locator(marks).all_text_contents() == expected

    # The difference heatmap reads on a desktop and on a phone: labels clear of the cells, within the window.
    heatmap = "#academy-change-heatmap svg"
    assert_heatmap_legible(page.locator(heatmap), 1280)
    resize_window(page, 375, heatmap)
    assert_heatmap_legible(page.locator(heatmap), 375)
    assert page_overflow(page) <= 0
    resize_window(page, 1280, heatmap)

    # Export, clear, import.
    with page.expect_download() as download:
        page.click("#academy-change-export")
    saved = tmp_path / "comparison.json"
    download.value.save_as(saved)
    exported = json.loads(saved.read_text())
    assert exported["kind"] == "academy-what-changed" and exported["earlier"]["answers"] == earlier["answers"]
    assert exported["later"]["answers"] == later["answers"]
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#academy-change-clear")
    expect(page.locator("#academy-change-results")).to_be_hidden()
    page.set_input_files("#academy-change-import", str(saved))
    expect(page.locator("#academy-change-results")).to_be_visible()
    page.wait_for_function(f"() => Array.from(document.querySelectorAll('{marks}')).map(t => t.textContent).join() === {json.dumps(','.join(expected))}")

    # Bad files are refused with a clear message, and what was loaded stays.
    refuse_bad_files(page, tmp_path, "academy-relationship-map", earlier,
                     lambda name: "#academy-change-import" if name == "wrong-kind.json" else "#academy-change-earlier",
                     "#academy-change-message", "Nothing you had loaded was changed")
    page.set_input_files("#academy-change-import", str(tmp_path / "wrong-kind.json"))
    expect(page.locator("#academy-change-message")).to_contain_text("not a comparison file")
    page.reload()
    page.wait_for_function(f"() => document.querySelectorAll('{marks}').length === 25")
    assert page.locator(marks).all_text_contents() == expected

    # The comparison prints on one page.
    page.emulate_media(media="print")
    assert pdf_pages(page.pdf(format="A4", margin={side: "1cm" for side in ("top", "right", "bottom", "left")})) == 1
    page.emulate_media(media="screen")

    assert offsite(requests, site) == []
    assert [e for e in errors if 'Failed to load resource' not in e] == []
    context.close()


@pytest.mark.browser
def test_see_what_changed_without_storage_and_by_keyboard(browser, site: str, tmp_path: Path) -> None:
    context, page, _, errors = arrive(browser, site, "see what changed")
    # From here on the browser refuses storage, as private modes and full quotas do.
    page.evaluate("""() => Object.defineProperty(window, 'localStorage', {
        configurable: true, get() { throw new DOMException('Storage is off', 'SecurityError'); } })""")
    follow(page, page.locator(".md-tabs a", has_text="Help yourself"))
    follow(page, page.locator("article a", has_text="see what changed").first)
    expect(page.locator("#academy-change-message")).to_contain_text("does not let the page store anything")
    cells = matrix_cells()
    earlier = answers_file({c: 2 for c in cells}, "2026-01-05T09:00:00Z")
    later = answers_file({c: 3 for c in cells}, "2026-06-05T09:00:00Z")
    for name, data in (("earlier.json", earlier), ("later.json", later)):
        (tmp_path / name).write_text(json.dumps(data))
    # Reach the file control by keyboard and open it with the keyboard.
    page.locator("#academy-change-source").click()
    for _ in range(10):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("() => document.activeElement.id") == "academy-change-earlier":
            break
    assert page.evaluate("() => document.activeElement.id") == "academy-change-earlier"
    choose_file_by_keyboard(page, tmp_path / "earlier.json")
    page.set_input_files("#academy-change-later", str(tmp_path / "later.json"))
    marks = "#academy-change-heatmap svg .mark-text.role-mark text"
    page.wait_for_function(f"() => document.querySelectorAll('{marks}').length === 25")
    assert set(page.locator(marks).all_text_contents()) == {"+1"}
    expect(page.locator("#academy-change-message")).to_contain_text("lasts only until you leave the page")
    assert [e for e in errors if 'Failed to load resource' not in e] == []
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_tools_are_accessible(browser, site: str, scheme: str, tmp_path: Path) -> None:
    context, page, _, _ = arrive(browser, site, "see what changed", color_scheme=scheme)
    cells = matrix_cells()
    page.evaluate("answers => localStorage.setItem('academy:assessment:relational-value-matrix:v1', JSON.stringify(answers))",
                  answers_file({c: later_score(i) for i, c in enumerate(cells)}, "2026-11-20T10:00:00Z"))
    (tmp_path / "earlier.json").write_text(json.dumps(answers_file({c: 3 for c in cells}, "2026-03-01T10:00:00Z")))
    page.set_input_files("#academy-change-earlier", str(tmp_path / "earlier.json"))
    page.wait_for_selector("#academy-change-heatmap svg")
    expected_scheme = "slate" if scheme == "dark" else "default"
    assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == expected_scheme
    page.mouse.move(0, 0)  # the pointer rests where the last link was clicked; hover colours are not the page's own
    assert serious_violations(page) == []

    follow(page, page.locator(".md-tabs a", has_text="Help yourself"))
    follow(page, page.locator("article a", has_text="Map your relationships"))
    page.evaluate(f"file => localStorage.setItem('{MAP_KEY}', JSON.stringify(file))", map_file([relationship(i) for i in range(8)]))
    page.reload()
    page.wait_for_selector("#academy-map-scatter svg")
    page.mouse.move(0, 0)
    assert serious_violations(page) == []

    follow(page, page.locator(".md-tabs a", has_text="Help yourself"))
    follow(page, page.locator("article a", has_text="Check a partnership against the measured pathway"))
    page.check("input[name='meeting-and-scoping:prerequisite'][value='yes']")
    page.locator("#academy-pathway-checkin button").click()
    page.wait_for_selector("#academy-pathway-chart svg")
    page.mouse.move(0, 0)
    page.evaluate("() => document.activeElement.blur()")  # Material's focused button is orange: not our page
    assert serious_violations(page) == []
    context.close()


def test_tool_chart_specs_compile(site: str) -> None:
    import urllib.parse
    import urllib.request

    import vl_convert
    from bs4 import BeautifulSoup

    def read(path: str, name: str) -> dict:
        return page_data(BeautifulSoup(urllib.request.urlopen(site + path).read().decode(), "html.parser"), name)

    data = read("help-yourself/what-changed/", "what-changed")
    assert [i["id"] for i in data["instruments"]] == ["relational-value-matrix", "relational-proximity"]
    for instrument in data["instruments"]:
        spec = instrument["spec"]  # compiled to Vega at build time
        assert "/vega/v6" in spec["$schema"] and spec["description"].startswith("Difference heatmap")
        assert vl_convert.vega_to_svg(spec).startswith("<svg")
    relationship_map = read("help-yourself/relationship-map/", "relationship-map")
    assert [d["id"] for d in relationship_map["domains"]] == DOMAINS
    for name, spec in relationship_map["specs"].items():
        assert {d["name"] for d in spec["data"]} >= {"map" if name == "map" else "points" if name == "scatter" else "scores"}
    pathway = read("help-yourself/pathway-check/", "pathway-check")
    assert [s["name"] for s in pathway["steps"]] == [s["name"] for s in pathway_steps()]
    assert "checkins" in {d["name"] for d in pathway["spec"]["data"]}
    # Each tool is linked from the pages a learner comes from: Help Yourself, its frameworks, the patterns it suggests.
    links = {
        "help-yourself/what-changed/": ["help-yourself/", "frameworks/relational-value-matrix/",
                                        "frameworks/relational-proximity/", "patterns/family-hubs/"],
        "help-yourself/relationship-map/": ["help-yourself/", "frameworks/relational-proximity/", "patterns/family-hubs/"],
        "help-yourself/pathway-check/": ["help-yourself/", "frameworks/measured-pathway/", "patterns/family-hubs/"],
    }
    for tool, pages in links.items():
        for path in pages:
            html = urllib.request.urlopen(site + path).read().decode()
            hrefs = {urllib.parse.urljoin(site + path, a["href"]) for a in BeautifulSoup(html, "html.parser").select("article a[href]")}
            assert site + tool in hrefs, (tool, path)


# --- map your relationships -----------------------------------------------------------------------

DOMAINS = ["presence", "storyline", "knowledge", "fairness", "alignment"]
DOMAIN_NAMES = ["Presence", "Storyline", "Knowledge", "Fairness", "Alignment"]
KINDS = ["person", "team", "organisation"]
MAP_KEY = "academy:tool:relationship-map:v1"


def relationship(i: int) -> dict:
    """A varied but known relationship: number i of a map."""
    return {"label": f"Partner {i + 1}", "kind": KINDS[i % 3], "importance": (i * 2) % 5 + 1 if i % 4 else None,
            "scores": {d: (i * (j + 2) + j + i // 3) % 5 + 1 for j, d in enumerate(DOMAINS)}}


def map_file(relationships: list[dict], **fields) -> dict:
    return {"kind": "academy-relationship-map", "version": 1, "framework": "relational-proximity",
            "frameworkVersion": 1, "saved": "2026-11-20T10:00:00Z", "relationships": relationships, **fields}


def test_map_rules(browser) -> None:
    page = rules_page(browser, "tools.js", "tool-map.js")
    result = page.evaluate("""() => {
      const M = window.academyMap, scale = {min: 1, max: 5};
      const domains = ['a', 'b', 'c'].map(id => ({id, name: id}));
      const rels = [{scores: {a: 1, b: 1}}, {scores: {}}, {scores: {a: 5, b: 5, c: 5}}, {scores: {a: 3, b: 4, c: 2}}];
      const placed = M.placement(rels, domains, scale);
      const ties = M.spreadTies([{xValue: 2, yValue: 3}, {xValue: 2, yValue: 3}, {xValue: 4, yValue: 1}], 0.16);
      const avg = M.domainAverages([{scores: {a: 2, b: 4, c: 2}}, {scores: {a: 4, b: 4, c: 1}}], domains, scale);
      return {
        overall: rels.map(r => M.overall(r, domains, scale)),
        order: placed.map(p => p.index),
        radii: placed.map(p => Math.round(p.radius * 1000) / 1000),
        onTheirRing: placed.every(p => Math.abs(Math.hypot(p.x, p.y) - p.radius) < 1e-9),
        ties: ties.map(p => [Math.round(p.x * 100) / 100, Math.round(p.y * 100) / 100]),
        averages: avg.averages.map(a => [a.domain.id, a.average]), weakest: avg.weakest.map(a => a.domain.id),
        topNeverWeak: M.domainAverages([{scores: {a: 5}}], domains, scale).weakest.length,
      };
    }""")
    assert result["overall"] == [1, None, 5, 3]  # the mean of the domains scored; none scored: not placed
    assert result["order"] == [2, 3, 0] and result["radii"] == [0.2, 0.6, 1.0]  # stronger is nearer
    assert result["onTheirRing"]
    assert result["ties"] == [[2.16, 3.0], [1.84, 3.0], [4.0, 1.0]]  # equal values drawn apart, others where they are
    assert result["averages"] == [["c", 1.5], ["a", 3], ["b", 4]] and result["weakest"] == ["c", "a"]
    assert result["topNeverWeak"] == 0

    # Thirty relationships stay readable: no two marks closer than a mark is wide (21 px at 200 px a unit).
    thirty = [relationship(i) for i in range(30)]
    closest = page.evaluate("""rels => {
      const domains = ['presence', 'storyline', 'knowledge', 'fairness', 'alignment'].map(id => ({id}));
      const placed = window.academyMap.placement(rels, domains, {min: 1, max: 5});
      let best = Infinity;
      for (const a of placed) for (const b of placed) if (a !== b) best = Math.min(best, Math.hypot(a.x - b.x, a.y - b.y));
      return [placed.length, best];
    }""", thirty)
    assert closest[0] == 30 and closest[1] * 200 >= 21, closest

    # Files that must not be loaded.
    problems = page.evaluate("""files => files.map(f => window.academyMap.mapProblem(f,
        {version: 1, scale: {min: 1, max: 5}, domains: [{id: 'presence'}]}))""", [
        map_file([{"label": "A", "kind": "team", "importance": None, "scores": {"presence": 3}}]),
        {"kind": "academy-what-changed", "version": 1},
        map_file([], frameworkVersion=2),
        map_file([{"label": "A", "kind": "alien", "importance": None, "scores": {}}]),
        map_file([{"label": "A", "kind": "team", "importance": 9, "scores": {}}]),
        map_file([{"label": "A", "kind": "team", "importance": None, "scores": {"presence": 0}}]),
        map_file([{"label": "x" * 5000, "kind": "team", "importance": None, "scores": {}}]),
        map_file([{"label": "A", "kind": "team", "importance": None, "scores": {}}] * 61),
    ])
    assert problems[0] is None
    assert "not a relationship map file" in problems[1]
    assert "version 2" in problems[2]
    assert all(problems[1:]) and all(len(p) < 300 for p in problems[1:])
    page.close()


def _map_marks(page) -> list[tuple[str, float]]:
    """Each relationship's number on the map and its distance from "You", in pixels."""
    return page.evaluate("""() => {
      const svg = document.querySelector('#academy-map-chart svg');
      const texts = Array.from(svg.querySelectorAll('.mark-text.role-mark text'));
      const centre = texts.find(t => t.textContent === 'You').getBoundingClientRect();
      const cx = centre.x + centre.width / 2, cy = centre.y + centre.height / 2;
      return texts.filter(t => /^[0-9]+$/.test(t.textContent) && t.closest('g.mark-text').querySelectorAll('text').length > 0
                               && !t.getAttribute('fill')?.includes('6b6b6b'))
        .map(t => { const r = t.getBoundingClientRect(); return [t.textContent, Math.hypot(r.x + r.width / 2 - cx, r.y + r.height / 2 - cy)]; });
    }""")


@pytest.mark.browser
def test_relationship_map(browser, site: str, tmp_path: Path) -> None:
    context, page, requests, errors = arrive(browser, site, "Map your relationships")
    assert page.url == site + "help-yourself/relationship-map/"
    known = [  # label, kind, importance, scores in domain order
        ("Head teacher", "person", "5", [4, 5, 4, 5, 5]),
        ("Youth team", "team", "3", [2, 2, 3, 1, 2]),
        ("County council", "organisation", None, [3, 3, 2, 3, 4]),
    ]
    # Added by keyboard: type a name, choose kind and importance, press Enter.
    for label, kind, importance, _ in known:
        page.locator("#academy-map-label").fill(label)
        page.select_option("#academy-map-kind", kind)
        page.select_option("#academy-map-importance", importance or "")
        page.locator("#academy-map-label").press("Enter")
        expect(page.locator("#academy-map-message")).to_contain_text(f"{label} was added")
    assert page.evaluate("() => document.activeElement.id") == "academy-map-label"
    for label, _, _, scores in known:
        for name, score in zip(DOMAIN_NAMES, scores, strict=True):
            page.get_by_label(f"{name} of {label}", exact=True).select_option(str(score))
    overall = [sum(s) / 5 for *_, s in known]

    # The map: one numbered mark per relationship, nearer the stronger.
    page.wait_for_function("() => document.querySelectorAll('#academy-map-chart svg .mark-symbol.role-mark path').length === 3")
    marks = dict(_map_marks(page))
    assert sorted(marks) == ["1", "2", "3"]
    by_distance = sorted(marks, key=marks.get)
    assert by_distance == [str(i + 1) for i in sorted(range(3), key=lambda i: -overall[i])]
    key = [[c.strip() for c in row] for row in page.locator("#academy-map-key tbody tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.cells).map(c => c.textContent))")]
    assert key == [[str(i + 1), known[i][0], known[i][1], f"{overall[i]:.1f}"] for i in sorted(range(3), key=lambda i: -overall[i])]
    summary = page.locator("#academy-map-summary").inner_text()
    assert "Closest to you: Head teacher (4.6)" in summary and "Furthest: Youth team (2.0)" in summary

    # The heatmap: relationships by domain, with the table beside it.
    heat = "#academy-map-heatmap svg .mark-text.role-mark text"
    page.wait_for_function(f"() => document.querySelectorAll('{heat}').length === 15")
    assert page.locator(heat).all_text_contents() == [str(s) for *_, scores in known for s in scores]
    assert page.locator("#academy-map-scores tbody tr").first.locator("td").all_text_contents() == ["1", "4", "5", "4", "5", "5", "4.6"]
    assert_heatmap_legible(page.locator("#academy-map-heatmap svg"), 1280)
    resize_window(page, 375, "#academy-map-heatmap svg")
    assert_heatmap_legible(page.locator("#academy-map-heatmap svg"), 375)
    resize_window(page, 1280, "#academy-map-heatmap svg")

    # The XY chart: importance against overall proximity by default (unrated importance left off) ...
    expect(page.locator("#academy-map-xy-summary")).to_contain_text("Left off for lack of a score: County council")
    assert page.locator("#academy-map-xy tbody tr").count() == 2
    # ... or two chosen domains.
    page.select_option("#academy-map-x", "presence")
    page.select_option("#academy-map-y", "alignment")
    page.wait_for_function("() => Array.from(document.querySelectorAll('#academy-map-scatter svg text')).some(t => t.textContent === 'Alignment')")
    rows = page.locator("#academy-map-xy tbody tr").evaluate_all("rows => rows.map(r => Array.from(r.cells).map(c => c.textContent))")
    assert rows == [[str(i + 1), known[i][0], f"{known[i][3][0]:.1f}", f"{known[i][3][4]:.1f}"] for i in range(3)]
    assert page.locator("#academy-map-scatter svg .mark-symbol.role-mark path").count() == 3

    # Weakest domains across the map, with the patterns the YAML tags with each.
    averages = sorted((sum(s[j] for *_, s in known) / 3, j) for j in range(5))
    cut = averages[1][0]
    weakest = [DOMAINS[j] for a, j in averages if a <= cut]
    sections = page.locator("#academy-map-advice .academy-recommendation")
    assert sections.evaluate_all("els => els.map(e => e.dataset.domain)") == weakest
    for n, domain in enumerate(weakest):
        assert sections.nth(n).locator("li > a").all_text_contents() == patterns_tagged("proximity", domain), domain
        assert sections.nth(n).locator("li").count() > 0

    # Reload, export, clear, import.
    page.reload()
    page.wait_for_function("() => document.querySelectorAll('#academy-map-chart svg .mark-symbol.role-mark path').length === 3")
    assert page.get_by_label("Fairness of Youth team", exact=True).input_value() == "1"
    with page.expect_download() as download:
        page.click("#academy-map-export")
    saved = tmp_path / "map.json"
    download.value.save_as(saved)
    exported = json.loads(saved.read_text())
    assert [r["label"] for r in exported["relationships"]] == [k[0] for k in known]
    assert exported["relationships"][1]["scores"] == dict(zip(DOMAINS, known[1][3], strict=True))
    assert exported["relationships"][2]["importance"] is None
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#academy-map-clear")
    expect(page.locator("#academy-map-results")).to_be_hidden()
    page.set_input_files("#academy-map-import", str(saved))
    page.wait_for_function("() => document.querySelectorAll('#academy-map-chart svg .mark-symbol.role-mark path').length === 3")

    refuse_bad_files(page, tmp_path, "academy-what-changed", exported, lambda name: "#academy-map-import",
                     "#academy-map-message", "Your map was kept as it was")
    page.reload()
    page.wait_for_function("() => document.querySelectorAll('#academy-map-chart svg .mark-symbol.role-mark path').length === 3")

    # Thirty relationships: every number on the map, none covering another.
    (tmp_path / "thirty.json").write_text(json.dumps(map_file([relationship(i) for i in range(30)])))
    page.set_input_files("#academy-map-import", str(tmp_path / "thirty.json"))
    page.wait_for_function("() => document.querySelectorAll('#academy-map-chart svg .mark-symbol.role-mark path').length === 30")
    centres = page.locator("#academy-map-chart svg .mark-symbol.role-mark path").evaluate_all(
        "ps => ps.map(p => { const r = p.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2, r.width]; })")
    width = max(c[2] for c in centres)
    assert min(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for a in centres for b in centres if a is not b) >= width
    assert sorted(int(n) for n, _ in _map_marks(page)) == list(range(1, 31))

    # Printed, the charts and tables stay and the editing controls go.
    page.emulate_media(media="print")
    expect(page.locator("#academy-map-chart svg")).to_be_visible()
    expect(page.locator("#academy-map-add")).to_be_hidden()
    assert pdf_pages(page.pdf(format="A4")) >= 1
    page.emulate_media(media="screen")

    assert offsite(requests, site) == []
    assert [e for e in errors if 'Failed to load resource' not in e] == []
    context.close()


# --- check a partnership against the measured pathway ---------------------------------------------

def pathway_steps() -> list[dict]:
    return yaml.safe_load((REPO / "data/frameworks/measured-pathway.yml").read_text(encoding="utf-8"))["steps"]


def pathway_file(**fields) -> dict:
    return {"kind": "academy-pathway-check", "version": 1, "framework": "measured-pathway", "frameworkVersion": 1,
            "partnership": "", "answers": {}, "checkins": [], **fields}


def test_pathway_rules(browser) -> None:
    page = rules_page(browser, "tools.js", "tool-pathway.js")
    steps = [{"id": s["id"], "number": s["number"], "name": s["name"]} for s in pathway_steps()]
    ids = [s["id"] for s in steps]
    both = {"prerequisite": "yes", "outcome": "yes"}
    cases = {
        "nothing answered": {},
        "step 1 under way": {ids[0]: {"prerequisite": "yes"}},
        "three done, fourth ready": {**{i: both for i in ids[:3]}, ids[3]: {"prerequisite": "yes", "outcome": "unsure"}},
        "outcome 2 claimed, but 3 cannot start": {**{i: both for i in ids[:2]}, ids[2]: {"prerequisite": "no", "outcome": "yes"}},
        "a gap: later steps do not count": {ids[0]: both, ids[1]: {"prerequisite": "yes", "outcome": "no"}, ids[4]: both},
        "mature": {i: both for i in ids},
    }
    result = page.evaluate("""([steps, cases]) => Object.fromEntries(Object.entries(cases).map(([name, answers]) => {
        const p = window.academyPathway.position(steps, answers);
        return [name, [p.step.number, p.ready, p.complete, p.next && p.next.number]];
    }))""", [steps, cases])
    assert result == {
        "nothing answered": [1, False, False, 2],
        "step 1 under way": [1, True, False, 2],
        "three done, fourth ready": [4, True, False, 5],
        "outcome 2 claimed, but 3 cannot start": [3, False, False, 4],
        "a gap: later steps do not count": [2, True, False, 3],
        "mature": [6, True, True, None],
    }
    journeys = page.evaluate("""steps => [
        [{date: '2026-05-01', step: 4, note: ''}, {date: '2026-01-01', step: 1, note: ''}],
        [{date: '2026-01-01', step: 3, note: ''}, {date: '2026-03-01', step: 5, note: ''}, {date: '2026-06-01', step: 3, note: ''}],
      ].map(list => { const j = window.academyPathway.journey(list, steps); return [j.checkins.map(c => c.date), j.summary]; })""", steps)
    assert journeys[0] == [["2026-01-01", "2026-05-01"],
                           "2 check-ins from 1 January 2026 to 1 May 2026: moved on from step 1 (Meeting and scoping) to step 4 (Precedent-setting)."]
    assert journeys[1][1].endswith("at step 3 (Preparation) at the first and the last. It had reached step 5 in between.")
    framework = {"version": 1, "steps": steps}
    problems = page.evaluate("([files, fw]) => files.map(f => window.academyPathway.checkProblem(f, fw))", [[
        pathway_file(answers={ids[0]: both}, checkins=[{"date": "2026-02-28", "step": 2, "note": "ok"}]),
        {"kind": "academy-relationship-map", "version": 1},
        pathway_file(frameworkVersion=3),
        pathway_file(answers={"step-9": both}),
        pathway_file(answers={ids[0]: {"prerequisite": "maybe"}}),
        pathway_file(checkins=[{"date": "2026-02-30", "step": 2, "note": ""}]),
        pathway_file(checkins=[{"date": "2026-02-03", "step": 7, "note": ""}]),
        pathway_file(checkins=[{"date": "2026-02-03", "step": 2, "note": "n" * 5000}]),
    ], framework])
    assert problems[0] is None
    assert "not a pathway check file" in problems[1] and "version 3" in problems[2]
    assert all(problems[3:]) and all(len(p) < 300 for p in problems[1:])
    page.close()


@pytest.mark.browser
def test_pathway_check(browser, site: str, tmp_path: Path) -> None:
    context, page, requests, errors = arrive(browser, site, "Check a partnership against the measured pathway")
    assert page.url == site + "help-yourself/pathway-check/"
    steps = pathway_steps()
    expect(page.locator("#academy-pathway-summary")).to_have_text("The partnership is at step 1 of 6, Meeting and scoping, but its starting point does not hold yet.")
    page.fill("#academy-pathway-name", "School and youth club")
    page.locator("#academy-pathway-name").press("Tab")

    def answer(step: dict, prerequisite: str, outcome: str | None = None) -> None:
        page.check(f"input[name='{step['id']}:prerequisite'][value='{prerequisite}']")
        if outcome:
            page.check(f"input[name='{step['id']}:outcome'][value='{outcome}']")

    def check_in(day: str, note: str = "") -> None:
        page.fill("#academy-pathway-date", day)
        page.fill("#academy-pathway-note", note)
        page.locator("#academy-pathway-note").press("Enter")  # the keyboard saves it, as the button does
        expect(page.locator("#academy-pathway-message")).to_contain_text("saved at step")

    answer(steps[0], "yes", "yes")
    answer(steps[1], "yes", "unsure")
    check_in("2026-02-01", "First meeting went well")
    answer(steps[1], "yes", "yes")
    answer(steps[2], "yes", "yes")
    answer(steps[3], "yes", "no")
    check_in("2026-06-15")
    # Where it stands now: step 4, what it asks, what the next step asks, and the patterns tagged with it.
    expect(page.locator("#academy-pathway-summary")).to_have_text("School and youth club is at step 4 of 6, Precedent-setting.")
    position = page.locator("#academy-pathway-position")
    assert position.get_attribute("data-step") == steps[3]["id"]
    assert steps[3]["action"] in position.inner_text()
    assert f"Next, step 5 (Established and growing) asks: {steps[4]['action']}" in position.inner_text()
    shown = page.locator("#academy-pathway-advice li > a").all_text_contents()
    assert shown == patterns_tagged("pathway", steps[3]["id"]) and shown
    # A later check-in that went back a step.
    answer(steps[2], "yes", "no")
    check_in("2026-09-30", "Funding gap")

    points = "#academy-pathway-chart svg .mark-symbol.role-mark path"
    page.wait_for_function(f"() => document.querySelectorAll('{points}').length === 3")
    ys = page.locator(points).evaluate_all("ps => ps.map(p => p.getBoundingClientRect().y)")
    xs = page.locator(points).evaluate_all("ps => ps.map(p => p.getBoundingClientRect().x)")
    assert xs == sorted(xs) and ys[0] > ys[2] > ys[1]  # step 2, then 4 (higher up), then back to 3
    # Every point and label inside the chart, on a desktop and on a phone.
    for width in (1280, 375):
        resize_window(page, width, "#academy-pathway-chart svg")
        shape = chart_geometry(page.locator("#academy-pathway-chart svg"))
        assert len(shape["points"]) == 3 and outside(shape["points"] + shape["texts"], shape["svg"]) == []
        assert page_overflow(page) <= 0
    resize_window(page, 1280, "#academy-pathway-chart svg")
    rows = page.locator("#academy-pathway-checkins tbody tr").evaluate_all("rows => rows.map(r => Array.from(r.cells).slice(0, 3).map(c => c.textContent))")
    assert rows == [["1 February 2026", "2. Assessment", "First meeting went well"],
                    ["15 June 2026", "4. Precedent-setting", "–"], ["30 September 2026", "3. Preparation", "Funding gap"]]
    expect(page.locator("#academy-pathway-journey-summary")).to_have_text(
        "3 check-ins from 1 February 2026 to 30 September 2026: moved on from step 2 (Assessment) to step 3 (Preparation). It had reached step 4 in between.")

    # Reload, export, clear, import.
    page.reload()
    page.wait_for_function(f"() => document.querySelectorAll('{points}').length === 3")
    assert page.is_checked(f"input[name='{steps[3]['id']}:outcome'][value='no']")
    assert page.input_value("#academy-pathway-name") == "School and youth club"
    with page.expect_download() as download:
        page.click("#academy-pathway-export")
    saved = tmp_path / "pathway.json"
    download.value.save_as(saved)
    exported = json.loads(saved.read_text())
    assert [c["step"] for c in exported["checkins"]] == [2, 4, 3] and exported["partnership"] == "School and youth club"
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#academy-pathway-clear")
    expect(page.locator("#academy-pathway-journey")).to_be_hidden()
    expect(page.locator("#academy-pathway-summary")).to_contain_text("step 1 of 6")
    page.set_input_files("#academy-pathway-import", str(saved))
    page.wait_for_function(f"() => document.querySelectorAll('{points}').length === 3")
    expect(page.locator("#academy-pathway-summary")).to_contain_text("step 3 of 6")

    refuse_bad_files(page, tmp_path, "academy-relationship-map", exported, lambda name: "#academy-pathway-import",
                     "#academy-pathway-message", "were kept as they were")
    page.reload()
    page.wait_for_function(f"() => document.querySelectorAll('{points}').length === 3")

    page.emulate_media(media="print")
    expect(page.locator("#academy-pathway-chart svg")).to_be_visible()
    expect(page.locator("#academy-pathway-checkin")).to_be_hidden()
    assert pdf_pages(page.pdf(format="A4")) >= 1
    page.emulate_media(media="screen")

    assert offsite(requests, site) == []
    assert [e for e in errors if 'Failed to load resource' not in e] == []
    context.close()


@pytest.mark.browser
def test_tools_without_javascript(browser, site: str) -> None:
    """With JavaScript off, each tool's introduction and questions read as a page, with no dead buttons."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for path, words in (("help-yourself/what-changed/", "JavaScript"), ("help-yourself/relationship-map/", "on paper"),
                        ("help-yourself/pathway-check/", "on paper")):
        page.goto(site + path)
        assert words in page.locator("article").text_content(), (path, page.locator("article").text_content()[-600:])
        assert page.locator("article button:visible, article label.md-button:visible").count() == 0, path
        assert "Where this comes from" in page.locator("article").inner_text()
    assert page.locator("#academy-pathway-form fieldset.academy-pathway-step").count() == 6
    context.close()
