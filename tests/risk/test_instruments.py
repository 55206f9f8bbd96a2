"""Risk-sharing instruments as cash-flow rules: delivery point, fee escrow, insurance."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from corridor.deal_draw import DealDraw
from corridor.finance import appraise, npv_by_actor
from corridor.risk import simulate
from corridor.risk.draw import factor_draw, sample_terms, termination_of
from corridor.risk.instruments import instrument_npvs, instrument_values, instruments_of
from corridor.risk.run import _context
from corridor.scenario import loads
from corridor.scenario.deal_model import Delivery, Escrow, Insurance, Termination
from corridor.seeds import draw_generator
from tests.finance.cases import RISK, SMALL_DEAL
from tests.risk.test_hazard import TERMINATION

INSTRUMENTS = """
[risk.delivery]
point = "border"
rule = "replacement"
events = ["cut", "termination"]
assumption = "test"

[risk.escrow]
lag = "1 yr"
assumption = "test"

[risk.insurance]
insured = "S"
payer = "S"
cover = "90 %"
rate = "2 %/yr"
assumption = "test"
"""

# tests/finance/cases.py with half of 2021's 2 bcm cut, spot LNG at 20 % over 150: in
# 2021 S earns 100 - 40 - fee 5 (withheld pro rata) - opex 6 = 49, T gets the fee 5,
# B saves 300, pays 100 for 1 bcm and 180 for 1 bcm of spot LNG: 20.
CUT = DealDraw(lost=np.array([0.0, 0.5, 0.0]), spot_premium=0.2)


@pytest.fixture(scope="module")
def scenario():  # type: ignore[no-untyped-def]
    return loads(SMALL_DEAL, file="small.toml")


def _flows(scenario, draw: DealDraw):  # type: ignore[no-untyped-def]
    return appraise(scenario, draw).cash_flows


def test_border_delivery_makes_the_seller_pay_the_replacement(scenario) -> None:  # type: ignore[no-untyped-def]
    flows = _flows(scenario, dataclasses.replace(CUT, delivery=Delivery("border")))
    # the seller pays (150 x 1.2 - 100) x 1 bcm = 80: the buyer ends as if the gas came
    assert flows.loc[2021, "S"] == pytest.approx(49 - 80)
    assert flows.loc[2021, "B"] == pytest.approx(20 + 80)
    assert flows.loc[2021, "B"] == pytest.approx(_flows(scenario, DealDraw()).loc[2021, "B"])
    unsold = _flows(scenario, dataclasses.replace(CUT, delivery=Delivery("border", "unsold")))
    assert unsold.equals(_flows(scenario, CUT))


def test_origin_delivery_makes_the_buyer_pay_for_gas_lost_in_transit(scenario) -> None:  # type: ignore[no-untyped-def]
    flows = _flows(scenario, dataclasses.replace(CUT, delivery=Delivery("origin")))
    # the buyer pays 100 for the lost bcm, the seller books it sold (and produced, 40)
    assert flows.loc[2021, "S"] == pytest.approx(49 + 100 - 40)
    assert flows.loc[2021, "B"] == pytest.approx(20 - 100)


def test_fee_escrow_is_forfeited_to_the_beneficiary(scenario) -> None:  # type: ignore[no-untyped-def]
    now = _flows(scenario, dataclasses.replace(CUT, escrow=Escrow("B", 0)))
    # released at once unless cut: 2021's fee (5) goes to B; 2020 (10) and 2022 (10) to T
    np.testing.assert_allclose(now["T"].loc[2020:2022], [10 - 25, 0.0, 10.0], atol=1e-9)
    assert now.loc[2021, "B"] == pytest.approx(20 + 5)
    held = _flows(scenario, dataclasses.replace(CUT, escrow=Escrow("B", 1)))
    # held a year: the cut of 2021 forfeits 2020's 10 and 2021's 5; 2022's 10 is released
    # in the last operating year, 2022
    np.testing.assert_allclose(held["T"].loc[2020:2022], [-25.0, 0.0, 10.0], atol=1e-9)
    assert held.loc[2021, "B"] == pytest.approx(20 + 15)


def test_insurance_pays_a_share_of_the_insured_shortfall(scenario) -> None:  # type: ignore[no-untyped-def]
    cover = Insurance("B", "B", 0.5, ("cut",), premium_musd_per_yr=1.0, limit_musd=1000.0)
    flows = _flows(scenario, dataclasses.replace(CUT, insurance=cover))
    # B's 2021 flow is 100 without the cut and 20 with it: the claim is 50 % of 80
    np.testing.assert_allclose(flows["B"].loc[2020:2022], [49.0, 20 - 1 + 40, 99.0], atol=1e-9)


def test_insurance_of_a_termination_stops_at_its_limit(scenario) -> None:  # type: ignore[no-untyped-def]
    cover = Insurance("S", "S", 1.0, ("termination",), rate=0.02, limit_musd=100.0)
    draw = DealDraw(terminated_from=1, termination=Termination("T", 0.2, "test"))
    flows = _flows(scenario, dataclasses.replace(draw, insurance=cover))
    # S would earn 100 - 40 x 2 ... = 104 in 2021 and 2022: the claims stop at the limit
    # 100; the premium 2 % x 100 is paid while the flow runs (2020 only)
    expected = [-30.0, -5.0, 69 - 2, 100.0, 0.0]
    np.testing.assert_allclose(flows["S"].to_numpy(), expected, atol=1e-9)


def test_instrument_values_are_the_mean_change_on_the_same_draws() -> None:
    text = SMALL_DEAL + RISK + TERMINATION + INSTRUMENTS
    scenario = loads(text, file="instruments.toml")
    run = simulate(scenario, 50, seed=3)
    values = run.instruments()
    assert list(values) == ["delivery", "escrow", "insurance", "all"]
    draws = run.draws
    for name in values:
        for actor in ("S", "T", "B"):
            gain = draws[f"npv_with_{name}_{actor}"] - draws[f"npv_{actor}"]
            assert values[name][actor]["mean_musd"] == pytest.approx(gain.mean(), abs=1e-9)
            assert values[name][actor]["se_musd"] == pytest.approx(gain.std() / np.sqrt(50))
    assert run.to_dict()["instruments"]["escrow"]["T"]["mean_musd"] < 0
    # the fast path agrees with appraising each draw with the instruments in the ledger
    ctx = _context(scenario, False, 3)
    risk = ctx.risk
    for index in range(12):
        stop = termination_of(ctx, index)
        terms = sample_terms(ctx.deal, risk, draw_generator(3, index), stop)
        base = factor_draw(terms.factors, delay_yr=terms.delay_yr, lost=terms.lost,
                           spot_premium=0.2, terminated_from=stop,
                           termination=risk.termination)  # fmt: skip
        fast = instrument_npvs(ctx.deal, risk, 2018, 0.10, base)
        given = instruments_of(risk)
        for name, applied in [*((n, {n: v}) for n, v in given.items()), ("all", given)]:
            full = npv_by_actor(ctx.deal, 2018, 0.10, dataclasses.replace(base, **applied))
            for actor, value in full.items():
                assert fast[f"npv_with_{name}_{actor}"] == pytest.approx(value, abs=1e-9)
    bare = draws.drop(columns=[c for c in draws if "_with_" in c])
    assert instrument_values(bare, ("S", "T", "B")) == {}
