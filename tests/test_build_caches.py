"""What builds keep on disk for the next one: checked data files, whose store never hides a change,
a problem or where it is; and compiled templates."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from conftest import MKDOCS, Project, pattern_yaml


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
    # Separate processes, as two builds on a contributor's machine: this one keeps compiled templates in memory.
    first = project.built(in_process=False)
    page = (first / "patterns/check-ins/index.html").read_text()
    compiled = sorted((tmp_path / "user-cache/relationships-academy/templates").iterdir())
    assert len(compiled) >= 5  # one per template used (pattern, library, facets, frameworks, ...)
    stamps = [path.stat().st_mtime_ns for path in compiled]
    assert (project.built(in_process=False) / "patterns/check-ins/index.html").read_text() == page
    assert [path.stat().st_mtime_ns for path in compiled] == stamps  # read, not written again


# --- caches are never a risk and never stale ---------------------------------------------------

@pytest.fixture
def user_cache(tmp_path, monkeypatch) -> Path:
    """A user cache folder of this test's own, so damaging it touches nothing else."""
    from academy.site.pages.common import environment

    folder = tmp_path / "user-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    # Builds run in this process: start from a fresh template environment, as a new process would,
    # so the templates are compiled into this cache rather than found in memory.
    environment.cache_clear()
    return folder / "relationships-academy"


def _site_with_charts(project: Project) -> Project:
    project.pattern("check-ins", proximity="[presence]")
    project.write("docs/index.md", "# Home\n")
    return project


def _pages(site: Path) -> dict[str, bytes]:
    """Every built file but those that carry the build's date."""
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*"))
            if path.is_file() and not path.name.startswith("sitemap")}


def test_damaged_caches_are_rebuilt_and_the_site_is_the_same(project: Project, user_cache: Path) -> None:
    _site_with_charts(project)
    first = _pages(project.built())
    kept = [path for path in user_cache.rglob("*") if path.is_file()]
    assert {path.parent.name for path in kept} >= {"checked", "templates", "relationships-academy"}
    for number, path in enumerate(kept):  # truncated, binary garbage, not UTF-8, empty
        damage = [path.read_bytes()[:50], b"\x80\xff\xfe" * 100, b"", b"{" * 5000][number % 4]
        path.write_bytes(damage)
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert _pages(project.root / "site") == first
    assert _log_counts(project.build().stderr) == (0, 4)  # rebuilt: the next build reuses them


KEPT = "pages taken from the last build"


def test_the_generated_site_is_kept_only_while_all_it_is_made_from_is_the_same(project: Project,
                                                                                user_cache: Path) -> None:
    _site_with_charts(project)
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"}

    def commit() -> None:
        for command in (["add", "-A"], ["commit", "-qm", "A change"]):
            subprocess.run(["git", *command], cwd=project.root, check=True, env=env)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=project.root, check=True)
    project.write(".gitignore", "site/\n")
    commit()
    config = project.root / "mkdocs.yml"
    changes = {
        "a data file": lambda: project.pattern("check-ins", "Weekly check-ins", proximity="[presence]"),
        "the history": commit,  # the same files, now committed: What's new lists the change
        "site_url": lambda: config.write_text(config.read_text() + "site_url: https://academy.example/\n"),
        "the URL style": lambda: config.write_text(config.read_text() + "use_directory_urls: false\n"),
        "today": lambda: project.academy_options(today="2031-01-01"),
        "the repository": lambda: config.write_text(config.read_text().replace("academy-test", "academy-fork")),
    }
    first = project.build()
    assert first.returncode == 0 and KEPT not in first.stderr, first.stderr
    for what, change in changes.items():
        change()
        result = project.build()
        assert result.returncode == 0, result.stderr
        assert KEPT not in result.stderr, f"the kept site was used after a change to {what}"
        made = _pages(project.root / "site")
        again = project.build()
        assert KEPT in again.stderr, f"nothing changed after {what}, but the site was generated again"
        assert _pages(project.root / "site") == made, f"the kept site differs after a change to {what}"


def _render_counts(output: str) -> tuple[int, int]:
    """(generated pages converted, pages whose last HTML was reused) from the plugin's log line."""
    found = re.search(r"Academy: (\d+) generated pages converted, (\d+) unchanged", output)
    assert found, output
    return int(found[1]), int(found[2])


