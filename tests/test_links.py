"""Links contributors write in Markdown fields lead somewhere: `academy validate` (and the build, before
it writes anything) reports a link to a page, file or anchor that does not exist at the file, line,
column and field where it is written, so `mkdocs build --strict` never fails on a link after
validation passed. Real files, the real command line, real strict builds."""

from __future__ import annotations

import pytest
from conftest import MINIMAL_CONFIG, Project, broken_links, tree_digest
from test_cli import academy
from test_cohorts import FUNDAMENTALS, cohort_yaml

#: MkDocs' link checks all made failures in a strict build, as the real site's mkdocs.yml makes them.
STRICT_LINKS = MINIMAL_CONFIG + """\
validation:
  omitted_files: info
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn
"""

#: Every way of linking within the site that the check accepts; each must build strictly and lead somewhere.
GOOD_LINKS = """|
  Another pattern: [invest time](invest-time.md), and a heading on it: [its steps](invest-time.md#what-to-do).
  A heading on this page: [the context](#context). A hand-written page and a heading id given
  with attr_list: [privacy](../about/privacy.md), [what we keep](../about/privacy.md#kept).
  The home page: [home](../index.md). A picture on the site: ![a map](../about/map.svg)
  A place on this page, in HTML: <a href="#what-to-do">the steps</a>.
  An outside source: [the guide](https://example.org/guide). A footnote[^1].

  [^1]: Footnotes link both ways within the page.
"""


@pytest.fixture
def linked(project: Project) -> Project:
    project.write("mkdocs.yml", STRICT_LINKS)
    project.write("docs/about/privacy.md", "# Privacy\n\n## What we keep {#kept}\n\nNothing.\n")
    project.write("docs/about/map.svg", '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"></svg>\n')
    project.write("data/fundamentals.yml", FUNDAMENTALS)
    project.pattern("invest-time", "Invest time in partners")
    # Steps are also printed on the cards page (as HTML there): their links must lead to the same places.
    project.pattern("regular-check-ins", "Regular check-ins", problem=GOOD_LINKS, what_to_do=(
        "\n  - Read [invest time](invest-time.md) and [its steps](invest-time.md#what-to-do) first."
        "\n  - Agree [the context](#context), then ![the map](../about/map.svg)."))
    project.pattern("hand-on-the-champion", "Hand on the champion role")
    project.write("cohorts/police-2027.yml", cohort_yaml(
        description='"Starts from [check-ins](../../patterns/regular-check-ins.md#what-to-do)."'))
    project.academy_options(today="2027-01-10")
    return project


def test_links_that_validate_build_strictly_and_lead_where_they_say(linked: Project) -> None:
    result = academy(linked, "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    site = linked.built()
    assert broken_links(site, directory_urls=True) == []
    links = {a.get_text(): a["href"] for a in linked.page("patterns/regular-check-ins").select("article a")}
    assert links["its steps"] == "../invest-time/#what-to-do"
    assert links["what we keep"] == "../../about/privacy/#kept"
    assert links["the context"] == "#context"
    overview = {a.get_text(): a["href"] for a in linked.page("cohorts/police-2027").select("article a")}
    assert overview["check-ins"] == "../../patterns/regular-check-ins/#what-to-do"
    card = next(card for card in linked.page("library/cards").select(".academy-card")
                if card.h2.get_text() == "Regular check-ins")
    assert {a.get_text(): a["href"] for a in card.select("ol a")} == {
        "invest time": "../../patterns/invest-time/", "its steps": "../../patterns/invest-time/#what-to-do",
        "the context": "../../patterns/regular-check-ins/#context"}
    assert card.select_one("ol img")["src"] == "../../about/map.svg"


BROKEN = {
    # what is written on a line of the field: the report's line:column and message
    "A [missing page](invest-tim.md) here.":
        "6:20: problem: the link 'invest-tim.md' leads to no page or file of the site "
        "(patterns/invest-tim.md does not exist); did you mean 'invest-time.md'?",
    "A link to a [folder](../invest-time/).":
        "7:24: problem: the link '../invest-time/' names no page of the site; did you mean 'invest-time.md'?",
    "A [root link](/patterns/invest-time/).":
        "8:17: problem: the link '/patterns/invest-time/' starts at the site's root, which breaks wherever the "
        "site is not at the root of its host; link relative to this page: 'invest-time.md'",
    "A heading that is not there: [steps](invest-time.md#what-to-dp).":
        "9:40: problem: the link 'invest-time.md#what-to-dp' leads to no heading or anchor '#what-to-dp' on "
        "patterns/invest-time.md (did you mean 'what-to-do'?)",
    "No [such heading](#contxt) on this page.":
        "10:21: problem: the link '#contxt' leads to no heading or anchor on this page (did you mean 'context'?)",
    "A [page of the site](../about/privacy.md#what-we-keep) without that anchor.":
        "11:24: problem: the link '../about/privacy.md#what-we-keep' leads to no heading or anchor "
        "'#what-we-keep' on about/privacy.md",
    'Raw HTML: <a href="invest-time.md">invest</a>.':
        "12:22: problem: the address 'invest-time.md' is written in HTML, which the site neither checks nor "
        "rewrites; write it in Markdown: [words](invest-time.md)",
    'A raw picture: <img alt="map" src="../about/map.svg">.':
        "13:38: problem: the address '../about/map.svg' is written in HTML, which the site neither checks nor "
        "rewrites; write it in Markdown: ![what it shows](../about/map.svg)",
    'A raw link to <a href="#nowhere">a place on this page</a>.':
        "14:26: problem: the link '#nowhere' leads to no heading or anchor on this page",
}


def test_broken_links_are_reported_where_written_and_the_previous_site_stays(linked: Project) -> None:
    site = linked.built()
    before = tree_digest(site)
    lines = "".join(f"  {line}\n" for line in BROKEN)
    linked.pattern("regular-check-ins", "Regular check-ins", problem=f"|\n  Partners only talk when it is late.\n{lines}")
    linked.write("cohorts/police-2027.yml", cohort_yaml(
        description='"Starts from [check-ins](../../patterns/regular-check-in.md)."'))
    expected = [f"patterns/regular-check-ins.yml:{where}" for where in BROKEN.values()]
    expected.append("cohorts/police-2027.yml:4:39: description: the link '../../patterns/regular-check-in.md' "
                    "leads to no page or file of the site (patterns/regular-check-in.md does not exist); did you "
                    "mean '../../patterns/regular-check-ins.md'?")

    result = academy(linked, "validate")
    assert result.returncode == 1
    assert sorted(result.stdout.splitlines()) == sorted(expected)

    build = linked.build()
    assert build.returncode == 1 and "Traceback" not in build.stderr
    for line in expected:
        assert line in build.stderr
    assert tree_digest(site) == before


def test_trainer_notes_are_not_checked_against_pages_they_never_appear_on(linked: Project) -> None:
    """Trainer notes are printed in the trainer pack only, so a relative link there is no page's link."""
    linked.write("cohorts/police-2027.yml", cohort_yaml().replace(
        "trainer_notes: TRAINER-ONLY-NOTE bring the ward map.",
        "trainer_notes: See [the ward map](ward-map.md) before the walk."))
    result = academy(linked, "validate")
    assert result.returncode == 0, result.stdout + result.stderr
