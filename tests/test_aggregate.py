"""Publishing a cohort's results privately: only aggregates, small numbers suppressed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from academy.aggregate import aggregate_round, suppress_bands, threshold_breaches
from academy.source.files import SourceDirs
from academy.source.library import load_frameworks
from academy.source.problems import Problems
from conftest import REPO, Project
from test_cohorts import FUNDAMENTALS, cohort_yaml


@pytest.fixture(scope="module")
def instrument():
    problems = Problems()
    frameworks = load_frameworks(SourceDirs(REPO, REPO / "patterns", REPO / "cohorts", REPO / "data"), problems)
    assert not problems
    return frameworks["value-matrix"].instrument


def answers(instrument, scores: list[int]) -> list[dict]:
    """One answer set per score, every statement given that score."""
    return [{s.cell: score for s in instrument.statements} for score in scores]


def test_four_responses_publish_nothing(instrument) -> None:
    result = aggregate_round("Start", answers(instrument, [1, 2, 3, 4]), instrument)
    assert result.respondents == 4 and result.cells == {}


def test_five_responses_publish_cells_but_no_small_bands(instrument) -> None:
    result = aggregate_round("Start", answers(instrument, [1, 2, 3, 4, 5]), instrument)
    cell = result.cells["trust/process"]
    assert (cell.n, cell.mean) == (5, 3.0)
    assert dict(cell.bands) == {}  # 2 low, 1 middle, 2 high: all below 5


def test_six_responses_with_dont_knows(instrument) -> None:
    sets = answers(instrument, [4, 4, 4, 4, 4, 2])
    sets[0]["trust/process"] = "dk"
    result = aggregate_round("Start", sets, instrument)
    assert result.respondents == 6
    assert "trust/process" in result.cells and result.cells["trust/process"].n == 5
    assert result.cells["integrity/culture"].mean == round(22 / 6, 2)
    sets[1]["trust/process"] = "dk"
    assert "trust/process" not in aggregate_round("Start", sets, instrument).cells  # 4 scores left


def test_complementary_suppression() -> None:
    # low 3 is hidden; high 6 could then be subtracted from the total, so middle (the next smallest) goes too.
    assert suppress_bands({"low": 3, "middle": 5, "high": 7}) == {"high": 7}
    # Two hidden bands that together are still fewer than 5: hide another.
    assert suppress_bands({"low": 1, "middle": 2, "high": 9}) == {}
    # Two hidden bands totalling 5 or more are safe.
    assert suppress_bands({"low": 3, "middle": 3, "high": 9}) == {"high": 9}
    assert suppress_bands({"low": 5, "middle": 6, "high": 7}) == {"low": 5, "middle": 6, "high": 7}


def test_every_aggregate_passes_its_own_check(instrument) -> None:
    for scores in ([1, 1, 1, 5, 5, 5, 5, 5, 3], [2] * 5, [1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 5]):
        assert threshold_breaches(aggregate_round("R", answers(instrument, scores), instrument)) == []


@pytest.fixture
def cohort_with_answers(project: Project, tmp_path: Path) -> tuple[Project, list[Path]]:
    project.write("data/fundamentals.yml", FUNDAMENTALS)
    project.pattern("regular-check-ins", "Regular check-ins")
    project.pattern("hand-on-the-champion", "Hand on the champion role")
    project.write("cohorts/police-2027.yml", cohort_yaml())
    files = []
    for index, score in enumerate([2, 2, 3, 2, 2, 3]):
        path = tmp_path / f"learner-{index}.json"
        path.write_text(json.dumps({"framework": "relational-value-matrix", "version": 1,
                                    "answers": {"trust/process": score, "integrity/culture": score + 2}}))
        files.append(path)
    return project, files


def _aggregate(project: Project, files: list[Path], round_name: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "academy.cli", "aggregate", "police-2027", *map(str, files),
                           "--round", round_name], cwd=project.root, capture_output=True, text=True)


def test_aggregate_command_writes_only_aggregates_and_the_page_shows_the_change(cohort_with_answers) -> None:
    project, files = cohort_with_answers
    result = _aggregate(project, files, "Start of course")
    assert result.returncode == 0, result.stderr
    written = (project.root / "cohorts/results/police-2027.yml").read_text()
    assert "learner" not in written and "answers" not in written
    for path in files:
        data = json.loads(path.read_text())
        data["answers"]["trust/process"] += 1
        path.write_text(json.dumps(data))
    assert _aggregate(project, files, "End of course").returncode == 0
    project.built()
    page = project.page("cohorts/police-2027")
    tables = page.select("article table")
    change = [t for t in tables if t.caption and "Change in mean score" in t.caption.get_text()][0]
    cells = {(tr.th.get_text(), i): td.get_text() for tr in change.select("tbody tr") for i, td in enumerate(tr.select("td"))}
    assert cells[("Trust", 3)] == "+1.0"
    assert cells[("Integrity", 0)] == "+0.0"
    assert cells[("Respect", 0)] == "–"


def test_build_refuses_results_that_break_the_threshold(cohort_with_answers) -> None:
    project, _ = cohort_with_answers
    project.write("cohorts/results/police-2027.yml",
                  "framework: relational-value-matrix\nversion: 1\nrounds:\n  - name: Start\n    respondents: 6\n"
                  "    cells:\n      trust/process: {n: 4, mean: 2.5}\n"
                  "      integrity/culture: {n: 6, mean: 4.1, bands: {low: 0, high: 6}}\n")
    result = project.build()
    assert result.returncode != 0
    assert "cohorts/results/police-2027.yml:7:26: rounds[0].cells.trust/process.n: 4 answers is below the threshold of 5" in result.stderr
    assert "rounds[0].cells.integrity/culture.bands.low: 0 is below the threshold of 5" in result.stderr
    assert "rounds[0].cells.integrity/culture.bands: only 'middle' is left out" in result.stderr


def test_a_file_given_twice_or_malformed_is_refused_with_a_reason(cohort_with_answers, tmp_path: Path) -> None:
    project, files = cohort_with_answers
    twice = _aggregate(project, [*files[:5], files[0]], "Start of course")
    assert twice.returncode == 1 and "Traceback" not in twice.stderr
    assert f"{files[0]}: the same answers file as {files[0]} (file)" in twice.stderr
    copy = tmp_path / "copy.json"
    for path, response in ((files[1], "r-1"), (copy, "r-1")):
        path.write_text(json.dumps({**json.loads(files[1].read_text()), "response": response}))
    copied = _aggregate(project, [*files, copy], "Start of course")
    assert copied.returncode == 1 and f"{copy}: the same answers file as {files[1]} (response)" in copied.stderr
    listed = tmp_path / "listed.json"
    listed.write_text(json.dumps({"framework": "relational-value-matrix", "version": 1, "answers": [3, 4]}))
    malformed = _aggregate(project, [*files, listed], "Start of course")
    assert malformed.returncode == 1 and "Traceback" not in malformed.stderr
    assert f"{listed}: 'answers' should map each statement to a score" in malformed.stderr
    assert not (project.root / "cohorts/results/police-2027.yml").exists()
