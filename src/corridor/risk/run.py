"""Running a deal's Monte Carlo: draws in chunks, on workers, checkpointed.

Each draw (seeded from ``(seed, draw index)`` by :func:`corridor.seeds.draw_generator`, so
a draw gives the same numbers on any worker) samples the scenario's ``[risk.parameters]``
in file order: factors on the contract price, the LNG price, demand and capex, and a start
delay in years. Then the disruption hazard: in each operating year the transit country
starts a cut with probability ``p`` at a uniform time within the year, lasting a drawn
duration; overlapping cuts merge. Lost gas is bought as spot LNG at a premium. Each draw
is appraised twice, without and with the guarantee option (same random numbers), and with
each instrument; a chunk's draws are appraised together (:mod:`corridor.risk.columns`).
When asked, the market game of each stage (``games``) is re-valued with the draw's LNG
price, demand and capex and every player's Shapley value, nucleolus and fees computed
(:mod:`corridor.risk.games`; each coalition LP from a kept optimal basis while it stays
optimal, else solved warm by HiGHS).

Money in USD m (NPV discounted to the scenario's base year at each actor's own rate),
gas in bcm, Shapley values in USD m/yr.

Execution: draws run in fixed chunks by :mod:`corridor.execution` (this process, a local
process pool of ``workers`` or a Dask cluster at ``scheduler``); finished chunks can be
checkpointed to a folder and a rerun with ``resume`` reuses them. With a ``tolerance`` the chunks
run in rounds and the run stops at the first chunk boundary, in chunk order, where the
largest standard error of a mean NPV (every actor's, without and with the guarantee:
:func:`corridor.risk.result.npv_se_max`) is at most the tolerance; the decision depends
only on the draws before that boundary, so the same seed gives the same draws on any
number of workers and after a resume.
"""

from __future__ import annotations

import functools
import hashlib
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from corridor.errors import InputError
from corridor.execution import (
    SERIAL,
    Checkpoint,
    Chunk,
    ChunkRunner,
    Progress,
    RunSettings,
    chunk_ranges,
    run_chunks,
    worker_state,
)
from corridor.risk.columns import run_draws
from corridor.risk.costs import cost_model
from corridor.risk.draw import RunContext
from corridor.risk.games import WarmGame
from corridor.risk.result import RiskResult
from corridor.risk.stats import Moments
from corridor.scenario.lookup import deal_of
from corridor.scenario.model import Scenario
from corridor.seeds import check_seed

CHECKPOINT_SCHEMA = "corridor.risk-checkpoint/1"
GAMES = ("ex-ante", "ex-post")
"""The stages whose games ``--shapley`` plays per draw (:mod:`corridor.games.stages`)."""
NPV_CHUNK_DRAWS = 500
"""Default draws per chunk without the games."""
SHAPLEY_CHUNK_DRAWS = 100
"""Default draws per chunk with the games: a chunk's first draw solves all of its
coalition LPs cold (the kept bases start empty, :mod:`corridor.risk.basis`), which 20-draw
chunks paid every 20 draws (1.5x slower than 100 on korea-2011); results do not depend on
the chunk size, a run of fewer draws is one chunk."""

MIN_TOLERANCE_DRAWS = 100
"""Draws before the tolerance rule may stop a run: a standard error from fewer is itself
too uncertain to trust."""


# --- workers: a picklable spec, loaded once per worker ----------------------------------
@dataclass(frozen=True)
class RunSpec:
    """What a worker needs to rebuild a run.

    The scenario's text (scenarios hold read-only mappings that do not pickle) and the
    options.
    """

    text: str
    file: str
    seed: int
    shapley: bool
    games: tuple[str, ...] = GAMES


def _load_context(spec: RunSpec) -> RunContext:
    from corridor.scenario.load import loads

    return _context(loads(spec.text, file=spec.file), spec.shapley, spec.seed, spec.games)


def draws_chunk(recipe: RunSpec | RunContext, chunk: Chunk) -> dict[str, np.ndarray]:
    """Worker entry point: the result columns of the chunk's draws.

    ``recipe`` is the run itself in this process, else the spec a worker loads once.
    """
    ctx = recipe if isinstance(recipe, RunContext) else worker_state(recipe, _load_context)
    return run_draws(ctx, chunk.start, chunk.stop)


