"""What the cost models of engineering/ share: sourced unit costs, the finance basis, tables.

The pipeline (:mod:`corridor.engineering.cost`), subsea (:mod:`.offshore_cost`) and LNG
(:mod:`.lng`) models each carry a table of :class:`UnitCost` and a frozen basis of the
numbers they are priced with; the pipeline and LNG bases share their finance
(:class:`FinanceBasis`: the gas price, the discount rate and the economic life), so a
pipeline and an LNG chain are annualised the same way and compare like for like.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True, slots=True)
class UnitCost:
    """A unit cost with its range and source: ``value`` and ``low``–``high`` in ``unit``."""

    value: float
    low: float
    high: float
    unit: str
    source: str


def unit_cost_rows(costs: Mapping[str, UnitCost], prefix: str = "") -> list[dict[str, object]]:
    """``costs`` as rows of a unit-cost table: item (``prefix`` + key), value, range, source."""
    return [
        {
            "item": f"{prefix}{k}",
            "value": u.value,
            "low": u.low,
            "high": u.high,
            "unit": u.unit,
            "source": u.source,
        }
        for k, u in costs.items()
    ]


class Changeable:
    """A frozen dataclass's ``with_changes``: a copy with some fields changed."""

    __slots__ = ()

    def with_changes(self, **changes: object) -> Self:
        """A copy with some fields changed (their names checked by ``dataclasses.replace``)."""
        return replace(self, **changes)  # type: ignore[type-var]  # every subclass is a dataclass


@dataclass(frozen=True, slots=True)
class FinanceBasis(Changeable):
    """The finance every cost basis is priced with.

    ``gas_price_usd_per_1000m3`` prices the gas a chain burns or loses on the way,
    ``discount_rate`` per year and ``life_yr`` years give the capital's annuity factor.
    """

    gas_price_usd_per_1000m3: float = 300.0
    discount_rate: float = 0.08
    life_yr: float = 30.0


def quantity_table(rows: Iterable[tuple[str, float, str]]) -> pd.DataFrame:
    """``(quantity, value, unit)`` rows as a table with those three columns."""
    import pandas as pd

    return pd.DataFrame(list(rows), columns=["quantity", "value", "unit"])


__all__ = ["Changeable", "FinanceBasis", "UnitCost", "quantity_table", "unit_cost_rows"]
