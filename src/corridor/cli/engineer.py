"""``corridor engineer``: pipeline design and cost, LNG chain cost, unit-cost sources."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated, Any

import typer

from corridor.cli import engineer_scenario
from corridor.cli.checks import check_options
from corridor.cli.common import (
    FormatOpt,
    JsonOpt,
    OutDirOpt,
    check_formats,
    console,
    print_json,
    write_out,
)
from corridor.cli.engineer_subsea import print_subsea, seabed_k, subsea_json
from corridor.cli.tables import cell, frame_json, print_frame
from corridor.engineering.cost import REGIONAL_FACTORS
from corridor.engineering.costing import FinanceBasis
from corridor.engineering.gas import Z_METHODS
from corridor.engineering.hydraulics import DEFAULT_DESIGN_BASIS as _DESIGN
from corridor.engineering.lng import LngBasis
from corridor.engineering.offshore import DEFAULT_OFFSHORE_BASIS as _SUBSEA
from corridor.engineering.offshore import STEEL_GRADES, OffshoreBasis
from corridor.errors import InputError

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd

    from corridor.engineering.cost import CostBasis
    from corridor.engineering.gas import Gas
    from corridor.engineering.hydraulics import HydraulicDesign, Segment


engineer_app = typer.Typer(
    name="engineer",
    help="Pipeline hydraulics and cost, LNG chain cost, and the unit costs behind them.",
    no_args_is_help=True,
)


_LNG = LngBasis()  # the option defaults below are the dataclasses' own
_FINANCE = FinanceBasis()  # the pipeline's and the LNG chain's (they share one finance)

DiscountRateOpt = Annotated[float, typer.Option(help="Discount rate per year.")]
LifeOpt = Annotated[float, typer.Option(help="Economic life, years.")]
GasPriceOpt = Annotated[
    float, typer.Option(help="Gas price, USD/1000m3 (prices the gas burnt, used or lost).")
]


def register(app: typer.Typer) -> None:
    """Add the ``engineer`` command group to ``app``."""
    app.add_typer(engineer_app, name="engineer")


def parse_segments(
    texts: list[str], option: str = "--segment", max_depth_m: float | None = None
) -> tuple[Segment, ...]:
    """Parse ``LENGTH_KM[:on|off][:COST_FACTOR][:MAX_DEPTH_M]`` items into route segments.

    An offshore item without its own depth takes ``max_depth_m`` (None: no depth, the
    per-inch-km offshore cost).
    """
    from corridor.engineering.hydraulics import Segment

    segments: list[Segment] = []
    for text in texts:
        parts = text.split(":")
        try:
            length = float(parts[0])
            kind = parts[1].strip().lower() if len(parts) > 1 else "on"
            if kind not in ("on", "onshore", "off", "offshore") or len(parts) > 4:
                raise ValueError(kind)
            offshore = kind in ("off", "offshore")
            factor = float(parts[2]) if len(parts) > 2 and parts[2].strip() else 1.0
            depth = float(parts[3]) if len(parts) > 3 else max_depth_m
        except ValueError:
            raise InputError(
                f"{option}: expected LENGTH_KM[:on|off][:COST_FACTOR][:MAX_DEPTH_M], got {text!r}"
            ) from None
        if not (math.isfinite(length) and math.isfinite(factor)) or length <= 0 or factor <= 0:
            raise InputError(f"{option}: length and cost factor must be positive in {text!r}")
        if depth is not None and offshore and not 0 < depth <= 11_000:
            raise InputError(f"{option}: depth must lie in (0, 11000] m in {text!r}")
        if len(parts) > 3 and not offshore:
            raise InputError(f"{option}: only an offshore segment has a depth, in {text!r}")
        profile = ((0.0, depth),) if offshore and depth is not None else ()
        name = f"segment {len(segments) + 1}"
        segments.append(Segment(length, offshore, name, (), factor, profile))
    return tuple(segments)


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
    discount_rate: DiscountRateOpt = _FINANCE.discount_rate,
    life_yr: LifeOpt = _FINANCE.life_yr,
    gas_price: GasPriceOpt = _FINANCE.gas_price_usd_per_1000m3,
    crosscheck: Annotated[
        bool, typer.Option(help="Recompute the pressures with pandapipes (level routes).")
    ] = False,
    offshore: Annotated[
        bool, typer.Option("--offshore", help="The --length-km route is subsea.")
    ] = False,
    max_depth: Annotated[
        float | None,
        typer.Option(
            help="Water depth, m, of subsea segments without their own: designs the wall "
            "for collapse (DNV-ST-F101) and costs the pipe from quantities."
        ),
    ] = None,
    steel_grade: Annotated[
        str, typer.Option(help=f"Subsea steel grade: {', '.join(STEEL_GRADES)}.")
    ] = _SUBSEA.steel_grade,
    fabrication: Annotated[
        str, typer.Option(help="Subsea pipe making: seamless, uo or uoe.")
    ] = _SUBSEA.fabrication,
    ovality: Annotated[
        float, typer.Option(help="Subsea out-of-roundness f0 (at least 0.005).")
    ] = _SUBSEA.ovality,
    corrosion_mm: Annotated[
        float, typer.Option(help="Subsea corrosion allowance, mm.")
    ] = _SUBSEA.corrosion_mm,
    seabed_temperature_c: Annotated[
        float | None, typer.Option(help="Gas temperature in subsea stretches, degC.")
    ] = None,
    json_output: JsonOpt = False,
    out: OutDirOpt = None,
    formats: FormatOpt = "json",
) -> None:
    """Size a gas pipeline (diameter, compressor stations, fuel) and cost it.

    Subsea segments with a depth (--offshore --max-depth, or :DEPTH in --segment) get
    the wall of the binding DNV-ST-F101 check (pressure containment or collapse), buckle
    arrestors below the depth where the wall cannot stop a propagating buckle, and their
    cost from steel, coating, concrete, lay spread, arrestors and landfalls.
    """
    check_options(**{name: v for name, v in locals().items() if isinstance(v, float)})
    if out is not None:
        check_formats(formats)
    import pandas as pd

    from corridor.engineering.cost import design_table, least_cost_pipeline, station_table
    from corridor.engineering.gas import PIPELINE_GAS, gas_from_gravity
    from corridor.engineering.hydraulics import DesignBasis, Segment

    if (length_km is None) == (not segment):
        raise InputError("give either --length-km or one or more --segment")
    if length_km is not None and not (math.isfinite(length_km) and length_km > 0):
        raise InputError("--length-km must be positive")
    if offshore and length_km is None:
        raise InputError("--offshore: mark subsea segments as LENGTH_KM:off in --segment")
    if max_depth is not None and not (math.isfinite(max_depth) and 0 < max_depth <= 11_000):
        raise InputError("--max-depth: must lie in (0, 11000] m")
    single = f"{length_km}:{'off' if offshore else 'on'}"
    route = parse_segments(
        [single] if length_km is not None else (segment or []),
        "--length-km" if length_km is not None else "--segment",
        max_depth,
    )
    # OffshoreBasis checks its own fields; its InputError names them as this command's flags
    subsea = OffshoreBasis(
        steel_grade=steel_grade,
        fabrication=fabrication,  # type: ignore[arg-type]  # OffshoreBasis checks the choice
        ovality=ovality,
        corrosion_mm=corrosion_mm,
    )
    if region is not None:
        if region not in REGIONAL_FACTORS:
            raise InputError(
                f"--region: unknown {region!r}; choose from {', '.join(REGIONAL_FACTORS)}"
            )
        factor = REGIONAL_FACTORS[region][0]
        route = tuple(
            Segment(
                s.length_km, s.offshore, s.name, s.elevation_m, s.cost_factor * factor, s.depth_m
            )
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
        seabed_temperature_k=None
        if seabed_temperature_c is None
        else seabed_k(seabed_temperature_c),
        offshore=subsea,
    )
    costs = _pipeline_costs(discount_rate, life_yr, gas_price)
    econ = least_cost_pipeline(
        route, throughput, gas=gas, basis=basis, costs=costs, outer_diameter_mm=diameter_mm
    )
    summary, stations = design_table(econ), station_table(econ.design)
    check = _crosscheck(econ.design, gas) if crosscheck else None
    parts = econ.cost.breakdown
    deep = parts if parts is not None and parts.subsea else None
    document: dict[str, Any] = {
        "schema": "corridor.engineer.pipeline/1",
        "design": frame_json(summary),
        "stations": frame_json(stations),
        "crosscheck": None if check is None else frame_json(check),
        "route": [
            {
                "length_km": s.length_km,
                "offshore": s.offshore,
                "cost_factor": s.cost_factor,
                "max_depth_m": s.max_depth_m if s.deep else None,
            }
            for s in route
        ],
        "subsea": None if deep is None else subsea_json(deep),
        "gas": {"name": gas.name, "specific_gravity": gas.specific_gravity},
    }
    frames = {"design": summary, "stations": stations}
    if check is not None:
        frames["crosscheck"] = check
    if deep is not None:
        frames["subsea"] = pd.DataFrame(subsea_json(deep)["segments"])
    _emit(document, frames, "engineer pipeline", out, formats, json_output)
    if json_output:
        return
    print_frame(
        summary, f"Pipeline design: {throughput:g} bcm/yr over {econ.design.length_km:,.0f} km"
    )
    print_frame(stations, "Compressor stations")
    if deep is not None:
        print_subsea(deep)
    if check is not None:
        print_frame(check, "Pressures against pandapipes (bar, absolute)")


def _emit(
    document: dict[str, Any],
    frames: dict[str, pd.DataFrame],
    command: str,
    out: Path | None,
    formats: str,
    json_output: bool,
) -> None:
    """Export (``--out``, into ``out`` itself: no scenario) and print ``--json``'s document."""
    from corridor.exports import NamedTables

    write_out(out, formats, command, None, NamedTables(frames), document=document,
              json_output=json_output)  # fmt: skip
    if json_output:
        print_json(document)


