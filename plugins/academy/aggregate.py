"""Turn learners' exported answers into publishable aggregates, and check published aggregates.

Individual answers never enter the repository: only counts and means per cell, with
small numbers suppressed. A cell with fewer than THRESHOLD scores is left out. Within
a cell, the score bands (low / middle / high) add up to the published count, so when
one band is suppressed the next-smallest is suppressed too; otherwise the hidden one
could be worked out by subtraction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from academy.model import CellResult, Instrument, ResultsRound, Scale

THRESHOLD = 5
BANDS = ("low", "middle", "high")


def band_of(score: int, scale: Scale) -> str:
    middle = (scale.min + scale.max) / 2
    return "low" if score < middle else "high" if score > middle else "middle"


def suppress_bands(bands: Mapping[str, int], threshold: int = THRESHOLD) -> dict[str, int]:
    """The bands that can be published: none below the threshold, and never exactly one hidden."""
    shown = {name: count for name, count in bands.items() if count >= threshold}
    hidden = [name for name in bands if name not in shown]
    # One hidden band equals the total minus the others: hide the smallest shown band as well.
    # Keep going until the hidden bands together are not a small number either.
    while hidden and shown and (len(hidden) == 1 or sum(bands[h] for h in hidden) < threshold):
        smallest = min(shown, key=lambda name: (shown[name], BANDS.index(name)))
        hidden.append(smallest)
        del shown[smallest]
    return {name: shown[name] for name in BANDS if name in shown}


def aggregate_round(name: str, answer_sets: Iterable[Mapping[str, Any]], instrument: Instrument,
                    threshold: int = THRESHOLD) -> ResultsRound:
    """One round's publishable aggregates from the answers of several learners."""
    answer_sets = list(answer_sets)
    cells: dict[str, CellResult] = {}
    if len(answer_sets) >= threshold:
        for statement in instrument.statements:
            scores = [a[statement.cell] for a in answer_sets
                      if isinstance(a.get(statement.cell), int) and not isinstance(a.get(statement.cell), bool)
                      and instrument.scale.min <= a[statement.cell] <= instrument.scale.max]
            if len(scores) < threshold:
                continue
            counts = {band: 0 for band in BANDS}
            for score in scores:
                counts[band_of(score, instrument.scale)] += 1
            cells[statement.cell] = CellResult(len(scores), round(sum(scores) / len(scores), 2),
                                               suppress_bands(counts, threshold))
    return ResultsRound(name, len(answer_sets), cells)


def threshold_breaches(result: ResultsRound, threshold: int = THRESHOLD) -> list[tuple[str, str]]:
    """(where, what) for every published figure that could identify fewer than `threshold` people."""
    found: list[tuple[str, str]] = []
    if result.cells and result.respondents < threshold:
        found.append(("respondents", f"only {result.respondents} respondents; publish no cells "
                                     f"below {threshold}"))
    for cell, figures in result.cells.items():
        if figures.n < threshold:
            found.append((f"cells.{cell}.n", f"{figures.n} answers is below the threshold of {threshold}"))
        for band, count in figures.bands.items():
            if count < threshold:
                found.append((f"cells.{cell}.bands.{band}", f"{count} is below the threshold of {threshold}"))
        hidden = [b for b in BANDS if b not in figures.bands]
        if len(hidden) == 1 and figures.bands:
            found.append((f"cells.{cell}.bands", f"only '{hidden[0]}' is left out, so it can be worked "
                                                 "out by subtraction; leave out the next-smallest band too"))
    return found


def results_document(framework_id: str, version: int, rounds: Iterable[ResultsRound]) -> dict[str, Any]:
    """The YAML-ready form of a results file."""
    return {
        "framework": framework_id, "version": version,
        "rounds": [{"name": r.name, "respondents": r.respondents,
                    "cells": {cell: {"n": c.n, "mean": c.mean, **({"bands": dict(c.bands)} if c.bands else {})}
                              for cell, c in r.cells.items()}}
                   for r in rounds],
    }
