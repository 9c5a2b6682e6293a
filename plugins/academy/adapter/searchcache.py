"""While `mkdocs serve` runs: reuse the search entries of pages whose indexed parts did not change.

Material's search plugin reads every page's HTML again on every save to make its search entries
(about a quarter of a rebuild once pages are kept; see rendercache.py). A page's entries depend only
on its HTML, table of contents, address, title, and its `title`, `tags` and `search` metadata, and on
the index's settings: when all of those are as they were, the last build's entries are reused.

Material offers no event for this, so it takes over `add_entry_from_context` on the index the plugin
makes for each build, and only on Material 9's search plugin, whose index reads what is listed above;
any other search plugin, version or shape is left alone (every page is indexed as usual). Kept in
memory, in the server's process only; never written.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from academy.adapter.rendercache import VOLATILE

#: Material's versions whose search index is known to read only what the key holds.
KNOWN_MAJOR = "9."


class SearchCache:
    """The last build's search entries of each page, for the next rebuild."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[tuple[Any, ...], list[dict[str, Any]]]] = {}
        self._seen: set[str] = set()
        self.reused = 0

    def clear(self) -> None:
        self.__init__()  # type: ignore[misc]

    def take_over(self, config: MkDocsConfig, volatile: Callable[[], str] = str) -> None:
        """Have this build's search index reuse the last build's entries of unchanged pages.

        `volatile()` is as in RenderCache.take_over_render (the chart tokens' prefix, new each build),
        asked for when pages are indexed, since it is made with the pages.
        """
        self.reused = 0
        if self._seen:  # forget pages the last build did not index (a deleted pattern's, say)
            self._kept = {uri: kept for uri, kept in self._kept.items() if uri in self._seen}
        self._seen = seen = set()
        index = _material_search_index(config)
        if index is None:
            return
        original = index.add_entry_from_context
        settings = repr(getattr(index, "config", None))

        def add_entry_from_context(page: Page) -> None:
            uri, token = page.file.src_uri, volatile()
            seen.add(uri)
            content = page.content or ""
            if VOLATILE in content:
                original(page)
                return
            key = (settings, page.url, content.replace(token, VOLATILE) if token else content,
                   str(page.title), *(repr(page.meta.get(name)) for name in ("title", "tags", "search")),
                   str(page.toc))
            kept = self._kept.get(uri)
            if kept is not None and kept[0] == key:
                index.entries.extend(copy.deepcopy(kept[1]))
                self.reused += 1
                return
            before = len(index.entries)
            original(page)
            added = index.entries[before:]
            if not token or token not in repr(added):
                self._kept[uri] = (key, copy.deepcopy(added))
            else:
                self._kept.pop(uri, None)

        index.add_entry_from_context = add_entry_from_context  # this build's index only


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
