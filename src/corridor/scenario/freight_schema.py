"""The file format of container routes: pydantic models of the freight tables.

``[links.freight]`` (a container link given by its stretch: :class:`FreightSpec`, its legs
:class:`FreightLegSpec`) and ``[[freight_routes]]`` (whole routes as chains of such links:
:class:`FreightRouteFile`, its published figures :class:`RouteBenchmarkFile`). Types and
shapes only; :mod:`corridor.scenario.freight_spec` and
:mod:`corridor.scenario.freight_routes` turn them into the data model.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from corridor.scenario.schema import Id, MeasureFile, Sourced

__all__ = ["FreightLegSpec", "FreightRouteFile", "FreightSpec", "RouteBenchmarkFile"]


class FreightLegSpec(Sourced):
    """One leg: ``mode`` rail or sea, ``length`` a length measure, optional factors.

    ``speed_factor`` scales the central speed (0.5 for worn track), ``tariff_factor`` the
    central rate (1.5 for dearer carriers); both dimensionless and positive.
    """

    mode: Literal["rail", "sea"]
    length: MeasureFile
    name: str = ""
    speed_factor: float = Field(default=1.0, gt=0, allow_inf_nan=False)
    tariff_factor: float = Field(default=1.0, gt=0, allow_inf_nan=False)


class FreightSpec(Sourced):
    """The ``freight`` table: legs and the counts of events between them."""

    legs: list[FreightLegSpec] = Field(min_length=1)
    handlings: int = Field(default=0, ge=0)
    border_crossings: int = Field(default=0, ge=0)
    gauge_changes: int = Field(default=0, ge=0)
    note: str = ""


class RouteBenchmarkFile(Sourced):
    """A ``[[freight_routes.benchmarks]]`` entry (``low``/``high`` in d or km)."""

    quantity: Literal["days", "km"]
    low: float = Field(ge=0, allow_inf_nan=False)
    high: float = Field(ge=0, allow_inf_nan=False)
    held: Literal["central", "fast"] = "central"


class FreightRouteFile(Sourced):
    """A ``[[freight_routes]]`` entry: ``id``, ``stretches`` (link ids) and ``benchmarks``."""

    id: Id
    stretches: list[Id] = Field(min_length=1)
    benchmarks: list[RouteBenchmarkFile] = Field(default_factory=list)
    note: str = ""
