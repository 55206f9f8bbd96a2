"""``corridor engineer``: pipeline design and cost, LNG chain cost, unit-cost sources."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated, Any

import typer

from corridor.cli.common import DropOpt, SetOpt, check_options, console, load, print_json
from corridor.engineering.cost import DEFAULT_COST_BASIS as _COSTS
from corridor.engineering.cost import REGIONAL_FACTORS
from corridor.engineering.gas import Z_METHODS
from corridor.engineering.hydraulics import DEFAULT_DESIGN_BASIS as _DESIGN
from corridor.engineering.lng import LngBasis
from corridor.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from corridor.engineering.gas import Gas
    from corridor.engineering.hydraulics import HydraulicDesign, Segment


engineer_app = typer.Typer(
    name="engineer",
    help="Pipeline hydraulics and cost, LNG chain cost, and the unit costs behind them.",
    no_args_is_help=True,
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON to stdout.")]


_LNG = LngBasis()  # the option defaults below are the dataclasses' own


def register(app: typer.Typer) -> None:
    """Add the ``engineer`` command group to ``app``."""
    app.add_typer(engineer_app, name="engineer")


def parse_segments(texts: list[str], option: str = "--segment") -> tuple[Segment, ...]:
    """Parse ``LENGTH_KM[:on|off][:COST_FACTOR]`` items into route segments."""
    from corridor.engineering.hydraulics import Segment

    segments: list[Segment] = []
    for text in texts:
        parts = text.split(":")
        try:
            length = float(parts[0])
            offshore = len(parts) > 1 and parts[1].strip().lower() in ("off", "offshore")
            if len(parts) > 1 and parts[1].strip().lower() not in (
                "on",
                "onshore",
                "off",
                "offshore",
            ):
                raise ValueError(parts[1])
            factor = float(parts[2]) if len(parts) > 2 else 1.0
        except ValueError:
            raise InputError(
                f"{option}: expected LENGTH_KM[:on|off][:COST_FACTOR], got {text!r}"
            ) from None
        if length <= 0 or factor <= 0:
            raise InputError(f"{option}: length and cost factor must be positive in {text!r}")
        segments.append(Segment(length, offshore, f"segment {len(segments) + 1}", (), factor))
    return tuple(segments)


def frame_json(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A DataFrame as a list of JSON-safe records (NaN and inf become None)."""
    records = frame.to_dict(orient="records")
    for row in records:
        for key, value in row.items():
            if isinstance(value, float) and not math.isfinite(value):
                row[key] = None
            elif hasattr(value, "item"):
                row[key] = value.item()
    return records


def print_frame(frame: pd.DataFrame, title: str) -> None:
    """Print a DataFrame as a rich table with numbers to four significant digits."""
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for col in frame.columns:
        table.add_column(str(col), justify="right" if frame[col].dtype.kind in "if" else "left")
    for row in frame.itertuples(index=False):
        table.add_row(*(_cell(v) for v in row))
    console().print(table)


def _cell(value: object) -> str:
    """Four significant digits, but whole numbers from 10,000 up (no 1.06e+04)."""
    if not isinstance(value, float):
        return str(value)
    return f"{value:,.0f}" if abs(value) >= 1e4 else f"{value:,.4g}"


