"""One page per pattern."""

from __future__ import annotations

from academy.site.facets import library_facets
from academy.model import STATUSES, Library
from academy.site.pages.cohorts import sessions_teaching
from academy.site.pages.common import GeneratedPage, SiteOptions, render
from academy.site.pages.paths import overview_path, pattern_path, session_path
from academy.site.pages.tools import tools_recommending


def pattern_pages(library: Library, options: SiteOptions) -> list[GeneratedPage]:
    facets = library_facets(library)
    teaching = sessions_teaching(library)
    pages = []
    for pattern in library.sorted_patterns():
        path = pattern_path(pattern)
        relations = [(r, library.patterns[r.target]) for r in library.relations.get(pattern.id, ())]
        markdown = render(
            "pattern.md.j2", path, options, pattern=pattern, status_note=STATUSES[pattern.status],
            tags=[(facet, facet.values_of(pattern)) for facet in facets],
            relations=relations, other_path=pattern_path, taught_in=teaching.get(pattern.id, []),
            session_path=session_path, overview_path=overview_path, tools=tools_recommending(pattern),
            edit_url=options.edit_url_base + pattern.file if options.edit_url_base else "",
        )
        pages.append(GeneratedPage(path, markdown, pattern.title, source=pattern.file, untrusted=True))
    return pages
