"""Price formulas and price indices: ``[deal.price]``, ``[deal.alternative]``, ``[risk.prices]``.

A :class:`Price` is fixed, escalating, oil-indexed (slope x an oil index + constant, with an
optional S-curve) or hub-indexed (factor x a gas index + constant); a :class:`PriceModel`
holds the mean-reverting indices that :mod:`corridor.risk.prices` turns into paths. Data
only, in internal units (:mod:`corridor.units`); re-exported by
:mod:`corridor.scenario.deal_model`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from corridor import units
from corridor.scenario.lookup import by_id
from corridor.scenario.provenance import Provenance

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Price", "PriceIndex", "PriceKind", "PriceModel", "SCurve"]


PriceKind = Literal["fixed", "indexed", "oil_indexed", "hub_indexed"]


@dataclass(frozen=True, slots=True)
class SCurve:
    """The S-curve of an oil-indexed price: other slopes outside a band of oil prices.

    Below ``low_kink_usd_per_bbl`` the price moves by ``low_slope``, above
    ``high_kink_usd_per_bbl`` by ``high_slope`` (USD/MMBtu per USD/bbl, as the main
    slope); the price is continuous at the kinks. Flatter slopes outside the band protect
    the seller at low oil prices and the buyer at high ones (Asian LNG contracts).
    """

    low_kink_usd_per_bbl: float
    high_kink_usd_per_bbl: float
    low_slope: float
    high_slope: float


@dataclass(frozen=True, slots=True)
class Price:
    """A gas price formula: a contract price, or the buyer's alternative.

    ``fixed``: ``base`` (USD/1000m3); ``indexed``: ``base`` grown by ``escalation`` per year
    (0.02 = 2 %/yr) from the start year. ``oil_indexed``: ``slope`` x the oil ``index``
    (USD/bbl; the slope in USD/MMBtu per USD/bbl) + ``constant`` (USD/1000m3), with an
    optional ``s_curve``; ``hub_indexed``: ``slope`` x the gas ``index`` (USD/1000m3) +
    ``constant``. An index formula is evaluated on the index path of a draw, else at
    ``reference`` (the index value of the central terms); ``base`` is then its value there.
    """

    kind: PriceKind
    base: float
    escalation: float = 0.0
    index: str | None = None
    slope: float = 0.0
    constant: float = 0.0
    reference: float | None = None
    s_curve: SCurve | None = None

    @property
    def follows_index(self) -> bool:
        """Whether the price is a formula on an index path (oil- or hub-indexed)."""
        return self.kind in ("oil_indexed", "hub_indexed")

    def formula(self, index_value: Any) -> Any:
        """The price in USD/1000m3 at ``index_value`` (a number or an array).

        The index in USD/bbl (oil) or USD/1000m3 (hub); only for index formulas.
        """
        import numpy as np

        x = np.asarray(index_value, dtype=float)
        if self.kind == "hub_indexed":
            return self.slope * x + self.constant
        curve = self.s_curve
        if curve is None:
            per_bbl = self.slope * x
        else:
            low, high = curve.low_kink_usd_per_bbl, curve.high_kink_usd_per_bbl
            band = self.slope * np.clip(x, low, high)
            below = curve.low_slope * np.minimum(x - low, 0.0)
            above = curve.high_slope * np.maximum(x - high, 0.0)
            per_bbl = band + below + above
        return units.oil_linked_gas_price(1.0, per_bbl) + self.constant

    def at(self, years_since_start: np.ndarray, index_path: np.ndarray | None = None) -> np.ndarray:
        """Price in USD/1000m3 in each year counted from the start year.

        ``index_path``: the index value in each of those years (index formulas; None: the
        ``reference`` value throughout).
        """
        import numpy as np

        shape = np.shape(years_since_start)
        if self.follows_index:
            if index_path is None:
                return np.full(shape, self.base)
            return np.asarray(self.formula(np.broadcast_to(index_path, shape)), dtype=float)
        if self.kind == "fixed":
            return np.full(shape, self.base)
        return self.base * (1.0 + self.escalation) ** np.asarray(years_since_start, dtype=float)


@dataclass(frozen=True, slots=True)
class PriceIndex:
    """A price index whose log follows an Ornstein–Uhlenbeck process, year by year.

    ``start`` is its value in the price model's ``first_year`` and ``level`` its long-run
    median, both in the internal unit of ``dimension`` (USD/bbl for oil, USD/1000m3 for
    gas); ``reversion_per_yr`` the speed at which log prices return to log ``level``
    (half-life ln 2 / speed); ``volatility`` the standard deviation of log price changes
    per square-root year. ``unit`` is the unit the file wrote it in (for reports).
    """

    id: str
    dimension: str
    start: float
    level: float
    reversion_per_yr: float
    volatility: float
    unit: str
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class PriceModel:
    """Correlated price indices: their paths start in ``first_year``.

    ``correlation`` is the correlation matrix of the indices' shocks, in the order of
    ``indices`` (symmetric, positive semi-definite, ones on the diagonal).
    """

    first_year: int
    indices: tuple[PriceIndex, ...]
    correlation: tuple[tuple[float, ...], ...]

    def index(self, index_id: str) -> PriceIndex:
        """The index named ``index_id`` (KeyError if none)."""
        return by_id(self.indices, index_id, "price index")
