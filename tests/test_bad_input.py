"""A contributor's broken file: every problem reported with file, line, column and field; no site written."""

from __future__ import annotations

import pytest
from conftest import Project, pattern_yaml

GOOD = pattern_yaml("Invest time in partners")


def _fails(project: Project, *expected: str) -> str:
    """Build a site that was built fine before; the build must fail, name each problem and keep the old site."""
    project.write("patterns/invest-time.yml", GOOD)
    marker = project.root / "site" / "previous-build.txt"
    marker.parent.mkdir(exist_ok=True)
    marker.write_text("the previous site")
    result = project.build()
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    for line in expected:
        assert line in output, output
    assert marker.read_text() == "the previous site"  # site/ was not cleaned, nor half written
    assert not (project.root / "site" / "index.html").exists()
    return output


CASES = {
    "yaml syntax": ("title: [Unclosed\nsummary: x\n",
                    "patterns/broken.yml:2:8: YAML syntax error: did not find expected ',' or ']'"),
    "tab indentation": ("title: Tabs\nwhat_to_do:\n\t- step\n",
                        "patterns/broken.yml:3:1: a tab is used for indentation"),
    "duplicate key": (pattern_yaml("Twice") + "title: Again\n",
                      "patterns/broken.yml:14:1: title: duplicate key (first given on line 1)"),
    "empty file": ("", "patterns/broken.yml:1:1: the file is empty"),
    "list instead of mapping": ("- title: A list\n",
                                "patterns/broken.yml:1:1: expected a mapping of fields, found a list"),
    "missing required field": (pattern_yaml("No problem", problem=None),
                               "patterns/broken.yml:1:1: problem: required field is missing"),
    "wrong type": (pattern_yaml("Typed", authors="Just one name"),
                   "patterns/broken.yml:12:10: authors: expected a list, found 'Just one name'"),
    "unknown field": (pattern_yaml("Extra", summry="typo"),
                      "patterns/broken.yml:14:1: summry: unknown field (did you mean 'summary'?)"),
    "unknown framework value": (pattern_yaml("Tagged", proximity="[presense]"),
                                "patterns/broken.yml:14:13: proximity[0]: 'presense' is not a proximity domain (did you mean 'presence'?)"),
    "unknown value cell": (pattern_yaml("Cell", value_cells="[trust/proces]"),
                           "patterns/broken.yml:14:15: value_cells[0]: 'trust/proces' is not a cell of the value matrix (did you mean 'trust/process'?)"),
    "unknown related pattern": (pattern_yaml("Related", related="\n  - pattern: invest-tme\n    relation: complements"),
                                "patterns/broken.yml:15:14: related[0].pattern: no pattern with id 'invest-tme' (did you mean 'invest-time'?)"),
    "self reference": (pattern_yaml("Myself", related="\n  - pattern: broken\n    relation: complements"),
                       "patterns/broken.yml:15:14: related[0].pattern: a pattern cannot be related to itself"),
    "title too short": (pattern_yaml("Hi"), "patterns/broken.yml:1:8: title: is too short: write at least 3 characters"),
    "bad date": (pattern_yaml("Dated", last_reviewed="2026-02-30"),
                 "patterns/broken.yml:13:16: last_reviewed: '2026-02-30' is not a date written as YYYY-MM-DD"),
    "unknown relation": (pattern_yaml("Rel", related="\n  - pattern: invest-time\n    relation: leadsto"),
                         "patterns/broken.yml:16:15: related[0].relation: 'leadsto' is not one of: complements, leads-to"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_pattern_file(project: Project, case: str) -> None:
    text, expected = CASES[case]
    project.write("patterns/broken.yml", text)
    _fails(project, expected, "the site was not built")


def test_file_that_is_not_utf8(project: Project) -> None:
    project.write("patterns/latin.yml", "title: Caf\xe9 conversations\n".encode("latin-1"))
    _fails(project, "patterns/latin.yml:1:11: the file is not UTF-8 text (byte 0xe9)")


def test_two_files_with_the_same_id(project: Project) -> None:
    project.write("patterns/check-ins.yml", pattern_yaml("One"))
    project.write("patterns/check-ins.yaml", pattern_yaml("Two"))
    _fails(project, "patterns/check-ins.yml:1:1: id: two files have the id 'check-ins': "
                    "patterns/check-ins.yaml and patterns/check-ins.yml")


def test_every_problem_in_every_file_is_reported_at_once(project: Project) -> None:
    project.write("patterns/a.yml", pattern_yaml("Alpha", status="finished"))
    project.write("patterns/b.yml", pattern_yaml("Beta", pathway="[asessment]", summary=None))
    output = _fails(project, "patterns/a.yml:3:9: status: 'finished' is not one of",
                    "patterns/b.yml:1:1: summary: required field is missing",
                    "patterns/b.yml:13:11: pathway[0]: 'asessment' is not a step of the measured pathway (did you mean 'assessment'?)",
                    "3 problems in 2 files; the site was not built.")
    assert output.count("patterns/") >= 3


# --- framework files -------------------------------------------------------------------------

MATRIX = "data/frameworks/relational-value-matrix.yml"


def _edit_matrix(project: Project, old: str, new: str) -> None:
    path = project.root / MATRIX
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_framework_with_a_missing_cell(project: Project) -> None:
    _edit_matrix(project, '    - {value: trust, area: process, text: "Our processes can flex to fit the complexity of the work."}\n', "")
    _fails(project, f"{MATRIX}:58:5: assessment.statements: no statement for cell 'trust/process'")


def test_framework_with_a_duplicate_statement(project: Project) -> None:
    _edit_matrix(project, "{value: trust, area: process,", "{value: trust, area: people,")
    _fails(project, f"{MATRIX}:81:7: assessment.statements[23]: duplicate statement for cell 'trust/people'",
           "no statement for cell 'trust/process'")


def test_framework_with_an_empty_scale(project: Project) -> None:
    _edit_matrix(project, "    min: 1\n    max: 5\n", "    min: 5\n    max: 5\n")
    _fails(project, f"{MATRIX}:53:10: assessment.scale.max: max (5) must be greater than min (5)")
