"""``corridor.compare``: a scenario against itself and against one override."""

from __future__ import annotations

import json
import math

import pytest

from corridor import analyses
from corridor.compare import compare, differing_inputs
from corridor.scenario import Scenario, load_scenario

LNG_COST = "supplies.world-lng.blocks[0].cost"


@pytest.fixture(scope="module")
def korea() -> Scenario:
    return load_scenario("korea-2011")


def test_a_scenario_against_itself_differs_in_nothing(korea: Scenario) -> None:
    done = compare(korea, korea, concepts=["shapley", "nucleolus"])
    assert done.inputs.empty
    for frame in (done.welfare, done.power, done.npv):
        assert not frame.empty
        assert (frame["difference"] == 0).all()
    # the ex-ante Nash fee is NaN on both sides (an empty zone), every other bound equal
    finite = done.fees.dropna(subset=["a"])
    assert (finite["difference"] == 0).all() and len(finite) == len(done.fees) - 1
    assert set(done.power["concept"]) == {"shapley", "nucleolus"}
    assert set(done.power["stage"]) == {"ex-ante", "ex-post"}


def test_one_override_lists_that_input_and_the_direct_runs_difference(korea: Scenario) -> None:
    variant = load_scenario("korea-2011", {LNG_COST: "12 USD/MMBtu"})
    done = compare(korea, variant, stage="ex-ante", concepts=["shapley"])
    assert done.inputs.to_dict(orient="records") == [
        {"path": LNG_COST, "a": "13 USD/MMBtu", "b": "12 USD/MMBtu"}
    ]
    base, cheaper = analyses.run(korea), analyses.run(variant)
    total = done.welfare.set_index("commodity").loc["total"]
    expected = cheaper.result.welfare_musd_per_yr - base.result.welfare_musd_per_yr
    assert total["difference"] == pytest.approx(expected, rel=1e-12)
    assert expected > 0  # cheaper LNG: more surplus
    gas = done.welfare.set_index("commodity").loc["gas", "difference"]
    assert gas == pytest.approx(
        cheaper.welfare_by_commodity()["gas"] - base.welfare_by_commodity()["gas"], rel=1e-12
    )
    assert done.welfare.set_index("commodity").loc["containers", "difference"] == 0
    shapley = done.power.set_index(["commodity", "actor"])["difference"]
    direct = analyses.power(variant, stage="ex-ante", concepts=["shapley"]).reports[0].table
    before = analyses.power(korea, stage="ex-ante", concepts=["shapley"]).reports[0].table
    kr = float(direct.set_index("player").loc["KR", "shapley"]) - float(
        before.set_index("player").loc["KR", "shapley"]
    )
    assert shapley.loc[("gas", "KR")] == pytest.approx(kr, rel=1e-12)


def test_the_document_is_json_with_its_schema(korea: Scenario) -> None:
    variant = korea.with_overrides(drop=["links.subsea"])
    payload = compare(korea, variant, stage="ex-post", concepts=["shapley"]).to_dict()
    json.dumps(payload, allow_nan=False)
    assert payload["schema"] == "corridor.compare/1"
    assert payload["b"] == "korea-2011 --drop links.subsea"
    (dropped,) = payload["inputs"]
    assert dropped["path"] == "links.subsea" and dropped["b"] == "(absent)"
    kp = next(r for r in payload["power"] if r["actor"] == "KP" and r["commodity"] == "gas")
    # the issue: without the bypass KP's ex-ante Shapley value is 130; ex-post more
    assert kp["b"] > kp["a"]


def test_differing_inputs_walks_tables_items_and_measures() -> None:
    a = {
        "scenario": {"name": "x", "discount_rate": {"value": 8, "unit": "%/yr", "source": "s"}},
        "links": [{"id": "l1", "capacity": "6 bcm/yr", "control": ["A", "B"]},
                  {"id": "l2", "capacity": "1 bcm/yr"}],
        "supplies": [{"node": "n", "blocks": [{"cost": 1}, {"cost": 2}]}],
    }  # fmt: skip
    b = {
        "scenario": {"name": "x", "discount_rate": {"value": 8.0, "unit": "%/yr",
                                                    "assumption": "other provenance"}},
        "links": [{"id": "l2", "capacity": {"value": 1, "unit": "bcm/yr"}},
                  {"id": "l1", "capacity": "7 bcm/yr", "control": ["A"]}],
        "supplies": [{"node": "n", "blocks": [{"cost": 1}, {"cost": 3}]}],
        "deal": {"price": "11 USD/MMBtu"},
    }  # fmt: skip
    rows = differing_inputs(a, b).to_dict(orient="records")
    assert rows == [
        {"path": "links.l1.capacity", "a": "6 bcm/yr", "b": "7 bcm/yr"},
        {"path": "links.l1.control", "a": "[A, B]", "b": "[A]"},
        {"path": "supplies[0].blocks[1].cost", "a": "2", "b": "3"},
        {"path": "deal", "a": "(absent)", "b": "{ price = 11 USD/MMBtu }"},
    ]


def test_npvs_need_a_deal_on_both_sides(korea: Scenario) -> None:
    variant = korea.with_overrides(drop=["deal", "risk"])
    done = compare(korea, variant, stage="ex-ante", concepts=["shapley"])
    assert done.npv.empty and done.fees["b"].isna().all()
    assert any("NPVs not compared" in note for note in done.notes)
    assert math.isfinite(float(done.fees.set_index("quantity").loc["holdup_fee_musd_per_yr", "a"]))
