"""Cohort training: the list of cohorts, and per cohort an overview, session pages, handouts
and a calendar file. Trainer notes are never part of the public site (see trainer_pack.py)."""

from __future__ import annotations

import html
from collections import defaultdict
from datetime import date

from markupsafe import Markup

from academy.aggregate import THRESHOLD
from academy.site.charts import heatmap_spec, timeline_spec
from academy.site.ical import cohort_calendar
from academy.model import Cohort, Library, Pattern, ResultsRound, Session
from academy.site.pages.common import (
    GeneratedFile,
    GeneratedPage,
    SiteOptions,
    chart_figure,
    relative_md,
    render,
    slot,
    table_scroll,
)
from academy.site.pages.paths import (
    ALL_EVENTS_ICS,
    COHORTS_PATH,
    TEAM_RESULTS_PATH,
    handout_path,
    ics_path,
    overview_path,
    pattern_path,
    session_path,
)

KINDS = (("identity", "By identity"), ("interest", "By interest"), ("geography", "By place"))
KIND_LABELS = {"identity": "People who share an identity", "interest": "People who share an interest",
               "geography": "People who share a place"}


def sessions_teaching(library: Library) -> dict[str, list[tuple[Cohort, Session]]]:
    """For each pattern id, the cohort sessions that study it, in date order."""
    found: dict[str, list[tuple[Cohort, Session]]] = defaultdict(list)
    for cohort in sorted(library.cohorts.values(), key=lambda c: c.first_day):
        for session in cohort.sessions:
            for pattern_id in session.content.patterns:
                found[pattern_id].append((cohort, session))
    return found


def _upcoming_and_past(cohorts: list[Cohort], today: date) -> list[tuple[str, list[Cohort]]]:
    """Cohorts still to finish (soonest first), then finished ones (latest first); [] when there are none."""
    if not cohorts:
        return []
    return [("Upcoming and running", [c for c in cohorts if c.last_day >= today]),
            ("Past", [c for c in cohorts if c.last_day < today][::-1])]


def cohort_pages(library: Library, options: SiteOptions) -> tuple[list[GeneratedPage], list[GeneratedFile]]:
    helpers = dict(overview_path=overview_path, session_path=session_path, handout_path=handout_path,
                   pattern_path=pattern_path, all_events_ics=ALL_EVENTS_ICS, team_results_path=TEAM_RESULTS_PATH)
    cohorts = sorted(library.cohorts.values(), key=lambda c: (c.first_day, c.title))
    by_kind = {kind: _upcoming_and_past([c for c in cohorts if c.focus_kind == kind], options.today) for kind, _ in KINDS}
    fundamentals = {s.content.title: s.content for c in cohorts for s in c.sessions if s.fundamentals}
    pages = [GeneratedPage(COHORTS_PATH, render("cohorts.md.j2", COHORTS_PATH, options, kinds=KINDS,
                                              by_kind=by_kind, fundamentals=list(fundamentals.values()),
                                              **helpers), "Cohort training", in_nav=True)]
    files = []
    for cohort in cohorts:
        pages.extend(_cohort_pages(cohort, library, options, helpers))
        files.append(GeneratedFile(ics_path(cohort), cohort_calendar(cohort, options)))
    return pages, files


