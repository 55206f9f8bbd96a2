"""``corridor power``: who holds leverage over a corridor (Shapley value, nucleolus, ...)."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from corridor.analyses import DEFAULT_CHECKPOINT, LIMITS
from corridor.cli.common import (
    DropOpt,
    ScenarioArg,
    SetOpt,
    console,
    load,
    parse_id_list,
    print_json,
    progress_bar,
)
from corridor.errors import InputError, TooManyPlayers

if TYPE_CHECKING:
    from corridor.games import PowerReport
    from corridor.scenario import Scenario


def register(app: typer.Typer) -> None:
    """Add ``corridor power`` to ``app``."""
    app.command("power")(power)


def power(
    scenario: ScenarioArg = None,
    players: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated actor ids (default: every actor that controls something; "
            "other actors are treated as always present)."
        ),
    ] = None,
    method: Annotated[
        str, typer.Option(help="exact (all 2^n coalitions) or sample (permutation sampling).")
    ] = "exact",
    concepts: Annotated[
        str | None,
        typer.Option(help="Comma-separated: shapley,banzhaf,nucleolus,least_core,myerson."),
    ] = None,
    commodity: Annotated[
        str | None,
        typer.Option(help="Only this commodity's assets (default: one table per commodity)."),
    ] = None,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address (tcp://host:8786).")
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Reuse finished chunks from the checkpoint.")
    ] = False,
    checkpoint: Annotated[
        Path, typer.Option(help="Folder for checkpoints (a sub-folder per game).")
    ] = DEFAULT_CHECKPOINT,
    max_exact: Annotated[
        int, typer.Option(help="Refuse exact enumeration above this many players.")
    ] = LIMITS.max_exact_players,
    seed: Annotated[int | None, typer.Option(help="Seed for --method sample.")] = None,
    tolerance: Annotated[
        float | None,
        typer.Option(help="Sample: stop once every standard error is below this (USD m/yr)."),
    ] = None,
    max_permutations: Annotated[int, typer.Option(help="Sample: at most this many.")] = 2000,
    save: Annotated[
        Path | None, typer.Option(help="Exact: also save the coalition values (.npz).")
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON to stdout.")] = False,
    set_: SetOpt = None,
    drop: DropOpt = None,
) -> None:
    """Coalition values and solution concepts per player, with transit-fee benchmarks."""
    from corridor import analyses
    from corridor.games.power import parse_concepts

    loaded = load(scenario, set_, drop)
    what = "coalition LPs" if method == "exact" else "permutations"
    with progress_bar(what, 0, shown=not json_output) as progress, _cli_hint():
        done = analyses.power(
            loaded, players=parse_id_list(players, "--players"), method=method,
            concepts=parse_concepts(concepts), commodity=commodity, workers=workers,
            scheduler=scheduler, checkpoint=checkpoint, resume=resume,
            max_exact_players=max_exact, seed=seed, tolerance=tolerance,
            max_permutations=max_permutations, progress=progress,
        )  # fmt: skip
    if save is not None:
        games = [v for v in done.values if v is not None]
        for values, report in zip(games, done.reports, strict=False):
            target = save if len(games) == 1 else _suffixed(save, str(report.commodity))
            values.save(target)
    if json_output:
        print_json(done.to_dict())
        return
    for report in done.reports:
        _print_report(loaded, report)


@contextlib.contextmanager
def _cli_hint() -> Iterator[None]:
    """The exact-enumeration limit, with the flags that lift it."""
    try:
        yield
    except TooManyPlayers as exc:
        raise InputError(f"{exc.reason}; use --method sample (or raise --max-exact)") from None


def _suffixed(path: Path, commodity: str) -> Path:
    return path.with_name(f"{path.stem}-{commodity}{path.suffix or '.npz'}")


def _print_report(scenario: Scenario, report: PowerReport) -> None:
    from rich.table import Table

    what = f" — {report.commodity}" if report.commodity else ""
    table = Table(
        title=f"Bargaining power in {scenario.name}{what} (USD m/yr; "
        f"v(N) = {report.grand_musd_per_yr:,.1f})",
        title_justify="left",
        show_edge=False,
        pad_edge=False,
    )
    frame = report.table
    concept_columns = [
        c for c in ("shapley", "shapley_se", "banzhaf", "nucleolus", "least_core", "myerson")
        if c in frame.columns
    ]  # fmt: skip
    # short headers and no_wrap numbers: the table fits 80 columns with six concepts
    table.caption = "* transit actor; payment: the transit actor's implied annual payment"
    table.caption_justify = "left"
    table.add_column("player", no_wrap=True)
    for column in concept_columns:
        header = column.replace("_se", " ±se").replace("_", " ")
        table.add_column(header, justify="right", no_wrap=True)
    table.add_column("share", justify="right", no_wrap=True)
    table.add_column("payment", justify="right", no_wrap=True)
    for row in frame.to_dict(orient="records"):
        payment = row["implied_payment_musd_per_yr"]
        table.add_row(
            str(row["player"]) + ("*" if row["transit"] else ""),
            *(f"{row[c]:,.1f}" for c in concept_columns),
            f"{row['shapley_share']:.1%}",
            "—" if payment is None or math.isnan(payment) else f"{payment:,.1f}",
        )
    console().print(table)
    if report.shapley_in_core is not None:
        eps = report.least_core_epsilon or 0.0
        core = "non-empty" if eps <= 1e-6 * max(1.0, abs(report.grand_musd_per_yr)) else "empty"
        where = "inside" if report.shapley_in_core else "outside"
        console().print(
            f"core: {core} (least-core epsilon {eps:,.2f} USD m/yr); "
            f"the Shapley value lies {where} the core"
        )
    if len(report.benchmarks):
        bench = Table(title="Published transit fees next to the model", title_justify="left")
        for column in ("actor", "published", "model (Shapley)", "source"):
            bench.add_column(column, justify="right" if column != "source" else "left")
        for row in report.benchmarks.to_dict(orient="records"):
            published = f"{row['value']:,.0f}"
            if row["low"] is not None and not math.isnan(row["low"]):
                published += f" ({row['low']:,.0f}–{row['high']:,.0f})"
            bench.add_row(
                row["actor"], published, f"{row['model_musd_per_yr']:,.1f}", row["source"]
            )
        console().print(bench)
    for note in report.notes:
        console().print(f"note: {note}")


__all__ = [
    "power",
    "register",
]
