"""The team results page: a trainer drops learners' answers files and gets the cohort's results file.

Everything happens in the browser (assets/team-results.js), by the rules of academy/aggregate.py,
which the page hands over as figures (threshold, size limit) and which the shared cases in
tests/fixtures/aggregate-cases.json hold both implementations to.
"""

from __future__ import annotations

from academy.aggregate import DONT_KNOW, MAX_FILE_BYTES, RESULTS_HEADER, THRESHOLD
from academy.model import Library, ResultsRound
from academy.site.charts import heatmap_spec
from academy.site.pages.assessment import cell_names
from academy.site.pages.common import GeneratedPage, SiteOptions, page_data, render
from academy.site.pages.paths import TEAM_RESULTS_PATH, overview_path


def round_data(result: ResultsRound) -> dict:
    return {"name": result.name, "respondents": result.respondents,
            "cells": {cell: {"n": c.n, "mean": c.mean, "bands": dict(c.bands)} for cell, c in result.cells.items()}}


def team_results_page(library: Library, options: SiteOptions) -> GeneratedPage:
    path = TEAM_RESULTS_PATH
    matrix = library.frameworks.matrix
    instrument = matrix.instrument
    names = {x.id: x.name for x in (*instrument.rows, *instrument.columns)}
    cohorts = sorted(library.cohorts.values(), key=lambda c: (c.first_day, c.title))
    spec = heatmap_spec(matrix.values, matrix.areas, title="The cohort's mean scores",
                        description="Heatmap of the cohort's mean score in each cell, as it would be published; "
                                    "hatched cells marked 'hidden' are left out.",
                        domain=(instrument.scale.min, instrument.scale.max), legend_title="Mean score",
                        cache_dir=options.cache_dir)
    data = {
        "threshold": THRESHOLD, "maxBytes": MAX_FILE_BYTES, "dontKnow": DONT_KNOW, "header": RESULTS_HEADER,
        "instrument": {"id": instrument.id, "version": instrument.version,
                       "scale": {"min": instrument.scale.min, "max": instrument.scale.max},
                       "cells": [{"cell": s.cell, "name": cell_names(instrument)[s.cell], "rowName": names[s.row],
                                  "columnName": names[s.column]} for s in instrument.statements]},
        "cohorts": [{"id": c.id, "title": c.title, "rounds": [round_data(r) for r in c.results]} for c in cohorts],
        "spec": spec,
    }
    markdown = render("team-results.md.j2", path, options, cohorts=cohorts, matrix=matrix, threshold=THRESHOLD,
                      overview_path=overview_path, data=page_data("team-results", data))
    return GeneratedPage(path, markdown, "Team results for trainers", charts=True,
                         description="For cohort trainers: turn learners' saved self-assessment answers into "
                                     "the cohort's published results, in your browser.")
