"""Loading the risk-sharing tables of ``[risk]``: termination, delivery, escrow, insurance.

Called by :func:`corridor.scenario.load_deal.build_risk` with its :class:`DealTerms`, so
problems come out located with the rest of the file's.
"""

from __future__ import annotations

import math

from corridor import units
from corridor.scenario.deal_model import Deal, Delivery, Escrow, Insurance, Termination
from corridor.scenario.deal_schema import RiskFile
from corridor.scenario.deal_terms import DealTerms
from corridor.scenario.provenance import KeyPath

__all__ = ["build_delivery", "build_escrow", "build_insurance", "build_termination"]


def build_termination(b: DealTerms, parsed: RiskFile) -> Termination | None:
    """The ``[risk.termination]`` hazard (None: the table is absent)."""
    t = parsed.termination
    if t is None:
        return None
    path: KeyPath = ("risk", "termination")
    b.actor((*path, "actor"), t.actor)

    def share(name: str) -> float:
        value = getattr(t, name)
        return 0.0 if value is None else b.fraction((*path, name), value, t, parsed)

    probability = b.fraction((*path, "probability"), t.probability, t, parsed)
    if probability == 1:  # above 100 % the fraction check has said so already
        b.add((*path, "probability"), "must be below 100 % (the flow would never start)")
    premium = 0.0
    if t.lng_premium is not None:
        premium = b.measure((*path, "lng_premium"), t.lng_premium, units.FRACTION, t, parsed)
    return Termination(t.actor, probability, t.reference_class, premium, share("salvage"),
                       t.debt_stops)  # fmt: skip


def build_delivery(b: DealTerms, parsed: RiskFile) -> Delivery | None:
    """The ``[risk.delivery]`` rule (None: the table is absent)."""
    d = parsed.delivery
    if d is None:
        return None
    b.provenance(("risk", "delivery"), d, parsed)
    return Delivery(d.point, d.rule, tuple(dict.fromkeys(d.events)))


def build_escrow(b: DealTerms, parsed: RiskFile, deal: Deal | None) -> Escrow | None:
    """The ``[risk.escrow]`` of the transit fee (None: the table is absent)."""
    e = parsed.escrow
    if e is None:
        return None
    path: KeyPath = ("risk", "escrow")
    b.actor((*path, "beneficiary"), e.beneficiary)
    if deal is None:
        b.add(path, "an escrow needs a [deal] table")
    lag = 0.0
    if e.lag is not None:
        lag = b.measure((*path, "lag"), e.lag, units.DURATION, e, parsed)
        if math.isfinite(lag) and lag != round(lag):
            b.add((*path, "lag"), "must be a whole number of years")
    b.provenance(path, e, parsed)
    beneficiary = e.beneficiary or (deal.buyer if deal is not None else "")
    return Escrow(beneficiary, int(lag) if math.isfinite(lag) else 0)


def build_insurance(b: DealTerms, parsed: RiskFile) -> Insurance | None:
    """The ``[risk.insurance]`` policy (None: the table is absent)."""
    i = parsed.insurance
    if i is None:
        return None
    path: KeyPath = ("risk", "insurance")
    for name in ("insured", "payer", "provider"):
        b.actor((*path, name), getattr(i, name))
    if (i.premium is None) == (i.rate is None):
        b.add(path, "give either `premium` (USD m/yr) or `rate` (%/yr on the limit)")
    limit = None
    if i.limit is not None:
        limit = b.measure((*path, "limit"), i.limit, units.MONEY, i, parsed)
    premium = None
    if i.premium is not None:
        premium = b.measure((*path, "premium"), i.premium, units.MONEY_RATE, i, parsed)
    rate = None if i.rate is None else b.measure((*path, "rate"), i.rate, units.RATE, i, parsed)
    return Insurance(
        insured=i.insured,
        payer=i.payer,
        cover=b.fraction((*path, "cover"), i.cover, i, parsed),
        events=tuple(dict.fromkeys(i.events)),
        premium_musd_per_yr=premium,
        rate=rate,
        limit_musd=limit,
        provider=i.provider,
    )
