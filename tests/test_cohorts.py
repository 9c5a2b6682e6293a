"""A trainer publishes a cohort from one YAML file: pages, handouts, trainer guide, calendar."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from conftest import Project, page_data
from icalendar import Calendar

FUNDAMENTALS = """\
title: Fundamentals
description: Shared by every cohort.
sessions:
  - id: why-relationships-matter
    title: Why relationships matter
    duration: 120
    objectives: [Name the five domains.]
    patterns: [regular-check-ins]
    trainer_notes: FUNDAMENTALS-SECRET keep the stories concrete.
  - id: working-with
    title: Working with, not to or for
    duration: 90
    objectives: [Tell apart with, to and for.]
"""

SESSIONS = """\
  - title: Policing with the community
    date: 2027-03-02
    start: "18:30"
    duration: 90
    objectives: [Map a neighbourhood's relationships.]
    patterns: [regular-check-ins, hand-on-the-champion]
    activities: [Walk the beat with a partner.]
    pre_reading: [The pattern on check-ins.]
    reflection: [Who knows this street best?]
    trainer_notes: TRAINER-ONLY-NOTE bring the ward map.
  - title: Handing over well
    date: 2027-03-16
    start: "18:30"
    duration: 90
    objectives: [Plan a handover.]
"""


def cohort_yaml(sessions: str = SESSIONS, **fields: str) -> str:
    base = {
        "title": "Relational policing", "focus_kind": "identity", "focus": "Police officers",
        "description": "A course for *officers* who want to build trust.", "trainers": "[Sam Trainer]",
        "timezone": "Europe/London", "venue": "Grimsby Town Hall",
        "fundamentals": "\n  - session: why-relationships-matter\n    date: 2027-02-02\n    start: \"18:30\"\n"
                        "  - session: working-with\n    date: 2027-02-16\n    start: \"18:30\"",
        "sessions": "\n" + sessions.rstrip("\n"),
    }
    base.update(fields)
    return "".join(f"{k}: {v}\n" for k, v in base.items() if v is not None)


@pytest.fixture
def cohort_project(project: Project) -> Project:
    project.write("data/fundamentals.yml", FUNDAMENTALS)
    project.pattern("regular-check-ins", "Regular check-ins")
    project.pattern("hand-on-the-champion", "Hand on the champion role")
    project.write("cohorts/police-2027.yml", cohort_yaml())
    project.academy_options(today="2027-01-10")
    return project


def test_overview_schedule_and_timeline(cohort_project: Project) -> None:
    cohort_project.built()
    page = cohort_project.page("cohorts/police-2027")
    assert page.h1.get_text(strip=True) == "Relational policing"
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in page.select("article table tbody tr")][:4]
    assert [r[1] for r in rows] == ["Why relationships matter", "Working with, not to or for",
                                    "Policing with the community", "Handing over well"]
    assert rows[0][2:5] == ["Fundamentals", "2 February 2027", "18:30 to 20:30"]
    assert rows[2][2] == "Focus"
    spec = page_data(page.select_one(".academy-chart"), "chart")
    values = next(d["values"] for d in spec["data"] if "values" in d)  # a Vega spec, compiled at build time
    assert [v["session"] for v in values][0] == "1. Why relationships matter"
    assert page.select_one("article em").get_text() == "officers"


def test_session_pages_handouts_and_trainer_notes_stay_with_trainers(cohort_project: Project) -> None:
    site = cohort_project.built()
    session = cohort_project.page("cohorts/police-2027/03-policing-with-the-community")
    assert [a.get_text() for a in session.select("h2#patterns-to-study + ul a")] == [
        "Regular check-ins", "Hand on the champion role"]
    assert session.find("a", string="Printable handout for this session")
    handout = cohort_project.page("cohorts/police-2027/03-policing-with-the-community-handout")
    assert "Who knows this street best?" in handout.get_text()
    trainer = cohort_project.page("cohorts/police-2027/trainer")
    assert "TRAINER-ONLY-NOTE" in trainer.get_text() and "FUNDAMENTALS-SECRET" in trainer.get_text()
    for html in site.rglob("*.html"):
        if "trainer" in html.parent.name:
            continue
        text = html.read_text()
        assert "TRAINER-ONLY-NOTE" not in text and "FUNDAMENTALS-SECRET" not in text, html
    assert "TRAINER-ONLY-NOTE" not in (site / "search/search_index.json").read_text()


def test_calendar_imports_with_times_in_the_cohort_time_zone(cohort_project: Project) -> None:
    site = cohort_project.built()
    calendar = Calendar.from_ical((site / "cohorts/police-2027/police-2027.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events][2] == "Relational policing: Policing with the community"
    start = events[2].decoded("dtstart")
    assert start.tzinfo is not None and str(start.tzinfo) == "Europe/London"
    assert start.replace(tzinfo=None) == datetime(2027, 3, 2, 18, 30)
    assert events[2].decoded("dtend") - start == timedelta(minutes=90)
    assert len({str(e["uid"]) for e in events}) == 4
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Europe/London"
    assert events[3].decoded("dtstart").utcoffset() == timedelta(0)  # 16 March: still GMT


def test_cohort_training_page_and_patterns_list_their_sessions(cohort_project: Project) -> None:
    cohort_project.write("cohorts/health-2026.yml", cohort_yaml(
        SESSIONS.replace("2027-03-02", "2026-03-02").replace("2027-03-16", "2026-03-16"),
        title="Health equity", focus_kind="interest", focus="Reducing health inequality",
        fundamentals="\n  - session: working-with\n    date: 2026-02-16\n    start: \"18:30\""))
    cohort_project.built()
    page = cohort_project.page("cohorts")
    identity = page.select_one("h2#by-identity").find_next("ul")
    assert "Relational policing" in identity.get_text()
    interest = page.select_one("h2#by-interest")
    assert interest.find_next("p").get_text() == "Past"
    assert "(finished)" in interest.find_next("ul").get_text()
    taught = cohort_project.page("patterns/regular-check-ins").select("h2#taught-in-cohort-sessions + ul li")
    assert [li.a.get_text() for li in taught] == ["Policing with the community", "Why relationships matter",
                                                  "Policing with the community"][: len(taught)]
    assert len(taught) == 3  # health (2026) sessions first, then police fundamentals and focus


BAD_COHORTS = {
    "unknown pattern": (cohort_yaml(SESSIONS.replace("hand-on-the-champion]", "hand-on-the-champoin]")),
                        "cohorts/bad.yml:21:35: sessions[0].patterns[1]: no pattern with id 'hand-on-the-champoin' (did you mean 'hand-on-the-champion'?)"),
    "out of order": (cohort_yaml(SESSIONS.replace("2027-03-16", "2027-03-01")),
                     "cohorts/bad.yml:27:11: sessions[1].date: starts before the session listed above it ('Policing with the community')"),
    "overlapping": (cohort_yaml(SESSIONS.replace('2027-03-16\n    start: "18:30"', '2027-03-02\n    start: "19:00"')),
                    "cohorts/bad.yml:28:12: sessions[1].start: starts at 19:00, before 'Policing with the community' ends at 20:00"),
    "ends before it starts": (cohort_yaml(SESSIONS.replace("duration: 90\n    objectives: [Plan", "duration: -30\n    objectives: [Plan")),
                              "cohorts/bad.yml:29:15: sessions[1].duration: -30 is below the lowest allowed value, 15 (length in minutes; a session must end after it starts)"),
    "unknown time zone": (cohort_yaml(timezone="Europe/Londn"),
                          "cohorts/bad.yml:6:11: timezone: 'Europe/Londn' is not a known time zone, e.g. Europe/London (did you mean 'Europe/London'?)"),
    "malformed date": (cohort_yaml(SESSIONS.replace("2027-03-02", "2027-3-2")),
                       "cohorts/bad.yml:17:11: sessions[0].date: '2027-3-2' is not a date written as YYYY-MM-DD"),
    "malformed time": (cohort_yaml(SESSIONS.replace('start: "18:30"', 'start: 6pm', 1)),
                       "cohorts/bad.yml:18:12: sessions[0].start: '6pm' is not written as expected: 24-hour HH:MM, in the cohort's time zone"),
    "session with no title": (cohort_yaml(SESSIONS.replace("  - title: Handing over well\n", "  - date: 2027-03-16\n").replace("    date: 2027-03-16\n    start", "    start", 1)),
                              "cohorts/bad.yml:26:5: sessions[1].title: required field is missing"),
    "unknown fundamentals session": (cohort_yaml(fundamentals="\n  - session: why-relationship-matter\n    date: 2027-02-02\n    start: \"18:30\""),
                                     "cohorts/bad.yml:9:14: fundamentals[0].session: no fundamentals session with id 'why-relationship-matter' (did you mean 'why-relationships-matter'?)"),
}


@pytest.mark.parametrize("case", BAD_COHORTS, ids=list(BAD_COHORTS))
def test_bad_cohort_file(cohort_project: Project, case: str) -> None:
    text, expected = BAD_COHORTS[case]
    cohort_project.write("cohorts/bad.yml", text)
    result = cohort_project.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert expected in result.stderr, result.stderr
    assert not (cohort_project.root / "site").exists()


def test_duplicate_cohort_ids(cohort_project: Project) -> None:
    cohort_project.write("cohorts/police-2027.yaml", cohort_yaml())
    result = cohort_project.build()
    assert result.returncode != 0
    assert "cohorts/police-2027.yml:1:1: id: two files have the id 'police-2027': cohorts/police-2027.yaml and cohorts/police-2027.yml" in result.stderr
