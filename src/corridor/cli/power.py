"""``corridor power``: who holds leverage over a corridor (Shapley value, nucleolus, ...)."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from corridor.analyses import DEFAULT_CHECKPOINT, LIMITS
from corridor.cli.checks import check_options
from corridor.cli.common import ConceptsOpt, console, parse_id_list, progress_bar
from corridor.cli.scenario_options import ScenarioOptions, scenario_command
from corridor.errors import InputError, TooManyPlayers

if TYPE_CHECKING:
    from corridor.analyses import PowerAnalysis
    from corridor.games import PowerReport
    from corridor.games.holdup import HoldUp
    from corridor.scenario import Scenario


PowerOutOpt = Annotated[
    Path | None,
    typer.Option(
        help="Write DIR/<scenario>/ in each --format (atomically); with --tornado: "
        "write the table to this .csv file."
    ),
]
"""``corridor power --out``: the exports' folder, or with ``--tornado`` the table's .csv file."""


@scenario_command(out=PowerOutOpt, games=True, runs=True, checkpoint=DEFAULT_CHECKPOINT)
def power(
    options: ScenarioOptions,
    method: Annotated[
        str, typer.Option(help="exact (all 2^n coalitions) or sample (permutation sampling).")
    ] = "exact",
    concepts: ConceptsOpt = None,
    built: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated link ids sunk ex-post (default: the links the grand "
            "coalition uses)."
        ),
    ] = None,
    build_years: Annotated[
        float | None,
        typer.Option(
            help="Years to build the deal's bypass (default: the bypass link's build_time, else 3)."
        ),
    ] = None,
    max_exact: Annotated[
        int, typer.Option(help="Refuse exact enumeration above this many players.")
    ] = LIMITS.max_exact_players,
    seed: Annotated[int | None, typer.Option(help="Seed for --method sample.")] = None,
    tolerance: Annotated[
        float | None,
        typer.Option(help="Sample: stop once every standard error is below this (USD m/yr)."),
    ] = None,
    max_permutations: Annotated[int, typer.Option(help="Sample: at most this many.")] = 2000,
    variance_reduction: Annotated[
        str,
        typer.Option(
            help="Sample: none (independent permutations) or antithetic (each order and its "
            "reverse; smaller errors for the same LPs)."
        ),
    ] = "none",
    save: Annotated[
        Path | None, typer.Option(help="Exact: also save the coalition values (.npz).")
    ] = None,
    tornado: Annotated[
        bool,
        typer.Option(
            "--tornado",
            help="Instead: each ranged input at its low and high "
            "end, one at a time, and how far it moves each actor's value.",
        ),
    ] = False,
    concept: Annotated[str, typer.Option(help="Tornado: the solution concept.")] = "shapley",
    actor: Annotated[
        str | None, typer.Option(help="Tornado: comma-separated actor ids (default: all).")
    ] = None,
    chart: Annotated[Path | None, typer.Option(help="Tornado: write a chart (.html).")] = None,
) -> None:
    """Coalition values and solution concepts per player, with transit-fee benchmarks."""
    from corridor import analyses
    from corridor.games.power import parse_concepts

    check_options(max_exact=max_exact, tolerance=tolerance,
                  max_permutations=max_permutations, build_years=build_years)  # fmt: skip
    run = options.run()
    loaded = options.load()
    if tornado:
        from corridor.cli.power_tornado import run_tornado

        return run_tornado(
            loaded, concept=concept.replace("-", "_"), stage=options.stage,
            commodity=options.commodity,
            actors=parse_id_list(actor, "--actor"), run=run,
            out=options.out, chart=chart, json_output=options.json_output,
        )  # fmt: skip
    what = "coalition LPs" if method == "exact" else "permutations"
    with progress_bar(what, 0, shown=not options.json_output) as progress, _cli_hint():
        done = analyses.power(
            loaded, players=options.game_players(), method=method,
            concepts=parse_concepts(concepts), commodity=options.commodity, stage=options.stage,
            built=parse_id_list(built, "--built"), build_years=build_years, run=run,
            max_exact_players=max_exact, seed=seed, tolerance=tolerance,
            max_permutations=max_permutations, variance_reduction=variance_reduction,
            progress=progress,
        )  # fmt: skip
    if save is not None:
        _save(done, save)
    options.emit("power", loaded.name, done, lambda: _print(loaded, done))


def _print(loaded: Scenario, done: PowerAnalysis) -> None:
    """Each game's tables, ex-ante and ex-post side by side, then the hold-up block."""
    from corridor.cli.power_tables import print_power_report

    ex_post = {r.commodity: r for r in done.ex_post_reports}
    for report in done.reports or done.ex_post_reports:
        ante = report if done.reports else None
        if ante is not None:
            print_power_report(loaded, ante, stage="ex-ante")
        post = ex_post.get(report.commodity)
        if post is not None:
            print_power_report(loaded, post, stage="ex-post")
        if ante is not None and post is not None:
            _print_side_by_side(ante, post)
    if done.holdup is not None:
        _print_holdup(done.holdup)


