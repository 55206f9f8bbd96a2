"""Links given by physical design: the ``pipeline`` and ``lng`` tables of a ``[[links]]`` entry.

A link may describe what is built instead of stating capacity and cost::

    [[links]]
    id = "overland-north"
    from = "VLA"
    to = "HAM"
    commodity = "gas"
    control = ["RU", "KP", "KR"]
    status = "planned"

    [links.pipeline]
    throughput = { value = 12, unit = "bcm/yr", source = "..." }
    maop = { value = 100, unit = "bar", assumption = "..." }

    [[links.pipeline.segments]]
    name = "Russia"
    length = { value = 200, unit = "km", assumption = "..." }
    region = "russia-far-east"

The loader validates the table here and derives the link's numbers through
:mod:`corridor.engineering` (the only place the scenario package calls it):

- pipeline: ``capacity`` = ``throughput`` (bcm/yr); ``unit_cost`` = opex per unit of
  throughput plus compressor fuel valued at ``gas_price`` (USD/1000m3), as the bundled
  scenarios price pipeline fuel; ``loss_fraction`` = 0;
- LNG: ``capacity`` = the feed that delivers ``volume`` after own use and boil-off,
  ``loss_fraction`` = that own use (as the bundled liquefaction link does), ``unit_cost``
  = plant and fleet opex per unit delivered;
- ``capex_musd`` = the least-cost (or given-diameter) design's investment, USD m, times
  the table's optional ``capex_factor`` (default 1: a cost overrun or a what-if on the
  whole investment, applied after the design, so it leaves the size, stations and
  operating cost as designed); the market adds its annuity itself.

The inputs and every derived number are kept in ``Link.design`` (a JSON-ready mapping)
so that ``corridor engineer scenario`` can show them side by side.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import Field

from corridor import units
from corridor.engineering.cost import REGIONAL_FACTORS, CostBasis, least_cost_pipeline
from corridor.engineering.gas import PIPELINE_GAS
from corridor.engineering.hydraulics import DesignBasis, DesignInfeasible, Segment
from corridor.engineering.lng import LngBasis, lng_chain_cost
from corridor.scenario.provenance import KeyPath, Provenance, inherit
from corridor.scenario.schema import MeasureFile, Sourced

DESIGN_KEYS: tuple[str, ...] = ("pipeline", "lng")
"""Keys of a link that give it by design."""
DERIVED_FIELDS: tuple[str, ...] = ("capacity", "unit_cost", "capex", "loss", "length")
"""Link keys a design replaces (giving both is an error)."""


class SegmentSpec(Sourced):
    """One ``[[links.pipeline.segments]]`` entry.

    ``length`` a length measure; ``offshore`` true for subsea stretches; ``region`` a key
    of :data:`corridor.engineering.cost.REGIONAL_FACTORS` (its factor and source come from
    the engineering table) or ``cost_factor`` a dimensionless measure of your own;
    ``elevation_profile_km_m`` pairs of (km from the segment start, metres above sea level).
    """

    name: str = ""
    length: MeasureFile
    offshore: bool = False
    region: str | None = None
    cost_factor: MeasureFile | None = None
    elevation_profile_km_m: list[tuple[float, float]] = Field(default_factory=list)


class PipelineSpec(Sourced):
    """The ``[links.pipeline]`` table: route, throughput and design conditions.

    Pressures in a pressure unit (bar absolute), ``outer_diameter`` a length (``mm``) or
    omitted for the least-cost standard size, efficiencies and ratios dimensionless
    (``"0.85 1"`` or ``"85 %"``), ``gas_price`` to weigh fuel when choosing the size;
    ``compressor_cost`` (``"2.5 USD m/MW"``), ``other_fraction`` and ``opex_fraction``
    (``"1.5 %/yr"``) replace the engineering unit costs of
    :data:`corridor.engineering.cost.UNIT_COSTS` for this link; ``capex_factor`` scales
    the designed investment.
    """

    throughput: MeasureFile
    segments: list[SegmentSpec] = Field(min_length=1)
    outer_diameter: MeasureFile | None = None
    maop: MeasureFile | None = None
    offshore_maop: MeasureFile | None = None
    inlet_pressure: MeasureFile | None = None
    delivery_pressure: MeasureFile | None = None
    station_pressure_ratio: MeasureFile | None = None
    compressor_efficiency: MeasureFile | None = None
    efficiency_kind: Literal["isentropic", "polytropic"] = "polytropic"
    z_method: Literal["papay", "dak", "gerg2008"] = "papay"
    utilisation: MeasureFile | None = None
    gas_price: MeasureFile | None = None
    capex_factor: MeasureFile | None = None
    compressor_cost: MeasureFile | None = None
    other_fraction: MeasureFile | None = None
    opex_fraction: MeasureFile | None = None


class LngSpec(Sourced):
    """The ``[links.lng]`` table: a whole LNG chain (liquefaction, ships, regasification)."""

    volume: MeasureFile
    distance: MeasureFile
    speed: MeasureFile | None = None
    gas_price: MeasureFile | None = None
    capex_factor: MeasureFile | None = None


@dataclass(frozen=True)
class DerivedLink:
    """A link's numbers derived from its design, in internal units, with provenance."""

    capacity: float
    unit_cost: float
    capex_musd: float
    loss_fraction: float
    length_km: float | None
    lifetime_yr: float
    design: Mapping[str, Any]
    sources: dict[str, Provenance] = field(default_factory=dict)


