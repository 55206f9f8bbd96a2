"""The ledger over a chunk of draws gives every draw's own ledger NPVs (corridor.risk.chunk)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from corridor.deal_draw import DealDraw
from corridor.finance import ledger
from corridor.risk.chunk import chunk_ledger, present_values, stack_draws
from corridor.risk.columns import run_draws
from corridor.risk.costs import cost_model
from corridor.risk.draw import RunContext, deal_draw, draw_row
from corridor.scenario import load_scenario

DRAWS = 300


@pytest.fixture(scope="module")
def korea():  # type: ignore[no-untyped-def]
    scenario = load_scenario("korea-2011")
    deal, risk = scenario.deal, scenario.risk
    assert deal is not None and risk is not None
    ctx = RunContext(scenario, deal, risk, 0, None, cost_model(scenario, deal, risk))
    return ctx, [deal_draw(ctx, i).draw for i in range(DRAWS)]


def _ledger_npvs(deal, base_year: int, rate: float, draw: DealDraw) -> np.ndarray:  # type: ignore[no-untyped-def]
    book = ledger(deal, base_year, draw)
    net = book.net(deal.actors)
    t = (book.years - base_year).astype(float)
    return np.array([np.sum(net[i] * (1 + deal.discount_rate(a, rate)) ** -t)
                     for i, a in enumerate(deal.actors)])  # fmt: skip


def _variants(deal, risk):  # type: ignore[no-untyped-def]
    """The deal with every feature on, in several settings of the rules."""
    everything = {"guarantee": risk.guarantee, "delivery": risk.delivery,
                  "escrow": risk.escrow, "insurance": risk.insurance}  # fmt: skip
    harsh = dataclasses.replace(risk.termination, salvage=0.25, debt_stops=True, lng_premium=0.1)
    tariff = dataclasses.replace(deal.transit_fee, kind="tariff", ship_or_pay=0.6)
    yield deal, everything
    yield (
        dataclasses.replace(deal, take_or_pay=0.8, transit_fee=tariff),
        {
            "termination": harsh,
            "guarantee": dataclasses.replace(risk.guarantee, provider="RU"),
            "delivery": dataclasses.replace(risk.delivery, events=("cut", "termination")),
            "escrow": dataclasses.replace(risk.escrow, lag_yr=2),
            "insurance": dataclasses.replace(risk.insurance, provider="KR"),
        },
    )
    yield deal, {
        "delivery": dataclasses.replace(risk.delivery, point="origin"),
        "insurance": dataclasses.replace(risk.insurance, limit_musd=500.0,
                                         premium_musd_per_yr=3.0, events=("cut",)),
        "fee_withheld": False,
    }  # fmt: skip


def test_chunk_npvs_equal_the_per_draw_ledger_with_every_feature_on(korea) -> None:  # type: ignore[no-untyped-def]
    ctx, draws = korea
    scenario, risk = ctx.scenario, ctx.risk
    base, rate = scenario.base_year, scenario.discount_rate
    # the draws cover what the chunk must get right: cuts, terminations at many years,
    # several delays, index paths, debt recycled into projects
    assert any(d.lost is not None and d.lost.any() for d in draws)
    assert len({d.terminated_from for d in draws}) > 10
    assert len({d.delay_yr for d in draws}) > 1 and draws[0].index_paths
    assert ctx.deal.debt is not None and ctx.deal.debt.recycled > 0
    for deal, rules in _variants(ctx.deal, risk):
        changed = [dataclasses.replace(d, **rules) for d in draws]
        chunk = stack_draws(deal, changed)
        book = chunk_ledger(deal, base, chunk)
        ours = present_values(deal, base, rate, book.years, book.net(deal.actors, chunk.size))
        expected = np.array([_ledger_npvs(deal, base, rate, d) for d in changed]).T
        np.testing.assert_allclose(ours, expected, rtol=1e-9, atol=1e-6)


def test_chunk_columns_equal_the_per_draw_columns() -> None:
    scenario = load_scenario("korea-2011")
    deal, risk = scenario.deal, scenario.risk
    assert deal is not None and risk is not None
    ctx = RunContext(scenario, deal, risk, 3, None, cost_model(scenario, deal, risk))
    columns = run_draws(ctx, 40, 140)
    rows = [draw_row(ctx, i) for i in range(40, 140)]
    assert list(columns) == list(rows[0])
    for name, values in columns.items():
        expected = np.array([row[name] for row in rows])
        np.testing.assert_allclose(values, expected, rtol=1e-9, atol=1e-6, err_msg=name)


def test_a_draws_numbers_do_not_depend_on_its_chunk() -> None:
    scenario = load_scenario("korea-2011")
    deal, risk = scenario.deal, scenario.risk
    assert deal is not None and risk is not None
    ctx = RunContext(scenario, deal, risk, 1, None, cost_model(scenario, deal, risk))
    wide = run_draws(ctx, 0, 60)  # more delays, so a longer calendar axis
    for start in (7, 30):
        narrow = run_draws(ctx, start, start + 3)
        for name, values in narrow.items():
            assert np.array_equal(values, wide[name][start : start + 3], equal_nan=True), name
