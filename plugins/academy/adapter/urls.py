"""MkDocs' own URL rules, handed to the core for the few links that cannot be Markdown."""

from __future__ import annotations

from functools import cache

from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from academy.site.pages.common import UrlRule


def mkdocs_urls(use_directory_urls: bool) -> UrlRule:
    """(page, target) -> the target's URL relative to the page, exactly as MkDocs writes it."""
    @cache
    def url_of(path: str) -> str:
        return File(path, None, "", use_directory_urls).url

    def relative(page: str, target: str) -> str:
        path, _, anchor = target.partition("#")
        link = get_relative_url(url_of(path), url_of(page)) if path else ""
        return f"{link}#{anchor}" if anchor else link
    return relative
