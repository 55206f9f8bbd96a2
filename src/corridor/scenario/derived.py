"""What a link given by design derives: :class:`DerivedLink`, and the loader's callbacks."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from corridor import units
from corridor.scenario.provenance import KeyPath, Provenance
from corridor.scenario.schema import MeasureFile, Sourced


@dataclass(frozen=True)
class DerivedLink:
    """A link's numbers derived from its design, in internal units, with provenance."""

    capacity: float
    unit_cost: float
    capex_musd: float
    loss_fraction: float
    length_km: float | None
    lifetime_yr: float
    design: Mapping[str, Any]
    sources: dict[str, Provenance] = field(default_factory=dict)


Check = Callable[[type[Sourced], Any, KeyPath], Any]
Measure = Callable[
    [KeyPath, MeasureFile | None, str | None, Provenance | None, dict[str, Provenance] | None],
    float | None,
]
Report = Callable[[KeyPath, str], None]


@dataclass(frozen=True)
class DesignContext:
    """What a design derivation reads besides its table, and the loader's callbacks.

    ``path`` locates the table in messages; ``link_prov`` is the link's provenance (the
    design's numbers inherit it); ``discount_rate`` (1/yr) and ``lifetime_yr`` (the link's
    economic life) set the least-cost sizing; ``check`` validates a table against a
    schema, ``measure`` converts a number to internal units and records its source,
    ``report`` records a problem (``file:line: key.path: message`` in the loader).
    """

    path: KeyPath
    link_prov: Provenance | None
    discount_rate: float
    lifetime_yr: float
    check: Check
    measure: Measure
    report: Report

    def under(self, key: str) -> DesignContext:
        """The same context for the table at ``key`` below this one."""
        return dataclasses.replace(self, path=(*self.path, key))


UNIT_SUFFIX: dict[str, str] = {
    units.GAS_RATE: "_bcm_per_yr",
    units.PRESSURE: "_bar",
    units.GAS_PRICE: "_usd_per_1000m3",
    units.POWER_COST: "_musd_per_mw",
    units.RATE: "_per_yr",
    units.TEMPERATURE: "_k",
    units.MASS_PRICE: "_usd_per_t",
    units.MONEY: "_musd",
}
"""The unit suffix of an input's name in ``Link.design['inputs']``, by dimension."""


__all__ = ["UNIT_SUFFIX", "Check", "DerivedLink", "DesignContext", "Measure", "Report"]