@engineer_app.command("pipeline")
def pipeline(
    throughput: Annotated[float, typer.Option(help="Design throughput, bcm/yr.")],
    length_km: Annotated[
        float | None, typer.Option(help="Route length, km (one onshore segment).")
    ] = None,
    segment: Annotated[
        list[str] | None,
        typer.Option(help="Route segment LENGTH_KM[:on|off][:COST_FACTOR]; repeat in order."),
    ] = None,
    diameter_mm: Annotated[
        float | None, typer.Option(help="Outer diameter, mm (default: least-cost standard size).")
    ] = None,
    maop_bar: Annotated[float, typer.Option(help="Onshore MAOP, bar.")] = _DESIGN.maop_bar,
    offshore_maop_bar: Annotated[float | None, typer.Option(help="Offshore MAOP, bar.")] = None,
    inlet_pressure_bar: Annotated[
        float, typer.Option(help="Supply pressure, bar.")
    ] = _DESIGN.inlet_pressure_bar,
    delivery_pressure_bar: Annotated[
        float, typer.Option(help="Minimum arrival, bar.")
    ] = _DESIGN.delivery_pressure_bar,
    station_ratio: Annotated[
        float, typer.Option(help="Station compression ratio.")
    ] = _DESIGN.station_pressure_ratio,
    efficiency: Annotated[
        float, typer.Option(help="Compressor efficiency (0–1).")
    ] = _DESIGN.efficiency,
    efficiency_kind: Annotated[str, typer.Option(help="isentropic or polytropic.")] = "polytropic",
    z_method: Annotated[
        str, typer.Option(help=f"Compressibility: {', '.join(Z_METHODS)}.")
    ] = "papay",
    gravity: Annotated[
        float | None, typer.Option(help="Gas gravity (air = 1) instead of the default lean gas.")
    ] = None,
    region: Annotated[
        str | None, typer.Option(help=f"Regional cost factor: {', '.join(REGIONAL_FACTORS)}.")
    ] = None,
    discount_rate: Annotated[
        float, typer.Option(help="Discount rate per year.")
    ] = _COSTS.discount_rate,
    life_yr: Annotated[float, typer.Option(help="Economic life, years.")] = _COSTS.life_yr,
    gas_price: Annotated[
        float, typer.Option(help="Fuel gas price, USD/1000m3.")
    ] = _COSTS.gas_price_usd_per_1000m3,
    crosscheck: Annotated[
        bool, typer.Option(help="Recompute the pressures with pandapipes (level routes).")
    ] = False,
    json_output: JsonOpt = False,
) -> None:
    """Size a gas pipeline (diameter, compressor stations, fuel) and cost it."""
    check_options(**{name: v for name, v in locals().items() if isinstance(v, float)})
    from corridor.engineering.cost import (
        CostBasis,
        design_table,
        least_cost_pipeline,
        station_table,
    )
    from corridor.engineering.gas import PIPELINE_GAS, gas_from_gravity
    from corridor.engineering.hydraulics import DesignBasis, Segment

    if (length_km is None) == (not segment):
        raise InputError("give either --length-km or one or more --segment")
    route = (Segment(length_km),) if length_km is not None else parse_segments(segment or [])
    if length_km is not None and length_km <= 0:
        raise InputError("--length-km must be positive")
    if region is not None:
        if region not in REGIONAL_FACTORS:
            raise InputError(
                f"--region: unknown {region!r}; choose from {', '.join(REGIONAL_FACTORS)}"
            )
        factor = REGIONAL_FACTORS[region][0]
        route = tuple(
            Segment(s.length_km, s.offshore, s.name, s.elevation_m, s.cost_factor * factor)
            for s in route
        )
    if efficiency_kind not in ("isentropic", "polytropic"):
        raise InputError("--efficiency-kind: choose isentropic or polytropic")
    if z_method not in Z_METHODS:
        raise InputError(f"--z-method: choose from {', '.join(Z_METHODS)}")
    try:
        gas = PIPELINE_GAS if gravity is None else gas_from_gravity(gravity)
    except ValueError as exc:
        raise InputError(f"--gravity: {exc}") from None
    if z_method == "gerg2008" and not gas.composition:
        raise InputError("--z-method gerg2008 needs the default gas (a composition), not --gravity")
    basis = DesignBasis(
        maop_bar=maop_bar,
        offshore_maop_bar=offshore_maop_bar,
        inlet_pressure_bar=inlet_pressure_bar,
        delivery_pressure_bar=delivery_pressure_bar,
        station_pressure_ratio=station_ratio,
        efficiency=efficiency,
        efficiency_kind=efficiency_kind,  # type: ignore[arg-type]  # checked just above
        z_method=z_method,  # type: ignore[arg-type]  # checked just above
    )
    costs = CostBasis(
        discount_rate=discount_rate, life_yr=life_yr, gas_price_usd_per_1000m3=gas_price
    )
    econ = least_cost_pipeline(
        route, throughput, gas=gas, basis=basis, costs=costs, outer_diameter_mm=diameter_mm
    )
    summary, stations = design_table(econ), station_table(econ.design)
    check = _crosscheck(econ.design, gas) if crosscheck else None
    if json_output:
        print_json(
            {
                "schema": "corridor.engineer.pipeline/1",
                "design": frame_json(summary),
                "stations": frame_json(stations),
                "crosscheck": None if check is None else frame_json(check),
                "route": [
                    {"length_km": s.length_km, "offshore": s.offshore, "cost_factor": s.cost_factor}
                    for s in route
                ],
                "gas": {"name": gas.name, "specific_gravity": gas.specific_gravity},
            }
        )
        return
    print_frame(
        summary, f"Pipeline design: {throughput:g} bcm/yr over {econ.design.length_km:,.0f} km"
    )
    print_frame(stations, "Compressor stations")
    if check is not None:
        print_frame(check, "Pressures against pandapipes (bar, absolute)")


