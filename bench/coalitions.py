"""Coalition values at scale: corridor's exact enumeration against per-coalition baselines.

Seeded synthetic transit networks (corridor.games.synthetic) with n = 10 ... 20 players.
Baselines, each on the same random sample of coalitions (bench/_baselines.py):
(a) scipy: build the LP from the scenario and solve it with scipy.optimize.linprog;
(b) highspy: the LP's arrays built once, a fresh ``highspy.Highs`` per coalition with its
bounds (passModel, run); (c) OR-Tools: ``SimpleMinCostFlow`` built per coalition (the
networks are single-commodity and loss-free); (d) warm: corridor's one LP re-solved per
coalition (no memo). corridor: every one of the 2^n coalitions with coalition_values
(relevant-mask memo, skipping, warm re-solves, chunks). Every baseline's values are
checked against corridor's on the sample. Rates are coalition values per second; each
ratio is corridor's rate over the baseline's. At n = 20 also the total time of exact
values (2 workers) + Shapley + nucleolus; then sampled n = 60, Dask worker processes and
exact n = 24 (bench/_scale.py). Peak memory: the largest resident set of this process and
of its (finished) worker processes, from ``getrusage``.
"""

from __future__ import annotations

import time

import numpy as np

from bench._baselines import FlowBaseline, highspy_rebuild
from bench._common import write_result
from bench._scale import (
    assert_efficient,
    dask_processes,
    exact_game,
    exact_n24,
    load_average,
    peak_rss_mb,
    sampled_n60,
)
from bench.market import naive_welfare
from corridor.execution import RunSettings
from corridor.games import coalition_values, nucleolus, shapley
from corridor.games.plan import column_graph, usable_block
from corridor.games.synthetic import transit_network
from corridor.lp import WarmSolver
from corridor.market import MarketModel
from corridor.scenario.model import Scenario

SIZES = (10, 12, 14, 16, 18, 20)
SAMPLE = 60


def _degrees(scenario: Scenario) -> list[int]:
    """Pipeline links per player (in and out; the open LNG links excluded)."""
    ends = [
        end for link in scenario.links if link.name != "LNG" for end in (link.source, link.target)
    ]
    return [ends.count(p) for p in scenario.actor_ids]


def _rate(solve, sample: np.ndarray) -> tuple[float, list[float]]:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    values = [solve(int(k), bits) for k, bits in enumerate(sample)]
    return len(sample) / (time.perf_counter() - start), values


def _baselines(
    scenario: Scenario, model: MarketModel, sample: np.ndarray
) -> list[tuple[float, list[float]]]:
    """Rate and values of scipy, highspy rebuilt, OR-Tools flow and warm on ``sample``."""
    usable = usable_block(column_graph(model, scenario.actor_ids), sample)
    program, flow, solver = model.program, FlowBaseline(model), WarmSolver(model.program)
    upper = np.where(usable, program.upper[:, None], 0.0)
    return [
        _rate(lambda k, bits: naive_welfare(scenario, int(bits)), sample),
        _rate(lambda k, bits: highspy_rebuild(program, upper[:, k]), sample),
        _rate(lambda k, bits: flow.welfare(usable[:, k]), sample),
        _rate(lambda k, bits: solver.welfare(usable[:, k]), sample),
    ]


