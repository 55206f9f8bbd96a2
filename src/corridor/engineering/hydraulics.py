"""Steady-state gas pipeline hydraulics: friction, pressure drop, wall, compressor power.

Placing stations along a route for each pipe size is :mod:`corridor.engineering.sizing`.

The pressure drop is the general flow equation (Menon, *Gas Pipeline Hydraulics*, 2005,
eq. 2.4 and its elevation form eq. 2.18), written in SI and integrated over short steps
so that the compressibility factor Z follows the pressure:

    p2² = (p1² − a·Le)·e^(−s),   a = f G² Z R T / (D M),   s = 2 g M Δh / (Z R T),
    Le = L (e^s − 1) / s

with f the Darcy friction factor from Colebrook–White, G = ṁ/A the mass flux, D the inner
diameter, M the molar mass and Δh the rise over the step. Flow is isothermal at the ground
temperature (compressor discharge is assumed after-cooled) and kinetic-energy changes are
neglected, as in the general flow equation.

Pressures are bar (absolute), lengths km (route) or mm (pipe), throughput bcm/yr at ISO
standard conditions, power MW, fuel as a fraction of throughput.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final, Literal

from corridor.engineering.gas import (
    G_M_PER_S2,
    R_J_PER_KMOL_K,
    Gas,
    ZMethod,
    compressibility,
    isotherm,
)
from corridor.engineering.offshore import DEFAULT_OFFSHORE_BASIS, OffshoreBasis, WallCheck
from corridor.errors import InputError
from corridor.units import DAYS_PER_YEAR, MMBTU_PER_1000M3

LHV_MJ_PER_SM3: Final = 0.9 * MMBTU_PER_1000M3 * 1.055056
"""Net (lower) heating value per standard m3: 90 % of BP's gross 34.1 MMBtu per 1000 m3."""

# API 5L line pipe outside diameters used for transmission lines: (nominal inch, OD mm).
STANDARD_SIZES: Final[tuple[tuple[int, float], ...]] = (
    (16, 406.4),
    (18, 457.0),
    (20, 508.0),
    (22, 559.0),
    (24, 610.0),
    (26, 660.0),
    (28, 711.0),
    (30, 762.0),
    (32, 813.0),
    (34, 864.0),
    (36, 914.0),
    (40, 1016.0),
    (42, 1067.0),
    (44, 1118.0),
    (48, 1219.0),
    (52, 1321.0),
    (56, 1422.0),
)


class DesignInfeasible(InputError):
    """The requested pipeline cannot carry the throughput under the given conditions."""


