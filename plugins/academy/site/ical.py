"""Sessions and events as iCalendar files that calendar apps can import."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from icalendar import Calendar, Event

from academy.model import Cohort

PRODUCT = "-//Relationships Academy//Site calendar//EN"


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    start: datetime  # aware, in the time zone people will meet in
    end: datetime
    summary: str
    location: str
    description: str


def calendar_file(name: str, entries: Iterable[CalendarEntry], stamp_day: date) -> bytes:
    """An .ics file; each entry keeps its own time zone, whose VTIMEZONE is included."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = datetime.combine(stamp_day, time(0, 0), timezone.utc)  # deterministic within a day
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.start)
        event.add("dtend", entry.end)
        event.add("summary", entry.summary)
        event.add("location", entry.location)
        event.add("description", entry.description)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def cohort_calendar(cohort: Cohort, site_url: str, stamp_day: date) -> bytes:
    """One event per session of a cohort."""
    entries = [CalendarEntry(
        uid=f"{cohort.id}-{session.slug}@relationships-academy", start=session.start, end=session.end,
        summary=f"{cohort.title}: {session.content.title}", location=cohort.venue,
        description="\n".join(f"- {o}" for o in session.content.objectives) + (f"\n\n{site_url}" if site_url else ""),
    ) for session in cohort.sessions]
    return calendar_file(cohort.title, entries, stamp_day)
