"""The file format of a scenario's ``[deal]`` and ``[risk]`` tables: pydantic models only.

Every number carries a unit (as everywhere in a scenario file) and a ``source`` or an
``assumption`` of its own or of an enclosing table. Distribution parameters are plain
numbers in the ``unit`` the parameter names (``"1"`` for factors, ``"yr"`` for delays).
These models check types and shapes; units, signs, provenance and references are checked
when :mod:`corridor.scenario.load_deal` builds the :mod:`corridor.scenario.deal_model`.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import Field, StrictBool, model_validator

from corridor.scenario.deal_model import DistributionKind, PriceKind, Target
from corridor.scenario.schema import Id, MeasureFile, Sourced

__all__ = [
    "AidFile",
    "CapexFile",
    "CostsFile",
    "DealFile",
    "DebtFile",
    "DeliveryFile",
    "DisruptionFile",
    "DistributionFile",
    "EscrowFile",
    "GuaranteeFile",
    "InsuranceFile",
    "PriceFile",
    "PriceIndexFile",
    "PricesFile",
    "RiskFile",
    "SCurveFile",
    "TerminationFile",
    "TransitFeeFile",
    "UncertainFile",
    "VolumeFile",
    "YearFile",
]


class YearFile(Sourced):
    """A calendar year with its provenance: ``{ value = 2017, source = "..." }``."""

    value: int = Field(ge=1900, le=2200, strict=True)


class SCurveFile(Sourced):
    """``s_curve`` of an oil-indexed price: the kinks (USD/bbl) and the slopes outside them."""

    low_kink: MeasureFile
    high_kink: MeasureFile
    low_slope: MeasureFile
    high_slope: MeasureFile


class PriceFile(Sourced):
    """``[deal.price]`` (or ``[deal.alternative]``): a price formula.

    ``fixed`` or ``indexed`` (``base``, ``escalation``); ``oil_indexed`` (``slope`` x the oil
    ``index`` + ``constant``, optional ``s_curve``) or ``hub_indexed`` (``slope`` x the gas
    ``index`` + ``constant``), evaluated at ``reference`` for the central terms.
    """

    kind: PriceKind = "fixed"
    base: MeasureFile | None = None
    escalation: MeasureFile | None = None
    index: Id | None = None
    slope: MeasureFile | None = None
    constant: MeasureFile | None = None
    reference: MeasureFile | None = None
    s_curve: SCurveFile | None = None

    @model_validator(mode="after")
    def _fields_of_kind(self) -> PriceFile:
        if self.kind in ("fixed", "indexed"):
            if self.base is None:
                raise ValueError(f"a {self.kind} price needs base")
            extra = [n for n in ("index", "slope", "constant", "reference", "s_curve")
                     if getattr(self, n) is not None]  # fmt: skip
            if extra:
                raise ValueError(f"{', '.join(extra)}: only for oil_indexed or hub_indexed")
            return self
        missing = [n for n in ("index", "slope", "reference") if getattr(self, n) is None]
        if missing:
            raise ValueError(f"a {self.kind} price needs {', '.join(missing)}")
        if self.base is not None or self.escalation is not None:
            raise ValueError(
                f"a {self.kind} price has no base or escalation (it follows its index)"
            )
        if self.kind == "hub_indexed" and self.s_curve is not None:
            raise ValueError("s_curve: only for oil_indexed")
        return self


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
    ship_or_pay: MeasureFile | None = None


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
    recycled: StrictBool | MeasureFile = False
    """``true`` (all), ``false`` (none) or the share of each repayment recycled."""
    projects: str = ""


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
    alternative: PriceFile | None = None
    take_or_pay: MeasureFile | None = None
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
    reference_class: str = ""


class TerminationFile(Sourced):
    """``[risk.termination]``: the yearly hazard that the flow stops for good."""

    actor: Id
    probability: MeasureFile
    reference_class: str = Field(min_length=1)
    lng_premium: MeasureFile | None = None
    salvage: MeasureFile | None = None
    debt_stops: bool = False


Events = list[Literal["cut", "termination"]]


def _cuts() -> Events:
    return ["cut"]


def _cuts_and_termination() -> Events:
    return ["cut", "termination"]


class DeliveryFile(Sourced):
    """``[risk.delivery]``: the delivery point and who bears gas lost in transit."""

    point: Literal["border", "origin"]
    rule: Literal["replacement", "unsold"] = "replacement"
    events: Events = Field(default_factory=_cuts, min_length=1)


class EscrowFile(Sourced):
    """``[risk.escrow]``: the transit fee held in escrow, forfeited on a cut."""

    beneficiary: Id | None = None
    lag: MeasureFile | None = None


class InsuranceFile(Sourced):
    """``[risk.insurance]``: political-risk insurance of one actor's cash flow."""

    insured: Id
    payer: Id
    cover: MeasureFile
    events: Events = Field(default_factory=_cuts_and_termination, min_length=1)
    premium: MeasureFile | None = None
    rate: MeasureFile | None = None
    limit: MeasureFile | None = None
    provider: Id | None = None


class GuaranteeFile(Sourced):
    """``[risk.guarantee]``."""

    kind: Literal["backup_lng", "escrow", "insurance"]
    cost: MeasureFile
    payer: Id
    cover: MeasureFile
    provider: Id | None = None


class PriceIndexFile(Sourced):
    """A ``[[risk.prices.indices]]`` entry: a mean-reverting log price.

    ``start`` (its value in ``first_year``) and ``level`` (long-run median) in an oil
    (USD/bbl) or gas (USD/MMBtu ...) price unit, the same dimension for both;
    ``reversion`` a rate (1/yr), ``volatility`` the annual sd of log changes (unit 1 or %).
    """

    id: Id
    start: MeasureFile
    level: MeasureFile
    reversion: MeasureFile
    volatility: MeasureFile


class PricesFile(Sourced):
    """``[risk.prices]``: correlated price indices (``correlation``: rows in index order)."""

    note: str = ""
    first_year: YearFile
    indices: list[PriceIndexFile] = Field(min_length=1)
    correlation: list[list[float]] | None = None


class CostsFile(Sourced):
    """``[risk.costs]``: capex factors on every link not yet built.

    ``common`` (one draw for all links; omitted: the ``capex`` parameters), ``route`` (each
    route's own factor), ``links`` (a link's own factor instead of ``route``, by link id;
    a link the scenario does not have is ignored),
    ``correlation`` of the routes' own factors (0–1), ``unit_costs`` (sample the
    engineering unit-cost ranges of designed pipelines).
    """

    common: DistributionFile | None = None
    route: DistributionFile | None = None
    links: dict[Id, DistributionFile] = Field(default_factory=dict)
    correlation: MeasureFile | None = None
    unit_costs: bool = False


class RiskFile(Sourced):
    """The ``[risk]`` table."""

    note: str = ""
    parameters: list[UncertainFile] = Field(default_factory=list)
    disruption: DisruptionFile | None = None
    guarantee: GuaranteeFile | None = None
    termination: TerminationFile | None = None
    delivery: DeliveryFile | None = None
    escrow: EscrowFile | None = None
    insurance: InsuranceFile | None = None
    prices: PricesFile | None = None
    costs: CostsFile | None = None
