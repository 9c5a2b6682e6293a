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
    fresh, alone, warm, edited = (line.split() for line in result.stdout.splitlines()[1:5])
    assert [row[:2] for row in (fresh, alone, warm, edited)] == [["30", "fresh"], ["30", "alone"], ["30", "warm"],
                                                                 ["30", "edited"]]
    # Charts are made in a helper process; a build that finds every chart kept imports neither Altair
    # nor vl-convert, and starts no helper (column "heavy imports"), even when a pattern's text changed.
    assert " ".join(fresh[10:12]) == " ".join(alone[10:12]) == "chart helper"
    assert warm[10] == "none" and edited[10] == "none"



def test_page_weights_are_measured_in_the_browser_for_a_page_with_and_without_charts(browser) -> None:
    result = subprocess.run([sys.executable, str(REPO / "benchmarks/weights.py"), "--quick"], capture_output=True,
                            text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr  # also fails on a request to another host
    rows = {line[:44].strip(): line[44:].split() for line in result.stdout.splitlines()[1:3]}
    assert set(rows) == {"pattern", "self-assessment: value matrix"}
    # requests, KB, gzip KB, then HTML, CSS, JS...: the chart page also loads the chart runtime
    assert int(rows["self-assessment: value matrix"][5]) > int(rows["pattern"][5]) + 300
