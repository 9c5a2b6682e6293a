"""A trainer publishes a cohort from one YAML file: pages, handouts, trainer guide, calendar."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date, datetime, timedelta, UTC
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import vobject
from academy.site.ical import CalendarEntry, calendar_file
from bs4 import BeautifulSoup
from conftest import REPO, Project, page_data
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
    id: handing-over
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


def _cohort_project(project: Project) -> Project:
    project.write("data/fundamentals.yml", FUNDAMENTALS)
    project.pattern("regular-check-ins", "Regular check-ins")
    project.pattern("hand-on-the-champion", "Hand on the champion role")
    project.write("cohorts/police-2027.yml", cohort_yaml())
    project.academy_options(today="2027-01-10")
    return project


@pytest.fixture
def cohort_project(project: Project) -> Project:
    return _cohort_project(project)


@pytest.fixture(scope="module")
def built_cohort(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The cohort project built once, for the tests that only read what was built."""
    project = _cohort_project(Project.create(tmp_path_factory.mktemp("cohort")))
    project.built()
    return project


def test_overview_schedule_and_timeline(built_cohort: Project) -> None:
    cohort_project = built_cohort
    page = cohort_project.page("cohorts/police-2027")
    assert page.h1.get_text(strip=True) == "Relational policing"
    rows = [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in page.select("article table tbody tr")][:4]
    assert [r[1] for r in rows] == ["Why relationships matter", "Working with, not to or for",
                                    "Policing with the community", "Handing over well"]
    assert rows[0][2:5] == ["Fundamentals", "2 February 2027", "18:30 to 20:30"]
    assert rows[2][2] == "Focus"
    spec = page_data(page.select_one(".academy-chart"), "chart")
    values = next(d["values"] for d in spec["data"] if "values" in d)  # a Vega spec, compiled at build time
    assert [v["session"] for v in values][0] == "1. Why relationships matter"
    assert page.select_one("article em").get_text() == "officers"


def test_session_pages_and_handouts(built_cohort: Project) -> None:
    cohort_project = built_cohort
    session = cohort_project.page("cohorts/police-2027/session-3")  # no id given: known by its number
    assert [a.get_text() for a in session.select("h2#patterns-to-study + ul a")] == [
        "Regular check-ins", "Hand on the champion role"]
    assert session.find("a", string="Printable handout for this session")
    handout = cohort_project.page("cohorts/police-2027/session-3/handout")
    assert "Who knows this street best?" in handout.get_text()
    assert cohort_project.page("cohorts/police-2027/handing-over").h1.get_text() == "Handing over well"
    assert cohort_project.page("cohorts/police-2027/why-relationships-matter").h1.get_text() == "Why relationships matter"


TRAINER_NOTES = ("TRAINER-ONLY-NOTE", "FUNDAMENTALS-SECRET")


def test_trainer_notes_are_nowhere_in_the_public_site_and_only_in_the_trainer_pack(built_cohort: Project) -> None:
    cohort_project, site = built_cohort, built_cohort.root / "site"
    files = [path for path in site.rglob("*") if path.is_file()]
    assert {"search/search_index.json", "sitemap.xml", "academy.ics"} <= {p.relative_to(site).as_posix() for p in files}
    for path in files:  # every page, the search index, the sitemap, calendars, chart specs
        data = path.read_bytes()
        for note in TRAINER_NOTES:
            assert note.encode() not in data, f"{note} in {path.relative_to(site)}"
        assert b"trainer.html" not in data and b"/trainer/" not in data, path
    assert "rainer's guide" not in cohort_project.page("cohorts/police-2027").get_text()

    result = run_academy(cohort_project, "trainer-pack", "police-2027")
    assert result.returncode == 0, result.stderr
    pack = cohort_project.root / "trainer-packs/police-2027.html"
    guide = BeautifulSoup(pack.read_text(encoding="utf-8"), "html.parser")
    assert guide.select_one('meta[name="robots"]')["content"] == "noindex, nofollow"
    sections = {s.h2.get_text(): s.get_text() for s in guide.select("section")}
    assert "TRAINER-ONLY-NOTE bring the ward map." in sections["3. Policing with the community"]
    assert "FUNDAMENTALS-SECRET" in sections["1. Why relationships matter"]
    assert "No trainer notes for this session." in sections["4. Handing over well"]
    missing = run_academy(cohort_project, "trainer-pack", "police-2072")
    assert missing.returncode == 1 and "did you mean 'police-2027'" in missing.stderr
    assert "Traceback" not in missing.stderr


