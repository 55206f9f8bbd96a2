"""Loading the ``[deal]`` and ``[risk]`` tables: validated file tables -> the deal model.

The scenario loader validates the tables against :mod:`corridor.scenario.deal_schema`
and calls :func:`build_deal` and :func:`build_risk` with its :class:`Collector`, so that
their problems come out with the rest as ``file:line: key.path: message``. Measures are
converted by the collector (signs by :attr:`SignRule.NON_NEGATIVE` or
:attr:`SignRule.POSITIVE`); actors, links and supplies are checked against the ids given.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Collection

from corridor import units
from corridor.scenario.collector import Collector
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
    SCurve,
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
    PriceFile,
    RiskFile,
    TransitFeeFile,
)
from corridor.scenario.deal_terms import DealTerms
from corridor.scenario.load_instruments import (
    build_delivery,
    build_escrow,
    build_insurance,
    build_termination,
)
from corridor.scenario.load_prices import build_prices, check_indices
from corridor.scenario.provenance import UNSPECIFIED, KeyPath
from corridor.scenario.schema import Sourced

__all__ = ["build_deal", "build_risk"]


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
    b = DealTerms(out, actor_ids)
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
    price = _price(b, (*root, "price"), parsed.price, top)
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
    alternative = None
    if parsed.alternative is not None:
        alternative = _price(b, (*root, "alternative"), parsed.alternative, top)
    take_or_pay = 0.0
    if parsed.take_or_pay is not None:
        take_or_pay = b.fraction((*root, "take_or_pay"), parsed.take_or_pay, top)
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
        alternative=alternative,
        take_or_pay=take_or_pay,
    )
    if alternative is not None and alternative.base > 0 and math.isfinite(deal.alternative_price):
        deal = dataclasses.replace(
            deal, alternative=_scaled(alternative, deal.alternative_price / alternative.base)
        )
    return deal


def _scaled(price: Price, k: float) -> Price:
    """``price`` times ``k`` at every index value (its slopes and constant scaled).

    The alternative's formula is scaled to ``alternative_price`` at its reference, so that
    ``alternative_price`` stays the central value (an override of it moves the whole path).
    """
    curve = price.s_curve
    if curve is not None:
        curve = SCurve(curve.low_kink_usd_per_bbl, curve.high_kink_usd_per_bbl,
                       curve.low_slope * k, curve.high_slope * k)  # fmt: skip
    return dataclasses.replace(price, base=price.base * k, slope=price.slope * k,
                               constant=price.constant * k, s_curve=curve)  # fmt: skip


def _price(b: DealTerms, path: KeyPath, p: PriceFile, top: Sourced) -> Price:
    """A price formula of ``[deal.price]`` or ``[deal.alternative]``."""
    if not p.kind.endswith("_indexed"):
        assert p.base is not None  # the schema requires it
        escalation = 0.0
        if p.escalation is not None:
            escalation = b.measure((*path, "escalation"), p.escalation, units.RATE, p, top)
        return Price(
            p.kind, b.measure((*path, "base"), p.base, units.GAS_PRICE, p, top), escalation
        )
    assert p.slope is not None and p.reference is not None  # the schema requires them
    oil = p.kind == "oil_indexed"
    index_dimension = units.OIL_PRICE if oil else units.GAS_PRICE
    reference = b.measure((*path, "reference"), p.reference, index_dimension, p, top, positive=True)
    slope = b.measure((*path, "slope"), p.slope, units.FRACTION, p, top)
    constant = 0.0
    if p.constant is not None:
        constant = b.signed((*path, "constant"), p.constant, units.GAS_PRICE, p, top)
    curve = None
    if p.s_curve is not None:
        c, at = p.s_curve, (*path, "s_curve")

        def part(name: str, dimension: str) -> float:
            return b.measure((*at, name), getattr(c, name), dimension, c, p, top)

        kinks = (part("low_kink", units.OIL_PRICE), part("high_kink", units.OIL_PRICE))
        curve = SCurve(
            *kinks, part("low_slope", units.FRACTION), part("high_slope", units.FRACTION)
        )
        if curve.low_kink_usd_per_bbl > curve.high_kink_usd_per_bbl:
            b.add((*at, "high_kink"), "must not be below low_kink")
    price = Price(p.kind, math.nan, 0.0, p.index, slope, constant, reference, curve)
    return dataclasses.replace(price, base=float(price.formula(reference)))


def _transit_fee(b: DealTerms, f: TransitFeeFile, transit: str, top: Sourced) -> TransitFee:
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
    ship_or_pay = 0.0
    if f.ship_or_pay is not None:
        ship_or_pay = b.fraction((*path, "ship_or_pay"), f.ship_or_pay, f, top)
    return TransitFee(
        kind=f.kind,
        payer=f.payer,
        recipient=f.recipient or transit,
        fixed_musd_per_yr=fixed,
        tariff=tariff,
        length_km=length,
        reservation_musd_per_yr=opt("reservation", units.MONEY_RATE) or 0.0,
        bargaining_power=power,
        ship_or_pay=ship_or_pay,
    )


def _capex(
    b: DealTerms, i: int, c: CapexFile, top: Sourced, link_ids: Collection[str]
) -> CapexItem:
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


def _debt(b: DealTerms, d: DebtFile, top: Sourced) -> Debt:
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
    if isinstance(d.recycled, bool):
        recycled = 1.0 if d.recycled else 0.0
    else:
        recycled = b.fraction((*path, "recycled"), d.recycled, d, top)
    if recycled and not d.projects.strip():
        b.add((*path, "projects"), "recycled debt needs `projects`: what it pays for")
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
        recycled=recycled,
        projects=d.projects,
    )


def _aid(b: DealTerms, i: int, a: AidFile, top: Sourced) -> Aid:
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
    dropped: Collection[str] = (),
) -> Risk:
    """Turn a validated ``[risk]`` table into a :class:`Risk`, recording problems in ``out``.

    ``deal`` is the scenario's deal (uncertain parameters need one); ``link_ids`` the
    scenario's links (None: not checked). A ``[risk.costs.links]`` entry for a link in
    ``dropped`` (removed by an override, e.g. ``--drop links.subsea``) is left out; one for
    any other unknown link is a problem (a misspelt id would silently leave its link's
    costs certain).
    """
    b = DealTerms(out, actor_ids)
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
            reference_class=d.reference_class,
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
        costs = _costs(b, parsed.costs, top, link_ids, has_capex, dropped)
    prices = None if parsed.prices is None else build_prices(parsed.prices, out, top)
    if deal is not None and prices is not None:
        check_indices(deal, prices, out)
    return Risk(
        tuple(params),
        disruption,
        guarantee,
        termination=build_termination(b, parsed),
        delivery=build_delivery(b, parsed),
        escrow=build_escrow(b, parsed, deal),
        insurance=build_insurance(b, parsed),
        prices=prices,
        costs=costs,
    )


def _costs(
    b: DealTerms, c: CostsFile, top: Sourced, link_ids: Collection[str] | None, has_capex: bool,
    dropped: Collection[str] = (),
) -> Costs:  # fmt: skip
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
        if link_ids is None or link_id in link_ids:
            links.append((link_id, dist))
        elif link_id not in dropped:  # dropped by an override: no capex left to scale
            known = ", ".join(sorted(link_ids)) or "none"
            b.add((*path, "links", link_id), f"unknown link {link_id!r} (links: {known})")
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
