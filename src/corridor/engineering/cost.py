"""Pipeline cost: capex, opex, fuel and levelised transport cost, with sourced unit costs.

Money in USD m (2011 US dollars unless a source says otherwise), unit costs as named in
``UNIT_COSTS``; levelised costs in USD per 1000 m3, USD per 1000 m3 per 100 km (the unit of
transit tariffs) and USD/MMBtu (via BP's 34.1 MMBtu per 1000 m3 in :mod:`corridor.units`).
Every unit cost carries a central value, a documented range and its source, so users can
see where a number comes from and run sensitivities over the range.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Final

from corridor.engineering.costing import FinanceBasis, UnitCost, quantity_table, unit_cost_rows
from corridor.engineering.gas import PIPELINE_GAS, Gas
from corridor.engineering.hydraulics import (
    DEFAULT_DESIGN_BASIS,
    STANDARD_SIZES,
    DesignBasis,
    DesignInfeasible,
    HydraulicDesign,
    Segment,
    Station,
)
from corridor.engineering.offshore import WallCheck
from corridor.engineering.offshore_cost import (
    DEFAULT_OFFSHORE_COSTS,
    OffshoreCostBasis,
    PipeBreakdown,
    SubseaPart,
    offshore_segment_cost,
    offshore_unit_costs,
)
from corridor.engineering.sizing import (
    Abandoned,
    check_inputs,
    design_for_size,
    no_size_fits_from,
    route_walls,
)
from corridor.units import MMBTU_PER_1000M3, annuity_factor

if TYPE_CHECKING:
    import pandas as pd


UNIT_COSTS: Final[dict[str, UnitCost]] = {
    "pipe_onshore": UnitCost(
        50_000.0,
        25_000.0,
        140_000.0,
        "USD per inch-km",
        "Oil & Gas Journal annual US pipeline cost surveys (Smith, OGJ 2008–2012): land "
        "lines about US$ 60–150 k per inch-mile, i.e. 37–93 k per inch-km in the US; "
        "IEA/CEDIGAZ and Russian/Chinese builds lower (~25 k); high end from the Power of "
        "Siberia outturn (about RUB 1.1 trn for ~2,200 km of 56-inch pipe, ~US$ 140 k per "
        "inch-km at 2014–19 exchange rates, permafrost and remoteness included)",
    ),
    "pipe_offshore": UnitCost(
        80_000.0,
        50_000.0,
        150_000.0,
        "USD per inch-km",
        "Nord Stream 1 outturn: EUR 7.4 bn for 2 x 1,224 km of 48-inch pipe (2011–12), "
        "about US$ 80 k per inch-km per line; range from IEA/CEDIGAZ offshore cost "
        "ratios of 1.5–3 x onshore",
    ),
    "compressor": UnitCost(
        2.5,
        1.5,
        4.0,
        "USD m per MW installed",
        "Oil & Gas Journal pipeline cost surveys (compressor stations about US$ 2,000–3,000 "
        "per installed hp, i.e. US$ 2.7–4.0 m per MW, US 2008–2012); lower bound IEA/CEDIGAZ "
        "for turbine-driven stations outside the US",
    ),
    "other": UnitCost(
        0.20,
        0.10,
        0.30,
        "fraction of pipe + compressor capex",
        "engineering, right of way, metering, SCADA and contingency; OGJ cost surveys "
        "split ~25–35 % of US land-line cost into ROW and miscellaneous; 20 % central is "
        "an assumption for state-led projects",
    ),
    "opex": UnitCost(
        0.015,
        0.010,
        0.025,
        "fraction of capex per year",
        "IEA (1994) Natural Gas Transportation: Organisation and Regulation, and common "
        "practice of 1–2.5 % of investment per year for O&M excluding fuel",
    ),
}

REGIONAL_FACTORS: Final[dict[str, tuple[float, str]]] = {
    "us": (1.0, "reference of the OGJ cost surveys"),
    "russia-far-east": (
        1.3,
        "assumption: remote, harsh climate, short construction season (cf. Sakhalin–"
        "Khabarovsk–Vladivostok, 2011)",
    ),
    "north-korea": (
        1.4,
        "assumption: mountainous east-coast route, no construction base, imported materials",
    ),
    "south-korea": (1.2, "assumption: dense land use and right-of-way costs"),
    "china": (0.8, "assumption: lower labour and steel costs (West–East pipelines)"),
}


@dataclass(frozen=True, slots=True)
class CostBasis(FinanceBasis):
    """Unit costs and finance for costing a pipeline.

    ``pipe_*_usd_per_inch_km`` per inch of nominal diameter and km, ``compressor_musd_per_mw``
    per installed MW, ``other_fraction`` of pipe plus compressor capex, ``opex_fraction``
    of capex per year, ``utilisation`` the average flow as a fraction of design;
    ``offshore`` the unit costs of subsea segments with a depth profile; the finance
    (:class:`FinanceBasis`: ``gas_price_usd_per_1000m3`` prices fuel gas).
    """

    pipe_onshore_usd_per_inch_km: float = UNIT_COSTS["pipe_onshore"].value
    pipe_offshore_usd_per_inch_km: float = UNIT_COSTS["pipe_offshore"].value
    compressor_musd_per_mw: float = UNIT_COSTS["compressor"].value
    other_fraction: float = UNIT_COSTS["other"].value
    opex_fraction: float = UNIT_COSTS["opex"].value
    utilisation: float = 1.0
    offshore: OffshoreCostBasis = DEFAULT_OFFSHORE_COSTS


DEFAULT_COST_BASIS: Final = CostBasis()
"""The central unit costs and finance."""


@dataclass(frozen=True, slots=True)
class PipelineCost:
    """Capex by part (USD m), opex and fuel (USD m/yr) and levelised transport costs."""

    pipe_musd: float
    compressors_musd: float
    other_musd: float
    opex_musd_per_yr: float
    fuel_musd_per_yr: float
    capital_charge_musd_per_yr: float
    usd_per_1000m3: float
    usd_per_1000m3_per_100km: float
    usd_per_mmbtu: float
    breakdown: PipeBreakdown | None = None

    @property
    def capex_musd(self) -> float:
        """Total investment, USD m."""
        return self.pipe_musd + self.compressors_musd + self.other_musd

    @property
    def non_fuel_usd_per_1000m3(self) -> float:
        """Capital charge plus opex per 1000 m3 (fixed costs), USD."""
        return self.usd_per_1000m3 - self.fuel_usd_per_1000m3

    @property
    def fuel_usd_per_1000m3(self) -> float:
        """Fuel gas cost per 1000 m3 carried, USD."""
        total = self.capital_charge_musd_per_yr + self.opex_musd_per_yr + self.fuel_musd_per_yr
        return self.usd_per_1000m3 * self.fuel_musd_per_yr / total if total else 0.0


@dataclass(frozen=True, slots=True)
class PipelineEconomics:
    """A hydraulic design with its cost."""

    design: HydraulicDesign
    cost: PipelineCost


def pipeline_cost(design: HydraulicDesign, costs: CostBasis = CostBasis()) -> PipelineCost:
    """Capex, opex, fuel and levelised cost of ``design``.

    Pipe = Σ segments nominal inch × km × unit cost (onshore or offshore) × segment
    ``cost_factor``; compressors = installed MW × USD m/MW; other = fraction of both.
    Levelised cost = (capex × annuity factor + opex + fuel) / volume carried, with volume =
    throughput × utilisation and fuel = fuel fraction × volume × gas price.
    """
    walls = design.offshore_walls or (None,) * len(design.route)
    parts = pipe_breakdown(design.route, design.nominal_size_in, walls, costs)
    cost = _costed(
        parts.total_musd, design.installed_power_mw, design.fuel_fraction,
        design.throughput_bcm_per_yr, design.length_km, costs,
    )  # fmt: skip
    return replace(cost, breakdown=parts)


def _costed(
    pipe: float, installed_power_mw: float, fuel_fraction: float, throughput_bcm_per_yr: float,
    length_km: float, costs: CostBasis,
) -> PipelineCost:  # fmt: skip
    # every term grows with the installed power and the fuel: with fewer stations than a
    # design's, the same arithmetic gives a lower bound on its levelised cost
    compressors = installed_power_mw * costs.compressor_musd_per_mw
    other = costs.other_fraction * (pipe + compressors)
    capex = pipe + compressors + other
    charge = capex * annuity_factor(costs.discount_rate, costs.life_yr)
    opex = costs.opex_fraction * capex
    volume_bcm = throughput_bcm_per_yr * costs.utilisation
    fuel = fuel_fraction * volume_bcm * costs.gas_price_usd_per_1000m3
    per_1000m3 = (charge + opex + fuel) / volume_bcm  # USD m per bcm = USD per 1000 m3
    return PipelineCost(
        pipe_musd=pipe,
        compressors_musd=compressors,
        other_musd=other,
        opex_musd_per_yr=opex,
        fuel_musd_per_yr=fuel,
        capital_charge_musd_per_yr=charge,
        usd_per_1000m3=per_1000m3,
        usd_per_1000m3_per_100km=per_1000m3 / (length_km / 100.0),
        usd_per_mmbtu=per_1000m3 / MMBTU_PER_1000M3,
    )


def pipe_capex_musd(
    route: tuple[Segment, ...],
    nominal_size_in: float,
    costs: CostBasis,
    walls: tuple[WallCheck | None, ...] | None = None,
) -> float:
    """Pipe capex of a route, USD m (:func:`pipe_breakdown` summed)."""
    return pipe_breakdown(route, nominal_size_in, walls or (None,) * len(route), costs).total_musd


def pipe_breakdown(
    route: tuple[Segment, ...],
    nominal_size_in: float,
    walls: tuple[WallCheck | None, ...],
    costs: CostBasis,
) -> PipeBreakdown:
    """Pipe capex of a route by part.

    Segments without a subsea wall (``walls[k]`` None): nominal inch × km × unit cost
    (onshore or offshore) × ``cost_factor``. Subsea segments with a wall: quantities priced
    by :func:`corridor.engineering.offshore_cost.offshore_segment_cost`, × ``cost_factor``;
    every offshore stretch that holds one has two landfalls.
    """
    onshore = plain = 0.0
    subsea: list[SubseaPart] = []
    for k, (seg, wall) in enumerate(zip(route, walls, strict=True)):
        if wall is not None:
            cost = offshore_segment_cost(seg.length_km, seg.depth_m, wall, costs.offshore)
            subsea.append(SubseaPart(k, seg.name, seg.cost_factor, cost))
        elif seg.offshore:
            plain += (
                nominal_size_in
                * seg.length_km
                * costs.pipe_offshore_usd_per_inch_km
                * seg.cost_factor
                / 1e6
            )
        else:
            onshore += (
                nominal_size_in
                * seg.length_km
                * costs.pipe_onshore_usd_per_inch_km
                * seg.cost_factor
                / 1e6
            )
    pairs = zip(route, walls, strict=True)
    stretches = sum(
        any(w is not None for _, w in stretch)
        for offshore, stretch in itertools.groupby(pairs, key=lambda p: p[0].offshore)
        if offshore
    )
    landfalls = 2 * stretches
    return PipeBreakdown(
        onshore, plain, tuple(subsea), landfalls, landfalls * costs.offshore.landfall_musd
    )


def levelised_floor_usd_per_1000m3(
    route: tuple[Segment, ...], nominal_size_in: float, throughput_bcm_per_yr: float,
    costs: CostBasis, walls: tuple[WallCheck | None, ...] | None = None,
) -> float:  # fmt: skip
    """A lower bound on the levelised cost of any design of this size, USD/1000 m3.

    The pipe alone, with its share of "other" and its opex: compressors and fuel only add
    (every unit cost is non-negative), so no design of this size levelises below it.
    """
    pipe = pipe_capex_musd(route, nominal_size_in, costs, walls)
    return _costed(pipe, 0.0, 0.0, throughput_bcm_per_yr, 1.0, costs).usd_per_1000m3


_MARGIN: Final = 1e-9
"""Relative slack of the bounds: summing the same stations in another order rounds differently."""


def least_cost_pipeline(
    route: tuple[Segment, ...],
    throughput_bcm_per_yr: float,
    *,
    gas: Gas = PIPELINE_GAS,
    basis: DesignBasis = DEFAULT_DESIGN_BASIS,
    costs: CostBasis = DEFAULT_COST_BASIS,
    outer_diameter_mm: float | None = None,
) -> PipelineEconomics:
    """The standard size with the lowest levelised cost (or the given diameter), costed.

    Ties go to the smaller size. Raises ``DesignInfeasible`` when no size can carry the
    throughput (with the largest size's reason).
    """
    if outer_diameter_mm is not None:
        design = design_for_size(
            route, throughput_bcm_per_yr, outer_diameter_mm, gas=gas, basis=basis
        )
        return PipelineEconomics(design, pipeline_cost(design, costs))
    # Branch and bound over the sizes, largest first (few stations: a good first bound):
    # a size is skipped when its pipe-only floor, and given up while it is designed when
    # the stations placed so far, already cost more than the best design found. Both are
    # lower bounds on that size's cost, so the answer is the one trying every size gives,
    # with most of the marching (most of the time of loading a scenario) left out.
    check_inputs(route, throughput_bcm_per_yr, basis)
    best: PipelineEconomics | None = None
    errors: list[tuple[bool, DesignInfeasible]] = []  # (wall failed?, why), largest first
    for size_in, od in reversed(STANDARD_SIZES):
        try:
            walls = route_walls(route, od, basis, f"{size_in} in ({od:g} mm)")
        except DesignInfeasible as exc:
            errors.append((True, exc))
            continue
        pipe = pipe_capex_musd(route, size_in, costs, walls)
        bound = math.inf if best is None else best.cost.usd_per_1000m3 * (1.0 + _MARGIN)
        floor = levelised_floor_usd_per_1000m3(route, size_in, throughput_bcm_per_yr, costs, walls)
        if floor > bound:
            continue

        def too_dear(stations: Sequence[Station], pipe: float = pipe, bound: float = bound) -> bool:
            power = sum(s.power_mw for s in stations) * (1 + basis.standby_fraction)
            fuel = sum(s.fuel_fraction for s in stations)
            partial = _costed(pipe, power, fuel, throughput_bcm_per_yr, 1.0, costs)
            return partial.usd_per_1000m3 > bound

        try:
            design = design_for_size(
                route, throughput_bcm_per_yr, od, gas=gas, basis=basis, nominal_size_in=size_in,
                stop=too_dear,
            )  # fmt: skip
        except Abandoned:
            continue
        except DesignInfeasible as exc:
            errors.append((False, exc))
            continue
        econ = PipelineEconomics(design, pipeline_cost(design, costs))
        if best is None or econ.cost.usd_per_1000m3 <= best.cost.usd_per_1000m3:
            best = econ
    if best is None:
        raise no_size_fits_from(STANDARD_SIZES, throughput_bcm_per_yr, errors[::-1])
    return best


def design_table(econ: PipelineEconomics) -> pd.DataFrame:
    """The design and its cost as a (quantity, value, unit) table."""
    d, c = econ.design, econ.cost
    rows = [
        ("throughput", d.throughput_bcm_per_yr, "bcm/yr"),
        ("length", d.length_km, "km"),
        ("of which offshore", d.offshore_km, "km"),
        ("pipe size", d.nominal_size_in, "in"),
        ("outer diameter", d.outer_diameter_mm, "mm"),
        ("wall thickness (onshore)", d.wall_mm, "mm"),
        ("wall thickness (offshore)", d.offshore_wall_mm, "mm"),
        ("MAOP (onshore)", d.basis.maop_bar, "bar"),
        ("MAOP (offshore)", d.basis.subsea_maop_bar, "bar"),
        ("Reynolds number", d.reynolds, "1"),
        ("friction factor (Darcy)", d.friction_factor, "1"),
        ("max velocity", d.max_velocity_m_per_s, "m/s"),
        ("arrival pressure", d.arrival_pressure_bar, "bar"),
        ("compressor stations", len(d.stations), "1"),
        ("duty power", d.power_mw, "MW"),
        ("installed power", d.installed_power_mw, "MW"),
        ("fuel gas", 100.0 * d.fuel_fraction, "% of throughput"),
        ("capex: pipe", c.pipe_musd, "USD m"),
        ("capex: compressors", c.compressors_musd, "USD m"),
        ("capex: other", c.other_musd, "USD m"),
        ("capex: total", c.capex_musd, "USD m"),
        ("capital charge", c.capital_charge_musd_per_yr, "USD m/yr"),
        ("opex", c.opex_musd_per_yr, "USD m/yr"),
        ("fuel", c.fuel_musd_per_yr, "USD m/yr"),
        ("levelised cost", c.usd_per_1000m3, "USD/1000m3"),
        ("levelised cost per 100 km", c.usd_per_1000m3_per_100km, "USD/1000m3/100km"),
        ("levelised cost", c.usd_per_mmbtu, "USD/MMBtu"),
    ]
    return quantity_table(rows)


def station_table(design: HydraulicDesign) -> pd.DataFrame:
    """One row per compressor station: position (km), pressures (bar), power (MW), fuel (%)."""
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "position_km": s.position_km,
                "kind": s.kind,
                "suction_bar": s.suction_bar,
                "discharge_bar": s.discharge_bar,
                "power_mw": s.power_mw,
                "fuel_pct": 100.0 * s.fuel_fraction,
            }
            for s in design.stations
        ],
        columns=["position_km", "kind", "suction_bar", "discharge_bar", "power_mw", "fuel_pct"],
    )


def unit_cost_table() -> pd.DataFrame:
    """The unit costs with ranges and sources, plus the regional factors."""
    import pandas as pd

    rows = unit_cost_rows(UNIT_COSTS) + unit_cost_rows(offshore_unit_costs(), "subsea:")
    rows += [
        {"item": f"region:{k}", "value": v, "low": v, "high": v, "unit": "x", "source": s}
        for k, (v, s) in REGIONAL_FACTORS.items()
    ]
    return pd.DataFrame(rows)


__all__ = [
    "REGIONAL_FACTORS",
    "UNIT_COSTS",
    "CostBasis",
    "DesignInfeasible",
    "PipelineCost",
    "PipelineEconomics",
    "UnitCost",
    "design_table",
    "least_cost_pipeline",
    "pipe_breakdown",
    "pipe_capex_musd",
    "pipeline_cost",
    "station_table",
    "unit_cost_table",
]
