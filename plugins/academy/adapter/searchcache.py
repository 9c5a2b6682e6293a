"""Reuse the search entries of pages whose indexed parts did not change.

Material's search plugin reads every page's HTML again on every build to make its search entries
(about a quarter of a build once pages are kept; see rendercache.py). A page's entries depend only
on its HTML, table of contents, address, title, and its `title`, `tags` and `search` metadata, and on
the index's settings and Material's version: when all of those are as they were (compared by a
digest), the last build's entries are reused.

Material offers no event for this, so it takes over `add_entry_from_context` on the index the plugin
makes for each build, and only on Material 9's search plugin, whose index reads what is listed above;
any other search plugin, version or shape is left alone (every page is indexed as usual). Kept
where rendercache.py keeps pages (renderstore.py): in the user cache between builds, in memory
while serving.
"""

from __future__ import annotations

import copy
import importlib
from collections.abc import Callable
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from academy.adapter.rendercache import VOLATILE
from academy.adapter.renderstore import Store
from academy.cachedir import digest_of

#: Material's versions whose search index is known to read only what the key holds.
KNOWN_MAJOR = "9."


class SearchCache:
    """The last build's search entries of each page, for this build."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._index: Any = None
        self.reused = 0

    def take_over(self, config: MkDocsConfig, volatile: Callable[[], str] = str) -> None:
        """Have this build's search index reuse the last build's entries of unchanged pages.

        `volatile()` is as in RenderCache.take_over_render (the chart tokens' prefix, new each build),
        asked for when pages are indexed, since it is made with the pages.
        """
        self.reused = 0
        self._index = index = _material_search_index(config)
        if index is None:
            return
        original = index.add_entry_from_context
        settings = (repr(getattr(index, "config", None)), _indexer())

        def add_entry_from_context(page: Page) -> None:
            uri, token = page.file.src_uri, volatile()
            content = page.content or ""
            if VOLATILE in content:
                original(page)
                return
            made_from = (settings, page.url, str(page.title),
                         *(repr(page.meta.get(name)) for name in ("title", "tags", "search")), str(page.toc))
            key = digest_of(repr(made_from).encode(), b"\0",
                            (content.replace(token, VOLATILE) if token else content).encode()).hex()
            kept = self._store.get("search", uri)
            if kept is not None and kept.get("key") == key and isinstance(kept.get("entries"), list):
                index.entries.extend(copy.deepcopy(kept["entries"]))  # the index may change its own
                self._store.put("search", uri, kept)
                self.reused += 1
                return
            before = len(index.entries)
            original(page)
            added = index.entries[before:]
            if not token or token not in repr(added):
                self._store.put("search", uri, {"key": key, "entries": copy.deepcopy(added)})

        index.add_entry_from_context = add_entry_from_context  # this build's index only

    @property
    def indexing(self) -> bool:
        """Whether this build's search index is taken over, so `record` can record a page's entries."""
        return self._index is not None

    def record(self, page: Page) -> None:
        """Make and record a page's search entries, leaving them out of this process's index (a helper's,
        parallel.py: the build takes them from the record)."""
        if self._index is not None:
            before = len(self._index.entries)
            self._index.add_entry_from_context(page)
            del self._index.entries[before:]


@cache
def _indexer() -> str:
    """What else shapes Material's entries: its version, and whether it splits Chinese text (jieba)."""
    plugin = importlib.import_module("material.plugins.search.plugin")  # loaded: its index is in use
    return f"{version('mkdocs-material')} jieba={getattr(plugin, 'jieba', None) is not None}"


def _material_search_index(config: MkDocsConfig) -> Any:
    """Material 9's search index for this build, if the site uses that plugin as it is known to work."""
    try:
        if not version("mkdocs-material").startswith(KNOWN_MAJOR):
            return None
    except PackageNotFoundError:
        return None
    for plugin in config.plugins.values():
        if type(plugin).__module__ != "material.plugins.search.plugin":
            continue
        index = getattr(plugin, "search_index", None)
        if (index is not None and isinstance(getattr(index, "entries", None), list)
                and callable(getattr(index, "add_entry_from_context", None))
                and "add_entry_from_context" not in vars(index)):
            return index
    return None
