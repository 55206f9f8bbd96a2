"""Monte Carlo of the korea-2011 deal: draws per second, naive loop against corridor.

NPV only: (a) naive, a loop that appraises each draw with the full tables of
:func:`corridor.finance.appraise` (items, cash flows, IRR, payback); (b) corridor,
:func:`corridor.risk.simulate` (a chunk of draws sampled at once,
:mod:`corridor.risk.sampler`, and appraised at once on one ledger over the chunk,
:mod:`corridor.risk.chunk`; with and without the guarantee, and each instrument).
NPV plus leverage: (a) naive, per draw and stage (ex-ante, ex-post) the scenario rebuilt
with the draw's LNG price, demand and the capex factor of every route
(:mod:`corridor.risk.costs`), a new market LP and a fresh ``coalition_values`` run, then
the Shapley value, nucleolus and transit fees (:func:`corridor.risk.games.leverage_rebuilt`);
(b) corridor, one coalition plan and one HiGHS instance per stage and worker (100-draw
chunks), the chunk's draws re-valued together (:meth:`corridor.risk.games.WarmGame.leverage_chunk`:
each LP from an optimal basis found in the chunk, checked on all its draws at once while
it stays optimal, :mod:`corridor.risk.basis`, else by HiGHS; each nucleolus from the tight
coalitions of an earlier game of the chunk, :mod:`corridor.games.nucleolus_reuse`, else by
the game library). Both give the same leverage (checked to 1e-6 on the naive loop's draws;
the nucleolus to 1e-5, as the game library's LPs leave ~1e-6 of noise there). Then the
speed-up of ``simulate`` from 1 to 2 worker processes (pool start-up included; the
machine's cores may be shared, so each rate is the best of three runs). Last, where one
NPV-only draw of ``simulate`` spends its time (CPU microseconds, best of seven): sampling
every stream, and appraising the chunk
(:mod:`corridor.risk.chunk`: one ledger over the chunk's draws, the instruments, the
guarantee, discounting). The naive loops appraise the very draws ``simulate`` makes
(:func:`corridor.risk.draw.deal_draw`, each draw's generators made one by one as
:mod:`corridor.seeds` makes them), but value no instrument: the ratios are a lower bound.
"""

from __future__ import annotations

import time

import numpy as np

from bench._common import write_result
from corridor.execution import RunSettings
from corridor.finance import appraise
from corridor.risk import simulate
from corridor.risk.columns import chunk_columns, run_draws
from corridor.risk.costs import cost_model
from corridor.risk.draw import RunContext, deal_draw, game_factors
from corridor.risk.games import WarmGame, leverage_rebuilt
from corridor.risk.sampler import sample_chunk
from corridor.scenario import load_scenario

NPV_DRAWS = 4000
SHAPLEY_DRAWS = 300
NAIVE_NPV_DRAWS = 300
NAIVE_SHAPLEY_DRAWS = 60


