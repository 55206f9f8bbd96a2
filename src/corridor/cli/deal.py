"""``corridor deal``: cash flows per actor, NPV, IRR, payback, and the transit fee three ways."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated

import typer

from corridor.cli.common import console
from corridor.cli.scenario_options import ScenarioOptions, scenario_command

if TYPE_CHECKING:
    import pandas as pd

    from corridor.finance import DealResult
    from corridor.scenario.deal_model import Deal


@scenario_command()
def deal(
    options: ScenarioOptions,
    fees: Annotated[
        bool, typer.Option("--fees/--no-fees", help="Compare transit fees (solves the LP).")
    ] = True,
) -> None:
    """Appraise the scenario's deal: cash flows, NPV, IRR and payback per actor.

    NPV at each actor's own rate; the transit fee by tariff, Nash bargaining and Shapley
    beside published figures.
    """
    from corridor import analyses

    done = analyses.deal(options.load(), fees=fees)

    def show() -> None:
        _print(done.scenario.title, done.result, done.fees)
        _print_debt(done.scenario.deal)

    options.emit("deal", done.scenario.name, done, show)


def _num(value: float, fmt: str = ",.0f") -> str:
    return "—" if not math.isfinite(value) else format(value, fmt)


def _irr(rate: float, count: int) -> str:
    if math.isfinite(rate):
        return f"{rate:.1%}"
    return "none" if count == 0 else f"{count} IRRs"


def _print_debt(deal: Deal | None) -> None:
    """Where the remaining debt goes: cash to the creditor, or projects in the debtor country."""
    debt = deal.debt if deal is not None else None
    if debt is None or not debt.recycled:
        return
    console().print(f"debt: {debt.recycled:.0%} of the {debt.remaining_musd:,.0f} USD m repaid "
                  f"by {debt.debtor} is recycled into {debt.projects or 'projects'} (in the "
                  f"debtor's NPV at face value, not in {debt.creditor}'s)")  # fmt: skip


def _print(title: str, result: DealResult, fees: pd.DataFrame | None) -> None:
    from rich.table import Table

    console().print(f"[bold]{title}[/bold]  ({result.scenario}); NPVs discounted to "
                  f"{result.base_year}")  # fmt: skip
    summary = Table(title="Deal appraisal by actor (USD m)", title_justify="left")
    for column in ("actor", "discount rate", "NPV", "IRR", "payback", "undiscounted"):
        summary.add_column(column, justify="left" if column == "actor" else "right")
    for row in result.summary.itertuples(index=False):
        payback = "—" if not math.isfinite(row.payback_year) else str(int(row.payback_year))
        summary.add_row(row.actor, f"{row.discount_rate:.1%}", _num(row.npv_musd),
                        _irr(row.irr, row.irr_count), payback, _num(row.total_musd))  # fmt: skip
    console().print(summary)
    flows = Table(title="Net cash flow by year (USD m)", title_justify="left")
    flows.add_column("year")
    for actor in result.cash_flows.columns:
        flows.add_column(actor, justify="right")
    for year, row in result.cash_flows.iterrows():
        flows.add_row(str(year), *(_num(v, ",.1f") for v in row))
    console().print(flows)
    if fees is None:
        return
    table = Table(title="Transit fee (USD m/yr)", title_justify="left")
    if "stage" in fees.columns and (fees["stage"] == "ex-post").any():
        table.caption = ("ex-ante: the route still to be built, its capex counted; ex-post: "
                         "the built route's capex sunk, the bypass still to be built")  # fmt: skip
        table.caption_justify = "left"
    for column in ("method", "fee", "range", "note"):
        # long method names (benchmark ids) fold onto a second line instead of being cut
        table.add_column(
            column,
            justify="right" if column in {"fee", "range"} else "left",
            overflow="fold" if column == "method" else "ellipsis",
            no_wrap=column in {"fee", "range"},
        )
    for row in fees.itertuples(index=False):
        span = ""
        if math.isfinite(row.low) or math.isfinite(row.high):
            span = f"{_num(row.low, ',.1f')} – {_num(row.high, ',.1f')}"
        table.add_row(row.method, _num(row.fee_musd_per_yr, ",.1f"), span, row.note)
    console().print(table)


__all__ = [
    "deal",
]
