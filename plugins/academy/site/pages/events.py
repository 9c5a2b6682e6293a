"""The Help Yourself events page, with a calendar file for each event, and the feed of
every Academy session and event."""

from __future__ import annotations

from academy.model import Library
from academy.site.ical import academy_calendar, event_calendar
from academy.site.pages.common import GeneratedFile, GeneratedPage, SiteOptions, render
from academy.site.pages.paths import ALL_EVENTS_ICS, EVENTS_PATH, event_ics_path

KINDS = {"peer-conversation": "Peer-led conversation", "open-day": "Open day", "drop-in": "Drop-in session"}


def event_pages(library: Library, options: SiteOptions) -> tuple[list[GeneratedPage], list[GeneratedFile]]:
    feed = GeneratedFile(ALL_EVENTS_ICS, academy_calendar(library, options))
    if not library.events:
        return [], [feed]
    upcoming = [e for e in library.events if e.start.date() >= options.today]
    past = [e for e in library.events if e.start.date() < options.today][::-1]
    markdown = render("events.md.j2", EVENTS_PATH, options, upcoming=upcoming, past=past, kinds=KINDS,
                      ics=event_ics_path, all_events_ics=ALL_EVENTS_ICS)
    # Every event keeps its file: a page built days ago may still offer it (the browser moves
    # events to "past" by today's date, the file stays harmless).
    files = [GeneratedFile(event_ics_path(e), event_calendar(e, options)) for e in library.events]
    return [GeneratedPage(EVENTS_PATH, markdown, "Events", in_nav=True)], [*files, feed]
