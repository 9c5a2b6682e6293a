"""Page weight: what a first visit to one page of each kind downloads, measured in a real browser.

    python benchmarks/weights.py                  # this repository's site, built as it runs live
    python benchmarks/weights.py --site DIR       # a site already built (with any site_url)
    python benchmarks/weights.py --quick          # two pages only: the test suite's smoke run

The site is served on localhost and each page is opened in a fresh browser context (empty
cache), as a reader's first visit. Every response the page asks for is counted: the HTML, every
stylesheet, script (including the chart runtime that charts.js fetches on chart pages), image
and font, until the network has been idle for half a second. Sizes are the bytes served, and
those bytes gzipped (level 6, what web servers commonly send), since the site is static files
and the host decides on compression.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent

#: One page of each kind on this repository's site: (what it is, its address below the site root).
#: A kind is a template of ours, or a hand-written Markdown page. Pages missing from the site stop the run.
PAGES = (
    ("home (docs/index.md)", ""),
    ("hand-written page (about/privacy)", "about/privacy/"),
    ("Help Yourself index", "help-yourself/"),
    ("pattern", "patterns/{first pattern}/"),
    ("library index (filters)", "patterns/"),
    ("library by facet (status)", "library/status/"),
    ("library by facet with chart (value matrix)", "library/value-matrix/"),
    ("printable cards", "library/cards/"),
    ("what's new", "library/whats-new/"),
    ("framework: relational proximity", "frameworks/relational-proximity/"),
    ("framework: relational value matrix", "frameworks/relational-value-matrix/"),
    ("framework: measured pathway", "frameworks/measured-pathway/"),
    ("self-assessment: value matrix", "assessment/relational-value-matrix/"),
    ("self-assessment: proximity", "assessment/relational-proximity/"),
    ("cohort overview (all cohorts)", "cohorts/"),
    ("cohort", "cohorts/health-inequality-2026/"),
    ("session", "cohorts/health-inequality-2026/seeing-relationships/"),
    ("session handout", "cohorts/health-inequality-2026/seeing-relationships/handout/"),
    ("events", "help-yourself/events/"),
    ("tool: what changed", "help-yourself/what-changed/"),
    ("tool: relationship map", "help-yourself/relationship-map/"),
    ("tool: pathway check", "help-yourself/pathway-check/"),
    ("team results (trainers)", "cohorts/team-results/"),
    ("propose a pattern (form)", "library/propose/"),
)


#: How responses are grouped in the report, by the browser's resource type.
PARTS = {"document": "HTML", "stylesheet": "CSS", "script": "JS", "xhr": "data", "fetch": "data",
         "image": "images", "font": "fonts"}
PART_NAMES = ("HTML", "CSS", "JS", "data", "images", "fonts", "other")

#: The pages of the quick run: a page without charts and one with.
QUICK = ("pattern", "self-assessment: value matrix")


@dataclass
class Weight:
    requests: int = 0
    raw: int = 0
    gzipped: int = 0
    parts: dict[str, int] = field(default_factory=dict)  # raw bytes by PART_NAMES
    other_hosts: list[str] = field(default_factory=list)

    def add(self, url: str, body: bytes, kind: str, origin: str) -> None:
        self.requests += 1
        self.raw += len(body)
        self.gzipped += len(gzip.compress(body, compresslevel=6, mtime=0))
        part = PARTS.get(kind, "other")
        self.parts[part] = self.parts.get(part, 0) + len(body)
        if not url.startswith(origin):
            self.other_hosts.append(url)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def served(folder: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def build_real_site(site_dir: Path, site_url: str) -> None:
    """This repository's site, built with site_url set to where it is served, as it runs live."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(REPO / "mkdocs.yml"), site_url=site_url, site_dir=str(site_dir))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)


def weigh(base: str, pages: tuple[tuple[str, str], ...]) -> dict[str, Weight]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("page weights are measured in Chromium, which is not installed")
    weights: dict[str, Weight] = {}
    origin = base.rstrip("/")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            for name, path in pages:
                context = browser.new_context()  # nothing cached: a first visit
                weight = weights[name] = Weight()
                for item in _responses(context.new_page(), base + path):
                    if item.status == 200:
                        weight.add(item.url, item.body(), item.request.resource_type, origin)
                context.close()
        finally:
            browser.close()
    return weights


def _responses(page: Any, url: str) -> list[Any]:
    """Every response to what the page asked for while it loaded, and shortly after."""
    responses: list[Any] = []

    def keep(response: Any) -> None:
        responses.append(response)
    page.on("response", keep)
    response = page.goto(url, wait_until="networkidle")
    if response is None or response.status != 200:
        raise SystemExit(f"{url}: {response.status if response else 'no response'}")
    page.wait_for_timeout(500)  # scripts that start after the load (the chart runtime)
    return responses


def report(weights: dict[str, Weight]) -> str:
    """One row per page: requests, total KB and gzipped KB, then the raw KB of each part."""
    lines = [f"{'page':44} {'requests':>8} {'KB':>6} {'gzip KB':>7}  " + " ".join(f"{p:>6}" for p in PART_NAMES)]
    for name, w in weights.items():
        lines.append(f"{name:44} {w.requests:>8} {w.raw / 1024:>6.0f} {w.gzipped / 1024:>7.0f}  "
                     + " ".join(f"{w.parts.get(p, 0) / 1024:>6.0f}" for p in PART_NAMES))
        lines.extend(f"  request to another host: {url}" for url in w.other_hosts)
    lines.append("KB = 1,024 bytes as served; gzip KB = the same responses gzipped (level 6); parts in KB as "
                 "served; data = what scripts fetch (Material's search index and sitemap)")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="weigh this built site instead of building the repository's")
    parser.add_argument("--quick", action="store_true", help=f"only {', '.join(QUICK)} (the test suite's smoke run)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="academy-weights-") as scratch:
        folder = args.site or Path(scratch) / "site"
        folder.mkdir(exist_ok=True)
        with served(folder) as base:
            if args.site is None:
                build_real_site(folder, base)
            first = sorted(p.stem for p in (REPO / "patterns").glob("*.yml"))[0]
            pages = tuple((name, path.replace("{first pattern}", first)) for name, path in PAGES
                          if not args.quick or name in QUICK)
            missing = [path for _, path in pages if not (folder / path / "index.html").is_file()]
            if missing:
                raise SystemExit(f"pages not in the site (update PAGES in {Path(__file__).name}): {missing}")
            weights = weigh(base, pages)
    print(report(weights))
    return 1 if any(w.other_hosts for w in weights.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
