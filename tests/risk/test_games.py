"""The game re-valued per draw: capex factors on every route, both stages, warm = rebuilt.

The two-route case (:func:`tests.risk.cases.two_routes`), by hand. Seller S at X (10 bcm/yr
at 100 USD/1000 m3), buyer B at Z (6 bcm/yr, worth 400); the route X-Y-Z through T (links xy
{S, T} and yz {T, B}, each 2,000 USD m of capex over 10 years at a 0 % rate on 20 bcm/yr: 10
USD/1000 m3 each) and the bypass X-Z {S, B} (6,000 USD m: 30 USD/1000 m3); no operating
costs. With every capex times k: v(N) = 6 (400 - 100 - 20 k) = 1,800 - 120 k and v({S, B}) =
6 (300 - 30 k) = 1,800 - 180 k; no other coalition trades. T adds 60 k to {S, B} only, and
comes after both in a third of the orders: its Shapley value is 20 k, its marginal
contribution 60 k. Ex-post the route is sunk: v(N) = 1,800, T adds 180 k (Shapley 60 k), and
180 k is the most S and B pay before building the bypass (the hold-up fee).
"""

from __future__ import annotations

import pandas as pd
import pytest

from corridor.risk import WarmGame, sample_terms, shapley_rebuilt
from corridor.risk.games import draw_scenario, leverage_rebuilt
from corridor.risk.run import simulate
from corridor.scenario import load_scenario
from corridor.seeds import draw_generator
from tests.risk.cases import ONE_FACTOR, two_routes


@pytest.mark.parametrize("k", [0.5, 1.0, 1.7, 3.0])
def test_a_common_factor_scales_the_transit_actors_leverage_linearly(k: float) -> None:
    scenario = two_routes(ONE_FACTOR.format(k=k))
    deal, risk = scenario.deal, scenario.risk
    assert deal is not None and risk is not None
    factors = sample_terms(deal, risk, draw_generator(0, 0)).factors
    assert factors["capex"] == k
    row = WarmGame(scenario, deal).leverage(factors)
    assert row["leverage_ex_ante_shapley_T"] == pytest.approx(20.0 * k, abs=1e-6)
    assert row["leverage_ex_post_shapley_T"] == pytest.approx(60.0 * k, abs=1e-6)
    assert row["leverage_ex_ante_max_fee_T"] == pytest.approx(60.0 * k, abs=1e-6)
    assert row["leverage_ex_post_max_fee_T"] == pytest.approx(180.0 * k, abs=1e-6)
    # the zone's floor is T's 20 USD m/yr reservation: the Nash fee splits the rest
    assert row["leverage_ex_post_nash_fee_T"] == pytest.approx(20.0 + 0.5 * (180.0 * k - 20.0))
    # the capex on the bypass counts too: on the route alone T's value would not move
    route_only = {"xy": k, "yz": k, "bypass": 1.0}
    alone = WarmGame(scenario, deal).leverage(factors, route_only)
    assert alone["leverage_ex_ante_shapley_T"] == pytest.approx(2.0 * max(0.0, 30.0 - 20.0 * k))


def test_the_transit_actors_marginal_contribution_is_proportional_to_k() -> None:
    from corridor.games import coalition_values
    from corridor.market import MarketModel

    scenario = two_routes()
    assert scenario.deal is not None
    neutral = {"price": 1.0, "lng_price": 1.0, "demand": 1.0}
    marginal = []
    for k in (1.0, 2.0, 4.0):
        changed = draw_scenario(scenario, scenario.deal, {**neutral, "capex": k})
        values = coalition_values(MarketModel(changed), commodity="gas")
        marginal.append(values.grand - values.v(["S", "B"]))
    assert marginal == pytest.approx([60.0, 120.0, 240.0], abs=1e-6)


