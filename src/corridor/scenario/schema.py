"""The scenario file format: pydantic models of what a TOML scenario may contain.

These models check types and shapes item by item (so one bad link does not hide the
problems of the next). Units, provenance and cross-references are checked when the
validated items are turned into the :mod:`corridor.scenario.model` objects
(:mod:`corridor.scenario.load`).

A number with a unit (a *measure*) is written either as a string ``"12 bcm/yr"`` or as a
table ``{ value = 12, unit = "bcm/yr", low = 10, high = 14, source = "..." }``.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from corridor.units import UnitError, parse_measure

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
"""What an id may be: letters, digits, ``_``, ``.`` and ``-`` (no spaces, no control
characters), starting with a letter or a digit."""
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]
Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
"""Decimal degrees north."""
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]
"""Decimal degrees east."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class Sourced(_Strict):
    """Mixin: an optional ``source`` (publication, year) or ``assumption`` (why)."""

    source: str | None = None
    assumption: str | None = None

    @field_validator("source", "assumption")
    @classmethod
    def _not_blank(cls, text: str | None) -> str | None:
        if text is not None and not text.strip():
            raise ValueError("must not be blank")
        return text


class MeasureFile(Sourced):
    """A number with its unit, optional range and optional provenance of its own."""

    model_config = ConfigDict(defer_build=False)

    value: float = Field(strict=True)
    unit: str
    low: float | None = Field(default=None, strict=True)
    high: float | None = Field(default=None, strict=True)

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, raw: Any) -> Any:
        if isinstance(raw, str):
            try:
                measure = parse_measure(raw)
            except UnitError as exc:
                raise ValueError(str(exc)) from None
            return {"value": measure.value, "unit": measure.unit}
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            raise ValueError(f"missing unit: write the number as '<value> <unit>', got {raw!r}")
        return raw

    @model_validator(mode="after")
    def _finite_and_ordered(self) -> MeasureFile:
        for name in ("value", "low", "high"):
            number = getattr(self, name)
            if number is not None and not math.isfinite(number):
                raise ValueError(f"{name} must be a finite number, got {number}")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low ({self.low}) is above high ({self.high})")
        for name in ("low", "high"):
            bound = getattr(self, name)
            if bound is not None and (
                (name == "low" and bound > self.value) or (name == "high" and bound < self.value)
            ):
                raise ValueError(f"value {self.value} lies outside [low, high]")
        return self


class ScenarioHeader(Sourced):
    """The ``[scenario]`` table."""

    name: Id
    title: str
    description: str = ""
    base_year: int = Field(ge=1900, le=2200)
    horizon: MeasureFile | None = None
    discount_rate: MeasureFile | None = None
    negotiation_from: str | None = None
    """A bundled scenario or a file (relative to this one) whose ``[negotiation]`` the
    report and dashboard use when this file has none."""


class ActorFile(_Strict):
    """An ``[[actors]]`` entry."""

    id: Id
    name: str
    note: str = ""


class NodeFile(Sourced):
    """A ``[[nodes]]`` entry; lat/lon in decimal degrees."""

    id: Id
    name: str
    lat: Latitude
    lon: Longitude
    territory: Id | None = None
    note: str = ""


class CommodityFile(_Strict):
    """A ``[[commodities]]`` entry; ``kind`` fixes the units its numbers must use.

    ``value_of_time`` (containers only, e.g. ``"40 USD/TEU/d"``): shippers' cost of a day
    in transit; the loader adds it times a link's ``transit_time`` to the link's unit cost.
    """

    id: Id
    kind: Literal["gas", "containers"]
    value_of_time: MeasureFile | None = None
    note: str = ""


class SupplyBlockFile(Sourced):
    """One supply step: capacity and marginal cost."""

    capacity: MeasureFile
    cost: MeasureFile


class DemandBlockFile(Sourced):
    """One demand step: quantity and willingness to pay."""

    quantity: MeasureFile
    willingness_to_pay: MeasureFile = Field(alias="wtp")


class _MarketItemFile(Sourced):
    """What supplies and demands share: where, whose (absent: open market), which good."""

    id: Id
    node: Id
    owner: Id | None = None
    commodity: Id
    note: str = ""


class SupplyFile(_MarketItemFile):
    """A ``[[supplies]]`` entry."""

    blocks: list[SupplyBlockFile] = Field(min_length=1)