def _seconds(work, repeats: int = 3) -> float:  # type: ignore[no-untyped-def]
    """The fastest of ``repeats`` runs: the cores are shared, so the least disturbed run."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> dict:
    scenario = load_scenario("korea-2011")
    deal, risk = scenario.deal, scenario.risk
    assert deal is not None and risk is not None

    # both ways take each draw from deal_draw: the same streams (terms, termination, the
    # route costs, the price paths) as simulate's
    ctx = RunContext(scenario, deal, risk, 0, None, cost_model(scenario, deal, risk))

    def naive_npv() -> None:
        for index in range(NAIVE_NPV_DRAWS):
            appraise(scenario, deal_draw(ctx, index).draw)

    terms = WarmGame(scenario, deal).terms()  # the central terms both ways

    def rebuilt(index: int) -> dict[str, float]:
        one = deal_draw(ctx, index)
        return leverage_rebuilt(scenario, deal, game_factors(ctx, one.draw), one.links, terms)

    def naive_shapley() -> None:
        for index in range(NAIVE_SHAPLEY_DRAWS):
            rebuilt(index)

    # the same leverage both ways on the naive loop's draws
    warm = simulate(scenario, NAIVE_SHAPLEY_DRAWS, seed=0, shapley=True).draws
    for index in range(0, NAIVE_SHAPLEY_DRAWS, 10):
        ref = rebuilt(index)
        ours = warm.loc[index, list(ref)].to_numpy(dtype=float)
        # the library's nucleolus carries ~1e-6 of LP noise (corridor.games.nucleolus_reuse)
        atol = np.array([1e-5 if "_nucleolus_" in c else 1e-6 for c in ref])
        expected = np.array(list(ref.values()))
        assert np.isclose(ours, expected, atol=atol, equal_nan=True).all(), (
            "warm leverage differs from rebuilt"
        )

    rows = {}
    for label, draws, shapley, naive, naive_draws in (
        ("npv", NPV_DRAWS, False, naive_npv, NAIVE_NPV_DRAWS),
        ("npv_shapley", SHAPLEY_DRAWS, True, naive_shapley, NAIVE_SHAPLEY_DRAWS),
    ):
        base = naive_draws / _seconds(naive)
        one = draws / _seconds(lambda s=shapley, n=draws: simulate(scenario, n, 1, shapley=s))
        two = draws / _seconds(
            lambda s=shapley, n=draws: simulate(
                scenario, n, 1, shapley=s, run=RunSettings(workers=2)
            )
        )
        rows[label] = {
            "draws": draws,
            "naive_draws": naive_draws,
            "naive_per_s": base,
            "corridor_per_s": one,
            "corridor_2_workers_per_s": two,
            "ratio": one / base,
            "speedup_2_workers": two / one,
        }
        print(
            f"{label:12s}: naive {base:8,.1f} draws/s | corridor {one:8,.1f} draws/s "
            f"(ratio {one / base:5.1f}x) | 2 workers {two:8,.1f} draws/s "
            f"(speed-up {two / one:4.2f}x)"
        )
    rows["npv"]["per_draw_us"] = _npv_breakdown(scenario)
    print("npv per draw (CPU us): " + ", ".join(
        f"{k} {v:,.0f}" for k, v in rows["npv"]["per_draw_us"].items()))  # fmt: skip
    result = {"scenario": "korea-2011", **rows}
    write_result("risk", result)
    return result


def _npv_breakdown(scenario, draws: int = 500, rounds: int = 7) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Where an NPV-only draw of ``simulate`` spends its time, CPU us per draw.

    One chunk of the runner's size: ``draw`` the whole chunk (:func:`run_draws`);
    ``sampling`` every stream of every draw (terms, termination, route costs, price
    paths: :func:`sample_chunk`, the chunk's generators seeded at once); ``appraisal``
    the chunk's ledgers, instruments, guarantee and discounting (:func:`chunk_columns`).
    The parts are timed in turn within each of ``rounds`` rounds and each keeps its
    fastest round (the cores are shared: interleaving keeps the parts comparable).
    """
    deal, risk = scenario.deal, scenario.risk
    ctx = RunContext(scenario, deal, risk, 0, None, cost_model(scenario, deal, risk))

    def sample() -> list:  # type: ignore[type-arg]
        return sample_chunk(ctx, range(draws))

    ones = sample()
    work = {
        "draw": lambda: run_draws(ctx, 0, draws),
        "sampling": sample,
        "appraisal": lambda: chunk_columns(ctx, ones, 0),
    }
    best = dict.fromkeys(work, float("inf"))
    for _ in range(rounds):
        for name, job in work.items():
            start = time.process_time()
            job()
            best[name] = min(best[name], 1e6 * (time.process_time() - start) / draws)
    return {**best, "rest": best["draw"] - best["sampling"] - best["appraisal"]}
