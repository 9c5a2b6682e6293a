"""Altair chart builders: model in, Vega spec (a dict) out.

Charts are written in Altair (Vega-Lite) and compiled to Vega here, at build time, so the
browser needs only the Vega runtime (js/vega-runtime.mjs), not the Vega-Lite compiler.
Altair and vl-convert are imported only when a chart is built, and then in a helper process
(chart_worker.py), so loading the plugin stays cheap and the build's own process stays small.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import textwrap
from importlib.metadata import version
from pathlib import Path
from typing import Any, Callable

from academy.cachedir import code_fingerprint, read_cached, write_cached
from academy.site import chart_worker
from academy.site.deferred import Deferred
from academy.model import Label

#: Part of every cache key: another vl-convert may draw differently (read without importing it).
VL_CONVERT_VERSION = version("vl-convert-python")

VEGA_LITE_VERSION = "6.4"  # matches Altair 6's schema; vl-convert bundles this version
SCHEME = "blues"  # sequential and safe for colour-blind readers; dark end passes contrast with white text

# Sizes that keep charts legible on a 375 px phone and on a desktop (assets/charts.js draws them at the
# width of the page; the static SVGs are drawn at both ends of that range).
LABEL_SIZE = 12
LINE_HEIGHT = 15  # of a label on several lines
CHAR_WIDTH = 7.5  # a generous average for 12 px labels and 13 px bold titles in the system sans-serif
NARROWEST = 280  # px: a chart is never drawn narrower (a 320 px phone still fits it)
CELL_WIDTH = 120  # px: the widest a heatmap cell is drawn
#: Key of the chart's bounds in a spec's `usermeta`, read when the spec is compiled (see _fit_width).
WIDTH_BOUNDS = "academyWidth"
#: Signal holding the chart's whole width on the page (see _fit_width).
AVAILABLE = "academy_width"
#: Signal holding the colour of text drawn on the page's background; assets/charts.js sets it for the dark palette.
INK = "academy_ink"


#: Diagonal stripes from a gradient with hard stops: Vega has no pattern fill.
HATCH: dict[str, Any] = {"gradient": "linear", "x1": 0, "y1": 0, "x2": 1, "y2": 1, "stops": [
    {"offset": i / 8 + edge, "color": "#c8c8c8" if i % 2 else "#ffffff"} for i in range(8) for edge in (0, 1 / 8)]}


def _heatmap(rows: tuple[Label, ...], columns: tuple[Label, ...], *, title: str, description: str,
                 domain: tuple[int, int], legend_title: str, values: list[dict[str, Any]] | None = None,
                 data_name: str = "scores", links: bool = False, scheme: str = SCHEME,
                 dark_cells: str = "") -> dict[str, Any]:
    """A grid of coloured cells with the number printed in each, so colour is never the only cue.

    Records have row, column, score (number or null), label (the text shown in the cell) and, for a
    cell left out to protect people, hidden: true;
    with `values=None` the data is a named dataset that the page fills in the browser.
    `dark_cells` is the Vega expression for cells dark enough to need white text (default: the upper half).
    The chart is as wide as the page (see `fill_width`); its column labels stand upright over wide
    columns and slant over narrow ones (see `_column_axis`).
    """
    import altair as alt

    data = alt.Data(values=values) if values is not None else alt.Data(name=data_name)
    row_order = [r.name for r in rows] or None  # no rows given: the order of the data
    x = alt.X("column:N", sort=[c.name for c in columns], title=None, axis=_column_axis(alt, columns))
    y = alt.Y("row:N", sort=row_order, title=None, axis=alt.Axis(labelFontSize=LABEL_SIZE, labelLimit=160))
    tooltip = [alt.Tooltip("row:N", title="Row"), alt.Tooltip("column:N", title="Column"),
               alt.Tooltip("label:N", title=legend_title)]
    base = alt.Chart(data).encode(x=x, y=y)
    empty = base.mark_rect(fill="#eeeeee", stroke="#767676", strokeWidth=1)
    # A cell left out to protect people (`hidden: true`) is hatched with a dashed edge, so it differs
    # from a cell with no data by more than colour; its label says "hidden".
    hidden = base.mark_rect(fill=HATCH, stroke="#444444", strokeWidth=1.5, strokeDash=[4, 3]).transform_filter(
        "datum.hidden === true")
    filled = base.mark_rect(stroke="#767676", strokeWidth=1).encode(
        color=alt.Color("score:Q", title=legend_title,
                        scale=alt.Scale(scheme=scheme, domain=list(domain)),  # type: ignore[arg-type]  # a named scheme
                        legend=alt.Legend(orient="bottom", tickCount=min(domain[1] - domain[0], 10))),
        tooltip=tooltip,
        **({"href": alt.Href("href:N")} if links else {}),
    ).transform_filter("isValid(datum.score)")
    dark = dark_cells or f"datum.score > {(domain[0] + domain[1]) / 2}"
    text = base.mark_text(fontWeight="bold").encode(
        text="label:N",
        # a word ("hidden") in a smaller size, so it fits a phone's narrow cells as a number does
        size=alt.condition("length(datum.label) > 4", alt.value(12), alt.value(16)),
        color=alt.condition(f"isValid(datum.score) && {dark}",
                            alt.value("#ffffff"), alt.value("#111111")),
        tooltip=tooltip,
        **({"href": alt.Href("href:N")} if links else {}),
    )
    chart = alt.layer(empty, hidden, filled, text).properties(
        title=_title(alt, title), description=description, width="container", height=alt.Step(44),
    ).configure(background="transparent").configure_view(stroke=None)
    return _fill_width(chart, widest=len(columns) * CELL_WIDTH + 160)


def _column_axis(alt: Any, columns: tuple[Label, ...]) -> Any:
    """Column names over the grid: upright and wrapped onto lines where the columns are wide enough
    for their longest line, otherwise on one line slanting up to the left, over the row names' corner,
    so that no label covers a cell or runs off the chart's right edge on a phone."""
    lines = {c.name: textwrap.wrap(c.name, COLUMN_LINE) for c in columns}
    longest = max((len(line) for wrapped in lines.values() for line in wrapped), default=1)
    upright = f"(bandwidth('x') >= {round(longest * CHAR_WIDTH) + 8})"
    wrapped = json.dumps({name: parts for name, parts in lines.items() if len(parts) > 1})
    return alt.Axis(orient="top", labelFontSize=LABEL_SIZE, labelLineHeight=LINE_HEIGHT, labelPadding=4,
                    labelLimit=200, labelAngle=alt.ExprRef(f"{upright} ? 0 : 45"),
                    labelAlign=alt.ExprRef(f"{upright} ? 'center' : 'right'"),
                    labelBaseline=alt.ExprRef(f"{upright} ? 'bottom' : 'middle'"),
                    labelExpr=f"{upright} ? ({wrapped}[datum.label] || datum.label) : datum.label")


