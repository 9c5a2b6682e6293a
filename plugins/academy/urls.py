"""Where a generated Markdown file ends up as a URL, and links between such pages.

MkDocs rewrites links written in Markdown; links inside raw HTML blocks are not
rewritten, so those are computed here with the same rules MkDocs uses.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache


def page_url(md_path: str, directory_urls: bool = True) -> str:
    """'patterns/a.md' -> 'patterns/a/' (or 'patterns/a.html'); 'x/index.md' -> 'x/'."""
    stem = md_path[: -len(".md")]
    if posixpath.basename(stem) in ("index", "README"):
        folder = posixpath.dirname(stem)
        return f"{folder}/" if folder else ""
    return f"{stem}/" if directory_urls else f"{stem}.html"


@lru_cache(maxsize=65536)  # the same few targets are linked from thousands of pages
def relative_url(from_md: str, to: str, directory_urls: bool = True) -> str:
    """A link from one page to a page (.md, with optional #anchor) or to any other site file."""
    target, _, anchor = to.partition("#")
    target_url = page_url(target, directory_urls) if target.endswith(".md") else target
    here = page_url(from_md, directory_urls)
    base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
    link = posixpath.relpath(target_url or ".", base or ".")
    if target_url.endswith("/") and not link.endswith("/"):
        link += "/"
    link = "./" if link in (".", "./") else link
    return f"{link}#{anchor}" if anchor else link


@lru_cache(maxsize=65536)
def relative_md(from_md: str, to: str) -> str:
    """A Markdown link between two source pages, which MkDocs validates and turns into a URL."""
    target, _, anchor = to.partition("#")
    link = posixpath.relpath(target, posixpath.dirname(from_md) or ".")
    return f"{link}#{anchor}" if anchor else link
