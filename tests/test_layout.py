"""Every page template on a phone and a desktop, in both palettes, and on paper.

The repository's own site, built once as it runs live. Each template is loaded directly, as a
learner arriving from a search engine or a shared link does: that first load is where a layout
shift is measured (as Lighthouse does), and where a page wider than the phone shows.
"""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Iterator

import pypdfium2
import pytest
import yaml
from conftest import REPO, axe_violations, choose_file_by_keyboard, follow

#: One page of each kind the site has (a name for reports -> its path).
TEMPLATES = {
    "home": "", "help yourself": "help-yourself/", "events (schedule)": "help-yourself/events/",
    "value matrix framework": "frameworks/relational-value-matrix/",
    "pathway framework": "frameworks/measured-pathway/", "proximity framework": "frameworks/relational-proximity/",
    "pattern": "patterns/regular-check-ins/", "library index": "patterns/", "grouped list": "library/proximity/",
    "coverage heatmap": "library/value-matrix/", "cards": "library/cards/", "what's new": "library/whats-new/",
    "value self-assessment": "assessment/relational-value-matrix/",
    "proximity self-assessment": "assessment/relational-proximity/",
    "cohort list": "cohorts/", "cohort overview": "cohorts/police-officers-2027/",
    "session": "cohorts/police-officers-2027/knowing-a-neighbourhood/",
    "handout": "cohorts/police-officers-2027/knowing-a-neighbourhood/handout/",
    "team results": "cohorts/team-results/", "propose a pattern": "library/propose/",
    "see what changed": "help-yourself/what-changed/", "relationship map": "help-yourself/relationship-map/",
    "pathway check": "help-yourself/pathway-check/",
    "about page": "about/why-relationships-matter/", "page not found": "404.html",
}
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
PALETTES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's scheme

#: The layout shift of the page so far (CLS): the sum of every shift not caused by the reader's input.
LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(total), 200);
})"""
#: Whether the page is wider than the window, and the widest elements sticking out of it.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const out = Array.from(document.querySelectorAll('body *')).filter(e => {
    const box = e.getBoundingClientRect();
    return box.width > 0 && box.right > width + 1 && e.parentElement.getBoundingClientRect().right <= width + 1;
  }).map(e => `${e.tagName.toLowerCase()}#${e.id}.${e.className}`);
  return {scrollWidth: document.documentElement.scrollWidth, width, out};
}"""
#: Every chart on the page drawn (or none to draw).
CHARTS_DRAWN = """() => Array.from(document.querySelectorAll(".academy-chart[data-academy-chart='static']"))
  .every(figure => figure.querySelector('.academy-chart__canvas svg'))"""
#: Every transition and animation on the page finished (Material fades its tabs in when the window widens).
SETTLED = "async () => { await Promise.allSettled(document.getAnimations().map(a => a.finished)); }"


@pytest.fixture(scope="module")
def site(real_site: str) -> str:
    return real_site


