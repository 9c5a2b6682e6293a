"""Links that contributors write in Markdown fields, checked against the site before the engine builds it.

In strict mode the engine (MkDocs) refuses a link to a page that does not exist, or to an anchor
that is not on its page, but only once it is building. `academy validate` and the build run this
check first, so such a link is reported at the file, line, column and field where it was written,
and a build never fails on it after validation passed.

The rules are the engine's rules for links between source files, and stricter where a link
would not be checked or rewritten: a link is relative to the page the field is shown on and names
the target's `.md` file (or another file of the site), optionally with `#anchor`. A link from the
site's root (`/patterns/`), to a folder (`../regular-check-ins/`), or inside raw HTML is refused,
with the link to write instead.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from academy.model import Library, LinkingText
from academy.site.dialect import MARKDOWN_EXTENSIONS
from academy.site.pages.common import UrlRule, relative_md
from academy.site.pages.paths import overview_path, pattern_path
from academy.source.content_checks import link_written_at
from academy.source.problems import Problem, did_you_mean, excerpt, quoted

_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n.*?\n(?:-{3}|\.{3})[ \t]*\n", re.S)


@dataclass(frozen=True)
class SiteSource:
    """The site as the engine will build it: every file (docs-relative paths, generated ones too),
    a way to read a page's Markdown, and the Markdown extensions (with options) it is built with."""

    files: Collection[str]
    read: Callable[[str], str | None]
    extensions: Sequence[Any] = MARKDOWN_EXTENSIONS
    extension_configs: Mapping[str, Any] = field(default_factory=dict)


def shown_on(text: LinkingText, library: Library) -> str | None:
    """The page a contributor's Markdown field is shown on, or None when it is not published
    (trainer notes, the fundamentals module's description)."""
    if text.kind == "pattern" and text.owner in library.patterns:
        return pattern_path(library.patterns[text.owner])
    if text.kind == "cohort" and text.field == ("description",) and text.owner in library.cohorts:
        return overview_path(library.cohorts[text.owner])
    return None


def link_problems(library: Library, site: Callable[[], SiteSource | None]) -> list[Problem]:
    """Every link in contributors' Markdown that leads to no page, no file or no anchor of the site.

    `site` is asked for only when some field links within the site: most builds need nothing more.
    Without a site (no configuration to build one from), only links in raw HTML are reported.
    """
    found: list[Problem] = []
    checker: _Checker | None = None
    asked = False
    for text in library.linking_text:
        page = shown_on(text, library)
        if page is None:
            continue
        links, raw = _links(text.text)
        for tag, url in raw:  # a link to a place on this page works as written; any other is not rewritten
            if not _external(url) and urlsplit(url).path:
                found.append(link_written_at(text, url, f"the address {quoted(url)} is written in HTML, which the "
                                             "site neither checks nor rewrites; write it in Markdown: "
                                             + (f"![what it shows]({excerpt(url)})" if tag == "img"
                                                else f"[words]({excerpt(url)})")))
        checked = links + [url for _, url in raw if not urlsplit(url).path]
        internal = [url for url in checked if not _external(url)]
        if internal and not asked:
            asked, source = True, site()
            checker = _Checker(source) if source is not None else None
        for url in internal:
            if checker is not None and (message := checker.problem(page, url)):
                found.append(link_written_at(text, url, message))
    return found


def moved(url: str, written_on: str, shown_on: str, rule: UrlRule) -> str:
    """A contributor's link, written for one page, as the URL that leads to the same place from another
    page where the Markdown is shown as HTML (which the engine does not rewrite), e.g. on the cards."""
    parts = urlsplit(url)
    if _external(url) or url.startswith(("/", "\\")):
        return url
    target = _resolved(written_on, parts.path) if parts.path else written_on
    return rule(shown_on, f"{target}#{parts.fragment}" if parts.fragment else target)


def _resolved(page: str, path: str) -> str:
    """The docs-relative file a relative link's path names, as the engine resolves it."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(path)).lstrip("/"))


def _external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc) or AMP_SUBSTITUTE in url  # AMP_SUBSTITUTE: an obfuscated e-mail


class _LinkCollector(Treeprocessor):
    """The links the engine checks: `<a href>` and `<img src>` in the Markdown's element tree."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter():
            url = element.get("href") if element.tag == "a" else element.get("src") if element.tag == "img" else None
            if url is not None:
                self.found.append(url)


