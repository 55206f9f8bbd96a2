"""The data of staged investment: dated periods over the horizon, and a staged build plan.

The periods are the scenario's regimes (:mod:`corridor.scenario.regime_model`), each the
scenario as it stands under that regime (:func:`regime_scenario`), from its start to the
next one's; a gap between regimes is the scenario as written. After the last regime the
rest of the horizon (to 1 January of ``base_year + horizon_yr``) is, with ``after="last"``,
the last regime carried on (nothing later is known), or with ``after="as-written"`` the
scenario as written (the regimes lifted). Dates count as years from 1 January of the
scenario's ``base_year`` (a day is its share of its calendar year).

Each period's value of 1 USD m/yr (``welfare_factor``, USD m) is an annuity paid at each
year's end from the period's start for its duration, discounted to the base year at the
scenario's rate: ``df(start) / annuity_factor(rate, duration)``; over contiguous periods
these add up to the annuity of the whole span. The solver is :mod:`corridor.staged`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from corridor.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from corridor.scenario.model import Scenario
    from corridor.scenario.regime_model import Regime

__all__ = [
    "AFTER_CHOICES",
    "AS_WRITTEN",
    "Period",
    "StagedPlan",
    "annuity_value",
    "periods_of",
    "year_of",
]

AS_WRITTEN = "(as written)"
"""The id of a period without a regime: the scenario as its file writes it."""
AFTER_CHOICES = ("last", "as-written")


@dataclass(frozen=True)
class Period:
    """One dated period: the scenario under its regime, its span and its discounting."""

    id: str
    regime: Regime | None
    start: date
    end: date
    scenario: Scenario = field(repr=False)
    start_yr: float
    duration_yr: float
    welfare_factor: float
    """USD m today per USD m/yr earned through the period."""


def year_of(day: date, base_year: int) -> float:
    """Years from 1 January of ``base_year`` to ``day`` (a day: its share of its year)."""
    days = 366 if calendar.isleap(day.year) else 365
    return day.year - base_year + (day.timetuple().tm_yday - 1) / days


def annuity_value(rate: float, start_yr: float, duration_yr: float) -> float:
    """Today's value of 1 per year paid at each year's end from ``start_yr`` for the span."""
    import numpy as np

    from corridor.finance import discount_factors
    from corridor.units import annuity_factor

    if duration_yr <= 0:
        return 0.0
    at_start = float(discount_factors(rate, np.array([start_yr]))[0])
    return at_start / annuity_factor(rate, duration_yr)


def periods_of(scenario: Scenario, after: str = "last") -> tuple[Period, ...]:
    """The scenario's regimes as dated periods to the horizon's end (see the module).

    Without regimes: one period, the scenario as written from the base year. Regimes
    starting at or after the horizon's end are left out, the last one is cut there.
    """
    from corridor.scenario.regime_model import regime_scenario

    if after not in AFTER_CHOICES:
        raise InputError(f"must be one of {', '.join(AFTER_CHOICES)}, got {after!r}",
                         parameter="after")  # fmt: skip
    base, rate = scenario.base_year, scenario.discount_rate
    horizon_end = scenario.horizon_yr  # years from the base year, as every start_yr
    spans: list[tuple[str, Regime | None, date, date | None]] = []
    regimes = scenario.regimes
    if not regimes:
        spans.append((AS_WRITTEN, None, date(base, 1, 1), None))
    for k, regime in enumerate(regimes):
        following = regimes[k + 1].start if k + 1 < len(regimes) else None
        end = regime.end or following
        if following is None and after == "last":
            end = None
        spans.append((regime.id, regime, regime.start, end))
        if end is not None and (following is None or end < following):
            spans.append((AS_WRITTEN, None, end, following))
    worlds: dict[tuple[Any, ...], Scenario] = {}
    periods = []
    for pid, held, start, end in spans:
        start_yr = year_of(start, base)
        if start_yr >= horizon_end:
            continue
        end_yr = horizon_end if end is None else min(year_of(end, base), horizon_end)
        if end is None or end_yr == horizon_end:
            end = date(base + int(horizon_end), 1, 1)
        if held is None:
            world = scenario
        else:
            if held.changes not in worlds:
                worlds[held.changes] = regime_scenario(scenario, held)
            world = worlds[held.changes]
        duration = end_yr - start_yr
        periods.append(Period(pid, held, start, end, world, start_yr, duration,
                              annuity_value(rate, start_yr, duration)))  # fmt: skip
    if not periods:
        raise InputError(f"scenario {scenario.name!r}: every regime starts after the horizon "
                         f"({base + horizon_end:g})")  # fmt: skip
    return tuple(periods)


@dataclass(frozen=True)
class StagedPlan:
    """The optimum of the staged model, USD m (NPVs) and USD m/yr (per period).

    ``builds``: one row per option link (``link``, ``commodity``, ``capex_musd``,
    ``built_share``: 1 built, 0 never, between in the LP relaxation; ``build_period``,
    ``build_start``: the first period it is built in, None if never; ``capex_pv_musd``).
    ``periods``: one row per period (``period``, ``start``, ``end``, ``duration_yr``,
    ``welfare_factor``, ``operating_welfare_musd_per_yr``, ``capex_annuity_musd_per_yr``:
    the capex annuities of the links built so far, ``net_welfare_musd_per_yr``).
    ``flows``: period, link, capacity, flow (internal units). ``npv_musd`` is
    sum over periods of ``welfare_factor * net_welfare`` (the discounted objective).
    ``lumpy``: solved as a MILP (False: its LP relaxation); ``size``: the model's columns,
    rows and binaries.
    """

    scenario: str
    npv_musd: float
    builds: pd.DataFrame = field(repr=False)
    periods: pd.DataFrame = field(repr=False)
    flows: pd.DataFrame = field(repr=False)
    lumpy: bool = True
    size: tuple[int, int, int] = (0, 0, 0)

    def build_year(self) -> dict[str, int | None]:
        """Option link -> the year it is first built in (None: never)."""
        return {
            row.link: None if row.build_start is None else int(str(row.build_start)[:4])
            for row in self.builds.itertuples()
        }
