"""The Help Yourself events page, with a calendar file for each event."""

from __future__ import annotations

from academy.site.ical import CalendarEntry, calendar_file
from academy.model import AcademyEvent, Library
from academy.site.pages.common import GeneratedFile, GeneratedPage, SiteOptions, render
from academy.site.pages.paths import EVENTS_PATH, event_ics_path

KINDS = {"peer-conversation": "Peer-led conversation", "open-day": "Open day", "drop-in": "Drop-in session"}


def event_pages(library: Library, options: SiteOptions) -> tuple[list[GeneratedPage], list[GeneratedFile]]:
    if not library.events:
        return [], []
    upcoming = [e for e in library.events if e.start.date() >= options.today]
    past = [e for e in library.events if e.start.date() < options.today][::-1]
    markdown = render("events.md.j2", EVENTS_PATH, options, upcoming=upcoming, past=past, kinds=KINDS,
                      ics=event_ics_path)
    files = [GeneratedFile(event_ics_path(e), calendar_file(e.title, [_entry(e)], options.today)) for e in upcoming]
    return [GeneratedPage(EVENTS_PATH, markdown, "Events", in_nav=True)], files


def _entry(event: AcademyEvent) -> CalendarEntry:
    return CalendarEntry(uid=f"{event.id}@relationships-academy", start=event.start, end=event.end,
                         summary=event.title, location=event.venue, description=event.description)
