"""The ``pipeline`` table of a link given by design: route, conditions, subsea walls and costs.

:func:`derive_pipeline` validates the table and designs the line through
:mod:`corridor.engineering` (see :mod:`corridor.scenario.design` for what a link given by
design derives). Subsea segments with a depth profile or a ``max_depth`` get their wall
from the collapse check and their cost from quantities, and ``Link.design`` then holds,
per such segment, the wall, the binding check, the depth beyond which buckle arrestors
are needed, the deepest built line of at least that diameter, and the cost by item.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Literal

from pydantic import Field

from corridor import units
from corridor.engineering.cost import REGIONAL_FACTORS, CostBasis, least_cost_pipeline
from corridor.engineering.gas import PIPELINE_GAS
from corridor.engineering.hydraulics import DesignBasis, DesignInfeasible, Segment
from corridor.engineering.offshore import SEABED_TEMPERATURE_C, OffshoreBasis
from corridor.engineering.offshore_cost import (
    DEFAULT_OFFSHORE_COSTS,
    OffshoreCostBasis,
    subsea_records,
)
from corridor.errors import InputError
from corridor.scenario.derived import UNIT_SUFFIX, DerivedLink, DesignContext, Measure, Report
from corridor.scenario.provenance import KeyPath, Provenance, inherit
from corridor.scenario.schema import MeasureFile, Sourced


class SegmentSpec(Sourced):
    """One ``[[links.pipeline.segments]]`` entry.

    ``length`` a length measure; ``offshore`` true for subsea stretches; ``region`` a key
    of :data:`corridor.engineering.cost.REGIONAL_FACTORS` (its factor and source come from
    the engineering table) or ``cost_factor`` a dimensionless measure of your own;
    ``elevation_profile_km_m`` pairs of (km from the segment start, metres above sea level);
    offshore, ``depth_profile_km_m`` pairs of (km from the segment start, metres below sea
    level) or ``max_depth`` (a length, ``"3000 m"``) held along the whole segment: with
    either, the segment's wall is designed for collapse and its cost built from quantities
    (:mod:`corridor.engineering.offshore`, :mod:`corridor.engineering.offshore_cost`).
    """

    name: str = ""
    length: MeasureFile
    offshore: bool = False
    region: str | None = None
    cost_factor: MeasureFile | None = None
    elevation_profile_km_m: list[tuple[float, float]] = Field(default_factory=list)
    depth_profile_km_m: list[tuple[float, float]] = Field(default_factory=list)
    max_depth: MeasureFile | None = None


class PipelineSpec(Sourced):
    """The ``[links.pipeline]`` table: route, throughput and design conditions.

    Pressures in a pressure unit (bar absolute), ``outer_diameter`` a length (``mm``) or
    omitted for the least-cost standard size, efficiencies and ratios dimensionless
    (``"0.85 1"`` or ``"85 %"``), ``gas_price`` to weigh fuel when choosing the size;
    ``compressor_cost`` (``"2.5 USD m/MW"``), ``other_fraction`` and ``opex_fraction``
    (``"1.5 %/yr"``) replace the engineering unit costs of
    :data:`corridor.engineering.cost.UNIT_COSTS` for this link; ``capex_factor`` scales
    the designed investment. Subsea segments with a depth (see :class:`SegmentSpec`) use
    ``steel_grade`` (X60–X80, default X70), ``fabrication`` (seamless, uo, uoe),
    ``safety_class`` (low, medium, high), ``ovality`` (``"0.5 %"``),
    ``corrosion_allowance`` (``"1 mm"``), ``seabed_temperature`` (``"1 degC"``) and the
    unit costs ``steel_price`` (``"1500 USD/t"``), ``landfall_cost`` (``"100 USD m"``) and
    ``lay_cost_factor`` (scales every lay spread's day rate) of
    :func:`corridor.engineering.offshore_cost.offshore_unit_costs`.
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
    steel_grade: Literal["X60", "X65", "X70", "X80"] | None = None
    fabrication: Literal["seamless", "uo", "uoe"] | None = None
    safety_class: Literal["low", "medium", "high"] | None = None
    ovality: MeasureFile | None = None
    corrosion_allowance: MeasureFile | None = None
    seabed_temperature: MeasureFile | None = None
    steel_price: MeasureFile | None = None
    landfall_cost: MeasureFile | None = None
    lay_cost_factor: MeasureFile | None = None


def derive_pipeline(raw: Any, ctx: DesignContext) -> DerivedLink | None:
    """Validate a ``[links.pipeline]`` table and derive the link's numbers (see ``derive_link``)."""
    path, check, measure, report = ctx.path, ctx.check, ctx.measure, ctx.report
    discount_rate, lifetime_yr = ctx.discount_rate, ctx.lifetime_yr
    spec: PipelineSpec | None = check(PipelineSpec, raw, path)
    if spec is None:
        return None
    prov = inherit(spec, ctx.link_prov)
    sources: dict[str, Provenance] = {}
    inputs: dict[str, Any] = {}

    def num(name: str, dimension: str, default: float) -> float:
        value = measure((*path, name), getattr(spec, name), dimension, prov, sources)
        result = default if value is None else value
        inputs[name + UNIT_SUFFIX.get(dimension, "")] = result
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
    deep = any(seg.offshore and (seg.depth_profile_km_m or seg.max_depth) for seg in spec.segments)
    basis, offshore_costs = _subsea(
        spec, basis, num, deep, inputs, (path, prov, sources), measure, report
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
        offshore=offshore_costs,
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
        depth = _depth_profile(seg, spath, sprov, seg_sources, length, measure, report)
        for name, p in seg_sources.items():
            sources[f"segments[{s + 1}].{name}"] = p
        if length is None or length <= 0:
            if length is not None:
                report((*spath, "length"), "segment length must be positive")
            continue
        route.append(
            Segment(
                length, seg.offshore, seg.name, tuple(seg.elevation_profile_km_m), factor, depth
            )
        )
        route_rows.append(
            {
                "name": seg.name,
                "length_km": length,
                "offshore": seg.offshore,
                "cost_factor": factor,
                "cost_factor_source": factor_source,
                "elevation_profile_km_m": [list(p) for p in seg.elevation_profile_km_m],
                **({"depth_profile_km_m": [list(p) for p in depth]} if depth else {}),
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
            **(
                {"capex_landfalls_musd": c.breakdown.landfalls_musd}
                if c.breakdown and c.breakdown.subsea
                else {}
            ),
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
        **({"subsea": subsea_records(c.breakdown)} if c.breakdown and c.breakdown.subsea else {}),
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


Num = Any  # the loader's ``num(name, dimension, default)`` closure


def _subsea(
    spec: PipelineSpec,
    basis: DesignBasis,
    num: Num,
    deep: bool,
    inputs: dict[str, Any],
    where: tuple[KeyPath, Provenance | None, dict[str, Provenance]],
    measure: Measure,
    report: Report,
) -> tuple[DesignBasis, OffshoreCostBasis]:
    """The subsea material, seabed temperature and unit costs of the table (defaults if absent).

    Recorded in ``inputs`` only for a route with a subsea segment given by depth, so the
    design of every other line reads as before. ``where``: the table's key path, its
    provenance and the link's sources.
    """
    path, prov, sources = where
    keys = ("ovality", "corrosion_allowance", "seabed_temperature", "steel_price",
            "landfall_cost", "lay_cost_factor")  # fmt: skip
    given = [k for k in keys if getattr(spec, k) is not None]
    given += [k for k in ("steel_grade", "fabrication", "safety_class") if getattr(spec, k)]
    if given and not deep:
        report((*path, given[0]), "only a route with a subsea segment given by depth uses it")
    if not deep:
        return basis, DEFAULT_OFFSHORE_COSTS
    m = OffshoreBasis()
    c = DEFAULT_OFFSHORE_COSTS
    corrosion_km = measure(
        (*path, "corrosion_allowance"), spec.corrosion_allowance, units.LENGTH, prov, sources
    )
    material = {
        "steel_grade": spec.steel_grade or m.steel_grade,
        "fabrication": spec.fabrication or m.fabrication,
        "safety_class": spec.safety_class or m.safety_class,
        "ovality": num("ovality", units.FRACTION, m.ovality),
        "corrosion_mm": m.corrosion_mm if corrosion_km is None else corrosion_km * 1e6,
    }
    inputs.update(
        {k: material[k] for k in ("steel_grade", "fabrication", "safety_class")},
        corrosion_allowance_mm=material["corrosion_mm"],
    )
    seabed = num("seabed_temperature", units.TEMPERATURE, basis.temperature_k)
    lay = num("lay_cost_factor", units.FRACTION, 1.0)
    costs = c.with_changes(
        steel_usd_per_t=num("steel_price", units.MASS_PRICE, c.steel_usd_per_t),
        landfall_musd=num("landfall_cost", units.MONEY, c.landfall_musd),
    ).scaled_lay(lay)
    low, high = SEABED_TEMPERATURE_C
    problems = [
        ("seabed_temperature", not low + 273.15 <= seabed <= high + 273.15,
         f"must lie in [{low:g}, {high:g}] degC"),
        ("steel_price", costs.steel_usd_per_t <= 0, "must be positive"),
        ("landfall_cost", costs.landfall_musd < 0, "cannot be negative"),
        ("lay_cost_factor", lay <= 0, "must be positive"),
    ]  # fmt: skip
    try:
        offshore = OffshoreBasis(**material)
    except InputError as exc:  # the basis keeps the bounds; name its field as the file does
        key = _FILE_KEYS.get(exc.parameter or "", exc.parameter or "")
        problems.append((key, True, exc.problem))
    for key, bad, message in problems:
        if bad:
            report((*path, key), message)
    if any(bad for _, bad, _ in problems):
        return basis, DEFAULT_OFFSHORE_COSTS
    return replace(basis, seabed_temperature_k=seabed, offshore=offshore), costs


_FILE_KEYS = {"corrosion_mm": "corrosion_allowance"}
"""The file's key for an :class:`OffshoreBasis` field where the two names differ."""


def _depth_profile(
    seg: SegmentSpec,
    spath: KeyPath,
    sprov: Provenance | None,
    seg_sources: dict[str, Provenance],
    length_km: float | None,
    measure: Measure,
    report: Report,
) -> tuple[tuple[float, float], ...]:
    """The segment's (km, depth m) profile from ``depth_profile_km_m`` or ``max_depth``."""
    if seg.depth_profile_km_m and seg.max_depth is not None:
        report((*spath, "max_depth"), "give depth_profile_km_m or max_depth, not both")
        return ()
    if (seg.depth_profile_km_m or seg.max_depth is not None) and not seg.offshore:
        key = "max_depth" if seg.max_depth is not None else "depth_profile_km_m"
        report((*spath, key), "only an offshore segment has a water depth")
        return ()
    if seg.max_depth is not None:
        km = measure((*spath, "max_depth"), seg.max_depth, units.LENGTH, sprov, seg_sources)
        if km is None:
            return ()
        if not 0 < km * 1e3 <= 11_000:
            report((*spath, "max_depth"), "depth must lie in (0, 11,000] m")
            return ()
        return ((0.0, km * 1e3),)
    points = tuple((float(x), float(z)) for x, z in seg.depth_profile_km_m)
    if not points:
        return ()
    if sprov is None:
        report((*spath, "depth_profile_km_m"), "profile has no source or assumption")
    bad = [p for p in points if not (0 <= p[1] <= 11_000 and p[0] >= 0)]
    if bad:
        report(
            (*spath, "depth_profile_km_m"),
            f"point {list(bad[0])}: km must not be negative and depth must lie in [0, 11,000] m",
        )
        return ()
    if max(z for _, z in points) <= 0:
        report((*spath, "depth_profile_km_m"), "a depth profile needs a point below sea level")
        return ()
    return points


__all__ = ["PipelineSpec", "SegmentSpec", "derive_pipeline"]