def profile_at(points: tuple[tuple[float, float], ...], km: float) -> float:
    """The value of a (km, value) profile at ``km``: linear between points, flat beyond the ends."""
    pts = sorted(points)
    if not pts:
        return 0.0
    if km <= pts[0][0]:
        return pts[0][1]
    for (x0, h0), (x1, h1) in itertools.pairwise(pts):
        if km <= x1:
            return h0 + (h1 - h0) * (km - x0) / (x1 - x0) if x1 > x0 else h1
    return pts[-1][1]


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of route: ``length_km``, on- or offshore, optional elevation or depth profile.

    ``elevation_m`` lists (km from the segment start, metres above sea level) points;
    ``depth_m`` lists (km from the segment start, metres below sea level) points of an
    offshore segment (one point is a depth held along the whole segment); both are
    interpolated linearly and held flat beyond the ends. A subsea segment with a depth
    profile gets its wall from :mod:`corridor.engineering.offshore` (collapse at its
    deepest point) and its cost from :mod:`corridor.engineering.offshore_cost`; one
    without keeps the Barlow wall and the offshore cost per inch-km. Compressor stations
    can only be placed on onshore segments (no platforms). ``cost_factor`` scales this
    segment's pipe cost for terrain, region or a named correction (the hydraulics ignore
    it; see :mod:`corridor.engineering.cost`).
    """

    length_km: float
    offshore: bool = False
    name: str = ""
    elevation_m: tuple[tuple[float, float], ...] = ()
    cost_factor: float = 1.0
    depth_m: tuple[tuple[float, float], ...] = ()

    def elevation_at(self, km: float) -> float:
        """Elevation in m at ``km`` from the segment start (minus the depth offshore; 0 without)."""
        if self.depth_m:
            return -profile_at(self.depth_m, km)
        return profile_at(self.elevation_m, km)

    @property
    def deep(self) -> bool:
        """True for an offshore segment with a depth profile (designed for collapse)."""
        return self.offshore and bool(self.depth_m)

    @property
    def max_depth_m(self) -> float:
        """The deepest point of the depth profile, m (0 without one)."""
        return max((z for _, z in self.depth_m), default=0.0)

    @property
    def min_depth_m(self) -> float:
        """The shallowest point of the depth profile within the segment, m.

        0 without a profile, and for a depth given as one point (a greatest depth alone):
        the line still comes ashore, so its pressure containment is checked at the surface.
        """
        if len(self.depth_m) < 2:
            return 0.0
        inside = [z for x, z in self.depth_m if 0.0 <= x <= self.length_km]
        ends = [profile_at(self.depth_m, 0.0), profile_at(self.depth_m, self.length_km)]
        return min([*inside, *ends])


@dataclass(frozen=True, slots=True)
class DesignBasis:
    """Operating conditions and design rules of a pipeline.

    ``maop_bar`` is the onshore maximum operating pressure (station discharge),
    ``offshore_maop_bar`` that of subsea stretches (thick-walled, no intermediate
    compression), ``inlet_pressure_bar`` the supply pressure at the origin (a head station
    compresses from it), ``delivery_pressure_bar`` the minimum arrival pressure,
    ``station_pressure_ratio`` the compression ratio of intermediate stations (their suction
    pressure is ``maop_bar / station_pressure_ratio``). ``efficiency`` is isentropic or
    polytropic per ``efficiency_kind``; ``driver_efficiency`` the gas-turbine shaft
    efficiency that turns power into fuel gas; ``standby_fraction`` the installed power
    above the duty power. Defaults are typical of large modern lines (assumptions, see
    docs/models/engineering.md). ``seabed_temperature_k`` is the gas temperature in
    subsea stretches (the gas cools to the sea floor within tens of km; ``temperature_k``
    if unset); ``offshore`` the material and safety factors of subsea walls
    (:class:`~corridor.engineering.offshore.OffshoreBasis`).
    """

    maop_bar: float = 100.0
    offshore_maop_bar: float | None = None
    inlet_pressure_bar: float = 60.0
    delivery_pressure_bar: float = 50.0
    station_pressure_ratio: float = 1.45
    temperature_k: float = 288.15
    roughness_mm: float = 0.02
    efficiency: float = 0.85
    efficiency_kind: Literal["isentropic", "polytropic"] = "polytropic"
    driver_efficiency: float = 0.36
    standby_fraction: float = 0.25
    max_velocity_m_per_s: float = 20.0
    smys_mpa: float = 482.6
    design_factor: float = 0.72
    z_method: ZMethod = "papay"
    step_km: float = 5.0
    seabed_temperature_k: float | None = None
    offshore: OffshoreBasis = DEFAULT_OFFSHORE_BASIS

    @property
    def subsea_temperature_k(self) -> float:
        """Gas temperature in subsea stretches, K."""
        t = self.seabed_temperature_k
        return self.temperature_k if t is None else t

    @property
    def subsea_maop_bar(self) -> float:
        """MAOP of offshore stretches, bar (``maop_bar`` unless set)."""
        return self.offshore_maop_bar if self.offshore_maop_bar is not None else self.maop_bar

    @property
    def suction_min_bar(self) -> float:
        """Pressure at which an intermediate station is placed, bar."""
        return self.maop_bar / self.station_pressure_ratio


DEFAULT_DESIGN_BASIS: Final = DesignBasis()
"""The design basis every function uses unless given one."""


@dataclass(frozen=True, slots=True)
class Station:
    """A compressor station: where, from what to what pressure, duty power and fuel."""

    position_km: float
    suction_bar: float
    discharge_bar: float
    power_mw: float
    fuel_fraction: float
    kind: Literal["head", "intermediate", "landfall"]


@dataclass(frozen=True, slots=True)
class HydraulicDesign:
    """A pipeline sized for a throughput: pipe, stations, pressures and fuel.

    ``profile`` holds (km, bar) points along the route; ``fuel_fraction`` is fuel gas burned
    by all stations as a fraction of throughput; ``offshore_walls`` has, per route segment,
    the subsea wall and its checks (None for segments without a depth profile), and
    ``offshore_wall_mm`` is the thickest subsea wall.
    """

    throughput_bcm_per_yr: float
    nominal_size_in: int
    outer_diameter_mm: float
    wall_mm: float
    offshore_wall_mm: float
    length_km: float
    offshore_km: float
    reynolds: float
    friction_factor: float
    max_velocity_m_per_s: float
    arrival_pressure_bar: float
    stations: tuple[Station, ...]
    installed_power_mw: float
    basis: DesignBasis
    route: tuple[Segment, ...] = field(repr=False)
    profile: tuple[tuple[float, float], ...] = field(repr=False)
    offshore_walls: tuple[WallCheck | None, ...] = field(default=(), repr=False)

    @property
    def inner_diameter_mm(self) -> float:
        """Inner diameter of the onshore pipe, mm."""
        return self.outer_diameter_mm - 2 * self.wall_mm

    @property
    def power_mw(self) -> float:
        """Duty compressor power of all stations, MW."""
        return sum(s.power_mw for s in self.stations)

    @property
    def fuel_fraction(self) -> float:
        """Fuel gas of all stations as a fraction of throughput."""
        return sum(s.fuel_fraction for s in self.stations)

    @property
    def onshore_km(self) -> float:
        """Onshore length, km."""
        return self.length_km - self.offshore_km


def colebrook(reynolds: float, relative_roughness: float) -> float:
    """Darcy friction factor from the Colebrook–White equation (64/Re when laminar).

    1/√f = −2 log10(ε/(3.7 D) + 2.51/(Re √f)), solved by fixed-point iteration on 1/√f
    from the Swamee–Jain estimate.
    """
    if reynolds <= 0:
        raise ValueError("Reynolds number must be positive")
    if reynolds < 2000:
        return 64.0 / reynolds
    x = -2.0 * math.log10(relative_roughness / 3.7 + 5.74 / reynolds**0.9)
    for _ in range(100):
        x_new = -2.0 * math.log10(relative_roughness / 3.7 + 2.51 * x / reynolds)
        if abs(x_new - x) < 1e-12:
            x = x_new
            break
        x = x_new
    return 1.0 / (x * x)


def wall_thickness_mm(
    outer_diameter_mm: float, maop_bar: float, smys_mpa: float, design_factor: float
) -> float:
    """Barlow wall thickness t = p D / (2 S F), rounded up to 0.1 mm, at least 6.4 mm.

    ASME B31.8 §841.11 with joint factor and temperature derating 1.
    """
    t = (maop_bar / 10.0) * outer_diameter_mm / (2.0 * smys_mpa * design_factor)
    return max(6.4, math.ceil(t * 10.0 - 1e-9) / 10.0)


def flow_stepper(
    mass_flux: float,
    inner_diameter_m: float,
    friction_factor: float,
    gas: Gas,
    temperature_k: float,
    z_method: ZMethod = "papay",
) -> Callable[[float, float, float], float | None]:
    """The general flow equation's step for one pipe and flow (``mass_flux`` in kg/(m2 s)).

    ``step(p1_bar, length_km, rise_m)``: the outlet pressure (bar) after ``length_km``
    rising ``rise_m``, None if no gas gets through. Z is taken at the step's average
    pressure 2/3 (p1 + p2 − p1 p2/(p1 + p2)) (Menon 2005, eq. 2.12), iterated. What does
    not change along the pipe is worked out once (a design marches thousands of steps
    through one pipe).
    """
    rt_m = R_J_PER_KMOL_K * temperature_k / gas.molar_mass
    friction = friction_factor * mass_flux**2
    z_at = isotherm(gas, temperature_k, z_method)

    def step(p1_bar: float, length_km: float, rise_m: float) -> float | None:
        length_m = length_km * 1e3
        p1 = p1_bar * 1e5
        lift = 2.0 * G_M_PER_S2 * rise_m
        p2 = p1
        for _ in range(4):
            p_avg = 2.0 / 3.0 * (p1 + p2 - p1 * p2 / (p1 + p2))
            z = z_at(p_avg / 1e5)
            a = friction * z * rt_m / inner_diameter_m
            if lift == 0.0:  # level: s = 0, Le = L and e^(-s) = 1 exactly
                p2_sq = p1 * p1 - a * length_m
            else:
                s = lift / (z * rt_m)
                le = length_m * math.expm1(s) / s if abs(s) > 1e-12 else length_m
                p2_sq = (p1 * p1 - a * le) * math.exp(-s)
            if p2_sq <= 0:
                return None
            p2 = math.sqrt(p2_sq)
        return p2 / 1e5

    return step


def flow_rate_sm3_per_s(
    p1_bar: float,
    p2_bar: float,
    length_km: float,
    inner_diameter_m: float,
    friction_factor: float,
    gas: Gas,
    temperature_k: float,
    z: float,
    base_temperature_k: float,
    base_pressure_bar: float,
) -> float:
    """Standard flow (m3/s at the given base conditions) of the general flow equation, level pipe.

    Q = (π/4) (T_b/p_b) √((p1² − p2²) D⁵ R / (f L M T Z)) — Menon (2005) eq. 2.4 in SI, with
    a given Darcy friction factor and average Z.
    """
    r_specific = R_J_PER_KMOL_K / gas.molar_mass
    dp2 = (p1_bar**2 - p2_bar**2) * 1e10
    area = math.pi / 4.0 * inner_diameter_m**2
    mass_flux = math.sqrt(
        dp2
        * inner_diameter_m
        / (friction_factor * length_km * 1e3 * z * r_specific * temperature_k)
    )
    rho_base = base_pressure_bar * 1e5 / (r_specific * base_temperature_k)
    return mass_flux * area / rho_base


def compressor_power_mw(
    mass_flow_kg_per_s: float,
    suction_bar: float,
    discharge_bar: float,
    gas: Gas,
    temperature_k: float,
    efficiency: float,
    efficiency_kind: Literal["isentropic", "polytropic"] = "polytropic",
    z_method: ZMethod = "papay",
) -> float:
    """Shaft power (MW) to compress ``mass_flow_kg_per_s`` from suction to discharge pressure.

    Head per kg = Z̄ R T1 / M · n/(n − 1) · [(p2/p1)^((n − 1)/n) − 1] with Z̄ the mean of
    suction and discharge Z (GPSA Engineering Data Book, section 13). Isentropic: n = k and
    power = m·head/η. Polytropic: (n − 1)/n = (k − 1)/(k η_p) and power = m·head/η_p.
    """
    if discharge_bar <= suction_bar:
        return 0.0
    k = gas.heat_capacity_ratio
    if efficiency_kind == "isentropic":
        exponent = (k - 1.0) / k
    elif efficiency_kind == "polytropic":
        exponent = (k - 1.0) / (k * efficiency)
    else:
        raise ValueError(f"unknown efficiency kind {efficiency_kind!r}")
    z1 = compressibility(gas, suction_bar, temperature_k, z_method)
    z2 = compressibility(gas, discharge_bar, temperature_k, z_method)
    zbar = 0.5 * (z1 + z2)
    head = (
        zbar
        * R_J_PER_KMOL_K
        * temperature_k
        / gas.molar_mass
        / exponent
        * ((discharge_bar / suction_bar) ** exponent - 1.0)
    )
    return mass_flow_kg_per_s * head / efficiency / 1e6


def fuel_fraction(power_mw: float, throughput_bcm_per_yr: float, driver_efficiency: float) -> float:
    """Fuel gas burned by gas-turbine drivers as a fraction of throughput."""
    flow_sm3_per_s = throughput_bcm_per_yr * 1e9 / (DAYS_PER_YEAR * 86400.0)
    return power_mw / (driver_efficiency * LHV_MJ_PER_SM3 * flow_sm3_per_s)


__all__ = [
    "DEFAULT_DESIGN_BASIS",
    "LHV_MJ_PER_SM3",
    "STANDARD_SIZES",
    "DesignBasis",
    "DesignInfeasible",
    "HydraulicDesign",
    "Segment",
    "Station",
    "colebrook",
    "compressor_power_mw",
    "flow_rate_sm3_per_s",
    "flow_stepper",
    "fuel_fraction",
    "profile_at",
    "wall_thickness_mm",
]