def _crosscheck(design: HydraulicDesign, gas: Gas) -> pd.DataFrame:
    try:
        from corridor.engineering.crosscheck import pandapipes_pressures
    except ImportError:
        raise InputError("--crosscheck needs the optional pandapipes package") from None
    try:
        return pandapipes_pressures(design, gas)
    except ValueError as exc:
        raise InputError(f"--crosscheck: {exc}") from None


@engineer_app.command("lng")
def lng(
    distance_km: Annotated[float, typer.Option(help="Shipping distance, km.")],
    volume: Annotated[float, typer.Option(help="Volume delivered, bcm/yr.")] = 10.0,
    ship_m3: Annotated[float, typer.Option(help="Carrier size, m3.")] = _LNG.ship_m3,
    speed_knots: Annotated[float, typer.Option(help="Service speed, knots.")] = _LNG.speed_knots,
    discount_rate: Annotated[
        float, typer.Option(help="Discount rate per year.")
    ] = _LNG.discount_rate,
    life_yr: Annotated[float, typer.Option(help="Economic life, years.")] = _LNG.life_yr,
    gas_price: Annotated[
        float, typer.Option(help="Gas price for own use, USD/1000m3.")
    ] = _COSTS.gas_price_usd_per_1000m3,
    break_even: Annotated[
        bool, typer.Option(help="Also find the LNG-vs-pipeline break-even distance.")
    ] = False,
    json_output: JsonOpt = False,
) -> None:
    """Cost an LNG chain (liquefaction, shipping, regasification) in USD/MMBtu."""
    check_options(**{name: v for name, v in locals().items() if isinstance(v, float)})
    from corridor.engineering.cost import CostBasis
    from corridor.engineering.lng import LngBasis, break_even_distance_km, lng_chain_cost, lng_table

    if ship_m3 <= 0 or speed_knots <= 0:
        raise InputError("--ship-m3 and --speed-knots must be positive")
    basis = LngBasis(
        ship_m3=ship_m3,
        speed_knots=speed_knots,
        discount_rate=discount_rate,
        life_yr=life_yr,
        gas_price_usd_per_1000m3=gas_price,
        ship_musd=LngBasis().ship_musd * (ship_m3 / 160_000.0) ** 0.7,
    )
    chain = lng_chain_cost(volume, distance_km, basis)
    table = lng_table(chain)
    evens: dict[str, float | None] = {}
    if break_even:
        costs = CostBasis(
            discount_rate=discount_rate, life_yr=life_yr, gas_price_usd_per_1000m3=gas_price
        )
        for where, off in (("onshore", False), ("offshore", True)):
            km = break_even_distance_km(volume, offshore=off, lng=basis, costs=costs)
            evens[where] = km if math.isfinite(km) else None  # JSON has no infinity
    if json_output:
        print_json(
            {
                "schema": "corridor.engineer.lng/1",
                "lng": frame_json(table),
                "break_even_km": evens,
            }
        )
        return
    print_frame(table, f"LNG chain: {volume:g} bcm/yr over {distance_km:,.0f} km")
    for where, found in evens.items():
        text = f"{found:,.0f} km" if found is not None else "beyond 15,000 km"
        console().print(f"break-even vs {where} pipeline: {text}")


