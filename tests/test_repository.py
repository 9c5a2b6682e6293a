"""The repository address is set once (repo_url, edit_uri) and every link into the repository follows it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from academy.site.repository import Repository, from_mkdocs
from conftest import Project


def _configure(project: Project, old: str, new: str) -> None:
    config = project.root / "mkdocs.yml"
    assert old in config.read_text()
    config.write_text(config.read_text().replace(old, new))


def test_edit_links_follow_repo_url_for_data_files_and_docs(project: Project) -> None:
    project.pattern("regular-check-ins", "Regular check-ins")
    _configure(project, "https://github.com/academy-test/site", "https://github.com/another-org/academy")
    _configure(project, "edit/main/docs/", "edit/live/docs/")
    project.built()
    def edit(page: str) -> str:
        return project.page(page).select_one("a.md-content__button[rel=edit]")["href"]
    assert edit("patterns/regular-check-ins") == "https://github.com/another-org/academy/edit/live/patterns/regular-check-ins.yml"
    assert edit("about/privacy") == "https://github.com/another-org/academy/edit/live/docs/about/privacy.md"
    assert project.page("patterns").select_one("a.md-content__button[rel=edit]") is None  # made from many files


@pytest.mark.parametrize("placeholder", ["https://github.com/ORG/REPO", "https://example.org/repo"])
def test_a_placeholder_address_is_warned_about_and_fails_a_strict_build(project: Project, placeholder: str) -> None:
    _configure(project, "https://github.com/academy-test/site", placeholder)
    result = project.build()
    assert result.returncode != 0
    assert f"repo_url '{placeholder}' looks like a placeholder" in result.stderr


def test_a_missing_address_builds_without_edit_links(project: Project) -> None:
    _configure(project, "repo_url: https://github.com/academy-test/site\nedit_uri: edit/main/docs/\n", "")
    project.pattern("regular-check-ins", "Regular check-ins")
    project.built()
    assert project.page("patterns/regular-check-ins").select_one(".academy-edit") is None


@pytest.mark.parametrize(("option", "expected"), [
    ("edit_uri: edit/main/docs/", "edit_uri 'src/' should be 'edit/BRANCH/docs/'"),
    ("  - academy", "The academy option 'edit_url_base' was removed: set MkDocs' repo_url and edit_uri"),
])
def test_misconfigured_addresses_are_explained(project: Project, option: str, expected: str) -> None:
    replacement = ("edit_uri: src/" if option.startswith("edit_uri") else
                   "  - academy:\n      edit_url_base: https://github.com/academy-test/site/edit/main/")
    _configure(project, option, replacement)
    result = project.build()
    assert result.returncode != 0 and expected in result.stderr
    assert "Traceback" not in result.stderr


def test_new_file_url_carries_name_and_content() -> None:
    repository = from_mkdocs("https://github.com/academy-test/site/", "edit/main/docs/", "docs/")
    assert repository == Repository("https://github.com/academy-test/site", "main")
    url = urlsplit(repository.new_file_url("patterns", "a-b.yml", "title: A & B?\nsummary: x#y\n"))
    assert url.path == "/academy-test/site/new/main/patterns"
    assert parse_qs(url.query) == {"filename": ["a-b.yml"], "value": ["title: A & B?\nsummary: x#y\n"]}
    assert repository.contributing == "https://github.com/academy-test/site/blob/main/CONTRIBUTING.md"
    assert not repository.placeholder and Repository("https://github.com/your-org/site").placeholder
