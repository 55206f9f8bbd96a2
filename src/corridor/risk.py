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

Execution: draws run in fixed chunks on a local process pool (``workers``) or a Dask
cluster (``scheduler``); chunk results can be checkpointed to a folder and a run resumed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from corridor.errors import InputError
from corridor.finance import DealDraw, deal_commodity, deal_of, discount_factors, npv_by_actor
from corridor.market import WarmSolver
from corridor.scenario.deal import Deal, Risk
from corridor.scenario.model import Scenario
from corridor.seeds import check_seed, draw_generator

CHECKPOINT_SCHEMA = "corridor.risk-checkpoint/1"
Progress = Callable[[int, int], None]


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


class _RetargetableSolver(WarmSolver):
    """A warm solver whose column costs and capacities can change between solves."""

    def retarget(self, cost: np.ndarray, upper: np.ndarray) -> None:
        """Change column costs and capacities, keeping the basis.

        Costs go to HiGHS where they changed; capacities apply at the next
        :meth:`set_usable`, which passes only changed bounds.
        """
        changed = np.flatnonzero(cost != self.program.cost)
        if changed.size:
            self.highs.changeColsCost(changed.size, changed.astype(np.int32), cost[changed])
        self.program = dataclasses.replace(self.program, cost=cost, upper=upper)


class WarmGame:
    """The deal commodity's coalition game, built once and re-valued per draw.

    One market LP and one plan of the distinct coalition LPs (:mod:`corridor.games.plan`,
    which depend on the network, not on prices or quantities) are made once; a draw only
    changes the LNG supply's cost, the buyer's demand quantities and the route's capex
    annuity, and every coalition LP is re-solved warm on the same HiGHS instance.
    """

    def __init__(self, scenario: Scenario, deal: Deal):
        from corridor.games.plan import column_graph, make_plan, unpack
        from corridor.games.values import game_players
        from corridor.market import MarketModel
        from corridor.units import annuity_factor

        model = MarketModel(scenario)
        commodity = deal_commodity(scenario, deal)
        self.players = game_players(model, None, commodity)
        self.plan = make_plan(column_graph(model, self.players, commodity), len(self.players))
        self.masks = unpack(self.plan.keys, self.plan.n_columns)
        self.solver = _RetargetableSolver(model.program)
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
        annuity = []
        for j in self.route:
            link = scenario.link(str(ref[j]))
            built = link.status != "existing" and link.capex_musd > 0 and link.capacity > 0
            rate = annuity_factor(scenario.discount_rate, link.lifetime_yr) if built else 0.0
            annuity.append(link.capex_musd * rate / link.capacity if built else 0.0)
        self.annuity = np.array(annuity)

    def shapley(self, factors: dict[str, float]) -> pd.Series:
        """Shapley value per player under the draw's factors, USD m/yr."""
        from corridor.games import CoalitionValues, shapley

        cost = self.base_cost.copy()
        upper = self.base_upper.copy()
        cost[self.lng] *= factors["lng_price"]
        upper[self.demand] *= factors["demand"]
        cost[self.route] += self.annuity * (factors["capex"] - 1.0)
        self.solver.retarget(cost, upper)
        lp_values = np.array([self.solver.welfare(mask) for mask in self.masks])
        index = self.plan.index
        values = np.where(index >= 0, lp_values[np.maximum(index, 0)] if lp_values.size else 0.0,
                          0.0)  # fmt: skip
        return shapley(CoalitionValues(self.players, values, lp_solves=len(self.masks)))


@dataclass(frozen=True)
class _Context:
    scenario: Scenario
    deal: Deal
    risk: Risk
    game: WarmGame | None


def _run_draws(ctx: _Context, seed: int, start: int, stop: int) -> dict[str, np.ndarray]:
    """Columns of results for draws ``start`` (inclusive) to ``stop`` (exclusive)."""
    deal, risk, scenario = ctx.deal, ctx.risk, ctx.scenario
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


