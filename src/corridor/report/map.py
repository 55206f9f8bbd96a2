"""The network map shared by the report and the dashboard.

Links run along their routes (:func:`corridor.scenario.geography.route_lat_lon`): plotly.js
draws a great circle only between consecutive points, so a route with waypoints stays at
sea or on its railway. Each map layer (gas, rail, sea) is a plotly legend group, toggled
by its legend entry; the line style tells the layers apart and the colour tells who must
consent: the link's *distinctive* controller, the one of its veto holders whose consent
the fewest links of the scenario need (North Korea on the overland pipeline, not Russia,
whose consent nearly every link needs); the hover lists them all. That keeps the legend
to one entry per actor instead of one per control set.

Node labels in the core-region panel are placed by :func:`place_labels`, a deterministic
greedy pass over candidate offsets that keeps the labels' boxes apart (plotly has no
label placement of its own).
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from corridor.market import MarketResult
from corridor.report.figures import (
    OPEN_COLOUR,
    PALETTE,
    geo_layout,
    geo_scope,
    great_circle,
    styled_layout,
)
from corridor.scenario.geography import LAYERS, link_layer, route_lat_lon
from corridor.scenario.model import QUANTITY_UNIT, Link, Scenario

__all__ = [
    "LABEL_FONT_PX",
    "LabelBox",
    "consent_colours",
    "core_nodes",
    "distinctive_controller",
    "network_map",
    "place_labels",
]

_MIN_WIDTH, _MAX_WIDTH = 1.5, 9.0
_TOL = 1e-9
_DASH: Mapping[str, str] = {"gas": "solid", "rail": "dash", "sea": "dot"}
_LAYER_NAMES: Mapping[str, str] = {
    "gas": "gas (pipelines, LNG)",
    "rail": "containers by rail",
    "sea": "containers by sea",
}
OPEN = ""
"""The distinctive controller of a link nobody controls."""

LABEL_FONT_PX = 11
# The core panel's size in pixels, for label boxes: the report's figure is ~1,100 px wide
# (a 1,200 px page less padding), the panel takes 60 % of it and the figure is 560 px
# high less margins and the subplot title. A narrower screen scales the map down and the
# labels not, so the boxes are padded.
_PANEL_PX = (600.0, 420.0)
_CHAR_PX, _LINE_PX, _BOX_PAD = 0.62 * LABEL_FONT_PX, 1.3 * LABEL_FONT_PX, 1.25


def core_nodes(scenario: Scenario, radius_deg: float = 15.0) -> list[str]:
    """Nodes within ``radius_deg`` of the median position: the region most links are in."""
    if not scenario.nodes:
        return []
    lats = sorted(n.lat for n in scenario.nodes)
    lons = sorted(n.lon for n in scenario.nodes)
    lat0, lon0 = lats[len(lats) // 2], lons[len(lons) // 2]
    return [
        n.id
        for n in scenario.nodes
        if abs(n.lat - lat0) <= radius_deg and abs(n.lon - lon0) <= radius_deg
    ]


def distinctive_controller(link: Link, consents: Mapping[str, int]) -> str:
    """The link's controller whose consent the fewest links need (ties: by id); OPEN if none.

    ``consents``: per actor, how many links of the scenario need its consent.
    """
    if not link.control:
        return OPEN
    return min(sorted(link.control), key=lambda actor: consents[actor])


def consent_colours(scenario: Scenario) -> dict[str, str]:
    """A colour per distinctive controller (:func:`distinctive_controller`), grey for OPEN."""
    consents = Counter(a for link in scenario.links for a in link.control)
    colours: dict[str, str] = {}
    for actor in sorted({distinctive_controller(k, consents) for k in scenario.links}):
        colours[actor] = OPEN_COLOUR if actor == OPEN else PALETTE[len(colours) % len(PALETTE)]
    return colours


@dataclass(frozen=True, slots=True)
class LabelBox:
    """A label's box in the core panel's projected plane (lon, Mercator y in degrees)."""

    node: str
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: LabelBox) -> bool:
        """True when the two boxes share any area."""
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )

    @property
    def centre(self) -> tuple[float, float]:
        """The box's centre (x, y): where the label's text is drawn."""
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2


def mercator_y(lat: float) -> float:
    """Mercator's y of a latitude, in degrees (so that it compares with longitude)."""
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def _mercator_lat(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(math.radians(y))) - math.pi / 2)


# candidate offsets of a label's centre from its node, in units of the label's half
# size: above, below, right, left, then the diagonals, then twice as far
_OFFSETS: tuple[tuple[float, float], ...] = tuple(
    (r * dx, r * dy)
    for r in (1.0, 2.2, 3.4)
    for dx, dy in ((0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1))
)


