"""Plotly figures of corridor results, shared by the HTML report and the web dashboard.

Each function takes results (DataFrames, result objects) and returns a
:class:`plotly.graph_objects.Figure`; none computes a model. Units are named in axis titles.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from corridor.market import UNCONTROLLED, MarketResult

PALETTE: tuple[str, ...] = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#0d2a63",
    "#af0038",
    "#1ca071",
    "#fa0087",
    "#6c4516",
    "#862a16",
    "#fd8d3c",
)  # fmt: skip  (no greys: grey marks open links)
OPEN_COLOUR = "#9e9e9e"
"""Colour of links nobody controls (open to every coalition)."""


def styled_layout(fig: go.Figure, title: str, **extra: object) -> go.Figure:
    """The house style: white template, title top left, margins; ``extra`` layout keys."""
    fig.update_layout(
        title={"text": title, "x": 0.01},
        template="plotly_white",
        margin={"l": 60, "r": 20, "t": 60, "b": 50},
        **extra,
    )
    return fig


# Regional topology files shipped in report/assets at 1:50m, with the lon/lat box plotly.js
# gives each scope; anything else is drawn on the 1:110m world map.
GEO_SCOPES: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    "asia": ((22.0, 160.0), (-15.0, 55.0)),
    "europe": ((-30.0, 60.0), (30.0, 85.0)),
}


def geo_scope(lons: Sequence[float], lats: Sequence[float], pad_deg: float) -> tuple[str, int]:
    """The plotly geo scope and resolution (km scale 50 or 110) that shows these points."""
    for scope, ((lon0, lon1), (lat0, lat1)) in GEO_SCOPES.items():
        if (
            min(lons) - pad_deg >= lon0
            and max(lons) + pad_deg <= lon1
            and min(lats) - pad_deg >= lat0
            and max(lats) + pad_deg <= lat1
        ):
            return scope, 50
    return "world", 110


def topojson_names(fig: go.Figure) -> list[str]:
    """Names of the topology files (``world_110m`` ...) the figure's geo subplots draw."""
    names = []
    for key in fig.layout:
        if key.startswith("geo"):
            geo = fig.layout[key]
            name = f"{geo.scope or 'world'}_{geo.resolution or 110}m"
            if name not in names:
                names.append(name)
    return names


def great_circle(
    a: tuple[float, float], b: tuple[float, float], steps: int = 16
) -> list[tuple[float, float]]:
    """Points (lon, lat in degrees) along the great circle from ``a`` to ``b``, ends included.

    The path plotly.js draws between two points of a geo line.
    """
    ends = []
    for lon, lat in (a, b):
        lam, phi = math.radians(lon), math.radians(lat)
        ends.append((math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)))
    (x0, y0, z0), (x1, y1, z1) = ends
    angle = math.acos(max(-1.0, min(1.0, x0 * x1 + y0 * y1 + z0 * z1)))
    if angle < 1e-12 or math.pi - angle < 1e-12:  # same or antipodal points: no single arc
        return [a, b]
    points = []
    for k in range(steps + 1):
        t = k / steps
        w0, w1 = math.sin((1 - t) * angle), math.sin(t * angle)
        x, y, z = ((w0 * p + w1 * q) / math.sin(angle) for p, q in ((x0, x1), (y0, y1), (z0, z1)))
        points.append(
            (math.degrees(math.atan2(y, x)), math.degrees(math.asin(max(-1.0, min(1.0, z)))))
        )
    return points


def geo_layout(scope: str, resolution: int) -> dict[str, object]:
    """The house base map of a geo subplot: land, sea, borders and coasts, no lakes."""
    return {
        "scope": scope,
        "resolution": resolution,
        "showland": True,
        "landcolor": "#f2efe9",
        "showocean": True,
        "oceancolor": "#e6f0f7",
        "showcountries": True,
        "countrycolor": "#b8b8b8",
        "showcoastlines": True,
        "coastlinecolor": "#9a9a9a",
        "showlakes": False,
        "showframe": True,
    }


def welfare_split(result: MarketResult) -> go.Figure:
    """Bars of welfare by actor (USD m/yr); the title carries the total."""
    frame = result.actor_welfare
    colours = [OPEN_COLOUR if a == UNCONTROLLED else PALETTE[0] for a in frame["actor"]]
    fig = go.Figure(
        go.Bar(
            x=frame["actor"],
            y=frame["welfare_musd_per_yr"],
            marker_color=colours,
            text=[f"{v:,.0f}" for v in frame["welfare_musd_per_yr"]],
            textposition="outside",
            name="welfare",
        )
    )
    fig.update_yaxes(title="USD m/yr")
    return styled_layout(
        fig,
        f"Welfare split by actor (total {result.welfare_musd_per_yr:,.1f} USD m/yr)",
        height=400,
    )


def _gap(upper: float | None, lower: float | None) -> float:
    return 0.0 if upper is None or lower is None else max(upper - lower, 0.0)


