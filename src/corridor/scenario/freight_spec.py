"""Container links given by route: the ``freight`` table of a ``[[links]]`` entry.

A container link may describe its stretch instead of stating tariff and days::

    [[links]]
    id = "rjn-khs"
    from = "RJN"
    to = "KHS"
    commodity = "containers"
    control = ["KP", "RU"]
    capacity = { value = 100, unit = "kTEU/yr", assumption = "..." }
    assumption = "..."
    freight = { legs = [{ mode = "rail", length = "54 km", speed_factor = 0.5 }],
                handlings = 1, border_crossings = 2 }

The loader validates the table (:class:`~corridor.scenario.freight_schema.FreightSpec`)
and derives here, through
:mod:`corridor.engineering.freight` at its central rates: ``unit_cost`` = the tariff per
TEU, ``transit_time`` = the days, ``length`` = the legs' total. (The commodity's value of
time is added to the unit cost afterwards, as for links with typed numbers.) The inputs,
the derived numbers and their ranges are kept in ``Link.design``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from corridor import units
from corridor.engineering.freight import Leg, Route, estimate
from corridor.scenario.freight_schema import FreightSpec
from corridor.scenario.provenance import KeyPath, Provenance, inherit

DERIVED_FIELDS: tuple[str, ...] = ("unit_cost", "transit_time", "length")
"""Link keys a freight spec replaces (giving both is an error)."""

_DERIVED = Provenance(
    None, "derived by corridor.engineering.freight from the route legs (see Link.design)"
)


@dataclass(frozen=True, slots=True)
class DerivedFreight:
    """A container link's numbers derived from its route, in internal units.

    ``unit_cost`` USD m per kTEU (the tariff, before value of time), ``transit_days`` d,
    ``length_km`` km; ``design`` the inputs and results (JSON-ready).
    """

    unit_cost: float
    transit_days: float
    length_km: float
    sources: Mapping[str, Provenance]
    design: Mapping[str, Any]


Check = Callable[[Any, Any, KeyPath], Any]
Measure = Callable[..., float | None]
Report = Callable[[KeyPath, str], None]


def derive_freight(
    raw: Any,
    link: Mapping[str, Any],
    path: KeyPath,
    inherited: Provenance | None,
    *,
    check: Check,
    measure: Measure,
    report: Report,
) -> DerivedFreight | None:
    """Validate a link's ``freight`` table and derive tariff, days and length.

    ``raw`` is the table as read, ``link`` the raw link entry (to spot keys the spec
    replaces), ``inherited`` the link's provenance. Problems go to ``report``; returns
    None when the table is invalid.
    """
    for key in DERIVED_FIELDS:
        if key in link:
            report((*path, key), "derived from the freight route; remove it or the route")
    spec = check(FreightSpec, raw, (*path, "freight"))
    if spec is None:
        return None
    parent = inherit(spec, inherited)
    legs = []
    for n, leg in enumerate(spec.legs):
        prov = inherit(leg, parent)
        km = measure((*path, "freight", "legs", n, "length"), leg.length, units.LENGTH, prov)
        if km is None:
            return None
        legs.append(Leg(leg.mode, km, leg.name, leg.speed_factor, leg.tariff_factor))
    route = Route(
        str(link.get("id", "")), tuple(legs), spec.handlings, spec.border_crossings,
        spec.gauge_changes,
    )  # fmt: skip
    est = estimate(route)
    design = {
        "kind": "freight",
        "inputs": {
            "handlings": spec.handlings,
            "border_crossings": spec.border_crossings,
            "gauge_changes": spec.gauge_changes,
        },
        "legs": [
            {"mode": g.mode, "length_km": g.length_km, "name": g.name,
             "speed_factor": g.speed_factor, "tariff_factor": g.tariff_factor}
            for g in legs
        ],
        "derived": {
            "transit_days": est.days,
            "transit_days_low": est.days_low,
            "transit_days_high": est.days_high,
            "tariff_usd_per_teu": est.tariff_usd_per_teu,
            "tariff_usd_per_teu_low": est.tariff_low,
            "tariff_usd_per_teu_high": est.tariff_high,
        },
    }  # fmt: skip
    return DerivedFreight(
        unit_cost=units.to_internal(est.tariff_usd_per_teu, "USD/TEU", units.BOX_PRICE),
        transit_days=est.days,
        length_km=est.length_km,
        sources={"unit_cost": _DERIVED, "transit_time": _DERIVED, "length": _DERIVED},
        design=design,
    )


__all__ = [
    "DERIVED_FIELDS",
    "Check",
    "DerivedFreight",
    "Measure",
    "Report",
    "derive_freight",
]
