"""``corridor sweep`` and ``corridor solve-for``: metrics over a grid, and break-even inputs."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from corridor.cli.collector import start_up_done
from corridor.cli.common import (
    CheckpointOpt,
    DropOpt,
    FormatOpt,
    OutDirOpt,
    ResumeOpt,
    ScenarioArg,
    SchedulerOpt,
    WorkersOpt,
    check_formats,
    console,
    print_json,
    progress_bar,
    set_option,
    write_atomic,
    write_out,
)
from corridor.cli.scenario_options import run_settings
from corridor.errors import InputError
from corridor.metrics import GRAMMAR

if TYPE_CHECKING:
    from corridor.sweep import SweepResult

__all__ = ["solve_for", "sweep"]

MetricOpt = Annotated[
    list[str],
    typer.Option("--metric", metavar="METRIC", help=f"Repeatable. One of: {GRAMMAR}."),
]
SweepSetOpt = Annotated[
    list[str] | None,
    set_option(
        "An axis when VALUE is START:STOP:N (N numbers linearly spaced, the file's unit "
        "unless the ends carry one) or v1,v2,...; several axes make a grid. Any other VALUE "
        "is a fixed change, as for every command. Repeatable."
    ),
]


def sweep(
    scenario: ScenarioArg = None,
    metric: MetricOpt = ...,  # type: ignore[assignment]  # typer's marker of a required option
    set_: SweepSetOpt = None,
    drop: DropOpt = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="DIR|FILE",
            help="Write the result to DIR/<scenario>/ in each --format (atomically); to "
            "FILE.csv or FILE.json: the points alone, in that one file.",
        ),
    ] = None,
    formats: FormatOpt = "json",
    chart: Annotated[
        Path | None, typer.Option(help="Write a line chart to FILE.html (self-contained).")
    ] = None,
    workers: WorkersOpt = 1,
    scheduler: SchedulerOpt = None,
    checkpoint: CheckpointOpt = None,
    resume: ResumeOpt = False,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON to stdout.")] = False,
) -> None:
    """Evaluate metrics at every point of a grid of --set axes; table, CSV/JSON, chart."""
    from corridor.sweep import is_axis, parse_axis
    from corridor.sweep import sweep as run_sweep

    run = run_settings(workers, scheduler, checkpoint, resume)
    one_file = out is not None and out.suffix.lower() in (".csv", ".json")
    if out is not None and out.suffix and not one_file:
        raise InputError(f"{out}: expected a .csv or .json file (or a folder)", parameter="out")
    if out is not None and not one_file:
        check_formats(formats)
    if chart is not None and chart.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"{chart}: expected an .html file", parameter="chart")
    given = set_ or []
    axes = [parse_axis(text) for text in given if is_axis(text)]
    fixed = [text for text in given if not is_axis(text)]
    if not axes:
        raise InputError("give at least one axis, e.g. --set PATH=1:3:5", parameter="set")
    total = math.prod(len(a.values) for a in axes)
    with progress_bar("points", total, shown=not json_output) as progress:
        start_up_done()  # a sweep runs long: collect as usual from here (cli.collector)
        done = run_sweep(scenario, axes, metric, overrides=fixed or None,
                         drop=drop or (), run=run, progress=progress)  # fmt: skip
    if out is not None and one_file:
        if out.suffix.lower() == ".csv":
            write_atomic(out, done.frame.to_csv(index=False))
        else:
            write_atomic(out, json.dumps(done.to_dict(), indent=2, allow_nan=False) + "\n")
    elif out is not None:
        write_out(out, formats, "sweep", done.scenario, done, json_output=json_output)
    if chart is not None:
        from corridor.report.sweep_chart import sweep_html

        write_atomic(chart, sweep_html(done))
    if json_output:
        print_json(done.to_dict())
        return
    _print_table(done)


def _print_table(done: SweepResult) -> None:
    """One row per point; axes by their last key in the header, in full in the title."""
    from rich.table import Table

    shown = ", ".join(a.path + (f" ({a.unit})" if a.unit else "") for a in done.axes)
    table = Table(title=f"Sweep of {done.scenario} over {shown}", title_justify="left",
                  show_edge=False, pad_edge=False)  # fmt: skip
    for axis in done.axes:
        table.add_column(axis.path.rsplit(".", 1)[-1], justify="right", no_wrap=True)
    for m in done.metrics:
        table.add_column(f"{m.text} ({m.unit})", justify="right")
    for row in done.frame.itertuples(index=False):
        cells = [f"{v:g}" if isinstance(v, float) else str(v) for v in row[: len(done.axes)]]
        cells += [f"{v:,.1f}" if math.isfinite(v) else "—" for v in row[len(done.axes) :]]
        table.add_row(*cells)
    console().print(table)


def solve_for(
    scenario: ScenarioArg = None,
    vary: Annotated[
        str,
        typer.Option(
            metavar="PATH=LOW:HIGH",
            help="The input to vary and its bracket, e.g. "
            "links.subsea.pipeline.segments[1].cost_factor=1:10.",
        ),
    ] = ...,  # type: ignore[assignment]  # typer's marker of a required option
    metric: Annotated[str, typer.Option(metavar="METRIC", help=f"One of: {GRAMMAR}.")] = ...,  # type: ignore[assignment]
    target: Annotated[float, typer.Option(help="The metric's value to reach.")] = ...,  # type: ignore[assignment]
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", metavar="PATH=VALUE", help="A fixed change. Repeatable."),
    ] = None,
    drop: DropOpt = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON to stdout.")] = False,
    out: OutDirOpt = None,
    formats: FormatOpt = "json",
) -> None:
    """The value of one input at which a metric reaches a target (bracketing root finder)."""
    from corridor.sweep import solve_for as run_solve

    path, sep, bracket = vary.partition("=")
    low, colon, high = bracket.partition(":")
    if not sep or not colon or not path.strip() or ":" in high:
        raise InputError(f"{vary}: expected PATH=LOW:HIGH", parameter="vary")
    if out is not None:
        check_formats(formats)
    done = run_solve(scenario, path.strip(), low, high, metric, target,
                     overrides=set_ or None, drop=drop or ())  # fmt: skip
    write_out(out, formats, "solve-for", done.scenario, done, json_output=json_output)
    if json_output:
        print_json(done.to_dict())
        return
    unit = f" {done.unit}" if done.unit else ""
    console().print(f"{done.path} = {done.value:.6g}{unit}", markup=False, soft_wrap=True)
    console().print(done.reason(), markup=False, soft_wrap=True)
