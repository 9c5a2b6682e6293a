"""Load the fundamentals module, the cohorts and their published results, checking each against the rest."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, UTC
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from academy.aggregate import threshold_breaches
from academy.source.files import SourceDirs, checked_document, data_files, documents_by_id, present
from academy.model import (
    AcademyEvent,
    CellResult,
    Cohort,
    ResultsRound,
    Session,
    SessionContent,
    ValueMatrix,
)
from academy.source.problems import Problems, did_you_mean, display_path, quoted
from academy.source.yamlfile import YamlDocument, dotted

FUNDAMENTALS_FILE = "fundamentals.yml"
EVENTS_FILE = "events.yml"
RESULTS_FOLDER = "results"


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def time_zone(doc: YamlDocument, path: tuple, problems: Problems) -> ZoneInfo | None:
    """The IANA time zone named at path, or None after reporting it."""
    name = doc.value(path)
    if name in _time_zones():
        return ZoneInfo(name)
    problems.append_problem(doc.problem(path, f"{quoted(name)} is not a known time zone, e.g. Europe/London"
                                        + did_you_mean(name, _time_zones())))
    return None


def local_start(doc: YamlDocument, path: tuple, raw: dict[str, Any], zone: ZoneInfo,
                problems: Problems) -> datetime | None:
    """The moment `raw`'s date and start name on the local clock, or None after reporting a time the
    clock skips (spring) or shows twice (autumn): a calendar app would have to guess."""
    start = datetime.combine(date.fromisoformat(raw["date"]), time.fromisoformat(raw["start"]), zone)
    if start.utcoffset() == start.replace(fold=1).utcoffset():
        return start
    when = f"{raw['start']} on {start.day} {start:%B %Y}"
    round_trip = start.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if round_trip != start.replace(tzinfo=None):
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
    events, seen = [], set()
    for index, raw in enumerate(doc.data["events"]):
        if raw["id"] in seen:
            problems.append_problem(doc.problem(("events", index, "id"), f"duplicate id {quoted(raw['id'])}"))
        seen.add(raw["id"])
        zone = time_zone(doc, ("events", index, "timezone"), problems)
        start = local_start(doc, ("events", index), raw, zone, problems) if zone else None
        if start is None:
            continue
        events.append(AcademyEvent(raw["id"], raw["kind"], raw["title"], start, raw["duration"],
                                   raw["timezone"], raw["venue"], raw["description"]))
    return tuple(sorted(events, key=lambda e: e.start))


def content_from(raw: dict[str, Any]) -> SessionContent:
    return SessionContent(
        title=raw["title"].strip(), duration=raw["duration"], objectives=tuple(raw["objectives"]),
        patterns=tuple(raw.get("patterns", [])), activities=tuple(raw.get("activities", [])),
        pre_reading=tuple(raw.get("pre_reading", [])), reflection=tuple(raw.get("reflection", [])),
        trainer_notes=raw.get("trainer_notes", ""),
    )


def load_fundamentals(dirs: SourceDirs, pattern_ids: set[str],
                      problems: Problems) -> dict[str, SessionContent] | None:
    path = dirs.data / FUNDAMENTALS_FILE
    if not present(path):
        return None
    doc, file_problems = checked_document(path, dirs.root, "module")
    problems.extend(file_problems)
    if file_problems:
        return None
    sessions: dict[str, SessionContent] = {}
    for index, raw in enumerate(doc.data["sessions"]):
        if raw["id"] in sessions:
            problems.append_problem(doc.problem(("sessions", index, "id"), f"duplicate id {quoted(raw['id'])}"))
        _check_patterns(doc, ("sessions", index), raw, pattern_ids, problems)
        sessions[raw["id"]] = content_from(raw)
    return sessions


def load_cohorts(dirs: SourceDirs, matrix: ValueMatrix | None, pattern_ids: set[str],
                 problems: Problems) -> dict[str, Cohort]:
    """The cohorts, with their published results (checked against the value matrix, when it loaded)."""
    fundamentals = load_fundamentals(dirs, pattern_ids, problems)
    results = _load_results(dirs, matrix, problems)
    cohorts: dict[str, Cohort] = {}
    files: dict[str, str] = {}
    for cohort_id, doc, file_problems in documents_by_id(dirs.cohorts, dirs.root, "cohort", problems,
                                                         "police-officers-2027.yml"):
        files[cohort_id] = doc.file
        if file_problems or not isinstance(doc.data, dict):
            continue
        if fundamentals is None:
            problems.add(doc.file, *doc.where(("fundamentals",)), "fundamentals",
                         f"there is no valid fundamentals module ({display_path(dirs.data / FUNDAMENTALS_FILE, dirs.root)})")
            continue
        cohort = _cohort(doc, cohort_id, fundamentals, pattern_ids, problems)
        if cohort:
            _, rounds = results.pop(cohort_id, ("", ()))
            cohorts[cohort_id] = replace(cohort, results=rounds)
    for cohort_id, (file, _) in results.items():
        problems.add(file, 1, 1, "", f"results for {quoted(cohort_id)}, but there is no cohort with that id"
                     + did_you_mean(cohort_id, files))
    return cohorts


def _check_patterns(doc: YamlDocument, path: tuple, raw: dict[str, Any], pattern_ids: set[str],
                    problems: Problems) -> None:
    for index, pattern in enumerate(raw.get("patterns", [])):
        if pattern not in pattern_ids:
            problems.append_problem(doc.problem(path + ("patterns", index), f"no pattern with id {quoted(pattern)}"
                                                + did_you_mean(pattern, pattern_ids)))


def _cohort(doc: YamlDocument, cohort_id: str, fundamentals: dict[str, SessionContent],
            pattern_ids: set[str], problems: Problems) -> Cohort | None:
    data = doc.data
    zone_name = data["timezone"]
    zone = time_zone(doc, ("timezone",), problems)
    if zone is None:
        return None
    # Each planned session with its path in the file and its id: explicit, else the fundamentals
    # session's id, else its number. Never the title, so a renamed session keeps its URL and UID.
    planned: list[tuple[tuple, SessionContent, dict[str, Any], bool, str | None]] = []
    for index, entry in enumerate(data["fundamentals"]):
        content = fundamentals.get(entry["session"])
        if content is None:
            problems.append_problem(doc.problem(("fundamentals", index, "session"),
                                                f"no fundamentals session with id {quoted(entry['session'])}"
                                                + did_you_mean(entry["session"], fundamentals)))
            continue
        planned.append((("fundamentals", index), content, entry, True, entry.get("id", entry["session"])))
    for index, raw in enumerate(data["sessions"]):
        _check_patterns(doc, ("sessions", index), raw, pattern_ids, problems)
        planned.append((("sessions", index), content_from(raw), raw, False, raw.get("id")))

    sessions: list[Session] = []
    previous: tuple[Session, tuple] | None = None
    ids: dict[str, tuple] = {}
    for number, (path, content, when, is_fundamental, explicit_id) in enumerate(planned, start=1):
        session_id = explicit_id or f"session-{number}"
        if session_id in ids:
            problems.append_problem(doc.problem(path + ("id",) if "id" in when else path, (
                f"two sessions have the id {quoted(session_id)} (the other is {dotted(ids[session_id])}); "
                "give this one its own `id`, which becomes its web address")))
        ids[session_id] = path
        start = local_start(doc, path, when, zone, problems)
        if start is None:
            continue
        session = Session(number, session_id, content, start, is_fundamental)
        if previous:
            before, before_path = previous
            if session.start < before.start:
                problems.append_problem(doc.problem(path + ("date",), f"starts before the session listed "
                                                    f"above it ({quoted(before.content.title)}); list sessions in order"))
            elif session.start < before.end:
                problems.append_problem(doc.problem(path + ("start",), f"starts at {session.start:%H:%M}, "
                                                    f"before {quoted(before.content.title)} ends at {before.end:%H:%M}"))
        previous = (session, path)
        sessions.append(session)
    return Cohort(id=cohort_id, file=doc.file, title=data["title"].strip(), focus_kind=data["focus_kind"],
                  focus=data["focus"], description=data["description"], trainers=tuple(data["trainers"]),
                  timezone=zone_name, venue=data["venue"], sessions=tuple(sessions))


def _load_results(dirs: SourceDirs, matrix: ValueMatrix | None,
                  problems: Problems) -> dict[str, tuple[str, tuple[ResultsRound, ...]]]:
    """Published aggregates by cohort id; the build refuses any that break the threshold."""
    found: dict[str, tuple[str, tuple[ResultsRound, ...]]] = {}
    instrument = matrix.instrument if matrix is not None else None
    for path in data_files(dirs.cohorts / RESULTS_FOLDER, dirs.root):
        doc, file_problems = checked_document(path, dirs.root, "results")
        problems.extend(file_problems)
        if file_problems:
            continue
        data = doc.data
        if instrument is not None and (data["framework"] != instrument.id
                                       or data["version"] != instrument.version):
            problems.append_problem(doc.problem(("version",), f"results are for {data['framework']} version "
                                                f"{data['version']}; the site uses {instrument.id} version "
                                                f"{instrument.version}"))
            continue
        rounds = []
        for index, raw in enumerate(data["rounds"]):
            cells = {}
            for cell, figures in raw["cells"].items():
                if matrix is not None and cell not in matrix.cells:
                    problems.append_problem(doc.problem(("rounds", index, "cells", cell), f"{quoted(cell)} is not a "
                                                        "cell of the value matrix", key=True))
                cells[cell] = CellResult(figures["n"], figures["mean"], figures.get("bands", {}))
            result = ResultsRound(raw["name"], raw["respondents"], cells)
            for where, message in threshold_breaches(result):  # cell ids hold no dots
                problems.append_problem(doc.problem(("rounds", index, *where.split(".")), message,
                                                    field_name=f"rounds[{index}].{where}"))
            rounds.append(result)
        found[path.stem] = (doc.file, tuple(rounds))
    return found