def test_warm_game_equals_rebuilding_per_draw_at_both_stages() -> None:
    scenario = load_scenario("korea-2011")
    deal, risk = scenario.deal, scenario.risk
    assert deal is not None and risk is not None
    game = WarmGame(scenario, deal)
    links = {"overland-north": 1.3, "overland-south": 1.3, "subsea": 1.6, "china-route": 0.8}
    for index in range(2):
        factors = sample_terms(deal, risk, draw_generator(0, index)).factors
        warm = game.leverage(factors, links)
        rebuilt = leverage_rebuilt(scenario, deal, factors, links, terms=game.terms())
        assert set(warm) == set(rebuilt)
        for column, value in warm.items():
            assert value == pytest.approx(rebuilt[column], abs=1e-6, nan_ok=True), column
        pd.testing.assert_series_equal(
            game.shapley(factors, links), shapley_rebuilt(scenario, deal, factors, links),
            atol=1e-6,
        )  # fmt: skip


def test_a_chunk_of_draws_at_once_equals_each_draw_alone() -> None:
    scenario = load_scenario("korea-2011")
    deal, risk = scenario.deal, scenario.risk
    assert deal is not None and risk is not None
    game = WarmGame(scenario, deal)
    factors = [sample_terms(deal, risk, draw_generator(0, i)).factors for i in range(12)]
    links = [{"overland-north": 1.0 + 0.05 * i, "subsea": 1.6 - 0.05 * i} for i in range(12)]
    together = game.leverage_chunk(factors, links)
    for i, row in enumerate(together):
        game.reset()
        alone = game.leverage(factors[i], links[i])  # HiGHS and the game library per draw
        assert set(row) == set(alone)
        for column, value in row.items():
            # the library's nucleolus carries ~1e-6 of LP noise (games.nucleolus_reuse)
            tol = 1e-5 if "_nucleolus_" in column else 1e-6
            assert value == pytest.approx(alone[column], abs=tol, nan_ok=True), column


def test_korea_central_leverage_is_the_power_commands() -> None:
    scenario = load_scenario("korea-2011")
    assert scenario.deal is not None
    neutral = {"price": 1.0, "lng_price": 1.0, "demand": 1.0, "capex": 1.0}
    row = WarmGame(scenario, scenario.deal).leverage(neutral)
    # README "Bargaining power": 0.0 ex-ante, 89.5 ex-post; hold-up 268.4; Nash 139.2
    assert row["leverage_ex_ante_shapley_KP"] == pytest.approx(0.0, abs=1e-6)
    assert row["leverage_ex_post_shapley_KP"] == pytest.approx(89.5, abs=0.05)
    assert row["leverage_ex_post_max_fee_KP"] == pytest.approx(268.4, abs=0.05)
    assert row["leverage_ex_post_nash_fee_KP"] == pytest.approx(139.2, abs=0.05)


def test_simulate_reports_leverage_per_stage() -> None:
    scenario = two_routes(ONE_FACTOR.format(k=2.0))
    result = simulate(scenario, 3, seed=1, shapley=True)
    summary = result.leverage_summary()
    kp = summary[(summary["player"] == "T") & (summary["quantity"] == "shapley")]
    assert kp["stage"].tolist() == ["ex-ante", "ex-post"]
    assert kp["p50_musd_per_yr"].to_numpy() == pytest.approx([40.0, 120.0], abs=1e-6)
    assert result.draws["shapley_T"].to_numpy() == pytest.approx([40.0] * 3, abs=1e-6)
    assert result.to_dict()["leverage"][0]["stage"] == "ex-ante"


def test_korea_leverage_is_the_same_bytes_at_any_chunk_size() -> None:
    # the chunk's kept bases and nucleolus levels depend on its draws; the numbers must not
    scenario = load_scenario("korea-2011")
    whole = simulate(scenario, 120, seed=1, shapley=True).draws
    for chunk_size in (1, 7, 33):
        chunked = simulate(scenario, 120, seed=1, shapley=True, chunk_size=chunk_size).draws
        pd.testing.assert_frame_equal(chunked, whole, check_exact=True)