def place_labels(
    points: Mapping[str, tuple[float, float]], deg_per_px: float
) -> dict[str, LabelBox]:
    """A box per node label (text = the node id) that meets no other label nor any marker.

    ``points``: node id → (lon, Mercator y). Nodes are taken north to south (then by id)
    and each gets the first candidate offset whose box is clear; a node whose every
    candidate collides keeps the last one (it does not happen on the bundled scenarios;
    the tests check it).
    """
    placed: dict[str, LabelBox] = {}
    marker = 4.0 * deg_per_px
    markers = [LabelBox(n, x - marker, y - marker, x + marker, y + marker)
               for n, (x, y) in points.items()]  # fmt: skip
    for node in sorted(points, key=lambda n: (-points[n][1], n)):
        x, y = points[node]
        half_w = len(node) * _CHAR_PX * _BOX_PAD * deg_per_px / 2
        half_h = _LINE_PX * _BOX_PAD * deg_per_px / 2
        box = None
        for dx, dy in _OFFSETS:
            cx = x + dx * (half_w + marker + deg_per_px)  # a pixel's gap
            cy = y + dy * (half_h + marker + deg_per_px)
            box = LabelBox(node, cx - half_w, cy - half_h, cx + half_w, cy + half_h)
            if not any(box.overlaps(b) for b in (*placed.values(), *markers)):
                break
        assert box is not None
        placed[node] = box
    return placed


def _panel_frame(
    scenario: Scenario, ids: Sequence[str], pad_deg: float
) -> tuple[list[float], list[float]]:
    """The lon and lat extent of the nodes and the routes wholly among them."""
    inside = set(ids)
    points = [(scenario.node(i).lon, scenario.node(i).lat) for i in ids]
    for link in scenario.links:  # arcs bulge poleward: keep them inside the frame
        if link.source in inside and link.target in inside:
            route = [(lon, lat) for lat, lon in route_lat_lon(scenario, link)]
            for a, b in itertools.pairwise(route):
                points += great_circle(a, b, steps=4)
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    lon_range = [max(min(lons) - pad_deg, -180.0), min(max(lons) + pad_deg, 180.0)]
    lat_range = [max(min(lats) - pad_deg, -89.0), min(max(lats) + pad_deg, 89.0)]
    return lon_range, lat_range


def core_label_boxes(scenario: Scenario, core: Sequence[str]) -> dict[str, LabelBox]:
    """The core panel's label boxes, at the scale the panel is drawn at."""
    lon_range, lat_range = _panel_frame(scenario, core, 2.0)
    span_x = lon_range[1] - lon_range[0]
    span_y = mercator_y(lat_range[1]) - mercator_y(lat_range[0])
    deg_per_px = max(span_x / _PANEL_PX[0], span_y / _PANEL_PX[1])
    points = {i: (scenario.node(i).lon, mercator_y(scenario.node(i).lat)) for i in core}
    return place_labels(points, deg_per_px)


def _link_trace(
    scenario: Scenario, link: Link, flow: float, share: float, colour: str, geo: str
) -> go.Scattergeo:
    layer = link_layer(scenario, link)
    route = route_lat_lon(scenario, link)
    unit = QUANTITY_UNIT[scenario.commodity(link.commodity).kind]
    used = flow > _TOL
    control = ", ".join(sorted(link.control)) or "nobody (open)"
    return go.Scattergeo(
        lat=[p[0] for p in route], lon=[p[1] for p in route], mode="lines", geo=geo,
        line={"color": colour, "dash": _DASH.get(layer, "solid"),
              "width": _MIN_WIDTH + (_MAX_WIDTH - _MIN_WIDTH) * share if used else 1.0},
        opacity=1.0 if used else 0.55, name=link.name or link.id, legendgroup=layer,
        showlegend=False, hoverinfo="text",
        hovertext=f"{link.name or link.id}<br>{link.source} → {link.target}<br>flow "
        f"{flow:,.2f} of {link.capacity:,.2f} {unit}<br>needs the consent of: {control}",
    )  # fmt: skip


def _legend_traces(layers: Sequence[str], colours: Mapping[str, str]) -> list[go.Scattergeo]:
    """Legend-only entries: one per layer (toggles it), one per distinctive controller."""
    traces = [
        go.Scattergeo(
            lat=[None], lon=[None], mode="lines", name=_LAYER_NAMES.get(layer, layer),
            legendgroup=layer, legendgrouptitle_text="layer (click to hide)" if k == 0 else None,
            line={"color": "#444444", "dash": _DASH.get(layer, "solid"), "width": 2.5},
        )
        for k, layer in enumerate(layers)
    ]  # fmt: skip
    for k, (actor, colour) in enumerate(colours.items()):
        traces.append(
            go.Scattergeo(
                lat=[None], lon=[None], mode="lines", legendgroup=f"consent-{actor or 'open'}",
                name=f"needs {actor}" if actor else "open to all",
                legendgrouptitle_text="colour: who must consent" if k == 0 else None,
                line={"color": colour, "width": 5},
            )
        )  # fmt: skip
    return traces