COLUMN_LINE = 14  # characters on one line of an upright column name


def _title(alt: Any, text: str) -> Any:
    """The chart's title, on one line where it fits and wrapped onto several lines where it does not.

    It is measured against the chart's whole width (AVAILABLE), not the plot's `width`, which Vega
    narrows after laying out the axes: a title that changed then would be placed for the other one.
    """
    lines = textwrap.wrap(text, int((NARROWEST - 20) / CHAR_WIDTH))
    one_line = json.dumps(text)
    return alt.TitleParams(alt.ExprRef(f"{AVAILABLE} < {round(len(text) * CHAR_WIDTH)} ? {json.dumps(lines)} : {one_line}"),
                           anchor="start", frame="bounds", fontSize=13, lineHeight=17)


def _fill_width(chart: Any, *, widest: int) -> dict[str, Any]:
    """The chart's Vega-Lite spec, made as wide as its container on the page, from NARROWEST to `widest` px.

    Vega-Lite's `width: "container"` draws it 300 px wide where there is no container (a static SVG);
    _fit_width, run on the compiled spec, bounds it and draws the static SVG at `widest`.
    """
    spec: dict[str, Any] = chart.properties(width="container").to_dict(validate=False)
    spec.setdefault("usermeta", {})[WIDTH_BOUNDS] = {"narrowest": NARROWEST, "widest": widest}
    return spec