def run_academy(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "academy.cli", *args], cwd=project.root,
                          capture_output=True, text=True, timeout=120)


# --- calendars, as three independent parsers read them --------------------------------------------

SUMMER_SESSION = """\
  - title: Looking back on the spring
    id: spring-review
    date: 2027-04-06
    start: "18:30"
    duration: 60
    objectives: [Review the term.]
"""

EVENTS = """\
events:
  - id: summer-open-day
    kind: open-day
    title: Summer open day
    date: 2027-06-10
    start: "10:00"
    duration: 120
    timezone: Europe/London
    venue: Online
    description: Meet the team.
  - id: new-york-drop-in
    kind: drop-in
    title: Drop-in for the Americas
    date: 2027-11-10
    start: "09:00"
    duration: 60
    timezone: America/New_York
    venue: Online
    description: Bring a question.
"""

#: What the YAML above says, worked out by hand: UK winter is UTC+0, summer (from 28 March 2027) UTC+1;
#: New York is UTC-5 in November.
EXPECTED_UTC = {
    "police-2027.why-relationships-matter": ("2027-02-02T18:30", "2027-02-02T20:30"),
    "police-2027.working-with": ("2027-02-16T18:30", "2027-02-16T20:00"),
    "police-2027.session-3": ("2027-03-02T18:30", "2027-03-02T20:00"),
    "police-2027.handing-over": ("2027-03-16T18:30", "2027-03-16T20:00"),
    "police-2027.spring-review": ("2027-04-06T17:30", "2027-04-06T18:30"),
    "summer-open-day": ("2027-06-10T09:00", "2027-06-10T11:00"),
    "new-york-drop-in": ("2027-11-10T14:00", "2027-11-10T15:00"),
}
SITE_URL = "https://academy.example.org/"


def read_with_icalendar(path: Path) -> list[dict[str, str]]:
    calendar = Calendar.from_ical(path.read_bytes())
    return [{"uid": str(e["uid"]), "summary": str(e["summary"]), "url": str(e.get("url", "")),
             "description": str(e["description"]), "start": _utc(e.decoded("dtstart")),
             "end": _utc(e.decoded("dtend"))} for e in calendar.walk("VEVENT")]


def read_with_vobject(path: Path) -> list[dict[str, str]]:
    calendar = vobject.readOne(path.read_text(encoding="utf-8"))
    return [{"uid": e.uid.value, "summary": e.summary.value, "url": e.url.value if hasattr(e, "url") else "",
             "description": e.description.value, "start": _utc(e.dtstart.value), "end": _utc(e.dtend.value)}
            for e in calendar.vevent_list]


def read_with_icaljs(paths: list[Path]) -> dict[Path, list[dict[str, str]]]:
    """ical.js (Thunderbird's parser) in Node, installed by `npm ci` from package-lock.json."""
    if shutil.which("node") is None or not (REPO / "node_modules/ical.js").is_dir():
        message = "node and ical.js are needed (make test runs npm ci)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    result = subprocess.run(["node", str(REPO / "tests/js/ical_read.mjs"), *map(str, paths)],
                            capture_output=True, text=True, timeout=60, check=True)
    return {Path(file): [{**e, "start": e["start"][:16], "end": e["end"][:16]} for e in events]
            for file, events in json.loads(result.stdout).items()}


def _utc(moment: datetime) -> str:
    assert moment.tzinfo is not None, "a floating time: each app would guess its zone"
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")


def read_everywhere(paths: list[Path]) -> dict[str, dict[Path, list[dict[str, str]]]]:
    return {"icalendar": {p: read_with_icalendar(p) for p in paths},
            "vobject": {p: read_with_vobject(p) for p in paths}, "ical.js": read_with_icaljs(paths)}