def _pipeline_costs(discount_rate: float, life_yr: float, gas_price: float) -> CostBasis:
    """The central pipeline unit costs with the finance options."""
    from corridor.engineering.cost import CostBasis

    return CostBasis(
        discount_rate=discount_rate, life_yr=life_yr, gas_price_usd_per_1000m3=gas_price
    )


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
    discount_rate: DiscountRateOpt = _FINANCE.discount_rate,
    life_yr: LifeOpt = _FINANCE.life_yr,
    gas_price: GasPriceOpt = _FINANCE.gas_price_usd_per_1000m3,
    break_even: Annotated[
        bool, typer.Option(help="Also find the LNG-vs-pipeline break-even distance.")
    ] = False,
    json_output: JsonOpt = False,
    out: OutDirOpt = None,
    formats: FormatOpt = "json",
) -> None:
    """Cost an LNG chain (liquefaction, shipping, regasification) in USD/MMBtu."""
    check_options(**{name: v for name, v in locals().items() if isinstance(v, float)})
    if out is not None:
        check_formats(formats)
    import pandas as pd

    from corridor.engineering.lng import break_even_distance_km, lng_chain_cost, lng_table

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
        costs = _pipeline_costs(discount_rate, life_yr, gas_price)
        for where, off in (("onshore", False), ("offshore", True)):
            km = break_even_distance_km(volume, offshore=off, lng=basis, costs=costs)
            evens[where] = km if math.isfinite(km) else None  # JSON has no infinity
    document = {"schema": "corridor.engineer.lng/1", "lng": frame_json(table),
                "break_even_km": evens}  # fmt: skip
    frames = {"lng": table}
    if evens:
        frames["break_even"] = pd.DataFrame(
            list(evens.items()), columns=["pipeline", "break_even_km"]
        )
    _emit(document, frames, "engineer lng", out, formats, json_output)
    if json_output:
        return
    print_frame(table, f"LNG chain: {volume:g} bcm/yr over {distance_km:,.0f} km")
    for where, found in evens.items():
        text = f"{found:,.0f} km" if found is not None else "beyond 15,000 km"
        console().print(f"break-even vs {where} pipeline: {text}")


