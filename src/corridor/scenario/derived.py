"""What a link given by design derives: :class:`DerivedLink`, and the loader's callbacks."""

from __future__ import annotations

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


__all__ = ["UNIT_SUFFIX", "Check", "DerivedLink", "Measure", "Report"]
