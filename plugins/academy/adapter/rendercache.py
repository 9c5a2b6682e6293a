"""While `mkdocs serve` runs: reuse what the last rebuild made of a generated page that has not changed.

Every save makes the engine convert every page's Markdown to HTML again, as a fresh build does, and
we would sanitise every generated page again. A page's HTML depends only on its Markdown, the
Markdown extensions and their options, its own address, the files its links lead to (their
addresses) and the link-checking settings. So while serving, a generated page whose Markdown and all
of those are unchanged takes the HTML and the rest of what the engine's render sets from the last
build, and its sanitised HTML too. Adding, renaming or deleting a pattern so converts again only the
pages whose Markdown changed (the lists of patterns) or whose links lead to its address.

It never serves stale content:
- everything a render reads is compared in full (no hash that could collide), and each file it looked
  up must have the same address and inclusion now (or still be missing);
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


#: Stands for the build's volatile string (see RenderCache.take_over_render) in what is kept.
VOLATILE = "\x00academy-volatile\x00"


@dataclass(frozen=True)
class _Rendered:
    """One page's render: what it was made from and what the engine's render set."""

    key: tuple[Any, ...]
    #: Each file the render looked up by path, with the address and inclusion it had (None: not there).
    looked_up: tuple[tuple[str, tuple[str, str] | None], ...]
    values: dict[str, Any]
    #: links_to_anchors, by the linked file's path: the engine keys it by File objects, new each build.
    anchor_links: dict[str, dict[str, str]] | None


class RenderCache:
    """The last build's renders and sanitised HTML of generated pages, for the next rebuild."""

    def __init__(self) -> None:
        self._renders: dict[str, _Rendered] = {}
        self._cleaned: dict[str, tuple[str, str]] = {}
        self._settings: tuple[Any, ...] | None = None
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
        self.rendered = self.reused = 0

    def take_over_render(self, page: Page, volatile: str = "") -> None:
        """Have the engine's coming render of this page reuse the last build's, where nothing it reads changed.

        `volatile` is a string that differs from build to build but stands for the same thing in
        each (the prefix of chart tokens, filled in after rendering): it is compared, and kept, as a
        placeholder, and the kept HTML gets this build's.
        """
        if self.disabled or "render" in vars(page) or not callable(getattr(page, "render", None)):
            return
        original = page.render

        def render(config: MkDocsConfig, files: Files) -> None:
            uri = page.file.src_uri
            self._seen.add(uri)
            key = self._key(page, config, volatile)
            kept = self._renders.get(uri)
            if key is not None and kept is not None and kept.key == key and _restore(page, kept, files, volatile):
                self.reused += 1
                return
            self.rendered += 1
            before = dict(vars(page))
            recorded = _RecordedFiles(files)
            with _records_logged() as logged:
                original(config, recorded)  # type: ignore[arg-type]  # a Files in all the render uses
            self._renders.pop(uri, None)
            set_by_render = {name for name, value in vars(page).items()
                             if name not in before or before[name] is not value}
            if not set_by_render <= RENDERED:
                self.disabled = True  # the engine's render does more than we can restore: never take it over
            elif key is not None and not logged and not recorded.read_otherwise:
                self._keep(page, key, recorded.looked_up, volatile)
        page.render = render  # type: ignore[method-assign]  # this page only; the class is untouched

    def cleaned(self, uri: str, html: str, clean: Callable[[str], str], volatile: str = "") -> str:
        """`clean(html)`, or the last build's result for this page if its HTML is the same."""
        self._seen.add(uri)
        if volatile and VOLATILE in html:
            return clean(html)
        same = html.replace(volatile, VOLATILE) if volatile else html
        kept = self._cleaned.get(uri)
        if kept is not None and kept[0] == same:
            return kept[1].replace(VOLATILE, volatile) if volatile else kept[1]
        result = clean(html)
        self._cleaned[uri] = (same, result.replace(volatile, VOLATILE) if volatile else result)
        return result

    def _key(self, page: Page, config: MkDocsConfig, volatile: str) -> tuple[Any, ...] | None:
        """What a render reads besides the files it looks up; None if it may read more (an extension not
        known to be pure)."""
        settings = _settings(config)
        # The same as last build's: keep last build's object, so comparing keys starts with an identity check.
        self._settings = self._settings if settings == self._settings else settings
        markdown = page.markdown
        if self._settings is None or markdown is None or VOLATILE in markdown:
            return None
        if volatile:
            markdown = markdown.replace(volatile, VOLATILE)
        return (self._settings, page.file.src_uri, page.file.url, str(page.file.inclusion), markdown)

    def _keep(self, page: Page, key: tuple[Any, ...], looked_up: dict[str, File | None], volatile: str) -> None:
        if volatile and (volatile in str(page.toc) or volatile in str(page._title_from_render)
                         or any(volatile in anchor for anchor in page.present_anchor_ids or ())):
            return  # only the content is given this build's volatile string back
        values = {name: getattr(page, name, None) for name in RENDERED}
        if volatile and page.content:
            values["content"] = page.content.replace(volatile, VOLATILE)
        # Copies of what templates and other plugins might change on the page before the next build.
        values["toc"] = copy.deepcopy(page.toc)
        values["present_anchor_ids"] = copy.copy(page.present_anchor_ids)
        self._renders[page.file.src_uri] = _Rendered(
            key, tuple((path, _address(file)) for path, file in looked_up.items()), values,
            _by_path(page.links_to_anchors))


class _RecordedFiles:
    """The build's files, noting each path a render looks up: all the engine's render reads of them.

    Anything else read (an engine version that reads the files otherwise) is noted too, and such a
    render is not kept.
    """

    def __init__(self, files: Files) -> None:
        self._files = files
        self.looked_up: dict[str, File | None] = {}
        self.read_otherwise = False

    def get_file_from_path(self, path: str) -> File | None:
        file = self._files.get_file_from_path(path)
        self.looked_up[path] = file
        return file

    def __getattr__(self, name: str) -> Any:
        self.read_otherwise = True
        return getattr(self._files, name)

    def __iter__(self) -> Iterator[File]:
        self.read_otherwise = True
        return iter(self._files)

    def __len__(self) -> int:
        self.read_otherwise = True
        return len(self._files)

    def __contains__(self, path: Any) -> bool:
        self.read_otherwise = True
        return path in self._files


def _address(file: File | None) -> tuple[str, str] | None:
    return None if file is None else (file.url, str(file.inclusion))


def _settings(config: MkDocsConfig) -> tuple[Any, ...] | None:
    """What every page's render reads besides its Markdown, its address and the files it links to."""
    names = []
    for extension in config.markdown_extensions:
        if not isinstance(extension, str):
            return None  # an extension object may keep state between pages
        names.append(extension.removeprefix("markdown.extensions."))
    if not set(names) <= PURE_EXTENSIONS:
        return None
    return (tuple(names), repr(config.mdx_configs), config.use_directory_urls, repr(config.validation),
            logging.getLogger(Page.__module__).getEffectiveLevel() > logging.DEBUG)


def _by_path(links: dict[File, dict[str, str]] | None) -> dict[str, dict[str, str]] | None:
    return None if links is None else {file.src_uri: dict(anchors) for file, anchors in links.items()}


def _restore(page: Page, kept: _Rendered, files: Files, volatile: str) -> bool:
    """Set on the page what its render set last build; False if a file it looked up has changed."""
    if any(_address(files.get_file_from_path(path)) != address for path, address in kept.looked_up):
        return False
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
    if volatile and page.content:
        page.content = page.content.replace(VOLATILE, volatile)
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
