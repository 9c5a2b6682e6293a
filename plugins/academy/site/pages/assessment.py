"""Self-assessment pages: the statements as a form, and the data the browser needs to score them."""

from __future__ import annotations

from collections import defaultdict
from typing import Callable

from academy.site.charts import heatmap_spec
from academy.model import FrameworkInfo, Instrument, Label, Library, Pattern
from academy.site.pages.common import GeneratedPage, SiteOptions, page_data, render
from academy.site.pages.paths import FRAMEWORK_PAGES, assessment_path, pattern_path


def assessment_pages(library: Library, options: SiteOptions) -> list[GeneratedPage]:
    fw = library.frameworks
    pages = [_page(fw.matrix.instrument, fw.matrix.info, FRAMEWORK_PAGES["cell"], "Value",
                   patterns_by(library, lambda p: p.value_cells), options)]
    if fw.proximity.instrument:
        pages.append(_page(fw.proximity.instrument, fw.proximity.info, FRAMEWORK_PAGES["proximity"], "Relationship",
                           patterns_by(library, lambda p: p.proximity), options))
    return pages


def patterns_by(library: Library, cells_of: Callable[[Pattern], tuple[str, ...]]) -> dict[str, list[Pattern]]:
    """Patterns grouped by each framework part (cell, domain, step) they are tagged with, in title order."""
    found: dict[str, list[Pattern]] = defaultdict(list)
    for pattern in library.sorted_patterns():
        for cell in cells_of(pattern):
            found[cell].append(pattern)
    return found


def cell_of(row: Label, column: Label, instrument: Instrument) -> str:
    return next(s.cell for s in instrument.statements if s.row == row.id and s.column == column.id)


def cell_names(instrument: Instrument) -> dict[str, str]:
    """What each cell is called: its column alone on a one-row grid, else "Row × Column"."""
    names = {x.id: x.name for x in (*instrument.rows, *instrument.columns)}
    single_row = len(instrument.rows) == 1
    return {s.cell: names[s.column] if single_row else f"{names[s.row]} × {names[s.column]}"
            for s in instrument.statements}


def patterns_data(page_path: str, patterns_by_key: dict[str, list[Pattern]], options: SiteOptions) -> dict:
    """Patterns for scripts to recommend, keyed by the framework part they are tagged with."""
    return {key: [{"title": p.title, "summary": p.summary,
                   "url": options.url(page_path, pattern_path(p))} for p in patterns]
            for key, patterns in sorted(patterns_by_key.items())}


def instrument_data(instrument: Instrument, page_path: str, patterns_by_cell: dict[str, list[Pattern]],
                    options: SiteOptions) -> dict:
    """What scripts need to read, check and score a learner's answers (also used by the Help Yourself tools)."""
    names = {x.id: x.name for x in (*instrument.rows, *instrument.columns)}
    named = cell_names(instrument)
    return {
        "id": instrument.id, "version": instrument.version, "title": instrument.title,
        "storageKey": f"academy:assessment:{instrument.id}:v{instrument.version}",
        "scale": {"min": instrument.scale.min, "max": instrument.scale.max},
        "cells": [{"cell": s.cell, "name": named[s.cell], "rowName": names[s.row],
                   "columnName": names[s.column], "text": s.text} for s in instrument.statements],
        "patterns": patterns_data(page_path, patterns_by_cell, options),
    }


def _page(instrument: Instrument, info: FrameworkInfo, framework_page: str, row_heading: str,
          patterns_by_cell: dict[str, list[Pattern]], options: SiteOptions) -> GeneratedPage:
    path = assessment_path(instrument)
    spec = heatmap_spec(instrument.rows, instrument.columns, title=instrument.title,
                        description=f"Heatmap of your scores for the {info.title.lower()}, "
                                    f"from {instrument.scale.min} to {instrument.scale.max}.",
                        domain=(instrument.scale.min, instrument.scale.max), legend_title="Score",
                        cache_dir=options.cache_dir)
    data = {**instrument_data(instrument, path, patterns_by_cell, options), "spec": spec}
    by_row: dict[str, list] = defaultdict(list)
    for statement in instrument.statements:
        by_row[statement.row].append(statement)
    markdown = render("assessment.md.j2", path, options, instrument=instrument, framework=info,
                      framework_page=framework_page, by_row=by_row, cell_names=cell_names(instrument),
                      row_heading=row_heading, cell_of=lambda r, c: cell_of(r, c, instrument),
                      instrument_data=page_data("instrument", data))
    return GeneratedPage(path, markdown, instrument.title, source=info.file, charts=True, in_nav=True)
