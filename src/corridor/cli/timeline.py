"""``corridor timeline``: each actor's value, leverage and deal NPV, regime by regime."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from corridor.cli.common import console, progress_bar
from corridor.cli.scenario_options import ScenarioOptions, scenario_command

if TYPE_CHECKING:
    from corridor.analyses import TimelineAnalysis


@scenario_command(games=True, runs=True)
def timeline(
    options: ScenarioOptions,
    sanctions_probability: Annotated[
        float | None,
        typer.Option(
            help="Option to wait: probability that a regime blocking the deal comes "
            "(default: the share of the timeline's days under such regimes, in hindsight)."
        ),
    ] = None,
) -> None:
    """Each actor's value, leverage and deal NPV regime by regime ([[regimes]], with sources).

    Value: the Shapley value per game and stage (USD m/yr); leverage: that less the
    actor's standalone value; deal NPV (USD m): zero for all where the regime blocks the deal.
    """
    from corridor import analyses

    run, players = options.run(), options.game_players()
    loaded = options.load()
    with progress_bar("regimes", len(loaded.regimes), shown=not options.json_output) as progress:
        done = analyses.timeline(
            loaded, players=players, commodity=options.commodity, stage=options.stage,
            run=run, progress=progress, sanctions_probability=sanctions_probability,
        )  # fmt: skip
    options.emit("timeline", loaded.name, done, lambda: _print(done))


def _m(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.1f}"


def _print(done: TimelineAnalysis) -> None:
    from rich.table import Table

    show = console().print
    show(f"[bold]{done.scenario.title}[/bold]  ({done.scenario.name}): "
         f"{len(done.periods)} regimes")  # fmt: skip
    regimes = Table(title="Regimes", title_justify="left")
    for column in ("regime", "from", "to", "changes", "deal"):
        regimes.add_column(column, overflow="fold", no_wrap=column in ("from", "to"))
    regime_rows = list(done.regimes().itertuples(index=False))
    for row in regime_rows:
        changes = "; ".join(part for part in (
            row.closed and f"closed: {row.closed}",
            row.unlawful_payments_to and f"no payments to {row.unlawful_payments_to}",
            row.set and f"set {row.set}",
        ) if part) or "none"  # fmt: skip
        regimes.add_row(row.regime, row.start, row.end or "…", changes,
                        row.deal_blocked or "signed")  # fmt: skip
    show(regimes)
    for row in regime_rows:
        show(f"[bold]{row.regime}[/bold] ({row.name}): {row.source}" +
             (f". {row.note}" if row.note else ""))  # fmt: skip
    values = done.values()
    for (stage, commodity), frame in values.groupby(["stage", "commodity"], sort=False):
        actors = list(dict.fromkeys(frame["actor"]))
        table = Table(title=f"{commodity} {stage}: Shapley value / leverage (USD m/yr)",
                      title_justify="left")  # fmt: skip
        table.add_column("regime", no_wrap=True)
        for actor in actors:
            table.add_column(actor, justify="right", no_wrap=True)
        for regime, rows in frame.groupby("regime", sort=False):
            by_actor = rows.set_index("actor")
            table.add_row(str(regime), *(
                f"{_m(by_actor.at[a, 'shapley_musd_per_yr'])} / "
                f"{_m(by_actor.at[a, 'leverage_musd_per_yr'])}" for a in actors
            ))  # fmt: skip
        show(table)
    npvs = done.deal_npvs()
    if npvs.empty:
        return
    table = Table(title="Deal NPV by regime (USD m; blocked: no deal, each actor's baseline)",
                  title_justify="left")  # fmt: skip
    actors = list(dict.fromkeys(npvs["actor"]))
    table.add_column("regime")
    for actor in actors:
        table.add_column(actor, justify="right")
    table.add_column("deal")
    for regime, rows in npvs.groupby("regime", sort=False):
        by_actor = rows.set_index("actor")
        table.add_row(str(regime), *(f"{by_actor.at[a, 'npv_musd']:,.0f}" for a in actors),
                      str(rows["deal"].iloc[0]))  # fmt: skip
    show(table)
    option = done.option
    if option is None:
        return
    table = Table(title="Option to wait for the deal's route (joint NPV, USD m)",
                  title_justify="left")  # fmt: skip
    for column in ("state", "probability", "build now", "wait a year"):
        table.add_column(column, justify="left" if column == "state" else "right")
    for state, p, now, wait in zip(option.states, option.probabilities, option.now_musd,
                                   option.wait_musd, strict=True):  # fmt: skip
        table.add_row(state, f"{p:.3f}", f"{now:,.0f}", f"{wait:,.0f}")
    table.add_row("expected", "", f"{option.build_now_musd:,.0f}",
                  f"{option.wait_musd_expected:,.0f}")  # fmt: skip
    show(table)
    even = done.break_even_probability
    show(
        f"value of waiting: {option.value_of_waiting_musd:,.0f} USD m "
        f"({'wait' if option.value_of_waiting_musd > 0 else 'build now'}); waiting pays above "
        f"a blocked-state probability of {'—' if even is None else f'{even:.3f}'}; {option.note}"
    )


__all__ = ["timeline"]
