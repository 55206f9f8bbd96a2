"""Sampled Shapley values for games too large to enumerate (permutation sampling).

Each permutation adds the players one at a time, so each step only opens more columns of
the one LP: the re-solve starts warm. The relevant masks of every prefix of a chunk's
permutations are computed at once with numpy (one ``relevant_block`` call) and memoised,
so a coalition met twice is solved once. Permutation k is drawn from
``corridor.seeds.draw_generator(seed, k)``. Permutations run in rounds of ``batch``;
after each round the standard errors are checked against ``tolerance``. Each chunk starts
from a cold LP (:func:`corridor.games.values.cold_start`), its own memo and the values of
the rounds before it (:class:`KnownValues`: every coalition met in earlier rounds, with
the settled value of the first chunk, in chunk order, that met it, which the parent
collects from the chunks' results, checkpointed ones included); values are settled
(:func:`corridor.games.values.settle`). So a chunk's marginals depend on the chunk and the
rounds before it, never on which worker ran what before, and rows are summed in
permutation order: the estimate for a seed is the same bytes on any number of workers, or
resume. (Before, a memo emptied per chunk solved the coalitions many chunks meet again in
each, and each permutation's masks were a call of their own: ``bench/sampled.py``
measures against that path. ``reuse=False`` keeps the memo per chunk, for comparison.)
Rounds are cut into fixed chunks of permutations run by :mod:`corridor.execution` (this
process, a pool or Dask; checkpointed and resumable like exact runs).

Variance reduction (``variance_reduction="antithetic"``): permutations come in pairs, the
second the first reversed (antithetic permutations: Mitchell, Cooper, Frank and Holmes
2022, "Sampling permutations for Shapley value estimation", JMLR 23; Illés and Kerényi
2019). A player late in one order is early in its partner, so the two marginals are
negatively correlated when marginals rise or fall with the coalition's size, as they do
in transit games (a transit country is worth most once a route around it is open, or
nothing until its neighbours are in). The estimate is still the mean of all marginals
(unbiased: each order of a pair is uniformly distributed); its standard error is that of
the pair means, which are independent. Rounds, chunks and the cap are whole pairs.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from corridor.errors import InputError
from corridor.execution import (
    SERIAL,
    Chunk,
    ChunkRunner,
    Progress,
    RunSettings,
    chunk_ranges,
    worker_state,
)
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

__all__ = [
    "CHECKPOINT_FORMAT",
    "VARIANCE_REDUCTIONS",
    "KnownValues",
    "SampleRecipe",
    "SampledShapley",
    "sample_chunk",
    "sample_shapley",
    "standard_error",
]

CHECKPOINT_FORMAT = "corridor.sampled-shapley-checkpoint/2"
"""/2: a chunk also keeps the value of each permutation's prefixes (the next rounds' memo)."""

VARIANCE_REDUCTIONS = ("none", "antithetic")
"""How permutations are drawn: independently, or in antithetic pairs (an order, reversed)."""


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
    variance_reduction: str = "none"

    def __repr__(self) -> str:
        parts = ", ".join(
            f"{p}={self.value[p]:,.1f}±{self.standard_error[p]:,.1f}" for p in self.players
        )
        return f"SampledShapley({parts}; {self.permutations} permutations)"


@dataclass(frozen=True, eq=False)
class KnownValues:
    """Settled v(S) of the coalitions met in earlier rounds: packed relevant masks, values.

    ``keys`` is (coalitions x bytes) uint8, ``values`` USD m/yr; ``tag`` a hash of both,
    so a worker builds its lookup table once per round, not once per chunk.
    """

    keys: np.ndarray
    values: np.ndarray
    tag: str

    @classmethod
    def of(cls, table: dict[bytes, float], width: int) -> KnownValues:
        """The table (insertion order kept) as arrays; ``width`` bytes per key."""
        keys = np.frombuffer(b"".join(table), dtype=np.uint8).reshape(len(table), width)
        values = np.fromiter(table.values(), dtype=float, count=len(table))
        tag = hashlib.sha256(keys.tobytes() + values.tobytes()).hexdigest()
        return cls(keys, values, tag)


NO_VALUES = KnownValues(np.zeros((0, 0), dtype=np.uint8), np.zeros(0), "")


def _prefix_masks(graph: ColumnGraph, orders: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The relevant masks of every prefix of ``orders`` (columns x prefixes), and packed.

    ``orders`` is permutations x players; prefixes run permutation by permutation, and the
    packed masks have a row per prefix.

    One :func:`relevant_block` call for the whole chunk: it treats each coalition on its
    own, so the masks are those of one call per permutation, at a fraction of the time.
    """
    prefixes = np.zeros((len(orders), orders.shape[1] + 1), dtype=np.int64)
    prefixes[:, 1:] = np.cumsum(np.int64(1) << orders.astype(np.int64), axis=1)
    relevant = relevant_block(graph, prefixes.reshape(-1))
    return relevant, np.ascontiguousarray(np.packbits(relevant, axis=0).T)


