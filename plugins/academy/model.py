"""The validated model that pages and charts are made from.

What a file holds is its shape (academy.shapes), used as it is; the classes here are what
the loader builds from several files together: frameworks, a cohort's timetable, results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, UTC
from collections.abc import Mapping
from pathlib import Path

from academy.shapes import (  # the shapes of the files are the model's building blocks
    RELATIONS,
    STATUSES,
    Domain,
    Pattern,
    Relation,
    SessionContent,
    Source,
    Step,
    Story,
)

from academy.source.problems import Problem

__all__ = ["RELATIONS", "STATUSES", "Domain", "Pattern", "Relation", "SessionContent", "Source", "Step", "Story"]

@dataclass(frozen=True)
class Label:
    """An item of a framework axis: an id, a display name and a line of explanation."""

    id: str
    name: str
    note: str = ""


@dataclass(frozen=True)
class Scale:
    """The answer scale of a self-assessment."""

    min: int
    max: int
    min_label: str
    max_label: str
    dont_know: bool = True

    @property
    def points(self) -> range:
        return range(self.min, self.max + 1)


@dataclass(frozen=True)
class Statement:
    """One statement to score, standing in one cell of a grid of rows and columns."""

    cell: str
    row: str
    column: str
    text: str


@dataclass(frozen=True)
class Instrument:
    """A self-assessment: statements laid out on a grid, scored on one scale."""

    id: str
    version: int
    title: str
    intro: str
    rows: tuple[Label, ...]
    columns: tuple[Label, ...]
    scale: Scale
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class FrameworkInfo:
    """What every framework file says about itself."""

    id: str
    version: int
    title: str
    credit: str
    summary: str
    file: str


@dataclass(frozen=True)
class Proximity:
    info: FrameworkInfo
    domains: tuple[Domain, ...]
    instrument: Instrument | None

    @property
    def tag_ids(self) -> tuple[str, ...]:
        """What patterns may tag with: the domains."""
        return tuple(d.id for d in self.domains)


@dataclass(frozen=True)
class ValueMatrix:
    info: FrameworkInfo
    values: tuple[Label, ...]
    areas: tuple[Label, ...]
    instrument: Instrument

    @property
    def cells(self) -> tuple[str, ...]:
        return tuple(cell_id(v.id, a.id) for v in self.values for a in self.areas)

    @property
    def tag_ids(self) -> tuple[str, ...]:
        return self.cells

    def cell_name(self, cell: str) -> str:
        value, area = cell.split("/", 1)
        names = {x.id: x.name for x in (*self.values, *self.areas)}
        return f"{names[value]} × {names[area]}"


@dataclass(frozen=True)
class Pathway:
    info: FrameworkInfo
    steps: tuple[Step, ...]

    @property
    def tag_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.steps)


@dataclass(frozen=True)
class Frameworks:
    """The one definition of each framework that every tag is checked against."""

    proximity: Proximity
    matrix: ValueMatrix
    pathway: Pathway

    def by_kind(self) -> dict[str, Proximity | ValueMatrix | Pathway]:
        return {"proximity": self.proximity, "value-matrix": self.matrix, "pathway": self.pathway}


def cell_id(value: str, area: str) -> str:
    return f"{value}/{area}"


@dataclass(frozen=True)
class LinkingText:
    """A contributor's Markdown field that may hold a link, kept with where it was written, so that
    links to pages or anchors that will not exist are reported there (site/links.py)."""

    #: The kind of file (a schema name: "pattern", "cohort") and its id.
    kind: str
    owner: str
    #: The field's names as the shapes name them, e.g. ("stories", "text").
    field: tuple[str, ...]
    text: str
    #: Its file, line, column and field, for a problem's message.
    where: Problem
    #: The file, to find the line a link is written on (source/content_checks.py written_at).
    source: Path | None = None


@dataclass(frozen=True)
class Library:
    """Everything the site is generated from, checked and cross-referenced."""

    frameworks: Frameworks
    patterns: Mapping[str, Pattern]
    #: Relations of each pattern, its own and those declared by others, seen from its side.
    relations: Mapping[str, tuple[Relation, ...]] = field(default_factory=dict)
    cohorts: Mapping[str, Cohort] = field(default_factory=dict)
    events: tuple[AcademyEvent, ...] = ()
    #: Contributors' Markdown that may link within the site; most fields hold no link and are not here.
    linking_text: tuple[LinkingText, ...] = ()

    def sorted_patterns(self) -> list[Pattern]:
        return sorted(self.patterns.values(), key=lambda p: (p.title.casefold(), p.id))


def end_after(start: datetime, minutes: int) -> datetime:
    """When something that starts at `start` ends, `minutes` of real time later, on the local clock.

    Aware datetime arithmetic in Python is wall-clock arithmetic; across a clock change that is
    an hour out, so the sum is made in UTC.
    """
    return (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(start.tzinfo)


@dataclass(frozen=True)
class Session:
    """One scheduled session of a cohort."""

    number: int
    #: Stable: its page's URL and its calendar UID come from it, never from the title.
    id: str
    content: SessionContent
    start: datetime
    fundamentals: bool

    @property
    def end(self) -> datetime:
        return end_after(self.start, self.content.duration)


@dataclass(frozen=True)
class CellResult:
    """A published cell of aggregated answers: never fewer than the threshold."""

    n: int
    mean: float
    bands: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ResultsRound:
    name: str
    respondents: int
    cells: Mapping[str, CellResult]


@dataclass(frozen=True)
class Cohort:
    id: str
    file: str
    title: str
    focus_kind: str
    focus: str
    description: str
    trainers: tuple[str, ...]
    timezone: str
    venue: str
    sessions: tuple[Session, ...]
    results: tuple[ResultsRound, ...] = ()

    @property
    def first_day(self) -> date:
        return self.sessions[0].start.date()

    @property
    def last_day(self) -> date:
        return self.sessions[-1].start.date()


@dataclass(frozen=True)
class AcademyEvent:
    """A Help Yourself event: a peer-led conversation, an open day or a drop-in session."""

    id: str
    kind: str
    title: str
    start: datetime
    duration: int
    timezone: str
    venue: str
    description: str

    @property
    def end(self) -> datetime:
        return end_after(self.start, self.duration)
