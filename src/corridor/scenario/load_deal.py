"""Loading the ``[deal]`` and ``[risk]`` tables: validated file tables -> the deal model.

The scenario loader validates the tables against :mod:`corridor.scenario.deal_schema`
and calls :func:`build_deal` and :func:`build_risk` with its :class:`Collector`, so that
their problems come out with the rest as ``file:line: key.path: message``. Measures are
converted by the collector (signs by :attr:`SignRule.NON_NEGATIVE` or
:attr:`SignRule.POSITIVE`); actors, links and supplies are checked against the ids given.
"""

from __future__ import annotations

import math
from collections.abc import Collection

from corridor import units
from corridor.scenario.collector import Collector, SignRule
from corridor.scenario.deal_model import (
    TARGET_DIMENSION,
    Aid,
    CapexItem,
    Costs,
    Deal,
    Debt,
    Disruption,
    Distribution,
    Guarantee,
    Price,
    Risk,
    TransitFee,
    UncertainParameter,
)
from corridor.scenario.deal_schema import (
    AidFile,
    CapexFile,
    CostsFile,
    DealFile,
    DebtFile,
    DistributionFile,
    RiskFile,
    TransitFeeFile,
    YearFile,
)
from corridor.scenario.provenance import UNSPECIFIED, KeyPath, Provenance, inherit
from corridor.scenario.schema import MeasureFile, Sourced

__all__ = ["build_deal", "build_risk"]


_MAX_SIGMA = 10.0
"""Largest log-normal sigma: larger ones make draws overflow to infinity."""


class _Terms:
    """The deal and risk checks over the loader's collector: actors, measures, years."""

    def __init__(self, out: Collector, actor_ids: Collection[str]):
        self.out = out
        self.actor_ids = actor_ids

    def add(self, path: KeyPath, message: str) -> None:
        self.out.add(path, message)

    def actor(self, path: KeyPath, actor: str | None) -> None:
        if actor is not None and actor not in self.actor_ids:
            known = ", ".join(self.actor_ids) or "none defined"
            self.add(path, f"unknown actor {actor!r} (known: {known})")

    def provenance(self, path: KeyPath, *chain: Sourced | None) -> Provenance | None:
        return self.out.provenance(path, *chain)

    def measure(
        self,
        path: KeyPath,
        value: MeasureFile,
        dimension: str,
        *parents: Sourced | None,
        positive: bool = False,
    ) -> float:
        sign = SignRule.POSITIVE if positive else SignRule.NON_NEGATIVE
        number = self.out.measure(path, value, dimension, inherit(*parents), sign=sign)
        return math.nan if number is None else number

    def year(self, path: KeyPath, value: YearFile, *parents: Sourced | None) -> int:
        self.provenance(path, value, *parents)
        return value.value

    def fraction(self, path: KeyPath, value: MeasureFile, *parents: Sourced | None) -> float:
        number = self.measure(path, value, units.FRACTION, *parents)
        if number > 1:
            self.add(path, f"must be at most 100 %, got {number:.0%}")
        return number

    def distribution(
        self, path: KeyPath, item: DistributionFile, dimension: str, *parents: Sourced | None
    ) -> Distribution:
        self.provenance(path, item, *parents)
        scale = self.out.convert(path, 1.0, item.unit, dimension)
        if scale is None:
            scale = 1.0
        fields = {
            "normal": (item.mean, item.sd),
            "lognormal": (item.median, item.sigma),
            "triangular": (item.low, item.mode, item.high),
            "uniform": (item.low, item.high),
        }
        if item.distribution == "discrete":
            scaled = tuple(v * scale for v in item.values or [])
            params = scaled + tuple(item.weights or [])
        elif item.distribution == "lognormal":
            scaled = ((item.median or 0.0) * scale,)
            params = (*scaled, item.sigma or 0.0)
        else:
            params = scaled = tuple((v or 0.0) * scale for v in fields[item.distribution])
        bounds = (-math.inf, math.inf)
        if item.bounds is not None:
            bounds = (item.bounds[0] * scale, item.bounds[1] * scale)
            scaled += bounds
        if (item.sigma or 0.0) > _MAX_SIGMA:
            self.add((*path, "sigma"), f"must be at most {_MAX_SIGMA:g} (a factor of e^"
                     f"{_MAX_SIGMA:g} per standard deviation), got {item.sigma:g}")  # fmt: skip
        for number in scaled:  # what the draws are made of, in the range the models handle
            if not self.out.in_range(path, number, dimension, item.unit, number / scale):
                break
        return Distribution(item.distribution, params, bounds)


