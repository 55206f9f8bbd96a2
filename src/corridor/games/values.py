"""Exact coalition values v(S) for all 2^n coalitions, fast, resumable and distributable.

How (see :mod:`corridor.games.plan`): the relevant column mask of every coalition is
computed with numpy for all coalitions at once, in Gray-code order; coalitions with an
empty mask get v = 0 without an LP; the distinct masks are solved once each (memoised by
mask), in the order of their first coalition in Gray order so that successive LPs differ
by about one player's assets, on one LP per process built once and re-solved warm
(:class:`corridor.lp.WarmSolver`). The distinct masks are cut into chunks that depend
only on the game (not on the number of workers) and run by :mod:`corridor.execution`: in
this process, in a pool of processes (``workers``) or on a Dask cluster (``scheduler``),
each finished chunk written to the game's checkpoint folder so that a run with
``resume`` skips it after an interruption (:class:`corridor.execution.RunSettings`).

Players and the other actors: a game is played among ``players`` (default: every actor
that controls something). Actors that are not players are treated as always present: an
asset needing only them is usable by every coalition. Values are in USD m/yr and include
v(empty set) (non-zero only when open or non-player assets trade on their own); the
solution concepts play the zero-normalised game v(S) - v(empty set).

Determinism: every v(S) that leaves this package is :func:`settle`-d, and every chunk of
LPs starts from a cold HiGHS solve (:func:`cold_start`) and then re-solves warm in a fixed
order, so a chunk's values depend on the chunk alone, not on which worker ran it, what it
ran before, or whether it came from a checkpoint: the values, and every concept computed
from them, are the same bytes for any ``workers``, ``scheduler`` or resume.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from corridor.atomic import write_atomic
from corridor.errors import InputError, TooManyPlayers
from corridor.execution import (
    SERIAL,
    Checkpoint,
    Chunk,
    Progress,
    RunSettings,
    chunk_ranges,
    run_chunks,
    worker_state,
)
from corridor.games.limits import MAX_EXACT_PLAYERS
from corridor.games.plan import ColumnGraph, Plan, column_graph, make_plan, unpack
from corridor.lp import LinearProgram, WarmSolver
from corridor.market import MarketModel
from corridor.scenario.model import Scenario

__all__ = [
    "CHECKPOINT_FORMAT",
    "FORMAT",
    "VALUE_QUANTUM_MUSD_PER_YR",
    "VALUE_RELATIVE_BITS",
    "CoalitionValues",
    "PlanLPs",
    "as_model",
    "coalition_values",
    "cold_start",
    "default_chunk_size",
    "game_key",
    "game_players",
    "program_token",
    "settle",
    "solve_chunk",
    "solve_keys",
    "solve_plan",
]

FORMAT = "corridor.coalition-values/1"
CHECKPOINT_FORMAT = "corridor.coalition-values-checkpoint/1"

_QUANTUM_EXPONENT = -20
VALUE_QUANTUM_MUSD_PER_YR = 2.0**_QUANTUM_EXPONENT
"""Absolute grid of :func:`settle`, USD m/yr (about 0.95 USD a year)."""

VALUE_RELATIVE_BITS = 31
"""Mantissa bits :func:`settle` keeps (a relative grid of 2^-31 to 2^-30, about 5e-10)."""


def settle(values: np.ndarray | float, finer_bits: int = 0) -> np.ndarray:
    """v(S) rounded to the coarser of two grids: 2^-20 USD m/yr, or 31 mantissa bits.

    HiGHS's objective moves by a few units in the last place (measured: up to 2.7e-12
    USD m/yr, 6e-16 relative, on a 14-player synthetic game) with the warm basis it starts
    from; a degenerate concept (the least core) can turn that into tens of USD m/yr.
    Rounding to a grid some 10^5 times coarser than that noise (and far finer than any
    number we report) maps both paths to the same float, except in the rare case where
    the noise straddles a grid point; the cold start of each chunk removes even that on
    one machine. Powers of two make the rounding exact: ``x / q`` and ``* q`` lose nothing.
    ``finer_bits``: both grids that many bits finer (for numbers computed from settled
    values: a nucleolus that halves a settled surplus lies on the half-points of the values'
    own grid, where rounding to it would turn on the last bit of noise).
    """
    x = np.asarray(values, dtype=float)
    _, exponent = np.frexp(x)
    quantum = np.ldexp(1.0, np.maximum(exponent - VALUE_RELATIVE_BITS, _QUANTUM_EXPONENT)
                       - finer_bits)  # fmt: skip
    return np.round(x / quantum) * quantum + 0.0  # + 0.0: no negative zeros


_Solver = TypeVar("_Solver", bound=WarmSolver)


def cold_start(solver: _Solver) -> _Solver:
    """``solver`` with its basis dropped: the next solve starts cold (HiGHS ``clearSolver``).

    Called at the start of every chunk of LPs, so the chunk's warm path, and so its
    values, do not depend on what the worker solved before.
    """
    solver.highs.clearSolver()
    return solver


@dataclass(frozen=True, eq=False)
class CoalitionValues:
    """v(S) for every coalition S of ``players``, USD m/yr.

    ``values[bits]`` is the value of the coalition whose members are the players with a 1
    in ``bits`` (bit i = ``players[i]``). ``lp_solves`` counts the LPs actually solved.
    """

    players: tuple[str, ...]
    values: np.ndarray
    scenario: str = ""
    commodity: str | None = None
    lp_solves: int = 0

    def __repr__(self) -> str:
        return (
            f"CoalitionValues(scenario={self.scenario!r}, players={list(self.players)}, "
            f"v(N)={self.grand:,.1f} USD m/yr, coalitions={len(self.values):,}, "
            f"LPs solved={self.lp_solves:,})"
        )

    @property
    def n(self) -> int:
        """Number of players."""
        return len(self.players)

    @property
    def grand(self) -> float:
        """v(N), the value of the grand coalition, USD m/yr."""
        return float(self.values[-1])

    def bits(self, coalition: Iterable[str] | int) -> int:
        """Bitmask of a coalition given as player ids (or already a bitmask)."""
        if isinstance(coalition, int | np.integer):
            return int(coalition)
        index = {p: i for i, p in enumerate(self.players)}
        bits = 0
        for player in coalition:
            if player not in index:
                raise InputError(f"unknown player {player!r} (players: {', '.join(self.players)})")
            bits |= 1 << index[player]
        return bits

    def v(self, coalition: Iterable[str] | int) -> float:
        """Value of a coalition (player ids or bitmask), USD m/yr."""
        return float(self.values[self.bits(coalition)])

    def save(self, path: str | Path) -> Path:
        """Write to ``path`` (numpy ``.npz``, atomically); returns the path written."""
        path = Path(path)
        meta = {
            "format": FORMAT,
            "players": list(self.players),
            "scenario": self.scenario,
            "commodity": self.commodity,
            "lp_solves": self.lp_solves,
        }
        meta_text = np.array(json.dumps(meta))
        return write_atomic(path, lambda out: np.savez(out, values=self.values, meta=meta_text))

    @classmethod
    def load(cls, path: str | Path) -> CoalitionValues:
        """Read a file written by :meth:`save` (anything else: one ``InputError`` line)."""
        try:
            with np.load(Path(path), allow_pickle=False) as data:
                meta = json.loads(str(data["meta"]))
                values = np.array(data["values"], dtype=float)
            players = tuple(str(p) for p in meta["players"])
            found = cls(players, values, str(meta["scenario"]), meta["commodity"],
                        int(meta["lp_solves"]))  # fmt: skip
            ok = meta.get("format") == FORMAT and values.shape == (1 << len(players),)
        except (OSError, ValueError, EOFError, KeyError, TypeError, AttributeError,
                zipfile.BadZipFile):  # fmt: skip
            ok = False
        if not ok:
            raise InputError(f"{path}: not a corridor coalition-values file (or a damaged one)")
        return found


def as_model(scenario_or_model: Scenario | MarketModel) -> MarketModel:
    """A :class:`MarketModel` for a scenario (built once) or the model itself."""
    if isinstance(scenario_or_model, MarketModel):
        return scenario_or_model
    return MarketModel(scenario_or_model)


def game_players(
    model: MarketModel, players: Iterable[str] | None, commodity: str | None
) -> tuple[str, ...]:
    """Validated players: as given, or every actor controlling an asset (of ``commodity``)."""
    scenario = model.scenario
    if commodity is not None and commodity not in {c.id for c in scenario.commodities}:
        known = ", ".join(c.id for c in scenario.commodities)
        raise InputError(f"unknown commodity {commodity!r} (known: {known})", parameter="commodity")
    if players is None:
        return scenario.controllers(commodity)
    chosen = tuple(players)
    unknown = [p for p in chosen if p not in model.actors]
    if unknown:
        raise InputError(
            f"unknown actor(s) {', '.join(unknown)} (known: {', '.join(model.actors)})",
            parameter="players",
        )
    if len(set(chosen)) != len(chosen):
        raise InputError("an actor is named twice", parameter="players")
    return chosen


def coalition_values(
    scenario_or_model: Scenario | MarketModel,
    players: Iterable[str] | None = None,
    *,
    method: str = "exact",
    run: RunSettings = SERIAL,
    progress: Progress | None = None,
    commodity: str | None = None,
    max_players: int = MAX_EXACT_PLAYERS,
    chunk_size: int | None = None,
) -> CoalitionValues:
    """v(S) for all 2^n coalitions of ``players``, USD m/yr.

    ``method="exact"`` is the fast path (relevant-mask memo, skipping, warm re-solves,
    chunks); ``method="direct"`` re-solves every coalition warm in Gray order with no
    memo (a reference for tests and benchmarks). ``run``: where the chunks run and
    what is kept (:class:`~corridor.execution.RunSettings`); its checkpoint folder holds a
    sub-folder per game, keyed by a hash of the LP and the players (a game that fits in
    one chunk writes nothing). ``progress(done, total)`` counts LPs. ``commodity``
    restricts the game to that commodity's assets. More than ``max_players`` players is
    refused.
    """
    model = as_model(scenario_or_model)
    chosen = game_players(model, players, commodity)
    n = len(chosen)
    if n > max_players:
        raise TooManyPlayers(n, max_players)
    graph = column_graph(model, chosen, commodity)
    if method == "direct":
        values, solves = _direct(model, graph, n)
    elif method == "exact":
        plan = make_plan(graph, n, workers=run.workers, scheduler=run.scheduler)
        size = chunk_size or default_chunk_size(plan.n_lps)
        store = None
        if run.keeps:  # the game's key hashes the LP: only when kept
            key = game_key(model.program, graph, chosen, size)
            meta = {"format": CHECKPOINT_FORMAT, "game": key, "players": list(chosen),
                    "chunk_size": size, "lps": plan.n_lps}  # fmt: skip
            store = run.store(meta, key)
        lp_values = solve_plan(
            model.program, plan, size, workers=run.workers, scheduler=run.scheduler,
            checkpoint=store, progress=progress,
        )  # fmt: skip
        values = np.where(plan.index >= 0, lp_values[np.maximum(plan.index, 0)], 0.0)
        solves = plan.n_lps
    else:
        raise InputError(f"method: unknown method {method!r} (exact or direct)")
    return CoalitionValues(
        players=chosen,
        values=values,
        scenario=model.scenario.name,
        commodity=commodity,
        lp_solves=solves,
    )


def _direct(model: MarketModel, graph: ColumnGraph, n: int) -> tuple[np.ndarray, int]:
    from corridor.games.plan import gray_order, usable_block

    solver = WarmSolver(model.program)
    values = np.zeros(1 << n)
    for bits in gray_order(n):
        usable = usable_block(graph, np.array([bits]))[:, 0]
        values[bits] = solver.welfare(usable)
    return settle(values), 1 << n


def default_chunk_size(n_lps: int) -> int:
    """LPs per chunk: about 64 chunks, 64 to 4,096 LPs each (independent of workers)."""
    return int(min(4096, max(64, -(-n_lps // 64))))


def game_key(
    program: LinearProgram, graph: ColumnGraph, players: tuple[str, ...], size: int
) -> str:
    """Hash naming a game's checkpoint folder: the LP data, the players, the chunking."""
    digest = hashlib.sha256(FORMAT.encode())
    for array in (program.cost, program.upper, program.starts, program.index, program.value,
                  graph.requirement, graph.closed):  # fmt: skip
        digest.update(np.ascontiguousarray(array).tobytes())
    digest.update(json.dumps([list(players), size, graph.prune]).encode())
    return digest.hexdigest()[:20]


