"""The large sizes of bench/coalitions.py: sampled n = 60, Dask worker processes, exact n = 24.

* Sampled: Shapley values of ``transit_network(60, seed=60)`` to a standard error of at
  most 1 % of v(N) for every player (2 workers), plain and antithetic permutations; then
  both at the same number of permutations, and the ratio of their variances per player
  at equal numbers of LPs: (se_plain^2 x LPs_plain) / (se_antithetic^2 x LPs_antithetic).
* Dask: the same exact game on a ``LocalCluster`` of 2 worker processes (1 thread each)
  and locally, the values compared byte for byte; the bytes a chunk costs in transfer
  (the pickled task and result; the recipe travels once per worker).
* Exact n = 24: all 2^24 coalition values of ``transit_network(24, seed=24)`` with 2
  workers, then Shapley and Banzhaf; seconds and peak memory.
"""

from __future__ import annotations

import os
import pickle
import resource
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from corridor.execution import Chunk, RunSettings
from corridor.games import banzhaf, coalition_values, sample_shapley, shapley
from corridor.games.plan import column_graph, make_plan
from corridor.games.synthetic import transit_network
from corridor.games.values import PlanLPs, default_chunk_size, solve_chunk
from corridor.market import MarketModel

if TYPE_CHECKING:
    import pandas as pd

    from corridor.games import CoalitionValues