@contextlib.contextmanager
def _cli_hint() -> Iterator[None]:
    """The exact-enumeration limit, with the flags that lift it."""
    try:
        yield
    except TooManyPlayers as exc:
        raise InputError(f"{exc.reason}; use --method sample (or raise --max-exact)") from None


def _suffixed(path: Path, commodity: str) -> Path:
    return path.with_name(f"{path.stem}-{commodity}{path.suffix or '.npz'}")


def _save(done: PowerAnalysis, save: Path) -> None:
    """Exact coalition values per game; ex-post games with ``-<commodity>-ex-post``."""
    games = [(v, r) for v, r in zip(done.values, done.reports, strict=False) if v is not None]
    for values, report in games:
        values.save(save if len(games) == 1 else _suffixed(save, str(report.commodity)))
    for post, report in zip(done.ex_post_values, done.ex_post_reports, strict=False):
        if post is not None:
            post.save(_suffixed(save, f"{report.commodity}-ex-post"))


def _print_side_by_side(ante: PowerReport, post: PowerReport) -> None:
    """Shapley value per player in both stages, the transit actors' published fees beside."""
    from rich.table import Table

    table = Table(
        title=f"Shapley value before and after the build — {ante.commodity} (USD m/yr)",
        title_justify="left",
        show_edge=False,
        pad_edge=False,
    )
    for column in ("player", "ex-ante", "ex-post", "published fees"):
        table.add_column(column, justify="left" if column in {"player", "published fees"}
                         else "right", no_wrap=column != "published fees")  # fmt: skip
    after = dict(zip(post.table["player"], post.table["shapley"], strict=True))
    roles = dict(zip(ante.table["player"], ante.table["role"], strict=True))
    later = dict(zip(post.table["player"], post.table["role"], strict=True))
    # transit in either stage: a route idle before the build is one the deal builds
    transit = set(ante.table.loc[ante.table["transit"], "player"]) | set(
        post.table.loc[post.table["transit"], "player"]
    )
    for player, value in zip(ante.table["player"], ante.table["shapley"], strict=True):
        bench = ante.benchmarks[ante.benchmarks["actor"] == player]
        published = ", ".join(f"{row.id} {row.value:,.0f}" for row in bench.itertuples())
        role = roles[player]
        if later.get(player, role) != role:
            role = f"{role}; {later[player]} ex-post"
        table.add_row(
            f"{player} ({role})",
            f"{value:,.1f}",
            f"{after.get(player, math.nan):,.1f}",
            published if player in transit else "",
        )
    console().print(table)
    why = {stage: {r.player: r.sentence for r in report.reasons}
           for stage, report in (("ex-ante", ante), ("ex-post", post))}  # fmt: skip
    for player in sorted(transit):
        for stage, sentences in why.items():
            if player in sentences:
                console().print(f"{player} {stage}: {sentences[player]}", markup=False)


def _fee(value: float) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:,.1f}"


def _print_holdup(h: HoldUp) -> None:
    """The transit actor's hold-up fee, Nash fees and self-enforcing band, in words."""
    from corridor.games.fee import empty_zone_reason

    out = console()
    sunk = [k for k in h.built if k in h.route] or ["nothing of the route"]
    out.print(f"[bold]Hold-up by {h.transit} on the built route[/bold] (USD m/yr; "
              f"sunk: {', '.join(sunk)})")  # fmt: skip
    lp, hand = _fee(h.holdup_fee_musd_per_yr), _fee(h.hand_fee_musd_per_yr)
    out.print(f"hold-up fee: {lp} (LP), {hand} by hand: {h.reason()}; {h.difference()}")
    out.print(
        f"Nash fee ({h.power:.0%} power to {h.transit}): ex-ante "
        f"{_fee(h.nash_fee_ex_ante_musd_per_yr)} over [{_fee(h.ex_ante.min_fee)}, "
        f"{_fee(h.ex_ante.max_fee)}]"
        + ("" if h.ex_ante.feasible else f" ({empty_zone_reason(h.ex_ante, h.transit)})")
        + f"; ex-post {_fee(h.nash_fee_ex_post_musd_per_yr)} over "
        f"[{_fee(h.ex_post.min_fee)}, {_fee(h.holdup_fee_musd_per_yr)}]"
    )  # fmt: skip
    low, high = h.band_low_musd_per_yr, h.band_high_musd_per_yr
    terms = (f"short-run fee {_fee(h.short_run_fee_musd_per_yr)} for {h.build_years:g} yr "
             f"({h.build_years_from}) at {h.discount_rate:.0%}/yr")  # fmt: skip
    if h.band_empty:
        out.print(f"self-enforcing band: empty: holding up pays {h.transit} {_fee(low)} a year "
                  f"({terms}) against at most {_fee(high)} the others pay before building "
                  "the bypass; no fee is self-enforcing without guarantees")  # fmt: skip
    else:
        out.print(f"self-enforcing band: {_fee(low)} – {_fee(high)} ({terms})")


__all__ = [
    "power",
]
