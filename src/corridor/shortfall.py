"""Who bears gas not delivered: the cash-flow rules of the delivery point and the fee escrow.

:func:`corridor.finance.ledger` calls these with a draw's outcome per operating year
(:class:`Outcome`) and adds the lines they return; each line is (actor, item, operating
year index, USD m). Political-risk insurance (:func:`insurance_lines`) needs the insured's
net cash flow with and without the events, which the ledger computes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from corridor.scenario.deal_model import Deal, Delivery, Escrow, Event

if TYPE_CHECKING:
    from corridor.deal_draw import DealDraw

Line = tuple[str, str, np.ndarray, np.ndarray]
"""(actor, item, operating-year indices, USD m at each)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a draw did to the gas, per operating year (bcm/yr) and the prices (USD/1000m3).

    ``planned`` and ``delivered`` gas; ``cut``: lost to temporary cuts; ``stopped``: not
    delivered after a termination; ``running``: the flow had not stopped for good;
    ``fee``: the transit fee paid (USD m/yr); ``alternative``: the LNG price (per year, or
    one number when it follows no index); ``cut_cost`` and ``stop_cost``: what the buyer
    pays per unit for replacement LNG.
    ``start``: the calendar year of operating year 0.
    """

    start: int
    planned: np.ndarray
    delivered: np.ndarray
    alternative: np.ndarray | float
    cut: np.ndarray
    stopped: np.ndarray
    running: np.ndarray
    price: np.ndarray
    cut_cost: np.ndarray | float
    stop_cost: np.ndarray | float
    production_cost: float
    fee: np.ndarray

    def lost(self, events: tuple[Event, ...]) -> np.ndarray:
        """Gas lost to the ``events`` in each operating year, bcm/yr."""
        out = np.zeros_like(self.cut)
        if "cut" in events:
            out = out + self.cut
        if "termination" in events:
            out = out + self.stopped
        return out

    def event_years(self) -> np.ndarray:
        """Operating years in which the transit country cut the flow or stopped it."""
        first_stop = np.flatnonzero(~self.running)[:1]
        return np.union1d(np.flatnonzero(self.cut > 0), first_stop)


def delivery_lines(deal: Deal, rule: Delivery, outcome: Outcome) -> list[Line]:
    """The lines of the delivery point's rule on the gas lost to ``rule.events``.

    Border, replacement: the seller pays the buyer the replacement cost above the contract
    price (never negative); border, unsold: nothing (the gas is simply not sold). Origin:
    the buyer pays the contract price on the gas lost and the seller spends its
    production cost on it (it was delivered at the seller's border).
    """
    index = np.arange(outcome.cut.size)
    lines: list[Line] = []
    for event in rule.events:
        lost = outcome.lost((event,))
        if not lost.any():
            continue
        if rule.point == "origin":
            paid = outcome.price * lost
            lines += [
                (deal.buyer, f"delivered at origin ({event})", index, -paid),
                (deal.seller, f"delivered at origin ({event})", index,
                 paid - outcome.production_cost * lost),
            ]  # fmt: skip
        elif rule.rule == "replacement":
            unit = outcome.cut_cost if event == "cut" else outcome.stop_cost
            paid = np.maximum(unit - outcome.price, 0.0) * lost
            lines += [
                (deal.seller, f"replacement at the border ({event})", index, -paid),
                (deal.buyer, f"replacement at the border ({event})", index, paid),
            ]
    return lines


def escrow_lines(deal: Deal, escrow: Escrow, outcome: Outcome) -> list[Line]:
    """The escrow's lines: each fee held ``lag_yr`` years, forfeited on a cut or termination.

    Year t's fee is forfeited to the beneficiary in the first event year in t .. t + lag
    (a cut in that year, or the year the flow stopped); otherwise it reaches the transit
    country in year t + lag (at the latest in the last operating year). Relative to the
    fee paid straight: the recipient gives up year t's fee and gets it back later or never.
    """
    years = outcome.fee.size
    index = np.arange(years)
    events = outcome.event_years()
    release = np.minimum(index + escrow.lag_yr, years - 1)
    recipient, fee = deal.transit_fee.recipient, outcome.fee
    after = np.searchsorted(events, index)  # the first event in year t or later
    first = np.append(events, years + escrow.lag_yr + 1)[after]
    kept = first > index + escrow.lag_yr
    forfeit_at = np.where(kept, -1, first)
    lines: list[Line] = [(recipient, "fee escrow", index, -fee)]
    lines.append((recipient, "fee escrow released", release[kept], fee[kept]))
    lines.append((escrow.beneficiary, "fee escrow forfeited", forfeit_at[~kept], fee[~kept]))
    return lines


def place(lines: list[Line], actors: tuple[str, ...], years: np.ndarray, start: int) -> np.ndarray:
    """Net of ``lines`` per actor (rows in ``actors`` order) and calendar year, USD m.

    Operating year i is calendar year ``start + i``; actors not listed are left out.
    """
    out = np.zeros((len(actors), years.size))
    row = {a: i for i, a in enumerate(actors)}
    for actor, _, index, values in lines:
        if actor in row:
            np.add.at(out[row[actor]], start + np.asarray(index, dtype=int) - years[0], values)
    return out


def spared_draw(draw: DealDraw) -> DealDraw:
    """``draw`` without its insurance and without the events the insurance covers."""
    cover = draw.insurance
    assert cover is not None  # only called with insurance
    return dataclasses.replace(
        draw,
        insurance=None,
        lost=None if "cut" in cover.events else draw.lost,
        terminated_from=None if "termination" in cover.events else draw.terminated_from,
    )


def insurance_lines(
    deal: Deal, draw: DealDraw, years: np.ndarray, hit: np.ndarray, spared: np.ndarray
) -> tuple[tuple[str, str, np.ndarray], ...]:
    """Political-risk insurance: the premium while the flow runs, and the claims, USD m.

    ``hit`` and ``spared`` are the insured's net cash flow (USD m, over calendar
    ``years``) in the draw and in the draw without the covered events (other instruments
    applied both times). The claim in each year is ``cover`` x ``spared - hit`` when
    positive, until the claims reach the limit.
    """
    cover = draw.insurance
    assert cover is not None  # only called with insurance
    claim = cover.cover * np.maximum(spared - hit, 0.0)
    limit = cover.limit_musd
    if limit is None:
        own = [c.amount_musd for c in deal.capex if c.payer == cover.insured]
        limit = sum(own) * draw.capex_factor
    claim = np.diff(np.minimum(np.cumsum(claim), limit), prepend=0.0)
    yearly = cover.premium_musd_per_yr
    if yearly is None:
        yearly = (cover.rate or 0.0) * limit
    running = np.arange(deal.duration_yr) < (
        deal.duration_yr if draw.terminated_from is None else draw.terminated_from
    )
    premium = np.zeros(years.size)
    premium[deal.start_year + round(draw.delay_yr) + np.flatnonzero(running) - years[0]] = yearly
    lines = [
        (cover.payer, "insurance premium", -premium),
        (cover.insured, "insurance claim", claim),
    ]
    if cover.provider is not None:
        lines += [(cover.provider, "insurance premium", premium),
                  (cover.provider, "insurance claim", -claim)]  # fmt: skip
    return tuple(lines)


__all__ = [
    "Line",
    "Outcome",
    "delivery_lines",
    "escrow_lines",
    "insurance_lines",
    "place",
    "spared_draw",
]
