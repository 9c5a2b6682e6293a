"""A new reader finding things: unique page titles and descriptions, sharing cards, and search that ranks
the pattern a reader means above the lists that mention it. Built from the repository's own content."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO
from mkdocs.commands.build import build
from mkdocs.config import load_config


def build_copy_of_the_repository(root: Path, site_url: str) -> Path:
    """The repository's content and mkdocs.yml, built strictly in-process for `site_url`."""
    for folder in ("docs", "patterns", "cohorts", "data"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    build(load_config(str(root / "mkdocs.yml"), site_url=site_url, strict=True))
    return root / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_copy_of_the_repository(tmp_path_factory.mktemp("repository"), "https://academy.example/")


def _heads(site: Path) -> dict[str, BeautifulSoup]:
    return {str(page.relative_to(site)): BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").head
            for page in site.rglob("*.html")}


def test_every_page_has_its_own_title_and_description(site: Path) -> None:
    heads = _heads(site)
    assert len(heads) > 100
    titles = Counter(head.title.get_text() for head in heads.values())
    assert [title for title, count in titles.items() if count > 1] == []
    # The 404 page is never indexed or shared; every other page describes itself.
    described = {path: head.find("meta", attrs={"name": "description"})["content"]
                 for path, head in heads.items() if path != "404.html"}
    repeated = Counter(described.values())
    assert [(path, text) for path, text in described.items() if repeated[text] > 1] == []
    assert all(20 <= len(text) <= 160 for text in described.values()), min(described.values(), key=len)
    pattern = heads["patterns/refresh-after-turnover/index.html"]
    assert pattern.find("meta", attrs={"name": "description"})["content"] == (
        "When your contact in a partner organisation changes, revisit the shared purpose with the newcomer.")


def test_open_graph_title_and_description_match_the_page(site: Path) -> None:
    for path, head in _heads(site).items():
        if path == "404.html":
            continue
        og = {m["property"]: m["content"] for m in head.find_all("meta", attrs={"property": True})}
        title = head.title.get_text()
        assert title in (og["og:title"] + " - Relationships Academy", og["og:title"]), path
        assert og["og:description"] == head.find("meta", attrs={"name": "description"})["content"], path
        assert og["og:url"] == "https://academy.example/" + path.removesuffix("index.html"), path
        assert og["og:site_name"] == "Relationships Academy"


def test_the_repository_link_asks_no_other_host(site: Path) -> None:
    """Material's repository widget fetches stars and forks from api.github.com unless overridden."""
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'class="md-source"' in home and 'data-md-component="source"' not in home