def build_deal(
    parsed: DealFile,
    out: Collector,
    actor_ids: Collection[str],
    link_ids: Collection[str] = (),
    supply_ids: Collection[str] = (),
    base_year: int = 1900,
) -> Deal:
    """Turn a validated ``[deal]`` table into a :class:`Deal`, recording problems in ``out``.

    Problem paths start at ``("deal", ...)``; actors, links and supplies are checked
    against the ids given.
    """
    b = _Terms(out, actor_ids)
    root: KeyPath = ("deal",)
    top = parsed
    for name in ("seller", "buyer", "transit"):
        b.actor((*root, name), getattr(parsed, name))
    for i, link in enumerate(parsed.route):
        if link not in link_ids:
            b.add((*root, "route", i), f"unknown link {link!r}")
    if parsed.lng_supply is not None and parsed.lng_supply not in supply_ids:
        b.add((*root, "lng_supply"), f"unknown supply {parsed.lng_supply!r}")
    start = b.year((*root, "start_year"), parsed.start_year, top)
    if start < base_year:
        b.add((*root, "start_year"), f"before the scenario's base year {base_year}")
    duration = b.measure((*root, "duration"), parsed.duration, units.DURATION, top, positive=True)
    if math.isfinite(duration) and duration != round(duration):
        b.add((*root, "duration"), "must be a whole number of years")
    p = parsed.price
    price = Price(
        p.kind,
        b.measure((*root, "price", "base"), p.base, units.GAS_PRICE, p, top),
        0.0
        if p.escalation is None
        else b.measure((*root, "price", "escalation"), p.escalation, units.RATE, p, top),
    )
    v = parsed.volume
    plateau = b.measure((*root, "volume", "plateau"), v.plateau, units.GAS_RATE, v, top)
    ramp = tuple(
        b.measure((*root, "volume", "ramp_up", i), x, units.GAS_RATE, v, top)
        for i, x in enumerate(v.ramp_up)
    )
    fee = _transit_fee(b, parsed.transit_fee, parsed.transit, top)
    capex = tuple(_capex(b, i, c, top, link_ids) for i, c in enumerate(parsed.capex))
    debt = None if parsed.debt is None else _debt(b, parsed.debt, top)
    aid = tuple(_aid(b, i, a, top) for i, a in enumerate(parsed.aid))
    rates = []
    for actor, rate in parsed.discount_rates.items():
        b.actor((*root, "discount_rates", actor), actor)
        rates.append((actor, b.measure((*root, "discount_rates", actor), rate, units.RATE, top)))
    deal = Deal(
        seller=parsed.seller,
        buyer=parsed.buyer,
        transit=parsed.transit,
        start_year=start,
        duration_yr=int(duration) if math.isfinite(duration) else 0,
        price=price,
        volume_bcm_per_yr=plateau,
        ramp_up_bcm_per_yr=ramp,
        production_cost=b.measure(
            (*root, "production_cost"), parsed.production_cost, units.GAS_PRICE, top
        ),
        alternative_price=b.measure(
            (*root, "alternative_price"), parsed.alternative_price, units.GAS_PRICE, top
        ),
        transit_fee=fee,
        capex=capex,
        debt=debt,
        aid=aid,
        discount_rates=tuple(rates),
        route=tuple(parsed.route),
        lng_supply=parsed.lng_supply,
        note=parsed.note,
    )
    return deal


