"""``corridor power``: who holds leverage over a corridor (Shapley value, nucleolus, ...)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from corridor.cli.common import console, parse_id_list, print_json, progress_bar
from corridor.errors import InputError
from corridor.games.limits import MAX_EXACT_PLAYERS

if TYPE_CHECKING:
    from corridor.games import PowerReport
    from corridor.scenario import Scenario


DEFAULT_CHECKPOINT = Path("out") / "checkpoints"


def register(app: typer.Typer) -> None:
    """Add ``corridor power`` to ``app``."""
    app.command("power")(power)


def power(
    scenario: Annotated[
        str | None,
        typer.Argument(help="Bundled scenario name or path to a TOML file (default: korea-2011)."),
    ] = None,
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
    ] = MAX_EXACT_PLAYERS,
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
) -> None:
    """Coalition values and solution concepts per player, with transit-fee benchmarks."""
    from corridor.games import coalition_values, power_report, sample_shapley
    from corridor.games.power import parse_concepts
    from corridor.market import MarketModel
    from corridor.scenario import load_scenario

    loaded = load_scenario(scenario)
    chosen_players = parse_id_list(players, "--players")
    chosen_concepts = parse_concepts(concepts)
    if method not in ("exact", "sample"):
        raise InputError(f"--method: unknown method {method!r} (exact or sample)")
    if workers < 1:
        raise InputError("--workers: must be at least 1")
    commodities = [commodity] if commodity else [c.id for c in loaded.commodities]
    model = MarketModel(loaded)
    reports = []
    for item in commodities:
        game_commodity = item if len(loaded.commodities) > 1 or commodity else None
        if method == "exact":
            with progress_bar("coalition LPs", 0, shown=not json_output) as progress:
                values = coalition_values(
                    model, chosen_players, workers=workers, scheduler=scheduler,
                    checkpoint=checkpoint, resume=resume, commodity=game_commodity,
                    max_players=max_exact, progress=progress,
                )  # fmt: skip
            if save is not None:
                target = save if len(commodities) == 1 else _suffixed(save, item)
                values.save(target)
            reports.append(power_report(loaded, values, concepts=chosen_concepts))
        else:
            with progress_bar("permutations", max_permutations, shown=not json_output) as progress:
                sampled = sample_shapley(
                    model, chosen_players, seed=seed, tolerance=tolerance,
                    max_permutations=max_permutations, workers=workers, scheduler=scheduler,
                    checkpoint=checkpoint, resume=resume, commodity=game_commodity,
                    progress=progress,
                )  # fmt: skip
            reports.append(
                power_report(
                    loaded, sampled=sampled, concepts=chosen_concepts, commodity=game_commodity
                )
            )
    if json_output:
        print_json(
            {
                "schema": "corridor.power/1",
                "scenario": loaded.name,
                "method": method,
                "units": {"value": "USD m/yr"},
                "games": [_report_json(r) for r in reports],
            }
        )
        return
    for report in reports:
        _print_report(loaded, report)


def _suffixed(path: Path, commodity: str) -> Path:
    return path.with_name(f"{path.stem}-{commodity}{path.suffix or '.npz'}")


def _clean(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if hasattr(value, "item"):
        return _clean(value.item())
    return value


def _report_json(report: PowerReport) -> dict[str, Any]:
    return {
        "commodity": report.commodity,
        "players": list(report.players),
        "grand_coalition_musd_per_yr": report.grand_musd_per_yr,
        "shapley_in_core": report.shapley_in_core,
        "least_core_epsilon_musd_per_yr": report.least_core_epsilon,
        "players_table": [
            {k: _clean(v) for k, v in row.items()} for row in report.table.to_dict(orient="records")
        ],
        "benchmarks": [
            {k: _clean(v) for k, v in row.items()}
            for row in report.benchmarks.to_dict(orient="records")
        ],
        "notes": list(report.notes),
    }


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
