"""Load the fundamentals module, the cohorts and their published results, checking each against the rest."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from academy.aggregate import differencing_breaches, threshold_breaches
from academy.source.content_checks import linking_text
from academy.source.files import SourceDirs, checked_document, present
from academy.model import (
    AcademyEvent,
    CellResult,
    Cohort,
    LinkingText,
    ResultsRound,
    Session,
    SessionContent,
    ValueMatrix,
)
from academy.shapes import CohortFile, Scheduled
from academy.source.collections import ById, Entry, files_by_id, items_by_id, refers, refers_all
from academy.source.problems import Problems, did_you_mean, display_path, quoted
from academy.source.schemas import validate
from academy.source.yamlfile import Path_, YamlDocument

FUNDAMENTALS_FILE = "fundamentals.yml"
EVENTS_FILE = "events.yml"
RESULTS_FOLDER = "results"


def local_start(doc: YamlDocument, path: Path_, day: date, start: time, zone: ZoneInfo,
                problems: Problems) -> datetime | None:
    """The moment a date and start name on the local clock, or None after reporting a time the
    clock skips (spring) or shows twice (autumn): a calendar app would have to guess."""
    moment = datetime.combine(day, start, zone)
    if moment.utcoffset() == moment.replace(fold=1).utcoffset():
        return moment
    when = f"{start:%H:%M} on {moment.day} {moment:%B %Y}"
    round_trip = moment.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if round_trip != moment.replace(tzinfo=None):
        message = (f"{when} does not exist in {zone.key}: the clocks go forward that night and skip it; "
                   "choose a time outside the clock change")
    else:
        message = (f"{when} happens twice in {zone.key}: the clocks go back that night; "
                   "choose a time outside the clock change")
    problems.append_problem(doc.problem(path + ("start",), message))
    return None


def load_events(dirs: SourceDirs, problems: Problems) -> tuple[AcademyEvent, ...]:
    """The Help Yourself events, in date order."""
    path = dirs.data / EVENTS_FILE
    if not present(path):
        return ()
    doc, file_problems = checked_document(path, dirs.root, "events")
    problems.extend(file_problems)
    if file_problems:
        return ()
    events = []
    for entry in items_by_id(doc, "events", validate("events", doc.data).events, problems).values():
        event = entry.value
        start = local_start(doc, entry.path, event.date, event.start, ZoneInfo(event.timezone), problems)
        if start is not None:
            events.append(AcademyEvent(event.id, event.kind, event.title, start, event.duration, event.timezone,
                                       event.venue, event.description))
    return tuple(sorted(events, key=lambda e: e.start))


def load_fundamentals(dirs: SourceDirs, pattern_ids: set[str],
                      problems: Problems) -> dict[str, SessionContent] | None:
    path = dirs.data / FUNDAMENTALS_FILE
    if not present(path):
        return None
    doc, file_problems = checked_document(path, dirs.root, "module")
    problems.extend(file_problems)
    if file_problems:
        return None
    sessions = items_by_id(doc, "sessions", validate("module", doc.data).sessions, problems)
    for entry in sessions.values():
        refers_all(doc, entry.path + ("patterns",), entry.value.patterns, pattern_ids, "pattern", problems)
    return {session_id: entry.value for session_id, entry in sessions.items()}


def load_cohorts(dirs: SourceDirs, matrix: ValueMatrix | None, pattern_ids: set[str],
                 problems: Problems, linking: list[LinkingText]) -> dict[str, Cohort]:
    """The cohorts, with their published results (checked against the value matrix, when it loaded)."""
    fundamentals = load_fundamentals(dirs, pattern_ids, problems)
    results = _load_results(dirs, matrix, problems)
    cohorts: dict[str, Cohort] = {}
    files = files_by_id(dirs.cohorts, dirs.root, "cohort", problems, "police-officers-2027.yml")
    for cohort_id, entry in files.items():
        doc = entry.doc
        if not entry.usable:
            continue
        if fundamentals is None:
            problems.add(doc.file, *doc.where(("fundamentals",)), "fundamentals",
                         f"there is no valid fundamentals module ({display_path(dirs.data / FUNDAMENTALS_FILE, dirs.root)})")
            continue
        shape = validate("cohort", doc.data).placed(cohort_id, doc.file)
        cohort = _cohort(doc, shape, fundamentals, pattern_ids, problems)
        _, rounds = results.pop(cohort_id, ("", ()))
        cohorts[cohort_id] = replace(cohort, results=rounds)
        linking += linking_text(doc, "cohort", cohort_id)
    for cohort_id, (file, _) in results.items():
        problems.add(file, 1, 1, "", f"results for {quoted(cohort_id)}, but there is no cohort with that id"
                     + did_you_mean(cohort_id, files))
    return cohorts


def _cohort(doc: YamlDocument, shape: CohortFile, fundamentals: dict[str, SessionContent],
            pattern_ids: set[str], problems: Problems) -> Cohort:
    zone = ZoneInfo(shape.timezone)
    # Each planned session with its path in the file and its id: explicit, else the fundamentals
    # session's id, else its number. Never the title, so a renamed session keeps its URL and UID.
    planned: list[tuple[Path_, SessionContent, Scheduled, bool, str]] = []
    for index, entry in enumerate(shape.fundamentals):
        path: Path_ = ("fundamentals", index)
        if refers(doc, path + ("session",), entry.session, fundamentals, "fundamentals session", problems):
            planned.append((path, fundamentals[entry.session], entry, True, entry.id or entry.session))
    for index, own in enumerate(shape.sessions):
        refers_all(doc, ("sessions", index, "patterns"), own.patterns, pattern_ids, "pattern", problems)
        own_path: Path_ = ("sessions", index)
        planned.append((own_path, own, own, False, own.id))

    sessions: list[Session] = []
    ids: ById[None] = ById(problems, "give this one its own `id`, which becomes its web address")
    for number, (path, content, when, is_fundamental, explicit_id) in enumerate(planned, start=1):
        session_id = explicit_id or f"session-{number}"
        if not ids.add(Entry(session_id, None, doc, path, path + ("id",) if explicit_id else path)):
            continue
        start = local_start(doc, path, when.date, when.start, zone, problems)
        if start is None:
            continue
        session = Session(number, session_id, content, start, is_fundamental)
        if sessions:
            before = sessions[-1]
            if session.start < before.start:
                problems.append_problem(doc.problem(path + ("date",), f"starts before the session listed "
                                                    f"above it ({quoted(before.content.title)}); list sessions in order"))
            elif session.start < before.end:
                problems.append_problem(doc.problem(path + ("start",), f"starts at {session.start:%H:%M}, "
                                                    f"before {quoted(before.content.title)} ends at {before.end:%H:%M}"))
        sessions.append(session)
    return Cohort(id=shape.id, file=shape.file, title=shape.title.strip(), focus_kind=shape.focus_kind,
                  focus=shape.focus, description=shape.description, trainers=shape.trainers,
                  timezone=shape.timezone, venue=shape.venue, sessions=tuple(sessions))


def _load_results(dirs: SourceDirs, matrix: ValueMatrix | None,
                  problems: Problems) -> dict[str, tuple[str, tuple[ResultsRound, ...]]]:
    """Published aggregates by cohort id; the build refuses any that break the threshold."""
    found: dict[str, tuple[str, tuple[ResultsRound, ...]]] = {}
    instrument = matrix.instrument if matrix is not None else None
    for cohort_id, entry in files_by_id(dirs.cohorts / RESULTS_FOLDER, dirs.root, "results", problems,
                                        "police-officers-2027.yml").items():
        if not entry.usable:
            continue
        doc = entry.doc
        data = doc.data
        if instrument is not None and (data["framework"] != instrument.id
                                       or data["version"] != instrument.version):
            problems.append_problem(doc.problem(("version",), f"results are for {data['framework']} version "
                                                f"{data['version']}; the site uses {instrument.id} version "
                                                f"{instrument.version}"))
            continue
        rounds: list[ResultsRound] = []
        for index, raw in enumerate(data["rounds"]):
            cells = {}
            for cell, figures in raw["cells"].items():
                if matrix is not None and cell not in matrix.cells:
                    problems.append_problem(doc.problem(("rounds", index, "cells", cell), f"{quoted(cell)} is not a "
                                                        "cell of the value matrix", key=True))
                cells[cell] = CellResult(figures["n"], figures["mean"], figures.get("bands", {}))
            result = ResultsRound(raw["name"], raw["respondents"], cells)
            breaches = [*threshold_breaches(result),
                        *(b for earlier in rounds for b in differencing_breaches(earlier, result))]
            for where, message in breaches:  # cell ids hold no dots
                problems.append_problem(doc.problem(("rounds", index, *where.split(".")), message,
                                                    field_name=f"rounds[{index}].{where}"))
            rounds.append(result)
        found[cohort_id] = (doc.file, tuple(rounds))
    return found
