"""The one definition of each data file's shape: it checks a file, becomes the model, and is
published as the JSON Schema editors complete fields from (`academy schema` writes it).

Every field says what it is for (`description`, shown by editors and in the scaffolds that
`academy new` writes) and, where it helps, gives `examples`. Messages for contributors are
made from pydantic's errors in source/schemas.py; the few checks that need words of their
own raise them here as `PydanticCustomError`.
"""

from __future__ import annotations

import re
import types
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, time
from functools import cache
from types import MappingProxyType
from collections.abc import Mapping
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin
from zoneinfo import available_timezones

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    PrivateAttr,
    Strict,
    StringConstraints,
    WithJsonSchema,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

T = TypeVar("T")

#: Relation kinds a pattern may declare, with their label and the kind seen from the other side.
RELATIONS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "complements": ("Complements", "complements"),
    "leads-to": ("Leads to", "follows-from"),
    "follows-from": ("Follows from", "leads-to"),
    "alternative-to": ("Alternative to", "alternative-to"),
    "requires": ("Requires", "supports"),
    "supports": ("Supports", "requires"),
})
RelationKind = Literal["complements", "leads-to", "follows-from", "alternative-to", "requires", "supports"]

STATUSES: Mapping[str, str] = MappingProxyType({
    "experimental": "tried in a few places, still being learned about",
    "established": "proven in several settings",
    "retired": "kept for reference, no longer recommended",
})
Status = Literal["experimental", "established", "retired"]
ScaleName = Literal["person", "team", "organisation", "partnership", "place"]
FocusKind = Literal["identity", "interest", "geography"]
EventKind = Literal["peer-conversation", "open-day", "drop-in"]

# Patterns used in the published schema too; source/schemas.py words a mismatch of each.
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
WEB_ADDRESS = r"^https?://"
NOT_BLANK = r"\S"
CLOCK = r"^([01]\d|2[0-3]):[0-5]\d$"
DAY = r"^\d{4}-\d{2}-\d{2}$"


def _no_repeats(items: tuple[T, ...]) -> tuple[T, ...]:
    if len(set(items)) != len(items):
        raise PydanticCustomError("unique_items", "the same item is listed twice")
    return items


