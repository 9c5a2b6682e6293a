"""The Markdown dialect: the extensions every page and every contributor's Markdown field is written in.

Defined once. The adapter adds them to the engine's configuration (a site's own mkdocs.yml may list
them too, with options), `academy validate` reads contributors' Markdown with them, and the few
places that render contributor Markdown outside a page (cards, the trainer pack) use them too, so a
field reads the same wherever it appears.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import markdown

#: Headings with ids and classes (attr_list), Markdown inside HTML elements (md_in_html), notes
#: (admonition, pymdownx.details), and what contributors may use: abbreviations, definition lists,
#: footnotes, tables, task lists, ~~strike-through~~ and fenced code.
MARKDOWN_EXTENSIONS = ("abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
                       "toc", "pymdownx.details", "pymdownx.superfences", "pymdownx.tasklist", "pymdownx.tilde")


def missing_from(extensions: Sequence[Any]) -> list[str]:
    """The dialect's extensions that a configuration's list (names, or {name: options}) lacks."""
    names = {e if isinstance(e, str) else next(iter(e), "") if isinstance(e, dict) else "" for e in extensions}
    return [name for name in MARKDOWN_EXTENSIONS if name not in names]


@cache
def _converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS))


def to_html(text: str) -> str:
    """A piece of Markdown as HTML, not yet sanitised (see site/sanitize.py)."""
    return _converter().reset().convert(text)
