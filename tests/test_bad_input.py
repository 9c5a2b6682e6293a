"""A contributor's broken file: every problem reported with file, line, column and field; no site written."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import MKDOCS, Project, pattern_yaml, tree_digest

GOOD = pattern_yaml("Invest time in partners")


@pytest.fixture(scope="module")
def previous_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real site built once, put in place as "the previous build" of each failing project."""
    project = Project.create(tmp_path_factory.mktemp("previous"))
    project.write("patterns/invest-time.yml", GOOD)
    return project.built()


@pytest.fixture
def project(project: Project, previous_site: Path) -> Project:
    shutil.copytree(previous_site, project.root / "site")
    return project


def _fails(project: Project, *expected: str) -> str:
    """The build must fail, name each problem, print no traceback and leave site/ byte for byte as it was."""
    project.write("patterns/invest-time.yml", GOOD)
    before = tree_digest(project.root / "site")
    result = project.build()
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    for line in expected:
        assert line in output, output
    assert tree_digest(project.root / "site") == before  # site/ was not cleaned, nor half written
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
    _fails(project, "patterns/check-ins.yml:1:1: id: the id 'check-ins' is used twice: it is already the id at "
                    "patterns/check-ins.yaml:1; rename one of the files")


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


def test_a_broken_framework_does_not_hide_problems_in_patterns(project: Project) -> None:
    _edit_matrix(project, "    min: 1\n", "    min: one\n")
    project.write("patterns/a.yml", pattern_yaml("Alpha", status="finished", proximity="[presense]",
                                                 value_cells="[trust/proces]"))
    output = _fails(project, f"{MATRIX}:52:10: assessment.scale.min: expected a whole number, found 'one'",
                    "patterns/a.yml:3:9: status: 'finished' is not one of",
                    "patterns/a.yml:14:13: proximity[0]: 'presense' is not a proximity domain",
                    "data/frameworks:1:1: kind: no valid framework file of kind 'value-matrix'")
    # Tags of the broken framework are not judged: that would add a false problem to every pattern.
    assert "value_cells" not in output


# --- resource limits: hostile YAML is a message, never a hang or a traceback --------------------

LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(12))


def test_hostile_yaml_gets_a_message_for_each_limit_at_once(project: Project) -> None:
    project.write("patterns/laughs.yml", LAUGHS)
    project.write("patterns/brackets.yml", "title: " + "[" * 10_000 + "]" * 10_000 + "\n")
    project.write("patterns/dashes.yml", "- " * 200_000 + "x\n")  # nested lists, one line
    project.write("patterns/huge.yml", "title: x\nsummary: " + "long " * 300_000 + "\n")
    project.write("patterns/digits.yml", pattern_yaml("Digits", status="9" * 5000))
    project.write("patterns/two.yml", pattern_yaml("Two documents") + "---\ntitle: Second\n")
    output = _fails(project, "patterns/laughs.yml:1:4: '&a' marks a value for reuse; anchors and aliases are "
                             "not supported in data files",
                    "patterns/brackets.yml:1:39: values are nested more than 32 levels deep",
                    "patterns/dashes.yml:1:65: values are nested more than 32 levels deep",
                    "patterns/huge.yml:1:1: the file is larger than 1 MB",
                    "patterns/digits.yml:3:9: status: this value cannot be read as a number",
                    "patterns/two.yml:14:1: a second document ('---') in one file")
    assert "long long" not in output


def test_an_alias_alone_is_refused_where_it_stands(project: Project) -> None:
    project.write("patterns/alias.yml", pattern_yaml("Alias", authors="*team"))
    _fails(project, "patterns/alias.yml:12:10: '*team' repeats a value marked with '&'")


# --- nothing outside the project is read ------------------------------------------------------

SECRET = "root:x:0:0:the secret outside the project"


