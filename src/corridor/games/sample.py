"""Sampled Shapley values for games too large to enumerate (permutation sampling).

Each permutation adds the players one at a time, so each step only opens more columns of
the one LP: the re-solve starts warm. Relevant masks of a permutation's n + 1 prefixes are
computed at once with numpy and memoised across permutations, so a coalition met twice is
solved once. Permutation k is drawn from ``corridor.seeds.draw_generator(seed, k)``: the
estimate for a seed does not depend on the number of workers. Permutations run in rounds
of ``batch``; after each round the standard errors are checked against ``tolerance``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import pairwise
from multiprocessing import get_context

import numpy as np
import pandas as pd

from corridor.errors import InputError
from corridor.games.plan import ColumnGraph, column_graph, relevant_block
from corridor.games.values import as_model, game_players, program_token
from corridor.market import LinearProgram, MarketModel, WarmSolver
from corridor.scenario.model import Scenario
from corridor.seeds import as_generator, check_seed, draw_generator


@dataclass(frozen=True, eq=False)
class SampledShapley:
    """Shapley estimates (USD m/yr) with their standard errors, from ``permutations``.

    ``value`` and ``standard_error`` are Series indexed by player; ``grand`` is v(N) -
    v(empty set), which the estimates add up to exactly (every permutation is efficient).
    """

    players: tuple[str, ...]
    value: pd.Series
    standard_error: pd.Series
    permutations: int
    lp_solves: int
    grand: float
    seed: int

    def __repr__(self) -> str:
        parts = ", ".join(
            f"{p}={self.value[p]:,.1f}±{self.standard_error[p]:,.1f}" for p in self.players
        )
        return f"SampledShapley({parts}; {self.permutations} permutations)"


class _Marginals:
    """Marginal contributions along permutations, with a warm solver and a mask memo."""

    def __init__(self, program: LinearProgram, graph: ColumnGraph):
        self.solver = WarmSolver(program)
        self.graph = graph
        self.memo: dict[bytes, float] = {}
        self.solves = 0

    def run(self, order: np.ndarray) -> np.ndarray:
        prefixes = np.zeros(len(order) + 1, dtype=np.int64)
        prefixes[1:] = np.cumsum(np.int64(1) << order.astype(np.int64))
        relevant = relevant_block(self.graph, prefixes)
        values = np.zeros(len(prefixes))
        for k in range(len(prefixes)):
            mask = relevant[:, k]
            if not mask.any():
                continue
            key = np.packbits(mask).tobytes()
            value = self.memo.get(key)
            if value is None:
                value = self.memo[key] = self.solver.welfare(mask)
                self.solves += 1
            values[k] = value
        marginal = np.empty(len(order))
        marginal[order] = np.diff(values)
        return marginal


# one warm solver per thread (HiGHS instances are not thread-safe)
_LOCAL = threading.local()


def _batch(
    program: LinearProgram, graph: ColumnGraph, seed: int, start: int, stop: int, n: int
) -> tuple[np.ndarray, int]:
    key = program_token(program, graph.requirement, graph.closed)
    if getattr(_LOCAL, "key", None) != key:
        _LOCAL.key, _LOCAL.worker = key, _Marginals(program, graph)
    worker: _Marginals = _LOCAL.worker
    before = worker.solves
    rows = [worker.run(draw_generator(seed, k).permutation(n)) for k in range(start, stop)]
    return np.array(rows).reshape(-1, n), worker.solves - before


def sample_shapley(
    scenario_or_model: Scenario | MarketModel,
    players: Iterable[str] | None = None,
    *,
    seed: int | None = None,
    tolerance: float | None = None,
    max_permutations: int = 2000,
    min_permutations: int = 50,
    batch: int = 50,
    workers: int = 1,
    commodity: str | None = None,
) -> SampledShapley:
    """Estimate the Shapley value by permutation sampling, USD m/yr.

    Stops after ``max_permutations``, or earlier once at least ``min_permutations`` were
    drawn and every standard error is at most ``tolerance`` (USD m/yr). Deterministic for
    an int ``seed`` (None: a fresh random seed, reported in the result).
    """
    model = as_model(scenario_or_model)
    chosen = game_players(model, players, commodity)
    n = len(chosen)
    if n == 0:
        raise InputError("players: the game has no players")
    if max_permutations < 2:
        raise InputError("max_permutations: need at least 2 permutations for an error")
    if tolerance is not None and tolerance <= 0:
        raise InputError("tolerance: must be positive (USD m/yr)")
    if seed is None:
        seed = int(as_generator(None).integers(2**31))
    seed = check_seed(seed)
    graph = column_graph(model, chosen, commodity)
    program = model.program
    rows: list[np.ndarray] = []
    solves = 0
    pool = None
    if workers > 1:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork"))
    try:
        done = 0
        while done < max_permutations:
            stop = min(done + batch, max_permutations)
            if pool is None:
                block, used = _batch(program, graph, seed, done, stop, n)
                parts = [(block, used)]
            else:
                bounds = np.linspace(done, stop, workers + 1).astype(int)
                futures = [
                    pool.submit(_batch, program, graph, seed, int(a), int(b), n)
                    for a, b in pairwise(bounds)
                    if b > a
                ]
                parts = [f.result() for f in futures]
            for block, used in parts:
                rows.append(block)
                solves += used
            done = stop
            if tolerance is not None and done >= min_permutations:
                sample = np.concatenate(rows)
                if np.all(sample.std(axis=0, ddof=1) / np.sqrt(len(sample)) <= tolerance):
                    break
    finally:
        if pool is not None:
            pool.shutdown()
    sample = np.concatenate(rows)
    mean = sample.mean(axis=0)
    error = sample.std(axis=0, ddof=1) / np.sqrt(len(sample))
    return SampledShapley(
        players=chosen,
        value=pd.Series(mean, index=list(chosen), name="shapley_musd_per_yr"),
        standard_error=pd.Series(error, index=list(chosen), name="standard_error_musd_per_yr"),
        permutations=len(sample),
        lp_solves=solves,
        grand=float(sample[0].sum()),
        seed=seed,
    )
