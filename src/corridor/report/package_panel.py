"""The package and rival-patron tables of the report's negotiation panel.

They come from the same :func:`corridor.analyses.package_analysis` as ``corridor
negotiate``'s tables, and are appended to the panel of the issue models.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from corridor.analyses import PackageAnalysis
    from corridor.report.panels import Panel
    from corridor.scenario.model import Scenario

__all__ = ["package_tables", "with_package"]


def package_tables(
    analysis: PackageAnalysis,
) -> tuple[tuple[tuple[str, pd.DataFrame], ...], tuple[str, ...]]:
    """The tables (title, frame) and notes of a package analysis (none without one)."""
    tables: list[tuple[str, pd.DataFrame]] = []
    notes: list[str] = []
    result = analysis.result
    if result is not None:
        together = result.together
        zones = result.alone[["issue", "zone", "least_premium_musd_per_yr", "blockers", "note"]]
        zones = zones.round({"least_premium_musd_per_yr": 1})
        whole = pd.DataFrame([{"issue": "package (all)", "zone": together.zone}])
        tables.append(("Package: zone of agreement, each issue alone and together (USD m/yr)",
                       pd.concat([zones, whole], ignore_index=True)))  # fmt: skip
        if together.nash is not None:
            levels = ", ".join(f"{k} = {v:,.1f}" for k, v in together.nash.items())
            notes.append(f"asymmetric Nash package: {levels}")
            tables.append(("Nash package by party (USD m/yr)", result.parties.round(1)))
        for stated in result.premiums:
            feasible = "" if stated.feasible else ", breaks a condition"
            tables.append((f"Political premium at {stated.name}{feasible} (USD m/yr)",
                           stated.table.round(1)))  # fmt: skip
    done = analysis.patrons_result
    if done is not None:
        runs = [(state.label, case, run) for state in done.states
                for case, run in state.runs(done.swing_item)]  # fmt: skip
        rows = [
            {
                "state": label,
                "case": case,
                "winner": run.winner,
                "threat_point_musd_per_yr": run.threat_point_musd_per_yr,
                "winner_cost_musd_per_yr": run.winner_cost_musd_per_yr,
                "winner_surplus_musd_per_yr": run.winner_surplus_musd_per_yr,
            }
            for label, case, run in runs
        ]
        tables.append((f"Rival patrons bidding for {done.client} (second-score auction, "
                       "USD m/yr)", pd.DataFrame(rows).round(1)))  # fmt: skip
    return tuple(tables), tuple(notes)


def with_package(panel: Panel, scenario: Scenario) -> Panel:
    """The negotiation panel with the scenario's package and patrons tables appended."""
    from corridor.analyses import package_analysis

    tables, notes = package_tables(package_analysis(scenario))
    return dataclasses.replace(panel, tables=panel.tables + tables, notes=panel.notes + notes)
