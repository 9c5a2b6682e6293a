"""`mkdocs serve` after a save: the change shows, nothing stale is served, problems are still reported, and
what a rebuild keeps from the last one (adapter/rendercache.py) never changes a page: a served rebuild's
pages are byte for byte those of a fresh build of the same files."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, Project, follow, pattern_yaml, watch_errors

URL = "http://127.0.0.1:8000/"
TODAY = "2026-11-02"  # fixed, so a fresh build made later in the day is the same site


class Served:
    """What `mkdocs serve` does, in this process: the first build, then one rebuild per save, each
    reading mkdocs.yml again and keeping the plugin (as MkDocs keeps a plugin with on_startup)."""

    def __init__(self, root: Path, caplog: pytest.LogCaptureFixture) -> None:
        from mkdocs.config import load_config

        self.root, self.site, self.caplog = root, root / "served", caplog
        self.log = ""
        caplog.set_level(logging.INFO, logger="mkdocs")
        load_config(str(root / "mkdocs.yml"), site_dir=str(self.site)).plugins.on_startup(command="serve", dirty=False)

    def rebuild(self) -> bool:
        """One build as the server makes it (not strict, as `mkdocs serve` by default); its log in self.log."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException

        self.caplog.clear()
        try:
            config = load_config(str(self.root / "mkdocs.yml"), site_dir=str(self.site))
            config.site_url = URL
            build(config, serve_url=URL)
            return True
        except MkDocsException as error:
            logging.getLogger("mkdocs").error(str(error))
            return False
        finally:
            self.log = self.caplog.text

    def counts(self) -> tuple[int, int]:
        """(generated pages converted, pages kept from the last build) as the last rebuild logged them."""
        found = re.search(r"Academy: (\d+) generated pages converted, (\d+) unchanged", self.log)
        assert found, self.log
        return int(found[1]), int(found[2])

    def page(self, path: str) -> str:
        return (self.site / path / "index.html").read_text(encoding="utf-8")

    def text(self, path: str) -> str:
        """The page's text as a reader sees it (entities decoded)."""
        return BeautifulSoup(self.page(path), "html.parser").get_text(" ")

    def assert_same_as_a_fresh_build(self) -> None:
        """Every file the server wrote is what `mkdocs build` of the same files writes, and no more.

        The build runs in this process, so it starts our plugin as a build and then as a server again,
        which forgets what the server kept: later rebuilds start afresh.
        """
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        fresh = self.root / "fresh"
        config = load_config(str(self.root / "mkdocs.yml"), site_dir=str(fresh), site_url=URL)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_startup(command="serve", dirty=False)
        served, built = _files(self.site), _files(fresh)
        assert sorted(served) == sorted(built)
        assert [path for path in served if served[path] != built[path]] == []


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


@pytest.fixture
def served(project: Project, caplog: pytest.LogCaptureFixture) -> Iterator[Served]:
    project.academy_options(today=TODAY)
    project.write("docs/index.md", "# Home\n\nStart with [check-ins](patterns/check-ins.md).\n")
    project.pattern("invest-time", related="\n  - pattern: check-ins\n    relation: complements")
    project.pattern("check-ins")
    project.pattern("listen-first")
    server = Served(project.root, caplog)
    # Twice, as a server running for a while: charts the first build was still drawing (its pages held
    # tokens for them) are kept by the second, and written into the pages directly from then on.
    assert server.rebuild() and server.rebuild(), server.log
    yield server
    _end_serving()


def _end_serving() -> None:
    """As `mkdocs serve` does when stopped; and later in-process builds (the plugin is shared) start as builds."""
    from mkdocs.config import load_config

    plugins = load_config(str(REPO / "mkdocs.yml")).plugins
    plugins.on_shutdown()
    plugins.on_startup(command="build", dirty=False)


def test_a_saved_pattern_shows_and_unchanged_pages_are_kept(served: Served, project: Project) -> None:
    unchanged = served.page("patterns/listen-first")
    project.pattern("check-ins", problem="Partners only talk once a year, at the review.")
    assert served.rebuild(), served.log
    assert "Partners only talk once a year, at the review." in served.page("patterns/check-ins")
    assert "Partners only talk when something has gone wrong." not in served.page("patterns/check-ins")
    assert served.page("patterns/listen-first") == unchanged
    assert "Partners only talk once a year" in (served.site / "search/search_index.json").read_text(encoding="utf-8")
    converted, kept = served.counts()
    assert converted <= 2 and kept >= 20  # the pattern's page; pages with charts too, though their tokens are new
    served.assert_same_as_a_fresh_build()