def _iso_date(value: Any) -> Any:
    if isinstance(value, str) and re.match(DAY, value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError("date", "{value} is not a date written as YYYY-MM-DD", {"value": _quote(value)})


def _clock(value: Any) -> Any:
    if isinstance(value, str) and re.match(CLOCK, value):
        return time.fromisoformat(value)
    raise PydanticCustomError("clock", "{value} is not a time written as 24-hour HH:MM, e.g. \"18:30\"",
                              {"value": _quote(value)})


@cache
def time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _zone(name: str) -> str:
    if name not in time_zones():
        from academy.source.problems import did_you_mean  # the one did-you-mean of every message

        raise PydanticCustomError("time_zone", "{value} is not a known time zone, e.g. Europe/London{hint}",
                                  {"value": _quote(name), "hint": did_you_mean(name, time_zones())})
    return name


def _quote(value: Any) -> str:
    from academy.source.problems import quoted

    return quoted(value)


# --- what kind of text a field holds ---------------------------------------------------------------

#: How a text field is read and shown: "markdown" (rendered and sanitised; `academy validate` refuses what the
#: sanitiser would remove and links that lead nowhere), "line" (plain text on one line: it ends up in page
#: titles, lists and calendar entries) or "web-address" (an outside link, which must be well formed). Any other
#: text is plain text, shown exactly as written.
TextKind = Literal["markdown", "line", "web-address"]
#: The keyword the kind is published under in the JSON Schema, for editors and the proposal form.
TEXT_KIND_KEYWORD = "x-academy-text"


@dataclass(frozen=True)
class TextMarker:
    """Marks a text field with its kind (in `Annotated[...]`); published in the JSON Schema too."""

    kind: TextKind

    def __get_pydantic_json_schema__(self, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        schema = handler(core_schema)
        schema[TEXT_KIND_KEYWORD] = self.kind
        if self.kind == "markdown":
            schema["contentMediaType"] = "text/markdown"
        return schema


MARKDOWN, LINE, WEB = TextMarker("markdown"), TextMarker("line"), TextMarker("web-address")


# --- the building blocks every shape is made of ----------------------------------------------------

#: A list in the file, a tuple in the model (so the model stays immutable).
Items = Annotated[tuple[T, ...], Strict(False)]
#: A list whose items are all different.
Distinct = Annotated[tuple[T, ...], Strict(False), AfterValidator(_no_repeats),
                     Field(json_schema_extra={"uniqueItems": True})]
Text = Annotated[str, Field(min_length=1, pattern=NOT_BLANK)]
#: Contributor Markdown (see TextKind).
Markdown = Annotated[Text, MARKDOWN]
#: Plain text on one line (see TextKind).
Line = Annotated[Text, LINE]
Slug = Annotated[str, Field(pattern=SLUG)]
Day = Annotated[date, BeforeValidator(_iso_date),
                WithJsonSchema({"type": "string", "format": "date", "pattern": DAY})]
Clock = Annotated[time, BeforeValidator(_clock), WithJsonSchema({"type": "string", "pattern": CLOCK})]
TimeZone = Annotated[str, AfterValidator(_zone)]
Minutes = Annotated[int, Field(ge=15, le=480)]
Count = Annotated[int, Field(ge=0)]


class Shape(BaseModel):
    """What every shape shares: unknown fields are mistakes, nothing is converted silently, nothing changes."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, use_attribute_docstrings=True)


class Named(Shape):
    """A shape read from a file of its own, whose id is the file name; the loader sets both."""

    _id: str = PrivateAttr(default="")
    _file: str = PrivateAttr(default="")

    # Both read pydantic's store of private attributes directly: `self._id` goes through
    # BaseModel.__getattr__, about 40 times slower, and ids are read tens of thousands of times a build.
    @property
    def id(self) -> str:
        return self.__pydantic_private__["_id"]  # type: ignore[index]

    @property
    def file(self) -> str:
        """The file it was read from, as shown in messages: patterns/regular-check-ins.yml."""
        return self.__pydantic_private__["_file"]  # type: ignore[index]

    def placed(self: T, file_id: str, file: str) -> T:
        self._id, self._file = file_id, file  # type: ignore[attr-defined]
        return self


# --- pattern --------------------------------------------------------------------------------------

class Source(Shape):
    """A published description of the practice."""

    title: Annotated[str, LINE, Field(min_length=1, description="The title of the book, report, article or page.",
                                examples=["Moving the Needle: Promising Practices"])]
    author: Annotated[str, LINE, Field(description="Who wrote it.", examples=["John Ashcroft"])] = ""
    publisher: Annotated[str, LINE, Field(description="Who published it.", examples=["Relationships Foundation"])] = ""
    year: Annotated[int | None, Field(ge=1800, le=2100, description="The year it was published.",
                                      examples=[2019])] = None
    url: Annotated[str, WEB, Field(pattern=WEB_ADDRESS, json_schema_extra={"format": "uri"},
                              description="Where to read it: a web address starting with https://.",
                              examples=["https://relationshipsfoundation.org/"])] = ""


class Story(Shape):
    """An example of the practice in use."""

    title: Annotated[str, LINE, Field(min_length=1, max_length=120, description="A short heading for the story.",
                                examples=["Suppliers and a large institution"])]
    text: Annotated[Markdown, Field(description="What happened, in Markdown.")]


class Relation(Shape):
    """A typed link from one pattern to another."""

    pattern: Annotated[Slug, Field(description="The other pattern's id: its file name without .yml.",
                                   examples=["regular-check-ins"])]
    relation: Annotated[RelationKind, Field(description="How the other pattern relates to this one: "
                                            + "; ".join(f"{k}: {v[0].lower()}" for k, v in RELATIONS.items())
                                            + ".")]
    note: Annotated[str, Field(description="Optional: a sentence on why they belong together.")] = ""

    @property
    def kind(self) -> str:
        return self.relation

    @property
    def target(self) -> str:
        return self.pattern

    @property
    def label(self) -> str:
        return RELATIONS[self.relation][0]


class Pattern(Named):
    """One relational practice in the pattern library. The file name (without .yml) is the pattern's id."""

    title: Annotated[str, LINE, Field(min_length=3, max_length=80, pattern=NOT_BLANK,
                                description="A short name for the practice, in sentence case.",
                                examples=["Regular check-ins"])]
    summary: Annotated[str, LINE, Field(min_length=10, max_length=200, pattern=NOT_BLANK,
                                  description="One line, plain text: what the practice does.",
                                  examples=["Meet briefly and often, so problems surface while they are small."])]
    aliases: Annotated[Distinct[Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=80,
                                                                  pattern=NOT_BLANK)]], Field(
        description="Optional, plain text: other names people use for this practice, so search finds it by them too.",
        examples=[["Keeping in touch"]])] = ()
    status: Annotated[Status, Field(description="; ".join(f"{k}: {v}" for k, v in STATUSES.items()) + ".")]
    problem: Annotated[Markdown, Field(description="Markdown: the problem the practice meets.")]
    context: Annotated[Markdown, Field(description="Markdown: where and when the problem arises.")]
    what_to_do: Annotated[Items[Markdown], Field(min_length=1, description="The steps of the practice, in order. Markdown.")]
    stories: Annotated[Items[Story], Field(description="Optional: stories or examples of the practice in use.")] = ()
    evidence: Annotated[str, MARKDOWN, Field(pattern=NOT_BLANK, description="Optional, Markdown: what is known about "
                                   "whether the practice works.")] = ""
    sources: Annotated[Items[Source], Field(min_length=1, description="Where the practice is described: a title, "
                                            "and author, publisher, year and url when known.")]
    reflection: Annotated[Items[Annotated[str, Field(min_length=1)]], Field(
        description="Optional: questions a learner can reflect on.",
        examples=[["Who in your area knows things you never will?"]])] = ()
    proximity: Annotated[Distinct[str], Field(description="Relational proximity domains the practice "
                                              "strengthens (listed in data/frameworks/).",
                                              examples=[["presence", "storyline"]])] = ()
    value_cells: Annotated[Distinct[Annotated[str, Field(pattern=r"^[a-z0-9-]+/[a-z0-9-]+$")]], Field(
        description="Cells of the relational value matrix, written value/area (listed in data/frameworks/).",
        examples=[["trust/process"]])] = ()
    pathway: Annotated[Distinct[str], Field(description="Steps of the measured pathway where the practice "
                                            "helps (listed in data/frameworks/).",
                                            examples=[["meeting-and-scoping"]])] = ()
    scale: Annotated[Distinct[ScaleName], Field(description="The scale the practice works at.",
                                                examples=[["team", "organisation"]])] = ()
    sectors: Annotated[Distinct[Slug], Field(description="Sectors where the practice is used.",
                                             examples=[["education", "policing"]])] = ()
    tags: Annotated[Distinct[Slug], Field(description="Free keywords, lower-case words joined by hyphens.",
                                          examples=[["power", "partnership"]])] = ()
    related: Annotated[Items[Relation], Field(description="Other patterns, and how each relates to this one.")] = ()
    authors: Annotated[Items[Annotated[str, LINE, Field(min_length=1)]], Field(
        min_length=1, description="Who wrote the pattern.", examples=[["Relationships Academy editorial team"]])]
    last_reviewed: Annotated[Day, Field(description="When the text was last checked, as YYYY-MM-DD.",
                                        examples=["2026-11-20"])]


