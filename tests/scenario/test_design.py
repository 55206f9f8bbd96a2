"""Links given by design: the loader derives capacity, cost and capex through engineering."""

from __future__ import annotations

import re

import pytest

from corridor.engineering import (
    CostBasis,
    DesignBasis,
    Segment,
    least_cost_pipeline,
    lng_chain_cost,
)
from corridor.engineering.cost import REGIONAL_FACTORS
from corridor.errors import ScenarioError
from corridor.scenario import load_scenario, loads

HEAD = """
[scenario]
name = "t"
title = "t"
base_year = 2011
discount_rate = { value = 10, unit = "%/yr", assumption = "test" }

[[actors]]
id = "A"
name = "A"

[[nodes]]
id = "X"
name = "X"
lat = 0
lon = 0
assumption = "test"

[[nodes]]
id = "Y"
name = "Y"
lat = 1
lon = 1
assumption = "test"

[[commodities]]
id = "gas"
kind = "gas"

[[supplies]]
id = "s"
node = "X"
owner = "A"
commodity = "gas"
assumption = "test"
blocks = [{ capacity = "20 bcm/yr", cost = "50 USD/1000m3" }]

[[demands]]
id = "d"
node = "Y"
owner = "A"
commodity = "gas"
assumption = "test"
blocks = [{ quantity = "20 bcm/yr", wtp = "400 USD/1000m3" }]

[[links]]
id = "line"
from = "X"
to = "Y"
commodity = "gas"
status = "planned"
control = ["A"]
"""

PIPELINE = """
[links.pipeline]
assumption = "test design"
throughput = "{bcm} bcm/yr"
maop = "100 bar"
gas_price = "300 USD/1000m3"

[[links.pipeline.segments]]
name = "land"
length = "{land} km"
region = "north-korea"

[[links.pipeline.segments]]
name = "sea"
length = "200 km"
offshore = true
"""


def text(bcm: float = 10, land: float = 600, extra: str = "") -> str:
    return HEAD + extra + PIPELINE.format(bcm=bcm, land=land)


def test_pipeline_link_is_derived_through_engineering():
    link = loads(text()).link("line")
    route = (
        Segment(600, cost_factor=REGIONAL_FACTORS["north-korea"][0]),
        Segment(200, offshore=True),
    )
    econ = least_cost_pipeline(
        route, 10.0, basis=DesignBasis(maop_bar=100.0), costs=CostBasis(discount_rate=0.10)
    )
    assert link.capacity == pytest.approx(10.0)
    assert link.capex_musd == pytest.approx(econ.cost.capex_musd)
    fuel = econ.design.fuel_fraction * 300.0
    assert link.unit_cost == pytest.approx(econ.cost.opex_musd_per_yr / 10.0 + fuel)
    assert link.length_km == pytest.approx(800.0)
    derived = link.design["derived"]
    assert derived["nominal_size_in"] == econ.design.nominal_size_in
    assert derived["discount_rate"] == pytest.approx(0.10)
    assert link.design["inputs"]["throughput_bcm_per_yr"] == 10.0
    assert [s["length_km"] for s in link.design["segments"]] == [600.0, 200.0]


def test_numbers_follow_route_length_and_throughput():
    base = loads(text()).link("line")
    longer = loads(text(land=900)).link("line")
    bigger = loads(text(bcm=20)).link("line")
    assert longer.capex_musd > base.capex_musd
    assert bigger.capacity == pytest.approx(20.0)
    assert bigger.capex_musd > base.capex_musd
    assert bigger.capex_musd / 20 < base.capex_musd / 10  # economies of scale


def test_provenance_of_derived_numbers():
    scenario = loads(text())
    rows = {(path, name): (src, ass) for path, name, src, ass in scenario.sources_table()}
    assert rows[("links.line", "capacity")][1].startswith("derived by corridor.engineering")
    assert rows[("links.line", "throughput")] == (None, "test design")


