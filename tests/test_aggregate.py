"""Publishing a cohort's results privately: only aggregates, small numbers suppressed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from academy.aggregate import aggregate_round, differencing_breaches, mean_of, suppress_bands, threshold_breaches
from academy.cli import main
from academy.model import ResultsRound
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


def test_means_round_halves_up_as_the_browser_does() -> None:
    assert mean_of([3, 3, 3, 3, 3, 3, 4, 3]) == 3.13  # 3.125: round() would give 3.12 (halves to even)
    assert mean_of([2, 2, 2]) == 2.0 and mean_of([1, 2, 2]) == 1.67


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
        path.write_text(json.dumps({"framework": "relational-value-matrix", "version": 1, "response": f"id-{index}",
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
    assert cells[("Respect", 0)] == "hidden"


def _refused_results(project: Project, rounds: str) -> str:
    """The build's errors for a results file with these rounds (YAML)."""
    project.write("cohorts/results/police-2027.yml", "framework: relational-value-matrix\nversion: 1\nrounds:\n" + rounds)
    result = project.build()
    assert result.returncode != 0
    return result.stderr


def test_build_refuses_results_that_break_the_threshold(cohort_with_answers) -> None:
    errors = _refused_results(cohort_with_answers[0], "  - name: Start\n    respondents: 6\n"
                              "    cells:\n      trust/process: {n: 4, mean: 2.5}\n"
                              "      integrity/culture: {n: 6, mean: 4.1, bands: {low: 0, high: 6}}\n")
    assert "cohorts/results/police-2027.yml:7:26: rounds[0].cells.trust/process.n: 4 answers is below the threshold of 5" in errors
    assert "rounds[0].cells.integrity/culture.bands.low: 0 is below the threshold of 5" in errors
    assert "rounds[0].cells.integrity/culture.bands: only 'middle' is left out" in errors


def test_a_file_given_twice_or_unreadable_is_refused_and_nothing_written(cohort_with_answers, tmp_path: Path) -> None:
    project, files = cohort_with_answers
    twice = _aggregate(project, [*files[:5], files[0], tmp_path / "missing.json"], "Start of course")
    assert twice.returncode == 1 and "Traceback" not in twice.stderr
    assert f"{files[0]}: the same file as {files[0]} (identical content); each learner counts once" in twice.stderr
    assert f"{tmp_path / 'missing.json'}: cannot be read (No such file or directory)" in twice.stderr
    assert not (project.root / "cohorts/results/police-2027.yml").exists()


# --- the cases the command and the team results page share --------------------------------------

CASES = json.loads((REPO / "tests/fixtures/aggregate-cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES["cases"], ids=lambda case: case["name"])
def test_shared_case_through_the_command(case: dict, cohort_with_answers, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    project, _ = cohort_with_answers
    target = project.root / "cohorts/results/police-2027.yml"
    if case["published"]:
        project.write("cohorts/results/police-2027.yml", case["published"])
    folder = tmp_path / "answers"
    folder.mkdir()
    for file in case["files"]:
        (folder / file["name"]).write_text(file["text"], encoding="utf-8")
    monkeypatch.chdir(folder)  # messages name the files as given: relative names, as the page shows them
    status = main(["--root", str(project.root), "aggregate", "police-2027", *(f["name"] for f in case["files"]),
                   "--round", case["round"]])
    errors = capsys.readouterr().err
    if case["problems"]:
        assert status == 1
        assert errors.splitlines() == [*case["problems"], "academy aggregate: nothing was aggregated"]
        assert (target.read_text(encoding="utf-8") if target.exists() else None) == case["published"]
    else:
        assert status == 0, errors
        assert target.read_text(encoding="utf-8") == case["results"]
        assert project.build().returncode == 0  # the build reads what was written and finds no breach


def test_two_rounds_that_differ_by_one_learner_reveal_nothing_about_that_learner(instrument) -> None:
    """Learners 1-5 at the start, 1-6 at the end (the others unchanged): whatever learner 6
    answered, every published figure is the same, so nothing can be worked out about them."""
    others = answers(instrument, [1, 2, 3, 4, 5])
    start = aggregate_round("Start", others, instrument)
    assert len(start.cells) == 25
    ends = [aggregate_round("End", [*others, sixth], instrument, published=[start])
            for sixth in (answers(instrument, [1])[0], answers(instrument, [5])[0],
                          {s.cell: i % 5 + 1 for i, s in enumerate(instrument.statements)})]
    assert ends[0] == ends[1] == ends[2] == ResultsRound("End", 6, {})


def test_five_more_learners_may_be_published_beside_the_first_round(instrument) -> None:
    first = answers(instrument, [1, 2, 3, 4, 5])
    start = aggregate_round("Start", first, instrument)
    end = aggregate_round("End", [*first, *answers(instrument, [5, 5, 5, 5, 5])], instrument, published=[start])
    assert len(end.cells) == 25 and end.cells["trust/process"].mean == 4.0  # (1+2+3+4+5 + 5*5) / 10
    assert differencing_breaches(start, end) == []


def test_build_refuses_rounds_that_can_be_subtracted(cohort_with_answers) -> None:
    errors = _refused_results(cohort_with_answers[0],
                              "  - name: Start\n    respondents: 5\n    cells:\n      trust/process: {n: 5, mean: 2.0}\n"
                              "  - name: End\n    respondents: 6\n    cells:\n      trust/process: {n: 6, mean: 2.5}\n")
    assert ("rounds[1].cells.trust/process.n: 6 answers against 5 in 'Start': the difference would give "
            "that person's score") in errors