# --- workers: a picklable spec, loaded once per process --------------------------------
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


# per thread: Dask workers may run tasks in threads, and a context's HiGHS instance must
# not be shared between two draws at once
_LOCAL = threading.local()


def _context_of(spec: RunSpec) -> _Context:
    key = (spec.text, spec.shapley)
    cached = getattr(_LOCAL, "context", None)
    if cached is None or cached[0] != key:
        from corridor.scenario.load import loads

        scenario = loads(spec.text, file=spec.file)
        cached = _LOCAL.context = (key, _context(scenario, spec.shapley))  # one at a time
    return cached[1]


def run_chunk(spec: RunSpec, start: int, stop: int) -> tuple[int, int, dict[str, np.ndarray]]:
    """Worker entry point: the result columns of draws ``start`` to ``stop``."""
    return start, stop, _run_draws(_context_of(spec), spec.seed, start, stop)


def _context(scenario: Scenario, shapley: bool) -> _Context:
    deal = deal_of(scenario)
    if scenario.risk is None:
        raise InputError(f"scenario {scenario.name!r} has no [risk] table")
    return _Context(scenario, deal, scenario.risk, WarmGame(scenario, deal) if shapley else None)


# --- results ----------------------------------------------------------------------------
@dataclass(frozen=True)
class RiskResult:
    """Monte Carlo results: one row per draw in ``draws``, and summaries.

    Columns of ``draws``: ``npv_<actor>`` and ``npv_guaranteed_<actor>`` (USD m),
    ``shapley_<player>`` (USD m/yr), ``unserved_bcm``, ``disruptions`` (cuts started),
    ``delay_yr``, ``factor_<target>``.
    """

    scenario: str
    seed: int
    actors: tuple[str, ...]
    buyer: str
    draws: pd.DataFrame = field(repr=False)
    guarantee_cost_musd_per_yr: float = 0.0

    def __repr__(self) -> str:
        return f"RiskResult(scenario={self.scenario!r}, draws={len(self.draws)}, seed={self.seed})"

    def npv_summary(self, guaranteed: bool = False) -> pd.DataFrame:
        """Per actor: mean, P5, P50, P95 of NPV (USD m) and the probability of a loss."""
        prefix = "npv_guaranteed_" if guaranteed else "npv_"
        rows = []
        for actor in self.actors:
            x = self.draws.get(f"{prefix}{actor}")
            if x is None:
                continue
            p5, p50, p95 = np.percentile(x, [5, 50, 95])
            rows.append((actor, x.mean(), p5, p50, p95, float((x < 0).mean())))
        return pd.DataFrame(rows, columns=["actor", "mean_musd", "p5_musd", "p50_musd",
                                           "p95_musd", "prob_loss"])  # fmt: skip

    def guarantee_value(self) -> dict[str, float]:
        """The guarantee seen by the buyer, USD m (empty without a guarantee).

        Expected present value of its payouts and of its cost (at the buyer's rate), the
        yearly cost at which it would break even in expectation (USD m/yr: its fair
        price), the mean change in the buyer's NPV, the change at P5, and the probability
        of a loss without and with it.
        """
        col = f"npv_guaranteed_{self.buyer}"
        if col not in self.draws:
            return {}
        base, covered = self.draws[f"npv_{self.buyer}"], self.draws[col]
        payout = float(self.draws["guarantee_payout_pv_musd"].mean())
        cost = float(self.draws["guarantee_cost_pv_musd"].mean())
        return {
            "expected_payout_musd": payout,
            "cost_musd": cost,
            "break_even_cost_musd_per_yr": self.guarantee_cost_musd_per_yr * payout / cost
            if cost > 0
            else math.nan,
            "mean_gain_musd": float((covered - base).mean()),
            "p5_gain_musd": float(np.percentile(covered, 5) - np.percentile(base, 5)),
            "prob_loss_without": float((base < 0).mean()),
            "prob_loss_with": float((covered < 0).mean()),
        }

    def unserved(self) -> dict[str, float]:
        """Expected unserved pipeline gas (bcm over the deal), cuts per run, P(any cut)."""
        return {
            "expected_unserved_bcm": float(self.draws["unserved_bcm"].mean()),
            "p95_unserved_bcm": float(np.percentile(self.draws["unserved_bcm"], 95)),
            "expected_disruptions": float(self.draws["disruptions"].mean()),
            "prob_any_disruption": float((self.draws["disruptions"] > 0).mean()),
        }

    def shapley_summary(self) -> pd.DataFrame:
        """Per player: mean, P5, P50, P95 of the Shapley share (0–1) and mean value."""
        cols = [c for c in self.draws if c.startswith("shapley_")]
        if not cols:
            return pd.DataFrame(columns=["player", "mean_share", "p5_share", "p50_share",
                                         "p95_share", "mean_musd_per_yr"])  # fmt: skip
        values = self.draws[cols].to_numpy()
        total = values.sum(axis=1, keepdims=True)
        shares = np.divide(values, total, out=np.full_like(values, np.nan), where=total != 0)
        rows = []
        for j, col in enumerate(cols):
            p5, p50, p95 = np.nanpercentile(shares[:, j], [5, 50, 95])
            rows.append((col.removeprefix("shapley_"), float(np.nanmean(shares[:, j])), p5, p50,
                         p95, float(values[:, j].mean())))  # fmt: skip
        return pd.DataFrame(rows, columns=["player", "mean_share", "p5_share", "p50_share",
                                           "p95_share", "mean_musd_per_yr"])  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (schema ``corridor.risk/1``)."""
        return {
            "schema": "corridor.risk/1",
            "scenario": self.scenario,
            "seed": self.seed,
            "draws": len(self.draws),
            "units": {"npv": "USD m", "unserved": "bcm", "shapley": "USD m/yr"},
            "npv": _records(self.npv_summary()),
            "npv_with_guarantee": _records(self.npv_summary(guaranteed=True)),
            "guarantee": {k: _finite(v) for k, v in self.guarantee_value().items()},
            "unserved": {k: _finite(v) for k, v in self.unserved().items()},
            "shapley": _records(self.shapley_summary()),
        }


def _finite(value: Any) -> Any:
    """None for a NaN or infinite float (JSON has no NaN), else the value."""
    return None if isinstance(value, float) and not math.isfinite(value) else value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _finite(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


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
    scheduler: str | None = None,
    shapley: bool = False,
    chunk_size: int | None = None,
    checkpoint: str | Path | None = None,
    progress: Progress | None = None,
) -> RiskResult:
    """Run ``draws`` Monte Carlo draws of the scenario's deal and return a :class:`RiskResult`.

    ``workers`` > 1 runs chunks on a local process pool, ``scheduler`` (a Dask scheduler
    address) on a Dask cluster; both need a scenario loaded from a file. Results do not
    depend on ``workers``, ``scheduler`` or ``chunk_size``. ``checkpoint`` names a folder
    where finished chunks are kept; a later call with the same folder, scenario, seed and
    options reuses them. ``progress(done, total)`` is called as chunks finish.
    """
    if draws < 1:
        raise InputError(f"--draws must be at least 1, got {draws}")
    seed = check_seed(seed)
    if workers < 1:
        raise InputError(f"--workers must be at least 1, got {workers}")
    ctx = _context(scenario, shapley)
    size = chunk_size or (20 if shapley else 500)
    chunks = [(a, min(a + size, draws)) for a in range(0, draws, size)]
    store = _Checkpoint(checkpoint, scenario, seed, shapley, size) if checkpoint else None
    done: dict[int, dict[str, np.ndarray]] = store.load(chunks) if store else {}
    todo = [c for c in chunks if c[0] not in done]
    finished = sum(b - a for a, b in chunks if a in done)
    if progress:
        progress(finished, draws)
    for start, stop, columns in _execute(ctx, scenario, seed, todo, workers, scheduler):
        done[start] = columns
        if store:
            store.save(start, stop, columns)
        finished += stop - start
        if progress:
            progress(finished, draws)
    table = pd.concat([pd.DataFrame(done[a]) for a, _ in chunks], ignore_index=True)
    table["draw"] = table["draw"].astype(int)
    cost = ctx.risk.guarantee.cost_musd_per_yr if ctx.risk.guarantee else 0.0
    return RiskResult(scenario.name, seed, ctx.deal.actors, ctx.deal.buyer, table, cost)


def _execute(
    ctx: _Context,
    scenario: Scenario,
    seed: int,
    chunks: list[tuple[int, int]],
    workers: int,
    scheduler: str | None,
) -> Iterator[tuple[int, int, dict[str, np.ndarray]]]:
    if not chunks:
        return
    if scheduler is None and workers == 1:
        for start, stop in chunks:
            yield start, stop, _run_draws(ctx, seed, start, stop)
        return
    spec = _spec(scenario, seed, ctx.game is not None)
    if scheduler is not None:
        yield from _execute_dask(spec, chunks, scheduler)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(run_chunk, spec, a, b) for a, b in chunks]
        for future in as_completed(futures):
            yield future.result()


def _execute_dask(
    spec: RunSpec, chunks: list[tuple[int, int]], scheduler: str
) -> Iterator[tuple[int, int, dict[str, np.ndarray]]]:
    from dask.distributed import Client
    from dask.distributed import as_completed as dask_completed

    try:
        client = Client(scheduler, timeout=10, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(f"--scheduler: cannot reach Dask scheduler {scheduler!r}: {exc}") from None
    try:
        remote = client.scatter(spec, broadcast=True)
        futures = [client.submit(run_chunk, remote, a, b, pure=False) for a, b in chunks]
        for future in dask_completed(futures, loop=client.loop):  # no default client
            yield future.result()
    finally:
        client.close()


def _spec(scenario: Scenario, seed: int, shapley: bool) -> RunSpec:
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


class _Checkpoint:
    """Finished chunks of a run as ``.npz`` files in a folder, with a ``meta.json``."""

    def __init__(self, folder: str | Path, scenario: Scenario, seed: int, shapley: bool, size: int):
        self.folder = Path(folder)
        self.meta = {
            "schema": CHECKPOINT_SCHEMA,
            "scenario": scenario.name,
            "scenario_sha256": scenario.source_sha256,
            "seed": seed,
            "shapley": shapley,
            "chunk_size": size,
        }
        meta_file = self.folder / "meta.json"
        if meta_file.exists():
            found = json.loads(meta_file.read_text(encoding="utf-8"))
            if found != self.meta:
                diff = sorted(k for k in self.meta if found.get(k) != self.meta[k])
                raise InputError(
                    f"--checkpoint {self.folder}: belongs to another run (differs in "
                    f"{', '.join(diff)}); use a new folder"
                )
        else:
            self.folder.mkdir(parents=True, exist_ok=True)
            meta_file.write_text(json.dumps(self.meta, indent=2) + "\n", encoding="utf-8")

    def _path(self, start: int, stop: int) -> Path:
        return self.folder / f"chunk-{start:09d}-{stop:09d}.npz"

    def load(self, chunks: list[tuple[int, int]]) -> dict[int, dict[str, np.ndarray]]:
        out = {}
        for start, stop in chunks:
            path = self._path(start, stop)
            if path.exists():
                with np.load(path) as data:
                    out[start] = {k: data[k] for k in data.files}
        return out

    def save(self, start: int, stop: int, columns: dict[str, np.ndarray]) -> None:
        path = self._path(start, stop)
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, **columns)  # type: ignore[arg-type]  # numpy stubs type **kwds loosely
        os.replace(tmp, path)
