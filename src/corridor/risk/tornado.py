"""One-at-a-time sensitivity of an actor's NPV to each uncertain input of a deal."""

from __future__ import annotations

import numpy as np
import pandas as pd

from corridor.errors import InputError
from corridor.finance import DealDraw, deal_of, npv_by_actor
from corridor.risk.draw import factor_draw, neutral_factors
from corridor.risk.hazard import disruption_losses
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


__all__ = ["TORNADO_COLUMNS", "tornado"]
