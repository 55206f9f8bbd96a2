"""Exact coalition values v(S) for all 2^n coalitions, fast, resumable and distributable.

How (see :mod:`corridor.games.plan`): the relevant column mask of every coalition is
computed with numpy for all coalitions at once, in Gray-code order; coalitions with an
empty mask get v = 0 without an LP; the distinct masks are solved once each (memoised by
mask), in the order of their first coalition in Gray order so that successive LPs differ
by about one player's assets, on one LP per process built once and re-solved warm
(:class:`corridor.market.WarmSolver`). The distinct masks are cut into chunks that depend
only on the game (not on the number of workers); chunks run in this process, in a pool of
processes (``workers``) or on a Dask cluster (``scheduler``), and each finished chunk is
written to the checkpoint folder so that ``resume=True`` skips it after an interruption.

Players and the other actors: a game is played among ``players`` (default: every actor
that controls something). Actors that are not players are treated as always present: an
asset needing only them is usable by every coalition. Values are in USD m/yr and include
v(empty set) (non-zero only when open or non-player assets trade on their own); the
solution concepts play the zero-normalised game v(S) - v(empty set).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np

from corridor.errors import InputError
from corridor.games.limits import MAX_EXACT_PLAYERS
from corridor.games.plan import ColumnGraph, Plan, column_graph, make_plan, unpack
from corridor.market import LinearProgram, MarketModel, WarmSolver
from corridor.scenario.model import Scenario

FORMAT = "corridor.coalition-values/1"


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
        """Write to ``path`` (numpy ``.npz``); returns the path written."""
        path = Path(path)
        meta = {
            "format": FORMAT,
            "players": list(self.players),
            "scenario": self.scenario,
            "commodity": self.commodity,
            "lp_solves": self.lp_solves,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            np.savez(handle, values=self.values, meta=np.array(json.dumps(meta)))
        return path

    @classmethod
    def load(cls, path: str | Path) -> CoalitionValues:
        """Read a file written by :meth:`save`."""
        with np.load(Path(path), allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            values = np.array(data["values"], dtype=float)
        if meta.get("format") != FORMAT:
            raise InputError(f"{path}: not a corridor coalition-values file")
        return cls(
            players=tuple(meta["players"]),
            values=values,
            scenario=meta["scenario"],
            commodity=meta["commodity"],
            lp_solves=int(meta["lp_solves"]),
        )


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
        raise InputError(f"commodity: unknown commodity {commodity!r} (known: {known})")
    if players is None:
        return scenario.controllers(commodity)
    chosen = tuple(players)
    unknown = [p for p in chosen if p not in model.actors]
    if unknown:
        raise InputError(
            f"players: unknown actor(s) {', '.join(unknown)} (known: {', '.join(model.actors)})"
        )
    if len(set(chosen)) != len(chosen):
        raise InputError("players: an actor is named twice")
    return chosen


def coalition_values(
    scenario_or_model: Scenario | MarketModel,
    players: Iterable[str] | None = None,
    *,
    method: str = "exact",
    workers: int = 1,
    scheduler: str | Any | None = None,
    checkpoint: str | Path | None = None,
    resume: bool = False,
    progress: bool = False,
    commodity: str | None = None,
    max_players: int = MAX_EXACT_PLAYERS,
    chunk_size: int | None = None,
) -> CoalitionValues:
    """v(S) for all 2^n coalitions of ``players``, USD m/yr.

    ``method="exact"`` is the fast path (relevant-mask memo, skipping, warm re-solves,
    chunks); ``method="direct"`` re-solves every coalition warm in Gray order with no
    memo (a reference for tests and benchmarks). ``workers`` processes, or a Dask
    ``scheduler`` (address or ``distributed.Client``). ``checkpoint``: folder for finished
    chunks (a sub-folder per game, keyed by a hash of the LP and the players); with
    ``resume=True`` chunks found there are not solved again. ``commodity`` restricts the
    game to that commodity's assets. More than ``max_players`` players is refused.
    """
    model = as_model(scenario_or_model)
    chosen = game_players(model, players, commodity)
    n = len(chosen)
    if n > max_players:
        raise InputError(
            f"exact enumeration of {n} players means {2**n:,} coalitions, above the limit of "
            f"{max_players} players; use --method sample (or raise --max-exact)"
        )
    if workers < 1:
        raise InputError("workers: must be at least 1")
    graph = column_graph(model, chosen, commodity)
    if method == "direct":
        values, solves = _direct(model, graph, n)
    elif method == "exact":
        plan = make_plan(graph, n)
        size = chunk_size or default_chunk_size(plan.n_lps)
        folder = None
        if checkpoint is not None:
            folder = Path(checkpoint) / game_key(model.program, graph, chosen, size)
        lp_values = solve_plan(
            model.program, plan, size, workers=workers, scheduler=scheduler,
            folder=folder, resume=resume, progress=progress,
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
    return values, 1 << n


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


def chunks(plan: Plan, size: int) -> list[tuple[int, int]]:
    """(start, stop) ranges of LP keys, one per chunk."""
    return [(s, min(s + size, plan.n_lps)) for s in range(0, plan.n_lps, size)]


# --- the worker side: one warm solver per thread and program ---------------------------
# Per thread, not per process: a HiGHS instance is not thread-safe, and Dask workers run
# several tasks at once in threads of one process.
_LOCAL = threading.local()


def program_token(program: LinearProgram, *extra: np.ndarray) -> str:
    """A content hash of an LP (and extra arrays): workers reuse their solver across tasks."""
    digest = hashlib.sha256()
    for array in (program.cost, program.upper, program.index, program.value, *extra):
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


def solve_keys(program: LinearProgram, keys: np.ndarray, n_columns: int) -> np.ndarray:
    """Welfare for each packed relevant mask in ``keys``, USD m/yr (runs in a worker)."""
    token = program_token(program)
    if getattr(_LOCAL, "token", None) != token:
        # one game at a time per thread keeps memory flat
        _LOCAL.token, _LOCAL.solver = token, WarmSolver(program)
    solver: WarmSolver = _LOCAL.solver
    masks = unpack(keys, n_columns)
    return np.array([solver.welfare(mask) for mask in masks])


def _chunk_file(folder: Path, index: int) -> Path:
    return folder / f"chunk-{index:06d}.npy"


def _save_chunk(folder: Path, index: int, values: np.ndarray) -> None:
    target = _chunk_file(folder, index)
    tmp = folder / f".{target.name}.{os.getpid()}.tmp"
    with tmp.open("wb") as handle:
        np.save(handle, values)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, target)  # atomic: a kill leaves either no file or a whole one


def solve_plan(
    program: LinearProgram,
    plan: Plan,
    size: int,
    *,
    workers: int = 1,
    scheduler: str | Any | None = None,
    folder: Path | None = None,
    resume: bool = False,
    progress: bool = False,
) -> np.ndarray:
    """Solve every LP of ``plan`` in chunks of ``size``; returns welfare per key."""
    ranges = chunks(plan, size)
    lp_values = np.zeros(plan.n_lps)
    todo = list(range(len(ranges)))
    if len(ranges) <= 1:
        folder = None  # finishing the only chunk finishes the run: nothing to resume
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        for index in range(len(ranges)):
            path = _chunk_file(folder, index)
            if not resume:
                path.unlink(missing_ok=True)
                continue
            if path.exists():
                start, stop = ranges[index]
                saved = np.load(path)
                if len(saved) == stop - start:
                    lp_values[start:stop] = saved
                    todo.remove(index)

    def done(index: int, values: np.ndarray) -> None:
        start, stop = ranges[index]
        lp_values[start:stop] = values
        if folder is not None:
            _save_chunk(folder, index, values)

    tasks = [(i, plan.keys[ranges[i][0] : ranges[i][1]]) for i in todo]
    with _ProgressBar(progress, plan.n_lps, plan.n_lps - sum(len(k) for _, k in tasks)) as bar:
        for index, values in _run_tasks(program, tasks, plan.n_columns, workers, scheduler):
            done(index, values)
            bar(len(values))
    return lp_values


def _run_tasks(
    program: LinearProgram,
    tasks: list[tuple[int, np.ndarray]],
    n_columns: int,
    workers: int,
    scheduler: str | Any | None,
) -> Iterator[tuple[int, np.ndarray]]:
    if not tasks:
        return
    if scheduler is not None:
        yield from _run_dask(program, tasks, n_columns, scheduler)
    elif workers == 1 or len(tasks) == 1:
        for index, keys in tasks:
            yield index, solve_keys(program, keys, n_columns)
    else:
        context = get_context("fork") if "fork" in _start_methods() else None
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = {
                pool.submit(solve_keys, program, keys, n_columns): index for index, keys in tasks
            }
            for future in as_completed(futures):
                yield futures[future], future.result()


def _start_methods() -> list[str]:
    from multiprocessing import get_all_start_methods

    return get_all_start_methods()


def _run_dask(
    program: LinearProgram,
    tasks: list[tuple[int, np.ndarray]],
    n_columns: int,
    scheduler: str | Any,
) -> Iterator[tuple[int, np.ndarray]]:
    from distributed import Client
    from distributed import as_completed as dask_completed

    if isinstance(scheduler, Client):
        client = scheduler
    else:
        try:
            client = Client(scheduler, timeout=10)
        except (OSError, TimeoutError, ValueError) as exc:
            raise InputError(
                f"--scheduler: cannot reach a Dask scheduler at {scheduler!r} ({exc})"
            ) from None
    try:
        shared = client.scatter(program, broadcast=True)
        futures = {
            client.submit(solve_keys, shared, keys, n_columns, pure=False): index
            for index, keys in tasks
        }
        for future in dask_completed(list(futures)):
            yield futures[future], np.asarray(future.result())
    finally:
        if client is not scheduler:
            client.close()


class _ProgressBar:
    def __init__(self, enabled: bool, total: int, completed: int):
        self.enabled, self.total, self.completed = enabled, total, completed
        self._progress: Any = None

    def __enter__(self) -> Callable[[int], None]:
        if not self.enabled:
            return lambda _: None
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        console = Console(stderr=True)
        if not console.is_terminal:  # no bar in a log: rich would leave a blank line there
            return lambda _: None
        self._progress = Progress(
            TextColumn("coalition LPs"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), TimeRemainingColumn(), console=console, transient=True,
        )  # fmt: skip
        self._progress.start()
        task = self._progress.add_task("solve", total=self.total, completed=self.completed)
        return lambda k: self._progress.advance(task, k)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
