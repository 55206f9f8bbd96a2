"""One Monte Carlo draw of a deal: its sampled terms, and its result columns appraised alone.

Each draw (seeded from ``(seed, draw index)`` by :func:`corridor.seeds.draw_generator`)
samples the scenario's ``[risk.parameters]`` in file order, then the disruption hazard
(:mod:`corridor.risk.hazard`); the termination hazard draws from its own stream
(:func:`corridor.seeds.stream_generator` ``"termination"``). Each draw is appraised
without and with the guarantee option, and with each risk-sharing instrument
(:mod:`corridor.risk.instruments`), on the same random numbers; when asked, the market
game is re-valued (:mod:`corridor.risk.games`). A run appraises its draws a chunk at a
time (:mod:`corridor.risk.columns`); :func:`draw_row` appraises one draw on its own
ledgers, the reference the chunk's columns are tested against.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from corridor.deal_draw import DealDraw, yearly_prices
from corridor.finance import Ledger, discount_factors, ledger
from corridor.risk.costs import CostModel
from corridor.risk.exposure import buyer_price_pvs
from corridor.risk.games import WarmGame
from corridor.risk.hazard import disruption_losses, termination_start
from corridor.risk.instruments import instrument_npvs
from corridor.risk.prices import STREAM, deal_index_paths
from corridor.risk.streams import ChunkSeeds, DrawSeeds
from corridor.scenario.deal_model import Deal, Distribution, Risk
from corridor.scenario.model import Scenario


def neutral_factors() -> dict[str, float]:
    """A factor of 1 for every sampled target but ``delay`` (the deal's central terms)."""
    return {"price": 1.0, "lng_price": 1.0, "demand": 1.0, "capex": 1.0}


def factor_draw(factors: dict[str, float], **terms: Any) -> DealDraw:
    """The :class:`DealDraw` of sampled factors by target, with other ``terms`` as given."""
    return DealDraw(
        price_factor=factors["price"], lng_factor=factors["lng_price"],
        demand_factor=factors["demand"], capex_factor=factors["capex"], **terms,
    )  # fmt: skip


def sample_one(dist: Distribution, rng: np.random.Generator) -> float:
    """``dist.sample(rng)``: the same number from the same stream, for use in every draw.

    :meth:`Distribution.sample` goes through numpy arrays (``np.clip``, ``rng.choice``),
    which costs more than the draw itself for one number. A discrete draw is
    ``Generator.choice``'s own algorithm with weights: one ``rng.random()`` looked up in
    the normalised cumulative weights (``side="right"``).
    """
    p = dist.params
    if dist.kind == "normal":
        x = float(rng.normal(p[0], p[1]))
    elif dist.kind == "lognormal":
        x = float(p[0] * np.exp(rng.normal(0.0, p[1])))
    elif dist.kind == "triangular":
        x = triangular(p, rng.random()) if p[0] < p[2] else p[1]
    elif dist.kind == "uniform":
        x = float(rng.uniform(p[0], p[1]))
    else:
        values, cdf = _discrete(p)
        x = values[bisect.bisect_right(cdf, rng.random())]
    return min(max(x, dist.bounds[0]), dist.bounds[1])


def triangular(params: tuple[float, ...], u: Any) -> Any:
    """``Generator.triangular(low, mode, high)`` from its uniform ``u`` (a float or array).

    numpy's own formula (``random_triangular``, distributions.c), which takes one
    ``random()`` per number: the same numbers, without the generator method's per-call
    argument checks (most of a scalar draw's cost). Needs ``low < high``.
    """
    low, mode, high = params
    base = high - low
    left = mode - low
    ratio, low_prod, high_prod = left / base, left * base, (high - mode) * base
    if isinstance(u, float):
        if u <= ratio:
            return low + math.sqrt(u * low_prod)
        return high - math.sqrt((1.0 - u) * high_prod)
    return np.where(u <= ratio, low + np.sqrt(u * low_prod), high - np.sqrt((1.0 - u) * high_prod))


@functools.lru_cache(maxsize=64)
def _discrete(params: tuple[float, ...]) -> tuple[list[float], list[float]]:
    n = len(params) // 2
    weights = np.asarray(params[n:], dtype=float)
    cdf = (weights / weights.sum()).cumsum()  # as Generator.choice normalises p
    cdf /= cdf[-1]
    return [float(v) for v in params[:n]], cdf.tolist()


Seeds = ChunkSeeds | DrawSeeds
"""Where a draw's generators come from: made at once for a chunk, or one by one."""


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


def sample_terms(
    deal: Deal, risk: Risk, rng: np.random.Generator, stop: int | None = None
) -> DrawTerms:
    """Sample one draw's uncertain terms and disruptions from ``rng``.

    Factors of the same target multiply; delays add and are rounded to whole years.
    ``stop``: the operating year the flow stops for good from (no cut counts after it).
    """
    factors, delay = sample_factors(risk, rng)
    lost, events = disruption_losses(deal.duration_yr, risk, rng, stop)
    return DrawTerms(factors, delay, lost, events)


def sample_factors(risk: Risk, rng: np.random.Generator) -> tuple[dict[str, float], int]:
    """Sample ``[risk.parameters]`` in file order: factors by target and the delay (years).

    Factors of the same target multiply; delays add and are rounded to whole years.
    """
    factors = neutral_factors()
    delay = 0.0
    for parameter in risk.parameters:
        x = sample_one(parameter.distribution, rng)
        if parameter.target == "delay":
            delay += x
        else:
            factors[parameter.target] *= x
    return factors, max(0, round(delay))


@dataclass(frozen=True, eq=False)
class RunContext:
    """A run's scenario, deal, risk table, seed, (with Shapley) its warm game, its capex model.

    ``cache``: what does not depend on the draw, kept for the run's later draws (the
    actors' discount factors by ledger span, the planned volumes).
    """

    scenario: Scenario
    deal: Deal
    risk: Risk
    seed: int
    game: WarmGame | None
    costs: CostModel | None = None
    cache: dict[Any, Any] = field(default_factory=dict, repr=False)


def discount_table(ctx: RunContext, years: np.ndarray) -> np.ndarray:
    """Discount factors of every actor (rows, in ``deal.actors`` order) over ``years``.

    Each actor at its own rate to the scenario's base year; computed once per run and span
    of years (a draw's delay moves the span, so a run needs a few).
    """
    key = ("discount", int(years[0]), int(years.size))
    table = ctx.cache.get(key)
    if table is None:
        t = years - ctx.scenario.base_year
        rates = [ctx.deal.discount_rate(a, ctx.scenario.discount_rate) for a in ctx.deal.actors]
        table = np.stack([discount_factors(rate, t) for rate in rates])
        ctx.cache[key] = table
    return table


def draw_npvs(ctx: RunContext, draw: DealDraw) -> dict[str, float]:
    """NPV in USD m per actor under ``draw``, as :func:`corridor.finance.npv_by_actor`."""
    return ledger_npvs(ctx, ledger(ctx.deal, ctx.scenario.base_year, draw))


def ledger_npvs(ctx: RunContext, book: Ledger) -> dict[str, float]:
    """NPV in USD m per actor of a draw's ledger ``book``.

    The same net flows (:meth:`Ledger.net`) and sums, to the bit, as
    :func:`corridor.finance.npv_by_actor`; the discount factors come from the run's cache.
    """
    net = book.net(ctx.deal.actors)
    factors = discount_table(ctx, book.years)
    return dict(zip(ctx.deal.actors, (net * factors).sum(axis=1).tolist(), strict=True))


def planned_volumes(ctx: RunContext) -> np.ndarray:
    """The deal's planned volume in each operating year (bcm/yr), computed once per run."""
    volumes = ctx.cache.get("volumes")
    if volumes is None:
        volumes = ctx.cache["volumes"] = ctx.deal.volumes()
    return volumes


@dataclass(frozen=True, eq=False)
class OneDraw:
    """Draw ``index``'s sampled terms and the :class:`DealDraw` they make.

    ``ended``: the operating year the flow stops for good from (None: never); ``links``:
    each option link's capex factor (None without ``[risk.costs]``); ``terms.factors``
    holds the deal route's capex factor.
    """

    terms: DrawTerms
    ended: int | None
    links: dict[str, float] | None
    draw: DealDraw


def deal_draw(ctx: RunContext, index: int, seeds: Seeds | None = None) -> OneDraw:
    """Sample draw ``index`` of the run: every stream, in one place for every consumer.

    ``seeds``: the generators of the chunk's draws (None: each made here, the same).
    """
    deal, risk = ctx.deal, ctx.risk
    if seeds is None:
        seeds = DrawSeeds(ctx.seed)
    ended = termination_of(ctx, index, seeds)
    terms = sample_terms(deal, risk, seeds.generator(None, index), ended)
    f = terms.factors
    links = None
    if ctx.costs is not None:
        links = ctx.costs.factors(ctx.seed, index, f["capex"], seeds.generator("costs", index))
        f["capex"] = ctx.costs.deal_factor(links, f["capex"])
    hazard = risk.disruption
    draw = factor_draw(
        f, delay_yr=terms.delay_yr, lost=terms.lost,
        spot_premium=hazard.spot_premium if hazard else 0.0,
        fee_withheld=hazard.fee_withheld if hazard else True, terminated_from=ended,
        termination=risk.termination,
        index_paths=price_paths(ctx, index, terms.delay_yr, seeds),
    )  # fmt: skip
    return OneDraw(terms, ended, links, draw)


def draw_row(ctx: RunContext, index: int) -> dict[str, float]:
    """The result columns of draw ``index``, appraised on its own ledgers.

    The single-draw reference of :func:`corridor.risk.columns.run_draws` (which appraises
    a chunk of draws at once); tests check that both give the same numbers.
    """
    deal, risk, scenario = ctx.deal, ctx.risk, ctx.scenario
    one = deal_draw(ctx, index)
    terms, ended, links, base = one.terms, one.ended, one.links, one.draw
    f = terms.factors
    row: dict[str, float] = {"draw": float(index)}
    row.update(price_columns(ctx, base))
    row.update({f"factor_{k}": v for k, v in f.items()})
    row["delay_yr"] = float(terms.delay_yr)
    row["disruptions"] = float(terms.events)
    row.update(termination_columns(deal, f, terms, ended))
    book = ledger(deal, scenario.base_year, base)  # shared with the instruments' NPVs
    for actor, value in ledger_npvs(ctx, book).items():
        row[f"npv_{actor}"] = value
    row.update(instrument_npvs(deal, risk, scenario.base_year, scenario.discount_rate, base, book))
    if risk.guarantee is not None:
        row.update(guarantee_pv(ctx, base, terms, ended))
        covered = dataclasses.replace(base, guarantee=risk.guarantee)
        for actor, value in draw_npvs(ctx, covered).items():
            row[f"npv_guaranteed_{actor}"] = value
    if ctx.game is not None:
        leverage = ctx.game.leverage(game_factors(ctx, base), links)
        for player in ctx.game.players:
            row[f"shapley_{player}"] = leverage[ctx.game.shapley_column(player)]
        row.update(leverage)
    return row


def termination_of(ctx: RunContext, index: int, seeds: Seeds | None = None) -> int | None:
    """Draw ``index``'s termination (operating year the flow stops from; None: never).

    From its own stream (``"termination"``), so the other draws' numbers do not move;
    ``seeds``: the chunk's generators (None: made here).
    """
    if ctx.risk.termination is None:
        return None
    rng = (seeds or DrawSeeds(ctx.seed)).generator("termination", index)
    return termination_start(ctx.deal.duration_yr, ctx.risk, rng)


def termination_columns(
    deal: Deal, f: dict[str, float], terms: DrawTerms, stop: int | None
) -> dict[str, float]:
    """Gas lost to cuts while the flow ran and after a termination (bcm), and its timing.

    ``termination_year``: the calendar year from which no gas flows (NaN: none);
    ``operating_years``: the years gas flowed.
    """
    years = deal.duration_yr if stop is None else stop
    planned = deal.volumes() * f["demand"]
    return {
        "unserved_bcm": float(np.sum((planned * terms.lost)[:years])),
        "stopped_bcm": float(np.sum(planned[years:])),
        "termination_year": math.nan
        if stop is None
        else float(deal.start_year + terms.delay_yr + stop),
        "operating_years": float(years),
    }


def price_paths(
    ctx: RunContext, index: int, delay_yr: int, seeds: Seeds | None = None
) -> dict[str, np.ndarray] | None:
    """Draw ``index``'s index paths over the operating years (None without ``[risk.prices]``).

    ``seeds``: the chunk's generators (None: made here).
    """
    if ctx.risk.prices is None:
        return None
    rng = None if seeds is None else seeds.generator(STREAM, index)
    return deal_index_paths(ctx.deal, ctx.risk.prices, ctx.seed, index, delay_yr, rng)


def price_columns(ctx: RunContext, draw: DealDraw) -> dict[str, float]:
    """The buyer's PVs at both prices (:mod:`~corridor.risk.exposure`), each index's mean.

    ``index_<id>`` is the index's mean over the operating years (its internal unit).
    """
    scenario = ctx.scenario
    row = buyer_price_pvs(ctx.deal, scenario.base_year, scenario.discount_rate, draw)
    for name, values in (draw.index_paths or {}).items():
        row[f"index_{name}"] = float(np.mean(values))
    return row


def game_factors(
    ctx: RunContext, draw: DealDraw, alternative: np.ndarray | None = None
) -> dict[str, float]:
    """The factors the market game is re-valued with.

    The game has one LNG price: when the buyer's alternative follows an index, its factor
    is the draw's mean alternative over the operating years against the central one.
    ``alternative``: the draw's alternative price in each operating year when the caller
    has it (None: from :func:`corridor.deal_draw.yearly_prices`).
    """
    f = {"price": draw.price_factor, "lng_price": draw.lng_factor,
         "demand": draw.demand_factor, "capex": draw.capex_factor}  # fmt: skip
    if ctx.deal.alternative is not None and ctx.deal.alternative_price > 0:
        values = yearly_prices(ctx.deal, draw)[1] if alternative is None else alternative
        f["lng_price"] = float(np.mean(values)) / ctx.deal.alternative_price
    return f


def guarantee_pv(
    ctx: RunContext, draw: DealDraw, terms: DrawTerms, stop: int | None = None
) -> dict[str, float]:
    """Present value (USD m, at the buyer's rate) of the guarantee's payouts and cost.

    Payouts at the draw's alternative price in each year (it may follow an index); both
    stop with a termination (``stop``: the operating year the flow stops from).
    """
    deal, g, scenario = ctx.deal, ctx.risk.guarantee, ctx.scenario
    assert g is not None  # only called with a guarantee
    premium = ctx.risk.disruption.spot_premium if ctx.risk.disruption else 0.0
    years = deal.start_year + terms.delay_yr + np.arange(deal.duration_yr) - scenario.base_year
    rate = deal.discount_rate(deal.buyer, scenario.discount_rate)
    factor = discount_factors(rate, years)
    running = np.arange(deal.duration_yr) < (deal.duration_yr if stop is None else stop)
    missing = deal.volumes() * draw.demand_factor * terms.lost * running
    _, alternative = yearly_prices(deal, draw)
    payout = g.cover * alternative * premium * missing
    return {
        "guarantee_payout_pv_musd": float(np.sum(payout * factor)),
        "guarantee_cost_pv_musd": float(g.cost_musd_per_yr * factor[running].sum()),
    }


__all__ = [
    "DrawTerms",
    "OneDraw",
    "RunContext",
    "deal_draw",
    "discount_table",
    "draw_npvs",
    "draw_row",
    "factor_draw",
    "game_factors",
    "guarantee_pv",
    "ledger_npvs",
    "neutral_factors",
    "planned_volumes",
    "price_columns",
    "price_paths",
    "sample_factors",
    "sample_one",
    "sample_terms",
    "termination_columns",
    "termination_of",
    "triangular",
]
