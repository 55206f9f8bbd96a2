"""Staged investment: which option links to build in which regime, and what waiting earns.

Composes :mod:`corridor.staged_model` (the regimes as dated periods to the horizon) and
:mod:`corridor.staged` (the MILP of dated, lumpy builds). Beside the best staged plan it
values two plans decided today and kept: **the static plan now**, the option links the
static market LP of the first period uses, all built at the first period's start; and
**everything now**, every option link built then. Both are the same model with the build
decisions fixed, so the differences are what timing the builds is worth.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from corridor.analyses.limits import records
from corridor.errors import Unavailable

if TYPE_CHECKING:
    from corridor.scenario.model import Scenario
    from corridor.staged_model import Period, StagedPlan

__all__ = ["StagedAnalysis", "staged"]


@dataclass(frozen=True)
class StagedAnalysis:
    """The best staged plan and the two plans decided now (NPVs in USD m)."""

    scenario: Scenario
    after: str
    periods: tuple[Period, ...]
    plan: StagedPlan
    static_now: StagedPlan
    everything_now: StagedPlan
    static_links: tuple[str, ...]

    def comparison(self) -> dict[str, float]:
        """NPV (USD m) of each plan, by name."""
        return {"staged": self.plan.npv_musd, "static_now": self.static_now.npv_musd,
                "everything_now": self.everything_now.npv_musd}  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        """The ``corridor staged --json`` document (schema ``corridor.staged/1``)."""
        plan = self.plan
        columns, rows, binaries = plan.size
        return {
            "schema": "corridor.staged/1",
            "scenario": self.scenario.name,
            "units": {"npv": "USD m", "welfare": "USD m/yr", "flow": "internal (bcm/yr, kTEU/yr)"},
            "after": self.after,
            "lumpy": plan.lumpy,
            "size": {"columns": columns, "rows": rows, "binaries": binaries},
            "npv_musd": self.comparison(),
            "static_links": list(self.static_links),
            "builds": records(plan.builds),
            "periods": records(plan.periods),
            "flows": records(plan.flows),
        }


def staged(scenario: Scenario, *, after: str = "last", lumpy: bool = True) -> StagedAnalysis:
    """The staged build plan of ``scenario`` over its regimes, and the plans decided now.

    ``after``: what holds from the last regime to the horizon's end, ``"last"`` (that
    regime) or ``"as-written"`` (the scenario as its file writes it). ``lumpy=False``
    solves the LP relaxation. Raises :class:`~corridor.errors.Unavailable` for a scenario
    without ``[[regimes]]`` or without an option link to build.
    """
    from corridor.market import MarketModel
    from corridor.staged import option_links, solve_staged
    from corridor.staged_model import periods_of

    if not scenario.regimes:
        raise Unavailable(f"scenario {scenario.name!r} has no [[regimes]] table")
    periods = periods_of(scenario, after)
    options = option_links(periods)
    if not options:
        raise Unavailable(f"scenario {scenario.name!r} has no option link with capex to build")
    plan = solve_staged(periods, lumpy=lumpy)
    model = MarketModel(periods[0].scenario)
    used = model.flow_by_link(model.solve_columns())
    static_links = tuple(link for link in options if used.get(link, 0.0) > 0.0)
    static_now = solve_staged(periods, lumpy=lumpy, fixed={
        link: 0 if link in static_links else None for link in options})  # fmt: skip
    everything_now = solve_staged(periods, lumpy=lumpy, fixed=dict.fromkeys(options, 0))
    return StagedAnalysis(scenario, after, periods, plan, static_now, everything_now,
                          static_links)  # fmt: skip
