"""Sampled Shapley values for games too large to enumerate (permutation sampling).

Each permutation adds the players one at a time, so each step only opens more columns of
the one LP: the re-solve starts warm. Relevant masks of a permutation's n + 1 prefixes are
computed at once with numpy and memoised across permutations, so a coalition met twice is
solved once within a chunk. Permutation k is drawn from
``corridor.seeds.draw_generator(seed, k)``, and each chunk starts from a cold LP and an
empty memo (:func:`corridor.games.values.cold_start`) with values settled
(:func:`corridor.games.values.settle`): a chunk's marginals depend on the chunk alone, and
rows are summed in permutation order, so the estimate for a seed is the same bytes on any
number of workers, chunking of work between them, or resume. Permutations run in rounds
of ``batch``; after each round the standard errors are checked against ``tolerance``.
Rounds are cut into fixed chunks of permutations run by :mod:`corridor.execution` (this
process, a pool or Dask; checkpointed and resumable like exact runs).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from corridor.errors import InputError
from corridor.execution import Checkpoint, Chunk, ChunkRunner, Progress, chunk_ranges, worker_state
from corridor.games.plan import ColumnGraph, column_graph, relevant_block
from corridor.games.values import (
    as_model,
    cold_start,
    game_key,
    game_players,
    program_token,
    settle,
)
from corridor.lp import LinearProgram, WarmSolver
from corridor.market import MarketModel
from corridor.scenario.model import Scenario
from corridor.seeds import as_generator, check_seed, draw_generator

__all__ = ["CHECKPOINT_FORMAT", "SampleRecipe", "SampledShapley", "sample_chunk", "sample_shapley"]

CHECKPOINT_FORMAT = "corridor.sampled-shapley-checkpoint/1"


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

    @classmethod
    def of(cls, recipe: SampleRecipe) -> _Marginals:
        """The worker object of a sampling job (built once per worker)."""
        return cls(recipe.program, recipe.graph)

    def restart(self) -> _Marginals:
        """Forget the memo and the basis: what follows depends on nothing run before."""
        cold_start(self.solver)
        self.memo.clear()
        return self

    def run(self, order: np.ndarray) -> tuple[np.ndarray, int]:
        """Marginal contribution of each player along ``order``, and the LPs solved."""
        prefixes = np.zeros(len(order) + 1, dtype=np.int64)
        prefixes[1:] = np.cumsum(np.int64(1) << order.astype(np.int64))
        relevant = relevant_block(self.graph, prefixes)
        values = np.zeros(len(prefixes))
        solves = 0
        for k in range(len(prefixes)):
            mask = relevant[:, k]
            if not mask.any():
                continue
            key = np.packbits(mask).tobytes()
            value = self.memo.get(key)
            if value is None:
                value = self.memo[key] = float(settle(self.solver.welfare(mask)))
                solves += 1
            values[k] = value
        marginal = np.empty(len(order))
        marginal[order] = np.diff(values)
        return marginal, solves


@dataclass(frozen=True, eq=False)
class SampleRecipe:
    """What a worker needs for a sampling job: the LP, the game's columns, seed, players."""

    program: LinearProgram
    graph: ColumnGraph
    seed: int
    n_players: int
    token: str = ""
    """Content hash of the LP and the game: workers keep their warm LP and memo across runs."""


def sample_chunk(recipe: SampleRecipe, chunk: Chunk) -> dict[str, np.ndarray]:
    """Marginals (permutations x players, USD m/yr) and LPs solved per permutation."""
    worker = worker_state(recipe, _Marginals.of, key=recipe.token or None).restart()
    n = recipe.n_players
    orders = (draw_generator(recipe.seed, k).permutation(n) for k in range(chunk.start, chunk.stop))
    runs = [worker.run(order) for order in orders]
    return {
        "marginals": np.array([m for m, _ in runs], dtype=float).reshape(-1, n),
        "lp_solves": np.array([s for _, s in runs], dtype=np.int64),
    }


def _report(progress: Progress, before: int, total: int, done: int, _round: int) -> None:
    progress(before + done, total)


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
    scheduler: str | Any | None = None,
    checkpoint: str | Path | None = None,
    resume: bool = False,
    progress: Progress | None = None,
    commodity: str | None = None,
    chunk_size: int | None = None,
) -> SampledShapley:
    """Estimate the Shapley value by permutation sampling, USD m/yr.

    Stops after ``max_permutations``, or earlier once at least ``min_permutations`` were
    drawn and every standard error is at most ``tolerance`` (USD m/yr). Deterministic for
    an int ``seed`` (None: a fresh random seed, reported in the result). Each round of
    ``batch`` permutations runs in chunks of ``chunk_size`` (default: a quarter of a
    round) in this process, on ``workers`` processes or a Dask ``scheduler``;
    ``checkpoint``, ``resume`` and ``progress(done, total)`` (in permutations) work as in
    :func:`corridor.games.coalition_values` (:mod:`corridor.execution`).
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
    size = chunk_size or max(1, -(-batch // 4))
    store = None
    if checkpoint is not None and max_permutations > size:
        key = game_key(model.program, graph, chosen, size)
        meta = {"format": CHECKPOINT_FORMAT, "game": key, "players": list(chosen),
                "seed": seed, "batch": batch, "chunk_size": size}  # fmt: skip
        folder = Path(checkpoint) / f"sample-{key}-{seed}-{batch}"
        store = Checkpoint(folder, meta, resume=resume)
    token = program_token(model.program, graph.requirement, graph.closed)
    recipe = SampleRecipe(model.program, graph, seed, n, token)
    rows: list[np.ndarray] = []
    solves = 0
    with ChunkRunner(recipe, workers=workers, scheduler=scheduler) as runner:
        done = 0
        while done < max_permutations:
            stop = min(done + batch, max_permutations)
            report = None
            if progress is not None:
                report = functools.partial(_report, progress, done, max_permutations)
            parts = runner.map(sample_chunk, chunk_ranges(stop, size, start=done),
                               checkpoint=store, progress=report)  # fmt: skip
            for part in parts:
                rows.append(part["marginals"])
                solves += int(part["lp_solves"].sum())
            done = stop
            if tolerance is not None and done >= min_permutations:
                sample = np.concatenate(rows)
                if np.all(sample.std(axis=0, ddof=1) / np.sqrt(len(sample)) <= tolerance):
                    break
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
