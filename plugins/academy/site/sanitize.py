"""Strip anything executable from HTML rendered from contributors' Markdown.

Pattern and cohort text comes from strangers' pull requests. Ordinary Markdown
output (and Material's extensions) is kept; scripts, event handlers, frames,
forms and javascript: links are removed by nh3 (the Ammonia sanitizer), not by
hand-written filters.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time",
    "tr", "u", "ul", "var",
}
_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"}, "th": {"colspan", "rowspan", "align", "scope"},
    "time": {"datetime"}, "ol": {"start", "type"}, "abbr": {"title"}, "details": {"open"},
}
_SCHEMES = {"http", "https", "mailto"}


def _local_sources_only(tag: str, attribute: str, value: str) -> str | None:
    """Images load only from the site itself: a remote image is a request to another host."""
    if tag == "img" and attribute == "src" and (":" in value.split("/")[0] or value.startswith("//")):
        return None
    return value


def _cleaner(attribute_filter: Callable[[str, str, str], str | None] | None = None) -> nh3.Cleaner:
    return nh3.Cleaner(tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES, strip_comments=True,
                       link_rel="noopener noreferrer", attribute_filter=attribute_filter)


# Built once: handing the rules over to nh3 on every call costs about a tenth of a page's cleaning.
_CLEANER = _cleaner()
# The filter calls back into Python for every attribute kept (about a third of the cleaning time),
# and only images need it. An HTML parser makes an image only from a tag that starts `<img` or
# `<image` (which it renames), so text without `<im` in any case has none and is cleaned without it.
_IMAGE_CLEANER = _cleaner(_local_sources_only)
_MAY_HOLD_IMAGE = re.compile("<im", re.IGNORECASE)


def allowlist() -> dict[str, object]:
    """The rules above as data, for the proposal form's check in the browser (assets/propose-rules.js)."""
    return {"tags": sorted(_TAGS), "attributes": {tag: sorted(names) for tag, names in _ATTRIBUTES.items()},
            "schemes": sorted(_SCHEMES)}


def sanitise(html: str) -> str:
    """HTML with only the allowed tags, attributes and link schemes left."""
    return (_IMAGE_CLEANER if _MAY_HOLD_IMAGE.search(html) else _CLEANER).clean(html)


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Elements(HTMLParser):
    """Every start tag in a piece of HTML, with its attributes (entities decoded, as a browser reads them)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, [(name, value or "") for name, value in attrs]))


@dataclass(frozen=True)
class Removed:
    """An element (attribute None) or an attribute that sanitising takes out."""

    tag: str
    attribute: str | None = None
    value: str = ""


def removals(rendered: str) -> list[Removed]:
    """What `sanitise` would take out of this HTML, element by element.

    Each element is put through the sanitiser on its own, so these are the sanitiser's own rules,
    not a second list beside them.
    """
    parser = _Elements()
    parser.feed(rendered)
    parser.close()
    found = []
    for tag, attrs in parser.found:
        written = "".join(f' {name}="{html.escape(value, quote=True)}"' for name, value in attrs)
        kept = _Elements()
        kept.feed(sanitise(f"<{tag}{written}>" + ("" if tag in _VOID else f"x</{tag}>")))
        if not kept.found or kept.found[0][0] != tag:
            found.append(Removed(tag))
            continue
        survived = dict(kept.found[0][1])
        for name, value in attrs:
            if survived.get(name) != value:
                found.append(Removed(tag, name, value))
    return found


def fill_slots(html: str, slots: dict[str, str]) -> str:
    """Put our own trusted HTML (charts) where the generator left placeholders."""
    for name, fragment in slots.items():
        html = html.replace(f'<div class="academy-slot" id="slot-{name}"></div>', fragment, 1)
    return html
