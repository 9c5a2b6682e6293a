"""Propose a pattern: the form reached by clicking from the home page, filled in as a contributor
would, its GitHub address carrying a file that the real `academy validate` accepts; bad drafts get
the command line's own messages; hostile text stays text; a long draft falls back to copy and download."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from conftest import REPO, Project, follow, serious_violations, watch_errors
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
FIRST_PATTERN = min(p.stem for p in (REPO / "patterns").glob("*.yml"))


class TextDates(yaml.SafeLoader):
    """PyYAML's safe loader, keeping dates as text (as our own loader does): a bad date reads back as written."""


TextDates.yaml_implicit_resolvers = {first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
                                     for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


@pytest.fixture(scope="module")
def site(real_site: str) -> str:
    return real_site


def arrive(browser, site: str, **context_options):
    """From the home page, through the pattern library, to the form; every failed request is an error."""
    context = browser.new_context(accept_downloads=True, **context_options)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    errors = watch_errors(page)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(site)
    follow(page, page.locator(".md-tabs a", has_text="Pattern library"))
    follow(page, page.locator("article a", has_text="Propose a pattern").first)
    expect(page.locator("h1")).to_contain_text("Propose a pattern")
    return context, page, requests, errors


def field(page, *path: str | int):
    return page.locator("#academy-propose-f-" + "-".join(str(p) for p in path))


def add(page, name: str) -> None:
    page.locator(f"#academy-propose-f-{name}-add").click()


def validate(tmp_path: Path, files: dict[str, str]) -> dict[str, list[str]]:
    """Run the real `academy validate` on these pattern files in a project with the real library:
    each file's errors as "field: message", sorted."""
    project = Project.create(tmp_path / "project")
    for existing in (REPO / "patterns").glob("*.yml"):
        shutil.copy(existing, project.root / "patterns" / existing.name)
    for name, text in files.items():
        project.write(f"patterns/{name}", text)
    result = subprocess.run([sys.executable, "-m", "academy.cli", "validate", "--format", "json",
                             *(f"patterns/{name}" for name in files)], cwd=project.root, capture_output=True,
                            text=True, timeout=300)
    assert "Traceback" not in result.stderr, result.stderr
    found: dict[str, list[str]] = {name: [] for name in files}
    for problem in json.loads(result.stdout):
        if problem["severity"] == "error":
            found[problem["file"].removeprefix("patterns/")].append(f"{problem['field']}: {problem['message']}")
    return {name: sorted(messages) for name, messages in found.items()}


def page_problems(page) -> list[str]:
    """The problems the page lists, without those about the file name (the form's own, not the file's)."""
    return sorted(t for t in page.locator("#academy-propose-problems li").all_inner_texts()
                  if not t.startswith("file name:"))


PROBLEM = "Partners describe the same streets differently.\n\nNobody has walked them # together: plans miss what residents see."


def fill_complete(page) -> None:
    field(page, "title").fill("Walk the patch together")
    field(page, "summary").fill("Walk the neighbourhood with partners, so each sees what the others see.")
    field(page, "aliases", 0).fill("Neighbourhood walk")
    add(page, "aliases")
    field(page, "aliases", 1).fill('Patch walk: a "shared" look')
    page.locator("label", has_text="Experimental").click()
    field(page, "problem").fill(PROBLEM)
    field(page, "context").fill("Place-based partnerships with several agencies.")
    field(page, "what_to_do", 0).fill("Pick a route that *each* partner knows.")
    add(page, "what_to_do")
    field(page, "what_to_do", 1).fill("Walk it together.\n\n- note what each person notices\n- compare notes")
    add(page, "stories")
    field(page, "stories", 0, "title").fill("The east marsh")
    field(page, "stories", 0, "text").fill("Officers and housing staff walked the estate.\n"
                                           "They fixed [the lighting](https://example.org/lights) first.")
    field(page, "evidence").fill("Small trials only.")
    field(page, "sources", 0, "title").fill("Moving the Needle: Promising Practices")
    field(page, "sources", 0, "author").fill("John Ashcroft")
    field(page, "sources", 0, "year").fill("2019")
    field(page, "sources", 0, "url").fill("https://relationshipsfoundation.org/")
    field(page, "reflection", 0).fill("Who would see your patch differently?")
    for label in ("Presence", "Trust × Process", "Meeting and scoping", "A place"):
        page.get_by_label(label, exact=False).first.check()
    field(page, "sectors", 0).fill("local-government")
    field(page, "tags", 0).fill("place")
    add(page, "related")
    field(page, "related", 0, "pattern").select_option(FIRST_PATTERN)
    field(page, "related", 0, "relation").select_option("complements")
    field(page, "authors", 0).fill("A. Contributor")


def test_whats_new_and_the_form_are_reached_by_clicking_from_home(browser, site: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    errors = watch_errors(page)
    page.goto(site)
    follow(page, page.locator(".md-tabs a", has_text="Pattern library"))
    follow(page, page.locator(".md-nav a", has_text="What's new"))
    expect(page.locator("h1")).to_contain_text("What's new in the pattern library")
    follow(page, page.locator(".md-nav a", has_text="Propose a pattern"))
    expect(page.locator("h1")).to_contain_text("Propose a pattern")
    expect(page.locator("#academy-propose-f-title")).to_be_visible()
    assert errors == []
    context.close()


def test_a_complete_draft_opens_github_with_a_file_academy_validate_accepts(browser, site: str, tmp_path: Path) -> None:
    context, page, requests, errors = arrive(browser, site)
    expect(page.locator("#academy-propose-summary")).to_contain_text("to fix")
    fill_complete(page)
    expect(page.locator("#academy-propose-summary")).to_contain_text("passes every check")
    link = page.locator("#academy-propose-github")
    expect(link).to_be_visible()
    url = urlsplit(link.get_attribute("href"))
    assert (url.scheme, url.netloc, url.path) == ("https", "github.com", "/relationships-academy/site/new/main/patterns")
    query = parse_qs(url.query, strict_parsing=True)
    assert query["filename"] == ["walk-the-patch-together.yml"]
    text = query["value"][0]
    assert text == page.locator("#academy-propose-yaml").inner_text()
    assert validate(tmp_path, {"walk-the-patch-together.yml": text}) == {"walk-the-patch-together.yml": []}
    data = yaml.safe_load(text)
    assert data["problem"] == PROBLEM and data["aliases"] == ["Neighbourhood walk", 'Patch walk: a "shared" look']
    assert data["what_to_do"][1] == "Walk it together.\n\n- note what each person notices\n- compare notes"
    assert data["sources"] == [{"title": "Moving the Needle: Promising Practices", "author": "John Ashcroft",
                                "year": 2019, "url": "https://relationshipsfoundation.org/"}]
    assert data["related"] == [{"pattern": FIRST_PATTERN, "relation": "complements"}]
    assert data["value_cells"] == ["trust/process"] and data["status"] == "experimental"
    # Nothing has left the site: GitHub is only a link until the contributor follows it.
    assert [r for r in requests if not r.startswith((site, "data:", "blob:"))] == []
    # The draft is kept in this browser, and cleared on request.
    page.reload()
    expect(field(page, "title")).to_have_value("Walk the patch together")
    expect(field(page, "related", 0, "pattern")).to_have_value(FIRST_PATTERN)
    page.locator("#academy-propose-clear").click()
    expect(field(page, "title")).to_have_value("")
    expect(page.locator("#academy-propose-yaml")).not_to_contain_text("Walk the patch")
    page.reload()
    expect(field(page, "title")).to_have_value("")
    assert errors == []
    context.close()


def test_a_draft_kept_by_an_older_form_is_fitted_to_this_one(browser, site: str) -> None:
    context, page, _, errors = arrive(browser, site)
    page.evaluate("""() => localStorage.setItem('academy:propose-pattern', JSON.stringify({fields: {
        title: 'Kept title', aliases: 'once text, now a list', status: ['not', 'text'],
        sources: [{title: 'Kept source', retired_field: 1}], gone: 1}}))""")
    page.reload()
    expect(field(page, "title")).to_have_value("Kept title")
    expect(field(page, "aliases", 0)).to_have_value("")
    expect(field(page, "sources", 0, "title")).to_have_value("Kept source")
    assert "retired_field" not in page.locator("#academy-propose-yaml").inner_text()
    assert errors == []
    context.close()


def _base() -> dict:
    return {"title": "A fine practice", "summary": "Something short that is long enough.", "status": "established",
            "problem": "A problem.", "context": "A context.", "what_to_do": ["A step."],
            "sources": [{"title": "A book"}], "authors": ["Someone"], "last_reviewed": "2026-11-20"}


#: Drafts that break each kind of rule: the schema's (required, lengths, patterns, lists, numbers,
#: dates) and the checks on text beyond it (HTML and links in Markdown, line breaks, web addresses).
BAD_DRAFTS = [
    {},
    {**_base(), "title": "ab", "summary": "x" * 250, "status": None},
    {**_base(), "title": "Line\u2028break", "summary": "   ", "aliases": ["Same", "Same"]},
    {**_base(), "aliases": ["x"], "tags": ["Not A Slug"], "sectors": ["ok", "ok"], "last_reviewed": "2026-02-30"},
    {**_base(), "problem": "<script>alert(1)</script> and <span style=\"color:red\">red</span>",
     "context": '<img src="https://evil.example/x.png" onerror="alert(1)">',
     "what_to_do": ["[click](javascript:alert(1))", "![x](https://evil.example/y.png)", "[ftp](ftp://files.example.org/a)"],
     "evidence": "<iframe src=\"https://evil.example/\"></iframe>"},
    {**_base(), "sources": [{"title": "A", "url": "ftp://files.example.org"}, {"title": "B", "url": "https://localhost/x"},
                            {"author": "Only an author"}, {"title": "C", "year": 1700}]},
    {**_base(), "stories": [{"title": "T", "text": "<a href=\"java\tscript:alert(1)\">x</a> and [l](https://nodot/page)"},
                            {"title": "x" * 130, "text": "Fine.\n{: onclick=\"alert(1)\" }"}]},
    {**_base(), "title": "t" * 5000, "what_to_do": [], "authors": ["Two\nlines"]},
]


def test_bad_drafts_get_the_command_lines_own_messages(browser, site: str, tmp_path: Path) -> None:
    context, page, _, errors = arrive(browser, site)
    drafts = [{k: v for k, v in d.items() if v is not None} for d in BAD_DRAFTS]
    checked = page.evaluate("""(drafts) => {
        const data = academyPageData(document, "propose");
        data.schema = JSON.parse(data.schema);
        return drafts.map((draft) => ({yaml: academyProposeRules.toYaml(draft, data),
            problems: academyProposeRules.problems(draft, data).map((p) => p.field + ": " + p.message).sort()}));
    }""", drafts)
    for draft, result in zip(drafts, checked, strict=True):  # the YAML reads back as the draft itself
        assert (yaml.load(result["yaml"], Loader=TextDates) or {}) == draft
    cli = validate(tmp_path, {f"bad-{i}.yml": r["yaml"] for i, r in enumerate(checked)})
    for i, result in enumerate(checked):
        assert cli[f"bad-{i}.yml"], f"draft {i} should be refused by the command line"
        assert sorted(result["problems"]) == cli[f"bad-{i}.yml"], f"draft {i}"
    # Typed into the form, a bad draft lists the same messages as the command line does for its file.
    field(page, "title").fill("ab")
    field(page, "summary").fill("Too short")
    field(page, "sources", 0, "url").fill("https://localhost/x")
    field(page, "problem").fill("See <b onclick=\"x()\">this</b> and [that](javascript:void(0)).")
    expect(page.locator("#academy-propose-summary")).to_contain_text("to fix")
    expect(field(page, "title")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#academy-propose-f-title-error")).to_have_text("is too short: write at least 3 characters")
    expect(page.locator("#academy-propose-github")).to_be_hidden()
    text = page.locator("#academy-propose-yaml").inner_text()
    assert page_problems(page) == validate(tmp_path / "typed", {"ab.yml": text})["ab.yml"]
    assert errors == []
    context.close()


HOSTILE = ('<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> **bold** '
           '[link](javascript:window.__pwned=3) {: onclick="window.__pwned=4" }\n# Heading\n\n- item: "quoted" \\ '
           "back\u2028slash &amp; &lt;b&gt; 'single' #hash --- ... ? ! | > % @ `tick`")


def test_hostile_text_in_every_field_stays_text_on_the_page_and_in_the_yaml(browser, site: str) -> None:
    context, page, _, errors = arrive(browser, site)
    for name in ("stories", "related"):
        add(page, name)
    inputs = page.locator("#academy-propose-form input[type=text]:not(#academy-propose-f-id), #academy-propose-form textarea")
    for i in range(inputs.count()):
        inputs.nth(i).fill(HOSTILE + (" " + "long " * 2000 if i == 3 else ""))
    field(page, "title").fill(HOSTILE)  # the file name follows the title, made safe
    expect(field(page, "id")).to_have_value("img-src-x-onerror-window-pwned-1-script-window-pwned-2")
    page.locator("#academy-propose-download").focus()
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("article img[src='x'], article script:not([src]), article h1").count() == 1  # only the page's h1
    typed = page.evaluate("""() => [...document.querySelectorAll('#academy-propose-form [data-path]')]
        .filter((n) => n.type === 'text' || n.tagName === 'TEXTAREA')
        .map((n) => [JSON.parse(n.dataset.path), n.value])""")
    data = yaml.safe_load(page.locator("#academy-propose-yaml").inner_text())
    checked = 0
    for path, value in typed:
        if path == ["id"] or (path[-1] == "year"):
            continue
        node = data
        for part in path:
            node = node[part]
        assert node == value.strip(" \n"), path
        checked += 1
    assert checked >= 15
    # Each problem is listed as text, never as markup.
    assert page.locator("#academy-propose-problems li *:not(a)").count() == 0
    assert page.locator("#academy-propose-problems li").count() > 5
    assert errors == []
    context.close()


def test_a_draft_too_long_for_an_address_is_copied_or_downloaded(browser, site: str, tmp_path: Path) -> None:
    context, page, _, errors = arrive(browser, site)
    fill_complete(page)
    evidence = " ".join(f"Finding {n} was observed in a small trial." for n in range(300))
    field(page, "evidence").fill(evidence)
    expect(page.locator("#academy-propose-summary")).to_contain_text("too long for a web address")
    expect(page.locator("#academy-propose-github")).to_be_hidden()
    expect(page.locator("#academy-propose-long")).to_be_visible()
    expect(page.locator("#academy-propose-long")).to_contain_text("Copy the file")
    with page.expect_download() as download:
        page.locator("#academy-propose-download").click()
    assert download.value.suggested_filename == "walk-the-patch-together.yml"
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert yaml.safe_load(text)["evidence"] == evidence
    assert validate(tmp_path, {"walk-the-patch-together.yml": text}) == {"walk-the-patch-together.yml": []}
    new_file = urlsplit(page.locator("#academy-propose-new").get_attribute("href"))
    assert new_file.path == "/relationships-academy/site/new/main/patterns"
    assert errors == []
    context.close()


def test_by_keyboard_on_a_phone_in_the_dark_palette_and_without_storage(browser, site: str) -> None:
    context, page, _, errors = arrive(browser, site, color_scheme="dark")
    page.evaluate("""() => Object.defineProperty(window, 'localStorage', {
        configurable: true, get() { throw new DOMException('Storage is off', 'SecurityError'); } })""")
    follow(page, page.locator(".md-nav a", has_text="What's new").first)
    follow(page, page.locator(".md-nav a", has_text="Propose a pattern").first)
    page.set_viewport_size({"width": 375, "height": 800})
    expect(page.locator("#academy-propose-storage")).to_contain_text("does not let the page store anything")
    field(page, "title").focus()
    page.keyboard.type("Keyboard only")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "academy-propose-f-id"
    expect(field(page, "id")).to_have_value("keyboard-only")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    page.locator("#academy-propose-problems a").first.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id").startswith("academy-propose-f-")
    assert serious_violations(page) == []
    assert errors == []
    context.close()


def test_without_javascript_the_page_points_to_contributing(browser, site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "library/propose/")
    note = page.locator("#academy-propose-nojs")
    expect(note).to_be_visible()
    assert note.locator("a").get_attribute("href") == "https://github.com/relationships-academy/site/blob/main/CONTRIBUTING.md"
    assert page.locator("article button:visible, #academy-propose-form:visible").count() == 0
    context.close()
