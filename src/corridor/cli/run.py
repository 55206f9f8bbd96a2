"""``corridor run``, ``corridor validate`` and ``corridor scenarios``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from corridor.cli.common import JsonOpt, console, load, parse_id_list, print_json
from corridor.cli.scenario_options import ScenarioOptions, scenario_command

if TYPE_CHECKING:
    from corridor.analyses import RunAnalysis
    from corridor.market import MarketResult
    from corridor.scenario import Scenario


RunOutOpt = Annotated[
    Path | None,
    typer.Option(
        metavar="DIR",
        help="Write DIR/<scenario>/result.json (atomically); with --format csv,xlsx "
        "also a file per table and a workbook.",
    ),
]
"""``corridor run --out DIR``: the document is ``result.json`` (elsewhere named by schema)."""


@scenario_command(out=RunOutOpt)
def run(
    options: ScenarioOptions,
    coalition: Annotated[
        str | None,
        typer.Option(help="Comma-separated actor ids, e.g. RU,KR (default: all actors)."),
    ] = None,
) -> None:
    """Solve the welfare-maximising flow model and print welfare, flows and the split."""
    from corridor import analyses

    loaded = options.load()
    done = analyses.run(loaded, parse_id_list(coalition, "--coalition"))
    options.emit("run", loaded.name, done, lambda: print_result(done), json_name="result.json")


def print_result(done: RunAnalysis) -> None:
    """Print welfare, flows, prices and the split by actor as rich tables."""
    scenario, result = done.scenario, done.result
    from rich.table import Table

    from corridor.units import from_internal, gas_price_per_mmbtu

    members = ", ".join(sorted(result.coalition))
    console().print(f"[bold]{scenario.title}[/bold]  ({scenario.name})")
    console().print(
        f"coalition: {members}   total welfare: "
        f"[bold]{result.welfare_musd_per_yr:,.1f} USD m/yr[/bold]"
    )
    by_commodity = done.welfare_by_commodity()
    if len(by_commodity) > 1:
        console().print(
            "welfare by commodity: "
            + ", ".join(f"{c} {w:,.1f}" for c, w in by_commodity.items())
            + " USD m/yr"
        )
    for commodity in scenario.commodities:
        _print_flows(scenario, result, commodity.id, titled=len(scenario.commodities) > 1)
    prices = Table(title="Node prices", title_justify="left")
    for column in ("node", "commodity", "price", "unit"):
        prices.add_column(column, justify="right" if column == "price" else "left")
    for row in result.prices.itertuples(index=False):
        text = f"{row.price:,.1f}"
        if scenario.commodity(row.commodity).kind == "gas":
            text += f" ({gas_price_per_mmbtu(row.price):.2f} USD/MMBtu)"
        else:
            text = (
                f"{row.price + 0.0:,.3f} ({from_internal(row.price, 'USD/TEU') + 0.0:,.0f} USD/TEU)"
            )
        prices.add_row(row.node, row.commodity, text, row.price_unit)
    console().print(prices)
    split = Table(title="Welfare by actor (USD m/yr)", title_justify="left")
    split.add_column("actor")
    split.add_column("welfare", justify="right")
    split.add_column("share", justify="right")
    total = result.welfare_musd_per_yr
    for row in result.actor_welfare.itertuples(index=False):
        share = f"{row.welfare_musd_per_yr / total:.0%}" if total else "—"
        split.add_row(row.actor, f"{row.welfare_musd_per_yr:,.1f}", share)
    console().print(split)


def _print_flows(scenario: Scenario, result: MarketResult, commodity: str, titled: bool) -> None:
    """One flows table for one commodity; container routes also show days and cost per box."""
    from rich.table import Table

    from corridor.scenario.model import QUANTITY_UNIT
    from corridor.units import from_internal

    kind = scenario.commodity(commodity).kind
    unit = QUANTITY_UNIT[kind]
    boxes = kind == "containers"
    title = f"Flows: {commodity} ({unit})" if titled else "Flows by link"
    flows = Table(title=title, title_justify="left", show_edge=False, pad_edge=False)
    columns = ["link", "from→to", "control", "flow", "capacity", "use"]
    columns += ["days", "USD/TEU"] if boxes else [] if titled else ["unit"]
    numeric = {"flow", "capacity", "use", "days", "USD/TEU"}
    for column in columns:
        # Link ids are what users type in with_changes: never cut them short; numbers
        # never break across lines. On a narrow terminal the other columns wrap.
        flows.add_column(
            column,
            justify="right" if column in numeric else "left",
            no_wrap=column in ("link", "from→to", "control") or column in numeric,
        )
    digits = 0 if boxes else 2  # kTEU/yr to the 1,000 TEU (fits 80 columns); bcm/yr to 0.01
    for row in result.flows[result.flows["commodity"] == commodity].itertuples(index=False):
        if row.flow <= 0 and not row.usable:
            continue
        cells = [
            row.link, f"{row._1}→{row.to}", row.control or "—",
            f"{row.flow:,.{digits}f}", f"{row.capacity:,.{digits}f}", f"{row.utilisation:.0%}",
        ]  # fmt: skip
        if not titled and not boxes:
            cells.append(unit)
        if boxes:
            days = scenario.link(row.link).transit_days
            cells.append("—" if days is None else f"{days:,.1f}")
            # generalised cost per box: tariff + value of time x days (+ capex annuity)
            cells.append(f"{from_internal(row.unit_cost_with_capex, 'USD/TEU'):,.0f}")
        flows.add_row(*cells)
    console().print(flows)


@scenario_command(scenario=None, outputs=False)
def validate(
    options: ScenarioOptions,
    files: Annotated[list[str], typer.Argument(help="Scenario files (or bundled names).")],
) -> None:
    """Check scenario files and report every problem as file:line: key.path: message.

    With ``--as-of DAY``, also list the numbers that were not known on that day and what
    the scenario as known then does with each (checked by loading it).
    """
    from corridor.errors import ScenarioError

    as_of = options.as_of
    problems = []
    for name in files:
        try:
            scenario = load(name, options.set_, options.drop)
            if as_of is not None:
                options.load(name)
        except ScenarioError as exc:
            problems.extend(exc.problems)
            continue
        typer.echo(  # not rich: one plain line, and validate need not import rich
            f"{name}: ok — {len(scenario.actors)} actors, {len(scenario.nodes)} nodes, "
            f"{len(scenario.links)} links, {len(scenario.supplies)} supplies, "
            f"{len(scenario.demands)} demands"
        )
        if as_of is not None:
            _echo_vintage(name, as_of)
    if problems:
        raise ScenarioError(problems)


def _echo_vintage(name: str, as_of: str) -> None:
    from corridor.scenario.library import resolve
    from corridor.scenario.source import read_document
    from corridor.scenario.vintage import not_known_on, parse_as_of

    day = parse_as_of(as_of)
    later = not_known_on(read_document(str(resolve(name)))[1], day)
    typer.echo(f"{name}: {len(later)} numbers not known on {day.isoformat()}")
    for mark, action in later:
        typer.echo(f"  {mark.path} (known {mark.as_of.isoformat()}): {action}")


def scenarios(
    json_output: JsonOpt = False,
) -> None:
    """List the bundled scenarios."""
    from rich.table import Table

    from corridor.scenario import bundled_names, load_scenario

    rows = []
    for name in bundled_names():
        scenario = load_scenario(name)
        rows.append({"name": name, "title": scenario.title, "actors": list(scenario.actor_ids)})
    if json_output:
        print_json({"schema": "corridor.scenarios/1", "scenarios": rows})
        return
    table = Table(title="Bundled scenarios", title_justify="left")
    for column in ("name", "title", "actors"):
        table.add_column(column)
    for row in rows:
        table.add_row(str(row["name"]), str(row["title"]), ", ".join(row["actors"]))
    console().print(table)


__all__ = [
    "print_result",
    "run",
    "scenarios",
    "validate",
]
