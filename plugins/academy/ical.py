"""A cohort's sessions as an iCalendar file that calendar apps can import."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

from icalendar import Calendar, Event

from .model import Cohort

PRODUCT = "-//Relationships Academy//Cohort calendar//EN"


def cohort_calendar(cohort: Cohort, site_url: str, stamp_day: date) -> bytes:
    """One event per session, in the cohort's time zone (the VTIMEZONE is included)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", cohort.title)
    stamp = datetime.combine(stamp_day, time(0, 0), timezone.utc)  # deterministic within a day
    for session in cohort.sessions:
        event = Event()
        event.add("uid", f"{cohort.id}-{session.slug}@relationships-academy")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.start)
        event.add("dtend", session.end)
        event.add("summary", f"{cohort.title}: {session.content.title}")
        event.add("location", cohort.venue)
        description = "\n".join(f"- {o}" for o in session.content.objectives)
        if site_url:
            description += f"\n\n{site_url}"
        event.add("description", description)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
