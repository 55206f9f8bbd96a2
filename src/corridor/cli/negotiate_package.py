"""The tables ``corridor negotiate`` prints after the forecasts: the package and the patrons.

Each issue alone beside the whole package (zone of possible agreement, the least premium
that would clear the issue alone and who would need it), the asymmetric Nash package with
each party's surplus, the premium at the stated outcome, and the rival patrons' auction
in each state of the issues its items are conditioned on, with and without the swing
item (USD m/yr throughout).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from corridor.cli.common import console

if TYPE_CHECKING:
    from rich.table import Table

    from corridor.analyses import PackageAnalysis

__all__ = ["print_package", "print_patrons"]


def _money(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:,.1f}"


def _level(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:g}" if float(value) == round(float(value), 3) else f"{value:,.1f}"


def _table(title: str, columns: list[str], left: int = 1) -> Table:
    from rich.table import Table

    table = Table(title=title)
    for k, column in enumerate(columns):
        table.add_column(column, justify="left" if k < left else "right")
    return table


def print_package(analysis: PackageAnalysis) -> None:
    """Zones alone and together, the Nash package and the premium at the stated outcome."""
    result, package = analysis.result, analysis.package
    if result is None or package is None:
        return
    out = console()
    table = _table(
        "Package: zone of possible agreement, each issue alone and together (USD m/yr)",
        ["issue", "zone", "least premium", "at level", "needed by"],
    )
    notes = []
    for row in result.alone.to_dict(orient="records"):
        table.add_row(
            str(row["issue"]),
            "yes" if row["zone"] else "no",
            _money(row["least_premium_musd_per_yr"]),
            _level(row["least_premium_level"]),
            str(row["blockers"]) or "—",
        )
        if row["note"]:
            notes.append(f"  {row['issue']} alone: {row['note']}")
    together = result.together
    table.add_row("package (all)", "yes" if together.zone else "no", "", "", "")
    out.print(table)
    for note in notes:
        out.print(note, markup=False)
    if together.nash is None:
        out.print("  no package leaves every party with a stake better off: no Nash package")
    else:
        levels = ", ".join(f"{k} = {_level(v)}" for k, v in together.nash.items())
        out.print(f"  asymmetric Nash package: {levels}", markup=False)
        nash = _table("Nash package: value and surplus by party (USD m/yr)",
                      ["party", "weight", "disagreement", "value", "surplus"])  # fmt: skip
        for row in result.parties.to_dict(orient="records"):
            nash.add_row(str(row["actor"]), _level(row["weight"]),
                         *(_money(row[k]) for k in ("disagreement_musd_per_yr",
                           "value_musd_per_yr", "surplus_musd_per_yr")))  # fmt: skip
        out.print(nash)
    for stated in result.premiums:
        feasible = "" if stated.feasible else " (breaks a condition)"
        premium = _table(f"Political premium at {stated.name}{feasible} (USD m/yr)",
                         ["party", "value", "surplus", "premium"])  # fmt: skip
        for row in stated.table.to_dict(orient="records"):
            premium.add_row(str(row["actor"]), *(_money(row[k]) for k in (
                "value_musd_per_yr", "surplus_musd_per_yr", "premium_musd_per_yr")))  # fmt: skip
        out.print(premium)
        moved = {k: v for k, v in stated.levels.items() if v != package.issue(k).no_deal}
        out.print("  " + ", ".join(f"{k} = {_level(v)}" for k, v in moved.items()), markup=False)


def print_patrons(analysis: PackageAnalysis) -> None:
    """The rival patrons' auction in each state, with and without the swing item."""
    done = analysis.patrons_result
    if done is None:
        return
    out = console()
    for state in done.states:
        table = _table(
            f"Rival patrons bidding for {done.client}'s alignment, {state.label} "
            "(second-score auction, USD m/yr)",
            ["case", "patron", "alignment value", "best offer", "its cost"],
            left=2,
        )
        for case, run in state.runs(done.swing_item):
            for row in run.offers.to_dict(orient="records"):
                table.add_row(case, str(row["patron"]), _money(row["alignment_value_musd_per_yr"]),
                              _money(row["best_offer_musd_per_yr"]),
                              _money(row["best_offer_cost_musd_per_yr"]))  # fmt: skip
        out.print(table)
        for case, run in state.runs(done.swing_item):
            out.print(
                f"  {case}: {run.winner} wins; {done.client}'s threat point (the {run.loser} "
                f"offer) {_money(run.threat_point_musd_per_yr)}; {run.winner} gives "
                f"{_money(run.client_value_musd_per_yr)} at a cost of "
                f"{_money(run.winner_cost_musd_per_yr)} and keeps "
                f"{_money(run.winner_surplus_musd_per_yr)} (its leverage)",
                markup=False,
            )
        after, before = state.with_swing, state.without_swing
        if before is not None:
            rise = after.threat_point_musd_per_yr - before.threat_point_musd_per_yr
            fall = before.winner_surplus_musd_per_yr - after.winner_surplus_musd_per_yr
            who = (f"{after.winner}'s leverage falls by {_money(fall)}"
                   if after.winner == before.winner
                   else f"the winner turns from {before.winner} to {after.winner}")  # fmt: skip
            out.print(
                f"  {done.swing_item}: {done.client}'s threat point rises by {_money(rise)}; {who}",
                markup=False,
            )
