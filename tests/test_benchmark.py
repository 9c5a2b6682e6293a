"""The benchmark's quick mode, so the script cannot rot. It checks that both sites build with the same pages;
it never asserts a time."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO


def test_quick_benchmark_builds_both_sites_with_the_same_pages() -> None:
    result = subprocess.run([sys.executable, str(REPO / "benchmarks/run.py"), "--quick"], capture_output=True,
                            text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pages differ" not in result.stdout
    row = result.stdout.splitlines()[1].split()
    assert row[0] == "30"


def test_a_rebuild_parses_only_the_changed_file(tmp_path) -> None:
    import shutil

    from academy.datafiles import PARSED, SourceDirs
    from academy.load import load_library
    from conftest import Project, pattern_yaml
    shutil.copytree(REPO / "data" / "frameworks", tmp_path / "data" / "frameworks")
    project = Project(tmp_path)
    for n in range(5):
        project.write(f"patterns/p-{n}.yml", pattern_yaml(f"Pattern number {n}"))
    dirs = SourceDirs(tmp_path, tmp_path / "patterns", tmp_path / "cohorts", tmp_path / "data")
    PARSED.keep_between_builds(True)  # as the plugin does when MkDocs serves
    try:
        with PARSED.session(None):
            load_library(dirs)
        changed = tmp_path / "patterns/p-2.yml"
        changed.write_text(changed.read_text().replace("Pattern number 2", "Pattern two"))
        with PARSED.session(None):
            library = load_library(dirs)
        assert (PARSED.read, PARSED.reused) == (1, 7)  # one pattern; four patterns and three frameworks reused
        assert library.patterns["p-2"].title == "Pattern two"
    finally:
        PARSED.keep_between_builds(False)