def problems(toml: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        loads(toml, file="f.toml")
    return [str(p) for p in info.value.problems]


def line_of(toml: str, needle: str) -> int:
    return next(i for i, line in enumerate(toml.splitlines(), 1) if needle in line)


def test_unknown_region_is_located():
    bad = text().replace('region = "north-korea"', 'region = "atlantis"')
    (msg,) = problems(bad)
    assert msg.startswith(
        f"f.toml:{line_of(bad, 'atlantis')}: links.line.pipeline.segments[1].region:"
    )
    assert "unknown region 'atlantis'" in msg


def test_capacity_and_design_clash():
    bad = text(extra='capacity = { value = 10, unit = "bcm/yr", assumption = "x" }\n')
    (msg,) = problems(bad)
    assert re.match(r"f\.toml:\d+: links\.line\.capacity: derived from the pipeline design", msg)


def test_wrong_unit_and_unknown_key():
    bad = text().replace('maop = "100 bar"', 'maop = "100 bcm/yr"')
    (msg,) = problems(bad)
    assert "links.line.pipeline.maop.unit" in msg and "is a gas_rate, expected a pressure" in msg
    bad = text().replace('maop = "100 bar"', 'maop = "100 bar"\ndiameter = "1000 mm"')
    (msg,) = problems(bad)
    assert "links.line.pipeline.diameter: unknown key" in msg


def test_infeasible_design_is_a_located_problem():
    bad = text(bcm=400)
    (msg,) = problems(bad)
    assert msg.startswith(f"f.toml:{line_of(bad, '[links.pipeline]')}: links.line.pipeline:")
    assert "cannot carry" in msg


def test_missing_capacity_without_design():
    bad = HEAD + 'unit_cost = { value = 1, unit = "USD/1000m3", assumption = "x" }\n'
    (msg,) = problems(bad)
    assert "links.line.capacity: required key is missing (or give a design)" in msg


def test_number_without_provenance():
    bad = text().replace('assumption = "test design"\n', "")
    assert any("links.line.pipeline.throughput: number has no source" in p for p in problems(bad))


def test_lng_chain_link():
    toml = (
        HEAD
        + """
[links.lng]
volume = { value = 5, unit = "bcm/yr", assumption = "test" }
distance = { value = 3000, unit = "km", assumption = "test" }
"""
    )
    link = loads(toml).link("line")
    chain = lng_chain_cost(5.0, 3000.0)  # capex, opex and losses do not depend on the rate
    assert link.loss_fraction == pytest.approx(chain.loss_fraction)
    assert link.capacity == pytest.approx(5.0 / (1 - chain.loss_fraction))
    assert link.capex_musd == pytest.approx(chain.capex_musd)
    assert link.unit_cost == pytest.approx(chain.opex_musd_per_yr / 5.0)
    assert link.design["derived"]["discount_rate"] == pytest.approx(0.10)


def test_korea_2011_routes_are_given_by_design():
    scenario = load_scenario("korea-2011")
    for link_id in ("overland-north", "overland-south", "subsea", "china-route"):
        link = scenario.link(link_id)
        assert link.design["kind"] == "pipeline", link_id
        assert link.capacity == pytest.approx(12.0)
    overland = (
        scenario.link("overland-north").capex_musd + scenario.link("overland-south").capex_musd
    )
    # ~1,100 km overland: KOGAS put the ~700 km North Korean part at USD 2.5 bn (range
    # 2.2-6 bn); the whole line must cost more than that part and stay within reason.
    assert 2_500 < overland < 8_000
    assert scenario.link("subsea").capex_musd > scenario.link("overland-north").capex_musd
    subsea = scenario.link("subsea").design
    assert any(s["kind"] == "landfall" for s in subsea["stations"])


def test_capex_factor_scales_the_investment_and_leaves_the_design() -> None:
    """An overrun of 1.6 on the investment: capex x 1.6; size, stations and opex as designed."""
    plain = loads(text()).link("line")
    dearer = loads(
        text().replace('gas_price = "300 USD/1000m3"',
                       'gas_price = "300 USD/1000m3"\ncapex_factor = "1.6 1"')
    ).link("line")  # fmt: skip
    assert dearer.capex_musd == pytest.approx(1.6 * plain.capex_musd, rel=1e-12)
    assert dearer.unit_cost == plain.unit_cost
    assert dearer.design["derived"]["engineering_capex_musd"] == plain.capex_musd
    for key in ("nominal_size_in", "stations", "opex_musd_per_yr"):
        assert dearer.design["derived"][key] == plain.design["derived"][key]
    assert dearer.design["inputs"]["capex_factor"] == 1.6


def test_capex_factor_must_be_positive() -> None:
    bad = text().replace('gas_price = "300 USD/1000m3"',
                         'gas_price = "300 USD/1000m3"\ncapex_factor = "-1 1"')  # fmt: skip
    with pytest.raises(ScenarioError, match="capex_factor must be positive"):
        loads(bad)


def test_korea_subsea_capex_factor_reproduces_the_whole_capex_sensitivity() -> None:
    """2x the subsea line's whole capex through the file equals doubling capex_musd in Python."""
    base = load_scenario("korea-2011")
    doubled = load_scenario("korea-2011", {"links.subsea.pipeline.capex_factor": 2})
    assert doubled.link("subsea").capex_musd == pytest.approx(
        2 * base.link("subsea").capex_musd, rel=1e-12
    )
    by_hand = base.with_changes({"links.subsea.capex_musd": 2 * base.link("subsea").capex_musd})
    assert doubled.link("subsea").capex_musd == pytest.approx(by_hand.link("subsea").capex_musd)


def test_engineering_unit_costs_can_be_given_per_link() -> None:
    """compressor_cost, other_fraction and opex_fraction replace UNIT_COSTS for the link."""
    given = text().replace(
        'gas_price = "300 USD/1000m3"',
        'gas_price = "300 USD/1000m3"\ncompressor_cost = "4000 USD/kW"\n'
        'other_fraction = "30 %"\nopex_fraction = "2.5 %/yr"',
    )
    link = loads(given).link("line")
    route = (
        Segment(600, cost_factor=REGIONAL_FACTORS["north-korea"][0]),
        Segment(200, offshore=True),
    )
    costs = CostBasis(discount_rate=0.10, compressor_musd_per_mw=4.0, other_fraction=0.30,
                      opex_fraction=0.025)  # fmt: skip
    econ = least_cost_pipeline(route, 10.0, basis=DesignBasis(maop_bar=100.0), costs=costs)
    assert link.capex_musd == pytest.approx(econ.cost.capex_musd, rel=1e-12)
    assert link.design["inputs"]["compressor_cost_musd_per_mw"] == pytest.approx(4.0)
    assert link.design["inputs"]["opex_fraction_per_yr"] == pytest.approx(0.025)
    assert link.capex_musd > loads(text()).link("line").capex_musd
