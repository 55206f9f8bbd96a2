"""The network map: links along their routes, layers as legend groups, labels kept apart."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from corridor.market import solve
from corridor.report.figures import great_circle, topojson_names
from corridor.report.html import topojson_file
from corridor.report.map import (
    _MAX_WIDTH,
    LabelBox,
    core_label_boxes,
    core_nodes,
    distinctive_controller,
    network_map,
    place_labels,
)
from corridor.scenario import load_scenario
from corridor.scenario.geography import link_layer


@pytest.fixture(scope="module")
def korea_map():
    scenario = load_scenario("korea-2011")
    result = solve(scenario)
    return scenario, result, network_map(scenario, result)


def _link_traces(fig, geo: str = "geo"):
    return {
        t.name: t for t in fig.data if t.geo == geo and t.mode == "lines" and t.lon[0] is not None
    }


def test_traces_follow_the_waypoints(korea_map):
    """Each link's trace is from node, waypoints, to node, in that order: plotly.js then
    draws great circles between consecutive points only."""
    scenario, _, fig = korea_map
    traces = _link_traces(fig)
    assert len(traces) == len(scenario.links)
    for link in scenario.links:
        trace = traces[link.name or link.id]
        a, b = scenario.node(link.source), scenario.node(link.target)
        expected = [(a.lat, a.lon), *link.waypoints, (b.lat, b.lon)]
        assert list(zip(trace.lat, trace.lon, strict=True)) == expected
    subsea = traces[scenario.link("subsea").name]
    assert len(subsea.lat) == 2 + len(scenario.link("subsea").waypoints) == 8


def test_the_subsea_bypass_is_drawn_off_north_korea(korea_map):
    """Between Vladivostok (43.1 N) and the DMZ (38.6 N) North Korea's coast lies west of
    129.8 E; sampled along the drawn great circles, the bypass stays east of 130 E
    there (a straight arc Vladivostok - Seoul would cross the North at ~128 E)."""
    scenario, _, fig = korea_map
    trace = _link_traces(fig)[scenario.link("subsea").name]
    points = list(zip(trace.lon, trace.lat, strict=True))
    drawn = [p for a, b in itertools.pairwise(points) for p in great_circle(a, b, steps=8)]
    between = [lon for lon, lat in drawn if 38.6 < lat < 42.9]
    assert between and min(between) > 130.0
    a, b = scenario.node("VLA"), scenario.node("KOR")
    straight = [
        lon for lon, lat in great_circle((a.lon, a.lat), (b.lon, b.lat)) if 38.6 < lat < 42.9
    ]
    assert min(straight) < 129.8  # the test would catch the old drawing


def test_one_legend_group_per_layer_and_a_short_legend(korea_map):
    scenario, _, fig = korea_map
    links = [t for t in fig.data if t.mode == "lines" and t.lon[0] is not None]
    assert {t.legendgroup for t in links} == {"gas", "rail", "sea"}
    for link in scenario.links:
        for trace in (t for t in links if t.name == (link.name or link.id)):
            assert trace.legendgroup == link_layer(scenario, link)
            assert trace.showlegend is False
    entries = [t for t in fig.data if t.showlegend is not False]
    layer_entries = [t.legendgroup for t in entries if not t.legendgroup.startswith("consent")]
    assert layer_entries == ["gas", "rail", "sea"]  # one entry per layer, toggling it
    assert len(entries) <= 10  # three layers, one colour per actor and "open"
    assert {link_layer(scenario, scenario.link(i)) for i in ("tkr", "tsr", "land-bridge")} == {
        "rail"
    }
    assert (
        link_layer(scenario, scenario.link("sea-suez-moscow")) == "sea"
    )  # 23,000 km by sea, 650 rail


def test_colour_is_the_controller_fewest_links_need() -> None:
    korea = load_scenario("korea-2011")
    consents = {"RU": 20, "KR": 15, "KP": 5, "CN": 4, "JP": 2}
    assert distinctive_controller(korea.link("overland-north"), consents) == "KP"
    assert distinctive_controller(korea.link("china-route"), consents) == "CN"
    assert distinctive_controller(korea.link("skv"), consents) == "RU"
    assert distinctive_controller(korea.link("sea-suez-hamburg"), consents) == ""


def test_core_labels_do_not_overlap_each_other_or_the_markers() -> None:
    """Korea's core region holds near-coincident nodes (Seoul's grid KOR and rail hub SEL
    0.02 deg apart; Rajin and Khasan 0.27 deg; Vladivostok, its LNG site and Ussuriysk):
    no two label boxes may intersect, nor a label a node's marker."""
    scenario = load_scenario("korea-2011")
    core = core_nodes(scenario)
    assert {"KOR", "SEL", "RJN", "KHS", "VLA", "VLNG"} <= set(core)
    boxes = core_label_boxes(scenario, core)
    assert sorted(boxes) == sorted(core)
    for a, b in itertools.combinations(boxes.values(), 2):
        assert not a.overlaps(b), (a.node, b.node)


