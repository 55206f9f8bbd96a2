"""Rail and sea container freight: transit time and tariff per TEU from a route's legs.

A route (or one stretch of it) is a sequence of :class:`Leg` s (rail or sea, with a length)
plus the events that cost time and money between legs: container *handlings* (a lift at a
port or terminal: origin, transhipment, destination), *border crossings* (customs and
documents) and *gauge changes* (1,435 <-> 1,520 mm: containers moved between wagons).
Everything is additive, so stretches can be priced one by one and summed along a path
(the market model does exactly that with one link per stretch).

Units: lengths in km, times in days, money in USD per TEU (2011 US dollars), value of time
in USD per TEU per day, speeds in km/day (rail) and knots (sea). Every rate in
:data:`FREIGHT_RATES` has a central value, a range and a source; :func:`estimate` returns
the central figure and the optimistic/pessimistic ends of the range. Pure functions and
frozen dataclasses: nothing here knows a scenario (a scenario's own stretches and routes
are its ``[links.freight]`` tables and ``[[freight_routes]]``, see
:mod:`corridor.scenario.freight_routes`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal

from corridor.units import HOURS_PER_DAY, to_internal

if TYPE_CHECKING:
    import pandas as pd


Mode = Literal["rail", "sea"]


@dataclass(frozen=True, slots=True)
class FreightRate:
    """A freight parameter: ``value`` and its range ``low``–``high`` in ``unit``, with source."""

    value: float
    low: float
    high: float
    unit: str
    source: str


FREIGHT_RATES: Final[dict[str, FreightRate]] = {
    "rail_speed": FreightRate(
        800.0,
        650.0,
        1340.0,
        "km/d",
        "TSR container trains Nakhodka-Vostochny–Moscow (9,361 km): 11–14 days on the "
        "ordinary fast service, up to ~20 days otherwise; 'Transib in Seven Days' block "
        "train of March 2009 under 7 days, i.e. ~1,340 km/d (Container-Mag, 25 Mar 2009; "
        "Railway Gazette via press reports, 2013)",
    ),
    "rail_tariff": FreightRate(
        0.22,
        0.15,
        0.40,
        "USD/TEU-km",
        "assumption: through container rates on the TSR of ~2,000–2,500 USD/TEU "
        "Vostochny–Moscow reported in ERINA's TSR reviews (Tsuji, ERINA, 2009), "
        "i.e. ~0.2–0.27 USD/TEU-km; high end from pre-subsidy China–Europe block trains",
    ),
    "sea_speed": FreightRate(
        16.0,
        13.0,
        20.0,
        "kn",
        "assumption: effective liner speed including slow steaming (13–18 kn after 2009) "
        "and intermediate calls; gives Busan–Hamburg ~29 days at sea",
    ),
    "sea_tariff": FreightRate(
        0.05,
        0.035,
        0.08,
        "USD/TEU-km",
        "assumption: Asia–North Europe ocean freight of ~1,000–1,800 USD/TEU in 2011 "
        "over ~20,000 km (Drewry and SCFI spot indices, 2011, as reported)",
    ),
    "sea_voyage": FreightRate(
        200.0,
        100.0,
        300.0,
        "USD/TEU",
        "assumption: per-voyage vessel call and bunker surcharges that do not scale with "
        "distance; makes short-sea feeder rates Busan–Vostochny ~400–600 USD/TEU",
    ),
    "handling_days": FreightRate(
        2.0,
        0.5,
        4.0,
        "d",
        "assumption: dwell per container lift at a port or terminal (1–2 days for "
        "liner ports, 2–5 days for sea-to-rail transhipment with customs at Vostochny, "
        "per ERINA, 2009)",
    ),
    "handling_cost": FreightRate(
        150.0,
        80.0,
        250.0,
        "USD/TEU",
        "assumption: terminal handling charge per lift in Northeast Asian and North "
        "European ports, 2011 (carriers' THC tariffs, typical range)",
    ),
    "border_days": FreightRate(
        1.5,
        0.5,
        4.0,
        "d",
        "assumption: customs and document checks per border crossing; ERINA (2009) "
        "names customs clearance as the main delay on the TSR",
    ),
    "border_cost": FreightRate(
        100.0,
        50.0,
        300.0,
        "USD/TEU",
        "assumption: customs brokerage, documents and inspection per crossing",
    ),
    "gauge_change_days": FreightRate(
        0.5,
        0.25,
        1.5,
        "d",
        "assumption: crane transfer of containers between 1,435 and 1,520 mm wagons "
        "(Brest, Dostyk, Zabaikalsk), hours to a day and a half",
    ),
    "gauge_change_cost": FreightRate(
        120.0,
        60.0,
        200.0,
        "USD/TEU",
        "assumption: transfer charge per TEU at a break-of-gauge station",
    ),
}
"""Central values, ranges and sources of every freight parameter."""


@dataclass(frozen=True, slots=True)
class Leg:
    """One stretch of a single mode: ``length_km``; factors scale the central speed and rate.

    ``speed_factor`` < 1 for slow track (North Korea's worn lines), ``tariff_factor`` > 1
    for dearer carriers (pre-subsidy China–Europe rates).
    """

    mode: Mode
    length_km: float
    name: str = ""
    speed_factor: float = 1.0
    tariff_factor: float = 1.0

    def __post_init__(self) -> None:
        if self.mode not in ("rail", "sea"):
            raise ValueError(f"leg mode must be 'rail' or 'sea', got {self.mode!r}")
        if not self.length_km >= 0:
            raise ValueError(f"leg length must be non-negative, got {self.length_km}")
        if not (self.speed_factor > 0 and self.tariff_factor > 0):
            raise ValueError("speed_factor and tariff_factor must be positive")


@dataclass(frozen=True, slots=True)
class Route:
    """A route or a stretch of one: legs plus the events between them (counts)."""

    name: str
    legs: tuple[Leg, ...]
    handlings: int = 0
    border_crossings: int = 0
    gauge_changes: int = 0

    def __post_init__(self) -> None:
        if min(self.handlings, self.border_crossings, self.gauge_changes) < 0:
            raise ValueError("event counts must be non-negative")

    @property
    def length_km(self) -> float:
        """Total length, km."""
        return sum(leg.length_km for leg in self.legs)

    def mode_km(self, mode: Mode) -> float:
        """Length of the legs of one mode, km."""
        return sum(leg.length_km for leg in self.legs if leg.mode == mode)

    def then(self, other: Route, name: str | None = None) -> Route:
        """Return this route followed by ``other``: legs and event counts add up."""
        return Route(
            name or f"{self.name} + {other.name}",
            self.legs + other.legs,
            self.handlings + other.handlings,
            self.border_crossings + other.border_crossings,
            self.gauge_changes + other.gauge_changes,
        )


@dataclass(frozen=True, slots=True)
class FreightBasis:
    """The parameter set of one estimate (units as in :data:`FREIGHT_RATES`)."""

    rail_speed_km_per_day: float
    rail_usd_per_teu_km: float
    sea_speed_kn: float
    sea_usd_per_teu_km: float
    sea_voyage_usd_per_teu: float
    handling_days: float
    handling_usd_per_teu: float
    border_days: float
    border_usd_per_teu: float
    gauge_change_days: float
    gauge_change_usd_per_teu: float

    @classmethod
    def central(cls) -> FreightBasis:
        """Every parameter at its central value."""
        return cls._pick({k: r.value for k, r in FREIGHT_RATES.items()})

    @classmethod
    def fast(cls) -> FreightBasis:
        """The optimistic end of every range: high speeds, short dwell, low rates."""
        faster = {"rail_speed", "sea_speed"}
        return cls._pick({k: r.high if k in faster else r.low for k, r in FREIGHT_RATES.items()})

    @classmethod
    def slow(cls) -> FreightBasis:
        """The pessimistic end of every range: low speeds, long dwell, high rates."""
        faster = {"rail_speed", "sea_speed"}
        return cls._pick({k: r.low if k in faster else r.high for k, r in FREIGHT_RATES.items()})

    @classmethod
    def _pick(cls, v: dict[str, float]) -> FreightBasis:
        return cls(
            v["rail_speed"], v["rail_tariff"], v["sea_speed"], v["sea_tariff"],
            v["sea_voyage"], v["handling_days"], v["handling_cost"], v["border_days"],
            v["border_cost"], v["gauge_change_days"], v["gauge_change_cost"],
        )  # fmt: skip


def sea_km_per_day(speed_kn: float) -> float:
    """Distance a ship covers in a day at ``speed_kn`` knots, km/d."""
    return to_internal(speed_kn, "kn") * HOURS_PER_DAY


def transit_days(route: Route, basis: FreightBasis | None = None) -> float:
    """Door-to-door time of ``route`` in days: running time plus dwell at every event."""
    b = basis or FreightBasis.central()
    running = 0.0
    for leg in route.legs:
        speed = b.rail_speed_km_per_day if leg.mode == "rail" else sea_km_per_day(b.sea_speed_kn)
        running += leg.length_km / (speed * leg.speed_factor)
    return (
        running
        + route.handlings * b.handling_days
        + route.border_crossings * b.border_days
        + route.gauge_changes * b.gauge_change_days
    )


def tariff_usd_per_teu(route: Route, basis: FreightBasis | None = None) -> float:
    """What a shipper pays to move one TEU along ``route``, USD/TEU (2011)."""
    b = basis or FreightBasis.central()
    cost = 0.0
    for leg in route.legs:
        if leg.mode == "rail":
            cost += leg.length_km * b.rail_usd_per_teu_km * leg.tariff_factor
        else:
            per_km = leg.length_km * b.sea_usd_per_teu_km
            cost += (per_km + b.sea_voyage_usd_per_teu) * leg.tariff_factor
    return (
        cost
        + route.handlings * b.handling_usd_per_teu
        + route.border_crossings * b.border_usd_per_teu
        + route.gauge_changes * b.gauge_change_usd_per_teu
    )


def generalised_cost(
    tariff_usd_per_teu: float, days: float, value_of_time_usd_per_teu_day: float
) -> float:
    """Generalised cost a shipper weighs routes by: tariff + value of time × days, USD/TEU."""
    return tariff_usd_per_teu + value_of_time_usd_per_teu_day * days


@dataclass(frozen=True, slots=True)
class FreightEstimate:
    """Transit days and tariff of a route, central and at both ends of the parameter ranges.

    Days in d, tariffs in USD/TEU, lengths in km.
    """

    route: str
    length_km: float
    rail_km: float
    sea_km: float
    days: float
    days_low: float
    days_high: float
    tariff_usd_per_teu: float
    tariff_low: float
    tariff_high: float

    def generalised_cost(self, value_of_time_usd_per_teu_day: float) -> float:
        """Central generalised cost at the given value of time, USD/TEU."""
        return generalised_cost(self.tariff_usd_per_teu, self.days, value_of_time_usd_per_teu_day)


def estimate(route: Route, basis: FreightBasis | None = None) -> FreightEstimate:
    """Central estimate of ``route`` (at ``basis``, default central) with its range.

    The range runs from every parameter at its optimistic end (:meth:`FreightBasis.fast`)
    to every parameter at its pessimistic end (:meth:`FreightBasis.slow`).
    """
    central = basis or FreightBasis.central()
    fast, slow = FreightBasis.fast(), FreightBasis.slow()
    return FreightEstimate(
        route=route.name,
        length_km=route.length_km,
        rail_km=route.mode_km("rail"),
        sea_km=route.mode_km("sea"),
        days=transit_days(route, central),
        days_low=transit_days(route, fast),
        days_high=transit_days(route, slow),
        tariff_usd_per_teu=tariff_usd_per_teu(route, central),
        tariff_low=tariff_usd_per_teu(route, fast),
        tariff_high=tariff_usd_per_teu(route, slow),
    )


def freight_table() -> pd.DataFrame:
    """Every freight parameter with its value, range, unit and source (one row each)."""
    import pandas as pd

    return pd.DataFrame(
        [(k, r.value, r.low, r.high, r.unit, r.source) for k, r in FREIGHT_RATES.items()],
        columns=["parameter", "value", "low", "high", "unit", "source"],
    )


def chain(*stretches: Route, name: str | None = None) -> Route:
    """A whole route made of ``stretches`` in order (named ``name``, else theirs joined)."""
    route = stretches[0]
    for stretch in stretches[1:]:
        route = route.then(stretch)
    return Route(name or " + ".join(s.name for s in stretches), route.legs, route.handlings,
                 route.border_crossings, route.gauge_changes)  # fmt: skip


def route_table(
    routes: Mapping[str, Route], value_of_time_usd_per_teu_day: float = 40.0
) -> pd.DataFrame:
    """Every route: km, days (with range), tariff (with range), generalised cost.

    One row per entry of ``routes`` (name -> route), in order; generalised cost in
    USD/TEU at the given value of time (USD per TEU per day).
    """
    import pandas as pd

    rows = []
    for key, route in routes.items():
        est = estimate(route)
        rows.append(
            (key, est.length_km, est.rail_km, est.sea_km, est.days, est.days_low,
             est.days_high, est.tariff_usd_per_teu, est.tariff_low, est.tariff_high,
             est.generalised_cost(value_of_time_usd_per_teu_day))
        )  # fmt: skip
    return pd.DataFrame(
        rows,
        columns=["route", "length_km", "rail_km", "sea_km", "days", "days_low", "days_high",
                 "tariff_usd_per_teu", "tariff_low", "tariff_high",
                 "generalised_cost_usd_per_teu"],
    )  # fmt: skip


__all__ = [
    "FREIGHT_RATES",
    "FreightBasis",
    "FreightEstimate",
    "FreightRate",
    "Leg",
    "Mode",
    "Route",
    "chain",
    "estimate",
    "freight_table",
    "generalised_cost",
    "route_table",
    "sea_km_per_day",
    "tariff_usd_per_teu",
    "transit_days",
]
