"""One page per pattern."""

from __future__ import annotations

from ..facets import library_facets
from ..model import STATUSES, Library, Pattern
from .common import GeneratedPage, SiteOptions, render


def pattern_path(pattern: Pattern) -> str:
    return f"patterns/{pattern.id}.md"


def pattern_pages(library: Library, options: SiteOptions) -> list[GeneratedPage]:
    facets = library_facets(library)
    pages = []
    for pattern in library.sorted_patterns():
        path = pattern_path(pattern)
        relations = [(r, library.patterns[r.target]) for r in library.relations.get(pattern.id, ())]
        markdown = render(
            "pattern.md.j2", path, options, pattern=pattern, status_note=STATUSES[pattern.status],
            tags=[(facet, facet.values_of(pattern)) for facet in facets],
            relations=relations, other_path=pattern_path,
            edit_url=options.edit_url_base + pattern.file if options.edit_url_base else "",
        )
        pages.append(GeneratedPage(path, markdown, pattern.title, source=pattern.file, untrusted=True))
    return pages
