"""Monte Carlo of a deal: convergence, disruption, determinism across workers, resume."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from corridor.deal_draw import DealDraw
from corridor.errors import InputError
from corridor.execution import RunSettings
from corridor.finance import npv_by_actor
from corridor.risk import WarmGame, disruption_losses, sample_terms, shapley_rebuilt, simulate
from corridor.scenario import load_scenario, loads
from corridor.scenario.model import Scenario
from corridor.seeds import draw_generator
from tests.finance.cases import RISK, SMALL_DEAL

# Only the contract price is uncertain and nothing is disrupted: every NPV is linear in
# the price factor, so its mean is the NPV at the factor's mean.
LINEAR = """
[risk]
assumption = "test"

[[risk.parameters]]
id = "price"
target = "price"
distribution = "triangular"
unit = "1"
low = 0.8
mode = 1.0
high = 1.5
"""

# A cut in each of the 3 operating years with probability 20 %
HAZARD = """
[risk]
assumption = "test"

[risk.disruption]
actor = "T"
probability = "20 %"
spot_premium = "20 %"
duration = { distribution = "uniform", unit = "yr", low = 0.1, high = 0.5 }
"""


def scenario_file(tmp_path: Path, risk: str = RISK) -> Scenario:
    path = tmp_path / "small.toml"
    path.write_text(SMALL_DEAL + risk, encoding="utf-8")
    return load_scenario(str(path))


def test_mean_converges_to_the_analytic_mean_in_a_linear_case() -> None:
    scenario = loads(SMALL_DEAL + LINEAR, file="linear.toml")
    deal = scenario.deal
    assert deal is not None

    def seller(factor: float) -> float:
        return npv_by_actor(deal, 2018, 0.10, DealDraw(price_factor=factor))["S"]

    slope = seller(1.0) - seller(0.0)
    mean_factor = (0.8 + 1.0 + 1.5) / 3  # triangular mean (low + mode + high) / 3
    sd_factor = math.sqrt((0.8**2 + 1.0**2 + 1.5**2 - 0.8 * 1.0 - 0.8 * 1.5 - 1.0 * 1.5) / 18)
    n = 4000
    table = simulate(scenario, n, seed=11).draws
    draws = table["npv_S"]
    # the sample mean is within 4 standard errors of the analytic mean (two-sided
    # probability of a miss ~6e-5; the seed is fixed, so the test is deterministic)
    assert abs(draws.mean() - seller(mean_factor)) < 4 * abs(slope) * sd_factor / math.sqrt(n)
    assert np.std(draws) == pytest.approx(abs(slope) * sd_factor, rel=0.05)
    # and exactly linear draw by draw
    np.testing.assert_allclose(
        draws, seller(0.0) + slope * table["factor_price"], rtol=1e-9, atol=1e-6
    )


def test_disruption_probability_is_recovered() -> None:
    scenario = loads(SMALL_DEAL + HAZARD, file="hazard.toml")
    n = 4000
    result = simulate(scenario, n, seed=5)
    # cuts started per draw ~ Binomial(3 years, 0.2): per-year rate 0.2 and
    # P(any cut over the deal) = 1 - 0.8^3 = 0.488; tolerances are 4 standard errors
    rate = result.draws["disruptions"].sum() / (3 * n)
    assert abs(rate - 0.2) < 4 * math.sqrt(0.2 * 0.8 / (3 * n))
    p_any = 1 - 0.8**3
    assert abs(result.unserved()["prob_any_disruption"] - p_any) < 4 * math.sqrt(
        p_any * (1 - p_any) / n
    )
    # every draw with a cut loses gas, every draw without loses none
    cut = result.draws["disruptions"] > 0
    assert (result.draws.loc[cut, "unserved_bcm"] > 0).all()
    assert (result.draws.loc[~cut, "unserved_bcm"] == 0).all()


def test_disruption_losses_merge_overlaps_and_stop_at_the_end() -> None:
    scenario = loads(SMALL_DEAL + HAZARD, file="hazard.toml")
    risk = scenario.risk
    assert risk is not None
    for index in range(300):
        lost, events = disruption_losses(3, risk, draw_generator(1, index))
        assert lost.shape == (3,) and np.all((lost >= 0) & (lost <= 1))
        # each cut lasts at most 0.5 yr, merged cuts never count a moment twice
        assert lost.sum() <= 0.5 * events + 1e-12
        assert (events == 0) == (lost.sum() == 0)


def test_draws_do_not_depend_on_workers_or_chunks(tmp_path: Path) -> None:
    scenario = scenario_file(tmp_path)
    one = simulate(scenario, 45, seed=3, shapley=True)
    two = simulate(scenario, 45, seed=3, shapley=True, run=RunSettings(workers=2), chunk_size=7)
    # the same bytes, Shapley values too (each draw's game starts from a cold LP)
    pd.testing.assert_frame_equal(one.draws, two.draws, check_exact=True)
    assert {"npv_S", "npv_guaranteed_B", "shapley_T", "unserved_bcm"} <= set(one.draws)
    # draw i depends on (seed, i) alone: a longer run starts with the same draws
    longer = simulate(scenario, 60, seed=3, shapley=True)
    pd.testing.assert_frame_equal(longer.draws.iloc[:45], one.draws)
    assert not simulate(scenario, 45, seed=4).draws["npv_S"].equals(one.draws["npv_S"])


def test_dask_local_cluster_gives_the_same_draws(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    scenario = scenario_file(tmp_path)
    local = simulate(scenario, 30, seed=8, shapley=True, chunk_size=10)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        remote = simulate(scenario, 30, seed=8, shapley=True, chunk_size=10,
                          run=RunSettings(scheduler=cluster.scheduler_address))  # fmt: skip
    pd.testing.assert_frame_equal(local.draws, remote.draws)


class Interrupted(Exception):
    """Stands for a run killed part-way."""


def test_checkpoint_and_resume_equal_an_uninterrupted_run(tmp_path: Path) -> None:
    scenario = scenario_file(tmp_path)
    whole = simulate(scenario, 50, seed=2, chunk_size=10)
    folder = tmp_path / "ckpt"

    def stop_after_two(done: int, total: int) -> None:
        if done >= 20:
            raise Interrupted

    with pytest.raises(Interrupted):
        simulate(
            scenario,
            50,
            seed=2,
            chunk_size=10,
            run=RunSettings(checkpoint=folder),
            progress=stop_after_two,
        )
    assert len(list(folder.glob("chunk-*.npz"))) == 2
    seen: list[int] = []
    resumed = simulate(scenario, 50, seed=2, chunk_size=10,
                       run=RunSettings(checkpoint=folder, resume=True),
                       progress=lambda done, _: seen.append(done))  # fmt: skip
    assert seen[0] == 20  # the two saved chunks were not run again
    pd.testing.assert_frame_equal(whole.draws, resumed.draws)
    with pytest.raises(InputError, match="seed"):
        simulate(scenario, 50, seed=9, chunk_size=10, run=RunSettings(checkpoint=folder))


def test_chunks_of_an_older_version_are_refused_in_one_line(tmp_path: Path) -> None:
    scenario = scenario_file(tmp_path)
    folder = tmp_path / "old"
    simulate(scenario, 20, seed=2, chunk_size=10, run=RunSettings(checkpoint=folder))
    # a chunk as an older corridor wrote it: without the termination's columns
    stored = sorted(folder.glob("chunk-*.npz"))[1]
    with np.load(stored) as data:
        kept = {k: data[k] for k in data.files if k not in ("operating_years", "stopped_bcm")}
    np.savez(stored, **kept)
    message = r"^checkpoint: .*old: its chunks were written by an older corridor and lack "
    with pytest.raises(InputError, match=message + "operating_years, stopped_bcm;") as old:
        simulate(scenario, 20, seed=2, chunk_size=10,
                 run=RunSettings(checkpoint=folder, resume=True))  # fmt: skip
    assert len(str(old.value).splitlines()) == 1


def test_warm_game_equals_rebuilding_the_scenario_per_draw() -> None:
    scenario = load_scenario("korea-2011")
    deal, risk = scenario.deal, scenario.risk
    assert deal is not None and risk is not None
    game = WarmGame(scenario, deal)
    for index in range(3):
        factors = sample_terms(deal, risk, draw_generator(0, index)).factors
        warm = game.shapley(factors)
        pd.testing.assert_series_equal(warm, shapley_rebuilt(scenario, deal, factors), atol=1e-6)
        assert warm.sum() == pytest.approx(game.shapley(factors).sum())


def test_guarantee_value_and_summaries(tmp_path: Path) -> None:
    result = simulate(scenario_file(tmp_path), 200, seed=1)
    summary = result.npv_summary().set_index("actor")
    npv_b = result.draws["npv_B"]
    assert summary.loc["B", "mean_musd"] == pytest.approx(npv_b.mean())
    assert (
        summary.loc["B", "p5_musd"] <= summary.loc["B", "p50_musd"] <= summary.loc["B", "p95_musd"]
    )
    gain = result.draws["npv_guaranteed_B"] - npv_b
    assert result.guarantee_value()["mean_gain_musd"] == pytest.approx(gain.mean())
    # full cover: the buyer's gain is the premium refunded less the 2 USD m/yr it pays
    cost = sum(2.0 * 1.1 ** -(year - 2018) for year in (2020, 2021, 2022))
    assert gain[result.draws["disruptions"] == 0].to_numpy() == pytest.approx(-cost)
    assert (gain[result.draws["disruptions"] > 0] > -cost).all()
    # the same gain from the guarantee's own present values (payouts less cost)
    pv = result.draws["guarantee_payout_pv_musd"] - result.draws["guarantee_cost_pv_musd"]
    np.testing.assert_allclose(gain, pv, atol=1e-9)
    value = result.guarantee_value()
    assert value["cost_musd"] == pytest.approx(cost)
    assert value["break_even_cost_musd_per_yr"] == pytest.approx(
        2.0 * value["expected_payout_musd"] / cost
    )
    payload = result.to_dict()
    assert payload["schema"] == "corridor.risk/1" and payload["draws"] == 200


def test_games_play_only_the_stages_asked_for(tmp_path: Path) -> None:
    scenario = load_scenario("korea-2011")
    both = simulate(scenario, 12, seed=2, shapley=True).draws
    later = simulate(scenario, 12, seed=2, shapley=True, games=["ex-post"]).draws
    leverage = [c for c in later if c.startswith("leverage_")]
    assert leverage and all(c.startswith("leverage_ex_post_") for c in leverage)
    # the same ex-post game either way; the Shapley columns are then the ex-post ones
    np.testing.assert_allclose(later[leverage], both[leverage], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(later["shapley_KP"], both["leverage_ex_post_shapley_KP"],
                               rtol=1e-9, atol=1e-9)  # fmt: skip
    assert not np.allclose(later["shapley_KP"], both["shapley_KP"])
    with pytest.raises(InputError, match=r"^games: must name some of ex-ante, ex-post") as bad:
        simulate(scenario, 5, shapley=True, games=["ex-ante", "expost"])
    assert bad.value.parameter == "games"


def test_bad_arguments() -> None:
    scenario = loads(SMALL_DEAL + LINEAR, file="linear.toml")
    with pytest.raises(InputError, match=r"^draws: must be at least 1") as draws:
        simulate(scenario, 0)
    assert draws.value.parameter == "draws"  # the CLI shows it as --draws
    with pytest.raises(InputError, match=r"^workers: must be at least 1") as workers:
        simulate(scenario, 10, run=RunSettings(workers=0))
    assert workers.value.parameter == "workers"
    with pytest.raises(InputError, match="loaded from a file"):
        simulate(scenario, 10, run=RunSettings(workers=2))