def _context(
    scenario: Scenario, shapley: bool, seed: int, games: tuple[str, ...] = GAMES
) -> RunContext:
    deal = deal_of(scenario)
    if scenario.risk is None:
        raise InputError(f"scenario {scenario.name!r} has no [risk] table")
    game = WarmGame(scenario, deal, games) if shapley else None
    costs = cost_model(scenario, deal, scenario.risk)
    return RunContext(scenario, deal, scenario.risk, seed, game, costs)


# --- execution --------------------------------------------------------------------------
def simulate(
    scenario: Scenario,
    draws: int,
    seed: int = 0,
    *,
    run: RunSettings = SERIAL,
    shapley: bool = False,
    chunk_size: int | None = None,
    progress: Progress | None = None,
    tolerance: float | None = None,
    games: Sequence[str] = GAMES,
) -> RiskResult:
    """Run ``draws`` Monte Carlo draws of the scenario's deal and return a :class:`RiskResult`.

    ``run`` (:class:`~corridor.execution.RunSettings`): more than one worker or a Dask
    scheduler needs a scenario loaded from a file; results do not depend on it or on
    ``chunk_size``. With ``run.resume`` a call with the same checkpoint folder, scenario,
    seed and options reuses the chunks found there. ``progress(done, total)`` counts
    draws.

    ``tolerance`` (USD m, None: run all ``draws``): stop at the first chunk boundary, after
    at least :data:`MIN_TOLERANCE_DRAWS` draws, where the standard error of every actor's
    mean NPV (without and with the guarantee) is at most ``tolerance``; ``draws`` is then
    the cap. :meth:`RiskResult.stopping` says which ended the run.

    ``games``: with ``shapley``, the stages whose games are played per draw (some of
    :data:`GAMES`; default both).
    """
    if draws < 1:
        raise InputError(f"must be at least 1, got {draws}", parameter="draws")
    if tolerance is not None and not (math.isfinite(tolerance) and tolerance > 0):
        raise InputError(f"must be a positive number of USD m, got {tolerance}",
                         parameter="tolerance")  # fmt: skip
    seed = check_seed(seed)
    stages = check_games(games)
    ctx = _context(scenario, shapley, seed, stages)
    size = chunk_size or (SHAPLEY_CHUNK_DRAWS if shapley else NPV_CHUNK_DRAWS)
    store = None
    if run.keeps:
        meta: dict[str, Any] = {
            "schema": CHECKPOINT_SCHEMA, "scenario": scenario.name,
            "scenario_sha256": scenario.source_sha256, "seed": seed, "shapley": shapley,
            "chunk_size": size,
        }  # fmt: skip
        if shapley and stages != GAMES:  # a run of both stages keeps its old checkpoints
            meta["games"] = list(stages)
        store = run.store(meta)
    recipe = ctx if run.in_process else run_spec(scenario, seed, shapley, stages)
    chunks = chunk_ranges(draws, size)
    why = "draws"
    if tolerance is None:
        parts = run_chunks(
            draws_chunk, recipe, chunks, workers=run.workers, scheduler=run.scheduler,
            checkpoint=store, progress=progress,
        )  # fmt: skip
    else:
        with ChunkRunner(recipe, workers=run.workers, scheduler=run.scheduler) as runner:
            parts, why = _until_tolerance(runner, chunks, tolerance, store, progress)
    if store is not None:
        check_stored_columns(ctx, parts, Path(run.checkpoint or ""))
    table = pd.concat([pd.DataFrame(part) for part in parts], ignore_index=True)
    table["draw"] = table["draw"].astype(int)
    cost = ctx.risk.guarantee.cost_musd_per_yr if ctx.risk.guarantee else 0.0
    cap = draws if tolerance is not None else None
    return RiskResult(scenario.name, seed, ctx.deal.actors, ctx.deal.buyer, table, cost,
                      tolerance_musd=tolerance, draws_cap=cap, stopped_on=why)  # fmt: skip


