"""The pattern library index (filterable) and one grouped list per facet (works without JavaScript)."""

from __future__ import annotations

from academy.site.facets import grouped, library_facets
from academy.model import Library
from academy.site.pages.cards import CARDS_PATH, cards_page
from academy.site.pages.news import NEWS_PATH
from academy.site.pages.common import GeneratedFile, GeneratedPage, SiteOptions, render
from academy.site.pages.coverage import coverage
from academy.site.pages.paths import FRAMEWORK_PAGES, LIBRARY_PATH, PROPOSE_PATH, pattern_path


def library_pages(library: Library, options: SiteOptions) -> tuple[list[GeneratedPage], list[GeneratedFile]]:
    facets = library_facets(library)
    patterns = library.sorted_patterns()
    pages = [GeneratedPage(LIBRARY_PATH, render("library.md.j2", LIBRARY_PATH, options, patterns=patterns,
                                                facets=facets, pattern_path=pattern_path, cards_path=CARDS_PATH,
                                                news_path=NEWS_PATH, propose_path=PROPOSE_PATH),
                           "Pattern library", in_nav=True,
                           description=f"{len(patterns)} relational practices, each with the problem it meets "
                                       "and what to do; filter them by framework, status, scale, sector or tag.")]
    pages.append(cards_page(library, options, facets))
    files = []
    for facet in facets:
        chart = ""
        if facet.key == "cell":
            chart, svg_files = coverage(library, facet, options)
            files.extend(svg_files)
        markdown = render("facet.md.j2", facet.page, options, facet=facet, groups=grouped(facet, patterns),
                          pattern_path=pattern_path, framework_page=FRAMEWORK_PAGES.get(facet.key),
                          propose_path=PROPOSE_PATH, chart=chart)
        names = ", ".join(option.name for option in facet.options)
        pages.append(GeneratedPage(facet.page, markdown, f"Patterns by {facet.title.lower()}", charts=bool(chart),
                                   description=f"The pattern library grouped by {facet.title.lower()}: {names}"))
    return pages, files
