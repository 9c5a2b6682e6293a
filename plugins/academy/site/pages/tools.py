"""The Help Yourself tools: pages whose scripts (assets/tool-*.js) work on a learner's own answers in the browser.

Each page carries the framework data and chart specs its script needs; nothing a learner enters
leaves their browser.
"""

from __future__ import annotations

from typing import Callable

from academy.model import Label, Library, Pattern, Scale
from academy.site.charts import heatmap_spec, journey_spec, relationship_map_spec, scatter_spec
from academy.site.pages.assessment import instrument_data, patterns_by, patterns_data
from academy.site.pages.common import GeneratedPage, SiteOptions, page_data, render
from academy.site.pages.paths import FRAMEWORK_PAGES, TOOL_PAGES, assessment_path


#: The answer scale when a framework file gives none.
DEFAULT_SCALE = Scale(1, 5, "Not at all true", "Completely true")

#: Each tool's name, its page, and the patterns it may recommend (so pattern pages can link back to it).
TOOLS: tuple[tuple[str, str, Callable[[Pattern], bool]], ...] = (
    ("See what changed", TOOL_PAGES["change"], lambda p: bool(p.value_cells or p.proximity)),
    ("Map your relationships", TOOL_PAGES["map"], lambda p: bool(p.proximity)),
    ("Check a partnership against the measured pathway", TOOL_PAGES["pathway"], lambda p: bool(p.pathway)),
)


def tools_recommending(pattern: Pattern) -> list[tuple[str, str]]:
    """The tools that may suggest this pattern to a learner: (name, page path)."""
    return [(name, path) for name, path, recommends in TOOLS if recommends(pattern)]


def tool_pages(library: Library, options: SiteOptions) -> list[GeneratedPage]:
    return [_what_changed(library, options), _relationship_map(library, options), _pathway_check(library, options)]


def _what_changed(library: Library, options: SiteOptions) -> GeneratedPage:
    path = TOOL_PAGES["change"]
    fw = library.frameworks
    sources = [(fw.matrix.instrument, fw.matrix.info, "cell", lambda p: p.value_cells)]
    if fw.proximity.instrument:
        sources.append((fw.proximity.instrument, fw.proximity.info, "proximity", lambda p: p.proximity))
    instruments = []
    for instrument, info, _, tags_of in sources:
        span = instrument.scale.max - instrument.scale.min
        spec = heatmap_spec(instrument.rows, instrument.columns, title=f"What changed: {instrument.title}",
                            description=f"Difference heatmap: for each statement of the {info.title.lower()}, "
                                        "the later score minus the earlier one.",
                            domain=(-span, span), legend_title="Change", scheme="redblue",
                            dark_cells=f"abs(datum.score) > {span / 2}", cache_dir=options.cache_dir)
        instruments.append({**instrument_data(instrument, path, patterns_by(library, tags_of), options), "spec": spec})
    markdown = render("tool-change.md.j2", path, options, instruments=[s[0] for s in sources],
                      frameworks=[(s[1].title, FRAMEWORK_PAGES[s[2]]) for s in sources],
                      assessment_path=assessment_path, data=page_data("what-changed", {"instruments": instruments}))
    return GeneratedPage(path, markdown, "See what changed", charts=True, in_nav=True)


def _relationship_map(library: Library, options: SiteOptions) -> GeneratedPage:
    path = TOOL_PAGES["map"]
    proximity = library.frameworks.proximity
    scale = proximity.instrument.scale if proximity.instrument else DEFAULT_SCALE
    domains = tuple(Label(d.id, d.name) for d in proximity.domains)
    specs = {
        "map": relationship_map_spec(title="Your relationship map",
                                     description="You at the centre; each relationship nearer the stronger its overall proximity.",
                                     cache_dir=options.cache_dir),
        "heatmap": heatmap_spec((), domains, title="Relationships by domain",
                                description=f"Heatmap of each relationship's score in each proximity domain, "
                                            f"from {scale.min} to {scale.max}.",
                                domain=(scale.min, scale.max), legend_title="Score", cache_dir=options.cache_dir),
        "scatter": scatter_spec(title="Importance against overall proximity",
                                description="Each numbered mark is one relationship.",
                                domain=(scale.min, scale.max), cache_dir=options.cache_dir),
    }
    data = {
        "id": proximity.info.id, "version": proximity.info.version,
        "scale": {"min": scale.min, "max": scale.max},
        "domains": [{"id": d.id, "name": d.name, "question": d.question, "driver": d.driver} for d in proximity.domains],
        "patterns": patterns_data(path, patterns_by(library, lambda p: p.proximity), options),
        "specs": specs,
    }
    markdown = render("tool-map.md.j2", path, options, domains=proximity.domains, scale=scale,
                      framework_page=FRAMEWORK_PAGES["proximity"], data=page_data("relationship-map", data))
    return GeneratedPage(path, markdown, "Map your relationships", source=proximity.info.file, charts=True, in_nav=True)


def _pathway_check(library: Library, options: SiteOptions) -> GeneratedPage:
    path = TOOL_PAGES["pathway"]
    pathway = library.frameworks.pathway
    spec = journey_spec(tuple(f"{s.number}. {s.name}" for s in pathway.steps), title="The partnership's journey",
                        description="The step of the measured pathway the partnership was at on each check-in date.",
                        cache_dir=options.cache_dir)
    data = {
        "id": pathway.info.id, "version": pathway.info.version,
        "steps": [{"id": s.id, "number": s.number, "name": s.name, "prerequisite": s.prerequisite, "action": s.action,
                   "relationship_step": s.relationship_step, "outcome": s.outcome} for s in pathway.steps],
        "patterns": patterns_data(path, patterns_by(library, lambda p: p.pathway), options),
        "spec": spec,
    }
    markdown = render("tool-pathway.md.j2", path, options, steps=pathway.steps,
                      framework_page=FRAMEWORK_PAGES["step"], data=page_data("pathway-check", data))
    return GeneratedPage(path, markdown, "Check a partnership against the measured pathway", source=pathway.info.file,
                         charts=True, in_nav=True)
