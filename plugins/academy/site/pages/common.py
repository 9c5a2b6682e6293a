"""What every page generator shares: the page record and the template environment."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from academy.cachedir import code_fingerprint, read_cached, user_cache_dir, write_cached
from academy.site import deferred
from academy.site.deferred import Deferred
from academy.site.plain import plain
from academy.site.repository import Repository

#: The engine's URL rule: (page, target) -> the target's URL relative to the page. Both are
#: docs-relative source paths ("patterns/a.md", "library/x.svg"), the target optionally with "#anchor".
UrlRule = Callable[[str, str], str]


@dataclass(frozen=True)
class GeneratedPage:
    """A Markdown page made from data.

    A page is sanitised after rendering unless `render()` vouched that no contributor Markdown went
    into it (`sanitise` is then False); any other Markdown is sanitised, so a page cannot be missed.
    `slots` hold our own HTML (charts), put in after sanitising, replacing `<div id="slot-NAME"></div>`.
    `title` is the page's title in the browser and in search results, unique across the site;
    `description` (plain text) is its meta description, or, when empty, its first paragraph is.
    """

    path: str
    markdown: str
    title: str
    source: str | None = None
    slots: dict[str, str] = field(default_factory=dict)
    charts: bool = False
    #: Only index-like pages may appear in the navigation; hundreds of patterns must not.
    in_nav: bool = False
    description: str = ""
    sanitise: bool | None = None

    def __post_init__(self) -> None:
        if self.sanitise is None:
            object.__setattr__(self, "sanitise", not isinstance(self.markdown, Rendered)
                               or self.markdown.holds_contributor_markdown)


class Rendered(str):
    """A template's output, knowing whether contributor Markdown went into it."""

    holds_contributor_markdown: bool = True


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


def slot(name: str) -> Markup:
    """The placeholder a generator writes where trusted HTML goes after sanitising."""
    return Markup(f'<div class="academy-slot" id="slot-{name}"></div>')


def page_data(name: str, data: Any) -> Markup:
    """Data for our scripts: a hidden element carrying JSON in its `data-academy-data` attribute.

    Never `<script type="application/json">`: Material's instant navigation re-creates inline scripts
    from their text only, so the JSON would run as JavaScript. Read it with `academyPageData(scope,
    name)` (assets/page-data.js).
    """
    return Markup(f'<div class="academy-page-data" hidden data-academy-name="{html.escape(name, quote=True)}" '
                  f'data-academy-data="{deferred.html_json(data)}"></div>')


def chart_figure(spec: Deferred[dict[str, Any]], caption: str, fallback: str = "",
                 height: Deferred[str] | None = None) -> Markup:
    """A chart drawn by assets/charts.js from its spec; `fallback` is HTML shown without JavaScript.

    `height`, the chart's height in pixels as drawn when the site was built (its static SVG), is kept
    free before the script draws it, so the text below does not jump down when it appears (layout shift).
    """
    room = f' style="min-height: {deferred.text(height)}px"' if height else ""
    return Markup('<figure class="academy-chart" data-academy-chart="static">'
                  f'<div class="academy-chart__canvas" aria-hidden="true"{room}>{fallback}</div>'
                  f'{page_data("chart", spec)}'
                  f"<figcaption>{html.escape(caption)}</figcaption></figure>\n")


def table_scroll(label: str, classes: str = "", markdown: bool = False) -> Markup:
    """The opening tag of a box that scrolls a wide table sideways on a narrow screen.

    A scrolling box must be reachable by keyboard and named (axe scrollable-region-focusable), so it
    is a focusable, labelled region. Close it with `</div>`; `markdown` lets Markdown inside it.
    """
    names = " ".join(["academy-table-scroll", *classes.split()])
    extra = " markdown" if markdown else ""
    return Markup(f'<div class="{names}" tabindex="0" role="region" '
                  f'aria-label="{html.escape(label, quote=True)}"{extra}>')


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def when(start: datetime, end: datetime) -> Markup:
    """A time range as published (local to the event), marked up so assets/schedule.js can add
    the reader's own time beside it."""
    return Markup(f'<span class="academy-when"><time datetime="{start.isoformat()}">{start:%H:%M}</time> to '
            f'<time datetime="{end.isoformat()}">{end:%H:%M}</time></span>')