Check = Callable[[type[Sourced], Any, KeyPath], Any]
Measure = Callable[
    [KeyPath, MeasureFile | None, str | None, Provenance | None, dict[str, Provenance] | None],
    float | None,
]
Report = Callable[[KeyPath, str], None]


_SUFFIX = {
    units.GAS_RATE: "_bcm_per_yr",
    units.PRESSURE: "_bar",
    units.GAS_PRICE: "_usd_per_1000m3",
    units.POWER_COST: "_musd_per_mw",
    units.RATE: "_per_yr",
}


def scenario_discount_rate(document: Mapping[str, Any], default: float) -> float:
    """The file's ``[scenario] discount_rate`` in 1/yr, or ``default`` if absent or invalid.

    Links are built before the header's numbers; an invalid rate is reported there.
    """
    raw = document.get("scenario", {})
    raw = raw.get("discount_rate") if isinstance(raw, Mapping) else None
    if raw is None:
        return default
    try:
        value = MeasureFile.model_validate(raw)
        return units.to_internal(value.value, value.unit, units.RATE)
    except (ValueError, units.UnitError):
        return default


def derive_link(
    raw: Mapping[str, Any],
    path: KeyPath,
    link_prov: Provenance | None,
    discount_rate: float,
    lifetime_yr: float,
    *,
    check: Check,
    measure: Measure,
    report: Report,
) -> DerivedLink | None:
    """Validate a link's design table (``pipeline`` or ``lng``) and derive its numbers.

    ``raw`` is the link's raw TOML table, ``path`` its key path, ``discount_rate`` (1/yr)
    and ``lifetime_yr`` (the link's economic life) set the least-cost sizing; problems go to
    ``report`` (``file:line: key.path: message`` in the loader), and None is returned when
    any was found.
    """
    given = [k for k in DESIGN_KEYS if k in raw]
    if len(given) > 1:
        report(path, "give either a pipeline or an lng design, not both")
        return None
    key = given[0]
    clash = [k for k in DERIVED_FIELDS if k in raw]
    if clash:
        for k in clash:
            report((*path, k), f"derived from the {key} design; remove it or the design")
        return None
    args = (raw[key], (*path, key), link_prov, discount_rate, lifetime_yr, check, measure, report)
    return _pipeline(*args) if key == "pipeline" else _lng(*args)


