"""One-at-a-time tornado: quantiles of the declared distributions, swings checked by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from corridor.deal_draw import DealDraw
from corridor.errors import InputError
from corridor.finance import npv_by_actor
from corridor.risk import disruption_losses, tornado
from corridor.risk.tornado import operating_life_quantile
from corridor.scenario import load_scenario, loads
from corridor.scenario.deal_model import Distribution
from corridor.seeds import draw_generator
from tests.finance.cases import RISK, SMALL_DEAL


def test_quantiles_of_each_distribution_by_hand() -> None:
    # triangular(0.8, 1.0, 1.5): F(x) = (x - a)^2 / ((c - a)(b - a)) below the mode
    tri = Distribution("triangular", (0.8, 1.0, 1.5))
    assert tri.quantile(0.1) == pytest.approx(0.8 + math.sqrt(0.1 * 0.7 * 0.2))
    # above the mode: 1 - F(x) = (c - x)^2 / ((c - a)(c - b))
    assert tri.quantile(0.9) == pytest.approx(1.5 - math.sqrt(0.1 * 0.7 * 0.5))
    assert Distribution("uniform", (2.0, 4.0)).quantile(0.25) == pytest.approx(2.5)
    z90 = 1.2815515655446004  # standard normal 90 % point
    assert Distribution("normal", (1.0, 0.1)).quantile(0.9) == pytest.approx(1.0 + 0.1 * z90)
    assert Distribution("lognormal", (1.0, 0.25)).quantile(0.1) == pytest.approx(
        math.exp(-0.25 * z90)
    )
    # clipped: the quantile of the clipped draw is the clipped quantile
    assert Distribution("normal", (1.0, 0.1), (0.95, 1.05)).quantile(0.9) == 1.05
    # discrete 0/1/2/3 with weights .4/.3/.2/.1: P(X <= 2) = 0.9 exactly
    delay = Distribution("discrete", (0.0, 1.0, 2.0, 3.0, 0.4, 0.3, 0.2, 0.1))
    assert [delay.quantile(q) for q in (0.1, 0.4, 0.41, 0.9, 0.95)] == [0, 0, 1, 2, 3]


def test_small_deal_tornado_swings_by_hand() -> None:
    scenario = loads(SMALL_DEAL + RISK, file="small.toml")
    deal = scenario.deal
    assert deal is not None and scenario.risk is not None

    def npv(draw: DealDraw) -> float:
        return npv_by_actor(deal, scenario.base_year, scenario.discount_rate, draw)["S"]

    central, rows = tornado(scenario, "S", seed=3, hazard_draws=500)
    assert central == pytest.approx(npv(DealDraw()))
    price = rows.set_index("driver").loc["price"]
    low, high = 0.8 + math.sqrt(0.1 * 0.7 * 0.2), 1.5 - math.sqrt(0.1 * 0.7 * 0.5)
    assert (price.low_input, price.high_input) == pytest.approx((low, high))
    # the seller's NPV is linear in the price factor: the swing is slope x (high - low)
    slope = npv(DealDraw(price_factor=1.0)) - npv(DealDraw(price_factor=0.0))
    assert price.npv_low_musd == pytest.approx(central + slope * (low - 1.0))
    assert price.npv_high_musd == pytest.approx(central + slope * (high - 1.0))
    assert price.swing_musd == pytest.approx(abs(slope) * (high - low))

    # disruption: the hazard run at the 10th and 90th percentile of gas lost, same seeds
    cut = rows.set_index("driver").loc["disruption"]
    lost = sorted(
        float(np.sum(deal.volumes() * disruption_losses(deal.duration_yr, scenario.risk,
                                                        draw_generator(3, k))[0]))
        for k in range(500)
    )  # fmt: skip
    assert cut.low_input == pytest.approx(lost[round(0.1 * 499)])
    assert cut.high_input == pytest.approx(lost[round(0.9 * 499)])
    assert cut.high_input > cut.low_input
    assert list(rows["swing_musd"]) == sorted(rows["swing_musd"], reverse=True)


def test_korea_tornado_the_transit_country_is_moved_only_by_delay_and_cuts() -> None:
    from corridor.scenario import load_scenario

    scenario = load_scenario("korea-2011")
    _, rows = tornado(scenario, "KP")
    swings = rows.set_index("driver")["swing_musd"]
    # a fixed transit fee: prices, demand and capex do not move North Korea's NPV
    for driver in ("contract-price", "brent path", "korean-demand", "capex-overrun"):
        assert swings[driver] == 0.0
    assert swings["start-delay"] > 0 and swings["disruption"] > 0


def test_tornado_refuses_bad_quantiles_and_actors() -> None:
    scenario = loads(SMALL_DEAL + RISK, file="small.toml")
    with pytest.raises(InputError, match="quantiles"):
        tornado(scenario, low=0.9, high=0.1)
    with pytest.raises(InputError, match="not party"):
        tornado(scenario, "XX")


def test_operating_life_quantiles_by_hand() -> None:
    # P(L <= k) = 1 - 0.87^(k + 1): 0.13 at k = 0, so the P10 is 0 years; 0.87^17 = 0.094
    # and 0.87^16 = 0.108, so the P90 is 16 years; a 1 %/yr hazard outlasts a 30-year deal
    assert operating_life_quantile(0.1, 0.13, 30) == 0
    assert operating_life_quantile(0.9, 0.13, 30) == 16
    assert operating_life_quantile(0.5, 0.13, 30) == 4  # 0.87^5 = 0.498
    assert operating_life_quantile(0.9, 0.01, 30) == 30
    assert operating_life_quantile(0.9, 1.0, 30) == 0


def test_korea_tornado_has_a_termination_row_at_those_lives() -> None:
    korea = load_scenario("korea-2011")
    central, rows = tornado(korea, hazard_draws=50, price_draws=20)
    row = rows.set_index("driver").loc["termination"]
    assert (row.low_input, row.high_input, row.input_unit) == (0.0, 16.0, "yr of flow")
    deal, risk = korea.deal, korea.risk
    assert deal is not None and risk is not None
    for years, npv in ((0, row.npv_low_musd), (16, row.npv_high_musd)):
        draw = DealDraw(terminated_from=years, termination=risk.termination)
        assert npv == npv_by_actor(deal, korea.base_year, korea.discount_rate, draw)["KR"]
    assert row.npv_low_musd < row.npv_high_musd < central
