"""Where each generated page lives (docs-relative .md paths), in one place so pages can link to each other."""

from __future__ import annotations

from academy.model import AcademyEvent, Cohort, Instrument, Pattern, Session

LIBRARY_PATH = "patterns/index.md"
COHORTS_PATH = "cohorts/index.md"
#: For trainers: a cohort's results from learners' answers files, computed in the browser.
TEAM_RESULTS_PATH = "cohorts/team-results.md"
FRAMEWORK_PAGES = {"proximity": "frameworks/relational-proximity.md",
                   "cell": "frameworks/relational-value-matrix.md",
                   "step": "frameworks/measured-pathway.md"}


def pattern_path(pattern: Pattern) -> str:
    return f"patterns/{pattern.id}.md"


def assessment_path(instrument: Instrument) -> str:
    return f"assessment/{instrument.id}.md"


def overview_path(cohort: Cohort) -> str:
    return f"cohorts/{cohort.id}/index.md"


def session_path(cohort: Cohort, session: Session) -> str:
    return f"cohorts/{cohort.id}/{session.id}/index.md"


def handout_path(cohort: Cohort, session: Session) -> str:
    return f"cohorts/{cohort.id}/{session.id}/handout.md"


def ics_path(cohort: Cohort) -> str:
    return f"cohorts/{cohort.id}/{cohort.id}.ics"


#: Every cohort session and every event in one calendar feed.
ALL_EVENTS_ICS = "academy.ics"
EVENTS_PATH = "help-yourself/events.md"


def event_ics_path(event: AcademyEvent) -> str:
    return f"help-yourself/events/{event.id}.ics"

#: The Help Yourself tools (pages/tools.py), by the key their scripts and templates use.
TOOL_PAGES = {"change": "help-yourself/what-changed.md",
              "map": "help-yourself/relationship-map.md",
              "pathway": "help-yourself/pathway-check.md"}
#: The form that writes a new pattern file and opens it on GitHub (pages/propose.py).
PROPOSE_PATH = "library/propose.md"
