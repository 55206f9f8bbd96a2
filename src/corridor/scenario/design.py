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

from collections.abc import Mapping
from typing import Any

from corridor import units
from corridor.engineering.hydraulics import DesignInfeasible
from corridor.engineering.lng import LngBasis, lng_chain_cost
from corridor.scenario.derived import Check, DerivedLink, DesignContext, Measure, Report
from corridor.scenario.design_pipeline import PipelineSpec, SegmentSpec, derive_pipeline
from corridor.scenario.provenance import Provenance, inherit
from corridor.scenario.schema import MeasureFile, Sourced

DESIGN_KEYS: tuple[str, ...] = ("pipeline", "lng")
"""Keys of a link that give it by design."""
DERIVED_FIELDS: tuple[str, ...] = ("capacity", "unit_cost", "capex", "loss", "length")
"""Link keys a design replaces (giving both is an error)."""


class LngSpec(Sourced):
    """The ``[links.lng]`` table: a whole LNG chain (liquefaction, ships, regasification)."""

    volume: MeasureFile
    distance: MeasureFile
    speed: MeasureFile | None = None
    gas_price: MeasureFile | None = None
    capex_factor: MeasureFile | None = None


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


def derive_link(raw: Mapping[str, Any], ctx: DesignContext) -> DerivedLink | None:
    """Validate a link's design table (``pipeline`` or ``lng``) and derive its numbers.

    ``raw`` is the link's raw TOML table and ``ctx.path`` its key path; problems go to
    ``ctx.report``, and None is returned when any was found.
    """
    given = [k for k in DESIGN_KEYS if k in raw]
    if len(given) > 1:
        ctx.report(ctx.path, "give either a pipeline or an lng design, not both")
        return None
    key = given[0]
    clash = [k for k in DERIVED_FIELDS if k in raw]
    if clash:
        for k in clash:
            ctx.report((*ctx.path, k), f"derived from the {key} design; remove it or the design")
        return None
    derive = derive_pipeline if key == "pipeline" else _lng
    return derive(raw[key], ctx.under(key))


def _lng(raw: Any, ctx: DesignContext) -> DerivedLink | None:
    path, measure, report = ctx.path, ctx.measure, ctx.report
    discount_rate, lifetime_yr = ctx.discount_rate, ctx.lifetime_yr
    spec: LngSpec | None = ctx.check(LngSpec, raw, path)
    if spec is None:
        return None
    prov = inherit(spec, ctx.link_prov)
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
    "DesignContext",
    "LngSpec",
    "Measure",
    "PipelineSpec",
    "Report",
    "SegmentSpec",
    "derive_link",
    "scenario_discount_rate",
]