@cache
def _link_reader() -> tuple[markdown.Markdown, _LinkCollector]:
    reader = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS))
    collector = _LinkCollector()
    reader.treeprocessors.register(collector, "academy-links", 0)  # last, as the engine's own link check
    return reader, collector


def _links(text: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The Markdown links of a field (which the engine checks and rewrites), and the links written in
    raw HTML, with their tag (which it passes through untouched)."""
    reader, collector = _link_reader()
    collector.found = []
    html = reader.reset().convert(text)
    left = Counter(collector.found)
    raw = []
    for tag, url in _html_links(html):
        if left[url] > 0:
            left[url] -= 1
        else:
            raw.append((tag, url))
    return collector.found, raw


class _Tags(HTMLParser):
    """Every start tag of a piece of HTML with its attributes, entities decoded as a browser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {name: value or "" for name, value in attrs}))

    @classmethod
    def of(cls, html: str) -> list[tuple[str, dict[str, str]]]:
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser.found


def _html_links(html: str) -> list[tuple[str, str]]:
    """(tag, address) of every link and picture in a piece of HTML."""
    return [(tag, attrs[name]) for tag, attrs in _Tags.of(html)
            for name in ("href" if tag == "a" else "src" if tag == "img" else "",) if name in attrs]


def _ids(html: str) -> set[str]:
    """The anchors a piece of HTML holds: ids, and the names of <a> elements."""
    return {value for tag, attrs in _Tags.of(html) for name, value in attrs.items()
            if value and (name == "id" or (name == "name" and tag == "a"))}


class _Checker:
    """Resolves links from one page to another as the engine does, reading target pages for their anchors."""

    def __init__(self, site: SiteSource) -> None:
        self.site = site
        self.files = frozenset(site.files)
        self.pages = sorted(p for p in self.files if p.endswith(".md"))
        self._anchors: dict[str, frozenset[str]] = {}
        self._reader: markdown.Markdown | None = None

    def problem(self, page: str, url: str) -> str | None:
        """Why a link written on `page` would fail the engine's strict check (or break), or None."""
        parts = urlsplit(url)
        link = quoted(url)
        if url.startswith(("/", "\\")):
            target = posixpath.normpath(unquote(parts.path).lstrip("/\\"))
            better = self._suggestion(page, target, parts.fragment)
            return (f"the link {link} starts at the site's root, which breaks wherever the site is not at the "
                    "root of its host; link relative to this page" + (f": {quoted(better)}" if better else ""))
        if not parts.path:
            if parts.fragment and parts.fragment not in self.anchors(page):
                return (f"the link {link} leads to no heading or anchor on this page"
                        + did_you_mean(parts.fragment, self.anchors(page)))
            return None
        target = _resolved(page, parts.path)
        if target not in self.files:
            better = self._suggestion(page, target, parts.fragment)
            hint = (f"; did you mean {quoted(better)}?" if better
                    else "; a link names a page's .md file, relative to this page, e.g. 'regular-check-ins.md'")
            if not posixpath.splitext(parts.path)[1]:
                return f"the link {link} names no page of the site{hint}"
            return f"the link {link} leads to no page or file of the site ({target} does not exist){hint}"
        if parts.fragment and target.endswith(".md") and parts.fragment not in self.anchors(target):
            return (f"the link {link} leads to no heading or anchor '#{parts.fragment}' on {target}"
                    + did_you_mean(parts.fragment, self.anchors(target)))
        return None

    def _suggestion(self, page: str, target: str, fragment: str) -> str:
        """The link to write for a target that was probably meant, relative to the page."""
        stem = target.removesuffix("/").removesuffix(".html").removesuffix(".md")
        meant = next((guess for guess in (f"{stem}.md", f"{stem}/index.md") if guess in self.files), None)
        if meant is None:
            close = difflib.get_close_matches(target, self.pages, n=1, cutoff=0.6)
            meant = close[0] if close else None
        if meant is None:
            return ""
        link = relative_md(page, meant)
        return f"{link}#{fragment}" if fragment else link

    def anchors(self, page: str) -> frozenset[str]:
        """The anchors of a page's content, collected as the engine collects them: from the rendered
        page (headings, attr_list, footnotes) and from the raw HTML in its source."""
        if page not in self._anchors:
            if self._reader is None:
                self._reader = markdown.Markdown(extensions=list(self.site.extensions),
                                                 extension_configs=dict(self.site.extension_configs))
            source = _FRONT_MATTER.sub("", self.site.read(page) or "", count=1)
            self._anchors[page] = frozenset(_ids(self._reader.reset().convert(source)) | _ids(source))
        return self._anchors[page]