def _pipeline(
    raw: Any,
    path: KeyPath,
    link_prov: Provenance | None,
    discount_rate: float,
    lifetime_yr: float,
    check: Check,
    measure: Measure,
    report: Report,
) -> DerivedLink | None:
    spec: PipelineSpec | None = check(PipelineSpec, raw, path)
    if spec is None:
        return None
    prov = inherit(spec, link_prov)
    sources: dict[str, Provenance] = {}
    inputs: dict[str, Any] = {}

    def num(name: str, dimension: str, default: float) -> float:
        value = measure((*path, name), getattr(spec, name), dimension, prov, sources)
        result = default if value is None else value
        inputs[name + _SUFFIX.get(dimension, "")] = result
        return result

    throughput = num("throughput", units.GAS_RATE, 0.0)
    od_km = measure((*path, "outer_diameter"), spec.outer_diameter, units.LENGTH, prov, sources)
    defaults = DesignBasis()
    basis = DesignBasis(
        maop_bar=num("maop", units.PRESSURE, defaults.maop_bar),
        offshore_maop_bar=num("offshore_maop", units.PRESSURE, defaults.maop_bar)
        if spec.offshore_maop is not None
        else None,
        inlet_pressure_bar=num("inlet_pressure", units.PRESSURE, defaults.inlet_pressure_bar),
        delivery_pressure_bar=num(
            "delivery_pressure", units.PRESSURE, defaults.delivery_pressure_bar
        ),
        station_pressure_ratio=num(
            "station_pressure_ratio", units.FRACTION, defaults.station_pressure_ratio
        ),
        efficiency=num("compressor_efficiency", units.FRACTION, defaults.efficiency),
        efficiency_kind=spec.efficiency_kind,
        z_method=spec.z_method,
    )
    central = CostBasis()
    costs = CostBasis(
        discount_rate=discount_rate,
        life_yr=lifetime_yr,
        utilisation=num("utilisation", units.FRACTION, 1.0),
        gas_price_usd_per_1000m3=num(
            "gas_price", units.GAS_PRICE, central.gas_price_usd_per_1000m3
        ),
        compressor_musd_per_mw=num(
            "compressor_cost", units.POWER_COST, central.compressor_musd_per_mw
        ),
        other_fraction=num("other_fraction", units.FRACTION, central.other_fraction),
        opex_fraction=num("opex_fraction", units.RATE, central.opex_fraction),
    )
    inputs.update(efficiency_kind=spec.efficiency_kind, z_method=spec.z_method)
    route: list[Segment] = []
    route_rows: list[dict[str, Any]] = []
    for s, seg in enumerate(spec.segments):
        spath = (*path, "segments", s)
        sprov = inherit(seg, prov)
        seg_sources: dict[str, Provenance] = {}
        length = measure((*spath, "length"), seg.length, units.LENGTH, sprov, seg_sources)
        factor, factor_source = 1.0, "no regional factor"
        if seg.region is not None and seg.cost_factor is not None:
            report((*spath, "region"), "give region or cost_factor, not both")
        elif seg.region is not None:
            if seg.region not in REGIONAL_FACTORS:
                known = ", ".join(REGIONAL_FACTORS)
                report((*spath, "region"), f"unknown region {seg.region!r} (known: {known})")
            else:
                factor, factor_source = REGIONAL_FACTORS[seg.region]
        elif seg.cost_factor is not None:
            value = measure(
                (*spath, "cost_factor"), seg.cost_factor, units.FRACTION, sprov, seg_sources
            )
            factor = 1.0 if value is None else value
            factor_source = str(seg_sources.get("cost_factor", ""))
        if seg.elevation_profile_km_m and sprov is None:
            report((*spath, "elevation_profile_km_m"), "profile has no source or assumption")
        for name, p in seg_sources.items():
            sources[f"segments[{s + 1}].{name}"] = p
        if length is None or length <= 0:
            if length is not None:
                report((*spath, "length"), "segment length must be positive")
            continue
        route.append(
            Segment(length, seg.offshore, seg.name, tuple(seg.elevation_profile_km_m), factor)
        )
        route_rows.append(
            {
                "name": seg.name,
                "length_km": length,
                "offshore": seg.offshore,
                "cost_factor": factor,
                "cost_factor_source": factor_source,
                "elevation_profile_km_m": [list(p) for p in seg.elevation_profile_km_m],
            }
        )
    if len(route) != len(spec.segments) or throughput <= 0:
        if throughput <= 0 and spec.throughput is not None:
            report((*path, "throughput"), "throughput must be positive")
        return None
    overrun = num("capex_factor", units.FRACTION, 1.0)
    if overrun <= 0:
        report((*path, "capex_factor"), "capex_factor must be positive")
        return None
    try:
        econ = least_cost_pipeline(
            tuple(route),
            throughput,
            gas=PIPELINE_GAS,
            basis=basis,
            costs=costs,
            outer_diameter_mm=None if od_km is None else od_km * 1e6,
        )
    except DesignInfeasible as exc:
        report(path, f"design cannot carry the throughput: {exc}")
        return None
    d, c = econ.design, econ.cost
    fuel_cost = d.fuel_fraction * costs.gas_price_usd_per_1000m3
    unit_cost = c.opex_musd_per_yr / (throughput * costs.utilisation) + fuel_cost
    inputs["outer_diameter_mm"] = None if od_km is None else od_km * 1e6
    design = {
        "kind": "pipeline",
        "inputs": inputs,
        "segments": route_rows,
        "derived": {
            "nominal_size_in": d.nominal_size_in,
            "outer_diameter_mm": d.outer_diameter_mm,
            "wall_mm": d.wall_mm,
            "offshore_wall_mm": d.offshore_wall_mm,
            "length_km": d.length_km,
            "offshore_km": d.offshore_km,
            "stations": len(d.stations),
            "duty_power_mw": d.power_mw,
            "installed_power_mw": d.installed_power_mw,
            "fuel_fraction": d.fuel_fraction,
            "fuel_usd_per_1000m3": fuel_cost,
            "arrival_pressure_bar": d.arrival_pressure_bar,
            "max_velocity_m_per_s": d.max_velocity_m_per_s,
            "capacity_bcm_per_yr": throughput,
            "capex_musd": c.capex_musd * overrun,
            "engineering_capex_musd": c.capex_musd,
            "capex_pipe_musd": c.pipe_musd,
            "capex_compressors_musd": c.compressors_musd,
            "capex_other_musd": c.other_musd,
            "opex_musd_per_yr": c.opex_musd_per_yr,
            "unit_cost_usd_per_1000m3": unit_cost,
            "levelised_usd_per_1000m3": c.usd_per_1000m3,
            "levelised_usd_per_1000m3_per_100km": c.usd_per_1000m3_per_100km,
            "levelised_usd_per_mmbtu": c.usd_per_mmbtu,
            "discount_rate": discount_rate,
        },
        "stations": [
            {
                "position_km": st.position_km,
                "kind": st.kind,
                "suction_bar": st.suction_bar,
                "discharge_bar": st.discharge_bar,
                "power_mw": st.power_mw,
            }
            for st in d.stations
        ],
    }
    derived_prov = Provenance(
        None, "derived by corridor.engineering from the pipeline design (see Link.design)"
    )
    for name in ("capacity", "unit_cost", "capex", "loss", "length"):
        sources[name] = derived_prov
    return DerivedLink(
        capacity=throughput,
        unit_cost=unit_cost,
        capex_musd=c.capex_musd * overrun,
        loss_fraction=0.0,
        length_km=d.length_km,
        lifetime_yr=costs.life_yr,
        design=design,
        sources=sources,
    )


