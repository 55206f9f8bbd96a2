"""Subsea pipe cost from quantities: steel, coatings, concrete, lay spread, landfalls, arrestors.

A subsea segment with a depth profile is costed from what it takes to build it, not from
an outturn per inch-km:

- **steel**: tonnage π (D − t) t ρ_steel × length at the segment's wall
  (:mod:`corridor.engineering.offshore`), times the line-pipe price;
- **coating**: anti-corrosion and field-joint coating per m² of outer surface;
- **concrete weight coat** where the sea needs it: the empty (gas-filled) pipe must weigh
  ``sg_shallow`` times the sea water it displaces in the wave- and current-exposed shallows
  (above ``shallow_depth_m``) and ``sg_deep`` below; a thick deep-water wall is often heavy
  enough on its own and gets none;
- **lay**: the length in each depth class over its lay rate (km/day) gives spread days,
  priced at the class's vessel-spread day rate (S-lay on the shelf and slope, J-lay or
  deep S-lay in deep water), plus a mobilisation per spread used;
- **buckle arrestors** every ``arrestor_spacing_km`` below the depth where the wall cannot
  stop a propagating buckle;
- **survey, seabed intervention and marine engineering** as a share of the above.

Landfalls (shore approaches: microtunnel or trench, cofferdam, beach valve) are costed per
shore crossing of the route by :mod:`corridor.engineering.cost`. Money in USD m of 2011.
Every unit cost has a value, a range and a source (or is marked as an assumption), as the
onshore unit costs do; :data:`OUTTURNS` lists built offshore lines to test the model on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Final

from corridor.engineering.costing import Changeable, UnitCost
from corridor.engineering.hydraulics import profile_at
from corridor.engineering.offshore import WallCheck

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True, slots=True)
class LayClass:
    """Depths to ``max_depth_m``: laid by ``method`` at ``km_per_day``, ``spread_musd_per_day``."""

    max_depth_m: float
    method: str
    km_per_day: float
    spread_musd_per_day: float


LAY_CLASSES: Final[tuple[LayClass, ...]] = (
    LayClass(200.0, "S-lay, shallow", 3.0, 0.8),
    LayClass(1000.0, "S-lay, deep", 2.0, 1.0),
    LayClass(math.inf, "J-lay / deep S-lay", 1.2, 1.5),
)
"""Lay rates and spread rates by depth class (see ``OFFSHORE_UNIT_COSTS['lay_*']``)."""


@dataclass(frozen=True, slots=True)
class OffshoreCostBasis(Changeable):
    """Unit costs of subsea pipe; defaults are ``OFFSHORE_UNIT_COSTS``' central values.

    ``steel_usd_per_t`` line pipe delivered, ``coating_usd_per_m2`` of outer surface,
    ``concrete_usd_per_t`` applied weight coat, ``lay`` the depth classes,
    ``mobilisation_musd`` per lay spread used, ``landfall_musd`` per shore crossing,
    ``arrestor_musd`` per buckle arrestor fitted every ``arrestor_spacing_km``,
    ``survey_fraction`` of the items above; densities kg/m3; ``sg_*`` the empty pipe's
    weight over the water it displaces, above and below ``shallow_depth_m``.
    """

    steel_usd_per_t: float = 1500.0
    coating_usd_per_m2: float = 60.0
    concrete_usd_per_t: float = 400.0
    lay: tuple[LayClass, ...] = LAY_CLASSES
    mobilisation_musd: float = 20.0
    landfall_musd: float = 100.0
    arrestor_musd: float = 0.05
    arrestor_spacing_km: float = 1.0
    survey_fraction: float = 0.10
    steel_kg_per_m3: float = 7850.0
    concrete_kg_per_m3: float = 3040.0
    seawater_kg_per_m3: float = 1025.0
    sg_shallow: float = 1.3
    sg_deep: float = 1.1
    shallow_depth_m: float = 200.0

    def scaled_lay(self, factor: float) -> OffshoreCostBasis:
        """A copy whose every spread day rate is ``factor`` times this one's."""
        lay = tuple(
            replace(c, spread_musd_per_day=c.spread_musd_per_day * factor) for c in self.lay
        )
        return replace(self, lay=lay)