def _search_entries_kept(output: str) -> int:
    found = re.search(r"search entries of (\d+) pages kept", output)
    assert found, output
    return int(found[1])


@pytest.mark.parametrize("directory_urls", [True, False])
def test_pages_that_did_not_change_keep_their_html_and_the_site_is_the_same(project: Project, user_cache: Path,
                                                                            tmp_path, monkeypatch,
                                                                            directory_urls: bool) -> None:
    _site_with_charts(project)
    project.pattern("invest-time", related="\n  - pattern: check-ins\n    relation: complements")
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text() + f"use_directory_urls: {str(directory_urls).lower()}\n")
    first = project.build()
    assert first.returncode == 0, first.stderr
    converted, reused = _render_counts(first.stderr)
    assert converted > 10 and reused == 0 and _search_entries_kept(first.stderr) == 0
    made = _pages(project.root / "site")

    project.pattern("check-ins", proximity="[presence]", summary='"A summary edited since the last build."')
    edited = project.build()
    assert edited.returncode == 0, edited.stderr
    converted, reused = _render_counts(edited.stderr)
    assert converted > 0 and reused > 0  # its page and the lists that show its summary; not the others
    assert _search_entries_kept(edited.stderr) > 0  # docs pages' too: their HTML is the same
    check_ins = "patterns/check-ins/index.html" if directory_urls else "patterns/check-ins.html"
    assert "A summary edited since the last build." in (project.root / "site" / check_ins).read_text()
    after_edit = _pages(project.root / "site")
    assert after_edit != made
    # The very same site as a first build in an empty cache makes.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-cache"))
    fresh = project.build().stderr
    assert _render_counts(fresh)[1] == 0 and _search_entries_kept(fresh) == 0
    assert _pages(project.root / "site") == after_edit  # the search index included

    # Options of a Markdown extension change every page's HTML: nothing is reused.
    monkeypatch.setenv("XDG_CACHE_HOME", str(user_cache.parent))
    config.write_text(config.read_text() + "markdown_extensions:\n  - toc:\n      permalink: true\n")
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert _render_counts(result.stderr)[1] == 0
    assert "headerlink" in (project.root / "site" / check_ins).read_text()


def test_anchors_on_kept_pages_are_checked_on_every_build(project: Project, user_cache: Path) -> None:
    # The engine checks links into a page against the anchors its conversion found: a kept page's must be kept too.
    project.pattern("check-ins")
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text() + "validation:\n  anchors: warn\n")
    project.write("docs/index.md", "# Home\n\n[Context](patterns/check-ins.md#context) and "
                                   "[nowhere](patterns/check-ins.md#no-such-heading).\n")
    # (The second build converts pages with charts again: the first made their charts as it went.)
    for _ in range(3):
        result = project.build()
        assert result.returncode != 0  # --strict: the warning fails every build, not only the first
        assert "no-such-heading" in result.stderr and "#context" not in result.stderr
    assert _render_counts(result.stderr)[0] == 0  # every generated page was kept, check-ins' too


def test_a_build_that_fails_after_generating_keeps_no_site_and_leaves_nothing_behind(project: Project,
                                                                                        user_cache: Path) -> None:
    _site_with_charts(project)  # nothing kept yet: its charts are still being made when the build fails
    project.pattern("invest-time", problem='"Read [the check-ins](check-in.md) first."')
    result = project.build()
    assert result.returncode != 0 and "patterns/check-in.md does not exist" in result.stderr
    assert not [path for path in user_cache.rglob("*") if path.parent.name == "sites"]
    project.pattern("invest-time", problem='"Read [the check-ins](check-ins.md) first."')
    assert KEPT not in project.build().stderr
    assert KEPT in project.build().stderr