@pytest.fixture(scope="module")
def calendar_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cohort_project = _cohort_project(Project.create(tmp_path_factory.mktemp("calendars")))
    cohort_project.write("cohorts/police-2027.yml", cohort_yaml(SESSIONS + SUMMER_SESSION))
    cohort_project.write("data/events.yml", EVENTS)
    config = cohort_project.root / "mkdocs.yml"
    config.write_text(f"site_url: {SITE_URL}\n" + config.read_text())
    return cohort_project.built()


def test_calendars_read_alike_in_three_parsers_winter_and_summer(calendar_site: Path) -> None:
    cohort_file = calendar_site / "cohorts/police-2027/police-2027.ics"
    event_files = [calendar_site / f"help-yourself/events/{e}.ics" for e in ("summer-open-day", "new-york-drop-in")]
    feed = calendar_site / "academy.ics"
    for parser, files in read_everywhere([cohort_file, *event_files, feed]).items():
        cohort_events = files[cohort_file]
        assert {e["uid"].removesuffix("@relationships-academy"): (e["start"], e["end"]) for e in cohort_events} == {
            uid: times for uid, times in EXPECTED_UTC.items() if uid.startswith("police")}, parser
        assert [files[f][0]["uid"] for f in event_files] == [
            "summer-open-day@relationships-academy", "new-york-drop-in@relationships-academy"], parser
        for file in event_files:
            uid = files[file][0]["uid"].removesuffix("@relationships-academy")
            assert (files[file][0]["start"], files[file][0]["end"]) == EXPECTED_UTC[uid], (parser, uid)
        everything = {e["uid"].removesuffix("@relationships-academy"): (e["start"], e["end"]) for e in files[feed]}
        assert everything == EXPECTED_UTC, parser  # one feed: every session of every cohort, every event
        urls = {e["uid"]: e["url"] for e in files[feed]}
        assert urls["police-2027.handing-over@relationships-academy"] == f"{SITE_URL}cohorts/police-2027/handing-over/"
        assert urls["summer-open-day@relationships-academy"] == f"{SITE_URL}help-yourself/events/#summer-open-day"
        summaries = [e["summary"] for e in cohort_events]
        assert summaries[2] == "Relational policing: Policing with the community", parser
    for page in ("cohorts/police-2027/handing-over/index.html", "help-yourself/events/index.html"):
        assert (calendar_site / page).exists()  # each event's URL is a page that exists