DEFAULT_OFFSHORE_COSTS: Final = OffshoreCostBasis()


@dataclass(frozen=True, slots=True)
class OffshoreSegmentCost:
    """The cost of one subsea segment by item (USD m) and the quantities behind it."""

    length_km: float
    wall: WallCheck
    steel_t: float
    concrete_mm_shallow: float
    concrete_mm_deep: float
    concrete_t: float
    lay_days: float
    lay_km_by_class: tuple[float, ...]
    arrestors: int
    steel_musd: float
    coating_musd: float
    concrete_musd: float
    lay_musd: float
    arrestors_musd: float
    survey_musd: float

    @property
    def total_musd(self) -> float:
        """The segment's subsea capex, USD m (landfalls are costed per route)."""
        return (
            self.steel_musd
            + self.coating_musd
            + self.concrete_musd
            + self.lay_musd
            + self.arrestors_musd
            + self.survey_musd
        )


def concrete_mm(
    outer_diameter_mm: float, wall_mm: float, target_sg: float, costs: OffshoreCostBasis
) -> float:
    """Concrete weight coat (mm) that makes the empty pipe ``target_sg`` times the sea it displaces.

    Mass per metre of steel plus concrete equals ``target_sg`` times the water displaced
    by the coated pipe; a quadratic in the coated radius, solved in closed form.
    """
    r = outer_diameter_mm / 2e3
    t = wall_mm / 1e3
    steel = costs.steel_kg_per_m3 * math.pi * (r * r - (r - t) ** 2)
    need = target_sg * costs.seawater_kg_per_m3 * math.pi * r * r
    if steel >= need:
        return 0.0
    # steel + ρc π (R² − r²) = sg ρw π R²  →  R² = (steel − ρc π r²) / (π (sg ρw − ρc))
    excess = target_sg * costs.seawater_kg_per_m3 - costs.concrete_kg_per_m3
    r_out_sq = (steel - costs.concrete_kg_per_m3 * math.pi * r * r) / (math.pi * excess)
    return (math.sqrt(r_out_sq) - r) * 1e3


def offshore_segment_cost(
    length_km: float,
    depth_profile_km_m: tuple[tuple[float, float], ...],
    wall: WallCheck,
    costs: OffshoreCostBasis = DEFAULT_OFFSHORE_COSTS,
) -> OffshoreSegmentCost:
    """Cost one subsea segment of ``length_km`` along its depth profile with its ``wall``.

    The profile is (km from the segment start, depth m) points, linear between them and
    flat beyond; lengths per depth class are measured on it in 0.5 km steps.
    """
    d_mm, t_mm = wall.outer_diameter_mm, wall.wall_mm
    d, t = d_mm / 1e3, t_mm / 1e3
    steel_t_per_km = math.pi * (d - t) * t * costs.steel_kg_per_m3  # kg/m = t/km
    steel_t = steel_t_per_km * length_km
    n = max(1, math.ceil(length_km / 0.5 - 1e-9))
    dx = length_km / n
    depths = [profile_at(depth_profile_km_m, (i + 0.5) * dx) for i in range(n)]
    lay_km = [0.0] * len(costs.lay)
    for z in depths:
        k = next(
            i for i, c in enumerate(costs.lay) if z <= c.max_depth_m or i == len(costs.lay) - 1
        )
        lay_km[k] += dx
    shallow_km = sum(dx for z in depths if z <= costs.shallow_depth_m)
    deep_km = length_km - shallow_km
    c_shallow = concrete_mm(d_mm, t_mm, costs.sg_shallow, costs) if shallow_km > 0 else 0.0
    c_deep = concrete_mm(d_mm, t_mm, costs.sg_deep, costs) if deep_km > 0 else 0.0

    def concrete_t_per_km(c_mm: float) -> float:
        c = c_mm / 1e3
        return math.pi * (d + c) * c * costs.concrete_kg_per_m3

    concrete_t = concrete_t_per_km(c_shallow) * shallow_km + concrete_t_per_km(c_deep) * deep_km
    arrest_km = (
        0.0
        if wall.arrestor_depth_m is None
        else sum(dx for z in depths if z > wall.arrestor_depth_m)
    )
    arrestors = math.ceil(arrest_km / costs.arrestor_spacing_km - 1e-9) if arrest_km else 0
    lay_days = sum(km / c.km_per_day for km, c in zip(lay_km, costs.lay, strict=True))
    spreads = sum(1 for km in lay_km if km > 0)
    lay_musd = (
        sum(
            km / c.km_per_day * c.spread_musd_per_day
            for km, c in zip(lay_km, costs.lay, strict=True)
        )
        + spreads * costs.mobilisation_musd
    )
    steel = steel_t * costs.steel_usd_per_t / 1e6
    coating = math.pi * d * length_km * 1e3 * costs.coating_usd_per_m2 / 1e6
    concrete = concrete_t * costs.concrete_usd_per_t / 1e6
    arrest = arrestors * costs.arrestor_musd
    survey = costs.survey_fraction * (steel + coating + concrete + lay_musd + arrest)
    return OffshoreSegmentCost(
        length_km=length_km,
        wall=wall,
        steel_t=steel_t,
        concrete_mm_shallow=c_shallow,
        concrete_mm_deep=c_deep,
        concrete_t=concrete_t,
        lay_days=lay_days,
        lay_km_by_class=tuple(lay_km),
        arrestors=arrestors,
        steel_musd=steel,
        coating_musd=coating,
        concrete_musd=concrete,
        lay_musd=lay_musd,
        arrestors_musd=arrest,
        survey_musd=survey,
    )