def negotiation_forecasts(
    forecasts: Mapping[str, pd.DataFrame],
    issue_names: Mapping[str, str],
    status_quo: Mapping[str, float | None],
) -> go.Figure:
    """Grouped bars: each model's forecast (0–100) per issue, status quo as markers.

    ``forecasts`` maps model name to its ``forecast`` frame (columns issue, forecast and,
    from the forecast rule, status and forecast_low/high: drawn as error bars).
    """
    fig = go.Figure()
    issues = list(issue_names)
    labels = [issue_names[i] for i in issues]
    for k, (model, frame) in enumerate(forecasts.items()):
        rows = frame.set_index("issue")
        y = [_num(rows["forecast"].get(i)) for i in issues]
        bar: dict[str, Any] = {}
        if "status" in rows:  # the forecast rule: a cycle's range as error bars, status on hover
            low = [_num(rows["forecast_low"].get(i)) for i in issues]
            high = [_num(rows["forecast_high"].get(i)) for i in issues]
            bar["error_y"] = {
                "type": "data",
                "symmetric": False,
                "array": [_gap(h, v) for h, v in zip(high, y, strict=True)],
                "arrayminus": [_gap(v, lo) for v, lo in zip(y, low, strict=True)],
            }
            bar["hovertext"] = [str(rows["status"].get(i, "")) for i in issues]
        fig.add_trace(
            go.Bar(x=labels, y=y, name=model, marker_color=PALETTE[k % len(PALETTE)], **bar)
        )
    fig.add_trace(
        go.Scatter(
            x=labels,
            y=[_num(status_quo.get(i)) for i in issues],
            mode="markers",
            marker={"symbol": "line-ew-open", "size": 28, "line": {"width": 3}, "color": "black"},
            name="status quo",
        )
    )
    fig.update_yaxes(title="position (0–100)", range=[0, 105])
    return styled_layout(fig, "Negotiation forecasts by model", barmode="group", height=420)


def negotiation_rounds(model: str, trajectory: pd.DataFrame) -> go.Figure:
    """Forecast per round for each issue (round 0 is the starting point)."""
    fig = go.Figure()
    for k, (issue, rows) in enumerate(trajectory.groupby("issue", sort=False)):
        fig.add_trace(
            go.Scatter(
                x=rows["round"],
                y=rows["forecast"],
                mode="lines+markers",
                name=str(issue),
                line={"color": PALETTE[k % len(PALETTE)]},
            )
        )
    fig.update_xaxes(title="round", dtick=1)
    fig.update_yaxes(title="forecast (0–100)", range=[0, 100])
    return styled_layout(fig, f"Round history: {model}", height=360)


def value_bars(
    frame: pd.DataFrame,
    *,
    category: str,
    value: str,
    title: str,
    axis_title: str,
    group: str | None = None,
) -> go.Figure:
    """Generic bar chart of ``value`` by ``category`` (grouped by ``group`` if given)."""
    fig = go.Figure()
    groups: Sequence[tuple[object, pd.DataFrame]] = (
        list(frame.groupby(group, sort=False)) if group else [(value, frame)]
    )
    for k, (name, rows) in enumerate(groups):
        fig.add_trace(
            go.Bar(
                x=rows[category],
                y=rows[value],
                name=str(name),
                marker_color=PALETTE[k % len(PALETTE)],
            )
        )
    fig.update_yaxes(title=axis_title)
    return styled_layout(fig, title, barmode="group", height=400)


def tornado_bars(
    labels: Sequence[str],
    central: float,
    low: Sequence[float],
    high: Sequence[float],
    *,
    title: str,
    axis_title: str,
    names: tuple[str, str] = ("input at low", "input at high"),
    hover: str = "%{customdata:,.1f}",
    height: int = 380,
) -> go.Figure:
    """Classic tornado: per row (largest swing first) a bar from ``central`` to each end.

    ``low`` and ``high`` are the result with the row's input at each end of its range;
    ``hover`` formats the result (``customdata``), e.g. ``"NPV %{customdata:,.0f} USD m"``.
    """
    fig = go.Figure()
    for values, name, colour in ((low, names[0], PALETTE[0]), (high, names[1], PALETTE[1])):
        ends = pd.Series(list(values), dtype=float)[::-1]
        fig.add_trace(
            go.Bar(
                y=list(labels)[::-1],
                x=ends - central,
                base=central,
                orientation="h",
                name=name,
                marker_color=colour,
                customdata=ends,
                hovertemplate="%{y}<br>" + hover + "<extra>" + name + "</extra>",
            )
        )
    fig.add_vline(x=central, line_dash="dot", line_color="#555")
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(title=axis_title)
    return styled_layout(fig, title, height=height)


def _num(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]  # frame cells are numbers or None
    return None if math.isnan(number) else number


__all__ = [
    "GEO_SCOPES",
    "OPEN_COLOUR",
    "PALETTE",
    "geo_layout",
    "geo_scope",
    "great_circle",
    "negotiation_forecasts",
    "negotiation_rounds",
    "styled_layout",
    "topojson_names",
    "tornado_bars",
    "value_bars",
    "welfare_split",
]
