"""Strip anything executable from HTML rendered from contributors' Markdown.

Pattern and cohort text comes from strangers' pull requests. Ordinary Markdown
output (and Material's extensions) is kept; scripts, event handlers, frames,
forms and javascript: links are removed by nh3 (the Ammonia sanitizer), not by
hand-written filters.
"""

from __future__ import annotations

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


# Built once: handing the rules over to nh3 on every call costs about a tenth of a page's cleaning.
_CLEANER = nh3.Cleaner(tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES, strip_comments=True,
                       link_rel="noopener noreferrer", attribute_filter=_local_sources_only)


def sanitise(html: str) -> str:
    """HTML with only the allowed tags, attributes and link schemes left."""
    return _CLEANER.clean(html)


def fill_slots(html: str, slots: dict[str, str]) -> str:
    """Put our own trusted HTML (charts) where the generator left placeholders."""
    for name, fragment in slots.items():
        html = html.replace(f'<div class="academy-slot" id="slot-{name}"></div>', fragment, 1)
    return html
