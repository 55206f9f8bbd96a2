"""Containers in the scenario: value of time on load, routing by generalised cost, and the
rail corridor of korea-2011 (Vostochny, Rajin–Khasan, TKR, land bridge, sea via Suez)."""

from __future__ import annotations

import dataclasses
from itertools import combinations, pairwise

import pytest

from corridor.engineering.freight import estimate, route_table
from corridor.errors import ScenarioError
from corridor.market import MarketModel
from corridor.scenario import Scenario, load_scenario, loads
from corridor.scenario.freight_model import RouteBenchmark, routes_of, stretch_of

VOT = 40.0  # USD/TEU/d, korea-2011's value of time

TWO_ROUTES = """
[scenario]
name = "two-routes"
title = "slow-cheap against fast-dear"
base_year = 2011
assumption = "test case"

[[actors]]
id = "A"
name = "A"

[[actors]]
id = "B"
name = "B"

[[nodes]]
id = "O"
name = "origin"
lat = 0
lon = 0
assumption = "test"

[[nodes]]
id = "D"
name = "destination"
lat = 1
lon = 1
assumption = "test"

[[commodities]]
id = "box"
kind = "containers"
value_of_time = { value = VOT_VALUE, unit = "USD/TEU/d", assumption = "test" }

[[supplies]]
id = "s"
node = "O"
owner = "A"
commodity = "box"
assumption = "test"
blocks = [{ capacity = "100 kTEU/yr", cost = "0 USD/TEU" }]

[[demands]]
id = "d"
node = "D"
owner = "A"
commodity = "box"
assumption = "test"
blocks = [{ quantity = "100 kTEU/yr", wtp = "3000 USD/TEU" }]

[[links]]
id = "slow"
from = "O"
to = "D"
commodity = "box"
control = []
capacity = "60 kTEU/yr"
unit_cost = "1000 USD/TEU"
transit_time = "20 d"
assumption = "test"

[[links]]
id = "fast"
from = "O"
to = "D"
commodity = "box"
control = ["B"]
capacity = "40000 FEU/yr"
unit_cost = "3000 USD/FEU"
transit_time = "5 d"
assumption = "test"
"""


def two_routes(vot: float) -> Scenario:
    return loads(TWO_ROUTES.replace("VOT_VALUE", str(vot)))


def test_value_of_time_enters_the_unit_cost() -> None:
    scenario = two_routes(40.0)
    assert scenario.commodity("box").value_of_time == pytest.approx(0.040)  # USD m/kTEU/d
    # slow: 1,000 + 40 x 20 = 1,800 USD/TEU; fast: 3,000 USD/FEU = 1,500 USD/TEU + 40 x 5
    assert scenario.link("slow").unit_cost == pytest.approx(1.8)
    assert scenario.link("fast").unit_cost == pytest.approx(1.7)
    assert scenario.link("fast").capacity == pytest.approx(80.0)  # 40,000 FEU = 80 kTEU
    assert scenario.link("slow").transit_days == pytest.approx(20.0)
    assert ("links.slow", "value_of_time", None, "test") in scenario.sources_table()


def test_shippers_take_the_fast_route_when_time_is_dear() -> None:
    # VOT 40: fast (1,700) before slow (1,800); fast fills its 80 kTEU, slow takes 20
    result = MarketModel(two_routes(40.0)).solve()
    flows = dict(zip(result.flows["link"], result.flows["flow"], strict=True))
    assert flows == pytest.approx({"fast": 80.0, "slow": 20.0})
    # welfare = 80 x (3.0 - 1.7) + 20 x (3.0 - 1.8) = 104 + 24 = 128 USD m/yr
    assert result.welfare_musd_per_yr == pytest.approx(128.0)


def test_shippers_take_the_slow_route_when_time_is_cheap() -> None:
    # VOT 10: slow 1,000 + 200 = 1,200 < fast 1,500 + 50 = 1,550; slow fills first
    model = MarketModel(two_routes(10.0))
    result = model.solve()
    flows = dict(zip(result.flows["link"], result.flows["flow"], strict=True))
    assert flows == pytest.approx({"fast": 40.0, "slow": 60.0})
    # welfare = 60 x (3.0 - 1.2) + 40 x (3.0 - 1.55) = 108 + 58
    assert result.welfare_musd_per_yr == pytest.approx(166.0)
    # without B the fast route is closed: only the slow route's 108
    assert model.welfare(["A"]) == pytest.approx(108.0)


