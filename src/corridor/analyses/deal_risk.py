"""The deal's appraisal and its Monte Carlo risk."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from corridor.analyses.limits import LIMITS, Progress, json_scalar, records
from corridor.errors import Unavailable

if TYPE_CHECKING:
    import pandas as pd

    from corridor.execution import RunSettings
    from corridor.finance import DealResult
    from corridor.risk import RiskResult
    from corridor.scenario.model import Scenario


# --- deal ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class DealAnalysis:
    """Cash flows and measures per actor, and the transit fee three ways (or None)."""

    scenario: Scenario
    result: DealResult
    fees: pd.DataFrame | None
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The ``corridor deal --json`` document (schema ``corridor.deal/1``)."""
        flows = self.result.cash_flows
        return {
            "schema": "corridor.deal/1",
            "scenario": self.scenario.name,
            "units": {"money": "USD m", "rates": "1/yr", "fees": "USD m/yr"},
            "discounted_to": self.result.base_year,
            "summary": records(self.result.summary),
            "cash_flows": [
                {"year": int(year), **{a: json_scalar(v) for a, v in row.items()}}
                for year, row in flows.iterrows()
            ],
            "items": records(self.result.items),
            "transit_fee": [] if self.fees is None else records(self.fees),
        }


def deal(scenario: Scenario, *, fees: bool = True) -> DealAnalysis:
    """Appraise the scenario's deal; with ``fees``, compare the transit fee three ways.

    The fee table has the ex-post zone (route sunk) beside the ex-ante one
    (:func:`corridor.games.holdup.fee_table`).

    The fee comparison solves the market on the deal's route; when the route's links are
    not in the scenario, the fees are left out and a note says why.
    """
    from corridor.finance import appraise
    from corridor.games.holdup import fee_table
    from corridor.market import MarketModel

    if scenario.deal is None:
        raise Unavailable(f"scenario {scenario.name!r} has no [deal] table")
    result = appraise(scenario)
    notes = ["NPVs discounted to the scenario's base year at each actor's own rate"]
    table = None
    if fees:
        links = {link.id for link in scenario.links}
        missing = [link for link in scenario.deal.route if link not in links]
        if missing:
            notes.append(
                f"transit fee comparison left out: the deal's route link(s) "
                f"{', '.join(missing)} are not in the scenario"
            )
        else:
            table = fee_table(scenario, MarketModel(scenario))
    return DealAnalysis(scenario, result, table, tuple(notes))


# --- risk ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class RiskAnalysis:
    """The Monte Carlo result and the one-at-a-time tornado of the buyer's NPV."""

    result: RiskResult
    tornado_central_musd: float
    tornado: pd.DataFrame

    def to_dict(self) -> dict[str, Any]:
        """The ``corridor risk --json`` document (schema ``corridor.risk/1``)."""
        payload = self.result.to_dict()
        payload["tornado"] = {
            "actor": self.result.buyer,
            "central_npv_musd": self.tornado_central_musd,
            "rows": self.tornado.to_dict(orient="records"),
        }
        return payload


def risk(
    scenario: Scenario,
    *,
    draws: int = LIMITS.risk_draws,
    seed: int = 0,
    run: RunSettings | None = None,
    shapley: bool = False,
    progress: Progress | None = None,
    tolerance: float | None = None,
    games: Sequence[str] = ("ex-ante", "ex-post"),
) -> RiskAnalysis:
    """Simulate the deal under its risk table; the tornado of the buyer's NPV beside it.

    ``tolerance`` (USD m), ``draws``, ``run`` and ``games`` (the stages played with
    ``shapley``) as in :func:`corridor.risk.simulate`.
    """
    from corridor.execution import SERIAL
    from corridor.risk import simulate, tornado

    if scenario.deal is None or scenario.risk is None:
        raise Unavailable(f"scenario {scenario.name!r} has no [deal] and [risk] tables")
    result = simulate(
        scenario, draws, seed, run=SERIAL if run is None else run, shapley=shapley,
        progress=progress, tolerance=tolerance, games=games,
    )  # fmt: skip
    central, rows = tornado(scenario, result.buyer, seed=seed)
    return RiskAnalysis(result, central, rows)


__all__ = ["DealAnalysis", "RiskAnalysis", "deal", "risk"]
