"""A cohort's trainer guide: one printable HTML file, made on a trainer's own machine.

Trainer notes are never part of the public site. This file is the only place they are
rendered, and it is written outside the site (see `academy trainer-pack`), never deployed.
"""

from __future__ import annotations

from markupsafe import Markup

from academy.model import Cohort, Library
from academy.site.pages.common import environment, long_date
from academy.site.dialect import to_html
from academy.site.sanitize import sanitise


def _html(text: str) -> Markup:
    """Trainer notes are Markdown from the cohort file; cleaned like any contributor's text."""
    return Markup(sanitise(to_html(text)) if text.strip() else "")


def trainer_pack(cohort: Cohort, library: Library) -> str:
    """The whole guide as one self-contained HTML document (styles inline, nothing loaded)."""
    sessions = [{"session": s, "notes": _html(s.content.trainer_notes),
                 "patterns": [library.patterns[p].title for p in s.content.patterns if p in library.patterns]}
                for s in cohort.sessions]
    return environment().get_template("trainer-pack.html.j2").render(
        cohort=cohort, sessions=sessions, long_date=long_date)
