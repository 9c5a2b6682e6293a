"""One page per framework, with the patterns tagged with each of its parts."""

from __future__ import annotations

from academy.site.facets import grouped, library_facets
from academy.model import Library
from academy.site.pages.common import GeneratedPage, SiteOptions, render
from academy.site.pages.paths import FRAMEWORK_PAGES, TOOL_PAGES, pattern_path


def framework_pages(library: Library, options: SiteOptions) -> list[GeneratedPage]:
    fw = library.frameworks
    facets = {f.key: f for f in library_facets(library)}
    patterns = library.sorted_patterns()
    made = []
    for key, template, framework in (("proximity", "framework-proximity.md.j2", fw.proximity),
                                     ("cell", "framework-matrix.md.j2", fw.matrix),
                                     ("step", "framework-pathway.md.j2", fw.pathway)):
        path = FRAMEWORK_PAGES[key]
        statements = ({s.cell: s.text for s in fw.matrix.instrument.statements} if key == "cell" else {})
        markdown = render(template, path, options, fw=framework, groups=grouped(facets[key], patterns),
                          pattern_path=pattern_path, statements=statements,
                          tools=TOOL_PAGES)
        made.append(GeneratedPage(path, markdown, framework.info.title, source=framework.info.file, in_nav=True))
    return made
