"""Sampled Shapley: corridor's chunks against the path before (a memo emptied per chunk).

Baseline: the algorithm as it was before (written out below, one process): every chunk
of a round starts from a cold LP and an empty memo, so a coalition met by many chunks is
solved again in each, and each permutation's prefix masks are one ``relevant_block``
call. corridor (``sample_shapley``): a round looks up the values of the rounds before it
(``KnownValues``) and a chunk's masks are one call. Both are deterministic for a seed on
any number of workers. Games: korea-2011 as ``corridor power korea-2011 --method sample
--seed 5`` plays it (every game: both stages, each traded commodity; 2,000 permutations
each), and the synthetic transit networks of 14 and 18 players (``transit_network(n,
seed=0)``, seed 5). One worker each; the ratio is baseline time / corridor time; the LPs
solved and the largest difference of the estimates are printed beside it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

import corridor.games
from bench._common import write_result
from corridor import analyses
from corridor.execution import chunk_ranges
from corridor.games import SampledShapley, sample_shapley
from corridor.games.plan import column_graph, relevant_block
from corridor.games.synthetic import transit_network
from corridor.games.values import as_model, cold_start, game_players, settle
from corridor.lp import WarmSolver
from corridor.market import MarketModel
from corridor.scenario import load_scenario
from corridor.seeds import draw_generator

SYNTHETIC = {"synthetic-14": (14, 400), "synthetic-18": (18, 300)}  # players, permutations


def before(
    scenario_or_model: Any, players: Any = None, *, seed: int, max_permutations: int = 2000,
    commodity: str | None = None, batch: int = 50, **ignored: Any,
) -> SampledShapley:  # fmt: skip
    """The sampled Shapley value as computed before (one worker, no tolerance)."""
    model = as_model(scenario_or_model)
    chosen = game_players(model, players, commodity)
    n = len(chosen)
    graph = column_graph(model, chosen, commodity)
    solver = WarmSolver(model.program)
    size = max(1, -(-batch // 4))
    rows, solves = [], 0
    for done in range(0, max_permutations, batch):
        for chunk in chunk_ranges(min(done + batch, max_permutations), size, start=done):
            cold_start(solver)
            memo: dict[bytes, float] = {}
            for k in range(chunk.start, chunk.stop):
                order = draw_generator(seed, k).permutation(n)
                prefixes = np.zeros(n + 1, dtype=np.int64)
                prefixes[1:] = np.cumsum(np.int64(1) << order.astype(np.int64))
                relevant = relevant_block(graph, prefixes)
                values = np.zeros(n + 1)
                for j in range(n + 1):
                    mask = relevant[:, j]
                    if not mask.any():
                        continue
                    key = np.packbits(mask).tobytes()
                    if key not in memo:
                        memo[key] = float(settle(solver.welfare(mask)))
                        solves += 1
                    values[j] = memo[key]
                marginal = np.empty(n)
                marginal[order] = np.diff(values)
                rows.append(marginal)
    sample = np.array(rows)
    error = sample.std(axis=0, ddof=1) / np.sqrt(len(sample))
    return SampledShapley(
        players=chosen,
        value=pd.Series(sample.mean(axis=0), index=list(chosen)),
        standard_error=pd.Series(error, index=list(chosen)),
        permutations=len(sample), lp_solves=solves, grand=float(sample[0].sum()), seed=seed,
    )  # fmt: skip


def _korea(shapley: Callable[..., SampledShapley]) -> tuple[float, int, np.ndarray]:
    # `corridor power korea-2011 --method sample --seed 5`: every game it plays, each
    # recorded as it comes back
    scenario = load_scenario("korea-2011")
    sampled: list[SampledShapley] = []

    def played(*args: Any, **kwargs: Any) -> SampledShapley:
        sampled.append(shapley(*args, **kwargs))
        return sampled[-1]

    start = time.perf_counter()
    corridor.games.sample_shapley = played  # type: ignore[attr-defined]  # analyses reads it here
    try:
        analyses.power(scenario, method="sample", seed=5)
    finally:
        del corridor.games.sample_shapley  # the lazy loader's own again
    seconds = time.perf_counter() - start
    values = np.concatenate([s.value.to_numpy() for s in sampled])
    return seconds, sum(s.lp_solves for s in sampled), values


def _synthetic(
    shapley: Callable[..., SampledShapley], players: int, permutations: int
) -> tuple[float, int, np.ndarray]:
    model = MarketModel(transit_network(players, seed=0))
    start = time.perf_counter()
    done = shapley(model, seed=5, max_permutations=permutations)
    return time.perf_counter() - start, done.lp_solves, done.value.to_numpy()


def main() -> dict:
    rows = []
    runs: dict[str, tuple[Callable[..., Any], tuple[int, ...], int]] = {
        "korea-2011": (_korea, (), 2000)
    }
    runs |= {k: (_synthetic, (p, n), n) for k, (p, n) in SYNTHETIC.items()}
    for name, (run, args, n) in runs.items():
        base_s, base_lps, base = run(before, *args)
        fast_s, fast_lps, fast = run(sample_shapley, *args)
        gap = float(np.max(np.abs(fast - base)))
        row = {
            "game": name,
            "permutations": n,
            "baseline_s": base_s,
            "corridor_s": fast_s,
            "baseline_lps": base_lps,
            "corridor_lps": fast_lps,
            "ratio": base_s / fast_s,
            "largest_difference_musd_per_yr": gap,
        }
        rows.append(row)
        print(
            f"{name:13s} {n:5d} permutations: before {base_s:6.2f} s ({base_lps:,} LPs), "
            f"corridor {fast_s:6.2f} s ({fast_lps:,} LPs)  ratio {row['ratio']:.2f}x  "
            f"(largest difference {gap:.2g} USD m/yr)"
        )
    result = {"games": rows}
    write_result("sampled", result)
    return result
