"""Deal cash flows worked out by hand; NPV and IRR against numpy-financial."""

from __future__ import annotations

import math

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.deal_draw import DealDraw
from corridor.finance import appraise, irr, irr_roots, npv, payback
from corridor.scenario import loads
from corridor.scenario.deal_model import Guarantee
from tests.finance.cases import SMALL_DEAL

# Hand-worked net cash flows (USD m) of tests/finance/cases.py, years 2018-2022:
# S: capex 60 over 2018-19 (-30/yr); debt 100 with 50 % written off = 50 repaid in 4
#    half-yearly instalments of 12.5 from 2019 (+25 in 2019 and 2020); sales 100/1000m3
#    x (1, 2, 2) bcm less cost 40/1000m3, fee 10/yr and opex 10 % x 60 = 6/yr.
# T: aid +5 in 2018-19; debt -25 in 2019-20; fee +10 in 2020-22.
# B: aid -5 in 2018-19; avoided LNG 150 x volume less purchase 100 x volume.
HAND = {
    "S": [-30.0, -5.0, 100 - 40 - 10 - 6 + 25, 200 - 80 - 10 - 6, 200 - 80 - 10 - 6],
    "T": [5.0, 5.0 - 25, 10.0 - 25, 10.0, 10.0],
    "B": [-5.0, -5.0, 150 - 100, 300 - 200, 300 - 200],
}


@pytest.fixture(scope="module")
def scenario():  # type: ignore[no-untyped-def]
    return loads(SMALL_DEAL, file="small.toml")


def test_cash_flows_by_hand(scenario) -> None:  # type: ignore[no-untyped-def]
    result = appraise(scenario)
    assert list(result.cash_flows.index) == [2018, 2019, 2020, 2021, 2022]
    for actor, flows in HAND.items():
        np.testing.assert_allclose(result.cash_flows[actor].to_numpy(), flows, atol=1e-9)
    items = result.items.set_index(["year", "actor", "item"])["musd"]
    assert items[(2020, "S", "debt service")] == pytest.approx(25.0)
    assert items[(2021, "B", "avoided LNG")] == pytest.approx(300.0)


def test_npv_irr_payback_against_numpy_financial(scenario) -> None:  # type: ignore[no-untyped-def]
    summary = appraise(scenario).summary.set_index("actor")
    seller = np.array(HAND["S"])
    assert summary.loc["S", "npv_musd"] == pytest.approx(npf.npv(0.10, seller))
    assert summary.loc["S", "irr"] == pytest.approx(npf.irr(seller), rel=1e-8)
    assert summary.loc["S", "payback_year"] == 2020  # cumulative -30, -35, +34
    buyer = np.array(HAND["B"])
    assert summary.loc["B", "irr"] == pytest.approx(npf.irr(buyer), rel=1e-8)
    assert summary.loc["B", "payback_year"] == 2020  # cumulative -5, -10, +40
    assert math.isnan(summary.loc["T", "payback_year"])  # cumulative 5, -15, -30, -20, -10
    assert summary.loc["T", "npv_musd"] == pytest.approx(npf.npv(0.10, HAND["T"]))


def test_disruption_and_guarantee_by_hand(scenario) -> None:  # type: ignore[no-untyped-def]
    deal = scenario.deal
    draw = DealDraw(lost=np.array([0.0, 0.5, 0.0]), spot_premium=0.2)
    flows = appraise(scenario, draw).cash_flows
    # 2021: 1 of 2 bcm delivered; fee withheld pro rata; buyer buys 1 bcm spot at 180
    assert flows.loc[2021, "S"] == pytest.approx(100 - 40 - 5 - 6)
    assert flows.loc[2021, "T"] == pytest.approx(5.0)
    assert flows.loc[2021, "B"] == pytest.approx(300 - 100 - 180)
    cover = Guarantee("insurance", cost_musd_per_yr=2.0, payer="B", cover=1.0)
    covered = appraise(scenario, DealDraw(lost=draw.lost, spot_premium=0.2, guarantee=cover))
    assert covered.cash_flows.loc[2021, "B"] == pytest.approx(20 - 2 + 150 * 0.2)
    assert covered.cash_flows.loc[2022, "B"] == pytest.approx(100 - 2)
    assert deal.transit_fee.tariff_fee(2.0) == pytest.approx(2 * 2 * 2.5)