def heatmap_spec(rows: tuple[Label, ...], columns: tuple[Label, ...], *, cache_dir: Path | None = None,
                 **options: Any) -> Deferred[dict[str, Any]]:
    """A grid of coloured cells with its number printed in each; see _heatmap for the options."""
    return _cached(cache_dir, "heatmap", _heatmap, rows=rows, columns=columns, **options)


def drawn_heatmap(rows: tuple[Label, ...], columns: tuple[Label, ...], *, widths: tuple[int, ...],
                  cache_dir: Path | None = None, **options: Any) -> Drawn:
    """A heatmap (see heatmap_spec) and its static SVG drawn at each of `widths` px, for readers
    without JavaScript."""
    return _made(cache_dir, "heatmap", _heatmap, widths, dict(rows=rows, columns=columns, **options))


def timeline_spec(sessions: list[dict[str, Any]], title: str, description: str,
                  cache_dir: Path | None = None) -> Deferred[dict[str, Any]]:
    """Sessions as dots on a calendar axis; see _timeline."""
    return _cached(cache_dir, "timeline", _timeline, sessions=sessions, title=title, description=description)


@dataclasses.dataclass(frozen=True)
class Drawn:
    """A chart's spec and its static SVGs, by the width each is drawn at."""

    spec: Deferred[dict[str, Any]]
    drawings: dict[int, Deferred[str]]


def _cached(cache_dir: Path | None, kind: str, build: Callable[..., dict[str, Any]],
            **arguments: Any) -> Deferred[dict[str, Any]]:
    return _made(cache_dir, kind, build, (), arguments).spec


def _made(cache_dir: Path | None, kind: str, build: Callable[..., dict[str, Any]], widths: tuple[int, ...],
          arguments: dict[str, Any]) -> Drawn:
    """A spec built by Altair and compiled to Vega, with its SVGs at `widths`, made once per distinct
    input and version of our code, then read from disk.

    Importing Altair, starting vl-convert's engine and building a chart take seconds; a rebuild with
    unchanged data should not pay them again. What is not kept is asked of the helper process now,
    all in one request, and waited for only when a page is written (see deferred.py).
    """
    target = None
    if cache_dir is not None:
        key_source = json.dumps([kind, version("altair"), VL_CONVERT_VERSION, code_fingerprint(),
                                 arguments], sort_keys=True, default=_plain)
        target = cache_dir / f"spec-{kind}-{hashlib.sha256(key_source.encode()).hexdigest()[:32]}.json"
        kept = _read_json(target)
        if isinstance(kept, dict):
            spec = Deferred.made(kept)

            def drawing(width: int) -> Deferred[str]:
                return spec.then(lambda compiled: svg(drawn_at(compiled, width), cache_dir))
            return Drawn(spec, {width: drawing(width) for width in widths})
    made = Deferred(chart_worker.submit(_compiled_and_drawn, build, arguments, widths))

    def spec_kept(result: tuple[dict[str, Any], list[str]]) -> dict[str, Any]:
        if target is not None:
            write_cached(target, json.dumps(result[0]).encode())
        return result[0]

    def drawing_kept(number: int) -> Deferred[str]:
        def kept(result: tuple[dict[str, Any], list[str]]) -> str:
            image_target = _image_target(_image_of(drawn_at(result[0], widths[number])), cache_dir)
            if image_target is not None:
                write_cached(image_target, result[1][number].encode())
            return result[1][number]
        return made.then(kept)
    return Drawn(made.then(spec_kept), {width: drawing_kept(number) for number, width in enumerate(widths)})


