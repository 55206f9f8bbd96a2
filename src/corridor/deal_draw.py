"""A draw of a deal: what it changes, the rules it is valued under, what it does to the gas.

:class:`DealDraw` (one Monte Carlo draw or a what-if: factors, delay, losses, index paths)
and :class:`DrawRules` (spot premium, fee rules, termination and the risk-sharing
instruments: what the draws of a chunk share, :class:`corridor.risk.chunk.ChunkDraws`);
:func:`draw_outcome` (the gas planned, delivered, cut and stopped, the prices and the
transit fee in each operating year) by :func:`outcome_under`, the rule the chunk's fast
path applies too; :func:`yearly_prices` and :func:`transit_fees`. The cash flows built on
them are :mod:`corridor.finance`'s.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from corridor.scenario.deal_model import (
    Deal,
    Delivery,
    Escrow,
    Guarantee,
    Insurance,
    Price,
    Termination,
)
from corridor.shortfall import Outcome

__all__ = [
    "DealDraw",
    "DrawRules",
    "draw_outcome",
    "outcome_under",
    "transit_fees",
    "yearly_prices",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class DrawRules:
    """The rules and instruments a draw is valued under: what the draws of a chunk share.

    Gas lost to disruption is bought as spot LNG at ``spot_premium`` over the alternative
    price; ``fee_withheld`` stops the transit fee for gas not carried; ``guarantee``
    applies a guarantee option; ``fee_musd_per_yr`` replaces the deal's transit fee by a
    fixed fee (USD m/yr); a termination follows ``termination``'s rules (None: no LNG
    premium, no salvage, debt serviced); ``delivery``, ``escrow`` and ``insurance`` apply
    those instruments (:mod:`corridor.shortfall`, :func:`insurance_lines`).
    """

    spot_premium: float = 0.0
    fee_withheld: bool = True
    guarantee: Guarantee | None = None
    fee_musd_per_yr: float | None = None
    termination: Termination | None = None
    delivery: Delivery | None = None
    escrow: Escrow | None = None
    insurance: Insurance | None = None


@dataclass(frozen=True, slots=True)
class DealDraw(DrawRules):
    """Changes to a deal's central terms: one Monte Carlo draw or a what-if.

    Factors multiply the contract price, the alternative (LNG) price, the planned volume
    and capex; ``delay_yr`` shifts first gas (whole years); ``lost`` is the share of the
    planned volume lost to disruption in each operating year (None: none).
    ``index_paths`` maps index ids to their value in each operating year (internal units:
    USD/bbl for oil, USD/1000m3 for gas): index-linked prices follow them (None, or an
    index not in it: its ``reference`` value throughout). ``terminated_from`` is the
    operating year (0-based) from whose start the flow has stopped for good (None: it
    runs to the end). The rules it is valued under are :class:`DrawRules`' (keywords).
    """

    price_factor: float = 1.0
    lng_factor: float = 1.0
    demand_factor: float = 1.0
    capex_factor: float = 1.0
    delay_yr: int = 0
    lost: np.ndarray | None = field(default=None, compare=False)
    terminated_from: int | None = None
    index_paths: Mapping[str, np.ndarray] | None = field(default=None, compare=False)


def draw_outcome(deal: Deal, draw: DealDraw) -> Outcome:
    """What ``draw`` does to the deal's gas and prices in each operating year."""
    d = draw
    planned = deal.volumes() * d.demand_factor
    lost = np.zeros(deal.duration_yr) if d.lost is None else np.asarray(d.lost, dtype=float)
    running = np.arange(deal.duration_yr) < (
        deal.duration_yr if d.terminated_from is None else d.terminated_from
    )
    start = deal.start_year + round(d.delay_yr)
    return outcome_under(deal, d, start, planned, lost, running, yearly_prices(deal, d))


def outcome_under(
    deal: Deal,
    rules: DrawRules,
    start: int,
    planned: np.ndarray,
    lost: np.ndarray,
    running: np.ndarray,
    prices: tuple[np.ndarray, np.ndarray | float],
) -> Outcome:
    """The :class:`Outcome` of ``planned`` gas under ``rules``.

    ``lost``: the share lost to cuts while ``running``; ``prices``: the contract and the
    alternative price (:func:`yearly_prices`). The arrays are one draw's operating years
    (:func:`draw_outcome`) or a chunk's draws x years
    (:func:`corridor.risk.chunk.chunk_outcome`): the same rule for both.
    """
    termination = rules.termination or Termination("", 0.0, "")
    delivered = planned * (1.0 - lost) * running
    price, alternative = prices
    return Outcome(
        start=start,
        planned=planned,
        delivered=delivered,
        alternative=alternative,
        cut=planned * lost * running,
        stopped=planned * ~running,
        running=running,
        price=price,
        cut_cost=alternative * (1 + rules.spot_premium),
        stop_cost=alternative * (1 + termination.lng_premium),
        production_cost=deal.production_cost,
        fee=transit_fees(deal, rules, planned, delivered) * running,
    )


def yearly_prices(
    deal: Deal, draw: DealDraw | None = None
) -> tuple[np.ndarray, np.ndarray | float]:
    """Contract price and the buyer's alternative price (USD/1000m3) in each operating year.

    Each with the draw's factor; index-linked prices follow the draw's ``index_paths``.
    The alternative is the constant ``alternative_price`` (a float) unless the deal gives
    it a formula.
    """
    d = draw or DealDraw()
    years = np.arange(deal.duration_yr)
    price = deal.price.at(years, _path(deal.price, d)) * d.price_factor
    if deal.alternative is None:
        return price, deal.alternative_price * d.lng_factor
    return price, deal.alternative.at(years, _path(deal.alternative, d)) * d.lng_factor


def _path(price: Price, d: DealDraw) -> np.ndarray | None:
    if not price.follows_index or d.index_paths is None or price.index is None:
        return None
    return d.index_paths.get(price.index)


def transit_fees(
    deal: Deal, d: DrawRules, planned: np.ndarray, delivered: np.ndarray
) -> np.ndarray:
    """Transit fee in each operating year, USD m/yr (``d``'s fee rules).

    A fixed fee is cut pro rata to the gas not carried when ``fee_withheld``; a tariff is
    paid on the gas carried (on the planned gas when the fee is not withheld).
    """
    fee = deal.transit_fee
    carried = np.divide(delivered, planned, out=np.ones_like(planned), where=planned > 0)
    if not d.fee_withheld:
        carried = np.ones_like(planned)
    if d.fee_musd_per_yr is not None:
        return d.fee_musd_per_yr * carried
    if fee.kind == "fixed":
        return (fee.fixed_musd_per_yr or 0.0) * carried
    per_bcm = (fee.tariff or 0.0) * (fee.length_km or 0.0) / 100.0
    shipped = delivered if d.fee_withheld else planned
    if fee.ship_or_pay > 0:
        # booked capacity is the contract; a cut by the line's host releases the shipper
        booked = deal.volumes() * (carried if d.fee_withheld else 1.0)
        shipped = np.maximum(shipped, fee.ship_or_pay * booked)
    return per_bcm * shipped
