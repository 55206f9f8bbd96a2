"""One Monte Carlo draw of a deal: its sampled terms and the result columns of a chunk.

Each draw (seeded from ``(seed, draw index)`` by :func:`corridor.seeds.draw_generator`)
samples the scenario's ``[risk.parameters]`` in file order, then the disruption hazard
(:mod:`corridor.risk.hazard`); each draw is appraised without and with the guarantee
option (same random numbers) and, when asked, the market game is re-valued
(:mod:`corridor.risk.games`).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from corridor.finance import DealDraw, discount_factors, npv_by_actor
from corridor.risk.costs import CostModel
from corridor.risk.games import WarmGame
from corridor.risk.hazard import disruption_losses
from corridor.scenario.deal_model import Deal, Risk
from corridor.scenario.model import Scenario
from corridor.seeds import draw_generator


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


@dataclass(frozen=True, eq=False)
class RunContext:
    """A run's scenario, deal, risk table, seed, (with Shapley) its warm game, its capex model."""

    scenario: Scenario
    deal: Deal
    risk: Risk
    seed: int
    game: WarmGame | None
    costs: CostModel | None = None


def run_draws(ctx: RunContext, start: int, stop: int) -> dict[str, np.ndarray]:
    """Columns of results for draws ``start`` (inclusive) to ``stop`` (exclusive)."""
    deal, risk, scenario, seed = ctx.deal, ctx.risk, ctx.scenario, ctx.seed
    premium = risk.disruption.spot_premium if risk.disruption else 0.0
    withheld = risk.disruption.fee_withheld if risk.disruption else True
    rows: list[dict[str, float]] = []
    for index in range(start, stop):
        terms = sample_terms(deal, risk, draw_generator(seed, index))
        f = terms.factors
        links = None
        if ctx.costs is not None:
            links = ctx.costs.factors(seed, index, f["capex"])
            f["capex"] = ctx.costs.deal_factor(links, f["capex"])
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
            row.update(guarantee_pv(ctx, f, terms))
            covered = dataclasses.replace(base, guarantee=risk.guarantee)
            for actor, value in npv_by_actor(
                deal, scenario.base_year, scenario.discount_rate, covered
            ).items():
                row[f"npv_guaranteed_{actor}"] = value
        if ctx.game is not None:
            leverage = ctx.game.leverage(f, links)
            for player in ctx.game.players:
                row[f"shapley_{player}"] = leverage[f"leverage_ex_ante_shapley_{player}"]
            row.update(leverage)
        rows.append(row)
    columns = list(rows[0]) if rows else ["draw"]
    return {c: np.array([r.get(c, math.nan) for r in rows], dtype=float) for c in columns}


def guarantee_pv(ctx: RunContext, f: dict[str, float], terms: DrawTerms) -> dict[str, float]:
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


__all__ = [
    "DrawTerms",
    "RunContext",
    "factor_draw",
    "guarantee_pv",
    "neutral_factors",
    "run_draws",
    "sample_terms",
]