@dataclass(frozen=True, slots=True)
class SubseaPart:
    """A subsea segment of a route: its index and name, ``cost_factor`` and costed quantities."""

    index: int
    name: str
    cost_factor: float
    cost: OffshoreSegmentCost

    @property
    def total_musd(self) -> float:
        """The segment's capex with its cost factor, USD m."""
        return self.cost.total_musd * self.cost_factor


@dataclass(frozen=True, slots=True)
class PipeBreakdown:
    """Pipe capex of a route by part, USD m.

    ``onshore_musd`` and ``plain_offshore_musd`` per inch-km (offshore segments without a
    depth profile keep the Nord Stream outturn per inch-km); ``subsea`` the segments costed
    from quantities; ``landfalls`` shore crossings of the stretches that hold them.
    """

    onshore_musd: float
    plain_offshore_musd: float
    subsea: tuple[SubseaPart, ...]
    landfalls: int
    landfalls_musd: float

    @property
    def total_musd(self) -> float:
        """All pipe capex, USD m."""
        subsea = sum(p.total_musd for p in self.subsea)
        return self.onshore_musd + self.plain_offshore_musd + subsea + self.landfalls_musd


def subsea_records(breakdown: PipeBreakdown) -> list[dict[str, object]]:
    """One record per subsea segment: depth, wall and its binding check, quantities, cost by item.

    JSON-ready (floats, strings, None); :func:`subsea_table` is the same as a DataFrame.
    """
    rows: list[dict[str, object]] = []
    for part in breakdown.subsea:
        c, w = part.cost, part.cost.wall
        rows.append(
            {
                "segment": part.name or f"segment {part.index + 1}",
                "length_km": c.length_km,
                "max_depth_m": w.max_depth_m,
                "steel_grade": w.basis.steel_grade,
                "wall_mm": w.wall_mm,
                "binding_check": w.binding,
                "containment_wall_mm": w.containment_wall_mm,
                "collapse_wall_mm": w.collapse_wall_mm,
                "d_over_t": w.d_over_t,
                "arrestors_below_m": w.arrestor_depth_m,
                "arrestors": c.arrestors,
                "steel_t": c.steel_t,
                "concrete_t": c.concrete_t,
                "lay_days": c.lay_days,
                "steel_musd": c.steel_musd,
                "coating_musd": c.coating_musd,
                "concrete_musd": c.concrete_musd,
                "lay_musd": c.lay_musd,
                "arrestors_musd": c.arrestors_musd,
                "survey_musd": c.survey_musd,
                "cost_factor": part.cost_factor,
                "total_musd": part.total_musd,
                "deepest_built": None if w.reference is None else w.reference.name,
                "deepest_built_m": None if w.reference is None else w.reference.max_depth_m,
                "extrapolation": w.extrapolation,
            }
        )
    return rows


