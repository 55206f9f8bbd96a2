"""The leverage tornado: a hand-worked three-player case, korea-2011, and the workers."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from corridor import tornado as tornado_module
from corridor.errors import InputError
from corridor.execution import RunSettings
from corridor.scenario import Scenario, load_scenario
from corridor.tornado import ranged_inputs, tornado

# Seller S's field (100 USD/1000m3) reaches buyer B's city (8 bcm/yr, willingness to pay
# 500) only by transit T's planned pipe (10 USD/1000m3, capex K USD bn over 20 years at a
# 0 % discount rate, so 1000 K / 20 USD m/yr); B alone buys LNG at 400 by its own terminal.
# Every coalition with B earns 8 x (500 - 400) = 800; S, T and B together also save
# g(K) = 8 x (400 - 110) - 1000 K / 20 = 2320 - 50 K over the LNG. Shapley: S and T g/3
# each, B 800 + g/3. Ex-ante the pipe's capex counts: K from 0.5 to 2 moves each by
# 50 x 1.5 / 3 = 25 (S, T: 765 -> 740); ex-post the pipe is sunk (g = 2320, no swing).
# The willingness to pay (450 to 600) moves only B's stand-alone 8 x (wtp - 400): by 1200.
MINI = """
actors = [
  { id = "S", name = "Seller" }, { id = "T", name = "Transit" }, { id = "B", name = "Buyer" },
]
nodes = [
  { id = "FIELD", name = "Field", lat = 0.0, lon = 0.0, assumption = "maps only" },
  { id = "CITY", name = "City", lat = 0.0, lon = 1.0, assumption = "maps only" },
  { id = "WLM", name = "World LNG", lat = 1.0, lon = 1.0, assumption = "maps only" },
]

[scenario]
name = "mini"
title = "Seller, transit, buyer"
base_year = 2025
assumption = "hand-worked test case"
horizon = { value = 20, unit = "yr" }
discount_rate = { value = 0, unit = "%/yr" }

[[commodities]]
id = "gas"
kind = "gas"

[[supplies]]
id = "field"
node = "FIELD"
owner = "S"
commodity = "gas"
assumption = "hand-worked test case"
blocks = [{ capacity = "10 bcm/yr", cost = "100 USD/1000m3" }]

[[supplies]]
id = "lng"
node = "WLM"
commodity = "gas"
assumption = "hand-worked test case"
blocks = [{ capacity = "100 bcm/yr", cost = "400 USD/1000m3" }]

[[demands]]
id = "city"
node = "CITY"
owner = "B"
commodity = "gas"
assumption = "hand-worked test case"

[[demands.blocks]]
quantity = "8 bcm/yr"
wtp = { value = 500, unit = "USD/1000m3", low = 450, high = 600 }

[[links]]
id = "pipe"
from = "FIELD"
to = "CITY"
commodity = "gas"
status = "planned"
control = ["T"]
assumption = "hand-worked test case"
capacity = "8 bcm/yr"
unit_cost = "10 USD/1000m3"
capex = { value = 1, unit = "USD bn", low = 0.5, high = 2 }
lifetime = "20 yr"

[[links]]
id = "regas"
from = "WLM"
to = "CITY"
commodity = "gas"
status = "existing"
control = ["B"]
assumption = "hand-worked test case"
capacity = "50 bcm/yr"
unit_cost = "0 USD/1000m3"