def peak_rss_mb() -> float:
    """Largest resident set so far of this process and of any finished child, MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024  # Linux reports KiB


def load_average() -> float:
    """The 1-minute load average (the machine is shared: timings are noisy)."""
    return os.getloadavg()[0]


def sampled_n60(players: int = 60, fixed: int = 1000) -> dict[str, Any]:
    model = MarketModel(transit_network(players, seed=players))
    grand = model.welfare(None) - model.welfare(0)
    target = 0.01 * grand
    runs: dict[str, Any] = {"players": players, "grand_musd_per_yr": grand}
    for method in ("none", "antithetic"):
        start = time.perf_counter()
        done = sample_shapley(model, seed=1, tolerance=target, max_permutations=20_000,
                              batch=100, run=RunSettings(workers=2),
                              variance_reduction=method)  # fmt: skip
        seconds = time.perf_counter() - start
        worst = float(done.standard_error.max() / grand)
        runs[f"to_1pct_{method}"] = {
            "seconds": seconds, "permutations": done.permutations, "lp_solves": done.lp_solves,
            "largest_se_share_of_grand": worst, "load_average": load_average(),
        }  # fmt: skip
        print(
            f"n={players} sampled, {method:10s}: SE <= 1 % of v(N) = {target:,.0f} USD m/yr "
            f"after {done.permutations:,} permutations, {done.lp_solves:,} LPs, "
            f"{seconds:.1f} s with 2 workers (largest SE {100 * worst:.2f} % of v(N); "
            f"target <= 60 s; load {load_average():.1f})"
        )
    equal = {}
    for method in ("none", "antithetic"):
        done = sample_shapley(model, seed=2, max_permutations=fixed, batch=200,
                              run=RunSettings(workers=2), variance_reduction=method)  # fmt: skip
        equal[method] = (done.standard_error.to_numpy() ** 2, done.lp_solves)
    (var_plain, lps_plain), (var_anti, lps_anti) = equal["none"], equal["antithetic"]
    moving = (var_plain > 0) & (var_anti > 0)
    ratio = (var_plain[moving] * lps_plain) / (var_anti[moving] * lps_anti)
    runs["equal_permutations"] = {
        "permutations": fixed, "lp_solves_none": lps_plain, "lp_solves_antithetic": lps_anti,
        "variance_ratio_at_equal_lps_median": float(np.median(ratio)),
        "variance_ratio_at_equal_lps_min": float(ratio.min()),
        "variance_ratio_at_equal_lps_max": float(ratio.max()),
        "variance_ratio_of_largest_se": float(var_plain.max() * lps_plain
                                              / (var_anti.max() * lps_anti)),
    }  # fmt: skip
    print(
        f"n={players} sampled, {fixed:,} permutations each ({lps_plain:,} vs {lps_anti:,} "
        f"LPs): variance plain / antithetic at equal LPs, per player: median "
        f"{np.median(ratio):.2f}x, min {ratio.min():.2f}x, max {ratio.max():.2f}x; "
        f"of the largest SE {runs['equal_permutations']['variance_ratio_of_largest_se']:.2f}x"
    )
    return runs


def dask_processes(players: int = 16) -> dict[str, Any]:
    from distributed import Client, LocalCluster

    model = MarketModel(transit_network(players, seed=players))
    start = time.perf_counter()
    local = coalition_values(model)
    local_s = time.perf_counter() - start
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        start = time.perf_counter()
        remote = coalition_values(model, run=RunSettings(scheduler=client))
        remote_s = time.perf_counter() - start
    assert remote.values.tobytes() == local.values.tobytes(), "Dask values differ"
    graph = column_graph(model, model.scenario.controllers())
    plan = make_plan(graph, players)
    size = default_chunk_size(plan.n_lps)
    recipe = PlanLPs(model.program, plan.keys, plan.n_columns)
    chunk = Chunk(0, min(size, plan.n_lps))
    task_bytes = len(pickle.dumps((solve_chunk, chunk)))
    result_bytes = len(pickle.dumps(solve_chunk(recipe, chunk)))
    recipe_bytes = len(pickle.dumps(recipe))
    row = {
        "players": players, "workers": "2 processes x 1 thread", "local_seconds": local_s,
        "dask_seconds": remote_s, "identical": True, "chunk_lps": size,
        "chunks": -(-plan.n_lps // size), "task_bytes_per_chunk": task_bytes,
        "result_bytes_per_chunk": result_bytes, "recipe_bytes_once_per_worker": recipe_bytes,
    }  # fmt: skip
    print(
        f"Dask LocalCluster (2 processes, 1 thread each), n={players}: identical values; "
        f"{remote_s:.2f} s (local, 1 process: {local_s:.2f} s); per chunk of {size:,} LPs "
        f"{task_bytes:,} B out + {result_bytes:,} B back; recipe {recipe_bytes:,} B once "
        "per worker"
    )
    return row


def exact_game(
    players: int, concepts: dict[str, Callable[[CoalitionValues], pd.Series]]
) -> tuple[CoalitionValues, float, dict[str, tuple[pd.Series, float]]]:
    """All coalition values of ``transit_network(players)`` with 2 workers, then each
    concept, each timed: (values, seconds, {concept: (allocation, seconds)})."""
    scenario = transit_network(players, seed=players)
    start = time.perf_counter()
    values = coalition_values(scenario, run=RunSettings(workers=2), max_players=players)
    t_values = time.perf_counter() - start
    timed = {}
    for name, concept in concepts.items():
        start = time.perf_counter()
        timed[name] = (concept(values), time.perf_counter() - start)
    return values, t_values, timed


def assert_efficient(values: CoalitionValues, allocation: pd.Series) -> None:
    """An efficient concept shares out v(N) - v(empty set), to rounding."""
    gains = values.grand - values.values[0]
    assert abs(allocation.sum() - gains) < 1e-6 * max(1.0, values.grand)


def exact_n24(players: int = 24) -> dict[str, Any]:
    values, t_values, timed = exact_game(players, {"shapley": shapley, "banzhaf": banzhaf})
    (phi, t_shapley), (beta, t_banzhaf) = timed["shapley"], timed["banzhaf"]
    assert_efficient(values, phi)
    assert len(beta) == players
    total = t_values + t_shapley + t_banzhaf
    row = {
        "players": players, "coalitions": 1 << players, "distinct_lps": values.lp_solves,
        "workers": 2, "values_seconds": t_values, "shapley_seconds": t_shapley,
        "banzhaf_seconds": t_banzhaf, "total_seconds": total,
        "corridor_per_s": (1 << players) / t_values, "peak_rss_mb": peak_rss_mb(),
        "load_average": load_average(),
    }  # fmt: skip
    print(
        f"exact n={players} with 2 workers: {1 << players:,} coalitions, "
        f"{values.lp_solves:,} distinct LPs; values {t_values:.1f} s + Shapley "
        f"{t_shapley:.1f} s + Banzhaf {t_banzhaf:.1f} s = {total:.1f} s (target <= 120 s), "
        f"peak memory {row['peak_rss_mb']:,.0f} MB (target <= 2,048), "
        f"load {row['load_average']:.1f}"
    )
    return row
