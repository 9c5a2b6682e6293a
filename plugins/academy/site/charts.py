"""Altair chart builders: model in, Vega-Lite spec (a dict) out. Altair is imported only here,
and only when a chart is built, so loading the plugin stays cheap."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any, Callable

from academy.cachedir import code_fingerprint, read_cached, write_cached
from academy.model import Label

VEGA_LITE_VERSION = "6.4"  # matches Altair 6's schema; vl-convert bundles this version
SCHEME = "blues"  # sequential and safe for colour-blind readers; dark end passes contrast with white text


def _heatmap(rows: tuple[Label, ...], columns: tuple[Label, ...], *, title: str, description: str,
                 domain: tuple[int, int], legend_title: str, values: list[dict[str, Any]] | None = None,
                 data_name: str = "scores", links: bool = False) -> dict[str, Any]:
    """A grid of coloured cells with the number printed in each, so colour is never the only cue.

    Records have row, column, score (number or null) and label (the text shown in the cell);
    with `values=None` the data is a named dataset that the page fills in the browser.
    """
    import altair as alt

    data = alt.Data(values=values) if values is not None else alt.Data(name=data_name)
    column_order = [c.name for c in columns]
    row_order = [r.name for r in rows]
    x = alt.X("column:N", sort=column_order, title=None,
              axis=alt.Axis(orient="top", labelAngle=0, labelFontSize=12,
                            # long area names go on several lines instead of being cut off
                            labelExpr="length(datum.label) > 14 ? split(datum.label, ' ') : datum.label"))
    y = alt.Y("row:N", sort=row_order, title=None, axis=alt.Axis(labelFontSize=12, labelLimit=160))
    tooltip = [alt.Tooltip("row:N", title="Row"), alt.Tooltip("column:N", title="Column"),
               alt.Tooltip("label:N", title=legend_title)]
    base = alt.Chart(data).encode(x=x, y=y)
    empty = base.mark_rect(fill="#eeeeee", stroke="#767676", strokeWidth=1)
    filled = base.mark_rect(stroke="#767676", strokeWidth=1).encode(
        color=alt.Color("score:Q", title=legend_title,
                        scale=alt.Scale(scheme=SCHEME, domain=list(domain)),
                        legend=alt.Legend(orient="bottom", tickCount=min(domain[1] - domain[0], 10))),
        tooltip=tooltip,
        **({"href": alt.Href("href:N")} if links else {}),
    ).transform_filter("isValid(datum.score)")
    middle = (domain[0] + domain[1]) / 2
    text = base.mark_text(fontSize=16, fontWeight="bold").encode(
        text="label:N",
        color=alt.condition(f"isValid(datum.score) && datum.score > {middle}",
                            alt.value("#ffffff"), alt.value("#111111")),
        tooltip=tooltip,
        **({"href": alt.Href("href:N")} if links else {}),
    )
    chart = alt.layer(empty, filled, text).properties(
        title=title, description=description, width=alt.Step(112), height=alt.Step(44),
    ).configure(background="transparent").configure_view(stroke=None)
    return chart.to_dict(validate=False)


def heatmap_spec(rows: tuple[Label, ...], columns: tuple[Label, ...], *, cache_dir: Path | None = None,
                 **options: Any) -> dict[str, Any]:
    """A grid of coloured cells with its number printed in each; see _heatmap for the options."""
    return _cached(cache_dir, "heatmap", _heatmap, rows=rows, columns=columns, **options)


def timeline_spec(sessions: list[dict[str, Any]], title: str, description: str,
                  cache_dir: Path | None = None) -> dict[str, Any]:
    """Sessions as dots on a calendar axis; see _timeline."""
    return _cached(cache_dir, "timeline", _timeline, sessions=sessions, title=title, description=description)


def _cached(cache_dir: Path | None, kind: str, build: Callable[..., dict[str, Any]],
            **arguments: Any) -> dict[str, Any]:
    """A spec built by Altair once per distinct input and version of our code, then read from disk.

    Importing Altair and building a chart costs about half a second; a rebuild with
    unchanged data should not pay it again.
    """
    if cache_dir is None:
        return build(**arguments)
    from importlib.metadata import version

    key_source = json.dumps([kind, version("altair"), code_fingerprint(), arguments], sort_keys=True,
                            default=_plain)
    target = cache_dir / f"spec-{kind}-{hashlib.sha256(key_source.encode()).hexdigest()[:32]}.json"
    kept = _read_json(target)
    if isinstance(kept, dict):
        return kept
    spec = build(**arguments)
    write_cached(target, json.dumps(spec).encode())
    return spec


def _read_json(target: Path) -> Any:
    """A cached JSON file's value, or None when it is missing or damaged."""
    raw = read_cached(target)
    try:
        return json.loads(raw) if raw is not None else None
    except ValueError:  # also UnicodeDecodeError
        return None