@engineer_app.command("costs")
def costs(json_output: JsonOpt = False) -> None:
    """List the unit costs with their ranges and sources."""
    from rich.table import Table

    from corridor.engineering.cost import unit_cost_table
    from corridor.engineering.lng import lng_unit_cost_table

    frames = {"pipeline": unit_cost_table(), "lng": lng_unit_cost_table()}
    if json_output:
        print_json(
            {"schema": "corridor.engineer.costs/1", **{k: frame_json(v) for k, v in frames.items()}}
        )
        return
    for name, frame in frames.items():
        table = Table(title=f"{name} unit costs", title_justify="left", show_lines=True)
        for col in frame.columns:
            table.add_column(col, overflow="fold")
        for row in frame.itertuples(index=False):
            table.add_row(*(_cell(v) for v in row))
        console().print(table)


@engineer_app.command("scenario")
def scenario(
    name: Annotated[
        str | None,
        typer.Argument(help="Bundled scenario name or TOML path (default: korea-2011)."),
    ] = None,
    json_output: JsonOpt = False,
    set_: SetOpt = None,
    drop: DropOpt = None,
) -> None:
    """Show the links a scenario gives by design: their inputs and the numbers derived."""
    import pandas as pd

    from corridor import units

    loaded = load(name, set_, drop)
    designed = [link for link in loaded.links if link.design]
    if json_output:
        print_json(
            {
                "schema": "corridor.engineer.scenario/1",
                "scenario": loaded.name,
                "links": [
                    {
                        "id": link.id,
                        "capacity": link.capacity,
                        "unit_cost": link.unit_cost,
                        "capex_musd": link.capex_musd,
                        "loss_fraction": link.loss_fraction,
                        "design": _plain(link.design),
                    }
                    for link in designed
                ],
            }
        )
        return
    if not designed:
        console().print(f"{loaded.name}: no link is given by design")
        return
    for link in designed:
        design = link.design
        console().print(f"[bold]{link.id}[/bold]  {link.name}  ({design['kind']})")
        rows = [("input", k, v) for k, v in design["inputs"].items() if v is not None]
        rows += [
            ("segment", s["name"] or f"#{i + 1}", _segment_text(s))
            for i, s in enumerate(design.get("segments", []))
        ]
        rows += [
            ("leg", g["name"] or f"#{i + 1}", _leg_text(g))
            for i, g in enumerate(design.get("legs", []))
        ]
        rows += [("derived", k, v) for k, v in design["derived"].items()]
        if link.commodity == "containers":
            rows += [
                ("link", "capacity (kTEU/yr)", link.capacity),
                (
                    "link",
                    "generalised cost (USD/TEU)",
                    units.from_internal(link.unit_cost, "USD/TEU"),
                ),
                ("link", "transit time (d)", link.transit_days),
            ]
        else:
            rows += [
                ("link", "capacity (bcm/yr)", link.capacity),
                ("link", "unit cost (USD/1000m3)", link.unit_cost),
                ("link", "capex (USD m)", link.capex_musd),
                ("link", "loss (fraction)", link.loss_fraction),
            ]
        print_frame(pd.DataFrame(rows, columns=["what", "name", "value"]), "")


def _segment_text(segment: dict[str, Any]) -> str:
    where = "offshore" if segment["offshore"] else "onshore"
    text = f"{segment['length_km']:,.0f} km {where}, cost x{segment['cost_factor']:g}"
    if segment["elevation_profile_km_m"]:
        text += f", profile {segment['elevation_profile_km_m']}"
    return text


def _leg_text(leg: dict[str, Any]) -> str:
    text = f"{leg['mode']} {leg['length_km']:,.0f} km"
    if leg["speed_factor"] != 1.0:
        text += f", speed x{leg['speed_factor']:g}"
    if leg["tariff_factor"] != 1.0:
        text += f", tariff x{leg['tariff_factor']:g}"
    return text


def _plain(value: Any) -> Any:
    """A design mapping as plain JSON (mapping proxies to dicts, NaN/inf to None)."""
    if isinstance(value, dict) or hasattr(value, "items"):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


__all__ = [
    "JsonOpt",
    "costs",
    "engineer_app",
    "frame_json",
    "lng",
    "parse_segments",
    "pipeline",
    "print_frame",
    "register",
    "scenario",
]
