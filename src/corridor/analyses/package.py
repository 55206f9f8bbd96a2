"""The package bargain and the rival patrons of a scenario's talks (its own or its companion's)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from corridor.analyses.limits import json_scalar, records

if TYPE_CHECKING:
    from corridor.negotiation.package import PackageResult, Premium, Search
    from corridor.negotiation.patrons import Auction, PatronsResult
    from corridor.scenario.model import Scenario
    from corridor.scenario.package_model import Package, PackageIssue, Patrons

__all__ = ["PackageAnalysis", "package_analysis", "package_for"]


def package_for(scenario: Scenario) -> tuple[Package | None, Patrons | None, str]:
    """The package and patrons a scenario's talks use, and the scenario they come from.

    Its own ``[negotiation.package]``/``[negotiation.patrons]``, else its companion's
    (``[scenario] negotiation_from``), as :func:`~corridor.analyses.negotiation_for` does
    for the issues; ``(None, None, name)`` when neither has them.
    """
    if scenario.package is not None or scenario.patrons is not None:
        return scenario.package, scenario.patrons, scenario.name
    if scenario.negotiation is None and scenario.negotiation_from is not None:
        from corridor.scenario import load_scenario

        other = load_scenario(scenario.negotiation_from)
        return other.package, other.patrons, other.name
    return None, None, scenario.name


@dataclass(frozen=True)
class PackageAnalysis:
    """The package bargain (None: no package) and the patrons' auction (None: no patrons)."""

    package: Package | None
    result: PackageResult | None
    patrons: Patrons | None
    patrons_result: PatronsResult | None
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The ``package`` and ``patrons`` members of the ``corridor negotiate`` document."""
        return {"package": self._package(), "patrons": self._patrons()}

    def _package(self) -> dict[str, Any] | None:
        result, package = self.result, self.package
        if result is None or package is None:
            return None
        return {
            "source": self.source,
            "issues": [_issue(i) for i in package.issues],
            "alone": records(result.alone),
            "together": _search(result.together),
            "parties": records(result.parties),
            "stated": [_premium(p) for p in result.premiums],
        }

    def _patrons(self) -> dict[str, Any] | None:
        done = self.patrons_result
        if done is None:
            return None
        return {
            "client": done.client,
            "swing_item": done.swing_item,
            "states": [
                {
                    "levels": dict(state.levels),
                    "with_swing": _auction(state.with_swing),
                    "without_swing": None
                    if state.without_swing is None
                    else _auction(state.without_swing),
                }
                for state in done.states
            ],
        }


def _issue(i: PackageIssue) -> dict[str, Any]:
    return {
        "id": i.id,
        "name": i.name,
        "unit": i.unit,
        "no_deal": i.no_deal,
        "levels": list(i.levels) if i.levels else None,
        "range": list(i.bounds) if i.bounds else None,
    }


def _premium(p: Premium) -> dict[str, Any]:
    return {"name": p.name, "levels": p.levels, "feasible": p.feasible, "premium": records(p.table)}


def _search(found: Search) -> dict[str, Any]:
    return {
        "zone": found.zone,
        "agreements": found.agreements,
        "nash": found.nash,
        "surplus_musd_per_yr": None if found.surplus is None else list(found.surplus),
        "least_premium": found.least_premium,
        "least_premium_musd_per_yr": json_scalar(found.least_premium_musd_per_yr),
    }


def _auction(done: Auction) -> dict[str, Any]:
    return {
        "offers": records(done.offers),
        "winner": done.winner,
        "loser": done.loser,
        "threat_point_musd_per_yr": done.threat_point_musd_per_yr,
        "client_value_musd_per_yr": done.client_value_musd_per_yr,
        "winner_cost_musd_per_yr": done.winner_cost_musd_per_yr,
        "winner_surplus_musd_per_yr": done.winner_surplus_musd_per_yr,
    }


def package_analysis(scenario: Scenario) -> PackageAnalysis:
    """Bargain over the scenario's package and run its patrons' auction (where it has them)."""
    package, patrons, source = package_for(scenario)
    result = patrons_result = None
    if package is not None:
        from corridor.negotiation.package import bargain

        result = bargain(package)
    if patrons is not None:
        from corridor.negotiation.patrons import rival_patrons

        patrons_result = rival_patrons(patrons)
    return PackageAnalysis(package, result, patrons, patrons_result, source)
