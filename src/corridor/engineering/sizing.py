"""Sizing a pipeline: compressor stations placed along a route for each standard size.

:func:`design_for_size` marches the pressure along the route with the hydraulics of
:mod:`corridor.engineering.hydraulics` and places a station wherever the pressure falls to
the suction minimum; :func:`feasible_designs` does it for every standard size (the least-cost
choice among them is :func:`corridor.engineering.cost.least_cost_pipeline`).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from corridor.engineering.gas import (
    PIPELINE_GAS,
    Gas,
    density_kg_per_m3,
    mass_flow_kg_per_s,
)
from corridor.engineering.hydraulics import (
    DEFAULT_DESIGN_BASIS,
    STANDARD_SIZES,
    DesignBasis,
    DesignInfeasible,
    HydraulicDesign,
    Segment,
    Station,
    colebrook,
    compressor_power_mw,
    flow_stepper,
    fuel_fraction,
    wall_thickness_mm,
)
from corridor.engineering.offshore import WallCheck, WallInfeasible, offshore_wall


@dataclass(frozen=True, slots=True)
class _Step:
    start_km: float
    length_km: float
    rise_m: float
    offshore: bool
    segment: int


@functools.lru_cache(maxsize=64)
def _steps(route: tuple[Segment, ...], step_km: float) -> tuple[_Step, ...]:
    # the same for every pipe size of a route: worked out once per route, not per size
    steps: list[_Step] = []
    start = 0.0
    for k, seg in enumerate(route):
        n = max(1, math.ceil(seg.length_km / step_km - 1e-9))
        dx = seg.length_km / n
        for i in range(n):
            rise = seg.elevation_at((i + 1) * dx) - seg.elevation_at(i * dx)
            steps.append(_Step(start + i * dx, dx, rise, seg.offshore, k))
        start += seg.length_km
    return tuple(steps)


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


@functools.lru_cache(maxsize=256)
def route_walls(
    route: tuple[Segment, ...], outer_diameter_mm: float, basis: DesignBasis, label: str = ""
) -> tuple[WallCheck | None, ...]:
    """The subsea wall of each segment with a depth profile (None for the others).

    Designed for the offshore MAOP, containment at the segment's shallowest point and
    collapse at its deepest (:func:`corridor.engineering.offshore.offshore_wall`); raises
    ``DesignInfeasible`` naming the segment and the binding check when no wall can do it.
    """
    walls: list[WallCheck | None] = []
    for k, seg in enumerate(route):
        if not seg.deep:
            walls.append(None)
            continue
        where = f"{label or f'{outer_diameter_mm:g} mm pipe'}, {seg.name or f'segment {k + 1}'}"
        try:
            walls.append(
                offshore_wall(
                    outer_diameter_mm,
                    basis.subsea_maop_bar,
                    seg.min_depth_m,
                    seg.max_depth_m,
                    basis.offshore,
                    label=where,
                )
            )
        except WallInfeasible as exc:
            raise DesignInfeasible(str(exc)) from None
    return tuple(walls)


class Abandoned(Exception):
    """Raised by :func:`design_for_size` when its ``stop`` callback asks to give up."""


def design_for_size(
    route: tuple[Segment, ...],
    throughput_bcm_per_yr: float,
    outer_diameter_mm: float,
    *,
    gas: Gas = PIPELINE_GAS,
    basis: DesignBasis = DEFAULT_DESIGN_BASIS,
    nominal_size_in: int | None = None,
    stop: Callable[[Sequence[Station]], bool] | None = None,
) -> HydraulicDesign:
    """Place compressor stations for one pipe size; raise ``DesignInfeasible`` if it cannot work.

    Stations discharge at the MAOP; an intermediate station goes where the pressure falls
    to ``basis.suction_min_bar`` (to within ``basis.step_km``); a landfall station lifts
    the gas to the offshore MAOP before a subsea stretch when needed; a final station is
    placed so that the gas arrives at no less than the delivery pressure.

    ``stop(stations)`` is asked after each station is placed (stations are only ever
    added); when it returns True the design is given up with :class:`Abandoned`.
    """
    check_inputs(route, throughput_bcm_per_yr, basis)
    size_in = nominal_size_in or round(outer_diameter_mm / 25.4)
    wall = wall_thickness_mm(outer_diameter_mm, basis.maop_bar, basis.smys_mpa, basis.design_factor)
    wall_off = wall_thickness_mm(
        outer_diameter_mm, basis.subsea_maop_bar, basis.smys_mpa, basis.design_factor
    )
    if 2 * max(wall, wall_off) >= 0.5 * outer_diameter_mm:
        raise DesignInfeasible(f"{outer_diameter_mm:g} mm pipe cannot hold the MAOP")
    label = f"{size_in} in ({outer_diameter_mm:g} mm)"
    deep_walls = route_walls(route, outer_diameter_mm, basis, label)
    m = mass_flow_kg_per_s(gas, throughput_bcm_per_yr)
    rel_rough = basis.roughness_mm / 1e3
    # one pipe per (wall, gas temperature): onshore, plain offshore, each deep wall
    pipes: dict[tuple[float, float], tuple[float, float, float]] = {}
    steppers = {}
    pipe_of: list[tuple[float, float]] = []
    for seg, deep in zip(route, deep_walls, strict=True):
        if deep is not None:
            key = (deep.wall_mm, basis.subsea_temperature_k)
        elif seg.offshore:
            key = (wall_off, basis.subsea_temperature_k)
        else:
            key = (wall, basis.temperature_k)
        pipe_of.append(key)
        if key in pipes:
            continue
        d = (outer_diameter_mm - 2 * key[0]) / 1e3
        area = math.pi / 4 * d * d
        re = m / area * d / gas.viscosity_pa_s
        pipes[key] = (d, colebrook(re, rel_rough / d), re)
        steppers[key] = flow_stepper(m / area, d, pipes[key][1], gas, key[1], basis.z_method)
    steps = _steps(route, basis.step_km)

    def advance(p: float, st: _Step) -> float | None:
        return steppers[pipe_of[st.segment]](p, st.length_km, st.rise_m)

    def march(p: float, first: int, last: int) -> list[float] | None:
        """The pressure after each step from ``first`` to ``last``; None if gas stops."""
        run = []
        for st in steps[first:last]:
            nxt = advance(p, st)
            if nxt is None:
                return None
            run.append(nxt)
            p = nxt
        return run

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

    def place(km: float, suction: float, discharge: float, kind: str) -> None:
        stations.append(station(km, suction, discharge, kind))
        if stop is not None and stop(stations):
            raise Abandoned(label)

    first_max = basis.subsea_maop_bar if steps[0].offshore else basis.maop_bar
    p = min(basis.inlet_pressure_bar, first_max)
    if basis.inlet_pressure_bar < first_max:
        place(0.0, basis.inlet_pressure_bar, first_max, "head")
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
            run = march(p, i, end)
            if (run is None or run[-1] < need) and p < basis.subsea_maop_bar * (1 - 1e-9):
                place(st.start_km, p, basis.subsea_maop_bar, "landfall")
                p = basis.subsea_maop_bar
                profile.append((st.start_km, p))
                run = march(p, i, end)
            if run is None or run[-1] < need:
                got = "no flow" if run is None else f"{run[-1]:.1f} bar"
                length = sum(s.length_km for s in steps[i:end])
                raise DesignInfeasible(
                    f"{label}: the {length:.0f} km offshore stretch from km {st.start_km:.0f} "
                    f"cannot carry {throughput_bcm_per_yr:g} bcm/yr: arrival {got} < required "
                    f"{need:.1f} bar with {p:.0f} bar inlet"
                )
            for j in range(i, end):
                pressures.append(p)
                p = run[j - i]
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
            place(st.start_km, p, basis.maop_bar, "intermediate")
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
            run = march(basis.maop_bar, j, len(steps))
            if run is not None and run[-1] >= basis.delivery_pressure_bar:
                place(steps[j].start_km, pressures[j], basis.maop_bar, "intermediate")
                profile = [pt for pt in profile if pt[0] <= steps[j].start_km]
                profile.append((steps[j].start_km, basis.maop_bar))
                for st2, q in zip(steps[j:], run, strict=True):
                    profile.append((st2.start_km + st2.length_km, q))
                p = run[-1]
                break
        if p < basis.delivery_pressure_bar:
            raise DesignInfeasible(
                f"{label}: gas arrives at {p:.1f} bar, below the delivery pressure "
                f"{basis.delivery_pressure_bar:g} bar, and no station placement fixes it"
            )

    _d_on, f_on, re_on = pipes.get((wall, basis.temperature_k)) or _onshore_pipe(
        outer_diameter_mm, wall, m, gas, rel_rough
    )
    p_min = min(pt[1] for pt in profile)
    d_small = min([(outer_diameter_mm - 2 * wall_off) / 1e3, *(d for d, _, _ in pipes.values())])
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
        offshore_wall_mm=_thickest_subsea_wall(route, deep_walls, wall_off),
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
        offshore_walls=deep_walls,
    )


def _thickest_subsea_wall(
    route: tuple[Segment, ...], deep_walls: tuple[WallCheck | None, ...], barlow_mm: float
) -> float:
    """The thickest subsea wall, mm: the Barlow wall unless every offshore segment is deep."""
    deep = [w.wall_mm for w in deep_walls if w is not None]
    plain = not deep or any(
        s.offshore and w is None for s, w in zip(route, deep_walls, strict=True)
    )
    return max([*deep, *([barlow_mm] if plain else [])])


def _onshore_pipe(
    outer_diameter_mm: float, wall_mm: float, mass_flow: float, gas: Gas, rel_rough: float
) -> tuple[float, float, float]:
    """(inner diameter m, friction factor, Reynolds) of the onshore pipe of an all-subsea route."""
    d = (outer_diameter_mm - 2 * wall_mm) / 1e3
    re = mass_flow / (math.pi / 4 * d * d) * d / gas.viscosity_pa_s
    return d, colebrook(re, rel_rough / d), re


def feasible_designs(
    route: tuple[Segment, ...],
    throughput_bcm_per_yr: float,
    *,
    gas: Gas = PIPELINE_GAS,
    basis: DesignBasis = DEFAULT_DESIGN_BASIS,
    sizes: tuple[tuple[int, float], ...] = STANDARD_SIZES,
) -> list[HydraulicDesign]:
    """Designs for every standard size that can carry the throughput, smallest first.

    Raises ``DesignInfeasible`` naming the reason the largest size fails when none can.
    """
    check_inputs(route, throughput_bcm_per_yr, basis)
    designs: list[HydraulicDesign] = []
    errors: list[tuple[bool, DesignInfeasible]] = []
    for size_in, od in sizes:
        try:
            route_walls(route, od, basis, f"{size_in} in ({od:g} mm)")
        except DesignInfeasible as exc:
            errors.append((True, exc))
            continue
        try:
            designs.append(
                design_for_size(
                    route, throughput_bcm_per_yr, od, gas=gas, basis=basis, nominal_size_in=size_in
                )
            )
        except DesignInfeasible as exc:
            errors.append((False, exc))
    if not designs:
        raise no_size_fits_from(sizes, throughput_bcm_per_yr, errors)
    return designs


def no_size_fits(
    sizes: tuple[tuple[int, float], ...],
    throughput_bcm_per_yr: float,
    last_error: DesignInfeasible | None,
    wall_errors: Sequence[DesignInfeasible] = (),
) -> DesignInfeasible:
    """The error for a route no standard size can serve, with the reasons that bind.

    ``last_error`` is the largest size's reason; ``wall_errors`` those of sizes whose
    subsea wall failed (:func:`route_walls`): when some sizes fail the wall and the others
    the hydraulics, both reasons are named (the smallest wall failure and the largest
    size that has a wall).
    """
    head = (
        f"no standard size up to {sizes[-1][0]} in can carry {throughput_bcm_per_yr:g} bcm/yr "
        "over this route"
    )
    if wall_errors and last_error is not None and last_error not in wall_errors:
        return DesignInfeasible(f"{head} ({last_error}; larger sizes: {wall_errors[-1]})")
    return DesignInfeasible(f"{head} ({last_error})")


def no_size_fits_from(
    sizes: tuple[tuple[int, float], ...],
    throughput_bcm_per_yr: float,
    errors: Sequence[tuple[bool, DesignInfeasible]],
) -> DesignInfeasible:
    """:func:`no_size_fits` from (wall failed?, error) pairs in size order, smallest first."""
    hydraulic = [e for wall, e in errors if not wall]
    walls = [e for wall, e in errors if wall]
    last = hydraulic[-1] if hydraulic else (walls[-1] if walls else None)
    return no_size_fits(sizes, throughput_bcm_per_yr, last, walls[:1])


def design_pipeline(
    route: tuple[Segment, ...],
    throughput_bcm_per_yr: float,
    *,
    gas: Gas = PIPELINE_GAS,
    basis: DesignBasis = DEFAULT_DESIGN_BASIS,
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
    "Abandoned",
    "check_inputs",
    "design_for_size",
    "design_pipeline",
    "feasible_designs",
    "no_size_fits",
    "no_size_fits_from",
    "route_walls",
    "with_basis",
]
