"""Leverage as a distribution: each draw's solution concepts and transit fees, summarised.

Per draw and stage (ex-ante, ex-post; :mod:`corridor.games.stages`) the deal commodity's
coalition values give, in USD m/yr (:func:`draw_leverage`):

- each player's Shapley value and nucleolus (:mod:`corridor.games.concepts`; the
  nucleolus falls back on the prenucleolus, the least-core point ``corridor power``
  reports, where the imputation LPs fail, and is NaN in a draw where both fail: one
  degenerate draw does not stop a run, and the summary counts it as undefined);
- the transit country's *implied fee*: its Shapley value less its own market surplus in
  the grand optimum (the implied payment of :mod:`corridor.games.power`);
- the top of the fee zone, ``v(P) - s_T - v(P - T)`` for the pipeline coalition ``P``
  (:func:`corridor.games.fee.pipeline_coalition`) and the transit country ``T`` with its
  own surplus ``s_T`` (the most the others pay before falling back on the bypass: ex-post
  the hold-up fee of :mod:`corridor.games.holdup`), and the Nash fee over
  ``[max(0, reservation - s_T), top]`` (:func:`corridor.games.fee.nash_fee`; NaN when the
  zone is empty).

The own surpluses are those of the central terms of the stage (one market solve each,
:func:`stage_terms`), held across draws: the draws change coalition values, not who
owns which supply or demand.

:func:`leverage_summary` turns the draws' columns into P10/P50/P90, mean and the share
of draws where a value is zero, per stage, quantity and player.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from corridor.scenario.deal_model import Deal
from corridor.scenario.model import Scenario

if TYPE_CHECKING:
    from corridor.games.values import CoalitionValues
    from corridor.market import MarketModel

__all__ = [
    "CONCEPT_COLUMNS",
    "FEE_COLUMNS",
    "LEVERAGE_COLUMNS",
    "StageTerms",
    "draw_leverage",
    "leverage_summary",
    "stage_terms",
]

CONCEPT_COLUMNS: tuple[str, ...] = ("shapley", "nucleolus")
"""Solution concepts per player and draw: columns ``leverage_<stage>_<concept>_<player>``."""

FEE_COLUMNS: tuple[str, ...] = ("implied_fee", "max_fee", "nash_fee")
"""Transit fees per draw: columns ``leverage_<stage>_<fee>_<transit>``."""

LEVERAGE_COLUMNS: tuple[str, ...] = (
    "stage", "quantity", "player", "mean_musd_per_yr", "p10_musd_per_yr", "p50_musd_per_yr",
    "p90_musd_per_yr", "share_zero", "share_defined", "mean_musd_per_yr_se", "share_zero_se",
    "share_defined_se",
)  # fmt: skip
"""Columns of :func:`leverage_summary`."""

_ZERO_MUSD_PER_YR = 1e-5
"""Values below this (USD m/yr, in magnitude) count as zero: LP and nucleolus rounding.

The game library's nucleolus of a null player, on korea-2011's draws, is up to 3.7e-6
USD m/yr off zero (its LP tolerance on values rounded to ~1e-6, :func:`settle`), so a
1e-6 threshold counted noise; at 1e-5 (USD 10 a year) the library's and
:class:`corridor.games.nucleolus_reuse.NucleolusReuse`'s nucleoli give the same shares."""

_STAGE_KEYS = {"ex-ante": "ex_ante", "ex-post": "ex_post"}


@dataclass(frozen=True, slots=True)
class StageTerms:
    """What a stage's draws share: players, the pipeline coalition and the fee terms.

    ``transit`` the deal's transit country (None: not a player, no fees); ``pipeline``
    the pipeline coalition's members among the players; ``zone_surplus`` the transit
    country's own surplus in the pipeline coalition's optimum and ``grand_surplus`` in the
    grand coalition's (USD m/yr, central terms); ``reservation`` (USD m/yr) and ``power``
    (0–1) from the deal's transit fee.
    """

    stage: str
    players: tuple[str, ...]
    transit: str | None
    pipeline: tuple[str, ...]
    zone_surplus_musd_per_yr: float
    grand_surplus_musd_per_yr: float
    reservation_musd_per_yr: float
    power: float


