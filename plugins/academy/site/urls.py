"""Where a generated Markdown file ends up as a URL, and links between such pages.

MkDocs rewrites links written in Markdown; links inside raw HTML blocks are not
rewritten, so those are computed here with the same rules MkDocs uses.
"""

from __future__ import annotations

import posixpath


def page_url(md_path: str, directory_urls: bool = True) -> str:
    """'patterns/a.md' -> 'patterns/a/' (or 'patterns/a.html'); 'x/index.md' -> 'x/'."""
    stem = md_path[: -len(".md")]
    if posixpath.basename(stem) in ("index", "README"):
        folder = posixpath.dirname(stem)
        return f"{folder}/" if folder else ""
    return f"{stem}/" if directory_urls else f"{stem}.html"


def relative_url(from_md: str, to: str, directory_urls: bool = True) -> str:
    """A link from one page to a page (.md, with optional #anchor) or to any other site file."""
    target, _, anchor = to.partition("#")
    target_url = page_url(target, directory_urls) if target.endswith(".md") else target
    here = page_url(from_md, directory_urls)
    base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
    link = _relpath(target_url, base)
    if target_url.endswith("/") and not link.endswith("/"):
        link += "/"
    link = "./" if link in (".", "./") else link
    return f"{link}#{anchor}" if anchor else link


def relative_md(from_md: str, to: str) -> str:
    """A Markdown link between two source pages, which MkDocs validates and turns into a URL."""
    target, _, anchor = to.partition("#")
    link = _relpath(target, posixpath.dirname(from_md))
    return f"{link}#{anchor}" if anchor else link


def _relpath(path: str, start: str) -> str:
    """posixpath.relpath for clean site-relative paths, without its calls to the file system.

    Tens of thousands of links are made per build; relpath's getcwd() made this a hot spot.
    """
    to_parts = [part for part in path.split("/") if part]
    from_parts = [part for part in start.split("/") if part]
    common = 0
    for a, b in zip(to_parts, from_parts):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(from_parts) - common) + to_parts[common:]) or "."