def _cohort_pages(cohort: Cohort, library: Library, options: SiteOptions, helpers: dict) -> list[GeneratedPage]:
    path = overview_path(cohort)
    timeline = timeline_spec(
        [{"session": f"{s.number}. {s.content.title}", "date": s.start.date().isoformat(),
          "when": f"{s.start:%d %b %Y %H:%M}", "part": "Fundamentals" if s.fundamentals else "Focus"}
         for s in cohort.sessions],
        title=f"Sessions of {cohort.title}",
        description=f"Timeline of the {len(cohort.sessions)} sessions from {cohort.first_day:%d %B %Y} "
                    f"to {cohort.last_day:%d %B %Y}; the schedule table gives the same dates.",
        cache_dir=options.cache_dir)
    slots: dict[str, str] = {
        "timeline": chart_figure(timeline, "The schedule as a timeline; the table above lists the same sessions.")}
    if cohort.results:
        slots["results"] = _results_html(cohort.results, library, options)
    # The team results page opens with this cohort chosen (cohort ids are slugs: nothing to escape).
    team_results = Markup(f"{relative_md(path, TEAM_RESULTS_PATH)}?cohort={cohort.id}")
    markdown = render("cohort.md.j2", path, options, cohort=cohort, kind_label=KIND_LABELS[cohort.focus_kind],
                      team_results=team_results,
                      ics_path=ics_path(cohort), timeline_slot=slot("timeline"),
                      results_slot=slot("results") if cohort.results else "", **helpers)
    pages = [GeneratedPage(path, markdown, cohort.title, source=cohort.file, slots=slots,
                           charts=True)]
    for session in cohort.sessions:
        patterns: list[Pattern] = [library.patterns[p] for p in session.content.patterns]
        for handout in (False, True):
            page_path = handout_path(cohort, session) if handout else session_path(cohort, session)
            text = render("session.md.j2", page_path, options, cohort=cohort, session=session,
                          patterns=patterns, handout=handout, **helpers)
            # Fundamentals sessions share their titles across cohorts; the page title names the cohort.
            title = f"{session.content.title}{': handout' if handout else ''} ({cohort.title})"
            described = f"Printable handout for session {session.number} of {cohort.title}" if handout else ""
            pages.append(GeneratedPage(page_path, text, title, source=cohort.file, description=described))
    return pages


def _results_html(rounds: tuple[ResultsRound, ...], library: Library, options: SiteOptions) -> str:
    """Each round as a heatmap of mean scores and a table; with two rounds, the change per cell."""
    matrix = library.frameworks.matrix
    instrument = matrix.instrument
    parts = [f'<p>Only aggregates are published. A cell answered by fewer than {THRESHOLD} people is '
             '<strong>hidden</strong> (hatched in the heatmap), and so is any figure that could reveal '
             'a few people, alone or against the other round.</p>']
    for result in rounds:
        values = [{"row": v.name, "column": a.name, "score": figures.mean if figures else None,
                   "hidden": figures is None, "label": f"{figures.mean:.1f}" if figures else "hidden"}
                  for v in matrix.values for a in matrix.areas
                  for figures in [result.cells.get(f"{v.id}/{a.id}")]]
        spec = heatmap_spec(matrix.values, matrix.areas, title=f"{result.name}: mean scores",
                            description=f"Heatmap of the cohort's mean scores, {result.name}, "
                                        f"{result.respondents} respondents.",
                            domain=(instrument.scale.min, instrument.scale.max), legend_title="Mean score",
                            values=values, cache_dir=options.cache_dir)
        parts.append(f"<h3>{html.escape(result.name)} ({result.respondents} respondents)</h3>")
        parts.append(chart_figure(spec, 'Mean score in each cell; hatched cells marked "hidden" are left out. '
                                        "The table gives the same figures."))
        parts.append(_table(matrix, lambda cell, r=result: f"{r.cells[cell].mean:.1f} (n={r.cells[cell].n})"
                            if cell in r.cells else "hidden", f'Mean scores, {result.name} ("hidden": left out)'))
    if len(rounds) == 2:
        first, second = rounds

        def change(cell: str) -> str:
            if cell not in first.cells or cell not in second.cells:
                return "hidden"
            return f"{second.cells[cell].mean - first.cells[cell].mean:+.1f}"
        parts.append(f"<h3>Change from {html.escape(first.name)} to {html.escape(second.name)}</h3>")
        parts.append(_table(matrix, change, 'Change in mean score per cell (positive is stronger; "hidden": '
                                            "left out in either round)"))
    return "\n".join(parts)


def _table(matrix, figure, caption: str) -> str:
    head = "".join(f'<th scope="col">{html.escape(a.name)}</th>' for a in matrix.areas)
    body = "".join(f'<tr><th scope="row">{html.escape(v.name)}</th>'
                   + "".join(f"<td>{figure(f'{v.id}/{a.id}')}</td>" for a in matrix.areas) + "</tr>"
                   for v in matrix.values)
    return (f'{table_scroll(caption)}<table><caption>{html.escape(caption)}</caption>'
            f'<thead><tr><th scope="col">Value</th>{head}</tr></thead><tbody>{body}</tbody></table></div>')
