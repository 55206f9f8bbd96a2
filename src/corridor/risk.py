"""Monte Carlo of a deal: uncertain terms, disruption by the transit country, a guarantee.

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

import dataclasses
import hashlib
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from corridor.errors import InputError
from corridor.execution import Checkpoint, Chunk, Progress, chunk_ranges, run_chunks, worker_state
from corridor.execution import check_workers as checked_workers
from corridor.finance import DealDraw, deal_commodity, deal_of, discount_factors, npv_by_actor
from corridor.risk_result import RiskResult
from corridor.scenario.deal_model import Deal, Risk
from corridor.scenario.model import Scenario
from corridor.seeds import check_seed, draw_generator

CHECKPOINT_SCHEMA = "corridor.risk-checkpoint/1"


# --- one draw ---------------------------------------------------------------------------
def neutral_factors() -> dict[str, float]:
    """A factor of 1 for every sampled target but ``delay`` (the deal's central terms)."""
    return {"price": 1.0, "lng_price": 1.0, "demand": 1.0, "capex": 1.0}


def factor_draw(factors: dict[str, float], **terms: Any) -> DealDraw:
    """The :class:`DealDraw` of sampled factors by target, with other ``terms`` as given."""
    return DealDraw(
        price_factor=factors["price"], lng_factor=factors["lng_price"],
        demand_factor=factors["demand"], capex_factor=factors["capex"], **terms,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class DrawTerms:
    """What one draw samples: factors by target, the delay, and the disruption record.

    ``lost`` is the share of planned volume lost in each operating year; ``events`` the
    number of cuts started.
    """

    factors: dict[str, float]
    delay_yr: int
    lost: np.ndarray
    events: int


def sample_terms(deal: Deal, risk: Risk, rng: np.random.Generator) -> DrawTerms:
    """Sample one draw's uncertain terms and disruptions from ``rng``.

    Factors of the same target multiply; delays add and are rounded to whole years.
    """
    factors = neutral_factors()
    delay = 0.0
    for parameter in risk.parameters:
        x = parameter.distribution.sample(rng)
        if parameter.target == "delay":
            delay += x
        else:
            factors[parameter.target] *= x
    lost, events = disruption_losses(deal.duration_yr, risk, rng)
    return DrawTerms(factors, max(0, round(delay)), lost, events)


def disruption_losses(years: int, risk: Risk, rng: np.random.Generator) -> tuple[np.ndarray, int]:
    """Share of each operating year lost to cuts, and the number of cuts started.

    A cut starts in each year with probability ``p`` at a uniform time in that year and
    lasts a drawn duration (years); overlapping cuts merge, none runs past the deal's end.
    """
    lost = np.zeros(years)
    hazard = risk.disruption
    if hazard is None or years == 0:
        return lost, 0
    starts = np.flatnonzero(rng.random(years) < hazard.probability)
    if starts.size == 0:
        return lost, 0
    begin = starts + rng.random(starts.size)
    end = np.minimum(begin + hazard.duration.sample(rng, starts.size), float(years))
    covered_to = 0.0
    for b, e in zip(begin, end, strict=True):
        b = max(b, covered_to)  # merge overlaps: count each moment once
        if e <= b:
            continue
        for year in range(int(b), min(math.ceil(e), years)):
            lost[year] += min(e, year + 1.0) - max(b, float(year))
        covered_to = e
    return np.minimum(lost, 1.0), int(starts.size)


def _draw_scenario(scenario: Scenario, deal: Deal, factors: dict[str, float]) -> Scenario:
    """The scenario with the draw's LNG price, buyer demand and route capex factors."""
    changes: dict[str, Any] = {}
    lng = (
        [deal.lng_supply]
        if deal.lng_supply
        else [s.id for s in scenario.open_market_supplies(deal_commodity(scenario, deal))]
    )
    for supply in scenario.supplies:
        if supply.id in lng and factors["lng_price"] != 1.0:
            blocks = tuple(
                dataclasses.replace(b, price=b.price * factors["lng_price"]) for b in supply.blocks
            )
            changes[f"supplies.{supply.id}.blocks"] = blocks
    for demand in scenario.demands:
        if demand.owner == deal.buyer and factors["demand"] != 1.0:
            blocks = tuple(
                dataclasses.replace(b, quantity=b.quantity * factors["demand"])
                for b in demand.blocks
            )
            changes[f"demands.{demand.id}.blocks"] = blocks
    for link_id in deal.route:
        if factors["capex"] != 1.0:
            changes[f"links.{link_id}.capex_musd"] = (
                scenario.link(link_id).capex_musd * factors["capex"]
            )
    return scenario.with_changes(changes)


def shapley_rebuilt(scenario: Scenario, deal: Deal, factors: dict[str, float]) -> pd.Series:
    """Shapley value per player under a draw's factors, rebuilding everything, USD m/yr.

    The reference (and benchmark baseline) for :class:`WarmGame`: the changed scenario,
    a new market LP and a fresh :func:`corridor.games.coalition_values` run.
    """
    from corridor.games import coalition_values, shapley  # the power issue's package
    from corridor.market import MarketModel

    changed = _draw_scenario(scenario, deal, factors)
    values = coalition_values(MarketModel(changed), commodity=deal_commodity(scenario, deal))
    return shapley(values)


class WarmGame:
    """The deal commodity's coalition game, built once and re-valued per draw.

    A :class:`corridor.games.repriced.RepricedGame`: one market LP and one plan of the
    distinct coalition LPs; a draw only changes the LNG supply's cost, the buyer's demand
    quantities and the route's capex annuity (the market's own
    :meth:`~corridor.market.MarketModel.link_cost` less the link's variable cost).
    """

    def __init__(self, scenario: Scenario, deal: Deal):
        from corridor.games.repriced import RepricedGame
        from corridor.market import MarketModel

        model = MarketModel(scenario)
        commodity = deal_commodity(scenario, deal)
        self.game = RepricedGame(model, None, commodity)
        self.players = self.game.players
        self.base_cost = model.program.cost.copy()
        self.base_upper = model.program.upper.copy()
        ref = np.array(model.ref)
        is_supply = (model.source_row < 0) & (model.target_row >= 0)
        is_demand = (model.source_row >= 0) & (model.target_row < 0)
        open_lng = scenario.open_market_supplies(commodity)
        lng = [deal.lng_supply] if deal.lng_supply else [x.id for x in open_lng]
        buyer = [x.id for x in scenario.demands if x.owner == deal.buyer]
        self.lng = np.flatnonzero(is_supply & np.isin(ref, lng))
        self.demand = np.flatnonzero(is_demand & np.isin(ref, buyer))
        self.route = np.flatnonzero(~is_supply & ~is_demand & np.isin(ref, deal.route))
        link_ids = [str(ref[j]) for j in self.route]
        # the capex part of the market's own link cost (:meth:`MarketModel.link_cost`)
        capex = [model.link_cost(k) - scenario.link(k).unit_cost for k in link_ids]
        self.annuity = np.array(capex, dtype=float)

    def shapley(self, factors: dict[str, float]) -> pd.Series:
        """Shapley value per player under the draw's factors, USD m/yr."""
        from corridor.games import shapley

        cost = self.base_cost.copy()
        upper = self.base_upper.copy()
        cost[self.lng] *= factors["lng_price"]
        upper[self.demand] *= factors["demand"]
        cost[self.route] += self.annuity * (factors["capex"] - 1.0)
        return shapley(self.game.values(cost, upper))


@dataclass(frozen=True, eq=False)
class _Context:
    """A run's scenario, deal, risk table, seed and (with Shapley) its warm game."""

    scenario: Scenario
    deal: Deal
    risk: Risk
    seed: int
    game: WarmGame | None


def _run_draws(ctx: _Context, start: int, stop: int) -> dict[str, np.ndarray]:
    """Columns of results for draws ``start`` (inclusive) to ``stop`` (exclusive)."""
    deal, risk, scenario, seed = ctx.deal, ctx.risk, ctx.scenario, ctx.seed
    premium = risk.disruption.spot_premium if risk.disruption else 0.0
    withheld = risk.disruption.fee_withheld if risk.disruption else True
    rows: list[dict[str, float]] = []
    for index in range(start, stop):
        terms = sample_terms(deal, risk, draw_generator(seed, index))
        f = terms.factors
        base = factor_draw(
            f, delay_yr=terms.delay_yr, lost=terms.lost, spot_premium=premium,
            fee_withheld=withheld,
        )  # fmt: skip
        row: dict[str, float] = {"draw": float(index)}
        row.update({f"factor_{k}": v for k, v in f.items()})
        row["delay_yr"] = float(terms.delay_yr)
        row["disruptions"] = float(terms.events)
        row["unserved_bcm"] = float(np.sum(deal.volumes() * f["demand"] * terms.lost))
        for actor, value in npv_by_actor(
            deal, scenario.base_year, scenario.discount_rate, base
        ).items():
            row[f"npv_{actor}"] = value
        if risk.guarantee is not None:
            row.update(_guarantee_pv(ctx, f, terms))
            covered = dataclasses.replace(base, guarantee=risk.guarantee)
            for actor, value in npv_by_actor(
                deal, scenario.base_year, scenario.discount_rate, covered
            ).items():
                row[f"npv_guaranteed_{actor}"] = value
        if ctx.game is not None:
            for player, value in ctx.game.shapley(f).items():
                row[f"shapley_{player}"] = float(value)
        rows.append(row)
    columns = list(rows[0]) if rows else ["draw"]
    return {c: np.array([r.get(c, math.nan) for r in rows], dtype=float) for c in columns}


def _guarantee_pv(ctx: _Context, f: dict[str, float], terms: DrawTerms) -> dict[str, float]:
    """Present value (USD m, at the buyer's rate) of the guarantee's payouts and cost."""
    deal, g, scenario = ctx.deal, ctx.risk.guarantee, ctx.scenario
    assert g is not None  # only called with a guarantee
    premium = ctx.risk.disruption.spot_premium if ctx.risk.disruption else 0.0
    years = deal.start_year + terms.delay_yr + np.arange(deal.duration_yr) - scenario.base_year
    rate = deal.discount_rate(deal.buyer, scenario.discount_rate)
    factor = discount_factors(rate, years)
    missing = deal.volumes() * f["demand"] * terms.lost
    payout = g.cover * deal.alternative_price * f["lng_price"] * premium * missing
    return {
        "guarantee_payout_pv_musd": float(np.sum(payout * factor)),
        "guarantee_cost_pv_musd": float(g.cost_musd_per_yr * factor.sum()),
    }


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


def _load_context(spec: RunSpec) -> _Context:
    from corridor.scenario.load import loads

    return _context(loads(spec.text, file=spec.file), spec.shapley, spec.seed)


def draws_chunk(recipe: RunSpec | _Context, chunk: Chunk) -> dict[str, np.ndarray]:
    """Worker entry point: the result columns of the chunk's draws.

    ``recipe`` is the run itself in this process, else the spec a worker loads once.
    """
    ctx = recipe if isinstance(recipe, _Context) else worker_state(recipe, _load_context)
    return _run_draws(ctx, chunk.start, chunk.stop)


def _context(scenario: Scenario, shapley: bool, seed: int) -> _Context:
    deal = deal_of(scenario)
    if scenario.risk is None:
        raise InputError(f"scenario {scenario.name!r} has no [risk] table")
    game = WarmGame(scenario, deal) if shapley else None
    return _Context(scenario, deal, scenario.risk, seed, game)


# --- one-at-a-time sensitivity ----------------------------------------------------------
TORNADO_COLUMNS = [
    "driver", "target", "low_input", "high_input", "input_unit",
    "npv_low_musd", "npv_high_musd", "swing_musd",
]  # fmt: skip


def tornado(
    scenario: Scenario,
    actor: str | None = None,
    low: float = 0.1,
    high: float = 0.9,
    *,
    seed: int = 0,
    hazard_draws: int = 2000,
) -> tuple[float, pd.DataFrame]:
    """What moves ``actor``'s NPV (USD m), one uncertain input at a time.

    Each input at its ``low`` and ``high`` quantile, everything else at the deal's central
    terms (factors 1, no delay, no cut). One row per ``[[risk.parameters]]`` entry (inputs
    are factors, or years of delay) and one for disruption, whose inputs are the gas lost
    over the deal (bcm) in the hazard simulations at the same quantiles (``hazard_draws``
    runs of the hazard alone, run k seeded from (seed, k)). Returns the central NPV and the
    rows, largest swing first. ``actor`` defaults to the buyer.
    """
    deal, risk = deal_of(scenario), scenario.risk
    if risk is None:
        raise InputError(f"scenario {scenario.name!r} has no [risk] table")
    if not 0.0 < low < high < 1.0:
        raise InputError(f"tornado quantiles: need 0 < low < high < 1, got {low}, {high}")
    seed = check_seed(seed)
    actor = actor or deal.buyer
    if actor not in deal.actors:
        raise InputError(f"actor: {actor!r} is not party to the deal ({', '.join(deal.actors)})")

    def npv(draw: DealDraw) -> float:
        return npv_by_actor(deal, scenario.base_year, scenario.discount_rate, draw)[actor]

    rows: list[tuple[str, str, float, float, str, float, float]] = []
    for parameter in risk.parameters:
        values = [parameter.distribution.quantile(q) for q in (low, high)]
        outcomes: list[float] = []
        for value in values:
            f = neutral_factors()
            f[parameter.target] = value  # "delay" lands here too and is ignored
            delay = max(0, round(value)) if parameter.target == "delay" else 0
            draw = factor_draw(f, delay_yr=delay)
            outcomes.append(npv(draw))
        unit = "yr" if parameter.target == "delay" else "factor"
        rows.append(
            (parameter.id, parameter.target, values[0], values[1], unit, outcomes[0], outcomes[1])
        )
    if risk.disruption is not None and hazard_draws > 0:
        profiles = [
            disruption_losses(deal.duration_yr, risk, draw_generator(seed, k))[0]
            for k in range(hazard_draws)
        ]
        lost_bcm = np.array([float(np.sum(deal.volumes() * lost)) for lost in profiles])
        order = np.argsort(lost_bcm, kind="stable")
        picks = [int(order[round(q * (hazard_draws - 1))]) for q in (low, high)]
        outcomes = [
            npv(DealDraw(lost=profiles[k], spot_premium=risk.disruption.spot_premium,
                         fee_withheld=risk.disruption.fee_withheld))
            for k in picks
        ]  # fmt: skip
        rows.append(("disruption", "disruption", float(lost_bcm[picks[0]]),
                     float(lost_bcm[picks[1]]), "bcm lost", outcomes[0], outcomes[1]))  # fmt: skip
    frame = pd.DataFrame([(*row, abs(row[6] - row[5])) for row in rows], columns=TORNADO_COLUMNS)
    frame = frame.sort_values("swing_musd", ascending=False, kind="stable", ignore_index=True)
    return npv(DealDraw()), frame


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
    recipe = ctx if in_process else _spec(scenario, seed, shapley)
    parts = run_chunks(draws_chunk, recipe, chunk_ranges(draws, size), workers=workers,
                       scheduler=scheduler, checkpoint=store, progress=progress)  # fmt: skip
    table = pd.concat([pd.DataFrame(part) for part in parts], ignore_index=True)
    table["draw"] = table["draw"].astype(int)
    cost = ctx.risk.guarantee.cost_musd_per_yr if ctx.risk.guarantee else 0.0
    return RiskResult(scenario.name, seed, ctx.deal.actors, ctx.deal.buyer, table, cost)


def _spec(scenario: Scenario, seed: int, shapley: bool) -> RunSpec:
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


__all__ = [
    "CHECKPOINT_SCHEMA",
    "TORNADO_COLUMNS",
    "DrawTerms",
    "RunSpec",
    "WarmGame",
    "disruption_losses",
    "draws_chunk",
    "factor_draw",
    "neutral_factors",
    "sample_terms",
    "shapley_rebuilt",
    "simulate",
    "tornado",
]