def _load(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function(CHARTS_DRAWN)


@pytest.mark.browser
@pytest.mark.parametrize("palette", PALETTES)
def test_every_template_fits_the_screen_holds_still_and_passes_axe(browser, site: str, palette: str) -> None:
    """Each template loaded on a phone, then widened to a desktop window, in one palette.

    axe runs with its best-practice rules as well as WCAG 2.2 A/AA, at both widths: a table that
    scrolls on a phone, a sidebar shown on a desktop. The layout shift is measured on the phone
    (where it is largest), in the light palette (the dark one lays out the same).
    """
    context = browser.new_context(viewport=PHONE, color_scheme=palette)
    page = context.new_page()
    wide, shifting, axe = {}, {}, {}
    for name, path in TEMPLATES.items():
        page.set_viewport_size(PHONE)
        _load(page, site + path)
        assert page.evaluate("() => document.body.dataset.mdColorScheme") == PALETTES[palette]
        if palette == "light" and (shift := page.evaluate(LAYOUT_SHIFT)) >= 0.1:  # Core Web Vitals' "good"
            shifting[name] = round(shift, 3)
        for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            page.set_viewport_size(viewport)
            page.wait_for_function(CHARTS_DRAWN)
            page.evaluate(SETTLED)
            if (found := page.evaluate(OVERFLOW))["scrollWidth"] > found["width"]:
                wide[f"{name} ({size})"] = found
            if found := axe_violations(page):
                axe[f"{name} ({size})"] = found
    context.close()
    assert wide == {}
    assert shifting == {}
    assert axe == {}


@pytest.mark.browser
def test_library_filters_are_in_place_from_the_first_paint_and_absent_without_javascript(browser, site: str) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    # Before any script of ours has run, the form already takes its room (no shift when it is set up).
    page.route("**/assets/academy/library.js", lambda route: route.abort())
    page.goto(site + "patterns/")
    assert page.locator("#academy-filters").is_visible()
    context.close()
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "patterns/")
    assert page.locator("#academy-pattern-list li").first.is_visible()
    assert not page.locator("#academy-filters").is_visible()  # a form that cannot work is not offered
    context.close()


# --- colour contrast of hovered and focused controls ---------------------------------------------