def _node_trace(
    scenario: Scenario, ids: Sequence[str], geo: str, labels: Mapping[str, LabelBox] | None
) -> list[go.Scattergeo]:
    nodes = [scenario.node(i) for i in ids]
    markers = go.Scattergeo(
        lat=[n.lat for n in nodes], lon=[n.lon for n in nodes], geo=geo, showlegend=False,
        mode="markers" if labels is not None else "markers+text", text=list(ids),
        textposition="top center", textfont={"size": LABEL_FONT_PX}, name="nodes",
        hovertext=[f"{n.id}: {n.name} ({n.territory or 'no territory'})" for n in nodes],
        hoverinfo="text", marker={"size": 7, "color": "#333333"},
    )  # fmt: skip
    if labels is None:
        return [markers]
    centres = [labels[i].centre for i in ids]
    text = go.Scattergeo(
        lon=[c[0] for c in centres], lat=[_mercator_lat(c[1]) for c in centres], geo=geo,
        mode="text", text=list(ids), textfont={"size": LABEL_FONT_PX}, hoverinfo="skip",
        showlegend=False, name="labels",
    )  # fmt: skip
    return [markers, text]


def network_map(scenario: Scenario, result: MarketResult) -> go.Figure:
    """Nodes and links on a map: links along their routes, one layer per mode.

    Colour says who must consent, width the flow (relative to the commodity's largest);
    unused links are thin and faded. When some nodes lie far from the rest (a world
    market, a European terminal), a second panel zooms in on the core region, with
    labels kept apart.
    """
    core = core_nodes(scenario)
    zoom = 3 <= len(core) < len(scenario.nodes)
    panels = 2 if zoom else 1
    fig = make_subplots(
        rows=1, cols=panels, column_widths=[0.4, 0.6] if zoom else None,
        specs=[[{"type": "scattergeo"}] * panels],
        subplot_titles=("all nodes", "core region") if zoom else None, horizontal_spacing=0.02,
    )  # fmt: skip
    consents = Counter(a for link in scenario.links for a in link.control)
    colours = consent_colours(scenario)
    flows = result.flows.set_index("link")["flow"] if len(result.flows) else pd.Series()
    largest = result.flows.groupby("commodity")["flow"].max().to_dict() if len(result.flows) else {}
    for col in range(1, panels + 1):
        geo = "geo" if col == 1 else f"geo{col}"
        for link in scenario.links:
            flow = float(flows.get(link.id, 0.0))
            top = float(largest.get(link.commodity, 0.0))
            colour = colours[distinctive_controller(link, consents)]
            fig.add_trace(_link_trace(scenario, link, flow, flow / top if top > 0 else 0.0,
                                      colour, geo))  # fmt: skip
    outer = [n.id for n in scenario.nodes if n.id not in core] if zoom else []
    for trace in _node_trace(scenario, outer or [n.id for n in scenario.nodes], "geo", None):
        fig.add_trace(trace)
    if zoom:
        for trace in _node_trace(scenario, core, "geo2", core_label_boxes(scenario, core)):
            fig.add_trace(trace)
    layers = [x for x in LAYERS if any(link_layer(scenario, k) == x for k in scenario.links)]
    layers += sorted({link_layer(scenario, k) for k in scenario.links} - set(layers))
    for trace in _legend_traces(layers, colours):
        fig.add_trace(trace)
    for col, ids in enumerate([[n.id for n in scenario.nodes], *([core] if zoom else [])], 1):
        lon_range, lat_range = _panel_frame(scenario, ids, 2.0)
        scope, resolution = geo_scope(lon_range, lat_range, 0.0)
        layout = geo_layout(scope, resolution)
        layout["lonaxis"], layout["lataxis"] = {"range": lon_range}, {"range": lat_range}
        if scope == "world":
            layout["projection"] = {"type": "natural earth" if col == 1 else "mercator"}
        fig.update_geos(layout, row=1, col=col)
    return styled_layout(
        fig, "Network: line = layer, colour = who must consent, width = flow", height=560,
        legend={"groupclick": "togglegroup", "tracegroupgap": 12},
    )  # fmt: skip