def _compiled_and_drawn(build: Callable[..., dict[str, Any]], arguments: dict[str, Any],
                        widths: tuple[int, ...]) -> tuple[dict[str, Any], list[str]]:
    """Runs in the helper process: the compiled spec and its drawings, one request for all."""
    spec = _compiled(build, arguments)
    return spec, [_numbered_within(_drawn(_image_of(drawn_at(spec, width)))) for width in widths]


def _compiled(build: Callable[..., dict[str, Any]], arguments: dict[str, Any]) -> dict[str, Any]:
    """Runs in the helper process: the chart built by Altair, compiled to Vega."""
    return to_vega(build(**arguments))


def warm_up_if_cold(cache_dir: Path | None) -> None:
    """When no chart has been kept at all (a fresh clone, CI), every chart will be made: start the
    helper process now, so its imports and engine start while this process reads the data."""
    if cache_dir is None or not any(cache_dir.glob("spec-*.json")):
        chart_worker.start(_warm_up)


def _warm_up() -> None:
    """Runs in the helper process: Altair imported and vl-convert's JavaScript engine started."""
    import altair  # noqa: F401

    to_vega({"mark": "point", "data": {"values": []}})


def release() -> None:
    """The build is over: end the helper process, if charts started one."""
    chart_worker.release()


def _read_json(target: Path) -> Any:
    """A cached JSON file's value, or None when it is missing or damaged."""
    raw = read_cached(target)
    try:
        return json.loads(raw) if raw is not None else None
    except ValueError:  # also UnicodeDecodeError
        return None


def to_vega(spec: dict[str, Any]) -> dict[str, Any]:
    """A Vega-Lite spec compiled to the Vega spec the site's runtime draws."""
    import vl_convert

    vega: dict[str, Any] = vl_convert.vegalite_to_vega(spec, vl_version=VEGA_LITE_VERSION)
    _fit_width(vega)
    _lift_multiline_top_labels(vega)
    vega.setdefault("signals", []).insert(0, {"name": INK, "value": "#1f1f1f"})
    return vega


def _fit_width(vega: dict[str, Any]) -> None:
    """A chart made by _fill_width: as wide as its container, within its bounds, at every window size.

    A container not laid out yet (hidden, or measured before the page's styles) reads 0 wide:
    the chart is then drawn at its widest until the window is resized.
    """
    bounds = (vega.get("usermeta") or {}).get(WIDTH_BOUNDS)
    if not bounds:
        return
    size = (f"clamp(containerSize()[0] > 0 ? containerSize()[0] : {bounds['widest']}, "
            f"{bounds['narrowest']}, {bounds['widest']})")
    for signal in vega.get("signals", []):
        if signal.get("name") == "width":
            signal["init"] = size
            for handler in signal.get("on", []):
                handler["update"] = size
    vega.setdefault("signals", []).insert(0, {"name": AVAILABLE, "init": size, "on": [{"events": "window:resize", "update": size}]})


def drawn_at(spec: dict[str, Any], width: int) -> dict[str, Any]:
    """A compiled spec of a chart made by _fill_width, fixed at `width` px wide: what a page that wide
    shows, for a static SVG (vl-convert has no page to measure)."""
    fixed = json.loads(json.dumps(spec))
    for signal in fixed.get("signals", []):
        if signal.get("name") in ("width", AVAILABLE):
            signal["init"] = str(width)
            signal.pop("on", None)
    return fixed


#: Widths of the static SVGs: a 375 px phone's page, less its margins, and the narrowest desktop page.
PHONE_WIDTH = 340
DESKTOP_WIDTH = 680


def _lift_multiline_top_labels(vega: dict[str, Any]) -> None:
    """Labels of a top axis written on several lines end at the axis, as one-line labels do.

    Vega draws the first line at the label's baseline and the others below it, over the chart's
    top row; moving each label up by its extra lines (dy, which Vega-Lite cannot set) keeps it clear.
    """
    for axis in vega.get("axes", []):
        labels = axis.get("encode", {}).get("labels", {}).get("update", {})
        text = labels.get("text", {}).get("signal")
        if axis.get("orient") == "top" and text:
            labels["dy"] = {"signal": f"isArray({text}) ? -(length({text}) - 1) * {LINE_HEIGHT} : 0"}


