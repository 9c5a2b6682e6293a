"""While `mkdocs serve` runs: reuse what the last rebuild made of a generated page that has not changed.

Every save makes the engine convert every page's Markdown to HTML again, as a fresh build does, and
we would sanitise every generated page again. A page's HTML depends only on its Markdown, the
Markdown extensions and their options, its own address, the addresses of the site's files (links are
resolved against them) and the link-checking settings. So while serving, a generated page whose
Markdown and all of those are unchanged takes the HTML and the rest of what the engine's render sets
from the last build, and its sanitised HTML too.

It never serves stale content:
- everything a render reads is in the key, compared in full (no hash that could collide);
- a page whose render logged anything (a broken link, say) is never kept, so it is rendered, and the
  problem reported, on every rebuild; anchors are checked by the engine after rendering, every build;
- only the Markdown extensions named below, which read nothing but the page, are trusted; any other
  (a snippet includer reads other files) turns the cache off;
- the engine's render is taken over for one page at a time, and only if it sets exactly the
  attributes this module knows how to restore; if a new engine version sets anything else, the page
  is rendered as usual and this cache stays off.

Kept in memory, in the server's process only, for the pages of the latest build; never written.
"""

from __future__ import annotations

import copy
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from academy.site.dialect import MARKDOWN_EXTENSIONS

#: What the engine's Page.render sets (MkDocs 1.6 and ProperDocs 1.6), and so what a reuse restores.
RENDERED = frozenset({"content", "toc", "_title_from_render", "present_anchor_ids", "links_to_anchors"})
#: Extensions whose output depends only on the page's Markdown and their options (Python-Markdown's own
#: and the pymdownx ones that read no file and ask no other host).
PURE_EXTENSIONS = frozenset({
    *MARKDOWN_EXTENSIONS, "extra", "fenced_code", "codehilite", "legacy_attrs", "legacy_em", "meta", "nl2br",
    "sane_lists", "smarty", "wikilinks", "pymdownx.betterem", "pymdownx.caret", "pymdownx.critic",
    "pymdownx.emoji", "pymdownx.escapeall", "pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.keys",
    "pymdownx.mark", "pymdownx.smartsymbols", "pymdownx.tabbed", "pymdownx.blocks.admonition",
    "pymdownx.blocks.details", "pymdownx.blocks.tab", "pymdownx.blocks.html", "pymdownx.saneheaders",
})


@dataclass(frozen=True)
class _Rendered:
    """One page's render: what it was made from (`key`) and what the engine's render set."""

    key: tuple[Any, ...]
    values: dict[str, Any]
    #: links_to_anchors, by the linked file's path: the engine keys it by File objects, new each build.
    anchor_links: dict[str, dict[str, str]] | None


