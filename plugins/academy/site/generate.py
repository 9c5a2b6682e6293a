"""The whole generated part of the site, from the model: every page and file, in one list.

This is the engine-neutral core's front door: it knows nothing of MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from academy.model import Library
from academy.site.deferred import Tokens
from academy.site.pages.assessment import assessment_pages
from academy.site.pages.cohorts import cohort_pages
from academy.site.pages.common import GeneratedFile, GeneratedPage, SiteOptions
from academy.site.pages.events import event_pages
from academy.site.pages.frameworks import framework_pages
from academy.site.pages.library import library_pages
from academy.site.pages.news import news
from academy.site.pages.patterns import pattern_pages
from academy.site.pages.propose import propose_page
from academy.site.pages.team_results import team_results_page
from academy.site.pages.tools import tool_pages
from academy.source.history import History
from academy.source.schemas import SCHEMA_NAMES, framework_tags, schema_text


@dataclass(frozen=True)
class GeneratedSite:
    """Every generated page and file. Their text may hold `tokens` for charts still being made:
    an engine writes each page and file through `tokens.fill`, late, or asks for `completed()`."""

    pages: list[GeneratedPage]
    files: list[GeneratedFile]
    tokens: Tokens

    def completed(self) -> GeneratedSite:
        """The same site with every token replaced: each chart waited for."""
        fill = self.tokens.fill
        return GeneratedSite([replace(page, markdown=fill(page.markdown)) for page in self.pages],
                             [replace(file, content=fill(file.content)) if isinstance(file.content, str) else file
                              for file in self.files], self.tokens)


def generate(library: Library, options: SiteOptions, history: History | None = None) -> GeneratedSite:
    """`history` (what changed, from git) feeds the "What's new" page and feed; without it they say so."""
    tokens = Tokens()
    with tokens.collecting():
        return _generate(library, options, history, tokens)


def _generate(library: Library, options: SiteOptions, history: History | None, tokens: Tokens) -> GeneratedSite:
    library_index, library_files = library_pages(library, options)
    news_page, feed = news(library, options, history or History((), "This build was given no history of "
                                                                       "changes, so none can be listed."))
    cohort_index, cohort_files = cohort_pages(library, options)
    events, event_files = event_pages(library, options)
    pages = [
        *pattern_pages(library, options),
        *cohort_index,
        *events,
        *library_index,
        *framework_pages(library, options),
        *assessment_pages(library, options),
        *tool_pages(library, options),
        team_results_page(library, options),
        news_page,
        propose_page(library, options),
    ]
    tags = framework_tags(library.frameworks.by_kind())
    files = [feed, *library_files, *cohort_files, *event_files,
             *(GeneratedFile(f"schema/{name}.schema.json", schema_text(name, tags, options.site_url))
               for name in SCHEMA_NAMES)]
    return GeneratedSite(pages, files, tokens)
