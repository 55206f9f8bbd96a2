"""``corridor report``: one self-contained HTML file with every analysis that can run."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path
from typing import Annotated

import typer

from corridor.analyses import LIMITS
from corridor.cli.checks import check_options
from corridor.cli.common import StageOpt, console, parse_id_list, progress_bar, write_atomic
from corridor.cli.scenario_options import ScenarioOptions, scenario_command


@scenario_command(outputs=False, as_of=False)
def report(
    options: ScenarioOptions,
    out: Annotated[Path, typer.Option(help="Write DIR/<scenario>/report.html.")] = Path("out"),
    coalition: Annotated[
        str | None, typer.Option(help="Actor ids for the market run, e.g. RU,KR (default: all).")
    ] = None,
    negotiation: Annotated[
        str | None,
        typer.Option(
            help="Scenario whose negotiation section to use when SCENARIO has none"
            " (e.g. six-party-2011).",
        ),
    ] = None,
    draws: Annotated[
        int, typer.Option(help="Monte Carlo draws of the risk analysis.")
    ] = LIMITS.risk_draws,
    seed: Annotated[int, typer.Option(help="Seed of every random draw.")] = 0,
    stage: StageOpt = "both",
) -> None:
    """Write one self-contained HTML report of a scenario.

    One file (plotly.js inside, works offline) with the map, flows, welfare split, the
    other analyses as far as they can run, key tables and every source.
    """
    from corridor.analyses import negotiation_of
    from corridor.report import ANALYSES, Options, build_panels, render_report

    check_options(draws=draws)
    from corridor.games.stages import parse_stage

    parse_stage(stage)  # a bad --stage is refused before any analysis runs
    loaded = options.load()
    chosen = Options(
        coalition=parse_id_list(coalition, "--coalition"), draws=draws, seed=seed, stage=stage
    )
    if negotiation is not None:
        other, source = negotiation_of(negotiation)
        chosen = dataclasses.replace(chosen, negotiation=other, negotiation_source=source)
    started = itertools.count(1)
    with progress_bar("report", len(ANALYSES)) as update:
        panels, unavailable = build_panels(
            loaded, options=chosen, progress=lambda _: update(next(started), len(ANALYSES))
        )
    target = out / loaded.name / "report.html"
    write_atomic(target, render_report(loaded, panels, unavailable))
    shown = ", ".join(panel.key for panel in panels)
    console().print(f"wrote {target} (sections: {shown})")
    for name, why in unavailable.items():
        console().print(f"  not shown: {name}: {why}", markup=False)


__all__ = [
    "report",
]
