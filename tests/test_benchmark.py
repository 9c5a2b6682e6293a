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