#: Pattern fields tagged with framework values, and the kind of framework that lists them:
#: checked against the frameworks when the library loads, and enums in the published schema.
FRAMEWORK_TAGS: Mapping[str, str] = MappingProxyType({
    "proximity": "proximity", "value_cells": "value-matrix", "pathway": "pathway",
})


# --- fundamentals module and cohort ---------------------------------------------------------------

class SessionContent(Shape):
    """What a session teaches; shared by fundamentals and a cohort's own sessions."""

    title: Annotated[str, LINE, Field(min_length=3, max_length=100, pattern=NOT_BLANK,
                                description="The session's title.", examples=["Why relationships matter"])]
    duration: Annotated[Minutes, Field(description="Length in minutes; a session must end after it starts.",
                                       examples=[90])]
    objectives: Annotated[Items[Line], Field(min_length=1, description="What learners can do afterwards.",
                                             examples=[["Name the five domains of relational proximity."]])]
    patterns: Annotated[Distinct[Slug], Field(description="Ids of the patterns the session studies.",
                                              examples=[["regular-check-ins"]])] = ()
    activities: Annotated[Items[Line], Field(description="What learners do in the session.")] = ()
    pre_reading: Annotated[Items[Line], Field(description="What to read beforehand.")] = ()
    reflection: Annotated[Items[Text], Field(description="Questions to think about afterwards.")] = ()
    trainer_notes: Annotated[str, MARKDOWN, Field(min_length=1, pattern=NOT_BLANK, description="Markdown for trainers: "
                                        "never published on the site; printed with `academy trainer-pack`. "
                                        "This file is public in the repository, so write nothing about "
                                        "individual learners.")] = ""