def test_calendar_times_stay_in_the_cohort_time_zone_with_one_rdate_per_line(calendar_site: Path) -> None:
    text = (calendar_site / "cohorts/police-2027/police-2027.ics").read_text()
    calendar = Calendar.from_ical(text)
    start = calendar.walk("VEVENT")[2].decoded("dtstart")
    assert str(start.tzinfo) == "Europe/London" and start.replace(tzinfo=None) == datetime(2027, 3, 2, 18, 30)
    assert [z["tzid"] for z in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    rdates = [line for line in text.splitlines() if line.startswith("RDATE")]
    assert rdates and all("," not in line for line in rdates)  # a list in one RDATE: the first value only, in ical.js


def test_renaming_a_session_keeps_its_address_and_calendar_entry(cohort_project: Project) -> None:
    site = cohort_project.built()
    before = {e["uid"]: e["url"] for e in read_with_icalendar(site / "cohorts/police-2027/police-2027.ics")}
    cohort_project.write("cohorts/police-2027.yml", cohort_yaml(
        SESSIONS.replace("Handing over well", "Handing over with care")
                .replace("Policing with the community", "Policing alongside the community")))
    site = cohort_project.built()
    after = read_with_icalendar(site / "cohorts/police-2027/police-2027.ics")
    assert {e["uid"]: e["url"] for e in after} == before
    assert cohort_project.page("cohorts/police-2027/handing-over").h1.get_text() == "Handing over with care"
    assert cohort_project.page("cohorts/police-2027/session-3").h1.get_text() == "Policing alongside the community"


INJECTED = "Week one\r\nEND:VEVENT\nBEGIN:VEVENT\rUID:evil\u2028END:VCALENDAR\x0bX"


def test_line_breaks_in_text_never_add_events_or_break_a_calendar(tmp_path: Path) -> None:
    start = datetime(2027, 1, 12, 18, 30, tzinfo=ZoneInfo("Europe/London"))
    entry = CalendarEntry(uid="a@relationships-academy", start=start, end=start + timedelta(hours=1),
                          summary=INJECTED, location=INJECTED, description=INJECTED, url="https://example.org/a/")
    path = tmp_path / "injected.ics"
    path.write_bytes(calendar_file(INJECTED, [entry], date(2026, 11, 1)))
    for parser, files in read_everywhere([path]).items():
        (event,) = files[path]
        assert event["uid"] == "a@relationships-academy", parser
        assert event["summary"] == "Week one END:VEVENT BEGIN:VEVENT UID:evil END:VCALENDAR X", parser
        assert event["description"].startswith("Week one\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil\nEND:VCALENDAR\nX"), parser
        assert (event["start"], event["end"]) == ("2027-01-12T18:30", "2027-01-12T19:30"), parser


def test_new_files_get_readable_ascii_names(cohort_project: Project) -> None:
    result = run_academy(cohort_project, "new", "cohort", "Café conversations in Ærø")
    assert result.returncode == 0, result.stderr
    assert (cohort_project.root / "cohorts/cafe-conversations-in-aero.yml").exists()
    nothing = run_academy(cohort_project, "new", "cohort", "!!!")
    assert nothing.returncode == 1 and "Traceback" not in nothing.stderr


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
    upcoming, past = interest.find_all_next("ul", limit=2)
    assert (upcoming["data-academy-list"], past["data-academy-list"]) == ("upcoming", "past")
    assert [li.get_text() for li in upcoming.select("li:not([hidden])")] == ["None just now."]
    assert "Health equity" in past.li.get_text() and "academy-past" in past.li["class"]
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
                       "cohorts/bad.yml:18:12: sessions[0].start: '6pm' is not a time written as 24-hour HH:MM, e.g. \"18:30\""),
    "session with no title": (cohort_yaml(SESSIONS.replace("  - title: Handing over well\n", "  - date: 2027-03-16\n").replace("    date: 2027-03-16\n    start", "    start", 1)),
                              "cohorts/bad.yml:26:5: sessions[1].title: required field is missing"),
    "time the clocks skip": (cohort_yaml(SESSIONS.replace('2027-03-16\n    start: "18:30"', '2027-03-28\n    start: "01:30"')),
                             "cohorts/bad.yml:28:12: sessions[1].start: 01:30 on 28 March 2027 does not exist in Europe/London: "
                             "the clocks go forward that night and skip it"),
    "time the clocks repeat": (cohort_yaml(SESSIONS.replace('2027-03-16\n    start: "18:30"', '2027-10-31\n    start: "01:30"')),
                               "cohorts/bad.yml:28:12: sessions[1].start: 01:30 on 31 October 2027 happens twice in Europe/London: "
                               "the clocks go back that night"),
    "two sessions with one id": (cohort_yaml(SESSIONS.replace("id: handing-over", "id: session-3")),
                                 "cohorts/bad.yml:31:9: sessions[1].id: the id 'session-3' is used twice: it is already the id at cohorts/bad.yml:16; "
                                 "give this one its own `id`"),
    "session id not a slug": (cohort_yaml(SESSIONS.replace("id: handing-over", "id: Café")),
                              "cohorts/bad.yml:31:9: sessions[1].id: 'Café'"),
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
    assert ("cohorts/police-2027.yml:1:1: id: the id 'police-2027' is used twice: it is already the id at "
            "cohorts/police-2027.yaml:1; rename one of the files") in result.stderr


def test_event_at_a_time_the_clocks_skip_is_refused(cohort_project: Project) -> None:
    cohort_project.write("data/events.yml", EVENTS.replace("2027-06-10", "2027-03-28").replace('"10:00"', '"01:15"'))
    result = cohort_project.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert ("data/events.yml:6:12: events[0].start: 01:15 on 28 March 2027 does not exist in Europe/London"
            in result.stderr), result.stderr