def _plain(value: Any) -> Any:
    """JSON form of the dataclasses that chart inputs are made of."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return str(value)


def svg(spec: dict[str, Any], cache_dir: Path | None = None) -> str:
    """A static SVG of a chart, shown when JavaScript is off.

    The first conversion in a process starts a JavaScript engine (~0.7 s), so results are
    kept on disk, keyed by the spec and the vl-convert and Vega-Lite versions.
    """
    image = _image_of(spec)
    target = _image_target(image, cache_dir)
    kept = _read_text(target) if target is not None else None
    if kept is not None:
        return kept
    drawn = _numbered_within(chart_worker.run(_drawn, image))
    if target is not None:
        write_cached(target, drawn.encode())
    return drawn


def _image_of(spec: dict[str, Any]) -> dict[str, Any]:
    """An image cannot follow the page's palette: it carries its own light background for its dark ink."""
    return {**spec, "background": "#ffffff"}


def _image_target(image: dict[str, Any], cache_dir: Path | None) -> Path | None:
    if cache_dir is None:
        return None
    key = hashlib.sha256(json.dumps(image, sort_keys=True).encode()).hexdigest()[:32]
    return cache_dir / f"chart-{VL_CONVERT_VERSION}-{VEGA_LITE_VERSION}-{key}.svg"


def _drawn(spec: dict[str, Any]) -> str:
    """Runs in the helper process: the chart drawn as SVG."""
    import vl_convert

    return vl_convert.vega_to_svg(spec)


#: Ids Vega gives gradients and clip paths, and the references to them.
_DRAWING_ID = re.compile(r'(id="|url\(#)(gradient_|clip)(\d+)')


def _numbered_within(drawn: str) -> str:
    """The SVG with its gradient and clip-path ids numbered from 0 in this drawing.

    vl-convert counts them across the whole process, so the same chart drawn by a second build
    in one process (serve, tests) would come out different.
    """
    numbers: dict[str, str] = {}

    def renumber(match: re.Match[str]) -> str:
        old = match.group(2) + match.group(3)
        numbers.setdefault(old, f"{match.group(2)}{len(numbers)}")
        return match.group(1) + numbers[old]
    return _DRAWING_ID.sub(renumber, drawn)


def _read_text(target: Path) -> str | None:
    raw = read_cached(target)
    try:
        return raw.decode() if raw is not None else None
    except UnicodeDecodeError:
        return None


#: The Vega runtime, built from js/vega-runtime.mjs by `make` (esbuild, from npm packages).
RUNTIME_FILE = "vega-runtime.js"


def chart_runtime() -> bytes | None:
    """The script that draws the compiled charts in the browser, or None when it is not built."""
    from importlib import resources

    runtime = resources.files("academy.site").joinpath("assets", RUNTIME_FILE)
    return runtime.read_bytes() if runtime.is_file() else None


def _timeline(sessions: list[dict[str, Any]], title: str, description: str) -> dict[str, Any]:
    """Sessions as dots on a calendar axis, one row each, fundamentals and focus told apart by shape too.

    Each session's name is written across the top of its row, above its dot, rather than beside the
    axis: the names keep the chart's whole width, so they read whole on a phone too.
    """
    import altair as alt

    order = [s["session"] for s in sessions]
    parts = alt.Scale(domain=["Fundamentals", "Focus"], range=["#08519c", "#b35806"])
    base = alt.Chart(alt.Data(values=sessions)).encode(
        # a point scale: each row's middle, half a row from the plot's top and bottom
        y=alt.Y("session:N", sort=order, title=None, axis=None, scale=alt.Scale(type="point", padding=0.5)),
        tooltip=[alt.Tooltip("session:N", title="Session"), alt.Tooltip("when:N", title="When")])
    # The name along the top of its row, the dot below it.
    names = base.mark_text(align="left", baseline="top", fontSize=LABEL_SIZE, dy=4 - ROW / 2, color=alt.ExprRef(INK),
                           limit=alt.ExprRef("width")).encode(x=alt.value(0), text="session:N")
    dots = base.mark_point(size=140, filled=True, opacity=1, yOffset=ROW / 2 - 12).encode(
        # padding: the first and last dots drawn whole, inside the plot, not cut in half at its edges
        x=alt.X("date:T", title="Date", scale=alt.Scale(padding=12),
                axis=alt.Axis(format="%d %b %Y", labelAngle=0, labelFlush=True, labelOverlap=True,
                              tickCount=alt.ExprRef("max(2, floor(width / 110))"), grid=True)),
        color=alt.Color("part:N", title="Part", scale=parts, legend=alt.Legend(orient="bottom")),
        shape=alt.Shape("part:N", title="Part", scale=alt.Scale(domain=["Fundamentals", "Focus"],
                                                                range=["circle", "diamond"])))
    chart = alt.layer(names, dots).properties(title=_title(alt, title), description=description,
                                               height=alt.Step(ROW))
    return _fill_width(chart.configure(background="transparent").configure_view(stroke=None), widest=720)


