"""What every page generator shares: the page record and the template environment."""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from academy.cachedir import user_cache_dir
from academy.site.repository import Repository

#: The engine's URL rule: (page, target) -> the target's URL relative to the page. Both are
#: docs-relative source paths ("patterns/a.md", "library/x.svg"), the target optionally with "#anchor".
UrlRule = Callable[[str, str], str]


@dataclass(frozen=True)
class GeneratedPage:
    """A Markdown page made from data.

    `untrusted` pages carry contributors' Markdown and are sanitised after rendering;
    `slots` hold our own HTML (charts), put in after sanitising, replacing `<div id="slot-NAME"></div>`.
    `title` is the page's title in the browser and in search results, unique across the site;
    `description` (plain text) is its meta description, or, when empty, its first paragraph is.
    """

    path: str
    markdown: str
    title: str
    source: str | None = None
    untrusted: bool = False
    slots: dict[str, str] = field(default_factory=dict)
    charts: bool = False
    #: Only index-like pages may appear in the navigation; hundreds of patterns must not.
    in_nav: bool = False
    description: str = ""


@dataclass(frozen=True)
class GeneratedFile:
    """Any other file the site publishes: a schema, a chart spec, a calendar."""

    path: str
    content: str | bytes


@dataclass(frozen=True)
class SiteOptions:
    """What generators need to know about the site they write for."""

    #: Only for links that cannot be Markdown (data for scripts, raw HTML); the engine supplies it,
    #: because only the engine knows its URL rules. Every other link is Markdown (see `md()`).
    url: UrlRule
    #: Where the data files live, for edit links and proposals; None when the site names no repository.
    repository: Repository | None = None
    site_url: str = ""
    #: The day that separates upcoming cohorts and events from past ones.
    today: date = field(default_factory=date.today)
    #: Where slow, reproducible artefacts (chart images) are kept between builds; None keeps nothing.
    cache_dir: Path | None = None


def slot(name: str) -> str:
    """The placeholder a generator writes where trusted HTML goes after sanitising."""
    return f'<div class="academy-slot" id="slot-{name}"></div>'


def page_data(name: str, data: Any) -> str:
    """Data for our scripts: a hidden element carrying JSON in its `data-academy-data` attribute.

    Never `<script type="application/json">`: Material's instant navigation re-creates inline scripts
    from their text only, so the JSON would run as JavaScript. Read it with `academyPageData(scope,
    name)` (assets/page-data.js).
    """
    text = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return (f'<div class="academy-page-data" hidden data-academy-name="{html.escape(name, quote=True)}" '
            f'data-academy-data="{html.escape(text, quote=True)}"></div>')


def chart_figure(spec: dict[str, Any], caption: str, fallback: str = "") -> str:
    """A chart drawn by assets/charts.js from its spec; `fallback` is HTML shown without JavaScript."""
    return ('<figure class="academy-chart" data-academy-chart="static">'
            f'<div class="academy-chart__canvas" aria-hidden="true">{fallback}</div>'
            f'{page_data("chart", spec)}'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>\n")


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def indent_item(text: str, width: int = 4) -> str:
    """Markdown text placed inside a list item: continuation lines indented under the marker."""
    lines = text.strip().splitlines()
    pad = " " * width
    return "\n".join([lines[0], *[(pad + line) if line.strip() else "" for line in lines[1:]]])


def _compiled_templates() -> jinja2.BytecodeCache | None:
    """Compiling the templates costs ~0.2 s a build; Jinja keeps the result by template source."""
    folder = user_cache_dir() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("academy.site", "templates"),
        autoescape=False,  # templates write Markdown; plain-text fields are escaped with |e
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # templates ship with the package; do not stat them on every page
        bytecode_cache=_compiled_templates(),
    )
    env.filters["long_date"] = long_date
    env.filters["indent_item"] = indent_item
    env.filters["attr"] = lambda values: html.escape(" ".join(values), quote=True)
    return env


def relative_md(from_md: str, to: str) -> str:
    """A Markdown link between two source files, which the engine checks and turns into a URL."""
    target, _, anchor = to.partition("#")
    to_parts = target.split("/")
    from_parts = from_md.split("/")[:-1]
    common = 0
    for a, b in zip(to_parts, from_parts):
        if a != b:
            break
        common += 1
    # Not posixpath.relpath: its getcwd() call made this a hot spot at tens of thousands of links a build.
    link = "/".join([".."] * (len(from_parts) - common) + to_parts[common:])
    return f"{link}#{anchor}" if anchor else link


def render(template: str, page_path: str, options: SiteOptions, **context: Any) -> str:
    """Render a template for the page at page_path.

    `md(target)` gives a Markdown link to another source file; the engine checks and rewrites it.
    Write every link that way. `url(target)` gives the final URL, only for raw HTML that cannot
    hold Markdown.
    """
    def url(target: str) -> str:
        return options.url(page_path, target)

    def md(target: str) -> str:
        return relative_md(page_path, target)
    return environment().get_template(template).render(url=url, md=md, options=options, **context)
