"""``corridor deal``: cash flows per actor, NPV, IRR, payback, and the transit fee three ways."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated, Any

import typer

from corridor.cli.common import console, print_json

if TYPE_CHECKING:
    import pandas as pd

    from corridor.finance import DealResult


ScenarioArg = Annotated[
    str | None,
    typer.Argument(help="Bundled scenario name or path to a TOML file (default: korea-2011)."),
]


def register(app: typer.Typer) -> None:
    """Add the commands of this module to ``app``."""
    app.command("deal")(deal)


def deal(
    scenario: ScenarioArg = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print cash flows, measures and fees as JSON.")
    ] = False,
    fees: Annotated[
        bool, typer.Option("--fees/--no-fees", help="Compare transit fees (solves the LP).")
    ] = True,
) -> None:
    """Appraise the scenario's deal: cash flows, NPV, IRR and payback per actor.

    NPV at each actor's own rate; the transit fee by tariff, Nash bargaining and Shapley
    beside published figures.
    """
    from corridor.finance import appraise
    from corridor.games.fee import compare_fees
    from corridor.market import MarketModel
    from corridor.scenario import load_scenario

    loaded = load_scenario(scenario)
    result = appraise(loaded)
    fee_table = compare_fees(loaded, MarketModel(loaded)) if fees else None
    if json_output:
        print_json(deal_payload(loaded.name, result, fee_table))
        return
    _print(loaded.title, result, fee_table)


def deal_payload(name: str, result: DealResult, fees: pd.DataFrame | None) -> dict[str, Any]:
    """The JSON document of ``corridor deal --json`` (schema ``corridor.deal/1``)."""
    flows = result.cash_flows
    return {
        "schema": "corridor.deal/1",
        "scenario": name,
        "units": {"money": "USD m", "rates": "1/yr", "fees": "USD m/yr"},
        "discounted_to": result.base_year,
        "summary": _records(result.summary),
        "cash_flows": [
            {"year": int(year), **{a: _clean(v) for a, v in row.items()}}
            for year, row in flows.iterrows()
        ],
        "items": _records(result.items),
        "transit_fee": [] if fees is None else _records(fees),
    }


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item"):
        return _clean(value.item())
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _clean(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def _num(value: float, fmt: str = ",.0f") -> str:
    return "—" if not math.isfinite(value) else format(value, fmt)


def _irr(rate: float, count: int) -> str:
    if math.isfinite(rate):
        return f"{rate:.1%}"
    return "none" if count == 0 else f"{count} IRRs"


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
