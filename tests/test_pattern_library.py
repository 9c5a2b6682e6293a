"""A learner browsing the pattern library: pages, sections, tags, relations, filters, edit links."""

from __future__ import annotations

import json

import pytest
from conftest import Project


def _library(project: Project) -> None:
    project.pattern("regular-check-ins", "Regular check-ins",
                    proximity="[presence, storyline]", value_cells="[trust/process]",
                    pathway="[preparation]", scale="[team]", sectors="[education]", tags="[meetings]",
                    stories="\n  - title: A head teacher's Friday call\n    text: She rang the partner *every* week.",
                    evidence="Partners reported **faster** decisions.",
                    reflection="\n  - When did you last talk without an agenda?",
                    related="\n  - pattern: invest-time\n    relation: leads-to\n"
                            "  - pattern: champion-handover\n    relation: complements")
    project.pattern("invest-time", "Invest time in partners", proximity="[knowledge]")
    project.pattern("champion-handover", "Hand on the champion role", status="experimental")


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """Three related patterns, built once for the tests that only read the built pages."""
    project = Project.create(tmp_path_factory.mktemp("library"))
    _library(project)
    project.built()
    return project


def test_each_pattern_has_its_page_with_every_section(library: Project) -> None:
    project = library
    page = project.page("patterns/regular-check-ins")
    assert page.h1.get_text(strip=True) == "Regular check-ins"
    assert "A one-line summary of regular check-ins." in page.select_one(".academy-summary").get_text()
    headings = [h.get_text(strip=True).rstrip("¶") for h in page.select("article h2")]
    for section in ("The problem", "Context", "What to do", "Stories from practice", "Evidence",
                    "Questions for reflection", "Sources", "Frameworks", "Related patterns"):
        assert section in headings
    assert page.select_one("article em").get_text() == "every"  # Markdown in a story is rendered
    meta = page.select_one(".academy-meta").get_text(" ", strip=True)
    assert "Established" in meta and "Academy team" in meta and "1 October 2026" in meta
    assert [li.get_text(strip=True) for li in page.select("h2#what-to-do + ol li")] == [
        "Agree a rhythm of short meetings.", "Keep notes of what was agreed."]


def test_framework_tags_link_to_grouped_lists(library: Project) -> None:
    project = library
    page = project.page("patterns/regular-check-ins")
    links = {a.get_text(strip=True): a["href"] for a in page.select("h2#frameworks + ul a")}
    assert links["Presence"] == "../../library/proximity/#proximity-presence"
    assert links["Trust × Process"] == "../../library/value-matrix/#cell-trust-process"
    assert links["3. Preparation"] == "../../library/pathway/#step-preparation"
    grouped = project.page("library/proximity")
    presence = grouped.select_one("#proximity-presence").find_next("ul")
    assert [a.get_text() for a in presence.select("a")] == ["Regular check-ins"]
    knowledge = grouped.select_one("#proximity-knowledge").find_next("ul")
    assert [a.get_text() for a in knowledge.select("a")] == ["Invest time in partners"]
    # The headings are Markdown (ids through attr_list, which the plugin adds: mkdocs.yml lists no
    # extension here), so they reach the table of contents.
    contents = [a["href"] for a in grouped.select(".md-sidebar--secondary a")]
    assert contents == ["#proximity-presence", "#proximity-storyline", "#proximity-knowledge",
                        "#proximity-fairness", "#proximity-alignment"]


def test_relations_are_shown_from_both_sides(library: Project) -> None:
    project = library
    def related(page_id: str) -> list[str]:
        page = project.page(f"patterns/{page_id}")
        return [li.get_text(" ", strip=True) for li in page.select("h2#related-patterns + ul li")]
    assert related("regular-check-ins") == ["Complements: Hand on the champion role",
                                            "Leads to: Invest time in partners"]
    assert related("invest-time") == ["Follows from: Regular check-ins"]
    assert related("champion-handover") == ["Complements: Regular check-ins"]
    link = project.page("patterns/invest-time").select_one("h2#related-patterns + ul a")
    assert (project.root / "site/patterns/invest-time" / link["href"] / "index.html").resolve().exists()