def _luminance(rgb: tuple[float, ...]) -> float:
    channels = [c / 255 for c in rgb[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _rgb(css: str) -> tuple[float, ...]:
    values = tuple(float(v) for v in re.findall(r"[\d.]+", css))
    assert len(values) == 3 or values[3] == 1, f"{css} is not opaque"
    return values[:3]


def contrast(foreground: str, background: str) -> float:
    """WCAG's contrast ratio of two opaque CSS colours (rgb()/rgba() as getComputedStyle gives them)."""
    low, high = sorted((_luminance(_rgb(foreground)), _luminance(_rgb(background))))
    return (high + 0.05) / (low + 0.05)


#: A control's text and background colours once its transitions have finished; the background is the
#: first opaque one found going up from the control (the page's, where the control has none).
SETTLED_COLOURS = """async (element) => {
  await Promise.allSettled(element.getAnimations().map(animation => animation.finished));
  let backing = element, background = 'rgba(0, 0, 0, 0)';
  while (backing && /rgba\\(.*, 0\\)$|transparent/.test(background)) {
    background = getComputedStyle(backing).backgroundColor;
    backing = backing.parentElement;
  }
  return {foreground: getComputedStyle(element).color, background};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("palette", PALETTES)
def test_hovered_and_focused_buttons_and_links_keep_their_contrast(browser, site: str, palette: str) -> None:
    context = browser.new_context(viewport=DESKTOP, color_scheme=palette)
    page = context.new_page()
    _load(page, site + "help-yourself/relationship-map/")
    button = page.locator("#academy-map-add .md-button")
    link = page.locator("article p a").first
    ratios = {}
    for name, control in (("button", button), ("link", link)):
        control.hover()
        ratios[f"{name} hovered"] = contrast(**control.evaluate(SETTLED_COLOURS))
        page.mouse.move(0, 0)
        control.focus()
        ratios[f"{name} focused"] = contrast(**control.evaluate(SETTLED_COLOURS))
        control.blur()
    context.close()
    assert {name: ratio for name, ratio in ratios.items() if ratio < 4.5} == {}, ratios


# --- print ---------------------------------------------------------------------------------------

def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page of a PDF, whitespace kept as printed."""
    document = pypdfium2.PdfDocument(pdf)
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def printing(browser) -> Iterator:
    context = browser.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("instrument", ["relational-value-matrix", "relational-proximity"])
def test_printed_results_keep_whole_tables_and_no_heading_at_a_page_foot(printing, site: str, instrument: str) -> None:
    page = printing
    _load(page, f"{site}assessment/{instrument}/")
    statements = page.locator("fieldset.academy-statement")
    for index in range(statements.count()):
        statements.nth(index).locator(f"input[value='{index % 5 + 1}']").check()
    page.wait_for_selector("#academy-heatmap svg")
    header = words(page.locator("#academy-results-table thead").inner_text())
    headings = {words(h) for h in page.locator("article :is(h2, h3)").all_inner_texts()}
    pages = pdf_pages(page.pdf(format="A4"))

    # The results table's header row prints whole: the last column's name is not cut at the margin.
    assert header in words(" ".join(pages)), header
    # A heading is never the last thing on a page: it moves over with the text it heads.
    last_lines = [next(line for line in reversed(text.splitlines()) if line.strip()) for text in pages]
    assert [words(line) for line in last_lines if words(line) in headings] == []


@pytest.mark.browser
def test_every_handout_prints_without_a_blank_page(printing, site: str) -> None:
    page = printing
    with urllib.request.urlopen(site + "sitemap.xml") as sitemap:
        handouts = re.findall(r"<loc>([^<]*/handout/)</loc>", sitemap.read().decode())
    assert len(handouts) >= 15
    blank = {}
    for handout in handouts:
        page.goto(handout)
        pages = pdf_pages(page.pdf(format="A4"))
        if not all(text.strip() for text in pages):
            blank[handout.removeprefix(site)] = [len(text.strip()) for text in pages]
    assert blank == {}


# --- keyboard only, on a phone --------------------------------------------------------------------

#: Where focus is now: a key naming the control (one per radio group), whether it is inside `scope`,
#: whether its focus shows (an outline at least 2 px, on the label of a visually hidden file input),
#: and whether it lies within the window's width (or in a table's own sideways-scrolling box).
FOCUS_NOW = """(scope) => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const key = el.id || (el.type === 'radio' ? 'radio:' + el.name : el.getAttribute('aria-label') || el.tagName + ':' + el.textContent.trim());
  const shown = el.classList.contains('academy-visually-hidden') && el.labels && el.labels[0] || el;
  const style = getComputedStyle(shown), box = shown.getBoundingClientRect();
  return {key, inside: Boolean(el.closest(scope)), outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
          fits: (box.left >= 0 && box.right <= document.documentElement.clientWidth + 1) || Boolean(el.closest('.academy-table-scroll'))};
}"""
#: The keys (as FOCUS_NOW names them) of every control inside `scope` that is shown and can be used.
CONTROLS = """(scope) => Array.from(document.querySelector(scope).querySelectorAll(
    'input, select, button, textarea, a[href], [tabindex="0"]'))
  .filter(el => !el.disabled && (el.checkVisibility() || el.classList.contains('academy-visually-hidden')))
  .map(el => el.id || (el.type === 'radio' ? 'radio:' + el.name : el.getAttribute('aria-label') || el.tagName + ':' + el.textContent.trim()))"""


def tab_through(page, scope: str, limit: int = 400) -> list[dict]:
    """Press Tab until focus has been through `scope` and left it; what was focused inside, in order.

    Focus starting inside `scope` first goes round the page, so the whole of `scope` is seen.
    """
    stops: list[dict] = []
    for _ in range(limit):
        if not (now := page.evaluate(FOCUS_NOW, scope)) or not now["inside"]:
            break
        page.keyboard.press("Tab")
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUS_NOW, scope)
        if now and now["inside"]:
            stops.append(now)
        elif stops:
            return stops
    raise AssertionError(f"Tab never left {scope} after {limit} presses: {stops[-5:]}")


def tab_to(page, key: str, limit: int = 400) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if (now := page.evaluate(FOCUS_NOW, "body")) and now["key"] == key:
            return
    raise AssertionError(f"Tab never reached {key}")


def check_keyboard_reach(page, scope: str) -> None:
    """Every control of the tool is reached by Tab, shows its focus, and is on the phone's screen."""
    wanted = set(page.evaluate(CONTROLS, scope))
    stops = tab_through(page, scope)
    assert wanted - {stop["key"] for stop in stops} == set()
    assert [stop["key"] for stop in stops if not stop["outline"]] == []
    assert [stop["key"] for stop in stops if not stop["fits"]] == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


def arrive_on_a_phone(browser, site: str, link_text: str):
    context = browser.new_context(viewport=PHONE, accept_downloads=True)
    page = context.new_page()
    page.goto(site)
    follow(page, page.locator("article a[href$='help-yourself/']").first)
    follow(page, page.locator("article a", has_text=link_text).first)
    return context, page


@pytest.mark.browser
def test_relationship_map_by_keyboard_on_a_phone(browser, site: str) -> None:
    context, page = arrive_on_a_phone(browser, site, "Map your relationships")
    tab_to(page, "academy-map-label")
    page.keyboard.type("Our local primary school")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # Kind: team
    page.keyboard.press("Tab")
    page.keyboard.press("End")  # Importance: the top of the scale
    tab_to(page, "BUTTON:Add to the map")
    page.keyboard.press("Enter")
    rows = page.locator("#academy-map-list tbody tr")
    rows.first.wait_for()
    assert "Our local primary school" in rows.first.inner_text()
    # Score each domain with the keyboard: Tab to each of the row's choices and pick the top score.
    for label in rows.first.locator("select[aria-label]").evaluate_all("els => els.map(el => el.getAttribute('aria-label'))"):
        tab_to(page, label)
        page.keyboard.press("End")
    page.locator("#academy-map-results").wait_for()
    check_keyboard_reach(page, "#academy-map")
    context.close()


@pytest.mark.browser
def test_pathway_check_by_keyboard_on_a_phone(browser, site: str) -> None:
    context, page = arrive_on_a_phone(browser, site, "Check a partnership against the measured pathway")
    tab_to(page, "radio:meeting-and-scoping:prerequisite")
    page.keyboard.press("Space")  # the group's first choice: "Yes"
    assert page.locator("input[name='meeting-and-scoping:prerequisite'][value='yes']").is_checked()
    page.keyboard.press("ArrowRight")  # arrows move the choice within the group
    assert page.locator("input[name='meeting-and-scoping:prerequisite'][value='no']").is_checked()
    page.locator("#academy-pathway-results").wait_for()
    tab_to(page, "academy-pathway-date")
    page.keyboard.type("01022026")
    tab_to(page, "BUTTON:Save this check-in")
    page.keyboard.press("Enter")
    page.locator("#academy-pathway-checkins tbody tr").first.wait_for()
    check_keyboard_reach(page, "#academy-pathway")
    context.close()


@pytest.mark.browser
def test_see_what_changed_by_keyboard_on_a_phone(browser, site: str, tmp_path) -> None:
    context, page = arrive_on_a_phone(browser, site, "See what changed")
    matrix = yaml.safe_load((REPO / "data/frameworks/relational-value-matrix.yml").read_text(encoding="utf-8"))
    cells = [f"{s['value']}/{s['area']}" for s in matrix["assessment"]["statements"]]
    earlier = {"framework": "relational-value-matrix", "version": 1, "saved": "2026-01-05T09:00:00Z",
               "answers": {cell: 2 for cell in cells}}
    (tmp_path / "earlier.json").write_text(json.dumps(earlier))
    page.evaluate("answers => localStorage.setItem('academy:assessment:relational-value-matrix:v1', JSON.stringify(answers))",
                  {**earlier, "saved": "2026-06-05T09:00:00Z", "answers": {cell: 3 for cell in cells}})
    tab_to(page, "academy-change-earlier")
    choose_file_by_keyboard(page, tmp_path / "earlier.json")
    page.locator("#academy-change-results").wait_for()
    check_keyboard_reach(page, "#academy-change")
    context.close()