def _plain(value: Any) -> Any:
    """JSON form of the dataclasses that chart inputs are made of."""
    return dataclasses.asdict(value) if dataclasses.is_dataclass(value) else str(value)


def svg(spec: dict[str, Any], cache_dir: Path | None = None) -> str:
    """A static SVG of a chart, shown when JavaScript is off.

    The first conversion in a process starts a JavaScript engine (~0.7 s), so results are
    kept on disk, keyed by the spec and the vl-convert and Vega-Lite versions.
    """
    import vl_convert

    target = None
    if cache_dir is not None:
        key = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:32]
        target = cache_dir / f"chart-{vl_convert.__version__}-{VEGA_LITE_VERSION}-{key}.svg"
        kept = _read_text(target)
        if kept is not None:
            return kept
    drawn = vl_convert.vegalite_to_svg(spec, vl_version=VEGA_LITE_VERSION)
    if target is not None:
        write_cached(target, drawn.encode())
    return drawn


def _read_text(target: Path) -> str | None:
    raw = read_cached(target)
    try:
        return raw.decode() if raw is not None else None
    except UnicodeDecodeError:
        return None


def vega_bundle(cache_dir: Path) -> str:
    """Vega, Vega-Lite and Vega-Embed as one script served from the site (no CDN).

    Building it takes ~2 s, so it is kept on disk, keyed by the vl-convert version.
    """
    import vl_convert

    target = cache_dir / f"bundle-{vl_convert.__version__}-{VEGA_LITE_VERSION}.js"
    kept = _read_text(target)
    if kept is not None:
        return kept
    bundle = _bundle()
    write_cached(target, bundle.encode())
    return bundle


@cache
def _bundle() -> str:
    import vl_convert

    return vl_convert.javascript_bundle(vl_version=VEGA_LITE_VERSION)


def _timeline(sessions: list[dict[str, Any]], title: str, description: str) -> dict[str, Any]:
    """Sessions as dots on a calendar axis, one row each, fundamentals and focus told apart by shape too."""
    import altair as alt

    order = [s["session"] for s in sessions]
    chart = alt.Chart(alt.Data(values=sessions)).mark_point(size=160, filled=True, opacity=1).encode(
        x=alt.X("date:T", title="Date", axis=alt.Axis(format="%d %b %Y", labelAngle=0, tickCount=6)),
        y=alt.Y("session:N", sort=order, title=None, axis=alt.Axis(labelLimit=320, labelFontSize=12)),
        color=alt.Color("part:N", title="Part", scale=alt.Scale(domain=["Fundamentals", "Focus"],
                                                                range=["#08519c", "#b35806"])),
        shape=alt.Shape("part:N", title="Part", scale=alt.Scale(domain=["Fundamentals", "Focus"],
                                                                range=["circle", "diamond"])),
        tooltip=[alt.Tooltip("session:N", title="Session"), alt.Tooltip("when:N", title="When")],
    ).properties(title=title, description=description, width=520, height=alt.Step(26))
    return chart.configure(background="transparent").to_dict(validate=False)