@engineer_app.command("costs")
def costs(json_output: JsonOpt = False, out: OutDirOpt = None, formats: FormatOpt = "json") -> None:
    """List the unit costs with their ranges and sources."""
    if out is not None:
        check_formats(formats)
    from rich.table import Table

    from corridor.engineering.cost import unit_cost_table
    from corridor.engineering.lng import lng_unit_cost_table
    from corridor.engineering.offshore_refs import calibration_table

    frames = {"pipeline": unit_cost_table(), "lng": lng_unit_cost_table()}
    calibration = calibration_table()
    document = {
        "schema": "corridor.engineer.costs/1",
        **{k: frame_json(v) for k, v in frames.items()},
        "subsea_calibration": frame_json(calibration),
    }
    _emit(document, {**frames, "subsea_calibration": calibration}, "engineer costs", out,
          formats, json_output)  # fmt: skip
    if json_output:
        return
    for name, frame in frames.items():
        table = Table(title=f"{name} unit costs", title_justify="left", show_lines=True)
        for col in frame.columns:
            table.add_column(col, overflow="fold")
        for row in frame.itertuples(index=False):
            table.add_row(*(cell(v) for v in row))
        console().print(table)
    shown = calibration[["line", "max_depth_m", "model_wall_mm", "model_musd_2011"]].set_axis(
        ["line", "depth m", "wall mm", "model"], axis=1
    )
    shown["reported"] = calibration["reported_musd_2011"]
    shown["ratio"] = calibration["model_over_reported"]
    print_frame(shown, "Subsea capex model vs built lines (USD m 2011; scopes in --json)")


scenario = engineer_app.command("scenario")(engineer_scenario.scenario)


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
