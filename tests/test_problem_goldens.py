"""Every message a contributor can get for a broken data file, checked against golden files.

Each file in tests/goldens/problems/ holds the data files of one case (`files`, added to a project
with the real frameworks, a fundamentals module and two good patterns) and the exact report
(`output`). After a deliberate change of wording, regenerate every golden with one command and
review the diff:

    .venv/bin/python -m pytest tests/test_problem_goldens.py --update-goldens
"""

from __future__ import annotations

import pytest
from conftest import Project, pattern_yaml
from test_cohorts import FUNDAMENTALS

from academy.source.files import SourceDirs
from academy.source.library import load_library
from academy.source.problems import DataError, report


def problems_report(project: Project) -> str:
    root = project.root
    try:
        load_library(SourceDirs(root, root / "patterns", root / "cohorts", root / "data"))
    except DataError as error:
        return report(error.problems) + "\n"
    return "no problems\n"


@pytest.mark.golden_test("goldens/problems/*.yml")
def test_problem_report(golden, project: Project) -> None:
    project.write("data/fundamentals.yml", FUNDAMENTALS)
    project.pattern("regular-check-ins", "Regular check-ins")
    project.pattern("invest-time", "Invest time in partners")
    for path, text in golden["files"].items():
        project.write(path, text.replace("{good pattern}", pattern_yaml("A good pattern")))
    assert problems_report(project) == golden.out["output"]