ROW = 42  # px: a session's row in the timeline, its name over its dot


# --- Help Yourself tools: specs with named datasets that the tool pages fill in the browser -------

#: Relationship kinds on the map and the XY chart: colour and shape, so colour is never the only cue.
#: Each colour is dark enough for white numbers printed on it (contrast above 4.5:1).
KINDS = {"person": ("#1b5e9e", "circle"), "team": ("#9c4a00", "square"), "organisation": ("#5e3c99", "diamond")}


def _kind_encoding(alt: Any) -> dict[str, Any]:
    names = list(KINDS)
    return {"color": alt.Color("kind:N", title="Kind", scale=alt.Scale(domain=names, range=[c for c, _ in KINDS.values()]),
                               legend=alt.Legend(orient="bottom")),
            "shape": alt.Shape("kind:N", title="Kind", scale=alt.Scale(domain=names, range=[s for _, s in KINDS.values()]),
                               legend=alt.Legend(orient="bottom"))}


def relationship_map_spec(*, title: str, description: str, cache_dir: Path | None = None) -> Deferred[dict[str, Any]]:
    """"You" at the centre, each relationship placed nearer the stronger it is; see _relationship_map."""
    return _cached(cache_dir, "relationship-map", _relationship_map, title=title, description=description)


def _relationship_map(title: str, description: str) -> dict[str, Any]:
    """One named dataset, `map`, drawn in layers told apart by `part`: rings (lines), ring labels,
    "you" and the relationships (numbered marks; the table beside the chart is the key).

    The positions come from the page's placement rule (assets/tool-map.js), so it lives in one place.
    """
    import altair as alt

    base = alt.Chart(alt.Data(name="map")).encode(
        x=alt.X("x:Q", axis=None, scale=alt.Scale(domain=[-1.15, 1.15], nice=False)),
        y=alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[-1.15, 1.15], nice=False)))
    part = lambda name: f"datum.part === '{name}'"  # noqa: E731
    rings = base.mark_line(color="#8a8a8a", strokeDash=[3, 3], strokeWidth=1).encode(
        detail="ring:N", order="order:Q").transform_filter(part("ring"))
    ring_labels = base.mark_text(fontSize=11, color="#6b6b6b", dy=-7).encode(text="label:N").transform_filter(
        part("ring-label"))
    you = base.mark_text(fontSize=15, fontWeight="bold", color=alt.ExprRef(INK)).encode(text="label:N").transform_filter(part("you"))
    tooltip = [alt.Tooltip("number:N", title="No."), alt.Tooltip("label:N", title="Relationship"),
               alt.Tooltip("kind:N", title="Kind"), alt.Tooltip("overallLabel:N", title="Overall proximity")]
    marks = base.mark_point(size=360, filled=True, opacity=1, stroke="#ffffff", strokeWidth=1).encode(
        tooltip=tooltip, **_kind_encoding(alt)).transform_filter(part("relationship"))
    numbers = base.mark_text(fontSize=10, fontWeight="bold", color="#ffffff").encode(
        text="number:N", tooltip=tooltip).transform_filter(part("relationship"))
    chart = alt.layer(rings, ring_labels, you, marks, numbers).properties(
        title=title, description=description, width=460, height=460)
    return chart.configure(background="transparent").configure_view(stroke=None).to_dict(validate=False)


