"""``corridor power --tornado``: the leverage tornado's table, CSV, chart and JSON."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from corridor.cli.common import console, print_json, progress_bar, write_atomic

if TYPE_CHECKING:
    import pandas as pd

    from corridor.execution import RunSettings
    from corridor.scenario import Scenario

__all__ = ["SHOWN_ROWS", "print_tornado", "run_tornado"]

SHOWN_ROWS = 25
"""Rows of the printed table and the chart (largest swings); --out and --json have all."""


def run_tornado(
    scenario: Scenario,
    *,
    concept: str,
    stage: str,
    commodity: str | None,
    actors: list[str] | None,
    run: RunSettings,
    out: Path | None,
    chart: Path | None,
    json_output: bool,
) -> None:
    """Run :func:`corridor.tornado.tornado` and show it as asked."""
    from corridor.tornado import tornado

    with progress_bar("power analyses", 0, shown=not json_output) as progress:
        done = tornado(scenario, concept=concept, stage=stage, commodity=commodity,
                       actors=actors, run=run,
                       progress=progress)  # fmt: skip
    if out is not None:
        write_atomic(out, done.table.to_csv(index=False))
    if chart is not None:
        import plotly.io as pio

        from corridor.report.analyses import leverage_figure

        figure = leverage_figure(done.table.head(SHOWN_ROWS), concept=concept,
                                 title=f"Leverage tornado: {scenario.name}")  # fmt: skip
        write_atomic(chart, pio.to_html(figure, include_plotlyjs=True, full_html=True))
    if json_output:
        print_json(done.to_dict())
        return
    print_tornado(done.table, concept, scenario.name)
    for note in done.notes:
        console().print(note, markup=False, highlight=False)


def print_tornado(table: pd.DataFrame, concept: str, name: str) -> None:
    """The inputs with their ranges, then the largest swings: values at both ends."""
    from rich.table import Table

    out = console()
    ranges = table.drop_duplicates("input")
    for r in ranges.itertuples(index=False):
        out.print(f"{r.input}: {r.central:g} {r.unit} (range {r.low:g} – {r.high:g})",
                  markup=False, highlight=False)  # fmt: skip
    moved = table[table["swing_musd_per_yr"] > 0]
    shown = moved.head(SHOWN_ROWS)
    title = (f"What moves each actor's {concept} value in {name} (USD m/yr; the largest "
             f"{len(shown)} of {len(table)} swings)")  # fmt: skip
    grid = Table(title=title, title_justify="left", show_edge=False, pad_edge=False)
    for column in ("input", "game", "actor", "at low", "central", "at high", "swing"):
        wraps = column in {"input", "game"}
        grid.add_column(column, justify="right" if column.startswith(("at", "c", "s")) else "left",
                        overflow="fold" if wraps else "ellipsis", no_wrap=not wraps)  # fmt: skip
    for r in shown.itertuples(index=False):
        grid.add_row(
            r.input, f"{r.commodity} {r.stage}", r.actor, f"{r.value_low_musd_per_yr:,.1f}",
            f"{r.value_musd_per_yr:,.1f}", f"{r.value_high_musd_per_yr:,.1f}",
            f"{r.swing_musd_per_yr:,.1f}",
        )  # fmt: skip
    out.print(grid)
    if len(moved) < len(table):
        out.print(f"{len(table) - len(moved)} rows with no swing are left out (--out, --json: all)")
