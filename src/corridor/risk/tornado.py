"""One-at-a-time sensitivity of an actor's NPV to each uncertain input of a deal."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from corridor import units
from corridor.deal_draw import DealDraw
from corridor.errors import InputError
from corridor.finance import npv_by_actor
from corridor.risk.draw import factor_draw, neutral_factors
from corridor.risk.hazard import disruption_losses
from corridor.risk.prices import deal_index_paths
from corridor.scenario.deal_model import Deal, PriceModel
from corridor.scenario.lookup import deal_of
from corridor.scenario.model import Scenario
from corridor.seeds import check_seed, draw_generator

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
    price_draws: int = 500,
) -> tuple[float, pd.DataFrame]:
    """What moves ``actor``'s NPV (USD m), one uncertain input at a time.

    Each input at its ``low`` and ``high`` quantile, everything else at the deal's central
    terms (factors 1, no delay, no cut). One row per ``[[risk.parameters]]`` entry (inputs
    are factors, or years of delay) and one for disruption, whose inputs are the gas lost
    over the deal (bcm) in the hazard simulations at the same quantiles (``hazard_draws``
    runs of the hazard alone, run k seeded from (seed, k)). With ``[risk.prices]`` one row
    for the price paths: ``price_draws`` runs of the paths alone (run k from the prices
    stream of (seed, k)) at the NPV's own quantiles; its inputs are the mean over the
    operating years of the index the contract (else the alternative) follows, in those
    runs. With ``[risk.termination]`` one row for it: its inputs are the years gas flows at
    the quantiles of the hazard (:func:`operating_life_quantile`). Returns the central NPV
    and the rows, largest swing first. ``actor`` defaults to the buyer.
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
    if risk.termination is not None and risk.termination.probability > 0:
        years = [operating_life_quantile(q, risk.termination.probability, deal.duration_yr)
                 for q in (low, high)]  # fmt: skip
        outcomes = [
            npv(DealDraw(terminated_from=None if n >= deal.duration_yr else n,
                         termination=risk.termination))
            for n in years
        ]  # fmt: skip
        rows.append(("termination", "termination", float(years[0]), float(years[1]),
                     "yr of flow", outcomes[0], outcomes[1]))  # fmt: skip
    if risk.prices is not None and price_draws > 0:
        row = _price_row(deal, risk.prices, npv, seed, price_draws, low, high)
        if row is not None:
            rows.append(row)
    frame = pd.DataFrame([(*row, abs(row[6] - row[5])) for row in rows], columns=TORNADO_COLUMNS)
    frame = frame.sort_values("swing_musd", ascending=False, kind="stable", ignore_index=True)
    return npv(DealDraw()), frame


def operating_life_quantile(q: float, probability: float, years: int) -> int:
    """The ``q`` quantile of the years gas flows before a termination (at most ``years``).

    The flow stops at the start of each operating year with ``probability`` p
    (:func:`corridor.risk.hazard.termination_start`), so the life L has
    P(L <= k) = 1 - (1 - p)^(k + 1) for k < ``years``: the smallest such k with
    P(L <= k) >= q is ceil(ln(1 - q) / ln(1 - p)) - 1.
    """
    if probability >= 1.0:
        return 0
    k = math.ceil(math.log1p(-q) / math.log1p(-probability) - 1e-12) - 1
    return min(max(k, 0), years)


def _price_row(
    deal: Deal,
    prices: PriceModel,
    npv: Callable[[DealDraw], float],
    seed: int,
    draws: int,
    low: float,
    high: float,
) -> tuple[str, str, float, float, str, float, float] | None:
    """The tornado row of the price paths (None when no deal price follows an index)."""
    formulas = (deal.price, deal.alternative)
    followed = [p.index for p in formulas if p is not None and p.follows_index]
    if not followed or followed[0] is None:
        return None
    paths = [deal_index_paths(deal, prices, seed, k) for k in range(draws)]
    outcomes = np.array([npv(DealDraw(index_paths=p)) for p in paths])
    order = np.argsort(outcomes, kind="stable")
    picks = [int(order[round(q * (draws - 1))]) for q in (low, high)]
    index = prices.index(followed[0])
    shown = [units.from_internal(float(np.mean(paths[k][index.id])), index.unit) for k in picks]
    return (f"{index.id} path", "prices", shown[0], shown[1], index.unit, outcomes[picks[0]],
            outcomes[picks[1]])  # fmt: skip


__all__ = ["TORNADO_COLUMNS", "operating_life_quantile", "tornado"]
