"""The contributor's command line, run as a contributor would: a subprocess on real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import yaml
from conftest import REPO, Project, pattern_yaml
from test_cohorts import FUNDAMENTALS


def academy(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "academy.cli", *args], cwd=project.root,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def library(project: Project) -> Project:
    project.pattern("regular-check-ins", "Regular check-ins")
    project.pattern("invest-time", "Invest time in partners")
    return project


def test_clean_files_pass(library: Project) -> None:
    result = academy(library, "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All data files are valid." in result.stderr


BAD = {
    "wrong extension": ("patterns/notes.txt", "some notes\n",
                        "patterns/notes.txt:1:1: 'notes.txt' is not a data file; data files end in .yml"),
    "file name not an id": ("patterns/Regular_Check_Ins.yml", pattern_yaml("Regular check-ins again"),
                            "patterns/Regular_Check_Ins.yml:1:1: id: the file name 'Regular_Check_Ins.yml' is not a valid id"),
    "title too long": ("patterns/long.yml", pattern_yaml("A" * 95),
                       "patterns/long.yml:1:8: title: is 95 characters long; keep it to 80 or fewer"),
    "empty required section": ("patterns/empty.yml", pattern_yaml("Empty problem", problem='""'),
                               "patterns/empty.yml:4:10: problem: must not be empty"),
    "malformed source link": ("patterns/link.yml", pattern_yaml("Bad link", sources="\n  - title: A guide\n    url: https://exampleorg/guide"),
                              "patterns/link.yml:11:10: sources[0].url: 'https://exampleorg/guide' is not a well-formed web address"),
    "source link without https": ("patterns/link.yml", pattern_yaml("Bad link", sources="\n  - title: A guide\n    url: www.example.org"),
                                  "patterns/link.yml:11:10: sources[0].url: 'www.example.org' must be a web address starting with https://"),
    "malformed link in text": ("patterns/link.yml", pattern_yaml("Bad link", context='"See [the guide](htps://example.org)."'),
                               "patterns/link.yml:5:10: context: 'htps://example.org' is not a web address; it should start with https://"),
    "script in text": ("patterns/script.yml", pattern_yaml("Scripted", evidence='"<script>alert(1)</script>"'),
                       "patterns/script.yml:14:11: evidence: <script> is not allowed in text"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_each_bad_input_is_reported_with_its_location(library: Project, case: str) -> None:
    path, text, expected = BAD[case]
    library.write(path, text)
    result = academy(library, "validate")
    assert result.returncode == 1
    assert expected in result.stdout, result.stdout
    assert "Traceback" not in result.stderr


def test_a_file_outside_the_data_folders(library: Project) -> None:
    library.write("docs/pattern.yml", pattern_yaml("Misplaced"))
    result = academy(library, "validate", "docs/pattern.yml")
    assert result.returncode == 1
    assert "docs/pattern.yml:1:1: not in a data folder; patterns go in patterns/, cohorts in cohorts/" in result.stdout


def test_only_the_given_files_are_reported(library: Project) -> None:
    library.write("patterns/broken.yml", pattern_yaml("Broken", status="done"))
    assert academy(library, "validate", "patterns/invest-time.yml").returncode == 0
    assert academy(library, "validate", "patterns/broken.yml").returncode == 1


def test_output_formats(library: Project) -> None:
    library.write("patterns/broken.yml", pattern_yaml("Broken", status="done"))
    github = academy(library, "validate", "--format", "github")
    assert github.stdout.strip() == ("::error file=patterns/broken.yml,line=3,col=9::status: 'done' is not one of: "
                                     "experimental, established, retired")
    data = json.loads(academy(library, "validate", "--format", "json").stdout)
    assert data == [{"file": "patterns/broken.yml", "line": 3, "column": 9, "field": "status",
                     "message": "'done' is not one of: experimental, established, retired", "severity": "error"}]


def test_near_duplicate_title_is_a_warning(library: Project) -> None:
    library.pattern("regular-checkins", "Regular check ins")
    result = academy(library, "validate", "patterns/regular-checkins.yml")
    assert result.returncode == 0
    assert ("patterns/regular-checkins.yml:1:1: title: very close to the title of 'regular-check-ins' "
            "(patterns/regular-check-ins.yml); is this the same pattern? (warning)") in result.stdout


def test_scaffolds_validate_once_filled(library: Project) -> None:
    result = academy(library, "new", "pattern", "Listening walks")
    assert result.returncode == 0, result.stderr
    path = library.root / "patterns/listening-walks.yml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    assert academy(library, "validate", "patterns/listening-walks.yml").returncode == 1
    filled = text.replace('""', '"Walk the neighbourhood with residents and listen to what they notice."')
    path.write_text(filled)
    result = academy(library, "validate", "patterns/listening-walks.yml")
    assert result.returncode == 0, result.stdout
    assert academy(library, "new", "pattern", "Listening walks").returncode == 1  # never overwrites

    library.write("data/fundamentals.yml", FUNDAMENTALS)
    assert academy(library, "new", "cohort", "Relational nursing").returncode == 0
    cohort = library.root / "cohorts/relational-nursing.yml"
    cohort.write_text(cohort.read_text().replace('""', '"Nurses on one hospital ward."'))
    result = academy(library, "validate", "cohorts/relational-nursing.yml")
    assert result.returncode == 0, result.stdout


def test_workflow_and_hooks_are_valid() -> None:
    workflow = yaml.safe_load((REPO / ".github/workflows/site.yml").read_text())
    jobs = workflow["jobs"]
    assert set(jobs) == {"validate", "build", "zensical", "test", "deploy"}
    steps = lambda job: " ".join(str(s.get("run", s.get("uses", ""))) for s in jobs[job]["steps"])  # noqa: E731
    assert "academy validate --format github" in steps("validate")
    assert "make build" in steps("build") and "upload-pages-artifact" in steps("build")  # make builds the chart runtime too
    assert "properdocs build --strict" in steps("build")
    assert "academy generate" in steps("zensical") and jobs["zensical"]["continue-on-error"] is True
    assert "make test" in steps("test")
    assert "deploy-pages" in steps("deploy") and "refs/heads/main" in jobs["deploy"]["if"]
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert hooks[0]["id"] == "academy-validate" and hooks[0]["entry"] == "academy validate"
    own = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    assert own["repos"][0]["hooks"][0]["id"] == "academy-validate"


def test_configuration_is_read_by_mkdocs_itself(project: Project) -> None:
    """`!ENV` in mkdocs.yml works as in a build: the command reads the folders MkDocs would."""
    config = project.root / "mkdocs.yml"
    text = config.read_text()
    assert "  - academy\n" in text
    config.write_text(text.replace("  - academy\n", "  - academy:\n"
                                   "      patterns_dir: !ENV [ACADEMY_PATTERNS, patterns]\n"))
    project.write("library/broken.yml", pattern_yaml("Broken", status="done"))
    env = {**os.environ, "ACADEMY_PATTERNS": "library"}
    result = subprocess.run([sys.executable, "-m", "academy.cli", "validate"], cwd=project.root, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "library/broken.yml:3:9: status: 'done' is not one of" in result.stdout