class RenderCache:
    """The last build's renders and sanitised HTML of generated pages, for the next rebuild."""

    def __init__(self) -> None:
        self._renders: dict[str, _Rendered] = {}
        self._cleaned: dict[str, tuple[str, str]] = {}
        self._files: Files | None = None
        self._site: tuple[Any, ...] | None = None
        self._seen: set[str] = set()
        self.disabled = False
        self.rendered = self.reused = 0

    def clear(self) -> None:
        self.__init__()  # type: ignore[misc]

    def start_build(self) -> None:
        """A rebuild begins: forget pages the last one did not make (a deleted pattern's, say)."""
        if self._seen:
            self._renders = {uri: entry for uri, entry in self._renders.items() if uri in self._seen}
            self._cleaned = {uri: entry for uri, entry in self._cleaned.items() if uri in self._seen}
        self._seen = set()
        self._files = None
        self.rendered = self.reused = 0

    def take_over_render(self, page: Page) -> None:
        """Have the engine's coming render of this page reuse the last build's, where nothing it reads changed."""
        if self.disabled or "render" in vars(page) or not callable(getattr(page, "render", None)):
            return
        original = page.render

        def render(config: MkDocsConfig, files: Files) -> None:
            uri = page.file.src_uri
            self._seen.add(uri)
            key = self._key(page, config, files)
            kept = self._renders.get(uri)
            if key is not None and kept is not None and kept.key == key and _restore(page, kept, files):
                self.reused += 1
                return
            self.rendered += 1
            before = dict(vars(page))
            with _records_logged() as logged:
                original(config, files)
            self._renders.pop(uri, None)
            set_by_render = {name for name, value in vars(page).items()
                             if name not in before or before[name] is not value}
            if not set_by_render <= RENDERED:
                self.disabled = True  # the engine's render does more than we can restore: never take it over
            elif key is not None and not logged:
                values = {name: getattr(page, name, None) for name in RENDERED}
                # Copies of what templates and other plugins might change on the page before the next build.
                values["toc"] = copy.deepcopy(page.toc)
                values["present_anchor_ids"] = copy.copy(page.present_anchor_ids)
                self._renders[uri] = _Rendered(key, values, _by_path(page.links_to_anchors))
        page.render = render  # type: ignore[method-assign]  # this page only; the class is untouched

    def cleaned(self, uri: str, html: str, clean: Callable[[str], str]) -> str:
        """`clean(html)`, or the last build's result for this page if its HTML is the same."""
        self._seen.add(uri)
        kept = self._cleaned.get(uri)
        if kept is not None and kept[0] == html:
            return kept[1]
        result = clean(html)
        self._cleaned[uri] = (html, result)
        return result

    def _key(self, page: Page, config: MkDocsConfig, files: Files) -> tuple[Any, ...] | None:
        """All a render reads, or None if it may read something else (an extension not known to be pure)."""
        if files is not self._files:
            site = _site_key(config, files)
            # The same as last build's: keep last build's object, so comparing keys is one identity check.
            self._files = files
            self._site = self._site if site == self._site else site
        if self._site is None or page.markdown is None:
            return None
        return (self._site, page.file.src_uri, page.file.url, page.markdown)


def _site_key(config: MkDocsConfig, files: Files) -> tuple[Any, ...] | None:
    """What every page's render reads besides its own Markdown and address."""
    names = []
    for extension in config.markdown_extensions:
        if not isinstance(extension, str):
            return None  # an extension object may keep state between pages
        names.append(extension.removeprefix("markdown.extensions."))
    if not set(names) <= PURE_EXTENSIONS:
        return None
    validation = config.validation
    return (tuple(names), repr(config.mdx_configs), config.use_directory_urls, repr(validation),
            logging.getLogger(Page.__module__).getEffectiveLevel() > logging.DEBUG,
            tuple(sorted((file.src_uri, file.url, str(file.inclusion)) for file in files)))


def _by_path(links: dict[File, dict[str, str]] | None) -> dict[str, dict[str, str]] | None:
    return None if links is None else {file.src_uri: dict(anchors) for file, anchors in links.items()}


def _restore(page: Page, kept: _Rendered, files: Files) -> bool:
    """Set on the page what its render set last build; False if a linked file is no longer there."""
    links = None
    if kept.anchor_links is not None:
        links = {}
        for path, anchors in kept.anchor_links.items():
            file = files.get_file_from_path(path)
            if file is None:
                return False
            links[file] = dict(anchors)
    for name, value in kept.values.items():
        setattr(page, name, value)
    # Fresh copies of what templates and other plugins might change on the page.
    page.toc = copy.deepcopy(kept.values["toc"])
    if kept.values["present_anchor_ids"] is not None:
        page.present_anchor_ids = set(kept.values["present_anchor_ids"])
    page.links_to_anchors = links
    return True


@contextmanager
def _records_logged() -> Iterator[list[logging.LogRecord]]:
    """What this thread logs meanwhile, through the engine's loggers or any other (Markdown's own)."""
    logged: list[logging.LogRecord] = []
    thread = threading.get_ident()
    handler = logging.Handler()
    handler.emit = lambda record: logged.append(record) if record.thread == thread else None  # type: ignore[method-assign]
    # The engine's top logger does not pass records on to the root logger; other libraries' loggers do.
    loggers = {logging.getLogger(Page.__module__.split(".")[0]), logging.getLogger()}
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield logged
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