cash = st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=2, max_size=30)


@settings(max_examples=60, deadline=None)
@given(values=cash, rate=st.floats(-0.5, 0.5))
def test_npv_matches_numpy_financial(values: list[float], rate: float) -> None:
    assert npv(rate, np.array(values)) == pytest.approx(npf.npv(rate, values), abs=1e-6, rel=1e-9)


@settings(max_examples=80, deadline=None)
@given(
    outlay=st.floats(1.0, 1e3),
    inflows=st.lists(st.floats(0.01, 1e3), min_size=1, max_size=30),
)
def test_irr_matches_numpy_financial(outlay: float, inflows: list[float]) -> None:
    # One sign change: exactly one IRR (Descartes' rule of signs), so numpy-financial's
    # choice among roots does not matter. It can lie at -99 % or below (outlay 1, one
    # inflow 0.01: the previous grid search missed that root on its grid's edge).
    values = np.array([-outlay, *inflows])
    assert irr_roots(values).size == 1
    ours = irr(values)
    assert abs(npv(ours, values)) <= 1e-8 * np.abs(values).sum() * max(1.0, (1 + ours) ** -30)
    expected = npf.irr(values)
    if math.isfinite(expected):  # npf drops roots with a rounding-level imaginary part
        assert ours == pytest.approx(expected, rel=1e-6, abs=1e-9)


def test_irr_several_or_none() -> None:
    # -100 + 230/(1+r) - 132/(1+r)^2 = 0  <=>  100x^2 - 230x + 132 = 0 with x = 1 + r:
    # x = (230 -+ 10)/200 = 1.1, 1.2, so 10 % and 20 %; numpy-financial picks the one
    # nearest zero, we report both and no single IRR.
    flows = np.array([-100.0, 230.0, -132.0])
    np.testing.assert_allclose(irr_roots(flows), [0.10, 0.20], atol=1e-12)
    assert math.isnan(irr(flows))
    assert npf.irr(flows) == pytest.approx(0.10)
    # -100 + 250x - 200x^2 has discriminant 62,500 - 80,000 < 0: no IRR at all
    assert irr_roots(np.array([-100.0, 250.0, -200.0])).size == 0
    assert math.isnan(irr(np.array([5.0, 1.0])))  # all receipts
    assert irr(np.array([0.0, -100.0, 110.0, 0.0])) == pytest.approx(0.10)  # zeros at the ends
    assert irr(np.array([-1.0, 0.01])) == pytest.approx(-0.99)


def test_payback_edges() -> None:
    years = np.arange(2020, 2024)
    assert math.isnan(payback(years, np.array([1.0, 1.0, 1.0, 1.0])))  # nothing to pay back
    assert math.isnan(payback(years, np.array([-5.0, 1.0, 1.0, 1.0])))  # never recovered
    assert payback(years, np.array([-5.0, 2.0, 3.0, 1.0])) == 2022


def test_tariff_fee_on_gas_carried() -> None:
    # 2 USD/1000m3/100km over 250 km = 5 USD/1000m3 = 5 USD m per bcm carried
    text = SMALL_DEAL.replace('kind = "fixed"\npayer = "S"', 'kind = "tariff"\npayer = "S"')
    tariff = loads(text, file="tariff.toml")
    fees = appraise(tariff).items.query("actor == 'T' and item == 'transit fee'")
    assert fees.set_index("year")["musd"].to_dict() == pytest.approx({2020: 5, 2021: 10, 2022: 10})
    half = np.array([0.0, 0.5, 0.0])
    withheld = appraise(tariff, DealDraw(lost=half)).items.query(
        "actor == 'T' and item == 'transit fee'"
    )
    assert withheld.set_index("year")["musd"][2021] == pytest.approx(5.0)
    paid = appraise(tariff, DealDraw(lost=half, fee_withheld=False)).items
    paid = paid.query("actor == 'T' and item == 'transit fee'").set_index("year")["musd"]
    assert paid[2021] == pytest.approx(10.0)  # a take-or-pay fee: the planned gas