def test_value_of_time_is_validated() -> None:
    text = TWO_ROUTES.replace("VOT_VALUE", "40").replace('transit_time = "5 d"\n', "")
    with pytest.raises(ScenarioError) as caught:
        loads(text, file="t.toml")
    assert "links.fast.transit_time: required key is missing" in str(caught.value)
    wrong_unit = TWO_ROUTES.replace("VOT_VALUE", "40").replace('"USD/TEU/d"', '"USD/TEU"')
    with pytest.raises(ScenarioError, match=r"commodities.box.value_of_time.unit"):
        loads(wrong_unit)
    on_gas = TWO_ROUTES.replace("VOT_VALUE", "40").replace('kind = "containers"', 'kind = "gas"')
    with pytest.raises(ScenarioError, match="value of time applies to containers only"):
        loads(on_gas)


# --- korea-2011 ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def korea() -> Scenario:
    return load_scenario("korea-2011")


def only(scenario: Scenario, commodity: str) -> Scenario:
    """The scenario restricted to one commodity (the LP separates by commodity)."""
    return dataclasses.replace(
        scenario,
        supplies=tuple(s for s in scenario.supplies if s.commodity == commodity),
        demands=tuple(d for d in scenario.demands if d.commodity == commodity),
        links=tuple(k for k in scenario.links if k.commodity == commodity),
    )


def container_links(scenario: Scenario) -> list[str]:
    return [k.id for k in scenario.links if k.commodity == "containers"]


def test_rail_routes_and_control_sets(korea: Scenario) -> None:
    assert korea.commodity("containers").value_of_time == pytest.approx(VOT / 1000)
    assert korea.link("tkr").control == {"KR", "KP", "RU"}
    assert korea.link("rjn-khs").control == {"KP", "RU"}
    assert korea.link("sea-suez-hamburg").control == frozenset()
    assert korea.link("land-bridge").control == {"CN", "RU"}
    assert korea.link("rjn-khs").length_km == pytest.approx(54.0)


def test_container_links_carry_the_freight_model_estimates(korea: Scenario) -> None:
    for link_id in container_links(korea):
        link = korea.link(link_id)
        est = estimate(stretch_of(link))
        assert link.transit_days == pytest.approx(est.days, abs=0.006), link_id
        tariff = (link.unit_cost - korea.commodity("containers").value_of_time * est.days) * 1e3
        assert tariff == pytest.approx(est.tariff_usd_per_teu, abs=0.6), link_id
        assert link.length_km == pytest.approx(est.length_km), link_id


def test_adding_containers_leaves_gas_alone(korea: Scenario) -> None:
    full, gas, boxes = (
        MarketModel(korea),
        MarketModel(only(korea, "gas")),
        MarketModel(only(korea, "containers")),
    )
    actors = full.actors
    for size in (len(actors), len(actors) - 1, 2):
        for coalition in combinations(actors, size):
            total = full.welfare(coalition)
            assert total == pytest.approx(gas.welfare(coalition) + boxes.welfare(coalition))
    grand = full.solve().flows.set_index("link")["flow"]
    gas_only = gas.solve().flows.set_index("link")["flow"]
    assert grand[gas_only.index].to_numpy() == pytest.approx(gas_only.to_numpy())


@pytest.fixture(scope="module")
def rail(korea: Scenario) -> MarketModel:
    return MarketModel(only(korea, "containers"))


def flows(model: MarketModel, coalition: list[str] | None) -> dict[str, float]:
    result = model.solve(coalition)
    return dict(zip(result.flows["link"], result.flows["flow"], strict=True))


def test_grand_coalition_routing(rail: MarketModel) -> None:
    got = flows(rail, None)
    # Moscow (250 kTEU): Vostochny is cheapest but holds 100, Rajin takes its 100, the
    # sea takes the remaining 50; Europe (500 kTEU) goes by sea; TKR does not pay its capex
    assert got["vst-uss"] == pytest.approx(100.0)
    assert got["rjn-khs"] == pytest.approx(100.0)
    assert got["sea-suez-moscow"] == pytest.approx(50.0)
    assert got["sea-suez-hamburg"] == pytest.approx(500.0)
    assert got["tkr"] == pytest.approx(0.0)
    assert got["land-bridge"] == pytest.approx(0.0)