def test_only_the_most_recently_built_projects_sites_are_kept(tmp_path) -> None:
    from academy.site.deferred import Tokens
    from academy.site.generate import GeneratedSite
    from academy.site.pages.common import GeneratedFile, GeneratedPage
    from academy.site.sitecache import KEEP_SITES, keep_site, kept_site

    site = GeneratedSite([GeneratedPage("a.md", "# A\n", "A")], [GeneratedFile("b.bin", b"\x00\xff")], Tokens())
    projects = [f"/projects/{number}" for number in range(KEEP_SITES + 3)]
    for project in reversed(projects):  # the first project is built last
        for earlier in tmp_path.glob("sites/*.jsonl"):
            os.utime(earlier, (earlier.stat().st_mtime - 10,) * 2)
        keep_site(tmp_path, project, "key", site).finish()
    assert len(list(tmp_path.glob("sites/*.jsonl"))) == KEEP_SITES
    kept = kept_site(tmp_path, projects[0], "key")
    assert kept is not None and (kept.pages, kept.files) == (site.pages, site.files)
    assert kept_site(tmp_path, projects[0], "another key") is None
    assert kept_site(tmp_path, projects[-1], "key") is None  # the least recently built is gone


def test_cache_files_unused_for_a_month_are_removed_and_those_in_use_kept(project: Project, user_cache: Path) -> None:
    from academy.site.pages.common import environment

    _site_with_charts(project)
    project.built()
    shutil.rmtree(user_cache / "sites")  # so that the next build generates its pages, using every other cache
    in_use = {path for path in user_cache.rglob("*") if path.is_file()}
    month_ago = time.time() - 40 * 24 * 3600
    stale = project.write("stale.bytecode", b"from code that no longer exists")  # moved into the cache below
    stale = stale.rename(user_cache / "templates" / "old-code.bytecode")
    for path in user_cache.rglob("*"):
        if path.is_file():
            os.utime(path, (month_ago, month_ago))
    environment.cache_clear()  # the next build starts afresh, as a new process does
    project.built()
    assert not stale.exists()
    assert {path for path in in_use if not path.exists()} == set()
    assert _log_counts(project.build().stderr) == (0, 4)  # what the build used is still there


@pytest.mark.parametrize("blocked", ["the whole cache folder", "each cache's folder"])
def test_cache_folders_that_cannot_be_written_only_slow_the_build(project: Project, user_cache: Path,
                                                                   blocked: str) -> None:
    # A file where a folder should be: as unwritable as it gets, even for root.
    if blocked == "the whole cache folder":
        user_cache.parent.mkdir(parents=True)
        user_cache.write_text("not a folder")
    else:
        user_cache.mkdir(parents=True)
        for name in ("checked", "templates"):
            (user_cache / name).write_text("not a folder")
    _site_with_charts(project)
    site = project.built()
    assert "Check ins" in (site / "patterns/check-ins/index.html").read_text()
    assert list(site.rglob("*.svg"))  # chart images drawn, though none could be kept


def test_a_cache_planted_in_the_project_is_never_loaded(project: Project, user_cache: Path, tmp_path) -> None:
    import pickle

    ran = tmp_path / "code-ran"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {ran}",))
    planted = project.write(".cache/academy/checked.pickle", pickle.dumps(Payload()))
    project.write(".cache/academy/checked.json", "{}")
    project.pattern("check-ins")
    project.built()
    assert not ran.exists()
    assert planted.exists()  # left alone, not read


