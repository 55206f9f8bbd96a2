"""The timeline: market, power (both stages) and deal, once per regime of the scenario.

Each regime of ``[[regimes]]`` (:mod:`corridor.scenario.regime_model`) is a world in
which the scenario's links, payments and terms are what that period allowed; the
timeline plays the scenario's games in each and appraises its deal, so an actor's value
and leverage can be read before and after every regime change. Regimes that change the
same things share one computation (a regime with no changes of its own after the one it
extends gives the same numbers).

- **value**: the actor's Shapley value in the game of each traded commodity, USD m/yr;
- **leverage**: that value less the actor's standalone value v({i}), what the others
  concede to it for its part in the coalition (zero for an actor no one may pay, whose
  links are closed: it adds nothing to any coalition);
- **deal NPV**: each deal actor's NPV (USD m); where the regime blocks the deal (its route
  closed, its transit fee unlawful) nobody signs and every NPV is zero, the buyer's
  being measured against buying LNG (:mod:`corridor.finance`): its LNG baseline.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from corridor.analyses.limits import LIMITS, Progress, json_scalar, records
from corridor.errors import InputError, Unavailable

if TYPE_CHECKING:
    import pandas as pd

    from corridor.analyses.deal_risk import DealAnalysis
    from corridor.execution import RunSettings
    from corridor.option_to_wait import WaitingOption
    from corridor.power_result import PowerAnalysis
    from corridor.scenario.model import Scenario
    from corridor.scenario.regime_model import Regime

__all__ = ["RegimeResult", "TimelineAnalysis", "timeline"]


@dataclass(frozen=True)
class RegimeResult:
    """One regime's scenario, power analysis and deal (None with ``deal_blocked`` why)."""

    regime: Regime
    scenario: Scenario = field(repr=False)
    power: PowerAnalysis = field(repr=False)
    deal: DealAnalysis | None = field(repr=False)
    deal_blocked: str | None
    closed: tuple[str, ...]


@dataclass(frozen=True)
class TimelineAnalysis:
    """Per regime, in time order: the actors' values, leverage and deal NPVs."""

    scenario: Scenario
    periods: tuple[RegimeResult, ...]
    option: WaitingOption | None = None
    break_even_probability: float | None = None

    def values(self) -> pd.DataFrame:
        """One row per regime, stage, commodity and player (USD m/yr)."""
        import pandas as pd

        rows = []
        for period in self.periods:
            power = period.power
            for stage, reports in (("ex-ante", power.reports), ("ex-post", power.ex_post_reports)):
                for report in reports:
                    for row in report.table.itertuples():
                        rows.append({
                            "regime": period.regime.id, "start": period.regime.start.isoformat(),
                            "stage": stage, "commodity": report.commodity, "actor": row.player,
                            "shapley_musd_per_yr": float(row.shapley),
                            "standalone_musd_per_yr": float(row.standalone),
                            "leverage_musd_per_yr": float(row.shapley) - float(row.standalone),
                            "marginal_musd_per_yr": float(row.marginal),
                        })  # fmt: skip
        return pd.DataFrame(rows)

    def deal_npvs(self) -> pd.DataFrame:
        """One row per regime and deal actor: NPV in USD m (zero where the deal is blocked)."""
        import pandas as pd

        deal = self.scenario.deal
        rows = []
        for period in self.periods:
            if period.deal is not None:
                npvs = dict(zip(period.deal.result.summary["actor"],
                                period.deal.result.summary["npv_musd"], strict=True))  # fmt: skip
            else:
                npvs = dict.fromkeys(deal.actors if deal else (), 0.0)
            for actor, npv in npvs.items():
                rows.append({"regime": period.regime.id, "actor": actor, "npv_musd": float(npv),
                             "deal": "blocked" if period.deal_blocked else "signed"})  # fmt: skip
        return pd.DataFrame(rows, columns=["regime", "actor", "npv_musd", "deal"])

    def regimes(self) -> pd.DataFrame:
        """One row per regime: its dates, source, what it closes and why a deal is blocked."""
        import pandas as pd

        return pd.DataFrame([
            {"regime": p.regime.id, "name": p.regime.name, "start": p.regime.start.isoformat(),
             "end": p.regime.end.isoformat() if p.regime.end else None,
             "source": str(p.regime.provenance), "closed": ", ".join(p.closed),
             "unlawful_payments_to": ", ".join(p.regime.unlawful_payments_to),
             "set": "; ".join(p.regime.set), "deal_blocked": p.deal_blocked or "",
             "note": p.regime.note}
            for p in self.periods
        ])  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        """The ``corridor timeline --json`` document (schema ``corridor.timeline/1``)."""
        regimes = records(self.regimes())
        for row in regimes:
            row["end"] = json_scalar(row["end"])
        return {
            "schema": "corridor.timeline/1",
            "scenario": self.scenario.name,
            "units": {"value": "USD m/yr", "npv": "USD m"},
            "regimes": regimes,
            "values": records(self.values()),
            "deal_npv": records(self.deal_npvs()),
            "option_to_wait": None
            if self.option is None
            else {
                **self.option.to_dict(),
                "break_even_probability": self.break_even_probability,
            },
        }