class ModuleSession(SessionContent):
    """A fundamentals session, defined once and scheduled by each cohort."""

    id: Annotated[Slug, Field(description="How cohorts name the session.", examples=["why-relationships-matter"])]


class Module(Shape):
    """Sessions defined once and shared by every cohort (data/fundamentals.yml)."""

    title: Annotated[Line, Field(description="The module's title.")]
    description: Annotated[Markdown, Field(description="Markdown: what the module covers.")]
    sessions: Annotated[Items[ModuleSession], Field(min_length=1, description="The sessions, in order.")]


class Scheduled(Shape):
    """When a session takes place, in the cohort's time zone."""

    date: Annotated[Day, Field(description="The day, as YYYY-MM-DD.", examples=["2027-05-04"])]
    start: Annotated[Clock, Field(description="The start, 24-hour HH:MM in the cohort's time zone.",
                                  examples=["18:00"])]


#: A session's short name in its web address and calendar entry; never made from its title, so a
#: renamed session keeps its links and calendar entries.
SessionId = Annotated[Slug, Field(max_length=60, description="The session's short name in its web address "
                                  "and calendar entry (lower-case letters, digits, hyphens). Keep it when the "
                                  "title changes, so links and calendars still find the session. Without it, "
                                  "a fundamentals session is known by its id there, and the cohort's own "
                                  "session by its number.", examples=["knowing-a-neighbourhood"])]


class FundamentalsEntry(Scheduled):
    """A fundamentals session the cohort includes, and when."""

    session: Annotated[Slug, Field(description="The session's id in data/fundamentals.yml.",
                                   examples=["why-relationships-matter"])]
    id: SessionId = ""


class CohortSession(Scheduled, SessionContent):
    """One of the cohort's own sessions."""

    id: SessionId = ""