def test_a_new_title_shows_on_the_pages_that_link_to_the_pattern(served: Served, project: Project) -> None:
    project.pattern("check-ins", title="Fortnightly check-ins")
    assert served.rebuild(), served.log
    assert "Fortnightly check-ins" in served.text("patterns/invest-time")  # its related link
    assert "Fortnightly check-ins" in served.text("patterns")  # the library
    served.assert_same_as_a_fresh_build()


def test_a_deleted_pattern_is_gone_and_links_to_it_are_reported(served: Served, project: Project) -> None:
    (project.root / "patterns/listen-first.yml").unlink()
    assert served.rebuild(), served.log
    assert not (served.site / "patterns/listen-first").exists()
    assert "listen-first" not in served.page("patterns")
    served.assert_same_as_a_fresh_build()
    # A pattern that others link to: the server reports where, and keeps serving the last good site.
    (project.root / "patterns/check-ins.yml").unlink()
    assert not served.rebuild()
    assert "patterns/invest-time.yml:15:14: related[0].pattern: no pattern with id 'check-ins'" in served.log
    project.write("patterns/invest-time.yml", pattern_yaml("Invest time"))
    assert served.rebuild(), served.log
    assert "Doc file 'index.md' contains a link 'patterns/check-ins.md', but the target is not found" in served.log
    assert not (served.site / "patterns/check-ins").exists()
    served.assert_same_as_a_fresh_build()


def test_a_renamed_pattern_file_moves_its_page(served: Served, project: Project) -> None:
    (project.root / "patterns/listen-first.yml").rename(project.root / "patterns/listen-well.yml")
    assert served.rebuild(), served.log
    assert not (served.site / "patterns/listen-first").exists()
    assert "Listen first" in served.page("patterns/listen-well")
    converted, kept = served.counts()
    assert kept > converted  # lists of patterns converted; pages that link to neither address kept
    served.assert_same_as_a_fresh_build()


def test_an_unchanged_page_whose_link_target_is_deleted_is_reported(served: Served, project: Project) -> None:
    # The pattern's Markdown does not change; the page it links to goes.
    project.pattern("listen-first", problem="Read [our privacy page](../about/privacy.md) first.")
    assert served.rebuild(), served.log
    (project.root / "docs/about/privacy.md").unlink()
    assert not served.rebuild()
    assert "patterns/listen-first.yml" in served.log and "about/privacy.md" in served.log
    project.write("docs/about/privacy.md", "# Privacy\n")
    assert served.rebuild(), served.log
    served.assert_same_as_a_fresh_build()


def test_a_changed_mkdocs_yml_is_built_with(served: Served, project: Project) -> None:
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text() + "use_directory_urls: false\n")
    assert served.rebuild(), served.log
    assert (served.site / "patterns/check-ins.html").exists()
    assert 'href="check-ins.html"' in (served.site / "patterns/invest-time.html").read_text()
    assert served.counts()[1] == 0  # every address changed: nothing could be kept
    served.assert_same_as_a_fresh_build()


def test_changed_markdown_options_convert_every_page_again(served: Served, project: Project) -> None:
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text() + "markdown_extensions:\n  - toc:\n      permalink: true\n")
    assert served.rebuild(), served.log
    assert 'class="headerlink"' in served.page("patterns/check-ins")
    assert served.counts()[1] == 0
    served.assert_same_as_a_fresh_build()