[[benchmarks]]
id = "fee"
kind = "transit_fee"
actor = "T"
value = { value = 700, unit = "USD m/yr", low = 600, high = 800, assumption = "not an input" }
"""


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    path: Path = tmp_path_factory.mktemp("tornado") / "mini.toml"
    path.write_text(MINI, encoding="utf-8")
    return load_scenario(path)


@pytest.fixture(scope="module")
def korea() -> Scenario:
    return load_scenario("korea-2011")


def test_the_ranged_inputs_of_a_file_are_its_numbers_with_low_and_high(mini: Scenario) -> None:
    found = [(i.path, i.value, i.low, i.high, i.unit) for i in ranged_inputs(mini)]
    # the benchmark's range is a published figure's, not an input's; no designed pipeline
    assert found == [
        ("demands.city.blocks[0].wtp", 500, 450, 600, "USD/1000m3"),
        ("links.pipe.capex", 1, 0.5, 2, "USD bn"),
    ]


def test_the_hand_worked_swings(mini: Scenario) -> None:
    table = tornado(mini).table.set_index(["input", "stage", "actor"])
    capex = table.loc[("links.pipe.capex", "ex-ante", "T")]
    assert capex["value_musd_per_yr"] == pytest.approx((2320 - 50) / 3, rel=1e-9)
    assert capex["value_low_musd_per_yr"] == pytest.approx((2320 - 25) / 3, rel=1e-9)
    assert capex["value_high_musd_per_yr"] == pytest.approx((2320 - 100) / 3, rel=1e-9)
    assert capex["swing_musd_per_yr"] == pytest.approx(25, rel=1e-9)
    assert table.loc[("links.pipe.capex", "ex-ante", "B"), "swing_musd_per_yr"] == pytest.approx(25)
    assert table.loc[("links.pipe.capex", "ex-post", "T"), "swing_musd_per_yr"] == 0
    wtp = table.loc[("demands.city.blocks[0].wtp", "ex-ante", "B")]
    assert wtp["value_low_musd_per_yr"] == pytest.approx(8 * 50 + (2320 - 50) / 3, rel=1e-9)
    assert wtp["swing_musd_per_yr"] == pytest.approx(1200, rel=1e-9)
    assert table.loc[("demands.city.blocks[0].wtp", "ex-ante", "T"), "swing_musd_per_yr"] == 0


def test_rows_are_sorted_by_swing_and_filtered(mini: Scenario) -> None:
    done = tornado(mini, stage="ex-ante", actors=["T"])
    assert list(done.table["actor"]) == ["T", "T"]
    assert list(done.table["input"]) == ["links.pipe.capex", "demands.city.blocks[0].wtp"]
    assert list(done.table["swing_musd_per_yr"]) == sorted(done.table["swing_musd_per_yr"],
                                                           reverse=True)  # fmt: skip
    payload = done.to_dict()
    json.dumps(payload, allow_nan=False)
    assert payload["schema"] == "corridor.tornado/1" and payload["concept"] == "shapley"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"concept": "core"}, "unknown concept 'core'"),
        ({"actors": ["X"]}, "X plays no game here (players: B, S, T)"),
        ({"inputs": ["links.pipe.capacity"]}, "no range for links.pipe.capacity"),
    ],
)
def test_bad_options_are_input_errors(
    mini: Scenario, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        tornado(mini, **options)


def test_korea_lists_the_subsea_related_inputs_sorted_by_swing(korea: Scenario) -> None:
    done = tornado(korea, stage="ex-post", commodity="gas", actors=["KP"])
    paths = [i.path for i in done.inputs]
    assert paths == ["commodities.containers.value_of_time", "links.tkr.capex",
                     "unit_costs.pipe_onshore", "unit_costs.pipe_offshore",
                     "unit_costs.compressor", "unit_costs.other", "unit_costs.opex",
                     "unit_costs.subsea_steel", "unit_costs.subsea_lay",
                     "unit_costs.subsea_landfall"]  # fmt: skip
    compressor = next(i for i in done.inputs if i.path == "unit_costs.compressor")
    # the low end on every designed pipeline of korea-2011 (none gives its own)
    assert sorted(compressor.at_low) == [f"links.{k}.pipeline" for k in
                                         ("china-route", "overland-north", "overland-south",
                                          "subsea")]  # fmt: skip
    assert compressor.at_low["links.subsea.pipeline"]["compressor_cost"]["value"] == 1.5
    offshore = next(i for i in done.inputs if i.path == "unit_costs.pipe_offshore")
    # only the China route's Yellow Sea crossing is costed per inch-km: the East Sea
    # segment is given by depth and costed from quantities
    assert sorted(offshore.at_low) == ["links.china-route.pipeline.segments[2]"]
    assert offshore.at_low["links.china-route.pipeline.segments[2]"]["cost_factor"][
        "value"
    ] == pytest.approx(50 / 80)
    steel = next(i for i in done.inputs if i.path == "unit_costs.subsea_steel")
    assert sorted(steel.at_low) == ["links.subsea.pipeline"]
    assert steel.at_low["links.subsea.pipeline"]["steel_price"]["value"] == 1000.0
    swings = list(done.table["swing_musd_per_yr"])
    assert swings == sorted(swings, reverse=True)
    top = done.table.iloc[0]
    # after the build North Korea's hold-up hangs first on the sunk line's operating cost
    # (a share of its capex: dear onshore pipe, less to hold up), then on the bypass's
    assert top["input"] == "unit_costs.pipe_onshore"
    assert top["value_musd_per_yr"] == pytest.approx(89.46, abs=0.01)
    assert top["value_low_musd_per_yr"] > top["value_musd_per_yr"] > top["value_high_musd_per_yr"]
    subsea = done.table.set_index("input").loc["unit_costs.subsea_steel"]
    assert subsea["value_high_musd_per_yr"] > subsea["value_musd_per_yr"]
    # the container inputs cannot move the gas game
    containers = ["links.tkr.capex", "commodities.containers.value_of_time"]
    rail = done.table[done.table["input"].isin(containers)]
    assert (rail["swing_musd_per_yr"] == 0).all()


def test_a_unit_cost_at_its_central_value_changes_nothing(korea: Scenario) -> None:
    # the cost_factor route is exact: the offshore unit cost x 1 rebuilds the same links
    offshore = next(i for i in ranged_inputs(korea) if i.path == "unit_costs.pipe_offshore")
    same = {
        path: {**segment, "cost_factor": {**segment["cost_factor"],
                                          "value": segment["cost_factor"]["value"] * 80 / 50}}
        for path, segment in offshore.at_low.items()
    }  # fmt: skip
    rebuilt = korea.with_overrides(same)
    for link in ("subsea", "china-route"):
        assert rebuilt.link(link).capex_musd == pytest.approx(korea.link(link).capex_musd)
        assert rebuilt.link(link).unit_cost == pytest.approx(korea.link(link).unit_cost)


def test_the_same_bytes_for_any_number_of_workers(mini: Scenario) -> None:
    one = json.dumps(tornado(mini, run=RunSettings(workers=1)).to_dict())
    two = json.dumps(tornado(mini, run=RunSettings(workers=2)).to_dict())
    assert one == two


def test_a_resumed_tornado_reads_its_ends_back(
    mini: Scenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = json.dumps(tornado(mini, run=RunSettings(checkpoint=tmp_path)).to_dict())
    (folder,) = tmp_path.iterdir()
    assert folder.name.startswith("tornado-") and (folder / "meta.json").is_file()
    computed: list[int] = []
    evaluate = tornado_module._evaluate

    def counted(recipe: Any, chunk: Any) -> Any:
        computed.append(chunk.start)
        return evaluate(recipe, chunk)

    monkeypatch.setattr(tornado_module, "_evaluate", counted)
    resumed = tornado(mini, run=RunSettings(checkpoint=tmp_path, resume=True))
    assert computed == [] and json.dumps(resumed.to_dict()) == first
    fresh = tornado(mini, run=RunSettings(checkpoint=tmp_path))
    assert len(computed) == 2 * len(ranged_inputs(mini))  # without --resume: all again
    assert json.dumps(fresh.to_dict()) == first
    # another concept is another job, in its own folder
    tornado(mini, concept="nucleolus", run=RunSettings(checkpoint=tmp_path))
    assert len(list(tmp_path.iterdir())) == 2