class CohortFile(Named):
    """One cohort's course. The file name (without .yml) is the cohort's id.
    Fundamentals come first, then the cohort's own sessions."""

    title: Annotated[str, LINE, Field(min_length=3, max_length=100, pattern=NOT_BLANK, description="The cohort's title.",
                                examples=["Grimsby, a relational town"])]
    focus_kind: Annotated[FocusKind, Field(description="What the cohort shares: an identity (e.g. police "
                                           "officers), an interest (e.g. reducing health inequality) or a "
                                           "geography (e.g. a town).")]
    focus: Annotated[Line, Field(description="The shared identity, interest or place.",
                                 examples=["Police officers"])]
    description: Annotated[Markdown, Field(description="Markdown: who the cohort is for and what it works on.")]
    trainers: Annotated[Items[Line], Field(min_length=1, description="Who leads the sessions.",
                                           examples=[["Helen Marsh"]])]
    timezone: Annotated[TimeZone, Field(description="An IANA time zone; every date and time is in it.",
                                        examples=["Europe/London"])]
    venue: Annotated[Line, Field(description="Where the cohort meets, or Online.", examples=["Online"])]
    fundamentals: Annotated[Items[FundamentalsEntry], Field(min_length=1, description="The fundamentals "
                                                            "sessions the cohort includes, in order, with when "
                                                            "each takes place.")]
    sessions: Annotated[Items[CohortSession], Field(min_length=1, description="The cohort's own sessions, in order.")]


# --- events ---------------------------------------------------------------------------------------

class AcademyEvent(Shape):
    """A Help Yourself event: a peer-led conversation, an open day or a drop-in session."""

    id: Annotated[Slug, Field(description="Lower-case words joined by hyphens.", examples=["open-day-autumn-2026"])]
    kind: Annotated[EventKind, Field(description="peer-conversation, open-day or drop-in.")]
    title: Annotated[str, LINE, Field(min_length=3, max_length=100, pattern=NOT_BLANK, description="The event's title.",
                                examples=["Academy open day"])]
    date: Annotated[Day, Field(description="The day, as YYYY-MM-DD.", examples=["2026-10-14"])]
    start: Annotated[Clock, Field(description="The start, 24-hour HH:MM in the event's time zone.",
                                  examples=["10:00"])]
    duration: Annotated[Minutes, Field(description="Length in minutes, from 15 to 480.", examples=[60])]
    timezone: Annotated[TimeZone, Field(description="An IANA time zone.", examples=["Europe/London"])]
    venue: Annotated[Line, Field(description="Where it takes place, or Online.", examples=["Online"])]
    description: Annotated[Text, Field(description="What happens and who it is for, as plain text.")]


class Events(Shape):
    """Help Yourself events (data/events.yml): peer-led conversations, open days and drop-in sessions."""

    events: Annotated[Items[AcademyEvent], Field(description="The events; past ones stay listed, marked as past.")]


# --- frameworks -----------------------------------------------------------------------------------

class AnswerScale(Shape):
    """The answer scale of a self-assessment."""

    min: Annotated[int, Field(description="The lowest score.", examples=[1])]
    max: Annotated[int, Field(description="The highest score; greater than min.", examples=[5])]
    min_label: Annotated[Text, Field(description="What the lowest score means.", examples=["Not at all true"])]
    max_label: Annotated[Text, Field(description="What the highest score means.", examples=["Completely true"])]
    dont_know: Annotated[bool, Field(description="Whether \"Don't know\" may be chosen.")] = True


class Assessment(Shape):
    """A self-assessment: statements on the framework's grid, scored on one scale."""

    title: Annotated[Line, Field(description="The assessment's title.")]
    intro: Annotated[Text, Field(description="What to think of while answering.")]
    scale: Annotated[AnswerScale, Field(description="How statements are scored.")]


class DomainStatement(Shape):
    domain: Annotated[str, Field(description="The domain's id.", examples=["presence"])]
    text: Annotated[Text, Field(description="The statement to score.")]


class CellStatement(Shape):
    value: Annotated[str, Field(description="The value's id.", examples=["trust"])]
    area: Annotated[str, Field(description="The area's id.", examples=["process"])]
    text: Annotated[Text, Field(description="The statement to score.")]


class DomainAssessment(Assessment):
    statements: Annotated[Items[DomainStatement], Field(min_length=1, description="One statement per domain.")]


class CellAssessment(Assessment):
    statements: Annotated[Items[CellStatement], Field(min_length=1, description="One statement per cell.")]