def test_without_north_korea_boxes_go_by_sea_and_welfare_falls_by_hand(
    rail: MarketModel,
) -> None:
    without_kp = [a for a in rail.actors if a != "KP"]
    got = flows(rail, without_kp)
    assert got["rjn-khs"] == pytest.approx(0.0)
    assert got["vst-uss"] == pytest.approx(100.0)
    assert got["sea-suez-moscow"] == pytest.approx(150.0)
    # generalised costs (USD/TEU) = tariff + 40 x days, the freight model's central tariffs
    # and days for the file's routes (Link.design):
    #   Rajin route: (395 + 40 x 3.265524) + (361.88 + 40 x 5.135) + (52.8 + 40 x 0.3)
    #                + (2169.6 + 40 x 13.475) = 525.6210 + 567.28 + 64.8 + 2708.6 = 3866.3010
    #   sea via Suez to Moscow: 2193 + 40 x 42.653663 = 3899.1465
    # 100 kTEU/yr move from the first to the second: 100 x 32.8456 USD/TEU = 3.28456 USD m/yr
    drop = rail.welfare() - rail.welfare(without_kp)
    assert drop == pytest.approx(3.28456, abs=1e-5)


def test_without_russia_nothing_reaches_moscow(rail: MarketModel) -> None:
    got = flows(rail, [a for a in rail.actors if a != "RU"])
    into_moscow = ("sea-suez-moscow", "tsr", "land-bridge")
    assert sum(got[k] for k in into_moscow) == pytest.approx(0.0)
    assert got["sea-suez-hamburg"] == pytest.approx(500.0)


# --- whole routes of korea-2011 and their published figures -------------------------------

KOREA_BENCHMARKS = [b for r in load_scenario("korea-2011").freight_routes for b in r.benchmarks]


def test_every_route_has_its_figures_in_the_file(korea: Scenario) -> None:
    assert [r.id for r in korea.freight_routes] == [
        "sea-moscow", "vostochny-moscow", "rajin-moscow", "tkr-moscow", "land-bridge-moscow",
        "sea-hamburg", "vostochny-hamburg", "rajin-hamburg", "tkr-hamburg",
        "land-bridge-hamburg",
    ]  # fmt: skip
    assert len(KOREA_BENCHMARKS) == 5
    assert all(b.source.strip() for b in KOREA_BENCHMARKS)


@pytest.mark.parametrize("bench", KOREA_BENCHMARKS, ids=lambda b: f"{b.route}-{b.quantity}")
def test_bundled_routes_fall_inside_their_published_ranges(
    korea: Scenario, bench: RouteBenchmark
) -> None:
    est = estimate(routes_of(korea)[bench.route][1])
    if bench.quantity == "km":
        value = est.length_km
    else:
        value = est.days if bench.held == "central" else est.days_low
    assert bench.low <= value <= bench.high, (bench.route, value, bench.source)
    assert bench.holds(est) and bench.held_value(est) == value


def test_tkr_claims_hold_only_when_everything_goes_right(korea: Scenario) -> None:
    # the 10-14 day claims (RZD, 2013) sit at the fast end of the model's range; with
    # central border and handling times the TKR takes about as long as via Vostochny
    routes = routes_of(korea)
    tkr = estimate(routes["tkr-moscow"][1])
    vostochny = estimate(routes["vostochny-moscow"][1])
    assert tkr.days_low <= 14.0 < tkr.days
    assert abs(tkr.days - vostochny.days) < 2.0


def test_sea_beats_rail_to_hamburg_at_the_central_value_of_time(korea: Scenario) -> None:
    routes = {key: route for key, (_, route) in routes_of(korea).items()}
    table = route_table(routes, 40.0).set_index("route")["generalised_cost_usd_per_teu"]
    assert table["sea-hamburg"] < min(
        table[k] for k in ("vostochny-hamburg", "rajin-hamburg", "tkr-hamburg")
    )
    assert table["vostochny-moscow"] < table["sea-moscow"]


def test_routes_chain_known_stretches(korea: Scenario) -> None:
    links = {k.id: k for k in korea.links}
    for route in korea.freight_routes:
        assert all(links[s].design["kind"] == "freight" for s in route.stretches)
        ends = [(links[s].source, links[s].target) for s in route.stretches]
        assert all(a[1] == b[0] for a, b in pairwise(ends))


def test_without_named_routes_every_named_one_is_a_path(korea: Scenario) -> None:
    paths = routes_of(dataclasses.replace(korea, freight_routes=()))
    named = {r.stretches for r in korea.freight_routes}
    assert named <= {ids for ids, _ in paths.values()}
    # the one path the file does not name: by sea to St Petersburg, then rail to Hamburg
    assert {ids for ids, _ in paths.values()} - named == {("sea-suez-moscow", "mow-hbg")}
