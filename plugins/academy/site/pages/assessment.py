"""Self-assessment pages: the statements as a form, and the data the browser needs to score them."""

from __future__ import annotations

from collections import defaultdict

from academy.site.charts import heatmap_spec
from academy.model import FrameworkInfo, Instrument, Label, Library, Pattern
from academy.site.pages.common import GeneratedPage, SiteOptions, render, script_json
from academy.site.pages.paths import FRAMEWORK_PAGES, assessment_path, pattern_path


def assessment_pages(library: Library, options: SiteOptions) -> list[GeneratedPage]:
    fw = library.frameworks
    pages = [_page(fw.matrix.instrument, fw.matrix.info, FRAMEWORK_PAGES["cell"], "Value",
                   _by_cell(library, lambda p: p.value_cells), options)]
    if fw.proximity.instrument:
        pages.append(_page(fw.proximity.instrument, fw.proximity.info, FRAMEWORK_PAGES["proximity"], "",
                           _by_cell(library, lambda p: p.proximity), options))
    return pages


def _by_cell(library: Library, cells_of) -> dict[str, list[Pattern]]:
    found: dict[str, list[Pattern]] = defaultdict(list)
    for pattern in library.sorted_patterns():
        for cell in cells_of(pattern):
            found[cell].append(pattern)
    return found


def cell_of(row: Label, column: Label, instrument: Instrument) -> str:
    return next(s.cell for s in instrument.statements if s.row == row.id and s.column == column.id)


def _page(instrument: Instrument, info: FrameworkInfo, framework_page: str, row_heading: str,
          patterns_by_cell: dict[str, list[Pattern]], options: SiteOptions) -> GeneratedPage:
    path = assessment_path(instrument)
    names = {x.id: x.name for x in (*instrument.rows, *instrument.columns)}
    single_row = len(instrument.rows) == 1
    cell_names = {s.cell: names[s.column] if single_row else f"{names[s.row]} × {names[s.column]}"
                  for s in instrument.statements}
    spec = heatmap_spec(instrument.rows, instrument.columns, title=instrument.title,
                        description=f"Heatmap of your scores for the {info.title.lower()}, "
                                    f"from {instrument.scale.min} to {instrument.scale.max}.",
                        domain=(instrument.scale.min, instrument.scale.max), legend_title="Score",
                        cache_dir=options.cache_dir)
    data = {
        "id": instrument.id, "version": instrument.version,
        "storageKey": f"academy:assessment:{instrument.id}:v{instrument.version}",
        "scale": {"min": instrument.scale.min, "max": instrument.scale.max},
        "cells": [{"cell": s.cell, "name": cell_names[s.cell], "rowName": names[s.row],
                   "columnName": names[s.column], "text": s.text} for s in instrument.statements],
        "patterns": {cell: [{"title": p.title, "summary": p.summary,
                             "url": options.url(path, pattern_path(p))}
                            for p in patterns]
                     for cell, patterns in sorted(patterns_by_cell.items())},
        "spec": spec,
    }
    by_row: dict[str, list] = defaultdict(list)
    for statement in instrument.statements:
        by_row[statement.row].append(statement)
    markdown = render("assessment.md.j2", path, options, instrument=instrument, framework=info,
                      framework_page=framework_page, by_row=by_row, cell_names=cell_names,
                      row_heading=row_heading, cell_of=lambda r, c: cell_of(r, c, instrument),
                      instrument_json=script_json(data))
    return GeneratedPage(path, markdown, instrument.title, source=info.file, charts=True, in_nav=True)
