"""``corridor negotiate``: where multi-party talks are likely to land, model by model."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated, Any

import typer

from corridor.analyses import LIMITS
from corridor.cli.checks import Bound, check_options
from corridor.cli.common import console, progress_bar
from corridor.cli.scenario_options import ScenarioOptions, scenario_command
from corridor.errors import InputError
from corridor.negotiation.models import MODEL_NAMES
from corridor.negotiation.stopping import (
    CONVERGED,
    CYCLE,
    DEFAULT_TOLERANCE,
    FIXED,
    ROUND_CAP,
    STATIC,
    STOPS,
)

if TYPE_CHECKING:
    from corridor.negotiation import ModelResult, SensitivityResult
    from corridor.scenario.model import Scenario
    from corridor.scenario.negotiation_model import Negotiation


DEFAULT_NEGOTIATION_SCENARIO = "six-party-2011"

ScenarioArg = Annotated[
    str | None,
    typer.Argument(
        help="Bundled scenario name or path to a TOML file "
        f"(default: {DEFAULT_NEGOTIATION_SCENARIO})."
    ),
]


def register(app: typer.Typer) -> None:
    """Add the commands of this module to ``app``."""
    app.command("negotiate")(negotiate)


@scenario_command(scenario=ScenarioArg, as_of=False)
def negotiate(
    options: ScenarioOptions,
    model: Annotated[str, typer.Option(help=f"One of {', '.join(MODEL_NAMES)} or all.")] = "all",
    rounds: Annotated[
        int,
        typer.Option(
            help="Rounds of the expected-utility and exchange models: the cap with "
            "--stop converge, exactly this many with --stop fixed."
        ),
    ] = LIMITS.rounds,
    stop: Annotated[
        str,
        typer.Option(
            help="converge: stop when the positions converge or cycle (forecast: the "
            "median then, or its mean over the cycle); fixed: run exactly --rounds."
        ),
    ] = "converge",
    tolerance: Annotated[
        float,
        typer.Option(
            help="Largest move (scale points) that counts as standing still or as a repeated state."
        ),
    ] = DEFAULT_TOLERANCE,
    draws: Annotated[
        int,
        typer.Option(help="Monte Carlo draws over the coded inputs (0: none)."),
    ] = 0,
    seed: Annotated[int, typer.Option(help="Seed of the Monte Carlo draws.")] = 0,
) -> None:
    """Forecast each negotiation issue per model; print round histories and sensitivity."""
    from corridor import analyses

    check_options(
        {
            "draws": Bound(0, LIMITS.max_negotiation_draws),
            "tolerance": Bound(0, LIMITS.max_tolerance, unit="scale points"),
        },
        rounds=rounds,
        draws=draws,
        tolerance=tolerance,
    )
    if stop not in STOPS:
        raise InputError(f"--stop: {stop!r} is not one of {', '.join(STOPS)}")
    names = _model_names(model)
    loaded, title, negotiation = load_negotiation(options)
    shown = not options.json_output and draws > 0
    with progress_bar("Monte Carlo", draws, shown=shown) as update:
        done = analyses.negotiate(
            negotiation, models=names, rounds=rounds, stop=stop, tolerance=tolerance,
            draws=draws, seed=seed, title=title, progress=lambda n: update(n, draws),
        )  # fmt: skip
    from corridor.cli.negotiate_package import print_package, print_patrons

    package = analyses.package_analysis(loaded)  # the scenario loaded once, for both
    document = {**done.to_dict(), **package.to_dict()}

    def show() -> None:
        print_forecasts(title, negotiation, done.results)
        print_endings(done.results)
        for result in done.results.values():
            print_history(negotiation, result)
        if done.sensitivity is not None:
            print_sensitivity(done.sensitivity, draws, seed)
        print_package(package)
        print_patrons(package)

    options.emit("negotiate", loaded.name, done, show, document=document, also=(package,))


def _model_names(text: str) -> list[str]:
    if text == "all":
        return list(MODEL_NAMES)
    if text not in MODEL_NAMES:
        raise InputError(f"--model: {text!r} is not one of {', '.join(MODEL_NAMES)}, all")
    return [text]


def load_negotiation(options: ScenarioOptions) -> tuple[Scenario, str, Negotiation]:
    """Load the scenario of ``options`` (default: six-party-2011) and its negotiation.

    Returns the scenario (with the ``--set`` and ``--drop`` overrides), its title and its
    :class:`Negotiation`. Raises ScenarioError for an invalid file and InputError when the
    scenario has no ``[negotiation]`` section.
    """
    from corridor.analyses import negotiation_for

    scenario = options.load(options.scenario or DEFAULT_NEGOTIATION_SCENARIO)
    negotiation, source = negotiation_for(scenario)
    title = scenario.title if source == scenario.name else f"{scenario.title} (talks: {source})"
    return scenario, title, negotiation


# --- printing ---------------------------------------------------------------------------
def _fmt(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:.1f}"


STATUS_MARKS = {CONVERGED: "✓", CYCLE: "↻", ROUND_CAP: "!", FIXED: "#"}
"""The mark after an iterated model's forecast; the cycle's takes its period after it."""


def forecast_status(row: Any) -> str:
    """The mark printed after a forecast ('' for a static model): see :data:`STATUS_MARKS`."""
    status = str(row["status"])
    mark = STATUS_MARKS.get(status, "")
    if status == CYCLE:
        mark += str(int(row["period"]))
    return f" {mark}" if mark else ""


def print_forecasts(title: str, negotiation: Negotiation, results: dict[str, ModelResult]) -> None:
    """Print one row per issue with each model's forecast (0–100)."""
    from rich.table import Table

    table = Table(title=f"{title}: forecasts (0–100)")
    table.add_column("issue", no_wrap=True)  # the id; its name and end points follow below
    table.add_column("status quo", justify="right")
    columns: list[tuple[str, str, str]] = []
    for name in results:
        if name == "compromise":
            columns += [("compromise (mean)", name, "mean"), ("weighted median", name, "median")]
        else:
            columns.append((name, name, "forecast"))
    for header, name, _ in columns:
        iterated = (results[name].forecast["status"] != STATIC).any()
        table.add_column(header, justify="right", min_width=8 if iterated else None)
    for issue in negotiation.issues:
        cells = [issue.id, _fmt(issue.status_quo)]
        for _, name, column in columns:
            rows = results[name].forecast
            match = rows.loc[rows["issue"] == issue.id]
            if match.empty:
                cells.append("n/a")
                continue
            row = match.iloc[0]
            cells.append(_fmt(float(row[column])) + forecast_status(row))
        table.add_row(*cells)
    console().print(table)
    if any((r.forecast["status"] != STATIC).any() for r in results.values()):
        console().print(
            "  ✓ converged; ↻p cycles with period p (the forecast is the mean over the cycle); "
            "! not converged by the round cap (the last round's value); # a fixed number of "
            "rounds (--stop fixed)",
            markup=False,
        )
    for issue in negotiation.issues:
        console().print(
            f"  {issue.id}: {issue.name}. 0 = {issue.low_label}; 100 = {issue.high_label}",
            markup=False,
        )


