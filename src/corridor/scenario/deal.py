"""Deal terms and risk of a scenario: the data model and the ``[deal]`` and ``[risk]`` sections.

The ``[deal]`` table holds the terms of a pipeline deal: who sells, buys and hosts the
transit, the contract price (fixed or indexed), volume and ramp-up, start year and
duration, the transit fee (fixed per year or a tariff per 1000 m3 per 100 km), capex by
segment and who pays it, opex, a debt settlement and aid. The ``[risk]`` table holds the
uncertain parameters (``[[risk.parameters]]``), the disruption hazard of the transit
country (``[risk.disruption]``) and a guarantee option (``[risk.guarantee]``).

Every number carries a unit (as everywhere in a scenario file) and a ``source`` or an
``assumption`` of its own or of an enclosing table. Distribution parameters are plain
numbers in the ``unit`` the parameter names (``"1"`` for factors, ``"yr"`` for delays).

This module owns validation and the immutable model; the loader runs :class:`DealFile`,
:class:`RiskFile`, :func:`build_deal` and :func:`build_risk` with the other sections so
that problems come out together as ``file:line: key.path: message``. The finance and risk
stages (:mod:`corridor.finance`, :mod:`corridor.risk`) read the model; nothing here
imports them.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, model_validator

from corridor import units
from corridor.scenario.model import Provenance
from corridor.scenario.schema import Id, MeasureFile, Sourced

if TYPE_CHECKING:
    import numpy as np


KeyPath = tuple[str | int, ...]
Problems = list[tuple[KeyPath, str]]

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


# --- the data model ---------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Price:
    """Contract price of the gas sold.

    ``base`` in USD/1000m3 at the start year; ``indexed`` grows it by ``escalation`` per
    year (0.02 = 2 %/yr).
    """

    kind: Literal["fixed", "indexed"]
    base: float
    escalation: float = 0.0

    def at(self, years_since_start: np.ndarray) -> np.ndarray:
        """Price in USD/1000m3 in each year counted from the start year."""
        import numpy as np

        if self.kind == "fixed":
            return np.full(np.shape(years_since_start), self.base)
        return self.base * (1.0 + self.escalation) ** np.asarray(years_since_start, dtype=float)


@dataclass(frozen=True, slots=True)
class TransitFee:
    """Transit fee paid by ``payer`` to ``recipient``.

    ``kind`` ``fixed``: ``fixed_musd_per_yr`` (USD m/yr); ``tariff``: ``tariff`` (USD per
    1000 m3 per 100 km) times the delivered volume times ``length_km`` in the transit
    country. ``reservation_musd_per_yr`` is the transit country's cost of hosting the line
    (the least it would accept); ``bargaining_power`` its weight in Nash bargaining (0–1).
    """

    kind: Literal["fixed", "tariff"]
    payer: str
    recipient: str
    fixed_musd_per_yr: float | None = None
    tariff: float | None = None
    length_km: float | None = None
    reservation_musd_per_yr: float = 0.0
    bargaining_power: float = 0.5

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


@dataclass(frozen=True, slots=True)
class Disruption:
    """The transit country's hazard of cutting flow.

    In each operating year a cut starts with ``probability`` (at a uniform time within the
    year) and lasts ``duration`` years; the buyer covers the lost gas with spot LNG at
    ``spot_premium`` (0.3 = 30 %) over the alternative price. ``fee_withheld``: the fee is
    not paid for gas not carried.
    """

    actor: str
    probability: float
    duration: Distribution
    spot_premium: float
    fee_withheld: bool = True


@dataclass(frozen=True, slots=True)
class Guarantee:
    """A guarantee against disruption (backup LNG capacity, an escrow or an insurer).

    ``payer`` pays ``cost_musd_per_yr`` (USD m/yr) in each operating year; in a cut the
    buyer's extra cost of spot cover is paid back in the share ``cover`` (0–1) by
    ``provider`` (an actor of the deal, or None: an outside insurer or LNG supplier).
    """

    kind: Literal["backup_lng", "escrow", "insurance"]
    cost_musd_per_yr: float
    payer: str
    cover: float
    provider: str | None = None


@dataclass(frozen=True, slots=True)
class Risk:
    """Uncertain parameters, the disruption hazard and the guarantee option of a scenario."""

    parameters: tuple[UncertainParameter, ...] = ()
    disruption: Disruption | None = None
    guarantee: Guarantee | None = None


# --- the file format --------------------------------------------------------------------
class YearFile(Sourced):
    """A calendar year with its provenance: ``{ value = 2017, source = "..." }``."""

    value: int = Field(ge=1900, le=2200, strict=True)


class PriceFile(Sourced):
    """``[deal.price]``: ``kind`` fixed or indexed, ``base`` a gas price, ``escalation``."""

    kind: Literal["fixed", "indexed"] = "fixed"
    base: MeasureFile
    escalation: MeasureFile | None = None


class VolumeFile(Sourced):
    """``[deal.volume]``: ``plateau`` and the ``ramp_up`` volumes of the first years."""

    plateau: MeasureFile
    ramp_up: list[MeasureFile] = Field(default_factory=list)


class TransitFeeFile(Sourced):
    """``[deal.transit_fee]``."""

    kind: Literal["fixed", "tariff"]
    payer: Id
    recipient: Id | None = None
    fixed: MeasureFile | None = None
    tariff: MeasureFile | None = None
    length: MeasureFile | None = None
    reservation: MeasureFile | None = None
    bargaining_power: MeasureFile | None = None


class CapexFile(Sourced):
    """A ``[[deal.capex]]`` segment."""

    segment: str
    amount: MeasureFile
    payer: Id
    link: Id | None = None
    build_years: int = Field(default=3, ge=1, le=20, strict=True)
    opex: MeasureFile | None = None


class DebtFile(Sourced):
    """``[deal.debt]``."""

    creditor: Id
    debtor: Id
    principal: MeasureFile
    written_off: MeasureFile
    remaining: MeasureFile | None = None
    instalments: int = Field(ge=1, le=1000, strict=True)
    per_year: int = Field(default=1, ge=1, le=12, strict=True)
    agreement_year: YearFile
    first_year: YearFile
    count_write_off: bool = False


class AidFile(Sourced):
    """A ``[[deal.aid]]`` item."""

    donor: Id
    recipient: Id
    kind: str
    amount: MeasureFile
    first_year: YearFile
    duration: MeasureFile


class DealFile(Sourced):
    """The ``[deal]`` table."""

    note: str = ""
    seller: Id
    buyer: Id
    transit: Id
    route: list[Id] = Field(default_factory=list)
    lng_supply: Id | None = None
    start_year: YearFile
    duration: MeasureFile
    price: PriceFile
    volume: VolumeFile
    production_cost: MeasureFile
    alternative_price: MeasureFile
    transit_fee: TransitFeeFile
    capex: list[CapexFile] = Field(default_factory=list)
    debt: DebtFile | None = None
    aid: list[AidFile] = Field(default_factory=list)
    discount_rates: dict[Id, MeasureFile] = Field(default_factory=dict)


class DistributionFile(Sourced):
    """A distribution: ``distribution`` and its parameters, plain numbers in ``unit``."""

    distribution: DistributionKind
    unit: str
    mean: float | None = None
    sd: float | None = Field(default=None, ge=0)
    median: float | None = Field(default=None, gt=0)
    sigma: float | None = Field(default=None, ge=0)
    low: float | None = None
    mode: float | None = None
    high: float | None = None
    values: list[float] | None = None
    weights: list[float] | None = None
    bounds: list[float] | None = Field(default=None, min_length=2, max_length=2)

    @model_validator(mode="after")
    def _parameters(self) -> DistributionFile:
        needs = {
            "normal": ("mean", "sd"),
            "lognormal": ("median", "sigma"),
            "triangular": ("low", "mode", "high"),
            "uniform": ("low", "high"),
            "discrete": ("values", "weights"),
        }[self.distribution]
        missing = [name for name in needs if getattr(self, name) is None]
        if missing:
            raise ValueError(f"a {self.distribution} distribution needs {', '.join(missing)}")
        numbers = [v for v in (self.mean, self.sd, self.median, self.sigma, self.low, self.mode,
                               self.high) if v is not None]  # fmt: skip
        numbers += [*(self.values or []), *(self.weights or []), *(self.bounds or [])]
        if not all(math.isfinite(v) for v in numbers):
            raise ValueError("parameters must be finite numbers")
        if self.distribution == "triangular" and not (
            self.low <= self.mode <= self.high  # type: ignore[operator]  # checked above
        ):
            raise ValueError("triangular needs low <= mode <= high")
        if self.distribution == "uniform" and self.low > self.high:  # type: ignore[operator]
            raise ValueError("uniform needs low <= high")
        if self.distribution == "discrete":
            if len(self.values or []) != len(self.weights or []) or not self.values:
                raise ValueError("values and weights must be non-empty and of equal length")
            if min(self.weights or [0]) < 0 or sum(self.weights or []) <= 0:
                raise ValueError("weights must be non-negative with a positive sum")
        if self.bounds is not None and self.bounds[0] > self.bounds[1]:
            raise ValueError("bounds must be [low, high] with low <= high")
        return self


class UncertainFile(DistributionFile):
    """A ``[[risk.parameters]]`` entry."""

    id: Id
    target: Target


class DisruptionFile(Sourced):
    """``[risk.disruption]``."""

    actor: Id
    probability: MeasureFile
    duration: DistributionFile
    spot_premium: MeasureFile
    fee_withheld: bool = True


class GuaranteeFile(Sourced):
    """``[risk.guarantee]``."""

    kind: Literal["backup_lng", "escrow", "insurance"]
    cost: MeasureFile
    payer: Id
    cover: MeasureFile
    provider: Id | None = None


class RiskFile(Sourced):
    """The ``[risk]`` table."""

    note: str = ""
    parameters: list[UncertainFile] = Field(default_factory=list)
    disruption: DisruptionFile | None = None
    guarantee: GuaranteeFile | None = None


# --- building the model -----------------------------------------------------------------
class _Builder:
    """Converts measures to internal units, checking unit, sign and provenance."""

    def __init__(self, actor_ids: Collection[str]):
        self.actor_ids = actor_ids
        self.problems: Problems = []

    def actor(self, path: KeyPath, actor: str | None) -> None:
        if actor is not None and actor not in self.actor_ids:
            known = ", ".join(self.actor_ids) or "none defined"
            self.problems.append((path, f"unknown actor {actor!r} (known: {known})"))

    def provenance(self, path: KeyPath, *chain: Sourced | None) -> Provenance | None:
        for item in chain:
            if item is not None and (item.source or item.assumption):
                return Provenance(item.source, item.assumption)
        self.problems.append((path, "number has no source or assumption (give either on the "
                              "number or on its table)"))  # fmt: skip
        return None

    def measure(
        self,
        path: KeyPath,
        value: MeasureFile,
        dimension: str,
        *parents: Sourced | None,
        positive: bool = False,
    ) -> float:
        self.provenance(path, value, *parents)
        try:
            number = units.to_internal(value.value, value.unit, dimension)
        except units.UnitError as exc:
            self.problems.append(((*path, "unit"), str(exc)))
            return math.nan
        if number < 0 or (positive and number == 0):
            self.problems.append((path, f"must be {'positive' if positive else 'non-negative'}, "
                                  f"got {value.value}"))  # fmt: skip
        return number

    def year(self, path: KeyPath, value: YearFile, *parents: Sourced | None) -> int:
        self.provenance(path, value, *parents)
        return value.value

    def fraction(self, path: KeyPath, value: MeasureFile, *parents: Sourced | None) -> float:
        number = self.measure(path, value, units.FRACTION, *parents)
        if number > 1:
            self.problems.append((path, f"must be at most 100 %, got {number:.0%}"))
        return number

    def distribution(
        self, path: KeyPath, item: DistributionFile, dimension: str, *parents: Sourced | None
    ) -> Distribution:
        self.provenance(path, item, *parents)
        try:
            scale = units.to_internal(1.0, item.unit, dimension)
        except units.UnitError as exc:
            self.problems.append(((*path, "unit"), str(exc)))
            scale = 1.0
        fields = {
            "normal": (item.mean, item.sd),
            "lognormal": (item.median, item.sigma),
            "triangular": (item.low, item.mode, item.high),
            "uniform": (item.low, item.high),
        }
        if item.distribution == "discrete":
            params = tuple(v * scale for v in item.values or []) + tuple(item.weights or [])
        elif item.distribution == "lognormal":
            params = ((item.median or 0.0) * scale, item.sigma or 0.0)
        else:
            params = tuple((v or 0.0) * scale for v in fields[item.distribution])
        bounds = (-math.inf, math.inf)
        if item.bounds is not None:
            bounds = (item.bounds[0] * scale, item.bounds[1] * scale)
        return Distribution(item.distribution, params, bounds)


def build_deal(
    parsed: DealFile,
    actor_ids: Collection[str],
    link_ids: Collection[str] = (),
    supply_ids: Collection[str] = (),
    base_year: int = 1900,
) -> tuple[Deal, Problems]:
    """Turn a validated ``[deal]`` table into a :class:`Deal`; return it with its problems.

    Problem paths start at ``("deal", ...)``; actors, links and supplies are checked
    against the ids given.
    """
    b = _Builder(actor_ids)
    root: KeyPath = ("deal",)
    top = parsed
    for name in ("seller", "buyer", "transit"):
        b.actor((*root, name), getattr(parsed, name))
    for i, link in enumerate(parsed.route):
        if link not in link_ids:
            b.problems.append(((*root, "route", i), f"unknown link {link!r}"))
    if parsed.lng_supply is not None and parsed.lng_supply not in supply_ids:
        b.problems.append(((*root, "lng_supply"), f"unknown supply {parsed.lng_supply!r}"))
    start = b.year((*root, "start_year"), parsed.start_year, top)
    if start < base_year:
        b.problems.append(((*root, "start_year"), f"before the scenario's base year {base_year}"))
    duration = b.measure((*root, "duration"), parsed.duration, units.DURATION, top, positive=True)
    if math.isfinite(duration) and duration != round(duration):
        b.problems.append(((*root, "duration"), "must be a whole number of years"))
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
    return deal, b.problems


def _transit_fee(b: _Builder, f: TransitFeeFile, transit: str, top: Sourced) -> TransitFee:
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
        b.problems.append(((*path, "fixed"), "a fixed fee needs `fixed` (USD m/yr)"))
    if f.kind == "tariff" and (tariff is None or length is None):
        b.problems.append((path, "a tariff fee needs `tariff` and `length` (in the transit "
                           "country)"))  # fmt: skip
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


def _capex(b: _Builder, i: int, c: CapexFile, top: Sourced, link_ids: Collection[str]) -> CapexItem:
    path: KeyPath = ("deal", "capex", i)
    b.actor((*path, "payer"), c.payer)
    if c.link is not None and c.link not in link_ids:
        b.problems.append(((*path, "link"), f"unknown link {c.link!r}"))
    opex = 0.0 if c.opex is None else b.measure((*path, "opex"), c.opex, units.RATE, c, top)
    return CapexItem(
        segment=c.segment,
        amount_musd=b.measure((*path, "amount"), c.amount, units.MONEY, c, top),
        payer=c.payer,
        build_years=c.build_years,
        opex_rate=opex,
        link=c.link,
    )


def _debt(b: _Builder, d: DebtFile, top: Sourced) -> Debt:
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
        b.problems.append(((*path, "first_year"), "before the agreement year"))
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


def _aid(b: _Builder, i: int, a: AidFile, top: Sourced) -> Aid:
    path: KeyPath = ("deal", "aid", i)
    b.actor((*path, "donor"), a.donor)
    b.actor((*path, "recipient"), a.recipient)
    years = b.measure((*path, "duration"), a.duration, units.DURATION, a, top)
    if math.isfinite(years) and years != round(years):
        b.problems.append(((*path, "duration"), "must be a whole number of years"))
    return Aid(
        donor=a.donor,
        recipient=a.recipient,
        kind=a.kind,
        amount_musd_per_yr=b.measure((*path, "amount"), a.amount, units.MONEY_RATE, a, top),
        first_year=b.year((*path, "first_year"), a.first_year, a, top),
        years=int(years) if math.isfinite(years) else 0,
    )


def build_risk(
    parsed: RiskFile, actor_ids: Collection[str], deal: Deal | None = None
) -> tuple[Risk, Problems]:
    """Turn a validated ``[risk]`` table into a :class:`Risk`; return it with its problems."""
    b = _Builder(actor_ids)
    root: KeyPath = ("risk",)
    top = parsed
    params = []
    seen: set[str] = set()
    for i, item in enumerate(parsed.parameters):
        path: KeyPath = (*root, "parameters", i)
        if item.id in seen:
            b.problems.append(((*path, "id"), f"duplicate id {item.id!r} in risk.parameters"))
        seen.add(item.id)
        dist = b.distribution(path, item, TARGET_DIMENSION[item.target], top)
        prov = b.provenance(path, item, top) or Provenance(assumption="unspecified")
        params.append(UncertainParameter(item.id, item.target, dist, prov))
    if params and deal is None:
        b.problems.append(((*root, "parameters"), "uncertain parameters need a [deal] table"))
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
    return Risk(tuple(params), disruption, guarantee), b.problems


def distribution_rows(risk: Risk) -> Sequence[tuple[str, str, str, float]]:
    """(id, target, distribution kind, mean) of every uncertain parameter, for reports."""
    return [(p.id, p.target, p.distribution.kind, p.distribution.mean()) for p in risk.parameters]