def timeline(
    scenario: Scenario,
    *,
    players: Sequence[str] | None = None,
    commodity: str | None = None,
    stage: str = "both",
    run: RunSettings | None = None,
    max_exact_players: int = LIMITS.max_exact_players,
    sanctions_probability: float | None = None,
    progress: Progress | None = None,
) -> TimelineAnalysis:
    """Power (exact Shapley values) and the deal, per regime of the scenario.

    ``stage``, ``players``, ``commodity`` and ``run`` as in :func:`~corridor.analyses.power`. With a
    deal that some regime blocks, the option to wait for the deal's route
    (:func:`waiting_option`) at ``sanctions_probability`` (None: the share of the
    timeline's days under blocking regimes, a hindsight estimate).
    Raises :class:`~corridor.errors.Unavailable` for a scenario without ``[[regimes]]``.
    """
    from corridor.analyses.deal_risk import deal as appraise_deal
    from corridor.analyses.market_games import power
    from corridor.scenario.regime_model import closed_links, deal_blocked, regime_scenario

    if sanctions_probability is not None and not 0.0 <= sanctions_probability <= 1.0:
        raise InputError(f"must lie in [0, 1], got {sanctions_probability}",
                         parameter="sanctions_probability")  # fmt: skip
    if not scenario.regimes:
        raise Unavailable(f"scenario {scenario.name!r} has no [[regimes]] table")
    done: dict[tuple[Any, ...], RegimeResult] = {}
    periods = []
    for k, regime in enumerate(scenario.regimes):
        key = regime.changes
        if key not in done:
            world = regime_scenario(scenario, regime)
            played = power(
                world, players=players, commodity=commodity, stage=stage, run=run,
                max_exact_players=max_exact_players, concepts=("shapley",), reasons=False,
                fees=False,
            )  # fmt: skip
            blocked = deal_blocked(scenario, regime)
            signed = None if blocked or world.deal is None else appraise_deal(world, fees=False)
            done[key] = RegimeResult(regime, world, played, signed, blocked,
                                     closed_links(world, regime))  # fmt: skip
        # a regime with the same changes shares the first one's results under its own name
        periods.append(dataclasses.replace(done[key], regime=regime))
        if progress is not None:
            progress(k + 1, len(scenario.regimes))
    found = waiting_option(tuple(periods), sanctions_probability)
    option, even = found if found is not None else (None, None)
    return TimelineAnalysis(scenario, tuple(periods), option, even)


def waiting_option(
    periods: tuple[RegimeResult, ...], probability: float | None = None
) -> tuple[WaitingOption, float | None] | None:
    """Build the deal's route now, or wait a year and build only if no sanctions come.

    Two states (:mod:`corridor.option_to_wait`): ``open``, the deal as signed in the
    first regime, and ``blocked``, the first regime that blocks it arrives. Building now:
    the deal's joint NPV (the sum of its actors' NPVs, each at its own rate) as signed,
    or, blocked, with the flow stopped for good from the first whole year of the blocking
    regime (capex spent, sales, fee and opex end: ``DealDraw.terminated_from``). Waiting:
    the deal one year later (``delay_yr = 1``) if open, nothing if blocked. Stylised: the
    wait is taken to reveal the state. None without a signed first regime and a blocked
    later one.
    """
    from corridor.deal_draw import DealDraw
    from corridor.finance import npv_by_actor
    from corridor.option_to_wait import break_even, option_to_wait

    first = periods[0]
    blocked = next((p for p in periods if p.deal_blocked), None)
    if first.deal is None or blocked is None or first.scenario.deal is None:
        return None
    world, deal = first.scenario, first.scenario.deal

    def joint(draw: DealDraw) -> float:
        return sum(npv_by_actor(deal, world.base_year, world.discount_rate, draw).values())

    start = blocked.regime.start
    stopped_year = start.year + (0 if (start.month, start.day) == (1, 1) else 1)
    stop = max(0, stopped_year - deal.start_year)
    now = {"open": joint(DealDraw()), "blocked": joint(DealDraw(terminated_from=stop))}
    wait = {"open": joint(DealDraw(delay_yr=1)), "blocked": 0.0}
    even = break_even(now["open"], now["blocked"], wait["open"])
    if probability is None:
        lasted = [((p.regime.end or p.regime.start) - p.regime.start).days for p in periods]
        days = sum(lasted)
        under = sum(d for d, p in zip(lasted, periods, strict=True) if p.deal_blocked)
        probability = under / days if days else 0.0
        source = "the share of the timeline's days under regimes that block the deal (hindsight)"
    else:
        source = "given"
    note = (
        f"blocked: {blocked.regime.id} from {start.isoformat()}, the flow stopped from "
        f"{stopped_year}; probability of the blocked state {probability:.3f} ({source})"
    )
    chosen = {"open": 1.0 - probability, "blocked": probability}
    return option_to_wait(now, wait, chosen, note), even