def test_place_labels_moves_a_label_off_a_crowded_spot() -> None:
    # two nodes at the same point: the second label goes below the first
    boxes = place_labels({"A": (0.0, 0.0), "B": (0.0, 0.0)}, deg_per_px=0.01)
    assert not boxes["A"].overlaps(boxes["B"])
    assert boxes["A"].centre[1] > 0 > boxes["B"].centre[1]
    again = place_labels({"B": (0.0, 0.0), "A": (0.0, 0.0)}, deg_per_px=0.01)
    assert again == boxes  # deterministic: the order of the input does not matter
    assert LabelBox("x", 0, 0, 1, 1).overlaps(LabelBox("y", 0.5, 0.5, 2, 2))
    assert not LabelBox("x", 0, 0, 1, 1).overlaps(LabelBox("y", 1, 0, 2, 1))  # touching


def test_a_link_without_waypoints_is_the_straight_hop() -> None:
    korea = load_scenario("korea-2011")
    bare = dataclasses.replace(korea.link("subsea"), waypoints=())
    changed = korea.with_changes(links=tuple(bare if k.id == "subsea" else k for k in korea.links))
    trace = _link_traces(network_map(changed, solve(changed)))[bare.name]
    assert len(trace.lat) == 2


def test_korea_map_draws_links_on_a_world_and_an_asia_base_map(korea_map):
    scenario, result, fig = korea_map
    assert (fig.layout.geo.scope, fig.layout.geo.resolution) == ("world", 110)
    assert (fig.layout.geo2.scope, fig.layout.geo2.resolution) == ("asia", 50)
    assert sorted(topojson_names(fig)) == ["asia_50m", "world_110m"]
    assert all(topojson_file(name) is not None for name in topojson_names(fig))
    # the zoomed panel frames the core nodes: Busan (35.1°N) and Sakhalin (>50°N) inside
    lat0, lat1 = fig.layout.geo2.lataxis.range
    assert lat0 < 35.1 and lat1 > 50.0

    flows = result.flows.set_index("link")
    width = {name: t.line.width for name, t in _link_traces(fig).items()}
    names = {link.name or link.id: link for link in scenario.links}
    for commodity in ("gas", "containers"):
        rows = flows[flows["commodity"] == commodity]
        [busiest] = [name for name, link in names.items() if link.id == rows["flow"].idxmax()]
        assert width[busiest] == pytest.approx(_MAX_WIDTH), busiest
    # the subsea line (12 bcm/yr, the busiest gas link with skv at 6) is wider than skv
    subsea, skv = scenario.link("subsea"), scenario.link("skv")
    assert width[subsea.name or subsea.id] > width[skv.name or skv.id]
    unused = scenario.link("overland-north")
    assert flows.loc["overland-north", "flow"] == 0
    assert width[unused.name or unused.id] == 1.0
