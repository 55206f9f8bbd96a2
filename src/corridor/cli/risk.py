"""``corridor risk``: Monte Carlo of the deal with disruption and a guarantee option."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated, Any

import typer

from corridor.analyses import LIMITS
from corridor.cli.checks import check_options
from corridor.cli.common import console, progress_bar
from corridor.cli.scenario_options import ScenarioOptions, scenario_command

if TYPE_CHECKING:
    import pandas as pd

    from corridor.risk import RiskResult


@scenario_command(runs=True)
def risk(
    options: ScenarioOptions,
    draws: Annotated[int, typer.Option(help="Number of Monte Carlo draws.")] = LIMITS.risk_draws,
    seed: Annotated[int, typer.Option(help="Seed; draw i uses (seed, i).")] = 0,
    shapley: Annotated[
        bool, typer.Option("--shapley", help="Re-run coalition values and Shapley per draw.")
    ] = False,
    games: Annotated[
        str, typer.Option(help="With --shapley, comma-separated stages: ex-ante,ex-post.")
    ] = "ex-ante,ex-post",
    tolerance: Annotated[
        float | None,
        typer.Option(
            help="Stop once the standard error of every actor's mean NPV is below this "
            "(USD m); --draws is then the cap."
        ),
    ] = None,
) -> None:
    """Simulate the scenario's deal under its risk table (Monte Carlo with disruption).

    Per-actor NPV distribution, unserved gas, the guarantee's value and (with --shapley)
    the distribution of Shapley shares; every mean and probability as "value ± standard
    error" of the Monte Carlo estimate.
    """
    from corridor import analyses

    check_options(draws=draws, tolerance=tolerance)
    run = options.run()
    loaded = options.load()
    chosen: dict[str, Any] = dict(
        draws=draws, seed=seed, run=run, shapley=shapley, tolerance=tolerance,
        games=games.split(","),
    )  # fmt: skip
    with progress_bar("draws", draws, shown=not options.json_output) as progress:
        done = analyses.risk(loaded, **chosen, progress=progress)

    def show() -> None:
        _print(loaded.title, done.result)
        _print_hazards(done.result)
        _print_contract(done.result)
        _print_leverage(done.result)
        _print_tornado(done.result.buyer, done.tornado_central_musd, done.tornado)

    options.emit("risk", loaded.name, done, show)


def _print_contract(result: RiskResult) -> None:
    e = result.contract_exposure()
    if not e:
        return
    shares = ""
    if math.isfinite(e["index_share"]):
        shares = f" ({e['index_share']:.0%} index, {e['basis_share']:.0%} basis)"
    console().print(f"contract exposure of {e['actor']} (sd across draws, USD m): NPV "
                  f"{e['npv_sd_musd']:,.0f}; its gas at the contract price "
                  f"{e['contract_sd_musd']:,.0f}, at the alternative "
                  f"{e['alternative_sd_musd']:,.0f}; the margin between them "
                  f"{e['margin_sd_musd']:,.0f}{shares}: index {e['index_sd_musd']:,.0f}, "
                  f"basis {e['basis_sd_musd']:,.0f}")  # fmt: skip


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


def _print_hazards(result: RiskResult) -> None:
    """Termination and the value of each risk-sharing instrument to each actor."""
    from rich.table import Table

    t = result.termination()
    if t and t["prob_termination"] > 0:
        ended = _chance(t["prob_termination"], t["prob_termination_se"], len(result.draws))
        years = _pm(t["expected_operating_years"], t["expected_operating_years_se"], ".2f")
        stopped = _pm(t["expected_stopped_bcm"], t["expected_stopped_bcm_se"], ",.1f")
        console().print(f"termination: P(the flow stops for good) {ended}; expected operating "
                      f"years {years}; gas not delivered after it {stopped} bcm (P95 "
                      f"{t['p95_stopped_bcm']:,.1f})")  # fmt: skip
    values = result.instruments()
    if not values:
        return
    table = Table(title="Value of each instrument (mean change in NPV, USD m ± s.e.)",
                  title_justify="left")  # fmt: skip
    table.add_column("instrument")
    for actor in result.actors:
        table.add_column(actor, justify="right")
    for name, per_actor in values.items():
        cells = [
            f"{per_actor[a]['mean_musd']:,.1f} ± {per_actor[a]['se_musd']:,.1f}"
            if a in per_actor and math.isfinite(per_actor[a]["se_musd"])
            else (f"{per_actor[a]['mean_musd']:,.1f}" if a in per_actor else "—")
            for a in result.actors
        ]
        table.add_row(name, *cells)
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
            mean = _money(row.mean_musd_per_yr)
            if math.isfinite(row.mean_musd_per_yr_se):
                mean += f" ± {_money(row.mean_musd_per_yr_se)}"
            money = (row.p10_musd_per_yr, row.p50_musd_per_yr, row.p90_musd_per_yr)
            n = len(result.draws)
            defined = round(row.share_defined * n) if math.isfinite(row.share_defined) else 0
            shares = [_chance(row.share_zero, row.share_zero_se, defined) if defined else "—",
                      _chance(row.share_defined, row.share_defined_se, n)]  # fmt: skip
            table.add_row(row.player, _QUANTITY_LABELS[row.quantity], mean,
                          *map(_money, money), *shares)  # fmt: skip
        console().print(table)


def _print(title: str, result: RiskResult) -> None:
    from rich.table import Table

    console().print(f"[bold]{title}[/bold]  ({result.scenario}); {len(result.draws)} draws, "
                  f"seed {result.seed}; means and probabilities ± one standard error")  # fmt: skip
    _print_stopping(result)
    for guaranteed in (False, True):
        frame = result.npv_summary(guaranteed)
        if frame.empty:
            continue
        label = "with the guarantee" if guaranteed else "without guarantee"
        table = Table(title=f"NPV by actor, {label} (USD m)", title_justify="left")
        for column in ("actor", "mean", "P5", "P50", "P95", "P(loss)"):
            table.add_column(column, justify="left" if column == "actor" else "right")
        for row in frame.itertuples(index=False):
            quantiles = (row.p5_musd, row.p50_musd, row.p95_musd)
            table.add_row(row.actor, _pm(row.mean_musd, row.mean_musd_se, ",.0f"),
                          *(f"{v:,.0f}" for v in quantiles),
                          _chance(row.prob_loss, row.prob_loss_se, len(result.draws)))  # fmt: skip
        console().print(table)
    u = result.unserved()
    gas = _pm(u["expected_unserved_bcm"], u["expected_unserved_bcm_se"], ".2f")
    cut = _pm(u["prob_any_disruption"], u["prob_any_disruption_se"], ".1%")
    console().print(f"unserved pipeline gas: expected {gas} bcm over the deal "
                  f"(P95 {u['p95_unserved_bcm']:.2f}); P(any cut) {cut}")  # fmt: skip
    g = result.guarantee_value()
    if g:
        show = {k: _pm(g[k], g[f"{k}_se"], ".1%" if k.startswith("prob") else ",.1f")
                for k in ("expected_payout_musd", "cost_musd", "break_even_cost_musd_per_yr",
                          "mean_gain_musd", "prob_loss_without", "prob_loss_with")}  # fmt: skip
        console().print(f"guarantee for {result.buyer}: expected payouts "
                      f"{show['expected_payout_musd']} USD m against a cost of "
                      f"{show['cost_musd']} (present values); fair price "
                      f"{show['break_even_cost_musd_per_yr']} USD m/yr")  # fmt: skip
        console().print(f"  mean change in {result.buyer}'s NPV {show['mean_gain_musd']} "
                      f"USD m net of its cost; at P5 {g['p5_gain_musd']:,.1f}; P(loss) "
                      f"{show['prob_loss_without']} -> {show['prob_loss_with']}")  # fmt: skip
    shares = result.shapley_summary()
    if not shares.empty:
        table = Table(title="Shapley shares across draws", title_justify="left")
        for column in ("player", "mean", "P5", "P50", "P95", "mean USD m/yr"):
            table.add_column(column, justify="left" if column == "player" else "right")
        for row in shares.itertuples(index=False):
            shares_of = (row.p5_share, row.p50_share, row.p95_share)
            cells = [f"{v:.1%}" if math.isfinite(v) else "—" for v in shares_of]
            table.add_row(row.player, _pm(row.mean_share, row.mean_share_se, ".1%"), *cells,
                          _pm(row.mean_musd_per_yr, row.mean_musd_per_yr_se, ",.1f"))  # fmt: skip
        console().print(table)


def _pm(value: float, se: float, spec: str) -> str:
    """``value ± se`` in the format ``spec`` ("—" for a value that is not a number)."""
    if not math.isfinite(value):
        return "—"
    return f"{value:{spec}} ± {se:{spec}}" if math.isfinite(se) else f"{value:{spec}}"


def _chance(p: float, se: float, n: int) -> str:
    """A probability ± its standard error; at 0 or 1 (no spread) the 95 % bound 3/n."""
    if p == 0.0:
        return f"0.0% (< {3 / n:.1%})"
    if p == 1.0:
        return f"100.0% (> {1 - 3 / n:.1%})"
    return _pm(p, se, ".1%")


def _print_stopping(result: RiskResult) -> None:
    stop = result.stopping()
    if stop["stopped_on"] == "draws":
        return
    why = "the tolerance was met" if stop["stopped_on"] == "tolerance" else "the cap was reached"
    console().print(f"stopped after {len(result.draws):,} draws: {why} (largest standard error "
                  f"of a mean NPV {stop['max_npv_se_musd']:,.1f} USD m; tolerance "
                  f"{stop['tolerance_musd']:,.1f}, cap {stop['draws_cap']:,} draws)")  # fmt: skip


__all__ = [
    "risk",
]
