"""Two kinds of disruption: temporary cuts and termination (the flow stops for good)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from corridor.deal_draw import DealDraw
from corridor.finance import appraise, npv
from corridor.risk import simulate
from corridor.risk.hazard import disruption_losses, termination_start
from corridor.scenario import loads
from corridor.scenario.deal_model import Risk, Termination
from corridor.seeds import draw_generator, stream_generator
from tests.finance.cases import RISK, SMALL_DEAL

TERMINATION = """
[risk.termination]
actor = "T"
probability = "20 %"
reference_class = "test"
lng_premium = "10 %"
salvage = "25 %"
assumption = "test"
"""


def _expected_life(q: float, years: int) -> float:
    return (1 - q) * (1 - (1 - q) ** years) / q


def test_expected_operating_life_matches_the_start_of_year_formula() -> None:
    """E[operating years] = (1 - q)(1 - (1 - q)^T) / q under our timing convention.

    Convention: at the START of each operating year t = 0 .. T-1 the flow, if it still
    runs, stops for good with probability q (year t is then lost). Year t is operated
    iff no stop happened at the starts of years 0 .. t, so P(year t operated) =
    (1 - q)^(t+1), and the operating life L = sum over t of that indicator has

        E[L] = sum_{t=0}^{T-1} (1 - q)^(t+1) = (1 - q) (1 - (1 - q)^T) / q.

    The issue's (1 - (1 - q)^T) / q = sum_{t=0}^{T-1} (1 - q)^t is the END-of-year
    convention (year 0 always runs, a stop in year t loses t + 1 onwards): larger by the
    factor 1 / (1 - q). The exact law of L is P(L = k) = (1 - q)^k q for k < T and
    P(L = T) = (1 - q)^T, which gives the standard deviation for the 4-s.e. tolerance.
    """
    q, years, n = 0.13, 30, 4000
    risk = Risk(termination=Termination("T", q, "test"))
    life = np.array([
        years if (k := termination_start(years, risk, draw_generator(7, i))) is None else k
        for i in range(n)
    ])  # fmt: skip
    pmf = np.array([(1 - q) ** k * q for k in range(years)] + [(1 - q) ** years])
    support = np.arange(years + 1)
    mean = float(pmf @ support)
    assert mean == pytest.approx(_expected_life(q, years), rel=1e-12)
    se = math.sqrt(float(pmf @ support**2) - mean**2) / math.sqrt(n)
    assert abs(life.mean() - mean) < 4 * se
    # and the end-of-year formula is more than 4 standard errors away: the timing matters
    assert abs(life.mean() - (1 - (1 - q) ** years) / q) > 4 * se


def test_the_simulation_records_termination_year_and_operating_years() -> None:
    scenario = loads(SMALL_DEAL + RISK + TERMINATION, file="terminated.toml")
    n = 200
    result = simulate(scenario, n, seed=2)
    draws = result.draws
    # 3 operating years from 2020 (no delay in this risk table): L = year - 2020
    stopped = draws["termination_year"].notna()
    np.testing.assert_array_equal(
        draws.loc[stopped, "operating_years"], draws.loc[stopped, "termination_year"] - 2020
    )
    assert (draws.loc[~stopped, "operating_years"] == 3).all()
    # P(termination within 3 years) = 1 - 0.8^3 = 0.488, within 4 standard errors
    p = 1 - 0.8**3
    assert abs(stopped.mean() - p) < 4 * math.sqrt(p * (1 - p) / n)
    # the summary's standard errors: binomial for P(termination), s / sqrt(n) for the mean
    t = result.termination()
    share = float(stopped.mean())
    assert t["prob_termination_se"] == pytest.approx(math.sqrt(share * (1 - share) / n))
    gas = draws["stopped_bcm"]
    assert t["expected_stopped_bcm_se"] == pytest.approx(gas.std(ddof=1) / math.sqrt(n))
    # each draw's stop comes from its own stream
    for index in (0, 1, 5):
        rng = stream_generator(2, index, "termination")
        stop = termination_start(3, scenario.risk, rng)  # type: ignore[arg-type]
        assert draws.loc[index, "operating_years"] == (3 if stop is None else stop)


def test_termination_leaves_the_other_draws_unchanged() -> None:
    plain = simulate(loads(SMALL_DEAL + RISK, file="plain.toml"), 60, seed=4).draws
    never = TERMINATION.replace('"20 %"', '"0 %"')
    off = simulate(loads(SMALL_DEAL + RISK + never, file="never.toml"), 60, seed=4).draws
    on = simulate(loads(SMALL_DEAL + RISK + TERMINATION, file="on.toml"), 60, seed=4).draws
    # a hazard of zero gives the same numbers as none; a positive one keeps every factor
    pd.testing.assert_frame_equal(off[plain.columns], plain, check_exact=True)
    pd.testing.assert_series_equal(on["factor_price"], plain["factor_price"])
    assert not on["npv_S"].equals(plain["npv_S"])


def test_no_cut_counts_after_the_flow_has_stopped() -> None:
    risk = loads(SMALL_DEAL + RISK, file="cuts.toml").risk or Risk()
    pairs = [
        (disruption_losses(3, risk, draw_generator(1, i)),
         disruption_losses(3, risk, draw_generator(1, i), stop=1))
        for i in range(200)
    ]  # fmt: skip
    for (lost, events), (cut, counted) in pairs:
        np.testing.assert_array_equal(cut, np.where(np.arange(3) < 1, lost, 0.0))
        assert counted <= events
    assert any(events > counted for (_, events), (_, counted) in pairs)


# Hand-worked net cash flows (USD m) of tests/finance/cases.py, 2018-2022, when the flow
# stops for good from 2021 (terminated_from = 1), LNG premium 10 %, salvage 25 %:
# S: capex -30, -30; debt +25 in 2019-20; 2020 sales 100 - cost 40 - fee 10 - opex 6;
#    2021 salvage 25 % x 60 = +15; 2022 nothing (no sales, fee or opex).
# T: aid +5 in 2018-19, debt -25 in 2019-20, fee +10 in 2020 only.
# B: aid -5, -5; 2020 avoided LNG 150 - purchase 100; 2021-22 avoided LNG 150 x 2 less
#    LNG after termination 150 x 1.1 x 2 = 330: -30.
STOPPED = {
    "S": [-30.0, -30.0 + 25, 100 - 40 - 10 - 6 + 25, 15.0, 0.0],
    "T": [5.0, 5.0 - 25, 10.0 - 25, 0.0, 0.0],
    "B": [-5.0, -5.0, 150 - 100, 300 - 330, 300 - 330],
}


def test_npv_of_a_deal_terminated_in_a_known_year_by_hand() -> None:
    scenario = loads(SMALL_DEAL + RISK + TERMINATION, file="terminated.toml")
    assert scenario.risk is not None
    rules = scenario.risk.termination
    result = appraise(scenario, DealDraw(terminated_from=1, termination=rules))
    summary = result.summary.set_index("actor")
    for actor, flows in STOPPED.items():
        np.testing.assert_allclose(result.cash_flows[actor].to_numpy(), flows, atol=1e-9)
        by_hand = sum(v / 1.1**t for t, v in enumerate(flows))  # 10 %/yr from 2018
        assert summary.loc[actor, "npv_musd"] == pytest.approx(by_hand, rel=1e-12)
        assert npv(0.10, np.array(flows)) == pytest.approx(by_hand, rel=1e-12)


def test_debt_service_stops_with_the_flow_when_asked() -> None:
    text = SMALL_DEAL + RISK + TERMINATION.replace('salvage = "25 %"', "debt_stops = true")
    scenario = loads(text, file="debt-stops.toml")
    assert scenario.risk is not None
    flows = appraise(
        scenario, DealDraw(terminated_from=0, termination=scenario.risk.termination)
    ).cash_flows
    # stopped from 2020: the 2020 instalments (25) are not paid; 2019's are
    np.testing.assert_allclose(flows["S"], [-30.0, -5.0, 0.0, 0.0, 0.0], atol=1e-9)
    np.testing.assert_allclose(flows["T"], [5.0, -20.0, 0.0, 0.0, 0.0], atol=1e-9)
    np.testing.assert_allclose(flows["B"], [-5.0, -5.0, -15.0, -30.0, -30.0], atol=1e-9)
