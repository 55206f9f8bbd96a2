"""Deal terms and risk of a scenario: the data model of its ``[deal]`` and ``[risk]`` sections.

The deal holds the terms of a pipeline deal: who sells, buys and hosts the transit, the
contract price and the buyer's alternative (formulas of
:mod:`corridor.scenario.price_model`), take-or-pay, volume and ramp-up, start year and
duration, the transit fee (fixed per year or a tariff per 1000 m3 per 100 km, with
ship-or-pay), capex by segment and who pays it, opex, a debt settlement (paid as cash or
recycled into projects in the debtor country) and aid. The risk holds the uncertain
parameters, the price indices, the two hazards of the transit country (temporary cuts,
termination), a guarantee option and the risk-sharing instruments (delivery point, fee
escrow, political-risk insurance).

Data only, in internal units: the file format is :mod:`corridor.scenario.deal_schema`,
the loader :mod:`corridor.scenario.load_deal`; the finance and risk stages
(:mod:`corridor.finance`, :mod:`corridor.risk`) read these objects.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from corridor import units
from corridor.scenario.price_model import Price, PriceIndex, PriceKind, PriceModel, SCurve
from corridor.scenario.provenance import Provenance

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "TARGET_DIMENSION",
    "Aid",
    "CapexItem",
    "Costs",
    "Deal",
    "Debt",
    "Delivery",
    "Disruption",
    "Distribution",
    "DistributionKind",
    "Escrow",
    "Event",
    "Guarantee",
    "Insurance",
    "Price",
    "PriceIndex",
    "PriceKind",
    "PriceModel",
    "Risk",
    "SCurve",
    "Target",
    "Termination",
    "TransitFee",
    "UncertainParameter",
    "distribution_rows",
]

DistributionKind = Literal["normal", "lognormal", "triangular", "uniform", "discrete"]
Target = Literal["price", "lng_price", "demand", "capex", "delay"]
TARGET_DIMENSION: dict[str, str] = {
    "price": units.FRACTION,
    "lng_price": units.FRACTION,
    "demand": units.FRACTION,
    "capex": units.FRACTION,
    "delay": units.DURATION,
}
"""What each uncertain target scales: factors (unit ``1``) on the contract price, the LNG
price, demand and capex; the start delay in years."""


@dataclass(frozen=True, slots=True)
class TransitFee:
    """Transit fee paid by ``payer`` to ``recipient``.

    ``kind`` ``fixed``: ``fixed_musd_per_yr`` (USD m/yr); ``tariff``: ``tariff`` (USD per
    1000 m3 per 100 km) times the delivered volume times ``length_km`` in the transit
    country. ``reservation_musd_per_yr`` is the transit country's cost of hosting the line
    (the least it would accept); ``bargaining_power`` its weight in Nash bargaining (0–1).
    ``ship_or_pay``: a tariff is paid on at least this share (0–1) of the contracted volume
    the line does carry (the shipper pays for capacity it books and leaves unused).
    """

    kind: Literal["fixed", "tariff"]
    payer: str
    recipient: str
    fixed_musd_per_yr: float | None = None
    tariff: float | None = None
    length_km: float | None = None
    reservation_musd_per_yr: float = 0.0
    bargaining_power: float = 0.5
    ship_or_pay: float = 0.0

    def tariff_fee(self, volume_bcm_per_yr: float, tariff: float | None = None) -> float:
        """Fee in USD m/yr of a tariff (default: this fee's) on a volume over ``length_km``."""
        rate = self.tariff if tariff is None else tariff
        if rate is None or self.length_km is None:
            return math.nan
        return rate * volume_bcm_per_yr * self.length_km / 100.0


@dataclass(frozen=True, slots=True)
class CapexItem:
    """Capex of one segment of the route.

    ``amount_musd`` (USD m) paid by ``payer`` evenly over the ``build_years`` before the
    start; ``opex_rate`` per year of it (0.015 = 1.5 %/yr) in operating years. ``link``
    names the market link it builds (None: none).
    """

    segment: str
    amount_musd: float
    payer: str
    build_years: int = 3
    opex_rate: float = 0.0
    link: str | None = None


@dataclass(frozen=True, slots=True)
class Debt:
    """A debt settlement between two actors.

    Of ``principal_musd`` (USD m) the share ``written_off`` is forgiven;
    ``remaining_musd`` is repaid by ``debtor`` to ``creditor`` in ``instalments`` equal
    payments, ``per_year`` a year, from ``first_year``. ``count_write_off`` books the
    written-off face value as a transfer in ``agreement_year`` (off by default: a debt
    that was not being serviced moves no cash when it is forgiven).

    ``recycled`` (0–1) is the share of each repayment recycled into ``projects`` in the
    debtor country instead of reaching the creditor: the creditor receives only the rest,
    and the recycled part comes back to the debtor as a benefit at face value (the money
    is spent in its own country on its own public goods).
    """

    creditor: str
    debtor: str
    principal_musd: float
    written_off: float
    remaining_musd: float
    instalments: int
    per_year: int
    first_year: int
    agreement_year: int
    count_write_off: bool = False
    recycled: float = 0.0
    projects: str = ""


@dataclass(frozen=True, slots=True)
class Aid:
    """Aid from ``donor`` to ``recipient``.

    ``amount_musd_per_yr`` (USD m/yr) for ``years`` years from ``first_year``; ``kind``
    says what (food, fuel, ...).
    """

    donor: str
    recipient: str
    kind: str
    amount_musd_per_yr: float
    first_year: int
    years: int


@dataclass(frozen=True, slots=True)
class Deal:
    """The terms of a pipeline deal, in internal units (see :mod:`corridor.units`).

    Volumes bcm/yr; prices and costs USD/1000m3 (so volume x price is USD m/yr); money
    USD m; rates per year. ``ramp_up_bcm_per_yr`` gives the volume of the first operating
    years, then ``volume_bcm_per_yr`` until the end of ``duration_yr``.
    ``alternative_price`` is what the buyer pays for the LNG that pipeline gas replaces;
    ``production_cost`` the seller's cost of the gas at the pipeline's head.
    ``discount_rates`` maps actor ids to their own discount rate (others: the scenario's).
    ``route`` names the market links the deal's pipeline uses; ``lng_supply`` the market
    supply standing for spot LNG (None: every supply without an owner).
    ``alternative`` makes the alternative price a formula on an index path (None: the
    constant ``alternative_price``), scaled by the loader to give ``alternative_price`` at
    its reference;
    ``take_or_pay`` is the share (0–1) of the contracted volume (what arrives at planned
    demand) that the buyer pays for even when it takes less.
    """

    seller: str
    buyer: str
    transit: str
    start_year: int
    duration_yr: int
    price: Price
    volume_bcm_per_yr: float
    ramp_up_bcm_per_yr: tuple[float, ...]
    production_cost: float
    alternative_price: float
    transit_fee: TransitFee
    capex: tuple[CapexItem, ...] = ()
    debt: Debt | None = None
    aid: tuple[Aid, ...] = ()
    discount_rates: tuple[tuple[str, float], ...] = ()
    route: tuple[str, ...] = ()
    lng_supply: str | None = None
    note: str = ""
    alternative: Price | None = None
    take_or_pay: float = 0.0

    @property
    def actors(self) -> tuple[str, ...]:
        """Every actor with a cash flow in the deal, in a stable order."""
        named = [self.seller, self.transit, self.buyer, self.transit_fee.payer]
        named += [c.payer for c in self.capex]
        if self.debt is not None:
            named += [self.debt.creditor, self.debt.debtor]
        for aid in self.aid:
            named += [aid.donor, aid.recipient]
        return tuple(dict.fromkeys(named))

    def discount_rate(self, actor: str, default: float) -> float:
        """The actor's own discount rate per year (``default`` when the deal names none)."""
        return dict(self.discount_rates).get(actor, default)

    def volumes(self) -> np.ndarray:
        """Planned volume in bcm/yr in each operating year (ramp-up, then plateau)."""
        import numpy as np

        plan = np.full(self.duration_yr, self.volume_bcm_per_yr)
        ramp = np.asarray(self.ramp_up_bcm_per_yr[: self.duration_yr], dtype=float)
        plan[: ramp.size] = ramp
        return plan


@dataclass(frozen=True, slots=True)
class Distribution:
    """A distribution of one uncertain number, in the internal unit of its target.

    ``params`` by ``kind``: normal (mean, sd); lognormal (median, sigma of the log);
    triangular (low, mode, high); uniform (low, high); discrete (values..., weights...)
    with ``values``/``weights`` of equal length. Draws are clipped to ``bounds``.
    """

    kind: DistributionKind
    params: tuple[float, ...]
    bounds: tuple[float, float] = (-math.inf, math.inf)

    def sample(self, rng: np.random.Generator, size: int | None = None) -> Any:
        """Draw from the distribution (a float, or an array of ``size``), clipped."""
        import numpy as np

        p = self.params
        if self.kind == "normal":
            x = rng.normal(p[0], p[1], size)
        elif self.kind == "lognormal":
            x = p[0] * np.exp(rng.normal(0.0, p[1], size))
        elif self.kind == "triangular":
            x = rng.triangular(p[0], p[1], p[2], size) if p[0] < p[2] else np.full(size or 1, p[1])
        elif self.kind == "uniform":
            x = rng.uniform(p[0], p[1], size)
        else:
            n = len(p) // 2
            weights = np.asarray(p[n:], dtype=float)
            x = rng.choice(np.asarray(p[:n], dtype=float), size, p=weights / weights.sum())
        clipped = np.clip(x, self.bounds[0], self.bounds[1])
        return float(np.ravel(clipped)[0]) if size is None else clipped

    def quantile(self, q: float) -> float:
        """The ``q`` quantile (0 < q < 1) of the clipped distribution.

        Clipping to ``bounds`` is monotone, so the quantile of the clipped draw is the
        clipped quantile. Discrete: the smallest value whose cumulative weight reaches q.
        """
        import numpy as np
        from scipy import stats  # only tornado charts need it; keep loading scenarios light

        p = self.params
        if self.kind == "normal":
            x = float(stats.norm.ppf(q, loc=p[0], scale=p[1])) if p[1] > 0 else p[0]
        elif self.kind == "lognormal":
            x = p[0] * math.exp(p[1] * float(stats.norm.ppf(q)))
        elif self.kind == "triangular":
            width = p[2] - p[0]
            x = (
                float(stats.triang.ppf(q, (p[1] - p[0]) / width, loc=p[0], scale=width))
                if width > 0
                else p[1]
            )
        elif self.kind == "uniform":
            x = p[0] + q * (p[1] - p[0])
        else:
            n = len(p) // 2
            values = np.asarray(p[:n], dtype=float)
            weights = np.asarray(p[n:], dtype=float)
            order = np.argsort(values, kind="stable")
            cumulative = np.cumsum(weights[order]) / weights.sum()
            x = float(values[order][np.searchsorted(cumulative, q - 1e-12)])
        return float(min(max(x, self.bounds[0]), self.bounds[1]))

    def mean(self) -> float:
        """The mean of the distribution before clipping (for checks and reports)."""
        import numpy as np

        p = self.params
        if self.kind == "normal":
            return p[0]
        if self.kind == "lognormal":
            return p[0] * math.exp(p[1] ** 2 / 2.0)
        if self.kind == "triangular":
            return (p[0] + p[1] + p[2]) / 3.0
        if self.kind == "uniform":
            return (p[0] + p[1]) / 2.0
        n = len(p) // 2
        weights = np.asarray(p[n:], dtype=float)
        return float(np.dot(p[:n], weights / weights.sum()))


@dataclass(frozen=True, slots=True)
class UncertainParameter:
    """An uncertain number: ``target`` (see :data:`TARGET_DIMENSION`) and its distribution."""

    id: str
    target: Target
    distribution: Distribution
    provenance: Provenance


Event = Literal["cut", "termination"]
"""What an instrument covers: temporary cuts, termination, or both."""


@dataclass(frozen=True, slots=True)
class Disruption:
    """The transit country's hazard of cutting flow for a while.

    In each operating year a cut starts with ``probability`` (at a uniform time within the
    year) and lasts ``duration`` years; the buyer covers the lost gas with spot LNG at
    ``spot_premium`` (0.3 = 30 %) over the alternative price. ``fee_withheld``: the fee is
    not paid for gas not carried. ``reference_class`` says which record the hazard rests on.
    """

    actor: str
    probability: float
    duration: Distribution
    spot_premium: float
    fee_withheld: bool = True
    reference_class: str = ""


@dataclass(frozen=True, slots=True)
class Termination:
    """The hazard that the flow stops for good.

    At the start of each operating year, if the flow still runs, it stops for good with
    ``probability``. From then on no gas is delivered: the buyer buys LNG at the
    alternative price plus ``lng_premium``, the seller sells nothing, the transit fee
    and opex stop; capex is stranded (already spent) but for the share ``salvage``
    returned to each payer in the year of termination; ``debt_stops``: debt instalments
    due from that year on are not paid. ``reference_class`` says which record ``probability``
    rests on.
    """

    actor: str
    probability: float
    reference_class: str
    lng_premium: float = 0.0
    salvage: float = 0.0
    debt_stops: bool = False


@dataclass(frozen=True, slots=True)
class Guarantee:
    """A guarantee against disruption (backup LNG capacity, an escrow or an insurer).

    ``payer`` pays ``cost_musd_per_yr`` (USD m/yr) in each operating year until a
    termination; in a cut the buyer's extra cost of spot cover is paid back in the share
    ``cover`` (0–1) by ``provider`` (an actor of the deal, or None: an outside insurer or
    LNG supplier).
    """

    kind: Literal["backup_lng", "escrow", "insurance"]
    cost_musd_per_yr: float
    payer: str
    cover: float
    provider: str | None = None


@dataclass(frozen=True, slots=True)
class Delivery:
    """Where the buyer takes the gas, and so who bears gas lost in the transit country.

    ``point`` ``"border"`` (the buyer's border): gas lost in transit is the seller's risk;
    with ``rule`` ``"replacement"`` the seller pays the buyer its replacement cost above
    the contract price, (alternative x (1 + premium) - contract price) on the gas lost
    (never negative), so the buyer ends as if it had arrived; with ``"unsold"`` the gas is
    simply not sold (the deal's default: no line is added). ``"origin"`` (the seller's
    border): the buyer's risk: it pays the contract price on the gas lost, the seller
    books it as sold (and its production cost as spent). ``events``: the events the rule
    applies to.
    """

    point: Literal["border", "origin"]
    rule: Literal["replacement", "unsold"] = "replacement"
    events: tuple[Event, ...] = ("cut",)


@dataclass(frozen=True, slots=True)
class Escrow:
    """The transit fee paid into an escrow instead of straight to the transit country.

    Each operating year's fee is released to the transit country ``lag_yr`` years later
    (at the latest in the last operating year) unless the transit country cuts the flow
    (a cut, or a termination) before it is released; then it is forfeited to
    ``beneficiary`` in the year of the event.
    """

    beneficiary: str
    lag_yr: int = 0


@dataclass(frozen=True, slots=True)
class Insurance:
    """Political-risk insurance of ``insured``'s cash flow against cuts and termination.

    In each year the covered ``events`` leave ``insured``'s net cash flow below what it
    would have been without them, the insurer (``provider``: an actor of the deal, or
    None: an outside insurer) pays ``cover`` (0–1) of the shortfall, until its claims
    reach ``limit_musd`` (USD m, undiscounted; None: the insured's capex in the draw).
    ``payer`` pays a premium in each operating year while the flow runs:
    ``premium_musd_per_yr`` (USD m/yr), or ``rate`` per year on the limit.
    """

    insured: str
    payer: str
    cover: float
    events: tuple[Event, ...] = ("cut", "termination")
    premium_musd_per_yr: float | None = None
    rate: float | None = None
    limit_musd: float | None = None
    provider: str | None = None


@dataclass(frozen=True, slots=True)
class Costs:
    """``[risk.costs]``: uncertain capex on every link not yet built (factors, unit ``1``).

    A link's factor in a draw is ``common x specific``: ``common`` is one draw shared by
    every link (None: the product of the ``capex`` targets of ``[[risk.parameters]]``, as
    without this table); ``specific`` is the link's own draw from ``links`` (by link id)
    or else ``route`` (None: 1), the links of one route (the deal's) sharing one random
    number, and routes correlated with ``correlation`` (0: independent, 1: the same
    quantile everywhere; see :mod:`corridor.risk.costs`). ``unit_costs``: also price each
    designed pipeline at unit costs drawn from the engineering ranges.
    """

    common: Distribution | None = None
    route: Distribution | None = None
    links: tuple[tuple[str, Distribution], ...] = ()
    correlation: float = 0.0
    unit_costs: bool = False
    provenance: Provenance | None = None

    def specific(self, link_id: str) -> Distribution | None:
        """The distribution of ``link_id``'s own factor (None: no specific uncertainty)."""
        return dict(self.links).get(link_id, self.route)


@dataclass(frozen=True, slots=True)
class Risk:
    """Uncertain parameters, the hazards, the guarantee and the instruments of a scenario.

    ``prices``: the price indices that index-linked prices follow (None: none).
    ``costs``: the capex uncertainty of every route (None: the ``capex`` parameters are one
    factor on every link not yet built).
    """

    parameters: tuple[UncertainParameter, ...] = ()
    disruption: Disruption | None = None
    guarantee: Guarantee | None = None
    termination: Termination | None = None
    delivery: Delivery | None = None
    escrow: Escrow | None = None
    insurance: Insurance | None = None
    prices: PriceModel | None = None
    costs: Costs | None = None


def distribution_rows(risk: Risk) -> Sequence[tuple[str, str, str, float]]:
    """(id, target, distribution kind, mean) of every uncertain parameter, for reports."""
    return [(p.id, p.target, p.distribution.kind, p.distribution.mean()) for p in risk.parameters]
