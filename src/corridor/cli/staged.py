"""``corridor staged``: the year each option link is built, regime by regime, and its NPV."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from corridor.cli.common import console
from corridor.cli.scenario_options import ScenarioOptions, scenario_command

if TYPE_CHECKING:
    from corridor.analyses import StagedAnalysis


@scenario_command()
def staged(
    options: ScenarioOptions,
    after: Annotated[
        str,
        typer.Option(
            help="What holds from the last regime to the horizon's end: 'last' (that regime) "
            "or 'as-written' (the scenario as its file writes it)."
        ),
    ] = "last",
    relaxed: Annotated[
        bool,
        typer.Option(
            "--relaxed",
            help="Solve the LP relaxation (builds may be fractional) instead of the MILP.",
        ),
    ] = False,
) -> None:
    """When to build each option link over the regimes: a MILP of dated, lumpy builds.

    The periods are the scenario's [[regimes]]; each option link is built at most once, at a
    period's start, its capex paid then. Prints the year each link is built (or never) and the
    NPV (USD m) of that plan against building now what the static model builds, or everything.
    """
    from corridor import analyses

    loaded = options.load()
    done = analyses.staged(loaded, after=after, lumpy=not relaxed)
    options.emit("staged", loaded.name, done, lambda: _print(done))


def _print(done: StagedAnalysis) -> None:
    from rich.table import Table

    show = console().print
    plan = done.plan
    columns, rows, binaries = plan.size
    kind = f"MILP, {binaries} binaries" if plan.lumpy else "LP relaxation"
    show(f"[bold]{done.scenario.title}[/bold]  ({done.scenario.name}): {len(done.periods)} "
         f"periods to {done.periods[-1].end.isoformat()} (after the last regime: "
         f"{done.after}); {kind}, {columns} columns, {rows} rows")  # fmt: skip
    builds = Table(title="Build plan (capex paid at the start of the build period)",
                   title_justify="left")  # fmt: skip
    for column in ("link", "commodity", "capex USD m", "built", "period", "capex PV USD m"):
        builds.add_column(column, justify="right" if "USD" in column else "left")
    for row in plan.builds.itertuples():
        when = "never" if row.build_start is None else str(row.build_start)[:4]
        share = "" if not 0 < row.built_share < 1 else f" ({row.built_share:.2f})"
        builds.add_row(row.link, row.commodity, f"{row.capex_musd:,.0f}", when + share,
                       row.build_period or "", f"{row.capex_pv_musd:,.0f}")  # fmt: skip
    show(builds)
    periods = Table(title="Welfare per period (USD m/yr)", title_justify="left")
    for column in ("period", "from", "years", "operating", "capex annuity", "net"):
        periods.add_column(column, justify="left" if column in ("period", "from") else "right")
    for row in plan.periods.itertuples():
        periods.add_row(row.period, row.start, f"{row.duration_yr:.2f}",
                        f"{row.operating_welfare_musd_per_yr:,.1f}",
                        f"{row.capex_annuity_musd_per_yr:,.1f}",
                        f"{row.net_welfare_musd_per_yr:,.1f}")  # fmt: skip
    show(periods)
    npv = done.comparison()
    static = ", ".join(done.static_links) or "nothing"
    show(f"NPV of the staged plan: {npv['staged']:,.0f} USD m; building now what the static "
         f"model builds ({static}): {npv['static_now']:,.0f}; building every option link now: "
         f"{npv['everything_now']:,.0f}")  # fmt: skip


__all__ = ["staged"]