class FrameworkHead(Shape):
    """What every framework file says about itself."""

    id: Annotated[Slug, Field(description="The framework's id.", examples=["relational-proximity"])]
    version: Annotated[int, Field(ge=1, description="Raise it when statements change, so saved answers from "
                                  "older versions are recognised.", examples=[1])]
    title: Annotated[Line, Field(description="The framework's name.")]
    credit: Annotated[Text, Field(description="Whose work it is, and where it is published.")]
    summary: Annotated[Line, Field(description="What the framework describes, in a few sentences.")]


class Domain(Shape):
    """A relational proximity domain and the driver that moves it."""

    id: Annotated[Slug, Field(description="How patterns name the domain.", examples=["presence"])]
    name: Annotated[Line, Field(description="The domain's name.", examples=["Presence"])]
    driver: Annotated[Text, Field(description="What moves it.", examples=["Contact"])]
    question: Annotated[Text, Field(description="The question it answers.")]
    description: Annotated[Text, Field(description="What it means.")]


class MatrixValue(Shape):
    id: Annotated[Slug, Field(description="How cells name the value.", examples=["trust"])]
    name: Annotated[Line, Field(description="The value's name.", examples=["Trust"])]
    question: Annotated[Text, Field(description="The question it answers.")]


class MatrixArea(Shape):
    id: Annotated[Slug, Field(description="How cells name the area.", examples=["process"])]
    name: Annotated[Line, Field(description="The area's name.", examples=["Process"])]
    description: Annotated[Text, Field(description="What the area covers.")]


class Step(Shape):
    """A step of the measured pathway."""

    id: Annotated[Slug, Field(description="How patterns name the step.", examples=["meeting-and-scoping"])]
    number: Annotated[int, Field(ge=1, description="Its place on the pathway: 1, 2, 3 ...")]
    name: Annotated[Line, Field(description="The step's name.")]
    prerequisite: Annotated[Text, Field(description="What must already be true.")]
    action: Annotated[Text, Field(description="What the groups do.")]
    relationship_step: Annotated[Text, Field(description="How the relationship changes.")]
    outcome: Annotated[Text, Field(description="What it leads to.")]


class ProximityFile(FrameworkHead):
    """Relational proximity: the domains of a relationship and what drives each."""

    kind: Annotated[Literal["proximity"], Field(description="Which framework the file defines.")]
    domains: Annotated[Items[Domain], Field(min_length=1, description="The domains, in order.")]
    assessment: Annotated[DomainAssessment | None, Field(description="Optional: a self-assessment, "
                                                         "one statement per domain.")] = None


class ValueMatrixFile(FrameworkHead):
    """The relational value matrix: values by areas, each cell scored."""

    kind: Annotated[Literal["value-matrix"], Field(description="Which framework the file defines.")]
    values: Annotated[Items[MatrixValue], Field(min_length=1, description="The rows: relational values.")]
    areas: Annotated[Items[MatrixArea], Field(min_length=1, description="The columns: areas of an organisation.")]
    assessment: Annotated[CellAssessment, Field(description="The self-assessment, one statement per cell.")]


class PathwayFile(FrameworkHead):
    """The measured pathway: the steps a partnership moves through."""

    kind: Annotated[Literal["pathway"], Field(description="Which framework the file defines.")]
    steps: Annotated[Items[Step], Field(min_length=1, description="The steps, in order.")]


FRAMEWORK_FILES: Mapping[str, type[FrameworkHead]] = MappingProxyType({
    get_args(cls.model_fields["kind"].annotation)[0]: cls for cls in (ProximityFile, ValueMatrixFile, PathwayFile)
})


# --- published results ----------------------------------------------------------------------------

class Bands(Shape):
    """How many scored low, in the middle and high; a band that could identify fewer than 5 people is left out."""

    low: Annotated[Count, Field(description="Scores below the middle of the scale.")] = 0
    middle: Annotated[Count, Field(description="Scores at the middle of the scale.")] = 0
    high: Annotated[Count, Field(description="Scores above the middle of the scale.")] = 0


