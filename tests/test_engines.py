"""The core runs on any engine: ProperDocs builds the site with our plugin, and the output of
`academy generate` builds with an engine that runs no plugin of ours."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from academy.cli import main as academy
from conftest import REPO, broken_links, build_site


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated") / "site-source"
    assert academy(["--root", str(REPO), "generate", "--out", str(out)]) == 0
    return out


def test_generated_output_builds_without_our_plugin(generated: Path, tmp_path: Path) -> None:
    config = yaml.safe_load((generated / "mkdocs.yml").read_text(encoding="utf-8"))
    assert not [p for p in config["plugins"] if "academy" in (p if isinstance(p, str) else str(list(p)))]
    site = build_site(generated / "mkdocs.yml", tmp_path / "site")
    pages = sorted(p.relative_to(generated / "docs") for p in (generated / "docs").rglob("*.md"))
    assert len([p for p in pages if p.parts[0] == "patterns"]) >= 30
    missing = [str(p) for p in pages if not (site / p.with_suffix("") / "index.html").exists()
               and not (site / p.parent / "index.html").exists()]
    assert missing == []
    assert broken_links(site, directory_urls=True) == []
    pattern = (site / "patterns/regular-check-ins/index.html").read_text(encoding="utf-8")
    assert "<title>Regular check-ins" in pattern  # the title the plugin would set, from front matter
    cohort = (site / "cohorts/police-officers-2027/index.html").read_text(encoding="utf-8")
    assert "academy-slot" not in cohort and "academy-chart" in cohort  # charts put in their slots


def test_generate_never_overwrites_a_folder_it_did_not_write(tmp_path: Path, capsys) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert academy(["--root", str(REPO), "generate", "--out", str(tmp_path)]) == 1
    assert "was not written by academy generate" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_properdocs_builds_the_site_strictly(tmp_path: Path) -> None:
    """ProperDocs, the continuation of MkDocs 1.x, runs our plugin from its own entry point."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict", "--site-dir",
                             str(tmp_path / "site")], cwd=REPO, env=env, capture_output=True, text=True,
                            timeout=900)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert (site / "patterns/regular-check-ins/index.html").exists()
    assert broken_links(site, directory_urls=True) == []