def test_two_builds_at_once_in_one_checkout(project: Project, user_cache: Path) -> None:
    _site_with_charts(project)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    builds = [subprocess.Popen([*MKDOCS, "build", "--strict"], cwd=project.root, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outputs = [build.communicate(timeout=600) for build in builds]
    for build, (_, errors) in zip(builds, outputs, strict=True):
        assert build.returncode == 0, errors
        assert "Traceback" not in errors
    assert "Check ins" in (project.root / "site/patterns/check-ins/index.html").read_text()
    assert not list(project.root.glob(".site.*"))  # neither staging folder is left behind
    assert _log_counts(project.build().stderr) == (0, 4)  # and the store they both wrote is whole


def test_chart_specs_are_built_again_when_our_code_changes(tmp_path, monkeypatch) -> None:
    from academy.site import charts

    built = []

    def build(**arguments):
        built.append(arguments)
        return {"mark": "rect", "data": arguments}
    assert (charts._cached(tmp_path, "test", build, rows=1).value()
            == charts._cached(tmp_path, "test", build, rows=1).value())
    assert len(built) == 1
    monkeypatch.setattr(charts, "code_fingerprint", lambda: "charts.py was edited")
    charts._cached(tmp_path, "test", build, rows=1).value()
    assert len(built) == 2


# --- charts are made in a helper process ---------------------------------------------------------

def test_charts_made_beside_the_build_land_whole_and_the_same_as_charts_kept(project: Project,
                                                                                user_cache: Path) -> None:
    import html
    import json
    import re

    _site_with_charts(project)
    fresh = _pages(project.built())  # nothing kept: every chart is asked of the helper and filled in late
    assert not [path for path, content in fresh.items() if b"academy-deferred-" in content]
    assert _pages(project.built()) == fresh  # the generated site kept whole
    shutil.rmtree(user_cache / "sites")
    assert _pages(project.built()) == fresh  # generated again, every chart read from the cache
    coverage = fresh["library/value-matrix/index.html"].decode()
    found = re.search(r'data-academy-name="chart" data-academy-data="([^"]*)"', coverage)
    assert found, "the coverage chart's data is on the page"
    assert json.loads(html.unescape(found[1]))["$schema"].endswith("/vega/v6.json")
    assert re.search(r"min-height: [1-9][0-9]*px", coverage)
    assert fresh["library/value-matrix-coverage.svg"].startswith(b"<svg")


def test_deferred_values_are_written_as_json_in_an_attribute_as_if_they_were_ready() -> None:
    import html
    import json

    from academy.site.deferred import Deferred, Tokens, html_json

    data = {"spec": Deferred(lambda: {"text": '</div> "quoted" & <b>', "nested": [Deferred.made(1)]}),
            "ready": Deferred.made(["a"]), "plain": "x"}
    tokens = Tokens()
    with tokens.collecting():
        written = html_json(data)
    assert tokens.prefix in written and '"' not in written and "<" not in written
    at_once = html_json(data)
    assert tokens.fill(written) == at_once
    with tokens.collecting():  # a value kept from an earlier build is written at once: the page is the same
        assert html_json({"kept": Deferred.made({"a": 1})}) == html_json({"kept": {"a": 1}})
    assert json.loads(html.unescape(at_once)) == {"spec": {"text": '</div> "quoted" & <b>', "nested": [1]},
                                                  "ready": ["a"], "plain": "x"}
    other_build = Tokens().token(Deferred.made("another build's value"))
    assert tokens.fill(f"text naming {other_build}") == f"text naming {other_build}"


def test_a_build_with_no_chart_kept_makes_them_in_a_helper_and_never_loads_altair_itself(
        project: Project, tmp_path) -> None:
    import sys

    project.pattern("check-ins")
    script = ("import sys\nfrom mkdocs.commands.build import build\nfrom mkdocs.config import load_config\n"
              "build(load_config('mkdocs.yml', site_dir='site'))\n"
              "print(sorted({'altair', 'vl_convert'} & set(sys.modules)))\n")
    # No `if __name__ == '__main__'` guard: the helper must never import and run the caller's script.
    (project.root / "build.py").write_text(script)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "empty-cache"), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "build.py"], cwd=project.root, env=env, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert "<svg" in (project.root / "site/library/value-matrix-coverage.svg").read_text()
    assert list((tmp_path / "empty-cache/relationships-academy").glob("spec-*.json"))


def test_an_error_in_the_helper_is_raised_in_the_build_and_a_missing_helper_means_working_here(monkeypatch) -> None:
    from academy.site import chart_worker

    with pytest.raises(ZeroDivisionError):
        chart_worker.run(divmod, 1, 0)
    assert chart_worker.run(divmod, 7, 2) == (3, 1)  # the same helper carries on
    first, second = chart_worker.submit(divmod, 9, 4), chart_worker.submit(divmod, 10, 3)
    assert second() == (3, 1) and first() == (2, 1)  # answers asked for in any order
    unanswered = chart_worker.submit(divmod, 5, 2)
    chart_worker.release()  # a failed build ends the helper with work unread: it is done here if asked
    assert unanswered() == (2, 1)
    monkeypatch.setattr(chart_worker.sys, "executable", "/nonexistent/python")
    assert chart_worker.run(divmod, 7, 2) == (3, 1)
    assert chart_worker._helper is None
