"""Wall thickness of subsea pipe: pressure containment, collapse and propagation buckling.

The checks and their factors are those of DNV-ST-F101 *Submarine pipeline systems*
(DNV, 2017 and 2021 editions, section 5.4), the code offshore gas lines such as Nord
Stream, Blue Stream and TurkStream were designed to. Pressures are MPa inside this
module (the standard's unit), walls and diameters mm, depths m below sea level.

- **Pressure containment** (eq. 5.6): ``p_li − p_e ≤ p_b(t1) / (γ_m γ_SC,PC)`` with the
  local incidental pressure ``p_li = γ_inc p_d`` (the gas column's own head is left out:
  at 200 bar it adds under 2 % per 1,000 m of descent and the collapse check governs
  there), ``p_e`` the external pressure at the segment's *shallowest* point, and the burst
  resistance ``p_b(t) = 2t/(D − t) · f_cb · 2/√3``, ``f_cb = min(f_y, f_u/1.15)``.
- **System collapse** (eq. 5.10–5.13): ``p_e − p_min ≤ p_c(t1) / (γ_m γ_SC,LB)`` at the
  *deepest* point, with ``p_min = 0`` (a depressurised line) and ``p_c`` the root of
  ``(p_c − p_el)(p_c² − p_p²) = p_c p_el p_p f_0 D/t``, ``p_el = 2E (t/D)³/(1 − ν²)``,
  ``p_p = f_y α_fab 2t/D``, ovality ``f_0 ≥ 0.5 %``.
- **Propagation buckling** (eq. 5.15–5.16): ``p_pr = 35 f_y α_fab (t2/D)^2.5``; below the
  depth where ``p_e > p_pr/(γ_m γ_SC,LB)`` a local collapse would run along the line, so
  buckle arrestors are fitted there (the cheaper choice in deep water than a wall thick
  enough to stop propagation, which is what deep-water lines do).

``t1 = t − t_fab − t_corr`` (operation, corroded, thinnest as fabricated) and ``t2 = t −
t_corr``; characteristic strengths ``f_y = α_U SMYS``, ``f_u = α_U SMTS`` (no temperature
derating: export gas runs below 50 °C). The wall is the thinnest nominal wall, rounded up
to 0.1 mm, that passes both checks, and a design is refused when it would be thicker
than the mills roll or thicker than the collapse formula's range (D/t below 15).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Literal

from corridor.engineering.gas import G_M_PER_S2
from corridor.errors import InputError

SafetyClass = Literal["low", "medium", "high"]
Fabrication = Literal["seamless", "uo", "uoe"]
Binding = Literal["containment", "collapse"]


class WallInfeasible(InputError):
    """No wall of the allowed range passes the checks at this depth and pressure."""


@dataclass(frozen=True, slots=True)
class SteelGrade:
    """A line-pipe grade: specified minimum yield and tensile strength, MPa."""

    smys_mpa: float
    smts_mpa: float
    source: str


_GRADE_SOURCE = "ISO 3183 / API 5L PSL 2 (2012), DNV-ST-F101 (2017) Table 7-5"
STEEL_GRADES: Final[dict[str, SteelGrade]] = {
    "X60": SteelGrade(415.0, 520.0, _GRADE_SOURCE),
    "X65": SteelGrade(450.0, 535.0, _GRADE_SOURCE),
    "X70": SteelGrade(485.0, 570.0, _GRADE_SOURCE),
    "X80": SteelGrade(555.0, 625.0, _GRADE_SOURCE),
}
"""Grades offshore gas lines are built of (Nord Stream: SAWL 485, i.e. X70)."""

FABRICATION_FACTORS: Final[dict[str, float]] = {"seamless": 1.0, "uo": 0.93, "uoe": 0.85}
"""α_fab of DNV-ST-F101 (2017) Table 5-4: cold expansion (UOE) lowers compressive yield."""

SAFETY_CLASSES: Final[dict[str, tuple[float, float]]] = {
    "low": (1.046, 1.04),
    "medium": (1.138, 1.14),
    "high": (1.308, 1.26),
}
"""(γ_SC,PC, γ_SC,LB) of DNV-ST-F101 (2017) Table 5-2; gas lines away from platforms and
shore are safety class medium (location class 1)."""


@dataclass(frozen=True, slots=True)
class OffshoreBasis:
    """Material, tolerances and safety factors of subsea pipe (defaults sourced below).

    ``steel_grade`` a key of :data:`STEEL_GRADES`; ``fabrication`` a key of
    :data:`FABRICATION_FACTORS`; ``ovality`` f_0 (DNV's floor 0.005; deep-water pipe is
    ordered at about that); ``corrosion_mm`` t_corr (dry, treated export gas with an
    internal flow coat: 1 mm, an assumption); ``tolerance_mm`` t_fab (the negative wall
    tolerance of SAW pipe, about 1 mm, DNV-ST-F101 Sec. 7); ``max_wall_mm`` the thickest
    wall the large-diameter mills roll (Nord Stream's thickest was 41.0 mm, TurkStream's
    39.0 mm; 45 mm is an assumption); ``γ_m`` 1.15, ``γ_inc`` 1.10 and ``α_U`` 0.96 are
    DNV-ST-F101's material, incidental-pressure and strength factors. A value out of range
    raises :class:`~corridor.errors.InputError` with ``parameter`` the field's name, the one
    place these bounds are kept (the CLI and the scenario loader name it their own way).
    """

    steel_grade: str = "X70"
    fabrication: Fabrication = "uoe"
    ovality: float = 0.005
    corrosion_mm: float = 1.0
    tolerance_mm: float = 1.0
    safety_class: SafetyClass = "medium"
    max_wall_mm: float = 45.0
    material_factor: float = 1.15
    incidental_ratio: float = 1.10
    strength_factor: float = 0.96
    seawater_kg_per_m3: float = 1025.0
    young_mpa: float = 207_000.0
    poisson: float = 0.3

    def __post_init__(self) -> None:
        choices: dict[str, Mapping[str, object]] = {
            "steel_grade": STEEL_GRADES,
            "fabrication": FABRICATION_FACTORS,
            "safety_class": SAFETY_CLASSES,
        }
        for name, known in choices.items():
            if getattr(self, name) not in known:
                raise InputError(f"choose from {', '.join(known)}", parameter=name)
        # DNV-ST-F101's floor on ovality is 0.5 %; 20 mm of corrosion would eat a deep wall
        bounds = {"ovality": (0.005, 0.1), "corrosion_mm": (0.0, 20.0), "tolerance_mm": (0.0, 20.0)}
        for name, (low, high) in bounds.items():
            if not low <= getattr(self, name) < high:
                unit = " mm" if name.endswith("_mm") else ""
                raise InputError(f"must lie in [{low:g}, {high:g}){unit}", parameter=name)

    @property
    def yield_mpa(self) -> float:
        """Characteristic yield strength f_y, MPa."""
        return self.strength_factor * STEEL_GRADES[self.steel_grade].smys_mpa

    @property
    def burst_strength_mpa(self) -> float:
        """f_cb = min(f_y, f_u / 1.15), MPa."""
        f_u = self.strength_factor * STEEL_GRADES[self.steel_grade].smts_mpa
        return min(self.yield_mpa, f_u / 1.15)

    @property
    def alpha_fab(self) -> float:
        """Fabrication factor α_fab."""
        return FABRICATION_FACTORS[self.fabrication]


DEFAULT_OFFSHORE_BASIS: Final = OffshoreBasis()

SEABED_TEMPERATURE_C: Final = (-5.0, 37.0)
"""The sea-floor temperatures accepted, degC: sea water freezes near -2, the warmest seas'
floors are far below 37."""


@dataclass(frozen=True, slots=True)
class BuiltLine:
    """A deep-water gas line that was built: outer diameter, deepest point and source."""

    name: str
    outer_diameter_mm: float
    max_depth_m: float
    source: str


DEEPEST_BUILT: Final[tuple[BuiltLine, ...]] = (
    BuiltLine("TurkStream", 813.0, 2200.0, "TurkStream (Gazprom / South Stream Transport, 2018)"),
    BuiltLine("Medgaz", 610.0, 2160.0, "Medgaz SA (2011)"),
    BuiltLine("Blue Stream", 610.0, 2150.0, "Blue Stream (Gazprom / Saipem, 2002)"),
    BuiltLine("Nord Stream", 1219.0, 210.0, "Nord Stream AG (2011)"),
)
"""The deepest large gas lines by diameter: beyond them a design is an extrapolation."""


@dataclass(frozen=True, slots=True)
class WallCheck:
    """The wall of one subsea segment and the checks behind it.

    Walls mm, pressures MPa, depths m. ``binding`` names the check that set the wall;
    ``arrestor_depth_m`` is the depth beyond which buckle arrestors are needed (None if
    propagation is stopped by the wall at every depth of the segment); ``reference`` is
    the deepest built line of at least this diameter and ``extrapolation`` is True when
    the segment goes deeper than it.
    """

    outer_diameter_mm: float
    min_depth_m: float
    max_depth_m: float
    design_pressure_mpa: float
    containment_wall_mm: float
    collapse_wall_mm: float
    wall_mm: float
    binding: Binding
    external_pressure_mpa: float
    collapse_pressure_mpa: float
    propagation_pressure_mpa: float
    arrestor_depth_m: float | None
    reference: BuiltLine | None
    extrapolation: bool
    basis: OffshoreBasis = field(repr=False)

    @property
    def d_over_t(self) -> float:
        """Outer diameter over wall."""
        return self.outer_diameter_mm / self.wall_mm


def external_pressure_mpa(depth_m: float, basis: OffshoreBasis = DEFAULT_OFFSHORE_BASIS) -> float:
    """Hydrostatic pressure of sea water at ``depth_m``, MPa."""
    return basis.seawater_kg_per_m3 * G_M_PER_S2 * depth_m / 1e6


def collapse_pressure_mpa(
    wall_mm: float, outer_diameter_mm: float, basis: OffshoreBasis = DEFAULT_OFFSHORE_BASIS
) -> float:
    """Characteristic collapse pressure p_c of a wall ``wall_mm`` (DNV-ST-F101 eq. 5.11), MPa.

    The cubic's root below min(p_el, p_p), by the closed form the standard gives in its
    Sec. 13 (a trigonometric solution), so loading a scenario needs no root finder.
    """
    d, t = outer_diameter_mm, wall_mm
    p_el = 2.0 * basis.young_mpa * (t / d) ** 3 / (1.0 - basis.poisson**2)
    p_p = basis.yield_mpa * basis.alpha_fab * 2.0 * t / d
    b = -p_el
    c = -(p_p**2 + p_el * p_p * basis.ovality * d / t)
    dd = p_el * p_p**2
    u = (c - b * b / 3.0) / 3.0
    v = (2.0 * b**3 / 27.0 - b * c / 3.0 + dd) / 2.0
    phi = math.acos(max(-1.0, min(1.0, -v / math.sqrt(-(u**3)))))
    return -2.0 * math.sqrt(-u) * math.cos(phi / 3.0 + math.pi / 3.0) - b / 3.0


def propagation_pressure_mpa(
    wall_mm: float, outer_diameter_mm: float, basis: OffshoreBasis = DEFAULT_OFFSHORE_BASIS
) -> float:
    """Characteristic propagation pressure p_pr = 35 f_y α_fab (t2/D)^2.5 (eq. 5.16), MPa."""
    t2 = wall_mm - basis.corrosion_mm
    return 35.0 * basis.yield_mpa * basis.alpha_fab * (t2 / outer_diameter_mm) ** 2.5


def _round_up(wall_mm: float) -> float:
    return math.ceil(wall_mm * 10.0 - 1e-9) / 10.0


def containment_wall_mm(
    outer_diameter_mm: float,
    design_pressure_mpa: float,
    external_mpa: float,
    basis: OffshoreBasis = DEFAULT_OFFSHORE_BASIS,
) -> float:
    """Nominal wall for pressure containment (eq. 5.6 solved for t1, plus t_fab and t_corr)."""
    gamma_pc = SAFETY_CLASSES[basis.safety_class][0]
    net = max(0.0, basis.incidental_ratio * design_pressure_mpa - external_mpa)
    k = net * basis.material_factor * gamma_pc / (basis.burst_strength_mpa * 2.0 / math.sqrt(3.0))
    t1 = k * outer_diameter_mm / (2.0 + k)
    return t1 + basis.tolerance_mm + basis.corrosion_mm


def collapse_wall_mm(
    outer_diameter_mm: float, external_mpa: float, basis: OffshoreBasis = DEFAULT_OFFSHORE_BASIS
) -> float:
    """Nominal wall for system collapse at ``external_mpa`` (eq. 5.10 solved for t1 by bisection).

    p_c grows with the wall, so halving the bracket converges; 0.0 when there is no
    external pressure.
    """
    if external_mpa <= 0:
        return 0.0
    gamma_lb = SAFETY_CLASSES[basis.safety_class][1]
    need = external_mpa * basis.material_factor * gamma_lb
    lo, hi = 1e-3 * outer_diameter_mm, 0.25 * outer_diameter_mm
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if collapse_pressure_mpa(mid, outer_diameter_mm, basis) >= need:
            hi = mid
        else:
            lo = mid
    return hi + basis.tolerance_mm + basis.corrosion_mm


def arrestor_depth_m(
    wall_mm: float, outer_diameter_mm: float, basis: OffshoreBasis = DEFAULT_OFFSHORE_BASIS
) -> float:
    """Depth beyond which a wall ``wall_mm`` cannot stop a propagating buckle, m."""
    gamma_lb = SAFETY_CLASSES[basis.safety_class][1]
    allowed = propagation_pressure_mpa(wall_mm, outer_diameter_mm, basis) / (
        basis.material_factor * gamma_lb
    )
    return allowed * 1e6 / (basis.seawater_kg_per_m3 * G_M_PER_S2)


def deepest_reference(outer_diameter_mm: float) -> BuiltLine | None:
    """The deepest built line at least as large as ``outer_diameter_mm`` (None if none)."""
    larger = [b for b in DEEPEST_BUILT if b.outer_diameter_mm >= outer_diameter_mm - 1.0]
    return max(larger, key=lambda b: b.max_depth_m, default=None)


def offshore_wall(
    outer_diameter_mm: float,
    design_pressure_bar: float,
    min_depth_m: float,
    max_depth_m: float,
    basis: OffshoreBasis = DEFAULT_OFFSHORE_BASIS,
    *,
    label: str = "",
) -> WallCheck:
    """The wall of a subsea segment between ``min_depth_m`` and ``max_depth_m``.

    Raises :class:`WallInfeasible` naming the binding check when the wall would exceed
    ``basis.max_wall_mm`` or fall below D/t = 15 (the collapse formula's range).
    """
    p_d = design_pressure_bar / 10.0
    p_shallow = external_pressure_mpa(min_depth_m, basis)
    p_deep = external_pressure_mpa(max_depth_m, basis)
    contain = containment_wall_mm(outer_diameter_mm, p_d, p_shallow, basis)
    collapse = collapse_wall_mm(outer_diameter_mm, p_deep, basis)
    binding: Binding = "collapse" if collapse > contain else "containment"
    wall = _round_up(max(contain, collapse, 6.4))
    limit = min(basis.max_wall_mm, outer_diameter_mm / 15.0)
    if wall > limit:
        what = (
            f"collapse at {max_depth_m:,.0f} m"
            if binding == "collapse"
            else f"pressure containment at {design_pressure_bar:g} bar"
        )
        why = (
            f"the {basis.max_wall_mm:g} mm the mills roll"
            if limit == basis.max_wall_mm
            else "D/t 15, the collapse formula's range"
        )
        raise WallInfeasible(
            f"{label or f'{outer_diameter_mm:g} mm pipe'}: {what} needs a {wall:.1f} mm "
            f"{basis.steel_grade} wall (D/t {outer_diameter_mm / wall:.1f}), beyond {why}"
        )
    arrest = arrestor_depth_m(wall, outer_diameter_mm, basis)
    reference = deepest_reference(outer_diameter_mm)
    return WallCheck(
        outer_diameter_mm=outer_diameter_mm,
        min_depth_m=min_depth_m,
        max_depth_m=max_depth_m,
        design_pressure_mpa=p_d,
        containment_wall_mm=contain,
        collapse_wall_mm=collapse,
        wall_mm=wall,
        binding=binding,
        external_pressure_mpa=p_deep,
        collapse_pressure_mpa=collapse_pressure_mpa(
            wall - basis.tolerance_mm - basis.corrosion_mm, outer_diameter_mm, basis
        ),
        propagation_pressure_mpa=propagation_pressure_mpa(wall, outer_diameter_mm, basis),
        arrestor_depth_m=arrest if arrest < max_depth_m else None,
        reference=reference,
        extrapolation=reference is None or max_depth_m > reference.max_depth_m,
        basis=basis,
    )


__all__ = [
    "DEEPEST_BUILT",
    "DEFAULT_OFFSHORE_BASIS",
    "FABRICATION_FACTORS",
    "SAFETY_CLASSES",
    "SEABED_TEMPERATURE_C",
    "STEEL_GRADES",
    "BuiltLine",
    "Fabrication",
    "OffshoreBasis",
    "SafetyClass",
    "SteelGrade",
    "WallCheck",
    "WallInfeasible",
    "arrestor_depth_m",
    "collapse_pressure_mpa",
    "collapse_wall_mm",
    "containment_wall_mm",
    "deepest_reference",
    "external_pressure_mpa",
    "offshore_wall",
    "propagation_pressure_mpa",
]