def _transit_fee(b: _Terms, f: TransitFeeFile, transit: str, top: Sourced) -> TransitFee:
    path: KeyPath = ("deal", "transit_fee")
    b.actor((*path, "payer"), f.payer)
    b.actor((*path, "recipient"), f.recipient)

    def opt(name: str, dimension: str) -> float | None:
        value = getattr(f, name)
        return None if value is None else b.measure((*path, name), value, dimension, f, top)

    fixed = opt("fixed", units.MONEY_RATE)
    tariff = opt("tariff", units.GAS_TARIFF)
    length = opt("length", units.LENGTH)
    if f.kind == "fixed" and fixed is None:
        b.add((*path, "fixed"), "a fixed fee needs `fixed` (USD m/yr)")
    if f.kind == "tariff" and (tariff is None or length is None):
        b.add(path, "a tariff fee needs `tariff` and `length` (in the transit country)")
    power = 0.5
    if f.bargaining_power is not None:
        power = b.fraction((*path, "bargaining_power"), f.bargaining_power, f, top)
    return TransitFee(
        kind=f.kind,
        payer=f.payer,
        recipient=f.recipient or transit,
        fixed_musd_per_yr=fixed,
        tariff=tariff,
        length_km=length,
        reservation_musd_per_yr=opt("reservation", units.MONEY_RATE) or 0.0,
        bargaining_power=power,
    )


def _capex(b: _Terms, i: int, c: CapexFile, top: Sourced, link_ids: Collection[str]) -> CapexItem:
    path: KeyPath = ("deal", "capex", i)
    b.actor((*path, "payer"), c.payer)
    if c.link is not None and c.link not in link_ids:
        b.add((*path, "link"), f"unknown link {c.link!r}")
    opex = 0.0 if c.opex is None else b.measure((*path, "opex"), c.opex, units.RATE, c, top)
    return CapexItem(
        segment=c.segment,
        amount_musd=b.measure((*path, "amount"), c.amount, units.MONEY, c, top),
        payer=c.payer,
        build_years=c.build_years,
        opex_rate=opex,
        link=c.link,
    )


def _debt(b: _Terms, d: DebtFile, top: Sourced) -> Debt:
    path: KeyPath = ("deal", "debt")
    b.actor((*path, "creditor"), d.creditor)
    b.actor((*path, "debtor"), d.debtor)
    principal = b.measure((*path, "principal"), d.principal, units.MONEY, d, top)
    written_off = b.fraction((*path, "written_off"), d.written_off, d, top)
    if d.remaining is None:
        remaining = principal * (1.0 - written_off)
    else:
        remaining = b.measure((*path, "remaining"), d.remaining, units.MONEY, d, top)
    agreement = b.year((*path, "agreement_year"), d.agreement_year, d, top)
    first = b.year((*path, "first_year"), d.first_year, d, top)
    if first < agreement:
        b.add((*path, "first_year"), "before the agreement year")
    return Debt(
        creditor=d.creditor,
        debtor=d.debtor,
        principal_musd=principal,
        written_off=written_off,
        remaining_musd=remaining,
        instalments=d.instalments,
        per_year=d.per_year,
        first_year=first,
        agreement_year=agreement,
        count_write_off=d.count_write_off,
    )


def _aid(b: _Terms, i: int, a: AidFile, top: Sourced) -> Aid:
    path: KeyPath = ("deal", "aid", i)
    b.actor((*path, "donor"), a.donor)
    b.actor((*path, "recipient"), a.recipient)
    years = b.measure((*path, "duration"), a.duration, units.DURATION, a, top)
    if math.isfinite(years) and years != round(years):
        b.add((*path, "duration"), "must be a whole number of years")
    return Aid(
        donor=a.donor,
        recipient=a.recipient,
        kind=a.kind,
        amount_musd_per_yr=b.measure((*path, "amount"), a.amount, units.MONEY_RATE, a, top),
        first_year=b.year((*path, "first_year"), a.first_year, a, top),
        years=int(years) if math.isfinite(years) else 0,
    )


