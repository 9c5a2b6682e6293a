"""The validated model: frozen dataclasses that pages and charts are made from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, UTC
from types import MappingProxyType
from collections.abc import Mapping

#: Relation kinds a pattern may declare, with their label and the kind seen from the other side.
RELATIONS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "complements": ("Complements", "complements"),
    "leads-to": ("Leads to", "follows-from"),
    "follows-from": ("Follows from", "leads-to"),
    "alternative-to": ("Alternative to", "alternative-to"),
    "requires": ("Requires", "supports"),
    "supports": ("Supports", "requires"),
})

STATUSES: Mapping[str, str] = MappingProxyType({
    "experimental": "tried in a few places, still being learned about",
    "established": "proven in several settings",
    "retired": "kept for reference, no longer recommended",
})


@dataclass(frozen=True)
class Label:
    """An item of a framework axis: an id, a display name and a line of explanation."""

    id: str
    name: str
    note: str = ""


@dataclass(frozen=True)
class Domain:
    """A relational proximity domain and the driver that moves it."""

    id: str
    name: str
    driver: str
    question: str
    description: str


@dataclass(frozen=True)
class Step:
    """A step of the measured pathway."""

    id: str
    number: int
    name: str
    prerequisite: str
    action: str
    relationship_step: str
    outcome: str


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


@dataclass(frozen=True)
class ValueMatrix:
    info: FrameworkInfo
    values: tuple[Label, ...]
    areas: tuple[Label, ...]
    instrument: Instrument

    @property
    def cells(self) -> tuple[str, ...]:
        return tuple(cell_id(v.id, a.id) for v in self.values for a in self.areas)

    def cell_name(self, cell: str) -> str:
        value, area = cell.split("/", 1)
        names = {x.id: x.name for x in (*self.values, *self.areas)}
        return f"{names[value]} × {names[area]}"


@dataclass(frozen=True)
class Pathway:
    info: FrameworkInfo
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Frameworks:
    """The one definition of each framework that every tag is checked against."""

    proximity: Proximity
    matrix: ValueMatrix
    pathway: Pathway


def cell_id(value: str, area: str) -> str:
    return f"{value}/{area}"


@dataclass(frozen=True)
class Source:
    title: str
    author: str = ""
    publisher: str = ""
    year: int | None = None
    url: str = ""


@dataclass(frozen=True)
class Story:
    title: str
    text: str


@dataclass(frozen=True)
class Relation:
    """A typed link from one pattern to another."""

    kind: str
    target: str
    note: str = ""

    @property
    def label(self) -> str:
        return RELATIONS[self.kind][0]


@dataclass(frozen=True)
class Pattern:
    id: str
    file: str
    title: str
    summary: str
    status: str
    problem: str
    context: str
    what_to_do: tuple[str, ...]
    sources: tuple[Source, ...]
    authors: tuple[str, ...]
    last_reviewed: date
    #: Other names people use for the practice; search finds the pattern by them.
    aliases: tuple[str, ...] = ()
    stories: tuple[Story, ...] = ()
    evidence: str = ""
    reflection: tuple[str, ...] = ()
    proximity: tuple[str, ...] = ()
    value_cells: tuple[str, ...] = ()
    pathway: tuple[str, ...] = ()
    scale: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    related: tuple[Relation, ...] = ()


@dataclass(frozen=True)
class Library:
    """Everything the site is generated from, checked and cross-referenced."""

    frameworks: Frameworks
    patterns: Mapping[str, Pattern]
    #: Relations of each pattern, its own and those declared by others, seen from its side.
    relations: Mapping[str, tuple[Relation, ...]] = field(default_factory=dict)
    cohorts: Mapping[str, Cohort] = field(default_factory=dict)
    events: tuple[AcademyEvent, ...] = ()

    def sorted_patterns(self) -> list[Pattern]:
        return sorted(self.patterns.values(), key=lambda p: (p.title.casefold(), p.id))


@dataclass(frozen=True)
class SessionContent:
    """What a session teaches; shared by fundamentals and a cohort's own sessions."""

    title: str
    duration: int
    objectives: tuple[str, ...]
    patterns: tuple[str, ...] = ()
    activities: tuple[str, ...] = ()
    pre_reading: tuple[str, ...] = ()
    reflection: tuple[str, ...] = ()
    trainer_notes: str = ""


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
