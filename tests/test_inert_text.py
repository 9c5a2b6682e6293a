"""Hostile contributor text is shown as written and never acts, on every page and in every output.

One project puts a different hostile string into every plain-text field a contributor controls
(patterns, cohorts, fundamentals, events, a framework), and tricky but valid Markdown into the
Markdown fields. The built site is then parsed, file by file: HTML bodies and heads, the search
index, calendars, chart specs and page data.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from itertools import cycle
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import Project, build_site
from icalendar import Calendar

SITE_URL = "http://academy.test/"
# Each tries a different way out: HTML in text or attributes, Markdown links, images and attr_list,
# autolinks, entities that decode to markup, table cells, template syntax, a <title> breakout.
HOSTILE = [
    "</title><script>alert(8)</script>",
    '"><svg/onload=fetch(`//x.invalid`)>',
    "Plan ![pixel](//x.invalid/p.gif) ahead",
    "Meet]( #){: onfocus=alert(7) autofocus } [x",
    "See <https://x.invalid/auto> now",
    "Notes &#x3C;img src=x onerror=alert(9)&#x3E;",
    "Call [us](javascript:alert(10)) today",
    "Row | <iframe src=//x.invalid> | cell",
    "{{ 7*7 }} and {% raw %} and `tick`",
    "Talk *loud* & __bold__ [^1] ~~gone~~",
    "Hi' onmouseover='alert(11)' x='",
    "<style>@import '//x.invalid/s.css'</style>",
]
_payload = cycle(HOSTILE)


def hostile() -> str:
    return next(_payload)


def q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return json.dumps(text)


# Markdown fields accept Markdown; these pass validation but hold text that looks like markup.
MARKDOWN = q("Keep &lt;script&gt;alert(1)&lt;/script&gt; and &#60;img src=x onerror=alert(2)&#62; as text, "
             "with a [fair link](https://example.org) and *emphasis*{: .note }.")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, dict[str, str]]:
    project = Project.create(tmp_path_factory.mktemp("hostile"))
    fields: dict[str, str] = {}

    def field(name: str) -> str:
        fields[name] = hostile()
        return q(fields[name])

    project.pattern("hostile", field("pattern.title"), summary=field("pattern.summary"),
                    problem=MARKDOWN, context=MARKDOWN, evidence=MARKDOWN,
                    stories=f"\n  - title: {field('pattern.stories.title')}\n    text: {MARKDOWN}",
                    reflection=f"[{field('pattern.reflection')}]",
                    sources=f"\n  - title: {field('pattern.sources.title')}\n    url: https://example.org/a?b=(c)\n"
                            f"    author: {field('pattern.sources.author')}",
                    authors=f"[{field('pattern.authors')}]", aliases=f"[{field('pattern.aliases')}]", proximity="[presence]", value_cells="[trust/culture]")
    project.write("data/fundamentals.yml", f"""\
title: {field('fundamentals.title')}
description: {field('fundamentals.description')}
sessions:
  - id: first
    title: {field('fundamentals.session.title')}
    duration: 60
    objectives: [{field('fundamentals.objectives')}]
    patterns: [hostile]
    trainer_notes: {MARKDOWN}
""")
    project.write("cohorts/hostile-2027.yml", f"""\
title: {field('cohort.title')}
focus_kind: interest
focus: {field('cohort.focus')}
description: {MARKDOWN}
trainers: [{field('cohort.trainers')}]
timezone: Europe/London
venue: {field('cohort.venue')}
fundamentals:
  - session: first
    date: 2027-02-02
    start: "18:30"
sessions:
  - title: {field('cohort.session.title')}
    date: 2027-03-02
    start: "18:30"
    duration: 90
    objectives: [{field('cohort.session.objectives')}]
    patterns: [hostile]
    activities: [{field('cohort.session.activities')}]
    pre_reading: [{field('cohort.session.pre_reading')}]
    reflection: [{field('cohort.session.reflection')}]
    trainer_notes: {MARKDOWN}
""")
    project.write("data/events.yml", f"""\
events:
  - id: hostile-event
    kind: open-day
    title: {field('event.title')}
    date: 2027-02-10
    start: "10:00"
    duration: 60
    timezone: Europe/London
    venue: {field('event.venue')}
    description: {field('event.description')}
