"""The ways the pattern library can be grouped and filtered, defined once for every page."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from academy.model import STATUSES, Label, Library, Pattern

SCALES = (
    Label("person", "A person", "One practitioner and the people they work with"),
    Label("team", "A team", "A team or a service"),
    Label("organisation", "An organisation", "A whole organisation"),
    Label("partnership", "A partnership", "Several organisations working together"),
    Label("place", "A place", "A neighbourhood, town or local system"),
)

#: What each status means (model.STATUSES) and how a pattern moves on from it (CONTRIBUTING.md has the rules).
STATUS_LABELS = tuple(Label(status, status.capitalize(), meaning) for status, meaning in STATUSES.items())
STATUS_NEXT = {
    "experimental": "It becomes established once it has been used in at least three different settings, "
                    "a source or story describes its results, and a reviewer who did not write it agrees.",
    "established": "It stays established while reviews find it still works. If it stops being recommended "
                   "it is retired, not deleted, so links to it keep working.",
    "retired": "It stays in the library for reference and so that links keep working. New evidence can "
               "bring it back, through the same review as a new pattern.",
}
#: The section of CONTRIBUTING.md that explains how a pattern changes status.
STATUS_RULES_ANCHOR = "from-experimental-to-established"


@dataclass(frozen=True)
class Facet:
    """One framework or list of tags, with its options in display order."""

    key: str
    title: str
    page: str
    options: tuple[Label, ...]
    values_of: Callable[[Pattern], tuple[str, ...]]

    def anchor(self, value: str) -> str:
        return f"{self.key}-{value.replace('/', '-')}"

    def link(self, value: str) -> str:
        """The grouped-list page and anchor where this value's patterns are listed."""
        return f"{self.page}#{self.anchor(value)}"

    def name(self, value: str) -> str:
        return next((o.name for o in self.options if o.id == value), value)


def _free_labels(values: Iterable[str]) -> tuple[Label, ...]:
    return tuple(Label(v, v.replace("-", " ").capitalize()) for v in sorted(set(values)))


def library_facets(library: Library) -> tuple[Facet, ...]:
    fw = library.frameworks
    patterns = library.patterns.values()
    cells = tuple(Label(c, fw.matrix.cell_name(c)) for c in fw.matrix.cells)
    return (
        Facet("proximity", "Relational proximity domain", "library/proximity.md",
              tuple(Label(d.id, d.name, d.question) for d in fw.proximity.domains), lambda p: p.proximity),
        Facet("cell", "Relational value cell", "library/value-matrix.md", cells, lambda p: p.value_cells),
        Facet("step", "Measured pathway step", "library/pathway.md",
              tuple(Label(s.id, f"{s.number}. {s.name}", s.action) for s in fw.pathway.steps),
              lambda p: p.pathway),
        Facet("status", "Status", "library/status.md", STATUS_LABELS, lambda p: (p.status,)),
        Facet("scale", "Scale", "library/scale.md", SCALES, lambda p: p.scale),
        Facet("sector", "Sector", "library/sectors.md",
              _free_labels(s for p in patterns for s in p.sectors), lambda p: p.sectors),
        Facet("tag", "Tag", "library/tags.md",
              _free_labels(t for p in patterns for t in p.tags), lambda p: p.tags),
    )


def grouped(facet: Facet, patterns: Iterable[Pattern]) -> list[tuple[Label, list[Pattern]]]:
    """Each option of the facet with its patterns (sorted by title); one pass over the patterns."""
    groups: dict[str, list[Pattern]] = {o.id: [] for o in facet.options}
    for pattern in patterns:
        for value in facet.values_of(pattern):
            groups.setdefault(value, []).append(pattern)
    return [(o, sorted(groups[o.id], key=lambda p: p.title.casefold())) for o in facet.options]