@dataclass(frozen=True, eq=False)
class PlanLPs:
    """The recipe of an exact run's chunks: the LP and the packed masks to solve, in order."""

    program: LinearProgram
    keys: np.ndarray
    n_columns: int


def program_token(program: LinearProgram, *extra: np.ndarray) -> str:
    """A content hash of an LP (and extra arrays): workers reuse their solver across tasks."""
    digest = hashlib.sha256()
    for array in (program.cost, program.upper, program.index, program.value, *extra):
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


def solve_keys(program: LinearProgram, keys: np.ndarray, n_columns: int) -> np.ndarray:
    """Settled welfare for each packed relevant mask in ``keys``, USD m/yr.

    On this worker's LP, from a cold start, then warm in the order given.
    """
    solver = cold_start(worker_state(program, WarmSolver, key=program_token(program)))
    masks = unpack(keys, n_columns)
    return settle(np.array([solver.welfare(mask) for mask in masks]))


def solve_chunk(lps: PlanLPs, chunk: Chunk) -> np.ndarray:
    """Welfare of the LPs ``chunk.start`` to ``chunk.stop`` of a plan, USD m/yr."""
    return solve_keys(lps.program, lps.keys[chunk.start : chunk.stop], lps.n_columns)


def solve_plan(
    program: LinearProgram,
    plan: Plan,
    size: int,
    *,
    workers: int = 1,
    scheduler: str | Any | None = None,
    checkpoint: Checkpoint | None = None,
    progress: Progress | None = None,
) -> np.ndarray:
    """Solve every LP of ``plan`` in chunks of ``size``; returns welfare per key, USD m/yr.

    A plan that fits in one chunk is not checkpointed: finishing it finishes the run.
    """
    chunks = chunk_ranges(plan.n_lps, size)
    if len(chunks) <= 1:
        checkpoint = None
    lps = PlanLPs(program, plan.keys, plan.n_columns)
    parts = run_chunks(solve_chunk, lps, chunks, workers=workers, scheduler=scheduler,
                       checkpoint=checkpoint, progress=progress)  # fmt: skip
    return np.concatenate(parts) if parts else np.zeros(0)