def stage_terms(
    scenario: Scenario,
    deal: Deal,
    players: Sequence[str],
    commodity: str | None,
    stage: str = "ex-ante",
    *,
    model: MarketModel | None = None,
) -> StageTerms:
    """The :class:`StageTerms` of ``scenario``, the scenario of ``stage`` (central terms)."""
    from corridor.games.fee import pipeline_coalition
    from corridor.games.why import solve_game
    from corridor.market import MarketModel

    model = model or MarketModel(scenario)
    members = tuple(p for p in pipeline_coalition(scenario, deal) if p in players)
    transit = deal.transit if deal.transit in players else None
    zone = grand = 0.0
    if transit is not None:
        zone = solve_game(model, players, members, commodity).own_surplus_musd_per_yr(transit)
        grand = solve_game(model, players, players, commodity).own_surplus_musd_per_yr(transit)
    fee = deal.transit_fee
    return StageTerms(stage, tuple(players), transit, members, zone, grand,
                      fee.reservation_musd_per_yr, fee.bargaining_power)  # fmt: skip


def draw_leverage(
    terms: StageTerms, values: CoalitionValues, nucleolus: np.ndarray | None = None
) -> dict[str, float]:
    """One draw's columns for a stage: concepts per player and the transit fees, USD m/yr.

    ``nucleolus``: the game's nucleolus if already known (NaN where undefined; a chunk's
    games at once, :class:`corridor.games.nucleolus_reuse.NucleolusReuse`).
    """
    import coopgame

    from corridor.games.concepts import game, nucleolus_allocation
    from corridor.games.fee import nash_fee

    key = _STAGE_KEYS[terms.stage]
    # concepts.shapley's numbers without its pandas Series (which cost 17x the value)
    first = np.asarray(coopgame.shapley(game(values)), dtype=float)
    if nucleolus is not None:
        second = np.asarray(nucleolus, dtype=float)
    else:
        try:
            second = nucleolus_allocation(values)
        except (RuntimeError, ValueError):  # the game library's LPs fail on this game
            second = first * math.nan
    concepts = {"shapley": first, "nucleolus": second}
    row = {
        f"leverage_{key}_{concept}_{player}": float(value)
        for concept, numbers in concepts.items()
        for player, value in zip(values.players, numbers, strict=True)
    }
    t = terms.transit
    if t is None:
        return row
    s = terms.zone_surplus_musd_per_yr
    top = values.v(terms.pipeline) - s - values.v([p for p in terms.pipeline if p != t])
    low = max(0.0, terms.reservation_musd_per_yr - s)
    row[f"leverage_{key}_implied_fee_{t}"] = (
        float(first[values.players.index(t)]) - terms.grand_surplus_musd_per_yr
    )
    row[f"leverage_{key}_max_fee_{t}"] = top
    row[f"leverage_{key}_nash_fee_{t}"] = nash_fee(low, top, terms.power)
    return row


def leverage_summary(draws: pd.DataFrame) -> pd.DataFrame:
    """Per stage, quantity and player: mean, P10, P50, P90 (USD m/yr) across draws.

    ``share_defined``: the share of draws where it is defined (a Nash fee needs a
    non-empty zone); mean, percentiles and ``share_zero`` (the share that is zero, to
    1e-5 USD m/yr) are over those draws, NaN when there are none. The Monte Carlo
    standard errors of the mean and of both shares end in ``_se``
    (:mod:`corridor.risk.stats`). Columns :data:`LEVERAGE_COLUMNS`; empty without
    leverage columns (a run without games).
    """
    from corridor.risk.stats import mean_se, proportion_se

    rows = []
    for stage, key in _STAGE_KEYS.items():
        for quantity in (*CONCEPT_COLUMNS, *FEE_COLUMNS):
            prefix = f"leverage_{key}_{quantity}_"
            for column in (c for c in draws.columns if c.startswith(prefix)):
                x = draws[column].to_numpy(dtype=float)
                defined = x[np.isfinite(x)]
                if defined.size:
                    p10, p50, p90 = np.percentile(defined, [10, 50, 90])
                    mean = float(defined.mean())
                else:
                    p10 = p50 = p90 = mean = math.nan
                zero = (
                    float(np.mean(np.abs(defined) <= _ZERO_MUSD_PER_YR))
                    if defined.size
                    else math.nan
                )
                share = float(defined.size / x.size) if x.size else math.nan
                rows.append((stage, quantity, column.removeprefix(prefix), mean, float(p10),
                             float(p50), float(p90), zero, share,
                             mean_se(defined) if defined.size else math.nan,
                             proportion_se(zero, defined.size) if defined.size else math.nan,
                             proportion_se(share, x.size) if x.size else math.nan))  # fmt: skip
    return pd.DataFrame(rows, columns=list(LEVERAGE_COLUMNS))
