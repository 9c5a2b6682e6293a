"""The library's coverage heatmap: how many patterns address each cell of the value matrix."""

from __future__ import annotations

import html
import re

from markupsafe import Markup

from academy.site import deferred
from academy.site.deferred import Deferred
from academy.site.charts import DESKTOP_WIDTH, PHONE_WIDTH, drawn_heatmap
from academy.site.facets import Facet, grouped
from academy.model import Library, cell_id
from academy.site.pages.common import GeneratedFile, SiteOptions, chart_figure, table_scroll

SVG_PATH = "library/value-matrix-coverage.svg"
PHONE_SVG_PATH = "library/value-matrix-coverage-phone.svg"


def svg_height(drawing: str) -> int | None:
    """The height in pixels an SVG drawing declares on its root element."""
    found = re.search(r'<svg[^>]*?\sheight="([0-9.]+)"', drawing)
    return round(float(found[1])) if found else None


def coverage(library: Library, facet: Facet, options: SiteOptions) -> tuple[Markup, list[GeneratedFile]]:
    """The chart, its static SVG and a linked table, as HTML for the value-matrix facet page."""
    matrix = library.frameworks.matrix
    counts = {option.id: len(patterns) for option, patterns in grouped(facet, library.patterns.values())}

    def link(cell: str) -> str:
        return f"#{facet.anchor(cell)}"  # each cell's list is on this very page

    values = [{"row": v.name, "column": a.name, "score": counts[cell_id(v.id, a.id)],
               "label": str(counts[cell_id(v.id, a.id)]), "href": link(cell_id(v.id, a.id))}
              for v in matrix.values for a in matrix.areas]
    top = max([1, *counts.values()])
    empty = [matrix.cell_name(c) for c in matrix.cells if counts[c] == 0]
    summary = (f"{len(matrix.cells) - len(empty)} of {len(matrix.cells)} cells have at least one pattern. "
               + (f"No pattern yet for: {', '.join(empty)}." if empty else "Every cell has a pattern."))
    # Drawn as SVG too, as the script draws it on a phone and on a wider screen, so labels read at their size.
    chart = drawn_heatmap(matrix.values, matrix.areas, widths=(DESKTOP_WIDTH, PHONE_WIDTH),
                          title="Patterns for each cell of the relational value matrix",
                          description="Heatmap of how many patterns in the library address each cell. " + summary,
                          domain=(0, top), legend_title="Patterns", values=values, links=True,
                          cache_dir=options.cache_dir)
    rows = "".join(
        f'<tr><th scope="row">{html.escape(v.name)}</th>'
        + "".join(f'<td><a href="{link(cell_id(v.id, a.id))}">{counts[cell_id(v.id, a.id)]}</a></td>'
                  for a in matrix.areas) + "</tr>"
        for v in matrix.values)
    fallback = (f'<noscript><picture><source media="(max-width: {PHONE_WIDTH + 60}px)" '
                f'srcset="{options.url(facet.page, PHONE_SVG_PATH)}">'
                f'<img src="{options.url(facet.page, SVG_PATH)}" '
                'alt="Coverage heatmap; the table below gives the same numbers."></picture></noscript>')
    drawings = {SVG_PATH: chart.drawings[DESKTOP_WIDTH], PHONE_SVG_PATH: chart.drawings[PHONE_WIDTH]}
    # Room for the taller of the two drawings: more room than the chart needs shifts nothing.
    height = Deferred(lambda: str(max((svg_height(d.value()) or 0) for d in drawings.values())))
    fragment = Markup(
        str(chart_figure(chart.spec, summary, fallback, height=height))
        + str(table_scroll("Patterns for each cell")) + '<table id="academy-coverage-table">'
        "<caption>Number of patterns for each value (rows) and area (columns); each number links to the list</caption>"
        '<thead><tr><th scope="col">Value</th>'
        + "".join(f'<th scope="col">{html.escape(a.name)}</th>' for a in matrix.areas)
        + f"</tr></thead><tbody>{rows}</tbody></table></div>\n"
    )
    return fragment, [GeneratedFile(path, deferred.text(drawing)) for path, drawing in drawings.items()]