class DemandFile(_MarketItemFile):
    """A ``[[demands]]`` entry."""

    blocks: list[DemandBlockFile] = Field(min_length=1)


class RouteFile(Sourced):
    """A link's ``[links.route]`` table: where it runs, for maps and GeoJSON only.

    ``waypoints`` are ``[lat, lon]`` pairs in decimal degrees, in order from the link's
    ``from`` node to its ``to`` node, the end nodes excluded; a map draws great-circle
    arcs only between consecutive points. Like a number, the route needs a ``source``
    or an ``assumption`` (its own or the link's).
    """

    waypoints: list[tuple[float, float]]

    @field_validator("waypoints", mode="before")
    @classmethod
    def _pairs(cls, raw: Any) -> Any:
        if not isinstance(raw, list) or not raw:
            raise ValueError("give at least one [lat, lon] point")
        for k, point in enumerate(raw, 1):
            numbers = isinstance(point, list | tuple) and all(
                isinstance(x, int | float) and not isinstance(x, bool) for x in point
            )
            if not numbers or len(point) != 2:
                raise ValueError(f"point {k}: give [lat, lon] in decimal degrees, got {point!r}")
            lat, lon = point
            if not (math.isfinite(lat) and -90 <= lat <= 90):
                raise ValueError(f"point {k}: latitude {lat} is outside [-90, 90]")
            if not (math.isfinite(lon) and -180 <= lon <= 180):
                raise ValueError(f"point {k}: longitude {lon} is outside [-180, 180]")
        return raw


class LinkFile(Sourced):
    """A ``[[links]]`` entry. ``from``/``to`` are node ids; ``control`` actor ids.

    ``build_time`` (e.g. ``"5 yr"``): from a decision to build to first flow; the hold-up
    analysis reads it for a bypass (how long a transit country could hold up the flow).
    """

    id: Id
    name: str = ""
    from_node: Id = Field(alias="from")
    to_node: Id = Field(alias="to")
    commodity: Id
    capacity: MeasureFile | None = None
    unit_cost: MeasureFile | None = None
    control: list[Id]
    status: Literal["existing", "planned", "option"] = "existing"
    capex: MeasureFile | None = None
    lifetime: MeasureFile | None = None
    build_year: int | None = Field(default=None, ge=1900, le=2200)
    loss: MeasureFile | None = None
    length: MeasureFile | None = None
    transit_time: MeasureFile | None = None
    build_time: MeasureFile | None = None
    note: str = ""
    # a link given by design instead of capacity and cost; checked by scenario.design
    pipeline: dict[str, Any] | None = None
    lng: dict[str, Any] | None = None
    # a container link given by route legs; checked by scenario.freight_schema.FreightSpec
    freight: dict[str, Any] | None = None
    route: RouteFile | None = None

    @field_validator("control")
    @classmethod
    def _no_repeats(cls, control: list[str]) -> list[str]:
        repeated = sorted({a for a in control if control.count(a) > 1})
        if repeated:
            raise ValueError(f"actor(s) listed twice: {', '.join(repeated)}")
        return control


class BenchmarkFile(Sourced):
    """A ``[[benchmarks]]`` entry: a published figure to set model output against."""

    id: Id
    kind: str
    actor: Id | None = None
    value: MeasureFile
    note: str = ""


SECTIONS: dict[str, type[BaseModel]] = {
    "actors": ActorFile,
    "nodes": NodeFile,
    "commodities": CommodityFile,
    "supplies": SupplyFile,
    "demands": DemandFile,
    "links": LinkFile,
    "benchmarks": BenchmarkFile,
}
"""Top-level arrays of tables and the model of one entry of each."""

FREE_FORM_SECTIONS: frozenset[str] = frozenset()
"""Top-level tables passed through unchecked here, for the stages that own them."""


__all__ = [
    "FREE_FORM_SECTIONS",
    "ID_PATTERN",
    "SECTIONS",
    "ActorFile",
    "BenchmarkFile",
    "CommodityFile",
    "DemandBlockFile",
    "DemandFile",
    "Id",
    "Latitude",
    "LinkFile",
    "Longitude",
    "MeasureFile",
    "NodeFile",
    "RouteFile",
    "ScenarioHeader",
    "Sourced",
    "SupplyBlockFile",
    "SupplyFile",
]