def indent_item(text: str, width: int = 4) -> str:
    """Markdown text placed inside a list item: continuation lines indented under the marker."""
    lines = text.strip().splitlines()
    pad = " " * width
    return "\n".join([lines[0], *[(pad + line) if line.strip() else "" for line in lines[1:]]])


def slug(value: str) -> Markup:
    """An id from the data (schema-checked), for a URL or attribute that entities would break."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*(\.[a-z]+)?", value):
        raise ValueError(f"not a slug: {value!r}")
    return Markup(value)


def web_link(url: str) -> Markup:
    """A contributor's http(s) address as the target of a Markdown link: nothing in it can end the link."""
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"not a web address: {url!r}")
    return Markup(quote(url, safe=":/?#@!$&*+,;=%~-._"))


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiling the templates costs ~0.25 s a build; Jinja keeps the result by template source.

    Kept through our checked cache files, not Jinja's own: a damaged file of Jinja's
    stops the build with an unpickling error, and an unwritable folder with an OSError.
    """

    def _file(self, bucket: jinja2.bccache.Bucket) -> Path:
        # The folder is looked up each time, not when the (process-wide) environment is made: builds in
        # one process may each have their own user cache. Compiled code also depends on how our
        # environment escapes and filters: key by our code too.
        return user_cache_dir() / "templates" / f"{bucket.key}-{code_fingerprint()[:16]}.bytecode"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        kept = read_cached(self._file(bucket))
        if kept is not None:
            try:
                bucket.bytecode_from_string(kept)  # Jinja resets it for another Python or Jinja version
            except Exception:  # noqa: BLE001 -- whatever is wrong with it, compile afresh
                bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        write_cached(self._file(bucket), bucket.bytecode_to_string())


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("academy.site", "templates"),
        # Every value a template prints is plain text, escaped so that neither Markdown nor HTML reads
        # anything in it as syntax, unless it is Markup: our own links and HTML, or contributor Markdown
        # passed through the `markdown` filter (which makes the page one that is sanitised).
        # (Autoescape on, so that macros and joins keep Markup as Markup.)
        autoescape=True, finalize=lambda value: value if hasattr(value, "__html__") else Markup(plain(value)),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # templates ship with the package; do not stat them on every page
        bytecode_cache=_CompiledTemplates(),
    )
    env.filters["long_date"] = long_date
    env.filters["indent_item"] = indent_item
    env.filters["slug"] = slug
    # For text that Material's scripts will put in as HTML (search tags): only HTML's own characters escaped.
    env.filters["html_text"] = lambda value: html.escape(str(value))
    env.filters["web_link"] = web_link
    env.filters["e"] = env.filters["escape"] = lambda value: Markup(plain(value))
    env.globals["when"] = when
    env.globals["table_scroll"] = table_scroll
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


def render(template: str, page_path: str, options: SiteOptions, **context: Any) -> Rendered:
    """Render a template for the page at page_path.

    `md(target)` gives a Markdown link to another source file; the engine checks and rewrites it.
    Write every link that way. `url(target)` gives the final URL, only for raw HTML that cannot
    hold Markdown. `markdown(text)` lets a contributor's Markdown field through as Markdown; the
    page is then sanitised after rendering. Everything else printed is escaped as plain text.
    """
    used_markdown = False

    def url(target: str) -> Markup:
        return Markup(options.url(page_path, target))

    def md(target: str) -> Markup:
        return Markup(relative_md(page_path, target))

    def markdown(text: str) -> Markup:
        nonlocal used_markdown
        used_markdown = True
        return Markup(text)
    result = Rendered(environment().get_template(template).render(url=url, md=md, markdown=markdown,
                                                                 options=options, **context))
    result.holds_contributor_markdown = used_markdown
    return result
