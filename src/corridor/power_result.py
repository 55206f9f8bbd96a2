"""The result of a power analysis (:func:`corridor.analyses.power`): reports per stage.

Kept apart from :mod:`corridor.analyses` so that the composition stays one short module;
light to import (types only at module level), like :mod:`corridor.risk.result`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from corridor.games.holdup import HoldUp
    from corridor.games.power import PowerReport
    from corridor.games.values import CoalitionValues
    from corridor.scenario.model import Scenario

__all__ = ["PowerAnalysis"]


@dataclass(frozen=True)
class PowerAnalysis:
    """One power report per game (commodity) and stage, and the exact values behind each.

    ``reports`` ex-ante, ``ex_post_reports`` after the ``built`` links are sunk (empty: the
    stage was not asked for); ``holdup`` the deal's fee bounds (None: no deal in the games).
    """

    scenario: Scenario
    method: str
    reports: tuple[PowerReport, ...]
    values: tuple[CoalitionValues | None, ...] = field(repr=False)
    stages: tuple[str, ...] = ("ex-ante",)
    ex_post_reports: tuple[PowerReport, ...] = ()
    ex_post_values: tuple[CoalitionValues | None, ...] = field(default=(), repr=False)
    built: tuple[str, ...] = ()
    holdup: HoldUp | None = None

    def to_dict(self) -> dict[str, Any]:
        """The ``corridor power --json`` document (schema ``corridor.power/2``)."""
        return {
            "schema": "corridor.power/2",
            "scenario": self.scenario.name,
            "method": self.method,
            "units": {"value": "USD m/yr"},
            "stages": list(self.stages),
            "games": [_report_dict(r, "ex-ante") for r in self.reports],
            "ex_post_games": [_report_dict(r, "ex-post") for r in self.ex_post_reports],
            "built": list(self.built),
            "holdup": None if self.holdup is None else self.holdup.to_dict(),
        }


def _report_dict(report: PowerReport, stage: str) -> dict[str, Any]:
    from corridor.analyses import records

    return {
        "commodity": report.commodity,
        "stage": stage,
        "players": list(report.players),
        "grand_coalition_musd_per_yr": report.grand_musd_per_yr,
        "gains_from_cooperation_musd_per_yr": report.gains_musd_per_yr,
        "shapley_in_core": report.shapley_in_core,
        "least_core_epsilon_musd_per_yr": report.least_core_epsilon,
        "players_table": records(report.table),
        "benchmarks": records(report.benchmarks),
        "reasons": [reason.to_dict() for reason in report.reasons],
        "notes": list(report.notes),
    }