def test_links_out_of_the_project_are_refused_without_showing_their_target(project: Project,
                                                                          tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.yml").write_text(pattern_yaml(SECRET))
    patterns = project.root / "patterns"
    os.symlink(outside / "secret.yml", patterns / "outside.yml")
    os.symlink(project.root / "nowhere.yml", patterns / "dangling.yml")
    os.symlink(patterns / "loop-b.yml", patterns / "loop-a.yml")
    os.symlink(patterns / "loop-a.yml", patterns / "loop-b.yml")
    (project.root / "cohorts").rmdir()
    os.symlink(outside, project.root / "cohorts")  # a whole data folder, linked out
    output = _fails(project, "patterns/outside.yml:1:1: a symbolic link to outside the project",
                    "patterns/dangling.yml:1:1: a symbolic link to nothing",
                    "patterns/loop-a.yml:1:1: a symbolic link that leads round in a loop",
                    "patterns/loop-b.yml:1:1: a symbolic link that leads round in a loop",
                    "cohorts:1:1: a symbolic link to outside the project")
    assert "secret" not in output and str(outside) not in output


def test_a_link_inside_the_project_is_followed(project: Project) -> None:
    project.write("shared/check-ins.yml", pattern_yaml("Shared check-ins"))
    os.symlink(project.root / "shared/check-ins.yml", project.root / "patterns/check-ins.yml")
    assert "Shared check-ins" in (project.built() / "patterns/check-ins/index.html").read_text()


def test_messages_quote_only_an_excerpt_of_a_value(project: Project) -> None:
    long_value = "Partner" * 1000
    # A line break in a value must not start a line of its own in a CI log (a forged annotation).
    project.write("patterns/long.yml", pattern_yaml("Long", status=f'"Partner\\n::error file=x::forged{long_value}"'))
    project.write("patterns/related.yml", pattern_yaml("Related", related=f"\n  - pattern: {long_value}\n"
                                                       "    relation: complements"))
    output = _fails(project, "patterns/long.yml:3:9: status: 'Partner\\n::error file=x::forgedPartner",
                    "related[0].pattern: no pattern with id 'PartnerPartner")
    assert long_value[:200] not in output
    assert not any(line.startswith("::error") for line in output.splitlines())
    assert max(len(line) for line in output.splitlines()) < 400


# --- failures that MkDocs itself finds ----------------------------------------------------------

def test_a_broken_link_found_by_mkdocs_in_strict_mode_leaves_the_previous_site(project: Project) -> None:
    project.write("docs/index.md", "# Home\n\nSee [the guide](guide.md).\n")
    _fails(project, "guide.md", "Aborted with 1 warnings in strict mode!")
    assert not list(project.root.glob(".site.*"))  # the staging folder is gone too


def test_what_a_killed_build_left_is_removed_but_a_running_build_is_left_alone(project: Project) -> None:
    ended = subprocess.Popen(["true"])
    ended.wait()
    running = subprocess.Popen(["sleep", "60"])
    try:
        left = project.write(f".site.building-{ended.pid}/index.html", "half a site")
        aside = project.write(f".site.previous-{ended.pid}-0/index.html", "an old site")
        busy = project.write(f".site.building-{running.pid}/index.html", "being built")
        project.built()
        assert not left.exists() and not aside.exists()
        assert busy.exists()
    finally:
        running.kill()
        running.wait()


def test_a_build_that_succeeds_replaces_the_site_whole(project: Project) -> None:
    stale = project.root / "site" / "stale-page" / "index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("from an older build")
    project.write("mkdocs.yml", (project.root / "mkdocs.yml").read_text() + "use_directory_urls: false\n")
    project.pattern("check-ins")
    site = project.built()
    assert "Check ins" in (site / "patterns/check-ins.html").read_text()
    assert not stale.exists()
    assert not list(project.root.glob(".site.*"))


def test_a_dirty_build_starts_from_the_previous_site(project: Project) -> None:
    project.pattern("check-ins")
    site = project.built()
    kept = site / "kept-by-a-dirty-build.txt"
    kept.write_text("still here")
    # Not strict: MkDocs warns that any dirty build may be inaccurate.
    result = subprocess.run([*MKDOCS, "build", "--dirty"], cwd=project.root, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=600)
    assert result.returncode == 0, result.stderr
    assert kept.read_text() == "still here"
    assert "Check ins" in (site / "patterns/check-ins/index.html").read_text()


def test_a_link_in_docs_out_of_the_project_is_refused(project: Project, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("outside-docs")
    (outside / "secret.md").write_text(f"# {SECRET}\n")
    os.symlink(outside / "secret.md", project.root / "docs/secret.md")
    output = _fails(project, "docs/secret.md: a symbolic link to outside the project")
    assert "secret outside" not in output


@pytest.mark.parametrize("written", [
    "Plain words", "yes", "No", "on", "true", "null", "~", "", "12", "-3", "+4", "0x1F", "0o17", "1_000",
    "1.5", ".5", "-.inf", ".NaN", "1e3", "1.0e+3", "'12'", '"true"', "|\n  kept\n  as text", ">\n  folded",
    "!!str 12", "! 12", "!!int '7'", "Tuesday 18:30", "[1, two, No]", "{a: 1, b: off}",
])
def test_values_read_as_pyyaml_reads_them(written: str, tmp_path: Path) -> None:
    """Our reader takes shortcuts past PyYAML's type rules for text; every value still reads the same
    (times like 18:30 and dates, which we keep as written, are tested with the schemas)."""
    import yaml

    from academy.source.yamlfile import read_yaml

    text = f"value: {written}\n"
    doc = read_yaml(tmp_path / "value.yml", "value.yml", text.encode())
    assert not doc.problems
    assert doc.data == yaml.load(text, Loader=yaml.SafeLoader)
