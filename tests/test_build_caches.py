"""What builds keep on disk for the next one: checked data files, whose store never hides a change,
a problem or where it is; and compiled templates."""

from __future__ import annotations

import pytest
from conftest import Project, pattern_yaml


def _log_counts(output: str) -> tuple[int, int]:
    """(files read, files reused) from the plugin's log line."""
    line = next(line for line in output.splitlines() if "data files read" in line)
    words = line.split("Academy:")[1].split()
    return int(words[0]), int(words[4])


@pytest.fixture
def built_once(project: Project) -> Project:
    project.pattern("invest-time", related="\n  - pattern: check-ins\n    relation: complements")
    project.pattern("check-ins")
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert _log_counts(result.stderr) == (5, 0)  # two patterns and three framework files
    return project


def test_a_second_build_parses_nothing_and_builds_the_same_site(built_once: Project) -> None:
    first = (built_once.root / "site/patterns/invest-time/index.html").read_text()
    result = built_once.build()
    assert result.returncode == 0, result.stderr
    assert _log_counts(result.stderr) == (0, 5)
    assert (built_once.root / "site/patterns/invest-time/index.html").read_text() == first


def test_an_edited_file_is_read_again(built_once: Project) -> None:
    built_once.pattern("check-ins", title="Weekly check-ins")
    result = built_once.build()
    assert result.returncode == 0, result.stderr
    assert _log_counts(result.stderr) == (1, 4)
    assert "Weekly check-ins" in (built_once.root / "site/patterns/invest-time/index.html").read_text()


def test_an_unchanged_file_with_a_problem_fails_every_build(project: Project) -> None:
    project.write("patterns/broken.yml", pattern_yaml("Broken", status="finished"))
    for _ in range(2):
        result = project.build()
        assert result.returncode != 0
        assert "patterns/broken.yml:3:9: status: 'finished' is not one of" in result.stderr


def test_a_problem_found_later_in_an_unchanged_file_names_its_line(built_once: Project) -> None:
    # invest-time.yml is unchanged (taken from the store), but the pattern it links to is gone.
    (built_once.root / "patterns/check-ins.yml").unlink()
    result = built_once.build()
    assert result.returncode != 0
    assert _log_counts(result.stderr) == (0, 4)
    assert "patterns/invest-time.yml:15:14: related[0].pattern: no pattern with id 'check-ins'" in result.stderr


def test_a_store_written_by_other_code_is_not_trusted(built_once: Project, monkeypatch) -> None:
    from academy.source import checkstore

    assert checkstore.CheckStore(built_once.root).load()
    monkeypatch.setattr(checkstore, "code_fingerprint", lambda: "another version of the plugin")
    assert checkstore.CheckStore(built_once.root).load() == {}


def test_compiled_templates_are_kept_in_the_user_cache_and_reused(project: Project, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    project.pattern("check-ins")
    first = project.built()
    page = (first / "patterns/check-ins/index.html").read_text()
    compiled = sorted((tmp_path / "user-cache/relationships-academy/templates").iterdir())
    assert len(compiled) >= 5  # one per template used (pattern, library, facets, frameworks, ...)
    stamps = [path.stat().st_mtime_ns for path in compiled]
    assert (project.built() / "patterns/check-ins/index.html").read_text() == page
    assert [path.stat().st_mtime_ns for path in compiled] == stamps  # read, not written again


def test_a_save_while_serving_rebuilds_the_page_reading_only_that_file(built_once: Project) -> None:
    import os
    import signal
    import socket
    import subprocess
    import sys
    import threading
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr",
                               f"127.0.0.1:{port}"], cwd=built_once.root, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, start_new_session=True)
    assert server.stderr is not None
    # Ends the server (and so any wait below) if it never gets as far as the test expects.
    deadline = threading.Timer(180, os.killpg, (server.pid, signal.SIGTERM))
    deadline.start()
    log: list[str] = []

    def wait_for(text: str) -> None:
        for line in server.stderr:
            log.append(line)
            if text in line:
                return
        raise AssertionError("mkdocs serve stopped:\n" + "".join(log))
    try:
        wait_for("Serving on")
        time.sleep(1)  # let the file watcher settle, as a person would not save within a second
        built_once.pattern("check-ins", title="Fortnightly check-ins")
        wait_for("Documentation built")
        counts = [line for line in log if "data files read" in line][-1]
        assert _log_counts(counts) == (1, 4)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/patterns/check-ins/") as response:
            assert "Fortnightly check-ins" in response.read().decode()
    finally:
        deadline.cancel()
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
