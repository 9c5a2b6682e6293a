"""Checks on what contributors write inside text fields, reported with file, line and column.

Which field holds which kind of text is said once, on the shapes (academy.shapes TextKind).
Markdown fields are rendered as the build renders them and put through the sanitiser's own rules
(site/sanitize.py `removals`): whatever the sanitiser would take out is an error here, so the check and
the cleaning cannot drift apart. One-line fields must be one line (they end up in page titles,
lists and calendar entries). Web addresses must be well formed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from academy.model import LinkingText
from academy.shapes import text_fields_of_kind, text_kind
from academy.site.dialect import to_html
from academy.site.sanitize import Removed, removals
from academy.source.problems import Problem, quoted
from academy.source.yamlfile import Path_, YamlDocument

_LINE_BREAK = re.compile(r"[\n\r\v\f\x85\u2028\u2029]")
_MARKDOWN_LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)")
#: Without one of these, Markdown holds no link: [text](url), a reference's definition [name]: url, or HTML.
_MAY_LINK = re.compile(r"\]\(|\]:|<")
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background"}


def link_problem(url: str) -> str | None:
    """Why a link to an outside source is malformed (format only; nothing is fetched)."""
    if url.startswith(("#", "/", "./", "../", "mailto:")) or "://" not in url and ":" not in url.split("/")[0]:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f"{quoted(url)} is not a web address; it should start with https://"
    host = parts.hostname or ""
    if "." not in host or host.startswith(".") or host.endswith(".") or " " in url:
        return f"{quoted(url)} is not a well-formed web address (the site name looks wrong)"
    return None


def text_fields(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every piece of text in a document, with where it stands."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from text_fields(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from text_fields(item, path + (index,))


def field_path(path: Path_) -> tuple[str, ...]:
    """A place in a file as a path of field names (list indexes left out), as the shapes name fields."""
    return tuple(part for part in path if isinstance(part, str))


def _why(removed: Removed) -> str:
    if removed.attribute is None:
        return f"<{removed.tag}> is not allowed in text; write Markdown instead"
    name, value = removed.attribute, removed.value
    if name.startswith("on"):
        return f"the HTML attribute {quoted(name)} runs a script and is not allowed"
    if name not in _URL_ATTRIBUTES:
        return f"the attribute {quoted(name)} is not allowed on <{removed.tag}>; use a class instead"
    # Browsers ignore case, spaces and control characters in a scheme: "Java\tScript:" is "javascript:".
    scheme = re.match(r"([a-z][a-z0-9+.-]*):", re.sub(r"[\s\x00-\x1f]", "", value).lower())
    if scheme and scheme.group(1) in ("javascript", "vbscript", "data", "file"):
        return f"'{scheme.group(1)}:' links are not allowed; link to a web page"
    if removed.tag == "img":
        return f"the image {quoted(value)} is on another host; images must be files on this site"
    return f"{quoted(value)} is not a web address; it should start with https://"


def markdown_problems(text: str) -> list[str]:
    """Why this Markdown would lose something to the sanitiser, one message per removal."""
    if not any(mark in text for mark in "<{]&"):  # no HTML, attr_list, link or entity: nothing to remove
        return []
    return list(dict.fromkeys(_why(removed) for removed in removals(to_html(text))))


def content_problems(doc: YamlDocument, schema: str) -> list[Problem]:
    """Markdown the sanitiser would change, multi-line short fields, malformed links in one data file."""
    found = []
    for path, text in text_fields(doc.data):
        kind, urls = text_kind(schema, field_path(path)), []
        if kind == "markdown":
            found += [doc.problem(path, message) for message in markdown_problems(text)]
            # Other schemes are the sanitiser's to report; here, web addresses with a malformed host.
            urls = [url for url in _MARKDOWN_LINK.findall(text) if url.startswith(("http://", "https://"))]
        elif kind == "line" and _LINE_BREAK.search(text.strip()):
            found.append(doc.problem(path, "must be a single line: remove the line break"))
        elif kind == "web-address" and text.startswith(("http://", "https://")):
            urls = [text]  # one that does not start so is reported by its shape
        found += [doc.problem(path, message) for url in urls if (message := link_problem(url))]
    return found


def linking_text(doc: YamlDocument, schema: str, owner: str) -> list[LinkingText]:
    """The Markdown fields of a file that may link within the site, with where each is written
    (site/links.py checks them against the pages that will exist)."""
    return [LinkingText(schema, owner, names, text, doc.problem(path, ""), doc.source)
            for names in text_fields_of_kind(schema, "markdown") for path, text in _texts_at(doc.data, names)
            if _MAY_LINK.search(text)]


def _texts_at(value: Any, names: tuple[str, ...], path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """The text at a field path (field names only), through every list on the way."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts_at(item, names, path + (index,))
    elif not names:
        if isinstance(value, str):
            yield path, value
    elif isinstance(value, dict) and names[0] in value:
        yield from _texts_at(value[names[0]], names[1:], path + (names[0],))


#: How a link's address is set off where it is written: [words](url), [words](url "title"), [name]: url,
#: href="url"; and last, the address alone.
_LINK_SETTINGS = (("](", ")"), ("](", " "), ("](<", ">"), ("]: ", ""), ('"', '"'), ("'", "'"), ("", ""))


def link_written_at(text: LinkingText, url: str, message: str) -> Problem:
    """A problem with a link in a Markdown field, at the line and column where its address stands in
    the file; at the field when the file spells it differently (a quoted field's escapes)."""
    where = replace(text.where, message=message)
    try:
        lines = text.source.read_text(encoding="utf-8").splitlines() if text.source is not None else []
    except (OSError, UnicodeError):
        return where
    for before, after in _LINK_SETTINGS:
        for number in range(where.line - 1, len(lines)):
            start = where.column - 1 if number == where.line - 1 else 0
            column = lines[number].find(before + url + after, start)
            if column >= 0:
                return replace(where, line=number + 1, column=column + len(before) + 1)
    return where
