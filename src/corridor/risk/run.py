"""Running a deal's Monte Carlo: draws in chunks, on workers, checkpointed.

Each draw (seeded from ``(seed, draw index)`` by :func:`corridor.seeds.draw_generator`, so
a draw gives the same numbers on any worker) samples the scenario's ``[risk.parameters]``
in file order: factors on the contract price, the LNG price, demand and capex, and a start
delay in years. Then the disruption hazard: in each operating year the transit country
starts a cut with probability ``p`` at a uniform time within the year, lasting a drawn
duration; overlapping cuts merge. Lost gas is bought as spot LNG at a premium. Each draw
is appraised twice, without and with the guarantee option (same random numbers), and,
when asked, the market game is re-run with the draw's LNG price, demand and capex and the
Shapley value of every player computed (:mod:`corridor.games`; one LP per draw, solved
warm across its coalitions).

Money in USD m (NPV discounted to the scenario's base year at each actor's own rate),
gas in bcm, Shapley values in USD m/yr.

Execution: draws run in fixed chunks by :mod:`corridor.execution` (this process, a local
process pool of ``workers`` or a Dask cluster at ``scheduler``); finished chunks can be
checkpointed to a folder and a rerun resumes from them.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from corridor.errors import InputError
from corridor.execution import Checkpoint, Chunk, Progress, chunk_ranges, run_chunks, worker_state
from corridor.execution import check_workers as checked_workers
from corridor.finance import deal_of
from corridor.risk.costs import cost_model
from corridor.risk.draw import RunContext, run_draws
from corridor.risk.games import WarmGame
from corridor.risk.result import RiskResult
from corridor.scenario.model import Scenario
from corridor.seeds import check_seed

CHECKPOINT_SCHEMA = "corridor.risk-checkpoint/1"


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


def _load_context(spec: RunSpec) -> RunContext:
    from corridor.scenario.load import loads

    return _context(loads(spec.text, file=spec.file), spec.shapley, spec.seed)


def draws_chunk(recipe: RunSpec | RunContext, chunk: Chunk) -> dict[str, np.ndarray]:
    """Worker entry point: the result columns of the chunk's draws.

    ``recipe`` is the run itself in this process, else the spec a worker loads once.
    """
    ctx = recipe if isinstance(recipe, RunContext) else worker_state(recipe, _load_context)
    return run_draws(ctx, chunk.start, chunk.stop)


def _context(scenario: Scenario, shapley: bool, seed: int) -> RunContext:
    deal = deal_of(scenario)
    if scenario.risk is None:
        raise InputError(f"scenario {scenario.name!r} has no [risk] table")
    game = WarmGame(scenario, deal) if shapley else None
    costs = cost_model(scenario, deal, scenario.risk)
    return RunContext(scenario, deal, scenario.risk, seed, game, costs)


# --- execution --------------------------------------------------------------------------
def simulate(
    scenario: Scenario,
    draws: int,
    seed: int = 0,
    *,
    workers: int = 1,
    scheduler: str | Any | None = None,
    shapley: bool = False,
    chunk_size: int | None = None,
    checkpoint: str | Path | None = None,
    progress: Progress | None = None,
) -> RiskResult:
    """Run ``draws`` Monte Carlo draws of the scenario's deal and return a :class:`RiskResult`.

    ``workers`` > 1 runs chunks on a local process pool, ``scheduler`` (a Dask scheduler
    address or client) on a Dask cluster; both need a scenario loaded from a file. Results
    do not depend on ``workers``, ``scheduler`` or ``chunk_size``. ``checkpoint`` names a
    folder where finished chunks are kept; a later call with the same folder, scenario,
    seed and options reuses them (:mod:`corridor.execution`). ``progress(done, total)``
    counts draws.
    """
    if draws < 1:
        raise InputError(f"must be at least 1, got {draws}", parameter="draws")
    seed = check_seed(seed)
    if scheduler is None:
        checked_workers(workers)
    ctx = _context(scenario, shapley, seed)
    size = chunk_size or (20 if shapley else 500)
    store = None
    if checkpoint:
        meta = {"schema": CHECKPOINT_SCHEMA, "scenario": scenario.name,
                "scenario_sha256": scenario.source_sha256, "seed": seed, "shapley": shapley,
                "chunk_size": size}  # fmt: skip
        store = Checkpoint(Path(checkpoint), meta, resume=True)
    in_process = scheduler is None and workers == 1
    recipe = ctx if in_process else run_spec(scenario, seed, shapley)
    parts = run_chunks(draws_chunk, recipe, chunk_ranges(draws, size), workers=workers,
                       scheduler=scheduler, checkpoint=store, progress=progress)  # fmt: skip
    table = pd.concat([pd.DataFrame(part) for part in parts], ignore_index=True)
    table["draw"] = table["draw"].astype(int)
    cost = ctx.risk.guarantee.cost_musd_per_yr if ctx.risk.guarantee else 0.0
    return RiskResult(scenario.name, seed, ctx.deal.actors, ctx.deal.buyer, table, cost)


def run_spec(scenario: Scenario, seed: int, shapley: bool) -> RunSpec:
    """What workers need to rebuild the run: the scenario's text as loaded, and options."""
    if scenario.overrides and scenario.document is not None:
        # workers rebuild the overridden document, not the file as it is on disk
        return RunSpec(scenario.to_toml(), scenario.source_file or "<scenario>", seed, shapley)
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
    return RunSpec(text, scenario.source_file, seed, shapley)


__all__ = ["CHECKPOINT_SCHEMA", "RunSpec", "draws_chunk", "run_spec", "simulate"]
