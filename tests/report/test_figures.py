"""Figures: great-circle bounds, the base-map scope, offline assets, negotiation bars."""

from __future__ import annotations

import json

import pytest

from corridor.market import solve
from corridor.report.figures import geo_scope, great_circle
from corridor.report.html import geo_assets_js, render_report, topojson_file
from corridor.report.map import network_map
from corridor.report.panels import Panel
from corridor.scenario import load_scenario


def test_great_circle_along_the_equator_and_over_the_pole():
    # a quarter of the equator: the midpoint is (45, 0)
    points = great_circle((0.0, 0.0), (90.0, 0.0), steps=2)
    assert points[0] == pytest.approx((0.0, 0.0), abs=1e-9)
    assert points[1] == pytest.approx((45.0, 0.0), abs=1e-9)
    assert points[2] == pytest.approx((90.0, 0.0), abs=1e-9)
    # from (0, 45) to (180, 45) the shortest path crosses the North Pole
    assert great_circle((0.0, 45.0), (180.0, 45.0), steps=2)[1][1] == pytest.approx(90.0)


def test_geo_scope_picks_a_regional_map_only_when_everything_fits():
    assert geo_scope([127.0, 132.0], [35.0, 43.0], 2.0) == ("asia", 50)  # Korea
    assert geo_scope([13.0, 30.0], [50.0, 60.0], 2.0) == ("europe", 50)  # Nord Stream
    assert geo_scope([10.0, 130.0], [35.0, 55.0], 2.0) == ("world", 110)  # Hamburg–Busan
    assert geo_scope([120.0, 130.0], [40.0, 54.0], 2.0) == ("world", 110)  # past 55°N + pad


def test_report_embeds_exactly_the_base_maps_its_figures_use():
    scenario = load_scenario("korea-2011")
    fig = network_map(scenario, solve(scenario))
    page = render_report(scenario, [Panel(key="run", title="Market", figures=(("map", fig),))], {})
    script = geo_assets_js(["asia_50m", "world_110m"])
    assert script in page
    assets = json.loads(script.removeprefix("window.PlotlyGeoAssets={topojson:").removesuffix("};"))
    assert sorted(assets) == ["asia_50m", "world_110m"]
    assert assets["asia_50m"]["type"] == "Topology"
    assert "europe_50m" not in page


def test_only_shipped_topology_names_resolve():
    assert topojson_file("world_110m") is not None
    assert topojson_file("../html") is None
    assert topojson_file("usa_110m") is None  # not shipped
    assert geo_assets_js(["usa_110m"]) == "window.PlotlyGeoAssets={topojson:{}};"


def test_korea_report_takes_the_talks_from_its_companion_scenario():
    from corridor.report import build_panel

    panel = build_panel("negotiate", load_scenario("korea-2011"))
    assert load_scenario("korea-2011").negotiation is None
    assert "six-party-2011" in panel.title + " ".join(panel.notes)


def test_negotiation_bars_show_a_cycles_range_and_the_panel_its_status():
    import pandas as pd

    from corridor.report.figures import negotiation_forecasts

    # a cycle with median 60-90 (forecast 75): error bars +15/-15; a converged one: 0
    frame = pd.DataFrame(
        {
            "issue": ["a", "b"],
            "forecast": [75.0, 40.0],
            "status": ["cycle", "converged"],
            "forecast_low": [60.0, 40.0],
            "forecast_high": [90.0, 40.0],
        }
    )
    bar = negotiation_forecasts({"eu": frame}, {"a": "A", "b": "B"}, {"a": 0, "b": 0}).data[0]
    assert list(bar.error_y.array) == [15.0, 0.0]
    assert list(bar.error_y.arrayminus) == [15.0, 0.0]
    assert list(bar.hovertext) == ["cycle", "converged"]
    from corridor.report import build_panel

    panel = build_panel("negotiate", load_scenario("six-party-2011"))
    table = dict(panel.tables)["Forecasts by model (0–100)"]
    assert {"status", "period", "forecast_low", "forecast_high"} <= set(table.columns)
    assert any(note.startswith("eu, preconditions: cycle (period 2") for note in panel.notes)