def subsea_table(breakdown: PipeBreakdown) -> pd.DataFrame:
    """:func:`subsea_records` as a DataFrame."""
    import pandas as pd

    return pd.DataFrame(subsea_records(breakdown))


def offshore_unit_costs() -> dict[str, UnitCost]:
    """The subsea unit costs with ranges and sources (central values are the basis defaults)."""
    b = DEFAULT_OFFSHORE_COSTS
    lay = {
        f"lay_{i + 1}": UnitCost(
            c.spread_musd_per_day,
            c.spread_musd_per_day * 0.6,
            c.spread_musd_per_day * 1.6,
            f"USD m per spread day at {c.km_per_day:g} km/day ({c.method}, "
            + (f"to {c.max_depth_m:,.0f} m)" if math.isfinite(c.max_depth_m) else "deeper)"),
            _LAY_SOURCES[i],
        )
        for i, c in enumerate(b.lay)
    }
    return {
        "steel": UnitCost(
            b.steel_usd_per_t,
            1000.0,
            2500.0,
            "USD per t of line pipe delivered",
            "Nord Stream line 1 pipe orders: about EUR 1 bn to Europipe for 75 % of the line's "
            "~1.2 Mt of pipe (Nord Stream AG and Europipe, 2007-08), ~USD 1,500/t; range from "
            "the swing of plate prices 2008-2012 (assumption)",
        ),
        "coating": UnitCost(
            b.coating_usd_per_m2,
            30.0,
            100.0,
            "USD per m2 of outer surface",
            "assumption: three-layer polyethylene or FBE coat, internal flow coat and field-joint "
            "coating, applied at a coating yard",
        ),
        "concrete": UnitCost(
            b.concrete_usd_per_t,
            250.0,
            700.0,
            "USD per t of concrete weight coat applied",
            "assumption: applied concrete weight coat (density 3,040 kg/m3 as Nord Stream's "
            "iron-ore concrete; Nord Stream AG, 2011)",
        ),
        **lay,
        "mobilisation": UnitCost(
            b.mobilisation_musd,
            10.0,
            50.0,
            "USD m per lay spread used",
            "assumption: transit, set-up and demobilisation of a large lay vessel",
        ),
        "landfall": UnitCost(
            b.landfall_musd,
            50.0,
            200.0,
            "USD m per shore crossing",
            "assumption: microtunnel or trenched shore approach, cofferdam, beach valve station "
            "(cf. Nord Stream's landfalls at Vyborg and Lubmin, 2010-11)",
        ),
        "arrestor": UnitCost(
            b.arrestor_musd,
            0.02,
            0.10,
            f"USD m per buckle arrestor, one every {b.arrestor_spacing_km:g} km",
            "assumption: a thick-walled ring or sleeve joint "
            "welded in (DNV-ST-F101 Sec. 5.4.5); spacing is the owner's choice of how much line "
            "a propagating buckle may take",
        ),
        "survey": UnitCost(
            b.survey_fraction,
            0.05,
            0.20,
            "fraction of subsea items",
            "assumption: route survey, seabed intervention (trenching, rock placement), munitions "
            "clearance and marine engineering",
        ),
    }


_LAY_SOURCES: Final = (
    "Nord Stream's S-lay vessels Castoro Sei and Solitaire laid about 2.5-3 km of 48-inch pipe "
    "a day in the Baltic (Nord Stream AG, 2010); spread rate an assumption",
    "assumption: S-lay on the slope, slower for a steeper stinger and tensioner limits",
    "Blue Stream's deep section was J-laid by Saipem 7000 (Saipem, 2002), slower than S-lay "
    "(one welding station); rate and spread rate are assumptions",
)


__all__ = [
    "DEFAULT_OFFSHORE_COSTS",
    "LAY_CLASSES",
    "LayClass",
    "OffshoreCostBasis",
    "OffshoreSegmentCost",
    "PipeBreakdown",
    "SubseaPart",
    "concrete_mm",
    "offshore_segment_cost",
    "offshore_unit_costs",
    "subsea_records",
    "subsea_table",
]
