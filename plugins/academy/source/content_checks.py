"""Checks on what contributors write inside text fields: nothing executable, links well formed.

These report problems with their location so a contributor can fix the file; the
sanitiser (sanitize.py) still cleans every rendered page, whatever gets through.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from academy.source.problems import Problem, quoted
from academy.source.yamlfile import Path_, YamlDocument

_FORBIDDEN_TAG = re.compile(r"<\s*/?\s*(script|iframe|frame|frameset|object|embed|applet|form|input|button|"
                            r"textarea|select|style|link|meta|base|svg|math)\b", re.IGNORECASE)
_EVENT_HANDLER = re.compile(r"<[^>]*\s(on[a-z]+)\s*=", re.IGNORECASE)
_SCRIPT_URL = re.compile(r"(?:href|src|action)\s*=\s*[\"']?\s*(javascript|vbscript|data)\s*:|"
                         r"\]\(\s*<?\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)
_MARKDOWN_LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)")


def unsafe_html(text: str) -> str | None:
    """What is executable in the text, said plainly, or None."""
    if "<" in text:  # cheap tests first: most text holds no HTML and no link at all
        if match := _FORBIDDEN_TAG.search(text):
            return f"<{match.group(1).lower()}> is not allowed in text; write Markdown instead"
        if match := _EVENT_HANDLER.search(text):
            return f"the HTML attribute {quoted(match.group(1).lower())} runs a script and is not allowed"
    if ":" in text and (match := _SCRIPT_URL.search(text)):
        return f"'{(match.group(1) or match.group(2)).lower()}:' links are not allowed; link to a web page"
    return None


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


def content_problems(doc: YamlDocument) -> list[Problem]:
    """Executable HTML and malformed links anywhere in a pattern or cohort file."""
    found = []
    for path, text in text_fields(doc.data):
        if message := unsafe_html(text):
            found.append(doc.problem(path, message))
            continue
        # A source's url must start with http(s)://, which its schema already reports.
        urls = ([text] if text.startswith(("http://", "https://")) else []) if path and path[-1] == "url" \
            else _MARKDOWN_LINK.findall(text) if "](" in text else []
        for url in urls:
            if message := link_problem(url):
                found.append(doc.problem(path, message))
    return found
