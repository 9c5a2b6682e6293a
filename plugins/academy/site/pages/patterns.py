"""One page per pattern."""

from __future__ import annotations

from academy.site.facets import STATUS_NEXT, STATUS_RULES_ANCHOR, library_facets
from academy.model import STATUSES, Library
from academy.site.pages.cohorts import sessions_teaching
from academy.site.pages.common import GeneratedPage, SiteOptions, render
from academy.site.pages.paths import overview_path, pattern_path, session_path
from academy.site.pages.tools import tools_recommending


def pattern_pages(library: Library, options: SiteOptions) -> list[GeneratedPage]:
    facets = library_facets(library)
    status = next(f for f in facets if f.key == "status")
    tag_facets = [f for f in facets if f is not status]  # status has its own line, not a framework tag
    repository = options.repository
    rules = f"{repository.contributing}#{STATUS_RULES_ANCHOR}" if repository else ""
    teaching = sessions_teaching(library)
    pages = []
    for pattern in library.sorted_patterns():
        path = pattern_path(pattern)
        relations = [(r, library.patterns[r.target]) for r in library.relations.get(pattern.id, ())]
        markdown = render(
            "pattern.md.j2", path, options, pattern=pattern, status_note=STATUSES[pattern.status],
            status_next=STATUS_NEXT[pattern.status], status_link=status.link(pattern.status), status_rules=rules,
            tags=[(facet, facet.values_of(pattern)) for facet in tag_facets],
            relations=relations, other_path=pattern_path, taught_in=teaching.get(pattern.id, []),
            session_path=session_path, overview_path=overview_path, tools=tools_recommending(pattern),
            edit_url=repository.edit_url(pattern.file) if repository else "",
        )
        pages.append(GeneratedPage(path, markdown, pattern.title, source=pattern.file,
                                   description=pattern.summary))
    return pages