def _lng(
    raw: Any,
    path: KeyPath,
    link_prov: Provenance | None,
    discount_rate: float,
    lifetime_yr: float,
    check: Check,
    measure: Measure,
    report: Report,
) -> DerivedLink | None:
    spec: LngSpec | None = check(LngSpec, raw, path)
    if spec is None:
        return None
    prov = inherit(spec, link_prov)
    sources: dict[str, Provenance] = {}
    volume = measure((*path, "volume"), spec.volume, units.GAS_RATE, prov, sources)
    distance = measure((*path, "distance"), spec.distance, units.LENGTH, prov, sources)
    speed = measure((*path, "speed"), spec.speed, units.SPEED, prov, sources)
    price = measure((*path, "gas_price"), spec.gas_price, units.GAS_PRICE, prov, sources)
    factor = measure((*path, "capex_factor"), spec.capex_factor, units.FRACTION, prov, sources)
    overrun = 1.0 if factor is None else factor
    if overrun <= 0:
        report((*path, "capex_factor"), "capex_factor must be positive")
        return None
    if volume is None or distance is None:
        return None
    defaults = LngBasis()
    basis = defaults.with_changes(
        discount_rate=discount_rate,
        life_yr=lifetime_yr,
        speed_knots=defaults.speed_knots if speed is None else units.from_internal(speed, "kn"),
        gas_price_usd_per_1000m3=defaults.gas_price_usd_per_1000m3 if price is None else price,
    )
    try:
        chain = lng_chain_cost(volume, distance, basis)
    except DesignInfeasible as exc:
        report(path, str(exc))
        return None
    unit_cost = chain.opex_musd_per_yr / volume
    design = {
        "kind": "lng",
        "inputs": {
            "volume_bcm_per_yr": volume,
            "distance_km": distance,
            "speed_knots": basis.speed_knots,
            "gas_price_usd_per_1000m3": basis.gas_price_usd_per_1000m3,
            "lifetime_yr": basis.life_yr,
            "capex_factor": overrun,
        },
        "derived": {
            "capacity_bcm_per_yr": volume / (1.0 - chain.loss_fraction),
            "carriers": chain.ships,
            "round_trip_days": chain.round_trip_days,
            "capex_musd": chain.capex_musd * overrun,
            "engineering_capex_musd": chain.capex_musd,
            "opex_musd_per_yr": chain.opex_musd_per_yr,
            "loss_fraction": chain.loss_fraction,
            "unit_cost_usd_per_1000m3": unit_cost,
            "liquefaction_usd_per_mmbtu": chain.liquefaction_usd_per_mmbtu,
            "shipping_usd_per_mmbtu": chain.shipping_usd_per_mmbtu,
            "regasification_usd_per_mmbtu": chain.regasification_usd_per_mmbtu,
            "levelised_usd_per_mmbtu": chain.usd_per_mmbtu,
            "discount_rate": discount_rate,
        },
    }
    derived_prov = Provenance(
        None, "derived by corridor.engineering from the LNG design (see Link.design)"
    )
    for name in ("capacity", "unit_cost", "capex", "loss", "length"):
        sources[name] = derived_prov
    return DerivedLink(
        capacity=volume / (1.0 - chain.loss_fraction),
        unit_cost=unit_cost,
        capex_musd=chain.capex_musd * overrun,
        loss_fraction=chain.loss_fraction,
        length_km=distance,
        lifetime_yr=basis.life_yr,
        design=design,
        sources=sources,
    )


__all__ = [
    "DERIVED_FIELDS",
    "DESIGN_KEYS",
    "Check",
    "DerivedLink",
    "LngSpec",
    "Measure",
    "PipelineSpec",
    "Report",
    "SegmentSpec",
    "derive_link",
    "scenario_discount_rate",
]