def scatter_spec(*, title: str, description: str, domain: tuple[float, float],
                 cache_dir: Path | None = None) -> Deferred[dict[str, Any]]:
    """Relationships as numbered marks on two measures; see _scatter."""
    return _cached(cache_dir, "scatter", _scatter, title=title, description=description, domain=domain)


def _scatter(title: str, description: str, domain: tuple[float, float]) -> dict[str, Any]:
    """Named dataset `points`: x, y (where to draw, ties already spread apart by the page), xValue,
    yValue (the true scores, for the tooltip), number, label, kind. The page sets the axis titles,
    because the learner chooses what the axes measure."""
    import altair as alt

    low, high = domain
    scale = alt.Scale(domain=[low - 0.4, high + 0.4], nice=False, zero=False)
    ticks = alt.Axis(values=list(range(int(low), int(high) + 1)), tickMinStep=1, grid=True, labelFontSize=12)
    tooltip = [alt.Tooltip("number:N", title="No."), alt.Tooltip("label:N", title="Relationship"),
               alt.Tooltip("xValue:Q", title="Across"), alt.Tooltip("yValue:Q", title="Up")]
    base = alt.Chart(alt.Data(name="points"))
    marks = base.mark_point(size=360, filled=True, opacity=1, stroke="#ffffff", strokeWidth=1).encode(
        tooltip=tooltip, **_kind_encoding(alt))
    numbers = base.mark_text(fontSize=10, fontWeight="bold", color="#ffffff").encode(text="number:N", tooltip=tooltip)
    chart = alt.layer(marks, numbers).encode(
        x=alt.X("x:Q", title="x", scale=scale, axis=ticks), y=alt.Y("y:Q", title="y", scale=scale, axis=ticks),
    ).properties(title=title, description=description, width=420, height=420)
    return chart.configure(background="transparent").to_dict(validate=False)


def journey_spec(step_names: tuple[str, ...], *, title: str, description: str,
                 cache_dir: Path | None = None) -> Deferred[dict[str, Any]]:
    """A partnership's check-ins as a line over time, one row per pathway step; see _journey."""
    return _cached(cache_dir, "journey", _journey, step_names=step_names, title=title, description=description)


def _journey(step_names: tuple[str, ...], title: str, description: str) -> dict[str, Any]:
    """Named dataset `checkins`: date (YYYY-MM-DD), step (1..n), stepName."""
    import altair as alt

    # Vega reads step numbers back as names on the axis: index 0 is unused, steps count from 1.
    names = json.dumps(["", *step_names])
    base = alt.Chart(alt.Data(name="checkins")).encode(
        x=alt.X("date:T", title="Check-in date", scale=alt.Scale(padding=18),  # the first and last points whole
                axis=alt.Axis(format="%b %Y", labelAngle=0, labelFlush=True, labelOverlap=True,
                              tickCount=alt.ExprRef("max(2, floor(width / 110))"))),
        y=alt.Y("step:Q", title=None, scale=alt.Scale(domain=[1, len(step_names)], nice=False, padding=12),
                axis=alt.Axis(values=list(range(1, len(step_names) + 1)), labelExpr=f"{names}[datum.value]",
                              labelLimit=220, labelFontSize=12, grid=True)),
        tooltip=[alt.Tooltip("date:T", title="Date", format="%d %b %Y"), alt.Tooltip("stepName:N", title="Step")])
    line = base.mark_line(color="#08519c", strokeWidth=2)
    points = base.mark_point(size=120, filled=True, opacity=1, color="#08519c")
    chart = alt.layer(line, points).properties(title=_title(alt, title), description=description, height=260)
    return _fill_width(chart.configure(background="transparent"), widest=680)