def main() -> dict:
    rows = []
    for n in SIZES:
        scenario = transit_network(n, seed=n)
        model = MarketModel(scenario)
        players = scenario.controllers()
        assert players == scenario.actor_ids  # naive_welfare indexes by actor bits
        sample = np.random.default_rng(n).integers(0, 1 << n, size=SAMPLE)

        (naive_rate, naive), (highs_rate, highs), (flow_rate, flows), (warm_rate, warm) = (
            _baselines(scenario, model, sample)
        )

        workers = 2 if n >= 18 else 1
        start = time.perf_counter()
        values = coalition_values(model, players, run=RunSettings(workers=workers), max_players=20)
        seconds = time.perf_counter() - start
        fast = values.values[sample]
        scale = max(1.0, float(np.abs(naive).max()))
        assert np.allclose(fast, naive, atol=1e-6 * scale), "fast values differ from naive"
        assert np.allclose(warm, naive, atol=1e-6 * scale), "warm values differ from naive"
        assert np.allclose(fast, highs, atol=1e-6 * scale), "fast values differ from highspy"
        # integer flows: capacities and costs rounded to 1e-4 units (FLOW_SCALE)
        assert np.allclose(fast, flows, atol=1e-5 * scale), "fast values differ from OR-Tools"
        rate = (1 << n) / seconds
        row = {
            "players": n,
            "links": len(scenario.links),
            "coalitions": 1 << n,
            "distinct_lps": values.lp_solves,
            "workers": workers,
            "naive_per_s": naive_rate,
            "highspy_rebuild_per_s": highs_rate,
            "ortools_flow_per_s": flow_rate,
            "warm_per_s": warm_rate,
            "corridor_per_s": rate,
            "corridor_seconds": seconds,
            "ratio": rate / naive_rate,
            "ratio_highspy": rate / highs_rate,
            "ratio_ortools": rate / flow_rate,
            "peak_rss_mb": peak_rss_mb(),
            "load_average": load_average(),
        }
        degree = _degrees(scenario)
        row["degree_min"], row["degree_max"] = min(degree), max(degree)
        row["degree_mean"] = sum(degree) / len(degree)
        row["coalitions_worth_zero"] = int((values.values == 0).sum())
        rows.append(row)
        print(
            f"n={n:2d}: {len(scenario.links)} links, {min(degree)}-{max(degree)} per player | "
            f"{1 << n:>9,} coalitions, {values.lp_solves:>6,} distinct LPs | "
            f"scipy {naive_rate:5,.0f}/s  highspy {highs_rate:5,.0f}/s  "
            f"OR-Tools {flow_rate:5,.0f}/s  warm {warm_rate:5,.0f}/s  "
            f"corridor {rate:>9,.0f}/s ({seconds:5.2f} s, {workers} worker(s), "
            f"peak {row['peak_rss_mb']:,.0f} MB, load {row['load_average']:.1f})  ratio "
            f"{rate / naive_rate:,.0f}x scipy, {row['ratio_highspy']:,.0f}x highspy, "
            f"{row['ratio_ortools']:,.0f}x OR-Tools"
        )

    values, t_values, timed = exact_game(20, {"shapley": shapley, "nucleolus": nucleolus})
    (phi, t_shapley), (nu, t_nucleolus) = timed["shapley"], timed["nucleolus"]
    total = t_values + t_shapley + t_nucleolus
    assert_efficient(values, phi)
    assert_efficient(values, nu)
    print(
        f"exact n=20 with 2 workers: values {t_values:.2f} s + Shapley {t_shapley:.2f} s + "
        f"nucleolus {t_nucleolus:.2f} s = {total:.2f} s (target <= 60 s)"
    )
    at16 = next(r for r in rows if r["players"] == 16)
    print(
        f"ratio at n=16: {at16['ratio']:,.0f}x scipy (target >= 100x), "
        f"{at16['ratio_highspy']:,.0f}x highspy rebuild (target >= 20x), "
        f"{at16['ratio_ortools']:,.0f}x OR-Tools min-cost flow"
    )
    sampled = sampled_n60()
    dask = dask_processes()
    exact24 = exact_n24()
    result = {
        "generator": "corridor.games.synthetic.transit_network(n, seed=n)",
        "naive_sample": SAMPLE,
        "sizes": rows,
        "exact_n20": {
            "workers": 2,
            "values_seconds": t_values,
            "shapley_seconds": t_shapley,
            "nucleolus_seconds": t_nucleolus,
            "total_seconds": total,
            "distinct_lps": values.lp_solves,
        },
        "ratio_n16": at16["ratio"],
        "ratio_highspy_n16": at16["ratio_highspy"],
        "ratio_ortools_n16": at16["ratio_ortools"],
        "sampled_n60": sampled,
        "dask_processes": dask,
        "exact_n24": exact24,
    }
    write_result("coalitions", result)
    return result