def print_endings(results: dict[str, ModelResult]) -> None:
    """Print how the iterated models' rounds ended: status, round, period and range."""
    from rich.table import Table

    table = Table(title="how the rounds ended (forecast rule)")
    for column in ("model", "issue", "status", "stopped at round", "period", "range", "mean"):
        table.add_column(
            column, justify="left" if column in ("model", "issue", "status") else "right"
        )
    for result in results.values():
        for row in result.forecast.itertuples():
            if row.status == STATIC:
                continue
            table.add_row(
                str(row.model),
                str(row.issue),
                str(row.status),
                str(row.rounds),
                str(row.period) if row.period else "—",
                f"{_fmt(row.forecast_low)}–{_fmt(row.forecast_high)}",
                _fmt(row.forecast_mean),
            )
    if table.row_count:
        console().print(table)


def print_history(negotiation: Negotiation, result: ModelResult) -> None:
    """Print a model's round history (expected utility, exchange) or utilities (Nash)."""
    from rich.table import Table

    if result.model == "eu":
        for issue in negotiation.issue_ids:
            table = Table(title=f"expected utility, {issue}: rounds")
            for column in ("round", "median", "mean", "moves"):
                table.add_column(column, justify="left" if column == "moves" else "right")
            steps = result.trajectory[result.trajectory["issue"] == issue]
            events = result.history[result.history["issue"] == issue]
            for _, step in steps.iterrows():
                moved = events[
                    (events["round"] == step["round"])
                    & ((events["position_after"] - events["position_before"]).abs() >= 0.05)
                ]
                moves = "; ".join(
                    f"{e.actor} {e.position_before:.1f}→{e.position_after:.1f} "
                    f"({e.outcome} with {e.counterpart})"
                    for e in moved.itertuples()
                )
                table.add_row(str(step["round"]), _fmt(step["median"]), _fmt(step["mean"]), moves)
            console().print(table)
    elif result.model == "exchange" and not result.history.empty:
        table = Table(title="exchange: exchanges made")
        for column in ("round", "actor", "gives on", "partner", "gives on ", "gain"):
            table.add_column(column)
        for e in result.history.itertuples():
            table.add_row(
                str(e.round),
                str(e.actor),
                f"{e.issue_given} ({e.actor_shift:+.1f})",
                str(e.counterpart),
                f"{e.issue_gained} ({e.counterpart_shift:+.1f})",
                f"{e.gain:.3f}",
            )
        console().print(table)
    elif result.model == "nash" and not result.history.empty:
        table = Table(title="Nash bargaining: utilities at the solution")
        for column in ("issues", "actor", "utility", "disagreement", "agreement"):
            table.add_column(column)
        for e in result.history.itertuples():
            table.add_row(
                str(e.issues),
                str(e.actor),
                f"{e.utility:.3f}",
                f"{e.disagreement:.3f}",
                str(e.agreement),
            )
        console().print(table)


def print_sensitivity(sensitivity: SensitivityResult, draws: int, seed: int) -> None:
    """Print the forecast distribution per model and issue and the most influential actor."""
    from rich.table import Table

    table = Table(title=f"Monte Carlo over coded inputs ({draws} draws, seed {seed})")
    for column in ("model", "issue", "base", "mean", "sd", "p05", "p95", "moved most by"):
        table.add_column(column, justify="left" if column in ("model", "issue") else "right")
    top = sensitivity.influence[sensitivity.influence["rank"] == 1]
    for row in sensitivity.summary.itertuples():
        leaders = top[(top["model"] == row.model) & (top["issue"] == row.issue)]
        who = ", ".join(
            f"{a} ({sd:.1f})" for a, sd in zip(leaders["actor"], leaders["sd"], strict=True)
        )
        table.add_row(
            str(row.model),
            str(row.issue),
            _fmt(row.base),
            _fmt(row.mean),
            _fmt(row.sd),
            _fmt(row.p05),
            _fmt(row.p95),
            who if len(leaders) < 3 else "(tie)",
        )
    console().print(table)


__all__ = [
    "DEFAULT_NEGOTIATION_SCENARIO",
    "STATUS_MARKS",
    "ScenarioArg",
    "forecast_status",
    "load_negotiation",
    "negotiate",
    "print_endings",
    "print_forecasts",
    "print_history",
    "print_sensitivity",
    "register",
]