@pytest.fixture
def real_site_served(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> Iterator[tuple[Served, dict[str, str]]]:
    """A copy of this repository's site served, one pattern saved; with its pages before the save."""
    root = tmp_path
    for folder in ("docs", "patterns", "cohorts", "data"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    Project(root).academy_options(today=TODAY)
    server = Served(root, caplog)
    assert server.rebuild(), server.log
    before = {path.relative_to(server.site).as_posix(): path.read_text(encoding="utf-8")
              for path in server.site.rglob("*.html")}
    pattern = root / "patterns/regular-check-ins.yml"
    pattern.write_text(pattern.read_text(encoding="utf-8").replace("problem: ", "problem: A sentence saved just now. ", 1),
                       encoding="utf-8")
    assert server.rebuild(), server.log
    yield server, before
    _end_serving()


def test_the_real_site_served_after_a_save_is_the_site_a_fresh_build_makes(real_site_served) -> None:
    server, before = real_site_served
    assert "A sentence saved just now." in server.page("patterns/regular-check-ins")
    converted, kept = server.counts()
    assert kept > converted  # what follows compares kept pages, not only pages converted again
    changed = [path for path, text in before.items()
               if (server.site / path).read_text(encoding="utf-8") != text]
    assert "patterns/regular-check-ins/index.html" in changed
    assert "patterns/bridging-finance/index.html" not in changed
    server.assert_same_as_a_fresh_build()


class EngineServer:
    """`<engine> serve --livereload` of a project, a real subprocess on a free port, its log read as it runs."""

    def __init__(self, engine: str, root: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.engine, self.url = engine, f"http://127.0.0.1:{port}/"
        self.process = subprocess.Popen(
            [sys.executable, "-m", engine, "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root, stderr=subprocess.PIPE, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            start_new_session=True)
        self.log: list[str] = []

    def wait_for(self, text: str) -> str:
        """The next line of the server's log that holds `text` (the lines before it are kept in self.log)."""
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.log.append(line)
            if text in line:
                return line
        raise AssertionError(f"{self.engine} serve stopped:\n" + "".join(self.log))

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path) as response:
            return response.read().decode()


@contextlib.contextmanager
def engine_serving(engine: str, root: Path) -> Iterator[EngineServer]:
    """The engine serving the project until the block ends (at most 180 s: any wait on it ends then)."""
    server = EngineServer(engine, root)
    deadline = threading.Timer(180, os.killpg, (server.process.pid, signal.SIGTERM))
    deadline.start()
    try:
        server.wait_for("Serving on")
        yield server
    finally:
        deadline.cancel()
        if server.process.poll() is None:
            os.killpg(server.process.pid, signal.SIGTERM)
        server.process.wait(timeout=30)


def save_after_a_pause(project: Project, pattern_id: str, **fields: str) -> None:
    time.sleep(1)  # let the file watcher settle, as a person would not save within a second
    project.pattern(pattern_id, **fields)


ENGINES = pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])


@ENGINES
def test_a_save_while_serving_shows_and_keeps_the_rest(engine: str, project: Project) -> None:
    """The real command, with either engine: only the saved file is read again, its page changes, and
    the other pages are kept from the last rebuild."""
    project.pattern("check-ins")
    project.pattern("listen-first")
    with engine_serving(engine, project.root) as server:
        # Saved twice: after the first save, pages with charts the first build was still drawing change too.
        for text in ("Partners talk every week.", "Partners talk every fortnight."):
            save_after_a_pause(project, "check-ins", problem=text)
            assert "Academy: 1 data files read, 4 unchanged" in server.wait_for("data files read")  # the saved file only
            counts = server.wait_for("generated pages converted")
            # Not "Documentation built": MkDocs never logs a build message twice, and two rebuilds may take
            # the same hundredths of a second. The server says this after every rebuild that succeeded.
            server.wait_for("Reloading browsers")
        converted, kept = map(int, re.findall(r"(\d+) generated pages converted, (\d+) unchanged", counts)[0])
        assert converted <= 2 and kept > converted
        assert "Partners talk every fortnight." in server.get("patterns/check-ins/")
        assert "Partners only talk when something has gone wrong." in server.get("patterns/listen-first/")


_VIOLATIONS = """() => {
  window.__violations = [];
  document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.effectiveDirective));
}"""


@ENGINES
def test_the_open_page_reloads_itself_after_a_save(engine: str, project: Project, browser) -> None:
    """Live reload under the pages' Content-Security-Policy: the server's reload script runs, and a saved
    pattern shows in the open page without the reader reloading it."""
    project.write("docs/index.md", "# Home\n\nStart with [check-ins](patterns/check-ins.md).\n")
    project.pattern("check-ins")
    with engine_serving(engine, project.root) as server:
        page = browser.new_page()
        page.add_init_script(f"({_VIOLATIONS})()")
        errors = watch_errors(page)
        page.goto(server.url)
        follow(page, page.locator("article a[href$='patterns/check-ins/']"))
        assert page.evaluate("() => window.__violations") == []
        server.wait_for("Browser connected")  # the reload script is polling the server
        page.evaluate("() => { window.__beforeTheSave = true; }")
        save_after_a_pause(project, "check-ins", problem="Partners talk every fortnight.")
        # Polled while the reloaded page is still arriving, so it may have no article yet.
        page.wait_for_function("() => document.querySelector('article')?.textContent.includes('every fortnight')",
                               timeout=60000)
        page.wait_for_load_state("load")  # all of it, the server's reload script too
        assert page.evaluate("() => window.__beforeTheSave") is None  # the browser loaded the page again
        assert page.url == server.url + "patterns/check-ins/"
        assert page.evaluate("() => window.__violations") == []
        assert errors == []
        page.close()
