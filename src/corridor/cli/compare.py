"""``corridor compare``: two scenarios, or one with and without overrides, side by side."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated

import typer

from corridor.cli.common import ConceptsOpt, StageOpt, console, load, progress_bar
from corridor.cli.scenario_options import ScenarioOptions, scenario_command
from corridor.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from corridor.compare import Comparison

_TOL = 1e-5
"""USD m/yr (ten dollars a year): coalition values are settled on a grid of 2^-20 USD m/yr
(:data:`corridor.games.values.VALUE_QUANTUM_MUSD_PER_YR`), so two games that share a
player's every marginal contribution can still give it values a few grid steps apart."""


@scenario_command(scenario=None, as_of=False)
def compare(
    options: ScenarioOptions,
    a: Annotated[str, typer.Argument(help="Bundled scenario name or path to a TOML file.")],
    b: Annotated[
        str | None,
        typer.Argument(help="The other scenario (default: A itself, changed by --set and --drop)."),
    ] = None,
    stage: StageOpt = "both",
    concepts: ConceptsOpt = None,
) -> None:
    """Welfare, power, fee bounds and NPVs of A and B side by side, and the inputs that differ.

    --set and --drop change B (or, without B, a copy of A): `corridor compare korea-2011
    --set links.subsea.pipeline.segments[1].cost_factor=2` compares the file with that
    variant.
    """
    from corridor.compare import compare as run_compare
    from corridor.games.power import parse_concepts

    if b is None and not options.set_ and not options.drop:
        raise InputError("give a second scenario B, or --set/--drop to compare A with a variant")
    first = load(a)
    second = options.load(b if b is not None else a)
    chosen = parse_concepts(concepts) if concepts is not None else None
    with progress_bar("analyses", 6, shown=not options.json_output) as progress:
        done = run_compare(first, second, stage=stage, concepts=chosen, progress=progress)
    folder = first.name if second.name == first.name else f"{first.name}-vs-{second.name}"
    options.emit("compare", folder, done, lambda: _print(done))


def _num(value: float) -> str:
    return "—" if not math.isfinite(value) else f"{value:,.1f}"


def _table(title: str, frame: pd.DataFrame, keys: list[str], *, changed_only: bool) -> None:
    from rich.table import Table

    shown = frame
    if changed_only:
        moved = ~(frame["difference"].abs() <= _TOL)  # NaN (one side only) counts as changed
        shown = frame[moved]
        if shown.empty:
            console().print(f"{title}: no difference ({len(frame)} values)")
            return
        title += f" (the {len(shown)} of {len(frame)} that differ)"
    table = Table(title=title, title_justify="left", show_edge=False, pad_edge=False)
    for key in keys:
        table.add_column(key)
    for column in ("a", "b", "difference"):
        table.add_column(column, justify="right")
    for row in shown.itertuples(index=False):
        cells = [str(getattr(row, key)) for key in keys]
        table.add_row(*cells, _num(row.a), _num(row.b), _num(row.difference))
    console().print(table)


def _print(done: Comparison) -> None:
    from rich.table import Table

    out = console()
    out.print(f"[bold]a[/bold]: {done.a}", markup=True, highlight=False)
    out.print(f"[bold]b[/bold]: {done.b}", markup=True, highlight=False)
    if done.inputs.empty:
        out.print("inputs: none differ")
    else:
        table = Table(title=f"Inputs that differ ({len(done.inputs)})", title_justify="left",
                      show_edge=False, pad_edge=False)  # fmt: skip
        for column in ("path", "a", "b"):
            table.add_column(column, overflow="fold")
        for row in done.inputs.itertuples(index=False):
            table.add_row(row.path, row.a, row.b)
        out.print(table)
    _table("Welfare (USD m/yr)", done.welfare, ["commodity"], changed_only=False)
    _table("Power (USD m/yr)", done.power, ["commodity", "stage", "actor", "concept"],
           changed_only=True)  # fmt: skip
    if not done.fees.empty:
        _table("Fee bounds of the deal (USD m/yr)", done.fees, ["quantity"], changed_only=False)
    if not done.npv.empty:
        _table("NPV of the deal by actor (USD m)", done.npv, ["actor"], changed_only=False)
    for note in done.notes:
        out.print(note, markup=False)


__all__ = ["compare"]
