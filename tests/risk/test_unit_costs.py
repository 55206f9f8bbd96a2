"""A designed pipeline priced again at drawn unit costs: exact at the centre, linear by part."""

from __future__ import annotations

import dataclasses

import pytest

from corridor.risk.costs import cost_model
from corridor.risk.unit_costs import RATIO_KEYS, unit_cost_exposure, unit_cost_ratios
from corridor.scenario import load_scenario
from corridor.seeds import stream_generator

DESIGNED = ("overland-north", "overland-south", "subsea", "china-route")


@pytest.fixture(scope="module")
def korea():  # type: ignore[no-untyped-def]
    return load_scenario("korea-2011")


def test_central_unit_costs_give_the_designed_capex(korea) -> None:  # type: ignore[no-untyped-def]
    for link_id in DESIGNED:
        exposure = unit_cost_exposure(korea.link(link_id))
        assert exposure is not None
        assert exposure.capex({}) == pytest.approx(korea.link(link_id).capex_musd, rel=1e-12)
    assert unit_cost_exposure(korea.link("ru-cn")) is None  # capex given, not designed


def test_each_part_scales_with_its_unit_cost(korea) -> None:  # type: ignore[no-untyped-def]
    # doubling a unit cost adds its part once more, with "other" (20 % of pipe and
    # compressors) on top; a subsea item also carries the survey (10 % of the items)
    north = korea.link("overland-north")
    exposure = unit_cost_exposure(north)
    assert exposure is not None
    pipe = north.design["derived"]["capex_pipe_musd"]
    gain = exposure.capex({"pipe_onshore": 2.0}) - exposure.capex({})
    assert gain == pytest.approx(pipe * 1.2)
    subsea = korea.link("subsea")
    record = subsea.design["subsea"][0]
    sub = unit_cost_exposure(subsea)
    assert sub is not None
    gain = sub.capex({"steel": 2.0}) - sub.capex({})
    assert gain == pytest.approx(record["steel_musd"] * 1.1 * 1.2)
    ratios = dict.fromkeys(RATIO_KEYS, 1.5)
    assert sub.ratio(ratios) > 1.5  # other and survey are fractions of drawn items


def test_drawn_unit_costs_multiply_each_links_factor(korea) -> None:  # type: ignore[no-untyped-def]
    risk = korea.risk
    drawn = dataclasses.replace(risk, costs=dataclasses.replace(risk.costs, unit_costs=True))
    plain = cost_model(korea, korea.deal, risk)
    priced = cost_model(korea, korea.deal, drawn)
    for index in range(3):
        rng = stream_generator(4, index, "costs")
        rng.standard_normal(plain.routes + 1)
        ratios = unit_cost_ratios(rng)
        base, with_units = plain.factors(4, index, 1.1), priced.factors(4, index, 1.1)
        for link_id in DESIGNED:
            exposure = unit_cost_exposure(korea.link(link_id))
            assert exposure is not None
            assert with_units[link_id] == pytest.approx(base[link_id] * exposure.ratio(ratios))
        assert with_units["ru-cn"] == base["ru-cn"]
