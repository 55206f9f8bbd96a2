"""``corridor freight``: a scenario's container routes and the freight rates behind them."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated

import typer

from corridor.cli.common import JsonOpt, console, print_json
from corridor.cli.scenario_options import ScenarioOptions, scenario_command
from corridor.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

freight_app = typer.Typer(
    name="freight",
    help="Rail and sea container routes: days, tariff and generalised cost per TEU.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add the ``freight`` command group to ``app``."""
    app.add_typer(freight_app, name="freight")


@freight_app.command("routes")
@scenario_command(overrides=False, as_of=False)
def routes(
    options: ScenarioOptions,
    value_of_time: Annotated[
        float | None,
        typer.Option(
            help="Shippers' value of time, USD per TEU per day (default: the scenario's)."
        ),
    ] = None,
) -> None:
    """Every container route of the scenario: km, days and tariff with ranges, generalised cost.

    The scenario's ``[[freight_routes]]``, else every path of its links given by route
    from a supply to a demand.
    """
    from corridor.engineering.freight import route_table
    from corridor.exports import NamedTables
    from corridor.scenario.freight_model import routes_of
    from corridor.units import from_internal

    if value_of_time is not None and not (math.isfinite(value_of_time) and value_of_time >= 0):
        raise InputError(f"--value-of-time: must be a non-negative number, got {value_of_time}")
    loaded = options.load()
    found = routes_of(loaded)
    if not found:
        raise InputError(
            f"scenario {loaded.name!r} has no container links given by route ([links.freight])"
        )
    if value_of_time is None:
        first = loaded.link(next(iter(found.values()))[0][0])
        own = loaded.commodity(first.commodity).value_of_time
        value_of_time = from_internal(own, "USD/TEU/d")
    table = route_table({key: route for key, (_, route) in found.items()}, value_of_time)
    document = {
        "schema": "corridor.freight.routes/1",
        "value_of_time_usd_per_teu_day": value_of_time,
        "routes": [
            {**row, "stretches": list(found[str(row["route"])][0])}
            for row in table.to_dict(orient="records")
        ],
    }
    options.emit("freight routes", loaded.name, NamedTables({"routes": table}),
                 lambda: _print_routes(table, value_of_time), document=document)  # fmt: skip


def _print_routes(table: pd.DataFrame, value_of_time: float) -> None:
    from rich.table import Table

    shown = Table(
        title=f"Container routes (generalised cost at {value_of_time:g} USD/TEU/d)",
        title_justify="left",
        show_edge=False,
        pad_edge=False,
    )
    shown.caption = "generalised = tariff + value of time x days"
    shown.caption_justify = "left"
    for column in ("route", "km", "days (range)", "USD/TEU (range)", "generalised"):
        shown.add_column(column, justify="left" if column == "route" else "right", no_wrap=True)
    for row in table.itertuples(index=False):
        shown.add_row(
            row.route, f"{row.length_km:,.0f}",
            f"{row.days:.1f} ({row.days_low:.0f}–{row.days_high:.0f})",
            f"{row.tariff_usd_per_teu:,.0f} ({row.tariff_low:,.0f}–{row.tariff_high:,.0f})",
            f"{row.generalised_cost_usd_per_teu:,.0f}",
        )  # fmt: skip
    console().print(shown)


@freight_app.command("rates")
def rates(json_output: JsonOpt = False) -> None:
    """Every freight rate with its central value, range, unit and source."""
    from rich.table import Table

    from corridor.engineering.freight import freight_table

    table = freight_table()
    if json_output:
        print_json({"schema": "corridor.freight.rates/1", "rates": table.to_dict(orient="records")})
        return
    out = Table(title="Freight rates", title_justify="left")
    for column in ("parameter", "value", "range", "unit", "source"):
        out.add_column(column, justify="right" if column in {"value", "range"} else "left")
    for row in table.itertuples(index=False):
        out.add_row(
            row.parameter, f"{row.value:g}", f"{row.low:g}–{row.high:g}", row.unit, row.source
        )
    console().print(out)


__all__ = [
    "JsonOpt",
    "freight_app",
    "rates",
    "register",
    "routes",
]
