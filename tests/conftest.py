"""Shared fixtures: real projects on disk, real MkDocs builds, a real browser."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import json
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def build_site(config_file: Path, site_dir: Path, **options: object) -> Path:
    """A strict MkDocs build in this process (no interpreter start-up); `options` override mkdocs.yml."""
    build_in_process(config_file, site_dir=str(site_dir), **options)
    return site_dir


def run_build(config_file: Path, **overrides: object) -> tuple[bool, str]:
    """`mkdocs build --strict` in this process: whether it succeeded, and the log as the command prints it.

    An unexpected exception is reported with its traceback, as the command would show it, so tests
    that check "no traceback" still catch a crash.
    """
    import logging
    import traceback

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    lines: list[str] = []
    handler = logging.Handler(logging.INFO)
    handler.emit = lambda record: lines.append(f"{record.levelname:<8}-  {record.getMessage()}")  # type: ignore[method-assign]
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        config = load_config(str(config_file), strict=True, **overrides)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
        return True, "\n".join(lines)
    except MkDocsException as error:
        return False, "\n".join([*lines, str(error)])
    except Exception:  # a crash is a result here, shown as the command would show it
        return False, "\n".join([*lines, traceback.format_exc()])
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def broken_links(site: Path, directory_urls: bool) -> list[str]:
    """Every href and src of every built page that names no file (or no anchor) in the site.

    Without directory URLs the site is read from disk, where a link to a folder shows a listing,
    not the page: such a link counts as broken.
    """
    broken = []
    ids: dict[Path, set[str]] = {}
    # 404.html links from the root of site_url, wherever it is served from, so it is left out here.
    for page in (p for p in site.rglob("*.html") if p.name != "404.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for element in soup.find_all(href=True) + soup.find_all(src=True):
            url = element.get("href") or element.get("src")
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir() and directory_urls:
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)} -> {url}")
            elif parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = {e["id"] for e in BeautifulSoup(target.read_text(encoding="utf-8"),
                                                                  "html.parser").find_all(id=True)}
                if parts.fragment not in ids[target]:
                    broken.append(f"{page.relative_to(site)} -> {url} (no such anchor)")
    return broken


MINIMAL_CONFIG = """\
site_name: Test Academy
repo_url: https://github.com/academy-test/site
edit_uri: edit/main/docs/
theme:
  name: material
  font: false
  features: [navigation.instant, navigation.prune, content.action.edit]
plugins:
  - search
  - academy
"""


def pattern_yaml(title: str = "Regular check-ins", **fields: str) -> str:
    """A valid pattern file; keyword arguments replace or add top-level fields (YAML text)."""
    base = {
        "title": title,
        "summary": f"A one-line summary of {title.lower()}.",
        "status": "established",
        "problem": "Partners only talk when something has gone wrong.",
        "context": "Any collaboration that lasts more than a few weeks.",
        "what_to_do": "\n  - Agree a rhythm of short meetings.\n  - Keep notes of what was agreed.",
        "sources": "\n  - title: Building relationships\n    url: https://example.org/guide",
        "authors": "[Academy team]",
        "last_reviewed": "2026-10-01",
    }
    base.update(fields)
    return "".join(f"{key}: {value}\n" for key, value in base.items() if value is not None)


@dataclass
class Project:
    """A throwaway site project: the real frameworks, fixture patterns, a real mkdocs.yml."""

    root: Path

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
        return path

    def pattern(self, pattern_id: str, title: str | None = None, **fields: str) -> Path:
        return self.write(f"patterns/{pattern_id}.yml", pattern_yaml(title or pattern_id.replace("-", " ").capitalize(), **fields))

    def academy_options(self, **options: str) -> None:
        """Give the academy plugin these options in mkdocs.yml (values as YAML text)."""
        config = self.root / "mkdocs.yml"
        lines = "".join(f"\n      {key}: {value}" for key, value in options.items())
        assert "  - academy\n" in config.read_text()
        config.write_text(config.read_text().replace("  - academy\n", f"  - academy:{lines}\n"))

    def build(self, *, in_process: bool = True) -> subprocess.CompletedProcess[str]:
        """`mkdocs build --strict`; in this process unless the test is about separate processes."""
        if in_process:
            ok, log = run_build(self.root / "mkdocs.yml")
            return subprocess.CompletedProcess(["mkdocs", "build", "--strict"], 0 if ok else 1, "", log)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        return subprocess.run([*MKDOCS, "build", "--strict"], cwd=self.root, env=env,
                              capture_output=True, text=True, timeout=600)

    def built(self, *, in_process: bool = True) -> Path:
        result = self.build(in_process=in_process)
        assert result.returncode == 0, result.stderr
        return self.root / "site"

    def page(self, url_path: str) -> BeautifulSoup:
        file = self.root / "site" / url_path / "index.html" if not url_path.endswith(".html") else self.root / "site" / url_path
        return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


    @classmethod
    def create(cls, root: Path) -> Project:
        """The real frameworks, empty pattern and cohort folders, two docs pages and a real mkdocs.yml."""
        shutil.copytree(REPO / "data" / "frameworks", root / "data" / "frameworks")
        (root / "patterns").mkdir()
        (root / "cohorts").mkdir()
        (root / "docs" / "about").mkdir(parents=True)
        (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
        (root / "docs" / "about" / "privacy.md").write_text("# Privacy\n", encoding="utf-8")
        (root / "mkdocs.yml").write_text(MINIMAL_CONFIG, encoding="utf-8")
        return cls(root)


def page_data(scope, name: str):
    """The JSON a built page hands its scripts under `name` (pages/common.py page_data), parsed."""
    node = scope.select_one(f".academy-page-data[data-academy-name='{name}']")
    assert node is not None, f"no page data named {name!r}"
    return json.loads(node["data-academy-data"])


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project.create(tmp_path)


def tree_digest(folder: Path) -> str:
    """One digest of every path, file type and byte under a folder: equal only if nothing changed."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"<folder>")
        digest.update(b"\0")
    return digest.hexdigest()


