"""Subsea segments given by depth in a scenario file: walls, costs, located problems."""

from __future__ import annotations

import pytest

from corridor.engineering import CostBasis, DesignBasis, Segment, least_cost_pipeline
from corridor.engineering.offshore import OffshoreBasis
from corridor.errors import ScenarioError
from corridor.scenario import load_scenario, loads
from tests.scenario.test_design import HEAD

DEEP = """
[links.pipeline]
assumption = "test design"
throughput = "8 bcm/yr"
offshore_maop = "250 bar"
inlet_pressure = "250 bar"
gas_price = "300 USD/1000m3"
{extra}

[[links.pipeline.segments]]
name = "sea"
length = "300 km"
offshore = true
{depth}
"""


def deep(depth: str = "max_depth = '2500 m'", extra: str = "") -> str:
    return HEAD + DEEP.format(depth=depth, extra=extra)


def problems(toml: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        loads(toml, file="f.toml")
    return [str(p) for p in info.value.problems]


def test_a_deep_segment_is_designed_and_costed_as_engineering_does() -> None:
    link = loads(deep()).link("line")
    route = (Segment(300, offshore=True, name="sea", depth_m=((0.0, 2500.0),)),)
    basis = DesignBasis(offshore_maop_bar=250.0, inlet_pressure_bar=250.0)
    econ = least_cost_pipeline(route, 8.0, basis=basis, costs=CostBasis(discount_rate=0.10))
    assert link.capex_musd == pytest.approx(econ.cost.capex_musd)
    (row,) = link.design["subsea"]
    wall = econ.design.offshore_walls[0]
    assert wall is not None
    assert (row["wall_mm"], row["binding_check"]) == (wall.wall_mm, "collapse")
    assert row["max_depth_m"] == 2500.0 and row["extrapolation"] is True
    assert row["deepest_built"] == "TurkStream"
    assert link.design["derived"]["capex_landfalls_musd"] == pytest.approx(200.0)
    assert link.design["inputs"]["steel_grade"] == "X70"


def test_subsea_material_and_unit_costs_are_read_from_the_table() -> None:
    base = loads(deep()).link("line")
    x80 = loads(deep(extra='steel_grade = "X80"')).link("line")
    assert x80.design["subsea"][0]["wall_mm"] < base.design["subsea"][0]["wall_mm"]
    dear = loads(deep(extra='steel_price = "3000 USD/t"')).link("line")
    steel = base.design["subsea"][0]["steel_musd"]
    assert dear.design["subsea"][0]["steel_musd"] == pytest.approx(2 * steel)
    slow = loads(deep(extra='lay_cost_factor = "2 1"')).link("line")
    lay = base.design["subsea"][0]["lay_musd"]
    mobilisation = 20.0  # one spread, not scaled by the day-rate factor
    assert slow.design["subsea"][0]["lay_musd"] - mobilisation == pytest.approx(
        2 * (lay - mobilisation)
    )
    size = 'outer_diameter = "610 mm"'
    warm = loads(deep(extra=size)).link("line")
    cold = loads(deep(extra=f'{size}\nseabed_temperature = "1 degC"')).link("line")
    assert cold.design["inputs"]["seabed_temperature_k"] == pytest.approx(274.15)
    # cold gas is denser: slower for the same mass flow, less friction, more pressure left
    arrival = cold.design["derived"]["arrival_pressure_bar"]
    assert arrival > warm.design["derived"]["arrival_pressure_bar"]


def test_a_depth_profile_is_followed_along_the_segment() -> None:
    profile = "depth_profile_km_m = [[0, 0], [50, 2000], [250, 2000], [300, 0]]"
    link = loads(deep(depth=profile)).link("line")
    row = link.design["subsea"][0]
    assert row["max_depth_m"] == 2000.0
    assert link.design["segments"][0]["depth_profile_km_m"][1] == [50.0, 2000.0]
    constant = loads(deep(depth="max_depth = '2000 m'")).link("line")
    # the same wall (collapse at 2,000 m), but the slopes are laid faster (by more
    # spreads: three mobilisations against one)
    assert row["wall_mm"] == constant.design["subsea"][0]["wall_mm"]
    assert row["lay_days"] < constant.design["subsea"][0]["lay_days"]


@pytest.mark.parametrize(
    ("depth", "extra", "message"),
    [
        ("max_depth = '3000 m'\ndepth_profile_km_m = [[0, 100]]", "", "not both"),
        ("max_depth = '12 km'", "", "depth must lie in (0, 11,000] m"),
        ("depth_profile_km_m = [[0, 0], [9, 12000]]", "", "depth must lie in [0, 11,000] m"),
        ("depth_profile_km_m = [[0, 0], [300, 0]]", "", "a point below sea level"),
        ("max_depth = '100 m'", 'ovality = "0.1 %"', "ovality: must lie in [0.005, 0.1)"),
        ("max_depth = '100 m'", 'seabed_temperature = "60 degC"', "must lie in [-5, 37] degC"),
        (
            "max_depth = '100 m'",
            'corrosion_allowance = "25 mm"',
            "corrosion_allowance: must lie in [0, 20) mm",
        ),
        ("max_depth = '6000 m'", "", "collapse at 6,000 m needs"),
    ],
)
def test_bad_depths_and_materials_are_located(depth: str, extra: str, message: str) -> None:
    found = problems(deep(depth=depth, extra=extra))
    assert any(message in p for p in found), found
    assert all(p.startswith("f.toml:") for p in found)


def test_depth_on_land_and_subsea_keys_without_a_deep_segment_are_refused() -> None:
    onshore = deep(depth="max_depth = '100 m'").replace("offshore = true", "offshore = false")
    found = problems(onshore)
    assert any("only an offshore segment has a water depth" in p for p in found), found
    plain = deep(depth="", extra='steel_grade = "X65"')
    found = problems(plain)
    assert any("steel_grade: only a route with a subsea segment" in p for p in found), found


def test_korea_subsea_is_designed_for_collapse_at_3000_m() -> None:
    link = load_scenario("korea-2011").link("subsea")
    (row,) = link.design["subsea"]
    assert row["max_depth_m"] == 3000.0
    assert row["binding_check"] == "collapse"
    assert row["extrapolation"] is True
    assert row["d_over_t"] < 20  # deep-water lines are built near D/t 20 (Blue Stream 19.2)
    # the overland line keeps its Barlow walls and inch-km cost: no subsea block
    assert "subsea" not in load_scenario("korea-2011").link("overland-north").design
    assert OffshoreBasis().steel_grade == row["steel_grade"]


def test_the_overland_lines_are_costed_as_before_the_subsea_model() -> None:
    """Onshore results unchanged: the levelised costs stored before issue 19, to the digit."""
    from corridor.market import MarketModel

    model = MarketModel(load_scenario("korea-2011"))
    assert model.link_cost("overland-north") == 20.679038046051687
    assert model.link_cost("overland-south") == 16.60615499361618
