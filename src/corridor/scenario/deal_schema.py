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

from pydantic import Field, model_validator

from corridor.scenario.deal_model import DistributionKind, Target
from corridor.scenario.schema import Id, MeasureFile, Sourced

__all__ = [
    "AidFile",
    "CapexFile",
    "CostsFile",
    "DealFile",
    "DebtFile",
    "DisruptionFile",
    "DistributionFile",
    "GuaranteeFile",
    "PriceFile",
    "RiskFile",
    "TransitFeeFile",
    "UncertainFile",
    "VolumeFile",
    "YearFile",
]


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
    costs: CostsFile | None = None
