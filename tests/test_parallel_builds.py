"""Helper processes convert generated pages during a build (adapter/parallel.py): the site is the same."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Project

from academy.adapter.parallel import WORTH_A_HELPER

#: Enough patterns that a build has more pages to convert than are worth starting a helper for, and
#: more to index once a helper converted and indexed part of them.
PATTERNS = 130


def _library(project: Project) -> None:
    for number in range(PATTERNS):
        related = f"\n  - pattern: pattern-{(number + 1) % PATTERNS:02}\n    relation: complements"
        project.pattern(f"pattern-{number:02}", proximity="[presence, fairness]" if number % 7 == 0 else "[]",
                        related=related, problem=f'"Partners of team {number} only meet when **things** go wrong."')


def _build(project: Project, cache: Path, jobs: int, engine: str = "mkdocs") -> tuple[dict[str, bytes], str]:
    """A fresh build (its own empty user cache) with `jobs` processes, in a process of its own as the
    command runs (a build forks helpers only where it is the one thread of its process)."""
    config = project.root / "mkdocs.yml"
    config.write_text(re.sub(r"  - academy(:\n      jobs: \d+)?\n", f"  - academy:\n      jobs: {jobs}\n",
                             config.read_text()))
    result = subprocess.run([sys.executable, "-m", engine, "build", "--strict"], cwd=project.root, capture_output=True, text=True,
                            timeout=600, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "XDG_CACHE_HOME": str(cache)})
    assert result.returncode == 0, result.stderr
    site = project.root / "site"
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*"))
            if path.is_file() and not path.name.startswith("sitemap")}, result.stderr


def _by_helpers(log: str) -> tuple[int, int]:
    """(pages converted, pages indexed) by helper processes, from the plugin's log line."""
    found = re.search(r"helper processes converted (\d+) of the pages and indexed (\d+)", log)
    return (int(found[1]), int(found[2])) if found else (0, 0)


@pytest.mark.parametrize(("engine", "directory_urls"), [("mkdocs", True), ("mkdocs", False), ("properdocs", True)])
def test_pages_converted_by_helper_processes_make_the_same_site(project: Project, tmp_path: Path, engine: str,
                                                                directory_urls: bool) -> None:
    _library(project)
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text() + f"use_directory_urls: {str(directory_urls).lower()}\n")
    helped, log = _build(project, tmp_path / "cache-helped", jobs=3, engine=engine)
    converted, indexed = _by_helpers(log)
    assert converted > 0 and indexed >= converted, log
    pages = int(re.search(r"Academy: (\d+) generated pages converted", log)[1])
    if pages - converted >= WORTH_A_HELPER:  # as good as always: the engine converts most of them
        assert indexed > converted, log  # helpers forked again indexed some of those the engine converted
    # The same site, search index included, as one process converting every page in turn.
    alone, log = _build(project, tmp_path / "cache-alone", jobs=1, engine=engine)
    assert _by_helpers(log) == (0, 0), log
    assert helped.keys() == alone.keys()
    assert [name for name in helped if helped[name] != alone[name]] == []
    # What the helpers made is kept for the next build as what the build made itself is.
    again, log = _build(project, tmp_path / "cache-helped", jobs=3, engine=engine)
    assert "pages taken from the last build" in log
    converted, unchanged = map(int, re.search(r"Academy: (\d+) generated pages converted, (\d+) unchanged", log).groups())
    assert unchanged > 10 * converted, log  # only those with charts, made while the first build went
    assert again == alone


def test_jobs_must_count_processes(project: Project) -> None:
    project.academy_options(jobs="0")
    result = project.build(in_process=False)
    assert result.returncode != 0
    assert "The academy option 'jobs' is 0: it counts processes, so it must be 1 or more" in result.stderr
    assert "Traceback" not in result.stderr


def test_no_helper_is_started_with_a_plugin_not_known_to_keep_to_the_page(project: Project, tmp_path: Path) -> None:
    _library(project)
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - search\n", "  - search\n  - tags\n"))
    _, log = _build(project, tmp_path / "cache", jobs=3)
    assert _by_helpers(log) == (0, 0), log
    assert re.search(r"Academy: \d{3} generated pages converted", log), log