def _until_tolerance(
    runner: ChunkRunner[Any],
    chunks: Sequence[Chunk],
    tolerance: float,
    store: Checkpoint | None,
    progress: Progress | None,
) -> tuple[list[dict[str, np.ndarray]], str]:
    """The chunks up to the first boundary within ``tolerance``; why it stopped.

    ``"tolerance"`` (every mean NPV's standard error at most ``tolerance``) or ``"cap"``.
    Rounds of as many chunks as there are workers (extra ones are discarded, kept in the
    checkpoint); the rule is checked after every chunk in chunk order, so where the run
    stops does not depend on the rounds.
    """
    per_round = max(1, runner.workers) if runner.scheduler is None else 4
    total = sum(c.units for c in chunks)
    parts: list[dict[str, np.ndarray]] = []
    done = 0
    moments: Moments | None = None
    for first in range(0, len(chunks), per_round):
        batch = chunks[first : first + per_round]
        report = None
        if progress is not None:
            report = functools.partial(_report, progress, done, total)
        for chunk, part in zip(batch, runner.map(draws_chunk, batch, checkpoint=store,
                                                 progress=report), strict=True):  # fmt: skip
            parts.append(part)
            done += chunk.units
            npvs = Moments.of(np.column_stack([v for c, v in part.items() if c.startswith("npv_")]))
            moments = npvs if moments is None else moments + npvs
            if done >= MIN_TOLERANCE_DRAWS and float(np.max(moments.se())) <= tolerance:
                return parts, "tolerance"
    return parts, "cap"


def _report(progress: Progress, offset: int, total: int, done: int, _of: int) -> None:
    progress(offset + done, total)


def check_games(games: Sequence[str]) -> tuple[str, ...]:
    """The stages ``games`` names, in :data:`GAMES` order; InputError if none or unknown."""
    chosen = [g.strip() for g in ([games] if isinstance(games, str) else games)]
    unknown = [g for g in chosen if g not in GAMES]
    if unknown or not chosen:
        raise InputError(f"must name some of {', '.join(GAMES)}, got {', '.join(chosen) or 'none'}",
                         parameter="games")  # fmt: skip
    return tuple(g for g in GAMES if g in chosen)


def check_stored_columns(
    ctx: RunContext, parts: Sequence[dict[str, np.ndarray]], folder: Path
) -> None:
    """InputError (``checkpoint``) if a resumed chunk lacks a column this version writes.

    Chunks kept by an older corridor (before the leverage, price or instrument columns)
    would leave those columns empty for their draws; the run is refused rather than
    mixed. A fresh draw (draw 0, computed here) names the columns.
    """
    expected = set(run_draws(ctx, 0, 1))
    missing = sorted(set().union(*(expected - set(part) for part in parts)))
    if missing:
        shown = ", ".join(missing[:3]) + (
            f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        )
        raise InputError(
            f"{folder}: its chunks were written by an older corridor and lack {shown}; "
            "delete the folder or use another",
            parameter="checkpoint",
        )


def run_spec(
    scenario: Scenario, seed: int, shapley: bool, games: tuple[str, ...] = GAMES
) -> RunSpec:
    """What workers need to rebuild the run: the scenario's text as loaded, and options."""
    if scenario.overrides and scenario.document is not None:
        # workers rebuild the overridden document, not the file as it is on disk
        return RunSpec(scenario.to_toml(), scenario.source_file or "<scenario>", seed, shapley,
                       games)  # fmt: skip
    if not scenario.source_file or not os.path.exists(scenario.source_file):
        raise InputError("parallel runs need a scenario loaded from a file (workers reload it)")
    text = Path(scenario.source_file).read_text(encoding="utf-8")
    if (
        scenario.source_sha256
        and hashlib.sha256(text.encode()).hexdigest() != scenario.source_sha256
    ):
        raise InputError(f"{scenario.source_file} changed since it was loaded; load it again")
    if scenario.source_sha256 is None:
        raise InputError("parallel runs need a scenario loaded from a file, unchanged since")
    return RunSpec(text, scenario.source_file, seed, shapley, games)


__all__ = [
    "CHECKPOINT_SCHEMA",
    "GAMES",
    "MIN_TOLERANCE_DRAWS",
    "NPV_CHUNK_DRAWS",
    "SHAPLEY_CHUNK_DRAWS",
    "RunSpec",
    "check_games",
    "check_stored_columns",
    "draws_chunk",
    "run_spec",
    "simulate",
]
