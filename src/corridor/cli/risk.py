"""``corridor risk``: Monte Carlo of the deal with disruption and a guarantee option."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from corridor.analyses import LIMITS
from corridor.cli.common import (
    DropOpt,
    ScenarioArg,
    SetOpt,
    check_options,
    check_scheduler,
    console,
    load,
    print_json,
    progress_bar,
)

if TYPE_CHECKING:
    import pandas as pd

    from corridor.risk import RiskResult


def register(app: typer.Typer) -> None:
    """Add the commands of this module to ``app``."""
    app.command("risk")(risk)


def risk(
    scenario: ScenarioArg = None,
    draws: Annotated[int, typer.Option(help="Number of Monte Carlo draws.")] = LIMITS.risk_draws,
    seed: Annotated[int, typer.Option(help="Seed; draw i uses (seed, i).")] = 0,
    workers: Annotated[int, typer.Option(help="Local worker processes.")] = 1,
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address (runs on that cluster).")
    ] = None,
    shapley: Annotated[
        bool, typer.Option("--shapley", help="Re-run coalition values and Shapley per draw.")
    ] = False,
    checkpoint: Annotated[
        Path | None, typer.Option(help="Folder for finished chunks; rerun to resume.")
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    set_: SetOpt = None,
    drop: DropOpt = None,
) -> None:
    """Simulate the scenario's deal under its risk table (Monte Carlo with disruption).

    Per-actor NPV distribution, unserved gas, the guarantee's value and (with --shapley)
    the distribution of Shapley shares.
    """
    from corridor import analyses

    check_options(draws=draws, workers=workers)
    check_scheduler(scheduler)
    loaded = load(scenario, set_, drop)
    options: dict[str, Any] = dict(
        draws=draws, seed=seed, workers=workers, scheduler=scheduler, shapley=shapley,
        checkpoint=checkpoint,
    )  # fmt: skip
    if json_output:
        print_json(analyses.risk(loaded, **options).to_dict())
        return
    with progress_bar("draws", draws) as progress:
        done = analyses.risk(loaded, **options, progress=progress)
    _print(loaded.title, done.result)
    _print_leverage(done.result)
    _print_tornado(done.result.buyer, done.tornado_central_musd, done.tornado)


def _print_tornado(actor: str, central: float, rows: pd.DataFrame) -> None:
    from rich.table import Table

    title = f"What moves {actor}'s NPV (USD m; central terms {central:,.0f}), one input at a time"
    table = Table(title=title, title_justify="left")
    for column in ("driver", "P10 input", "P90 input", "unit", "NPV at P10", "NPV at P90"):
        table.add_column(column, justify="left" if column in ("driver", "unit") else "right")
    for row in rows.itertuples(index=False):
        inputs = (f"{row.low_input:.3g}", f"{row.high_input:.3g}", row.input_unit)
        npvs = (f"{row.npv_low_musd:,.0f}", f"{row.npv_high_musd:,.0f}")
        table.add_row(row.driver, *inputs, *npvs)
    console().print(table)


_QUANTITY_LABELS = {
    "shapley": "Shapley",
    "nucleolus": "nucleolus",
    "implied_fee": "implied fee",
    "max_fee": "zone top",
    "nash_fee": "Nash fee",
}
_STAGE_NOTES = {
    "ex-ante": "before the build, every route's capex counted",
    "ex-post": "the deal's route sunk; zone top = hold-up fee",
}


def _money(value: float) -> str:
    if not math.isfinite(value):
        return "—"
    if abs(value) < 0.05:  # nucleolus LPs leave -1e-6 for a null player: print 0.0, not -0.0
        return "0.0"
    return f"{value:,.1f}" if abs(value) < 1000 else f"{value:,.0f}"


def _print_leverage(result: RiskResult) -> None:
    from rich.table import Table

    rows = result.leverage_summary()
    for stage, part in rows.groupby("stage", sort=False):
        table = Table(title=f"Leverage across draws, {stage} ({_STAGE_NOTES.get(str(stage), '')}; "
                      "USD m/yr)", title_justify="left")  # fmt: skip
        for column in ("actor", "measure", "mean", "P10", "P50", "P90", "= 0", "defined"):
            table.add_column(column, justify="left" if column in ("actor", "measure") else "right")
        for row in part.itertuples(index=False):
            money = (row.mean_musd_per_yr, row.p10_musd_per_yr, row.p50_musd_per_yr,
                     row.p90_musd_per_yr)  # fmt: skip
            shares = [f"{v:.0%}" if math.isfinite(v) else "—"
                      for v in (row.share_zero, row.share_defined)]  # fmt: skip
            table.add_row(row.player, _QUANTITY_LABELS[row.quantity], *map(_money, money),
                          *shares)  # fmt: skip
        console().print(table)


def _print(title: str, result: RiskResult) -> None:
    from rich.table import Table

    console().print(f"[bold]{title}[/bold]  ({result.scenario}); {len(result.draws)} draws, "
                  f"seed {result.seed}")  # fmt: skip
    for guaranteed in (False, True):
        frame = result.npv_summary(guaranteed)
        if frame.empty:
            continue
        label = "with the guarantee" if guaranteed else "without guarantee"
        table = Table(title=f"NPV by actor, {label} (USD m)", title_justify="left")
        for column in ("actor", "mean", "P5", "P50", "P95", "P(loss)"):
            table.add_column(column, justify="left" if column == "actor" else "right")
        for row in frame.itertuples(index=False):
            money = (row.mean_musd, row.p5_musd, row.p50_musd, row.p95_musd)
            table.add_row(row.actor, *(f"{v:,.0f}" for v in money), f"{row.prob_loss:.1%}")
        console().print(table)
    u = result.unserved()
    console().print(f"unserved pipeline gas: expected {u['expected_unserved_bcm']:.2f} bcm over "
                  f"the deal (P95 {u['p95_unserved_bcm']:.2f}); P(any cut) "
                  f"{u['prob_any_disruption']:.1%}")  # fmt: skip
    g = result.guarantee_value()
    if g:
        console().print(f"guarantee for {result.buyer}: expected payouts "
                      f"{g['expected_payout_musd']:,.1f} USD m against a cost of "
                      f"{g['cost_musd']:,.1f} (present values); fair price "
                      f"{g['break_even_cost_musd_per_yr']:,.1f} USD m/yr")  # fmt: skip
        console().print(f"  mean change in {result.buyer}'s NPV {g['mean_gain_musd']:,.1f} "
                      f"USD m net of its cost; at P5 {g['p5_gain_musd']:,.1f}; P(loss) "
                      f"{g['prob_loss_without']:.1%} -> {g['prob_loss_with']:.1%}")  # fmt: skip
    shares = result.shapley_summary()
    if not shares.empty:
        table = Table(title="Shapley shares across draws", title_justify="left")
        for column in ("player", "mean", "P5", "P50", "P95", "mean USD m/yr"):
            table.add_column(column, justify="left" if column == "player" else "right")
        for row in shares.itertuples(index=False):
            shares_of = (row.mean_share, row.p5_share, row.p50_share, row.p95_share)
            cells = [f"{v:.1%}" if math.isfinite(v) else "—" for v in shares_of]
            table.add_row(row.player, *cells, f"{row.mean_musd_per_yr:,.1f}")
        console().print(table)


__all__ = [
    "register",
    "risk",
]
