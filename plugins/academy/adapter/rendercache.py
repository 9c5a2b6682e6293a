"""Reuse what the last build made of a generated page that has not changed.

Every build makes the engine convert every page's Markdown to HTML, and we would sanitise every
generated page again. A page's HTML depends only on its Markdown, the Markdown extensions and their
options (and versions), its own address, the files its links lead to (their addresses) and the
link-checking settings. So a generated page whose Markdown and all of those are unchanged takes the
HTML and the rest of what the engine's render sets from the last build, and its sanitised HTML too.
Adding, renaming or deleting a pattern so converts again only the pages whose Markdown changed (the
lists of patterns) or whose links lead to its address. While `mkdocs serve` runs the last build's
records are kept in memory; a build keeps them in the user cache for the project's next build
(renderstore.py).

It never serves stale content:
- everything a render reads is compared, by a digest of all of it (as the kept site is), with our
  code and the engine's and Markdown's versions; each file it looked up must have the same address
  and inclusion now (or still be missing);
- a page whose render logged anything (a broken link, say) is never kept, so it is rendered, and the
  problem reported, on every build; anchors are checked by the engine after rendering, every build;
- only the Markdown extensions named below, which read nothing but the page, are trusted; any other
  (a snippet includer reads other files) turns the cache off;
- the engine's render is taken over for one page at a time, and only if it sets exactly the
  attributes this module knows how to restore; if a new engine version sets anything else, the page
  is rendered as usual and this cache stays off; a table of contents is kept only if the engine's
  own `get_toc` makes it again from what is kept.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from academy.adapter.renderstore import Record, Store
from academy.cachedir import code_fingerprint, digest_of
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


class RenderCache:
    """The last build's renders and sanitised HTML of generated pages, for this build."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._settings: tuple[Any, ...] | None = None
        self.disabled = False
        self.rendered = self.reused = 0

    def start_build(self) -> None:
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
            key = self._key(page, config, volatile)
            kept = self._store.get("render", uri) if key is not None else None
            if kept is not None and kept.get("key") == key and _restore(page, kept, files, volatile):
                self._store.put("render", uri, kept)
                self.reused += 1
                return
            self.rendered += 1
            before = dict(vars(page))
            recorded = _RecordedFiles(files)
            with _records_logged() as logged:
                original(config, recorded)  # type: ignore[arg-type]  # a Files in all the render uses
            set_by_render = {name for name, value in vars(page).items()
                             if name not in before or before[name] is not value}
            if not set_by_render <= RENDERED:
                self.disabled = True  # the engine's render does more than we can restore: never take it over
            elif key is not None and not logged and not recorded.read_otherwise:
                record = _record(page, key, recorded.looked_up, volatile)
                if record is not None:
                    self._store.put("render", uri, record)
        page.render = render  # type: ignore[method-assign]  # this page only; the class is untouched

    def cleaned(self, uri: str, html: str, clean: Callable[[str], str], volatile: str = "") -> str:
        """`clean(html)`, or the last build's result for this page if its HTML is the same."""
        if volatile and VOLATILE in html:
            return clean(html)
        same = digest_of((html.replace(volatile, VOLATILE) if volatile else html).encode()).hex()
        kept = self._store.get("cleaned", uri)
        if kept is not None and kept.get("html") == same and isinstance(kept.get("clean"), str):
            self._store.put("cleaned", uri, kept)
            return kept["clean"].replace(VOLATILE, volatile) if volatile else kept["clean"]
        result = clean(html)
        self._store.put("cleaned", uri, {"html": same,
                                         "clean": result.replace(volatile, VOLATILE) if volatile else result})
        return result

    def _key(self, page: Page, config: MkDocsConfig, volatile: str) -> str | None:
        """A digest of what a render reads besides the files it looks up; None if it may read more (an
        extension not known to be pure)."""
        settings = _settings(config)
        # The same as last build's: keep last build's object, so comparing keys starts with an identity check.
        self._settings = self._settings if settings == self._settings else settings
        markdown = page.markdown
        if self._settings is None or markdown is None or VOLATILE in markdown:
            return None
        if volatile:
            markdown = markdown.replace(volatile, VOLATILE)
        made_from = (*self._settings, _versions(type(page).__module__.partition(".")[0]),
                     page.file.src_uri, page.file.url, str(page.file.inclusion))
        return digest_of(repr(made_from).encode(), b"\0", markdown.encode()).hex()


def _record(page: Page, key: str, looked_up: dict[str, File | None], volatile: str) -> Record | None:
    """What the render set on the page, as plain values; None if it cannot be kept."""
    if volatile and (volatile in str(page.toc) or volatile in str(page._title_from_render)
                     or any(volatile in anchor for anchor in page.present_anchor_ids or ())):
        return None  # only the content is given this build's volatile string back
    toc = _toc_tokens(page.toc)
    if not _same_toc(engine_module(page, "structure.toc").get_toc(toc), page.toc):
        return None  # the engine's table of contents holds more than its tokens
    content = page.content or ""
    return {
        "key": key,
        "looked_up": [[path, _address(file)] for path, file in looked_up.items()],
        "content": content.replace(volatile, VOLATILE) if volatile else content,
        "title": page._title_from_render,
        "toc": toc,
        "anchors": None if page.present_anchor_ids is None else sorted(page.present_anchor_ids),
        "links": _by_path(page.links_to_anchors),
    }


def _restore(page: Page, kept: Record, files: Files, volatile: str) -> bool:
    """Set on the page what its render set last build; False if a file it looked up has changed."""
    try:
        if any(_address(files.get_file_from_path(path)) != (tuple(address) if address else None)
               for path, address in kept["looked_up"]):
            return False
        links = None
        if kept["links"] is not None:
            links = {}
            for path, anchors in kept["links"].items():
                file = files.get_file_from_path(path)
                if file is None:
                    return False
                links[file] = dict(anchors)
        content = kept["content"]
        page.content = content.replace(VOLATILE, volatile) if volatile else content
        page.toc = engine_module(page, "structure.toc").get_toc(kept["toc"])  # new objects: templates may change them
        page._title_from_render = kept["title"]
        page.present_anchor_ids = None if kept["anchors"] is None else set(kept["anchors"])
    except (KeyError, TypeError, ValueError, AttributeError):  # a record made by other code
        return False
    page.links_to_anchors = links
    return True


def engine_module(thing: Any, name: str) -> Any:
    """A module of the engine that made `thing` (a page or file: MkDocs' or ProperDocs'), such as "structure.toc"."""
    return importlib.import_module(type(thing).__module__.partition(".")[0] + "." + name)


def _toc_tokens(items: Any) -> list[dict[str, Any]]:
    return [{"level": item.level, "id": item.id, "name": item.title, "children": _toc_tokens(item.children)}
            for item in items]


def _same_toc(made: Any, kept: Any) -> bool:
    # Attribute by attribute: vars() would give each of the page's entries a dict of its own, kept all build.
    made, kept = list(made), list(kept)
    return len(made) == len(kept) and all(
        _toc_entry(a) == _toc_entry(b) and _same_toc(a.children, b.children) for a, b in zip(made, kept, strict=True))


def _toc_entry(item: Any) -> tuple[Any, ...]:
    return item.title, item.id, item.level, getattr(item, "active", None)


@cache
def _versions(engine: str) -> str:
    """Our code's fingerprint and the engine's and Markdown's versions: any of them may change a page's HTML."""
    found = []
    for package in (engine, "markdown", "pymdown-extensions"):
        try:
            found.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            found.append(package)
    return f"{code_fingerprint()} {' '.join(found)}"


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
