"""Steady-state gas pipeline hydraulics: friction, pressure profile, diameter, compressor stations.

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
from dataclasses import dataclass, field, replace
from typing import Final, Literal

from corridor.engineering.gas import (
    G_M_PER_S2,
    PIPELINE_GAS,
    R_J_PER_KMOL_K,
    Gas,
    ZMethod,
    compressibility,
    density_kg_per_m3,
    mass_flow_kg_per_s,
)
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


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of route: ``length_km``, on- or offshore, optional elevation profile.

    ``elevation_m`` lists (km from the segment start, metres above sea level) points; the
    elevation between points is interpolated linearly and held flat beyond the ends.
    Compressor stations can only be placed on onshore segments (no platforms).
    ``cost_factor`` scales this segment's pipe cost for terrain and region (the hydraulics
    ignore it; see :mod:`corridor.engineering.cost`).
    """

    length_km: float
    offshore: bool = False
    name: str = ""
    elevation_m: tuple[tuple[float, float], ...] = ()
    cost_factor: float = 1.0

    def elevation_at(self, km: float) -> float:
        """Elevation in m at ``km`` from the segment start (0 without a profile)."""
        pts = sorted(self.elevation_m)
        if not pts:
            return 0.0
        if km <= pts[0][0]:
            return pts[0][1]
        for (x0, h0), (x1, h1) in itertools.pairwise(pts):
            if km <= x1:
                return h0 + (h1 - h0) * (km - x0) / (x1 - x0) if x1 > x0 else h1
        return pts[-1][1]


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
    above the duty power. Defaults are typical of large modern lines (assumptions, see the
    README's engineering section).
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

    @property
    def subsea_maop_bar(self) -> float:
        """MAOP of offshore stretches, bar (``maop_bar`` unless set)."""
        return self.offshore_maop_bar if self.offshore_maop_bar is not None else self.maop_bar

    @property
    def suction_min_bar(self) -> float:
        """Pressure at which an intermediate station is placed, bar."""
        return self.maop_bar / self.station_pressure_ratio


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
    by all stations as a fraction of throughput.
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


def general_flow_step(
    p1_bar: float,
    length_km: float,
    rise_m: float,
    *,
    mass_flux: float,
    inner_diameter_m: float,
    friction_factor: float,
    gas: Gas,
    temperature_k: float,
    z_method: ZMethod = "papay",
) -> float | None:
    """Outlet pressure (bar) after ``length_km`` rising ``rise_m``; None if no gas gets through.

    ``mass_flux`` in kg/(m2 s). Z is taken at the step's average pressure
    2/3 (p1 + p2 − p1 p2/(p1 + p2)) (Menon 2005, eq. 2.12), iterated.
    """
    length_m = length_km * 1e3
    p1 = p1_bar * 1e5
    rt_m = R_J_PER_KMOL_K * temperature_k / gas.molar_mass
    p2 = p1
    for _ in range(4):
        p_avg = 2.0 / 3.0 * (p1 + p2 - p1 * p2 / (p1 + p2))
        z = compressibility(gas, p_avg / 1e5, temperature_k, z_method)
        a = friction_factor * mass_flux**2 * z * rt_m / inner_diameter_m
        s = 2.0 * G_M_PER_S2 * rise_m / (z * rt_m)
        le = length_m * math.expm1(s) / s if abs(s) > 1e-12 else length_m
        p2_sq = (p1 * p1 - a * le) * math.exp(-s)
        if p2_sq <= 0:
            return None
        p2 = math.sqrt(p2_sq)
    return p2 / 1e5


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


@dataclass(frozen=True, slots=True)
class _Step:
    start_km: float
    length_km: float
    rise_m: float
    offshore: bool


def _steps(route: tuple[Segment, ...], step_km: float) -> list[_Step]:
    steps: list[_Step] = []
    start = 0.0
    for seg in route:
        n = max(1, math.ceil(seg.length_km / step_km - 1e-9))
        dx = seg.length_km / n
        for i in range(n):
            rise = seg.elevation_at((i + 1) * dx) - seg.elevation_at(i * dx)
            steps.append(_Step(start + i * dx, dx, rise, seg.offshore))
        start += seg.length_km
    return steps


def check_inputs(
    route: tuple[Segment, ...], throughput_bcm_per_yr: float, basis: DesignBasis
) -> None:
    """Raise ``DesignInfeasible`` (an ``InputError``) for inputs no pipe size can satisfy."""
    problems = []
    if not route:
        problems.append("the route has no segments")
    if any(s.length_km <= 0 for s in route):
        problems.append("every segment needs a positive length_km")
    if throughput_bcm_per_yr <= 0:
        problems.append("throughput must be positive")
    if basis.delivery_pressure_bar >= basis.maop_bar:
        problems.append(
            f"delivery pressure {basis.delivery_pressure_bar:g} bar must be below "
            f"MAOP {basis.maop_bar:g} bar"
        )
    if basis.inlet_pressure_bar <= 0 or basis.delivery_pressure_bar <= 0:
        problems.append("pressures must be positive (bar absolute)")
    if basis.station_pressure_ratio <= 1.0:
        problems.append("station pressure ratio must exceed 1")
    if not 0 < basis.efficiency <= 1 or not 0 < basis.driver_efficiency <= 1:
        problems.append("efficiencies must lie in (0, 1]")
    if route and route[-1].offshore and basis.delivery_pressure_bar >= basis.subsea_maop_bar:
        problems.append(
            "an offshore final stretch needs an offshore MAOP above the delivery pressure"
        )
    if problems:
        raise DesignInfeasible("; ".join(problems))


def design_for_size(
    route: tuple[Segment, ...],
    throughput_bcm_per_yr: float,
    outer_diameter_mm: float,
    *,
    gas: Gas = PIPELINE_GAS,
    basis: DesignBasis = DesignBasis(),
    nominal_size_in: int | None = None,
) -> HydraulicDesign:
    """Place compressor stations for one pipe size; raise ``DesignInfeasible`` if it cannot work.

    Stations discharge at the MAOP; an intermediate station goes where the pressure falls
    to ``basis.suction_min_bar`` (to within ``basis.step_km``); a landfall station lifts
    the gas to the offshore MAOP before a subsea stretch when needed; a final station is
    placed so that the gas arrives at no less than the delivery pressure.
    """
    check_inputs(route, throughput_bcm_per_yr, basis)
    size_in = nominal_size_in or round(outer_diameter_mm / 25.4)
    wall = wall_thickness_mm(outer_diameter_mm, basis.maop_bar, basis.smys_mpa, basis.design_factor)
    wall_off = wall_thickness_mm(
        outer_diameter_mm, basis.subsea_maop_bar, basis.smys_mpa, basis.design_factor
    )
    if 2 * max(wall, wall_off) >= 0.5 * outer_diameter_mm:
        raise DesignInfeasible(f"{outer_diameter_mm:g} mm pipe cannot hold the MAOP")
    m = mass_flow_kg_per_s(gas, throughput_bcm_per_yr)
    rel_rough = basis.roughness_mm / 1e3
    dims = {}
    for off, w in ((False, wall), (True, wall_off)):
        d = (outer_diameter_mm - 2 * w) / 1e3
        area = math.pi / 4 * d * d
        re = m / area * d / gas.viscosity_pa_s
        dims[off] = (d, m / area, colebrook(re, rel_rough / d), re)
    steps = _steps(route, basis.step_km)
    label = f"{size_in} in ({outer_diameter_mm:g} mm)"

    def advance(p: float, st: _Step) -> float | None:
        d, flux, f, _ = dims[st.offshore]
        return general_flow_step(
            p,
            st.length_km,
            st.rise_m,
            mass_flux=flux,
            inner_diameter_m=d,
            friction_factor=f,
            gas=gas,
            temperature_k=basis.temperature_k,
            z_method=basis.z_method,
        )

    def march(p: float, first: int, last: int) -> float | None:
        for st in steps[first:last]:
            nxt = advance(p, st)
            if nxt is None:
                return None
            p = nxt
        return p

    def station(km: float, suction: float, discharge: float, kind: str) -> Station:
        power = compressor_power_mw(
            m,
            suction,
            discharge,
            gas,
            basis.temperature_k,
            basis.efficiency,
            basis.efficiency_kind,
            basis.z_method,
        )
        return Station(
            km,
            suction,
            discharge,
            power,
            fuel_fraction(power, throughput_bcm_per_yr, basis.driver_efficiency),
            kind,  # type: ignore[arg-type]  # one of the three literal kinds above
        )

    stations: list[Station] = []
    first_max = basis.subsea_maop_bar if steps[0].offshore else basis.maop_bar
    p = min(basis.inlet_pressure_bar, first_max)
    if basis.inlet_pressure_bar < first_max:
        stations.append(station(0.0, basis.inlet_pressure_bar, first_max, "head"))
        p = first_max
    profile: list[tuple[float, float]] = [(0.0, p)]
    pressures: list[float] = []  # pressure at the start of each step
    i = 0
    while i < len(steps):
        st = steps[i]
        if st.offshore and (i == 0 or not steps[i - 1].offshore):
            end = i
            while end < len(steps) and steps[end].offshore:
                end += 1
            need = basis.delivery_pressure_bar if end == len(steps) else basis.suction_min_bar
            out = march(p, i, end)
            if (out is None or out < need) and p < basis.subsea_maop_bar * (1 - 1e-9):
                stations.append(station(st.start_km, p, basis.subsea_maop_bar, "landfall"))
                p = basis.subsea_maop_bar
                profile.append((st.start_km, p))
                out = march(p, i, end)
            if out is None or out < need:
                got = "no flow" if out is None else f"{out:.1f} bar"
                length = sum(s.length_km for s in steps[i:end])
                raise DesignInfeasible(
                    f"{label}: the {length:.0f} km offshore stretch from km {st.start_km:.0f} "
                    f"cannot carry {throughput_bcm_per_yr:g} bcm/yr: arrival {got} < required "
                    f"{need:.1f} bar with {p:.0f} bar inlet"
                )
            for j in range(i, end):
                pressures.append(p)
                p = advance(p, steps[j])  # type: ignore[assignment]  # march above proved it is not None
                profile.append((steps[j].start_km + steps[j].length_km, p))
            if end < len(steps) and p > basis.maop_bar:
                # a pressure-reduction station at the shore protects the onshore pipe
                p = basis.maop_bar
                profile.append((steps[end].start_km, p))
            i = end
            continue
        nxt = advance(p, st)
        if nxt is None or nxt < basis.suction_min_bar:
            if p >= basis.maop_bar * (1 - 1e-9):
                raise DesignInfeasible(
                    f"{label}: {throughput_bcm_per_yr:g} bcm/yr loses more than "
                    f"{basis.maop_bar - basis.suction_min_bar:.0f} bar within {st.length_km:.1f} km"
                )
            stations.append(station(st.start_km, p, basis.maop_bar, "intermediate"))
            p = basis.maop_bar
            profile.append((st.start_km, p))
            continue
        pressures.append(p)
        p = nxt
        profile.append((st.start_km + st.length_km, p))
        i += 1

    if p < basis.delivery_pressure_bar:
        last_station_km = max((s.position_km for s in stations), default=-1.0)
        for j in range(len(steps) - 1, -1, -1):
            if steps[j].start_km <= last_station_km or steps[j].offshore:
                break
            out = march(basis.maop_bar, j, len(steps))
            if out is not None and out >= basis.delivery_pressure_bar:
                stations.append(
                    station(steps[j].start_km, pressures[j], basis.maop_bar, "intermediate")
                )
                profile = [pt for pt in profile if pt[0] <= steps[j].start_km]
                q = basis.maop_bar
                profile.append((steps[j].start_km, q))
                for st2 in steps[j:]:
                    q = advance(q, st2)  # type: ignore[assignment]  # march above proved it is not None
                    profile.append((st2.start_km + st2.length_km, q))
                p = q
                break
        if p < basis.delivery_pressure_bar:
            raise DesignInfeasible(
                f"{label}: gas arrives at {p:.1f} bar, below the delivery pressure "
                f"{basis.delivery_pressure_bar:g} bar, and no station placement fixes it"
            )

    _d_on, _, f_on, re_on = dims[False]
    p_min = min(pt[1] for pt in profile)
    d_small = min(dims[False][0], dims[True][0])
    v_max = m / (
        density_kg_per_m3(gas, p_min, basis.temperature_k, basis.z_method)
        * math.pi
        / 4
        * d_small**2
    )
    if v_max > basis.max_velocity_m_per_s:
        raise DesignInfeasible(
            f"{label}: gas velocity reaches {v_max:.1f} m/s, above the "
            f"{basis.max_velocity_m_per_s:g} m/s limit"
        )
    duty = sum(s.power_mw for s in stations)
    return HydraulicDesign(
        throughput_bcm_per_yr=throughput_bcm_per_yr,
        nominal_size_in=size_in,
        outer_diameter_mm=outer_diameter_mm,
        wall_mm=wall,
        offshore_wall_mm=wall_off,
        length_km=sum(s.length_km for s in route),
        offshore_km=sum(s.length_km for s in route if s.offshore),
        reynolds=re_on,
        friction_factor=f_on,
        max_velocity_m_per_s=v_max,
        arrival_pressure_bar=p,
        stations=tuple(sorted(stations, key=lambda s: s.position_km)),
        installed_power_mw=duty * (1 + basis.standby_fraction),
        basis=basis,
        route=route,
        profile=tuple(profile),
    )


def feasible_designs(
    route: tuple[Segment, ...],
    throughput_bcm_per_yr: float,
    *,
    gas: Gas = PIPELINE_GAS,
    basis: DesignBasis = DesignBasis(),
    sizes: tuple[tuple[int, float], ...] = STANDARD_SIZES,
) -> list[HydraulicDesign]:
    """Designs for every standard size that can carry the throughput, smallest first.

    Raises ``DesignInfeasible`` naming the reason the largest size fails when none can.
    """
    check_inputs(route, throughput_bcm_per_yr, basis)
    designs: list[HydraulicDesign] = []
    last_error: DesignInfeasible | None = None
    for size_in, od in sizes:
        try:
            designs.append(
                design_for_size(
                    route, throughput_bcm_per_yr, od, gas=gas, basis=basis, nominal_size_in=size_in
                )
            )
        except DesignInfeasible as exc:
            last_error = exc
    if not designs:
        raise no_size_fits(sizes, throughput_bcm_per_yr, last_error)
    return designs


def no_size_fits(
    sizes: tuple[tuple[int, float], ...],
    throughput_bcm_per_yr: float,
    last_error: DesignInfeasible | None,
) -> DesignInfeasible:
    """The error for a route no standard size can serve, with the largest size's reason."""
    return DesignInfeasible(
        f"no standard size up to {sizes[-1][0]} in can carry {throughput_bcm_per_yr:g} bcm/yr "
        f"over this route ({last_error})"
    )


def design_pipeline(
    route: tuple[Segment, ...],
    throughput_bcm_per_yr: float,
    *,
    gas: Gas = PIPELINE_GAS,
    basis: DesignBasis = DesignBasis(),
    outer_diameter_mm: float | None = None,
) -> HydraulicDesign:
    """Design for a given outer diameter, or the smallest feasible standard size.

    For the least-cost size use :func:`corridor.engineering.cost.least_cost_pipeline`.
    """
    if outer_diameter_mm is not None:
        return design_for_size(
            route, throughput_bcm_per_yr, outer_diameter_mm, gas=gas, basis=basis
        )
    return feasible_designs(route, throughput_bcm_per_yr, gas=gas, basis=basis)[0]


def with_basis(basis: DesignBasis, **changes: object) -> DesignBasis:
    """A copy of ``basis`` with some fields changed (validated by the dataclass)."""
    return replace(basis, **changes)  # type: ignore[arg-type]  # field names checked by replace


__all__ = [
    "LHV_MJ_PER_SM3",
    "STANDARD_SIZES",
    "DesignBasis",
    "DesignInfeasible",
    "HydraulicDesign",
    "Segment",
    "Station",
    "check_inputs",
    "colebrook",
    "compressor_power_mw",
    "design_for_size",
    "design_pipeline",
    "feasible_designs",
    "flow_rate_sm3_per_s",
    "fuel_fraction",
    "general_flow_step",
    "no_size_fits",
    "wall_thickness_mm",
    "with_basis",
]