class _Marginals:
    """Marginal contributions along permutations, with a warm solver and a mask memo."""

    def __init__(self, program: LinearProgram, graph: ColumnGraph):
        self.solver = WarmSolver(program)
        self.graph = graph
        self.memo: dict[bytes, float] = {}
        self.known: dict[bytes, float] = {}
        self.known_tag = ""

    @classmethod
    def of(cls, recipe: SampleRecipe) -> _Marginals:
        """The worker object of a sampling job (built once per worker)."""
        return cls(recipe.program, recipe.graph)

    def restart(self, known: KnownValues = NO_VALUES) -> _Marginals:
        """Forget the memo and the basis, and know ``known``: nothing else run before counts."""
        cold_start(self.solver)
        self.memo.clear()
        if known.tag != self.known_tag:
            rows = [row.tobytes() for row in known.keys]
            self.known = dict(zip(rows, known.values.tolist(), strict=True))
            self.known_tag = known.tag
        return self

    def run(self, orders: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Marginals along each of ``orders``, their prefixes' packed masks and values, LPs.

        A prefix with nothing open has an all-zero mask and is worth 0. Solved permutation
        by permutation, prefix by prefix: the warm path of one LP through the chunk.
        """
        relevant, packed = _prefix_masks(self.graph, orders)
        is_open: np.ndarray = np.asarray(relevant.any(axis=0))
        values = np.zeros(len(packed))
        solved = np.zeros(len(packed), dtype=np.int64)
        for k, row in enumerate(packed):
            if not is_open[k]:
                continue
            key = row.tobytes()
            value = self.known.get(key)
            if value is None:
                value = self.memo.get(key)
            if value is None:
                value = self.memo[key] = float(settle(self.solver.welfare(relevant[:, k])))
                solved[k] = 1
            values[k] = value
        count, n = orders.shape
        by_order = values.reshape(count, n + 1)
        marginals = np.empty((count, n))
        np.put_along_axis(marginals, orders, np.diff(by_order, axis=1), axis=1)
        solves = solved.reshape(count, n + 1).sum(axis=1)
        return marginals, packed.reshape(count, n + 1, -1), by_order, solves


@dataclass(frozen=True, eq=False)
class SampleRecipe:
    """What a worker needs for a sampling job: the LP, the game's columns, seed, players."""

    program: LinearProgram
    graph: ColumnGraph
    seed: int
    n_players: int
    token: str = ""
    """Content hash of the LP and the game: workers keep their warm LP and memo across runs."""
    antithetic: bool = False

    def order(self, k: int) -> np.ndarray:
        """Permutation ``k``: its own draw, or (antithetic) pair k // 2's, reversed if k is odd."""
        if not self.antithetic:
            return draw_generator(self.seed, k).permutation(self.n_players)
        first = draw_generator(self.seed, k // 2).permutation(self.n_players)
        return first[::-1] if k % 2 else first


def sample_chunk(
    recipe: SampleRecipe, chunk: Chunk, known: KnownValues = NO_VALUES
) -> dict[str, np.ndarray]:
    """Marginals (permutations x players, USD m/yr), prefix values and LPs per permutation.

    ``known``: v(S) settled in earlier rounds, used instead of solving S again.
    """
    worker = worker_state(recipe, _Marginals.of, key=recipe.token or None).restart(known)
    n = recipe.n_players
    orders = np.array(
        [recipe.order(k) for k in range(chunk.start, chunk.stop)], dtype=np.int64
    ).reshape(-1, n)
    marginals, masks, values, solves = worker.run(orders)
    return {"marginals": marginals, "prefix_masks": masks, "prefix_values": values,
            "lp_solves": solves}  # fmt: skip


def _learn(table: dict[bytes, float], part: dict[str, Any]) -> None:
    # the chunk's coalitions into the table, the first value met kept (chunks come in order)
    masks, values = part["prefix_masks"], part["prefix_values"]
    width = masks.shape[2]
    rows, flat = masks.reshape(-1, width), values.reshape(-1).tolist()
    for row, value in zip(rows, flat, strict=True):
        if row.any():
            table.setdefault(row.tobytes(), value)


def standard_error(sample: np.ndarray, antithetic: bool = False) -> np.ndarray:
    """Standard error of the mean marginal per player (columns).

    With ``antithetic``, that of the pair means: rows 2i and 2i + 1 are a pair
    (correlated); pairs are independent.
    """
    if antithetic:
        sample = sample.reshape(-1, 2, sample.shape[1]).mean(axis=1)
    return np.asarray(sample.std(axis=0, ddof=1) / np.sqrt(len(sample)))


def _even(count: int) -> int:
    return count + count % 2


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
    run: RunSettings = SERIAL,
    progress: Progress | None = None,
    commodity: str | None = None,
    chunk_size: int | None = None,
    reuse: bool = True,
    variance_reduction: str = "none",
) -> SampledShapley:
    """Estimate the Shapley value by permutation sampling, USD m/yr.

    Stops after ``max_permutations``, or earlier once at least ``min_permutations`` were
    drawn and every standard error is at most ``tolerance`` (USD m/yr). Deterministic for
    an int ``seed`` (None: a fresh random seed, reported in the result). Each round of
    ``batch`` permutations runs in chunks of ``chunk_size`` (default: a quarter of a
    round) where ``run`` says (:class:`~corridor.execution.RunSettings`, kept chunks in
    a sub-folder per game and seed); ``progress(done, total)`` counts permutations. ``reuse``: each
    round looks up the coalitions of the rounds before it (:class:`KnownValues`); False
    solves every chunk's own (slower, the path before; for comparison).
    ``variance_reduction``: ``"none"`` (independent permutations) or ``"antithetic"``
    (pairs of an order and its reverse; ``batch``, ``chunk_size``, ``min_permutations``
    and ``max_permutations`` are rounded up to whole pairs; see the module docstring).
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
    if variance_reduction not in VARIANCE_REDUCTIONS:
        raise InputError(
            f"unknown {variance_reduction!r} (choose from {', '.join(VARIANCE_REDUCTIONS)})",
            parameter="variance_reduction",
        )
    antithetic = variance_reduction == "antithetic"
    if seed is None:
        seed = int(as_generator(None).integers(2**31))
    seed = check_seed(seed)
    graph = column_graph(model, chosen, commodity)
    size = chunk_size or max(1, -(-batch // 4))
    if antithetic:
        size, batch = _even(size), _even(batch)
        min_permutations, max_permutations = _even(min_permutations), _even(max_permutations)
    store = None
    if run.keeps and max_permutations > size:
        key = game_key(model.program, graph, chosen, size)
        meta = {"format": CHECKPOINT_FORMAT, "game": key, "players": list(chosen),
                "seed": seed, "batch": batch, "chunk_size": size, "reuse": reuse}  # fmt: skip
        if antithetic:  # a key of its own only then: older checkpoints still resume
            meta["variance_reduction"] = variance_reduction
        tag = ("" if reuse else "-solo") + ("-antithetic" if antithetic else "")
        store = run.store(meta, f"sample-v2-{key}-{seed}-{batch}{tag}")
    token = program_token(model.program, graph.requirement, graph.closed)
    recipe = SampleRecipe(model.program, graph, seed, n, token, antithetic)
    rows: list[np.ndarray] = []
    solves = 0
    table: dict[bytes, float] = {}  # every coalition met in the rounds so far, in order
    with ChunkRunner(recipe, workers=run.workers, scheduler=run.scheduler) as runner:
        done = 0
        while done < max_permutations:
            stop = min(done + batch, max_permutations)
            report = None
            if progress is not None:
                report = functools.partial(_report, progress, done, max_permutations)
            task = sample_chunk
            if reuse and table:
                task = functools.partial(sample_chunk, known=KnownValues.of(table, graph.n_bytes))
            chunks = chunk_ranges(stop, size, start=done)
            parts = runner.map(task, chunks, checkpoint=store, progress=report)
            for part in parts:
                rows.append(part["marginals"])
                solves += int(part["lp_solves"].sum())
                if reuse:
                    _learn(table, part)
            done = stop
            if (
                tolerance is not None
                and done >= min_permutations
                and np.all(standard_error(np.concatenate(rows), antithetic) <= tolerance)
            ):
                break
    sample = np.concatenate(rows)
    mean = sample.mean(axis=0)
    error = standard_error(sample, antithetic)
    return SampledShapley(
        players=chosen,
        value=pd.Series(mean, index=list(chosen), name="shapley_musd_per_yr"),
        standard_error=pd.Series(error, index=list(chosen), name="standard_error_musd_per_yr"),
        permutations=len(sample),
        lp_solves=solves,
        grand=float(sample[0].sum()),
        seed=seed,
        variance_reduction=variance_reduction,
    )