def build_risk(
    parsed: RiskFile,
    out: Collector,
    actor_ids: Collection[str],
    deal: Deal | None = None,
    link_ids: Collection[str] | None = None,
) -> Risk:
    """Turn a validated ``[risk]`` table into a :class:`Risk`, recording problems in ``out``.

    ``deal`` is the scenario's deal (uncertain parameters need one); ``link_ids`` the
    scenario's links (``[risk.costs.links]`` entries for other links are left out, as a
    link dropped by an override; None: all kept).
    """
    b = _Terms(out, actor_ids)
    root: KeyPath = ("risk",)
    top = parsed
    params = []
    seen: set[str] = set()
    for i, item in enumerate(parsed.parameters):
        path: KeyPath = (*root, "parameters", i)
        if item.id in seen:
            b.add((*path, "id"), f"duplicate id {item.id!r} in risk.parameters")
        seen.add(item.id)
        dist = b.distribution(path, item, TARGET_DIMENSION[item.target], top)
        prov = b.provenance(path, item, top) or UNSPECIFIED
        params.append(UncertainParameter(item.id, item.target, dist, prov))
    if params and deal is None:
        b.add((*root, "parameters"), "uncertain parameters need a [deal] table")
    disruption = None
    if parsed.disruption is not None:
        d = parsed.disruption
        path = (*root, "disruption")
        b.actor((*path, "actor"), d.actor)
        disruption = Disruption(
            actor=d.actor,
            probability=b.fraction((*path, "probability"), d.probability, d, top),
            duration=b.distribution((*path, "duration"), d.duration, units.DURATION, d, top),
            spot_premium=b.measure((*path, "spot_premium"), d.spot_premium, units.FRACTION, d, top),
            fee_withheld=d.fee_withheld,
        )
    guarantee = None
    if parsed.guarantee is not None:
        g = parsed.guarantee
        path = (*root, "guarantee")
        b.actor((*path, "payer"), g.payer)
        b.actor((*path, "provider"), g.provider)
        guarantee = Guarantee(
            kind=g.kind,
            cost_musd_per_yr=b.measure((*path, "cost"), g.cost, units.MONEY_RATE, g, top),
            payer=g.payer,
            cover=b.fraction((*path, "cover"), g.cover, g, top),
            provider=g.provider,
        )
    costs = None
    if parsed.costs is not None:
        if deal is None:
            b.add((*root, "costs"), "[risk.costs] needs a [deal] table")
        has_capex = any(p.target == "capex" for p in params)
        costs = _costs(b, parsed.costs, top, link_ids, has_capex)
    return Risk(tuple(params), disruption, guarantee, costs)


def _costs(
    b: _Terms, c: CostsFile, top: Sourced, link_ids: Collection[str] | None, has_capex: bool
) -> Costs:
    path: KeyPath = ("risk", "costs")
    if c.common is not None and has_capex:
        b.add((*path, "common"), "give the common capex factor here or as a `capex` target "
              "of [[risk.parameters]], not both (they would multiply)")  # fmt: skip

    def factor(key: KeyPath, item: DistributionFile) -> Distribution:
        dist = b.distribution(key, item, units.FRACTION, c, top)
        if _lowest(dist) <= 0:
            b.add(key, "capex factors must be positive (set `bounds` above 0)")
        return dist

    links = []
    for link_id, item in c.links.items():
        dist = factor((*path, "links", link_id), item)
        # a link the scenario lacks has no capex to scale: dropped by an override (the
        # bypass, to ask what it is worth), not an error
        if link_ids is None or link_id in link_ids:
            links.append((link_id, dist))
    correlation = 0.0
    if c.correlation is not None:
        correlation = b.fraction((*path, "correlation"), c.correlation, c, top)
    return Costs(
        common=None if c.common is None else factor((*path, "common"), c.common),
        route=None if c.route is None else factor((*path, "route"), c.route),
        links=tuple(links),
        correlation=correlation,
        unit_costs=c.unit_costs,
        provenance=b.provenance(path, c, top),
    )


def _lowest(dist: Distribution) -> float:
    """The lowest value a draw can take (the support's lower end, clipped)."""
    p = dist.params
    low = {
        "normal": -math.inf,
        "lognormal": 0.0 if p[0] <= 0 else math.ulp(0.0),
        "triangular": p[0],
        "uniform": p[0],
        "discrete": min(p[: len(p) // 2], default=0.0),
    }[dist.kind]
    return max(low, dist.bounds[0])