""")
    framework = project.root / "data/frameworks/relational-proximity.yml"
    text = framework.read_text(encoding="utf-8")
    text = text.replace("title: Relational proximity", f"title: {field('framework.title')}", 1)
    text = text.replace("    name: Presence\n", f"    name: {field('framework.domain.name')}\n", 1)
    framework.write_text(text, encoding="utf-8")
    (project.root / "mkdocs.yml").write_text((project.root / "mkdocs.yml").read_text().replace(
        "  - academy\n", "  - academy:\n      today: 2027-01-10\n"), encoding="utf-8")
    build_site(project.root / "mkdocs.yml", project.root / "site", site_url=SITE_URL)
    return project, fields


_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href")
_LOADS = {"img", "script", "iframe", "frame", "embed", "object", "source", "video", "audio", "link", "track",
          "input", "image"}


def _dangers(soup: BeautifulSoup, where: str) -> Iterator[str]:
    """Everything in parsed HTML that could run, or ask another host for something."""
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.lower().startswith("on"):
                yield f"{where}: <{tag.name} {name}=...>"
            if name.lower() in _URL_ATTRIBUTES:
                scheme = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                if scheme.startswith(("javascript:", "vbscript:", "data:text", "data:application")):
                    yield f"{where}: <{tag.name} {name}={value!r}>"
                if tag.name in _LOADS and re.match(r"\s*(https?:)?//", value) and not value.startswith(SITE_URL):
                    if not (tag.name == "link" and "stylesheet" not in tag.get("rel", [])):
                        yield f"{where}: <{tag.name}> loads {value!r} from another host"
        if tag.name in ("iframe", "frame", "object", "embed", "base", "meta") and \
                (tag.name != "meta" or tag.get("http-equiv", "").lower() == "refresh"):
            yield f"{where}: <{tag.name}>"
        if tag.name == "script" and tag.get("type") != "application/json" and "alert(" in (tag.string or ""):
            yield f"{where}: a script holding contributor text"
        if tag.name == "style" and "x.invalid" in (tag.string or ""):
            yield f"{where}: a style sheet holding contributor text"


def _html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_page_holds_anything_that_runs_or_loads_from_elsewhere(hostile_site) -> None:
    project, _ = hostile_site
    site = project.root / "site"
    found = [danger for file in _html_files(site)
             for danger in _dangers(BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser"),
                                    str(file.relative_to(site)))]
    assert found == []


def test_every_field_reads_exactly_as_written(hostile_site) -> None:
    project, fields = hostile_site
    site = project.root / "site"
    pattern = project.page("patterns/hostile")
    assert pattern.h1.get_text() == fields["pattern.title"]
    assert pattern.title.get_text() == f"{fields['pattern.title']} - Test Academy"
    assert pattern.select_one(".academy-summary").get_text() == fields["pattern.summary"]
    assert pattern.find("meta", attrs={"property": "og:title"})["content"] == fields["pattern.title"]
    assert fields["pattern.summary"] in pattern.find("meta", attrs={"name": "description"})["content"]
    story = pattern.find("h3")
    assert story.get_text().rstrip("¶") == fields["pattern.stories.title"]
    body = pattern.select_one("article").get_text()
    for name in ("pattern.reflection", "pattern.sources.title", "pattern.sources.author", "pattern.authors",
                 "pattern.aliases"):
        assert fields[name] in body, name
    # Markdown fields: entities stay text, ordinary Markdown still works.
    assert "Keep <script>alert(1)</script> and <img src=x onerror=alert(2)> as text" in body
    assert pattern.find("a", href="https://example.org") is not None
    assert pattern.find("a", href="https://example.org/a?b=%28c%29").get_text() == fields["pattern.sources.title"]

    overview = project.page("cohorts/hostile-2027")
    text = overview.select_one("article").get_text()
    for name in ("cohort.focus", "cohort.venue", "cohort.trainers", "cohort.session.title",
                 "fundamentals.session.title"):
        assert fields[name] in text, name
    assert overview.h1.get_text() == fields["cohort.title"]
    session_pages = [p for p in (site / "cohorts/hostile-2027").iterdir() if p.is_dir() and p.name != "trainer"]
    session_text = " ".join(BeautifulSoup((p / "index.html").read_text(encoding="utf-8"), "html.parser")
                            .select_one("article").get_text() for p in session_pages)
    for name in ("cohort.session.objectives", "cohort.session.activities", "cohort.session.pre_reading",
                 "cohort.session.reflection", "fundamentals.objectives"):
        assert fields[name] in session_text, name
    listing = project.page("cohorts").select_one("article").get_text()
    assert fields["cohort.title"] in listing and fields["fundamentals.objectives"] in listing
    events = project.page("help-yourself/events").select_one("article").get_text()
    for name in ("event.title", "event.venue", "event.description"):
        assert fields[name] in events, name
    framework = project.page("frameworks/relational-proximity")
    assert framework.h1.get_text() == fields["framework.title"]
    assert fields["framework.domain.name"] in framework.select_one("article table").get_text()
    library = project.page("patterns").select_one("article")
    assert fields["pattern.title"] in library.get_text()


def test_search_index_text_is_inert_when_shown_as_html(hostile_site) -> None:
    project, fields = hostile_site
    index = json.loads((project.root / "site/search/search_index.json").read_text(encoding="utf-8"))
    found = []
    for doc in index["docs"]:
        for key, value in doc.items():
            for text in value if isinstance(value, list) else [value]:
                found += _dangers(BeautifulSoup(str(text), "html.parser"), f"search {doc['location']} {key}")
    assert found == []
    titles = {BeautifulSoup(doc["title"], "html.parser").get_text() for doc in index["docs"]}
    assert fields["pattern.title"] in titles
    tags = {BeautifulSoup(tag, "html.parser").get_text() for doc in index["docs"] for tag in doc.get("tags", [])}
    assert fields["pattern.aliases"] in tags  # search shows it as written


def _json_islands(soup: BeautifulSoup) -> Iterator[object]:
    for script in soup.find_all("script", type="application/json"):
        assert "<" not in script.string  # nothing in the data can end the element early
        yield json.loads(script.string)
    for holder in soup.select("[data-academy-data]"):
        yield json.loads(holder["data-academy-data"])


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_chart_specs_and_page_data_carry_the_text_as_data(hostile_site) -> None:
    project, fields = hostile_site
    overview = project.page("cohorts/hostile-2027")
    timeline = " ".join(s for data in _json_islands(overview) for s in _strings(data))
    assert fields["cohort.session.title"] in timeline and fields["cohort.title"] in timeline
    assessment = project.page("assessment/relational-proximity")
    data = " ".join(s for data in _json_islands(assessment) for s in _strings(data))
    assert fields["pattern.title"] in data and fields["framework.domain.name"] in data


def test_calendars_hold_the_text_as_one_property_each(hostile_site) -> None:
    project, fields = hostile_site
    site = project.root / "site"
    for ics, title, venue in ((next(site.rglob("hostile-2027*.ics")), fields["cohort.session.title"], fields["cohort.venue"]),
                              (next(site.rglob("hostile-event*.ics")), fields["event.title"], fields["event.venue"])):
        calendar = Calendar.from_ical(ics.read_bytes())
        events = calendar.walk("VEVENT")
        assert any(str(e["SUMMARY"]).endswith(title) for e in events), ics
        assert all(str(e["LOCATION"]) == venue for e in events), ics


# What the sanitiser would strip from Markdown is refused by `academy validate`, each at its place.
MARKDOWN_ATTACKS = [
    ("[Open](jav&#x61;script:void(0))", "'javascript:' links are not allowed"),
    ("[Go](JAVASCRIPT&#58;x)", "'javascript:' links are not allowed"),
    ('<a href="java&#9;script:x">tab</a>', "'javascript:' links are not allowed"),  # browsers drop the tab
    ("[nl](java&#10;script:x)", "'javascript:' links are not allowed"),
    ("<a href='VBScript:msgbox'>v</a>", "'vbscript:' links are not allowed"),
    ("![x](data:image/svg+xml;base64,PHN2Zz4=)", "'data:' links are not allowed"),
    ("![x](https://cdn.x.invalid/a.png)", "is on another host; images must be files on this site"),
    ("![x](//cdn.x.invalid/a.png)", "is on another host; images must be files on this site"),
    ('Text\n{: onpointerenter="x()" }', "the HTML attribute 'onpointerenter' runs a script"),
    ('*Hi*{: style="position:fixed" }', "the attribute 'style' is not allowed on <em>"),
    ("<object data=x.swf></object>", "<object> is not allowed in text"),
    ('<div markdown="1"><iframe src="/x"></iframe></div>', "<iframe> is not allowed in text"),
    ("<form><button formaction=/x>go</button></form>", "<form> is not allowed in text"),
    ("<math><mi xlink:href=javascript:x>m</mi></math>", "<math> is not allowed in text"),
]


def test_validate_refuses_what_the_sanitiser_would_remove(project: Project) -> None:
    stories = "".join(f"\n  - title: Story {n}\n    text: {q(text)}" for n, (text, _) in enumerate(MARKDOWN_ATTACKS))
    project.pattern("attacks", q("Two\nlines"), stories=stories)
    result = subprocess.run([sys.executable, "-m", "academy.cli", "validate"], cwd=project.root,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    for n, (_, message) in enumerate(MARKDOWN_ATTACKS):
        assert re.search(rf"patterns/attacks\.yml:\d+:\d+: stories\[{n}\]\.text: .*{re.escape(message)}",
                         result.stdout), (n, result.stdout)
    assert re.search(r"patterns/attacks\.yml:1:8: title: must be a single line", result.stdout), result.stdout


def test_a_line_break_in_a_calendar_title_is_refused(project: Project) -> None:
    title = q("Open day\r\nEND:VEVENT\r\nBEGIN:VEVENT")
    project.write("data/events.yml", f"""\
events:
  - id: split
    kind: open-day
    title: {title}
    date: 2027-02-10
    start: "10:00"
    duration: 60
    timezone: Europe/London
    venue: Online
    description: A day.
""")
    result = subprocess.run([sys.executable, "-m", "academy.cli", "validate"], cwd=project.root,
                            capture_output=True, text=True, timeout=120)
    assert "data/events.yml:4:12: events[0].title: must be a single line" in result.stdout, result.stdout
