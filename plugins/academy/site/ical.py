"""Sessions and events as iCalendar files that every calendar app reads alike.

Two traps decide the shape of what is written here:
- A VTIMEZONE whose transitions sit in one comma-separated RDATE (what icalendar's
  `add_missing_timezones()` writes) is read correctly by Python's icalendar, but ical.js
  (Thunderbird) and vobject take only its first value and put winter events an hour out.
  Each transition therefore gets an RDATE line of its own.
- Titles and descriptions come from contributors. Line breaks in them must stay text: a title
  holding "BEGIN:VEVENT" on a line of its own must never become a second event.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from icalendar import Calendar, Event, Timezone

from academy.model import AcademyEvent, Cohort, Library, Session
from academy.site.pages.common import SiteOptions
from academy.site.pages.paths import EVENTS_PATH, session_path

PRODUCT = "-//Relationships Academy//Site calendar//EN"
UID_DOMAIN = "relationships-academy"
ALL_EVENTS_NAME = "Relationships Academy: all sessions and events"
#: Transitions are written for this much time around the events, so apps can show them in any zone.
MARGIN = timedelta(days=366)

# Every character that some reader treats as a line break, and every other control character.
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    start: datetime  # aware, in the time zone people will meet in
    end: datetime
    summary: str
    location: str
    description: str
    url: str = ""  # the event's page on the site; empty when the site's address is unknown


def plain_text(value: str, single_line: bool = False) -> str:
    """Text for an iCalendar value: line breaks normalised (or, for one-line fields, made spaces)
    and control characters removed. icalendar then escapes what is left."""
    text = _CONTROLS.sub("", _LINE_BREAKS.sub("\n", value))
    return " ".join(text.split()) if single_line else text.strip()


def calendar_file(name: str, entries: Iterable[CalendarEntry], stamp_day: date) -> bytes:
    """An .ics file; each entry keeps its own time zone, whose VTIMEZONE is included."""
    entries = list(entries)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", plain_text(name, single_line=True))
    for zone in _zones(entries):
        calendar.add_component(zone)
    stamp = datetime.combine(stamp_day, time(0, 0), timezone.utc)  # deterministic within a day
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.start)
        event.add("dtend", entry.end)
        event.add("summary", plain_text(entry.summary, single_line=True))
        event.add("location", plain_text(entry.location, single_line=True))
        description = plain_text(entry.description)
        if entry.url:
            event.add("url", entry.url)
            description = f"{description}\n\n{entry.url}".strip()
        event.add("description", description)
        calendar.add_component(event)
    return calendar.to_ical()


def _zones(entries: list[CalendarEntry]) -> list[Timezone]:
    """One VTIMEZONE per zone used, covering the events, with one RDATE per line (see above)."""
    by_key: dict[str, tuple[tzinfo, list[datetime]]] = {}
    for entry in entries:
        zone = entry.start.tzinfo
        assert zone is not None, "calendar entries carry their time zone"
        by_key.setdefault(str(getattr(zone, "key", zone)), (zone, []))[1].extend((entry.start, entry.end))
    zones = []
    for key, (zone, moments) in sorted(by_key.items()):
        component = Timezone.from_tzinfo(zone, tzid=key, first_date=(min(moments) - MARGIN).date(),
                                         last_date=(max(moments) + MARGIN).date())
        for observance in component.subcomponents:
            listed = observance.pop("RDATE", None)
            for values in listed if isinstance(listed, list) else [listed] if listed else []:
                for value in values.dts:
                    observance.add("rdate", value.dt)
        zones.append(component)
    return zones


def absolute_url(options: SiteOptions, target: str) -> str:
    """The address of a page (path#anchor) on the published site; "" when the site's address is not
    configured. The engine's URL rule gives the path from the home page."""
    if not options.site_url:
        return ""
    return options.site_url.rstrip("/") + "/" + options.url("index.md", target).removeprefix("./")


def session_uid(cohort: Cohort, session: Session) -> str:
    return f"{cohort.id}.{session.id}@{UID_DOMAIN}"


def session_entries(cohort: Cohort, options: SiteOptions) -> list[CalendarEntry]:
    """One entry per session of a cohort."""
    return [CalendarEntry(
        uid=session_uid(cohort, session), start=session.start, end=session.end,
        summary=f"{cohort.title}: {session.content.title}", location=cohort.venue,
        description="\n".join(f"- {o}" for o in session.content.objectives),
        url=absolute_url(options, session_path(cohort, session)),
    ) for session in cohort.sessions]


def event_entry(event: AcademyEvent, options: SiteOptions) -> CalendarEntry:
    return CalendarEntry(uid=f"{event.id}@{UID_DOMAIN}", start=event.start, end=event.end,
                         summary=event.title, location=event.venue, description=event.description,
                         url=absolute_url(options, f"{EVENTS_PATH}#{event.id}"))


def cohort_calendar(cohort: Cohort, options: SiteOptions) -> bytes:
    return calendar_file(cohort.title, session_entries(cohort, options), options.today)


def event_calendar(event: AcademyEvent, options: SiteOptions) -> bytes:
    return calendar_file(event.title, [event_entry(event, options)], options.today)


def academy_calendar(library: Library, options: SiteOptions) -> bytes:
    """Every cohort session and every event, in time order: the one feed to subscribe to."""
    entries = [entry for cohort in library.cohorts.values() for entry in session_entries(cohort, options)]
    entries += [event_entry(event, options) for event in library.events]
    return calendar_file(ALL_EVENTS_NAME, sorted(entries, key=lambda e: (e.start, e.uid)), options.today)