# --- browser -------------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but Debian's chromium is not installed; browser tests must run in CI")
        pytest.skip("chromium is not installed (make test installs it as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class SiteServer:
    """A built site folder served on a free localhost port.

    Started before the build, so the build can use its origin as `site_url`: Material's instant
    navigation engages only for links on that origin, as on the live site.
    """

    def __init__(self, folder: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def serve() -> Iterator:
    """Serve a built site folder on a free localhost port; returns its base URL."""
    servers: list[SiteServer] = []

    def start(folder: Path) -> str:
        servers.append(SiteServer(folder))
        return servers[-1].url

    yield start
    for server in servers:
        server.close()


def build_in_process(config_file: Path, **overrides: object) -> None:
    """`mkdocs build --strict` without a subprocess; a failure quotes MkDocs' log."""
    ok, log = run_build(config_file, **overrides)
    if not ok:
        raise AssertionError(log)


@contextlib.contextmanager
def live_site(config_file: Path, site_dir: Path) -> Iterator[str]:
    """Build the project into site_dir as it runs live (`site_url` = the test server's origin); yields the URL."""
    server = SiteServer(site_dir)
    try:
        build_in_process(config_file, site_url=server.url, site_dir=str(site_dir))
        yield server.url
    finally:
        server.close()


@pytest.fixture
def live_build() -> Iterator:
    """Build a Project as the live site runs and serve it; returns its base URL."""
    with contextlib.ExitStack() as stack:
        yield lambda project: stack.enter_context(live_site(project.root / "mkdocs.yml", project.root / "site"))


@pytest.fixture(scope="session")
def real_site_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """This repository's own site, built once per test session as it runs live: its folder and base URL.

    Shared by every module that only reads it: tests must not write into the folder, and each
    browser test opens its own context, so no test sees another's storage or downloads.
    """
    folder = tmp_path_factory.mktemp("real-site")
    with live_site(REPO / "mkdocs.yml", folder) as url:
        yield folder, url


@pytest.fixture(scope="session")
def real_site(real_site_folder: tuple[Path, str]) -> str:
    """The base URL of this repository's own site, built once as it runs live (`real_site_folder`)."""
    return real_site_folder[1]


#: The cohort given published results in `site_with_results`, and its two rounds.
RESULTS_COHORT = "police-officers-2027"
RESULTS_ROUNDS = ("Start of course", "End of course")


@pytest.fixture(scope="session")
def site_with_results(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A copy of this repository's site in which a trainer has published a cohort's results, as the
    README says: `academy aggregate` run on learners' exported answer files, at the start of the
    course and at its end. Built once per test session as it runs live; yields its base URL.

    Eight learners; the first four leave "Respect / Vision" as "don't know", so that cell has too few
    scores (4 of the 5 needed) and stays blank. Each learner scores every cell one higher at the end.
    """
    import yaml
    from academy.cli import main as academy_command

    root = tmp_path_factory.mktemp("site-with-results")
    for folder in ("docs", "patterns", "cohorts", "data"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    matrix = yaml.safe_load((REPO / "data/frameworks/relational-value-matrix.yml").read_text(encoding="utf-8"))
    cells = [f"{s['value']}/{s['area']}" for s in matrix["assessment"]["statements"]]
    for number, round_name in enumerate(RESULTS_ROUNDS):
        files = []
        for learner in range(8):
            answers = {cell: 1 + (learner * (index % 3 + 1)) % 4 + number for index, cell in enumerate(cells)}
            if learner < 4:
                answers["respect/vision"] = "dk"
            files.append(root / f"answers-{number}-{learner}.json")
            files[-1].write_text(json.dumps({"framework": matrix["id"], "version": matrix["version"],
                                             "answers": answers}), encoding="utf-8")
        # In this process: the command itself is tested as a command in test_aggregate.py.
        assert academy_command(["--root", str(root), "aggregate", RESULTS_COHORT, *map(str, files),
                                "--round", round_name]) == 0
    with live_site(root / "mkdocs.yml", root / "site") as url:
        yield url


# The marker survives Material's instant navigation (same document) and vanishes on a full page load.
_MARK_VISIT = """() => {
  if (!window.__academyVisits) {
    window.__academyVisits = {count: 0};
    window.document$.subscribe(() => { window.__academyVisits.count += 1; });
  }
  window.__academyVisits.before = window.__academyVisits.count;
}"""
_VISIT_DONE = "() => !window.__academyVisits || window.__academyVisits.count > window.__academyVisits.before"


def _swapped_in(page, go) -> None:
    page.wait_for_function("() => window.document$ !== undefined")
    page.evaluate(_MARK_VISIT)
    go()
    page.wait_for_function(_VISIT_DONE)
    assert page.evaluate("() => window.__academyVisits !== undefined"), (
        f"a full page load happened on the way to {page.url}: instant navigation did not engage")


def follow(page, link) -> None:
    """Click an in-site link as a learner would; assert Material's instant navigation swapped the page in.

    Returns once the new page is in place and our scripts have been told about it (`document$`).
    """
    _swapped_in(page, link.click)


def go_back(page) -> None:
    """The browser's Back button, expecting instant navigation to restore the page without a load."""
    _swapped_in(page, page.go_back)


def go_forward(page) -> None:
    _swapped_in(page, page.go_forward)


def watch_errors(page) -> list[str]:
    """Collect uncaught exceptions and console errors on this page from now on (empty = none)."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    page.on("console", lambda message: errors.append(f"console.{message.type}: {message.text}")
            if message.type == "error" else None)
    return errors


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: WCAG 2.2 A/AA and axe's best practices (landmarks, heading order, focusable scrolling regions...).
AXE_TAGS = [*WCAG_TAGS, "best-practice"]


@functools.cache
def _axe_script() -> str:
    from axe_playwright_python.sync_playwright import Axe

    return Axe().axe_script


#: axe checks the page once its transitions have ended (a blurred button fading back from its focus
#: colour, say), as a reader sees it. Every rule of the tags runs; only the violations come back:
#: without `resultTypes`, axe also sends every node that passed each rule, which costs more than the checks.
_AXE_RUN = """async options => {
  const ending = document.getAnimations().filter(a => Number.isFinite(a.effect?.getComputedTiming().endTime));
  await Promise.allSettled(ending.map(a => a.finished));
  const result = await axe.run(document, options);
  return result.violations.map(v => ({id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map(n => n.target)}));
}"""


def axe_violations(page, impacts: tuple[str, ...] = ("minor", "moderate", "serious", "critical")) -> list[tuple[str, list]]:
    """axe-core's findings of these impacts on the page as it is now, WCAG and best-practice rules alike."""
    # axe is put into each document once: instant navigation and resizing keep the same document.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_script())
    found = page.evaluate(_AXE_RUN, {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    return [(v["id"], v["targets"]) for v in found if v["impact"] in impacts]


def serious_violations(page) -> list[tuple[str, list]]:
    """axe-core's serious or critical findings (WCAG 2.2 A/AA and best practice) on the page as it is now."""
    return axe_violations(page, ("serious", "critical"))


# --- chart geometry, as a reader sees it --------------------------------------------------------

# Boxes (in page pixels) of the parts of one drawn chart, the label font size a reader sees (the SVG
# may be scaled by CSS), and the contrast of axis labels against the page behind the chart.
_CHART_GEOMETRY = """svg => {
  const box = e => { const b = e.getBoundingClientRect();
                     return {text: e.textContent, x1: b.left, y1: b.top, x2: b.right, y2: b.bottom}; };
  const all = selector => Array.from(svg.querySelectorAll(selector)).map(box);
  const rgb = colour => { const m = colour.match(/[\\d.]+/g).map(Number); return m.length > 3 && m[3] === 0 ? null : m.slice(0, 3); };
  const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                     return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  let behind = null;
  for (let e = svg; e && !behind; e = e.parentElement) behind = rgb(getComputedStyle(e).backgroundColor);
  behind = behind || [255, 255, 255];
  const labels = Array.from(svg.querySelectorAll('.role-axis-label text'));
  const contrasts = labels.map(t => { const [a, b] = [lum(rgb(getComputedStyle(t).fill)), lum(behind)];
                                      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); });
  const scale = svg.getBoundingClientRect().width / (svg.viewBox.baseVal.width || svg.getBoundingClientRect().width);
  const sizes = labels.map(t => parseFloat(t.getAttribute('font-size') || getComputedStyle(t).fontSize) * scale);
  return {svg: box(svg), labels: all('.role-axis-label text'), cells: all('.mark-rect.role-mark path'),
          cellTexts: all('.mark-text.role-mark text'),
          points: all('.mark-symbol.role-mark path'), texts: all('text'),
          smallestLabel: Math.min(...sizes), lowestContrast: Math.min(...contrasts)};
}"""


def chart_geometry(svg) -> dict:
    """Where the parts of a drawn chart (a Playwright locator of its <svg>) lie on the page."""
    return svg.evaluate(_CHART_GEOMETRY)


def overlapping(boxes: list[dict], others: list[dict], slack: float = 0.5) -> list[tuple[str, str]]:
    """Pairs of boxes that cover each other by more than `slack` px."""
    return [(a["text"], b["text"] or "cell") for a in boxes for b in others
            if a["x1"] < b["x2"] - slack and a["x2"] > b["x1"] + slack
            and a["y1"] < b["y2"] - slack and a["y2"] > b["y1"] + slack]


def outside(boxes: list[dict], frame: dict, slack: float = 0.5) -> list[str]:
    """Boxes not wholly inside `frame` (cut off at the chart's edge)."""
    return [b["text"] or "mark" for b in boxes
            if b["x1"] < frame["x1"] - slack or b["y1"] < frame["y1"] - slack
            or b["x2"] > frame["x2"] + slack or b["y2"] > frame["y2"] + slack]


def page_overflow(page) -> int:
    """How many px the page is wider than the window (0: nothing to scroll sideways)."""
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def assert_heatmap_legible(svg, viewport_width: int) -> None:
    """Column and row labels clear of every cell, nothing cut off, nothing beyond the window,
    labels at least 11 px as drawn and at WCAG AA contrast with the page behind them."""
    shape = chart_geometry(svg)
    assert shape["cells"] and shape["labels"]
    assert overlapping(shape["labels"], shape["cells"]) == []
    # each number (or "hidden") inside its own cell
    assert [t["text"] for t in shape["cellTexts"] if not [c for c in shape["cells"] if not outside([t], c)]] == []
    assert outside(shape["texts"] + shape["cells"], shape["svg"]) == []
    assert shape["svg"]["x2"] <= viewport_width and shape["svg"]["x1"] >= 0
    assert shape["smallestLabel"] >= 11, shape["smallestLabel"]
    assert shape["lowestContrast"] >= 4.5, shape["lowestContrast"]


def resize_window(page, width: int, chart: str) -> None:
    """Make the window `width` px wide and wait until the chart (an <svg> selector) has been redrawn
    within it, as a reader turning a tablet or narrowing a window would see it."""
    page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_function("""([selector, width]) => { const svg = document.querySelector(selector);
                                return svg && svg.getBoundingClientRect().right <= width; }""", arg=[chart, width])


def choose_file_by_keyboard(page, file: Path) -> None:
    """Open the focused file control with the Space key, as a keyboard user does, and pick `file`."""
    page.bring_to_front()  # Chromium opens no chooser for a key press in a page without focus
    # Playwright asks the browser to intercept choosers without waiting for the answer, so a key
    # pressed at once can open a chooser nobody intercepts. Ask early, and let a round trip settle it.
    def keep_intercepting(_chooser) -> None:
        pass
    page.on("filechooser", keep_intercepting)
    page.evaluate("() => document.activeElement && document.activeElement.id")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(file))
    page.remove_listener("filechooser", keep_intercepting)