class CellFigures(Shape):
    """A published cell: never fewer than 5 answers."""

    n: Annotated[Count, Field(description="How many answered.")]
    mean: Annotated[float, Field(description="The mean score.")]
    bands: Annotated[Bands | None, Field(description="How the scores fall into bands.")] = None


class Round(Shape):
    name: Annotated[str, LINE, Field(min_length=1, description="When the answers were given.",
                               examples=["Start of course"])]
    respondents: Annotated[Count, Field(description="How many answer files went in.")]
    cells: Annotated[dict[str, CellFigures], Strict(False), Field(
        description="Published cells only, by value/area: a cell with fewer than 5 answers is left out.")]


class Results(Shape):
    """Aggregated self-assessment results of one cohort (cohorts/results/<cohort-id>.yml), written by
    `academy aggregate`. Never individual answers."""

    framework: Annotated[str, Field(description="The id of the framework answered.",
                                    examples=["relational-value-matrix"])]
    version: Annotated[int, Field(ge=1, description="The framework's version.")]
    rounds: Annotated[Items[Round], Field(min_length=1, max_length=2, description="At most two rounds, "
                                          "e.g. at the start and at the end of the course.")]


#: Each kind of data file, by the name of its published schema.
SHAPES: Mapping[str, Any] = MappingProxyType({
    "pattern": Pattern, "cohort": CohortFile, "module": Module, "results": Results,
    "framework": Annotated[ProximityFile | ValueMatrixFile | PathwayFile, Field(discriminator="kind")], "events": Events,
})


# --- reading the shapes: what stands where in a file ---------------------------------------------

def inner_types(annotation: Any) -> Iterator[Any]:
    """The types an annotation is made of: Annotated, unions, tuples, dicts and lists unwrapped."""
    origin = get_origin(annotation)
    if origin is Annotated:
        yield from inner_types(get_args(annotation)[0])
    elif origin in (Union, types.UnionType, tuple, list, dict):
        for arg in get_args(annotation):
            if arg is not Ellipsis:
                yield from inner_types(arg)
    else:
        yield annotation


def _markers(annotation: Any) -> Iterator[TextMarker]:
    """The text markers anywhere in an annotation (on a list's items too)."""
    if get_origin(annotation) is Annotated:
        base, *metadata = get_args(annotation)
        yield from (m for m in metadata if isinstance(m, TextMarker))
        yield from _markers(base)
    elif get_origin(annotation) in (Union, types.UnionType, tuple, list):
        for arg in get_args(annotation):
            yield from _markers(arg)


def _models(annotation: Any) -> list[type[BaseModel]]:
    return [t for t in inner_types(annotation) if isinstance(t, type) and issubclass(t, BaseModel)]


@cache
def text_kind(name: str, field_path: tuple[str, ...]) -> TextKind | None:
    """The kind of text at a field path of a kind of file (field names only: list indexes and mapping
    keys left out), e.g. ("stories", "text") in a pattern is "markdown"; None for plain text."""
    models = _models(SHAPES[name])
    for position, part in enumerate(field_path):
        fields = [m.model_fields[part] for m in models if part in m.model_fields]
        if not fields:
            return None
        if position == len(field_path) - 1:
            for field in fields:
                kinds = [m.kind for m in field.metadata if isinstance(m, TextMarker)]
                kinds += [m.kind for m in _markers(field.annotation)]
                if kinds:
                    return kinds[0]
            return None
        models = [t for f in fields for t in _models(f.annotation)]
    return None


@cache
def text_fields_of_kind(name: str, kind: TextKind) -> tuple[tuple[str, ...], ...]:
    """Every field path of a kind of file that holds this kind of text."""
    found: list[tuple[str, ...]] = []

    def walk(models: list[type[BaseModel]], path: tuple[str, ...]) -> None:
        for model in models:
            for field_name, field in model.model_fields.items():
                here = path + (field_name,)
                if here not in found and text_kind(name, here) == kind:
                    found.append(here)
                walk(_models(field.annotation), here)

    walk(_models(SHAPES[name]), ())
    return tuple(found)