def test_library_index_lists_every_pattern_with_filters(library: Project) -> None:
    project = library
    page = project.page("patterns")
    items = page.select("#academy-pattern-list li")
    assert [li.a.get_text() for li in items] == ["Hand on the champion role", "Invest time in partners",
                                                 "Regular check-ins"]
    check_ins = items[2]
    assert check_ins["data-proximity"] == "presence storyline"
    assert check_ins["data-cell"] == "trust/process"
    assert check_ins["data-step"] == "preparation"
    filters = {s["name"] for s in page.select("#academy-filters select")}
    assert filters == {"proximity", "cell", "step", "status", "scale", "sector", "tag"}
    assert check_ins["data-status"] == "established" and items[0]["data-status"] == "experimental"
    assert len(page.select("#filter-cell option")) == 26  # "Any" and the 25 cells


def test_edit_link_search_and_published_schema(library: Project) -> None:
    project, site = library, library.root / "site"
    page = project.page("patterns/invest-time")
    assert page.select_one(".academy-edit a")["href"] == "https://github.com/academy-test/site/edit/main/patterns/invest-time.yml"
    assert page.select_one("a.md-content__button[href]")["href"].endswith("patterns/invest-time.yml")
    index = json.loads((site / "search/search_index.json").read_text())
    assert any(doc["location"] == "patterns/invest-time/" for doc in index["docs"])
    schema = json.loads((site / "schema/pattern.schema.json").read_text())
    assert "what_to_do" in schema["required"]


def test_pattern_pages_stay_out_of_the_navigation(project: Project) -> None:
    for n in range(5):
        project.pattern(f"pattern-{n}", f"Pattern number {n}")
    project.built()
    nav = project.page("patterns/pattern-1").select_one("nav.md-nav--primary")
    assert "Pattern number" not in nav.get_text()


INJECTIONS = {
    "script tag": ("<script>alert(1)</script>", "<script> is not allowed in text"),
    "event handler": ("<img src=x onerror=alert(1)>", "the HTML attribute 'onerror' runs a script"),
    "javascript link": ("[click](javascript:alert(1))", "'javascript:' links are not allowed"),
    "html javascript link": ('<a href=\\"javascript:alert(1)\\">x</a>', "'javascript:' links are not allowed"),
    "iframe": ('<iframe src=\\"https://evil.example\\"></iframe>', "<iframe> is not allowed in text"),
    "form": ("<form action=/x><input name=a></form>", "<form> is not allowed in text"),
}


@pytest.mark.parametrize("case", INJECTIONS, ids=list(INJECTIONS))
def test_contributor_scripts_stop_the_build_with_their_location(project: Project, case: str) -> None:
    text, message = INJECTIONS[case]
    project.pattern("unsafe", "Unsafe text", context=f'"Some **bold** text. {text}"')
    result = project.build()
    assert result.returncode != 0
    assert f"patterns/unsafe.yml:5:10: context: {message}" in result.stderr
    assert not (project.root / "site").exists()


def test_ordinary_markdown_survives_the_sanitiser(project: Project) -> None:
    project.pattern("markdown", "Markdown text", context='"Some **bold** text, a [link](https://example.org) and `code`."',
                    evidence="|\n  | Year | Result |\n  | --- | --- |\n  | 2024 | Better |")
    project.built()
    article = project.page("patterns/markdown").select_one("article")
    assert article.select_one("strong").get_text() == "bold"
    assert article.find("a", href="https://example.org") is not None
    assert article.select_one("code").get_text() == "code"
    assert [td.get_text() for td in article.select("table td")] == ["2024", "Better"]


def test_status_is_a_facet_with_its_page_and_an_explanation(library: Project) -> None:
    project = library
    grouped = project.page("library/status")
    experimental = grouped.select_one("#status-experimental")
    assert "tried in a few places" in experimental.find_next("p").get_text()
    assert [a.get_text() for a in experimental.find_next("ul").select("a")] == ["Hand on the champion role"]
    assert [a.get_text() for a in grouped.select_one("#status-established").find_next("ul").select("a")] == [
        "Invest time in partners", "Regular check-ins"]
    status = project.page("patterns/champion-handover").select_one(".academy-meta dt:-soup-contains('Status') + dd")
    assert status.a["href"] == "../../library/status/#status-experimental"
    assert "becomes established once it has been used in at least three different settings" in status.get_text()
    rules = status.find("a", string="How a pattern changes status")
    assert rules["href"] == ("https://github.com/academy-test/site/blob/main/CONTRIBUTING.md"
                             "#from-experimental-to-established")
    from conftest import REPO
    assert "## From experimental to established" in (REPO / "CONTRIBUTING.md").read_text()
    frameworks = project.page("patterns/champion-handover").select_one("h2#frameworks").find_next()
    assert "Status" not in frameworks.get_text()  # shown once, beside the pattern's other facts
