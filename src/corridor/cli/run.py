"""``corridor run``, ``corridor validate`` and ``corridor scenarios``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from corridor.cli.common import console, parse_id_list, print_json, write_atomic
from corridor.market import MarketModel, MarketResult
from corridor.scenario import Scenario, bundled_names, load, load_scenario, resolve
from corridor.scenario.model import PRICE_UNIT, QUANTITY_UNIT
from corridor.units import gas_price_per_mmbtu

ScenarioArg = Annotated[
    str | None,
    typer.Argument(help="Bundled scenario name or path to a TOML file (default: korea-2011)."),
]


def register(app: typer.Typer) -> None:
    """Add the commands of this module to ``app``."""
    app.command("run")(run)
    app.command("validate")(validate)
    app.command("scenarios")(scenarios)


def run(
    scenario: ScenarioArg = None,
    coalition: Annotated[
        str | None,
        typer.Option(help="Comma-separated actor ids, e.g. RU,KR (default: all actors)."),
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the result as JSON to stdout.")
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option(help="Write DIR/<scenario>/result.json (atomically)."),
    ] = None,
) -> None:
    """Solve the welfare-maximising flow model and print welfare, flows and the split."""
    loaded = load_scenario(scenario)
    members = parse_id_list(coalition, "--coalition")
    result = MarketModel(loaded).solve(members)
    payload = result_payload(loaded, result)
    if out is not None:
        target = out / loaded.name / "result.json"
        write_atomic(target, json.dumps(payload, indent=2, allow_nan=False) + "\n")
    if json_output:
        print_json(payload)
        return
    print_result(loaded, result)
    if out is not None:
        console.print(f"wrote {out / loaded.name / 'result.json'}")


def result_payload(scenario: Scenario, result: MarketResult) -> dict[str, object]:
    """The ``result.json`` document: the market result plus units and scenario identity."""
    payload: dict[str, object] = {
        "schema": "corridor.result/1",
        "title": scenario.title,
        "scenario_sha256": scenario.source_sha256,
        "units": {
            "welfare": "USD m/yr",
            "quantity": {c.id: QUANTITY_UNIT[c.kind] for c in scenario.commodities},
            "price": {c.id: PRICE_UNIT[c.kind] for c in scenario.commodities},
        },
    }
    payload.update(result.to_dict())
    return payload


def print_result(scenario: Scenario, result: MarketResult) -> None:
    """Print welfare, flows, prices and the split by actor as rich tables."""
    members = ", ".join(sorted(result.coalition))
    console.print(f"[bold]{scenario.title}[/bold]  ({scenario.name})")
    console.print(
        f"coalition: {members}   total welfare: "
        f"[bold]{result.welfare_musd_per_yr:,.1f} USD m/yr[/bold]"
    )
    flows = Table(title="Flows by link", title_justify="left")
    for column in ("link", "from → to", "control", "flow", "capacity", "use", "unit"):
        flows.add_column(
            column, justify="right" if column in {"flow", "capacity", "use"} else "left"
        )
    for row in result.flows.itertuples(index=False):
        if row.flow <= 0 and not row.usable:
            continue
        unit = QUANTITY_UNIT[scenario.commodity(row.commodity).kind]
        flows.add_row(
            row.link, f"{row._1} → {row.to}", row.control or "—",
            f"{row.flow:,.2f}", f"{row.capacity:,.2f}", f"{row.utilisation:.0%}", unit,
        )  # fmt: skip
    console.print(flows)
    prices = Table(title="Node prices", title_justify="left")
    for column in ("node", "commodity", "price", "unit"):
        prices.add_column(column, justify="right" if column == "price" else "left")
    for row in result.prices.itertuples(index=False):
        text = f"{row.price:,.1f}"
        if scenario.commodity(row.commodity).kind == "gas":
            text += f" ({gas_price_per_mmbtu(row.price):.2f} USD/MMBtu)"
        prices.add_row(row.node, row.commodity, text, row.price_unit)
    console.print(prices)
    split = Table(title="Welfare by actor (USD m/yr)", title_justify="left")
    split.add_column("actor")
    split.add_column("welfare", justify="right")
    split.add_column("share", justify="right")
    total = result.welfare_musd_per_yr
    for row in result.actor_welfare.itertuples(index=False):
        share = f"{row.welfare_musd_per_yr / total:.0%}" if total else "—"
        split.add_row(row.actor, f"{row.welfare_musd_per_yr:,.1f}", share)
    console.print(split)


def validate(
    files: Annotated[list[str], typer.Argument(help="Scenario files (or bundled names).")],
) -> None:
    """Check scenario files and report every problem as file:line: key.path: message."""
    from corridor.errors import ScenarioError

    problems = []
    for name in files:
        try:
            scenario = load(resolve(name))
        except ScenarioError as exc:
            problems.extend(exc.problems)
            continue
        console.print(
            f"{name}: ok — {len(scenario.actors)} actors, {len(scenario.nodes)} nodes, "
            f"{len(scenario.links)} links, {len(scenario.supplies)} supplies, "
            f"{len(scenario.demands)} demands"
        )
    if problems:
        raise ScenarioError(problems)


def scenarios(
    json_output: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """List the bundled scenarios."""
    rows = []
    for name in bundled_names():
        scenario = load_scenario(name)
        rows.append({"name": name, "title": scenario.title, "actors": list(scenario.actor_ids)})
    if json_output:
        print_json(rows)
        return
    table = Table(title="Bundled scenarios", title_justify="left")
    for column in ("name", "title", "actors"):
        table.add_column(column)
    for row in rows:
        table.add_row(str(row["name"]), str(row["title"]), ", ".join(row["actors"]))
    console.print(table)
