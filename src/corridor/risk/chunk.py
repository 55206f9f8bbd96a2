"""A deal's ledger over a chunk of Monte Carlo draws: every line an array draws x years.

:func:`corridor.finance.ledger` is the single-draw truth ("reads like the deal"); this is
the same cash-flow rules written once for many draws, so that a chunk of draws costs array
operations rather than one ledger per draw (tests/risk/test_chunk.py checks every line's
NPV against the per-draw ledger with every feature on). The draws of a chunk share the
deal, the hazard's rules and the instruments applied; they differ in their factors, delay,
cuts, termination and index paths (:class:`ChunkDraws`).

Years: a chunk's calendar axis runs from the earliest year any of its draws pays in to the
latest; a draw's lines are zero outside its own span. Sums over years are taken in year
order, one year after the other (:func:`present_values`), so a draw's numbers do not
depend on which other draws share its chunk (the zeros a wider axis adds are exact).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from corridor.deal_draw import DealDraw, DrawRules, outcome_under
from corridor.finance import discount_factors
from corridor.scenario.deal_model import (
    Deal,
    Escrow,
    Guarantee,
    Termination,
)
from corridor.shortfall import Outcome, delivery_lines

__all__ = [
    "ChunkAxis",
    "ChunkDraws",
    "ChunkLedger",
    "Line",
    "chunk_ledger",
    "chunk_outcome",
    "escrow_chunk_lines",
    "guarantee_chunk_lines",
    "insurance_chunk_lines",
    "op_lines",
    "present_values",
    "spared_chunk",
    "stack_draws",
    "year_sums",
]


Line = tuple[str, str, np.ndarray]
"""(actor, item, USD m per draw and calendar year)."""


@dataclass(frozen=True, eq=False)
class ChunkDraws(DrawRules):
    """``n`` draws of a deal as arrays, one row per draw (see :class:`DealDraw`).

    ``stop``: the operating year each draw's flow stops from for good (the deal's duration:
    never); ``lost``: shares lost to cuts (n x operating years); ``paths``: index id to
    values (n x operating years). The :class:`DrawRules` are shared by the chunk's draws.
    """

    price_factor: np.ndarray
    lng_factor: np.ndarray
    demand_factor: np.ndarray
    capex_factor: np.ndarray
    delay_yr: np.ndarray
    lost: np.ndarray
    stop: np.ndarray
    paths: dict[str, np.ndarray]

    @property
    def size(self) -> int:
        """Number of draws."""
        return int(self.price_factor.size)

    def terminated(self) -> np.ndarray:
        """Which draws' flow stopped for good before the deal's end."""
        return self.stop < self.lost.shape[1]


_SHARED = tuple(f.name for f in dataclasses.fields(DrawRules))


def stack_draws(deal: Deal, draws: Sequence[DealDraw]) -> ChunkDraws:
    """The draws as one :class:`ChunkDraws`; ValueError if they differ in a shared field."""
    years = deal.duration_yr
    first = draws[0]
    shared = {name: getattr(first, name) for name in _SHARED}
    for d in draws[1:]:
        if any(getattr(d, name) != value for name, value in shared.items()):
            raise ValueError("the draws of a chunk must share their rules and instruments")
    ids = set().union(*(d.index_paths or {} for d in draws))
    paths = {}
    for key in sorted(ids):
        if any(key not in (d.index_paths or {}) for d in draws):
            raise ValueError(f"index path {key!r} is missing from some draws")
        paths[key] = np.array([np.asarray((d.index_paths or {})[key], dtype=float) for d in draws])
    lost = np.zeros((len(draws), years))
    for i, d in enumerate(draws):
        if d.lost is not None:
            lost[i] = d.lost
    stop = [years if d.terminated_from is None else min(d.terminated_from, years) for d in draws]
    return ChunkDraws(
        price_factor=np.array([d.price_factor for d in draws], dtype=float),
        lng_factor=np.array([d.lng_factor for d in draws], dtype=float),
        demand_factor=np.array([d.demand_factor for d in draws], dtype=float),
        capex_factor=np.array([d.capex_factor for d in draws], dtype=float),
        delay_yr=np.array([round(d.delay_yr) for d in draws], dtype=int),
        lost=lost, stop=np.array(stop, dtype=int), paths=paths, **shared,
    )  # fmt: skip


def spared_chunk(chunk: ChunkDraws) -> ChunkDraws:
    """The chunk without its insurance and the events it covers (:func:`spared_draw`)."""
    cover = chunk.insurance
    assert cover is not None  # only called with insurance
    return dataclasses.replace(
        chunk,
        insurance=None,
        lost=np.zeros_like(chunk.lost) if "cut" in cover.events else chunk.lost,
        stop=np.full_like(chunk.stop, chunk.lost.shape[1])
        if "termination" in cover.events
        else chunk.stop,
    )


def chunk_prices(deal: Deal, chunk: ChunkDraws) -> tuple[np.ndarray, np.ndarray]:
    """Contract and alternative price (n x operating years) as :func:`yearly_prices`."""
    shape = (chunk.size, deal.duration_yr)
    years = np.broadcast_to(np.arange(deal.duration_yr), shape)

    def evaluate(formula: Any) -> np.ndarray:
        path = chunk.paths.get(formula.index) if formula.follows_index else None
        return np.broadcast_to(formula.at(years, path), shape)

    price = evaluate(deal.price) * chunk.price_factor[:, None]
    if deal.alternative is None:
        return price, np.broadcast_to(deal.alternative_price * chunk.lng_factor[:, None], shape)
    return price, evaluate(deal.alternative) * chunk.lng_factor[:, None]


def chunk_outcome(deal: Deal, chunk: ChunkDraws) -> Outcome:
    """What each draw does to the gas and prices (:func:`draw_outcome`, n x years arrays)."""
    planned = deal.volumes()[None, :] * chunk.demand_factor[:, None]
    running = np.arange(deal.duration_yr)[None, :] < chunk.stop[:, None]
    # start: per draw deal.start_year + chunk.delay_yr; the chunk's years are operating years
    prices = chunk_prices(deal, chunk)
    return outcome_under(deal, chunk, deal.start_year, planned, chunk.lost, running, prices)


@dataclass(frozen=True, eq=False)
class ChunkLedger:
    """Cash-flow lines of a chunk: calendar ``years`` and per line (actor, item, values).

    ``values`` has one row per draw (n x years), or one row shared by every draw.
    """

    years: np.ndarray
    lines: tuple[tuple[str, str, np.ndarray], ...]

    def net(self, actors: Sequence[str], draws: int) -> np.ndarray:
        """Net cash flow per actor, draw and year (actors x n x years), USD m."""
        out = np.zeros((len(actors), draws, self.years.size))
        row = {a: i for i, a in enumerate(actors)}
        for actor, _, values in self.lines:
            if actor in row:
                out[row[actor]] += values
        return out


class ChunkAxis:
    """Where a chunk's operating years fall on its calendar years.

    ``years``: the calendar axis; ``start``: each draw's first operating year; ``op``:
    the column of each draw's operating years (n x operating years).
    """

    def __init__(self, deal: Deal, base_year: int, chunk: ChunkDraws):
        build = max((c.build_years for c in deal.capex), default=0)
        start = deal.start_year + chunk.delay_yr
        first = min([base_year, int(start.min()) - build] + [a.first_year for a in deal.aid])
        last = int(start.max()) + deal.duration_yr - 1 if deal.duration_yr else int(start.max())
        if deal.debt is not None:
            debt = deal.debt
            first = min(first, debt.agreement_year, debt.first_year)
            last = max(last, debt.first_year + math.ceil(debt.instalments / debt.per_year) - 1)
        last = max([last] + [a.first_year + a.years - 1 for a in deal.aid])
        self.first = first
        self.years = np.arange(first, last + 1)
        self.start = start  # calendar year of each draw's operating year 0
        self.rows = np.arange(chunk.size)[:, None]
        self.op = (start - first)[:, None] + np.arange(deal.duration_yr)[None, :]

    def zeros(self, draws: int) -> np.ndarray:
        """An all-zero line for ``draws`` draws."""
        return np.zeros((draws, self.years.size))

    def at_op(self, values: np.ndarray) -> np.ndarray:
        """Operating-year values (n x operating years) on the calendar axis."""
        out = self.zeros(self.op.shape[0])
        out[self.rows, self.op] = values
        return out

    def at(self, years: np.ndarray, values: np.ndarray) -> np.ndarray:
        """Values at calendar ``years`` (n x k, or k shared), summed where years repeat."""
        n = self.op.shape[0]
        cols = np.broadcast_to(np.asarray(years, dtype=int) - self.first, (n, np.shape(years)[-1]))
        out = self.zeros(n)
        np.add.at(out, (np.broadcast_to(self.rows, cols.shape), cols),
                  np.broadcast_to(values, cols.shape))  # fmt: skip
        return out


def op_lines(lines: Sequence[tuple[str, str, Any, np.ndarray]], axis: ChunkAxis) -> list[Line]:
    """Lines of operating-year values (the shortfall rules' form) on the calendar axis."""
    shape = axis.op.shape
    return [(actor, item, axis.at_op(np.broadcast_to(v, shape))) for actor, item, _, v in lines]


def guarantee_chunk_lines(deal: Deal, g: Guarantee, chunk: ChunkDraws, o: Outcome,
                          axis: ChunkAxis) -> list[Line]:  # fmt: skip
    """The guarantee's lines: its cost while the flow runs, the payouts in cuts."""
    payout = g.cover * o.alternative * chunk.spot_premium * o.cut
    lines = [(g.payer, "guarantee cost", axis.at_op(-g.cost_musd_per_yr * o.running)),
             (deal.buyer, "guarantee payout", axis.at_op(payout))]  # fmt: skip
    if g.provider is not None:
        lines.append((g.provider, "guarantee payout", axis.at_op(-payout)))
    return lines


def escrow_chunk_lines(deal: Deal, escrow: Escrow, o: Outcome, axis: ChunkAxis) -> list[Line]:
    """:func:`corridor.shortfall.escrow_lines` for every draw of the chunk at once."""
    n, years = o.fee.shape
    index = np.arange(years)
    event = o.cut > 0
    event[np.arange(n), np.minimum(np.argmin(o.running, axis=1), years - 1)] |= ~o.running.all(
        axis=1
    )
    never = years + escrow.lag_yr + 1
    # the first event in year t or later: a running minimum from the last year back
    nxt = np.minimum.accumulate(np.where(event, index, never)[:, ::-1], axis=1)[:, ::-1]
    kept = nxt > index + escrow.lag_yr
    release = np.minimum(index + escrow.lag_yr, years - 1)
    released = np.zeros((n, years))
    for t in range(years):  # in year order, as np.add.at sums them per draw
        released[:, release[t]] += np.where(kept[:, t], o.fee[:, t], 0.0)
    forfeited = np.zeros((n, years))
    np.add.at(forfeited, (np.broadcast_to(np.arange(n)[:, None], (n, years)),
                          np.where(kept, 0, nxt)), np.where(kept, 0.0, o.fee))  # fmt: skip
    recipient = deal.transit_fee.recipient
    return [(recipient, "fee escrow", axis.at_op(-o.fee)),
            (recipient, "fee escrow released", axis.at_op(released)),
            (escrow.beneficiary, "fee escrow forfeited", axis.at_op(forfeited))]  # fmt: skip


def insurance_chunk_lines(
    deal: Deal, chunk: ChunkDraws, axis: ChunkAxis, hit: np.ndarray, spared: np.ndarray
) -> list[Line]:
    """:func:`corridor.shortfall.insurance_lines` for every draw.

    ``hit`` and ``spared``: the insured's net flows with and without the events (n x years).
    """
    cover = chunk.insurance
    assert cover is not None  # only called with insurance
    claim = cover.cover * np.maximum(spared - hit, 0.0)
    if cover.limit_musd is None:
        own = sum(c.amount_musd for c in deal.capex if c.payer == cover.insured)
        limit = own * chunk.capex_factor
    else:
        limit = np.full(chunk.size, cover.limit_musd)
    claim = np.diff(np.minimum(np.cumsum(claim, axis=1), limit[:, None]), axis=1, prepend=0.0)
    yearly = cover.premium_musd_per_yr
    per_draw = np.full(chunk.size, yearly) if yearly is not None else (cover.rate or 0.0) * limit
    running = np.arange(deal.duration_yr)[None, :] < chunk.stop[:, None]
    premium = axis.at_op(per_draw[:, None] * running)
    lines = [(cover.payer, "insurance premium", -premium),
             (cover.insured, "insurance claim", claim)]  # fmt: skip
    if cover.provider is not None:
        lines += [(cover.provider, "insurance premium", premium),
                  (cover.provider, "insurance claim", -claim)]  # fmt: skip
    return lines


def _debt_chunk_lines(deal: Deal, axis: ChunkAxis, stop_year: np.ndarray | None) -> list[Line]:
    """:func:`corridor.finance`'s debt lines; ``stop_year`` per draw (None: none stops)."""
    debt = deal.debt
    assert debt is not None  # only called with a debt
    paid = debt.first_year + np.arange(debt.instalments) // debt.per_year
    instalment = np.full((1, paid.size), debt.remaining_musd / debt.instalments)
    if stop_year is not None:
        instalment = np.where(paid[None, :] >= stop_year[:, None], 0.0, instalment)
    received = instalment * (1.0 - debt.recycled)
    lines = [(debt.debtor, "debt service", axis.at(paid, -instalment)),
             (debt.creditor, "debt service", axis.at(paid, received))]  # fmt: skip
    if debt.recycled:
        lines.append((debt.debtor, "recycled debt (joint projects)",
                      axis.at(paid, instalment * debt.recycled)))  # fmt: skip
    if debt.count_write_off:
        forgiven = np.array([debt.principal_musd * debt.written_off])
        year = np.array([debt.agreement_year])
        lines += [(debt.creditor, "debt written off", axis.at(year, -forgiven)),
                  (debt.debtor, "debt written off", axis.at(year, forgiven))]  # fmt: skip
    return lines


def chunk_ledger(
    deal: Deal,
    base_year: int,
    chunk: ChunkDraws,
    outcome: Outcome | None = None,
    axis: ChunkAxis | None = None,
) -> ChunkLedger:
    """Every cash-flow line of every draw of the chunk, as :func:`corridor.finance.ledger`.

    ``outcome`` and ``axis``: the chunk's :func:`chunk_outcome` and :class:`ChunkAxis`
    when the caller has them.
    """
    axis = axis or ChunkAxis(deal, base_year, chunk)
    o = outcome if outcome is not None else chunk_outcome(deal, chunk)
    rules = chunk.termination or Termination("", 0.0, "")
    sales = o.price * o.delivered
    op: list[tuple[str, str, Any, np.ndarray]] = [
        (deal.seller, "gas sales", None, sales),
        (deal.seller, "production cost", None, -deal.production_cost * o.delivered),
        (deal.buyer, "gas purchase", None, -sales),
        (deal.buyer, "avoided LNG", None, o.alternative * o.planned),
    ]
    if deal.take_or_pay > 0:
        contracted = deal.volumes()[None, :] * (1.0 - chunk.lost) * o.running
        shortfall = np.maximum(deal.take_or_pay * contracted - o.delivered, 0.0) * o.price
        op += [(deal.seller, "take-or-pay", None, shortfall),
               (deal.buyer, "take-or-pay", None, -shortfall)]  # fmt: skip
    op += [(deal.buyer, "spot LNG cover", None, -o.cut_cost * o.cut),
           (deal.buyer, "LNG after termination", None, -o.stop_cost * o.stopped)]  # fmt: skip
    lines = op_lines(op, axis)
    if chunk.guarantee is not None:
        lines += guarantee_chunk_lines(deal, chunk.guarantee, chunk, o, axis)
    fee = deal.transit_fee
    lines += op_lines([(fee.payer, "transit fee", None, -o.fee),
                        (fee.recipient, "transit fee", None, o.fee)], axis)  # fmt: skip
    if chunk.delivery is not None:
        lines += op_lines(delivery_lines(deal, chunk.delivery, o), axis)
    if chunk.escrow is not None:
        lines += escrow_chunk_lines(deal, chunk.escrow, o, axis)
    terminated = chunk.terminated()
    stop_year = axis.start + chunk.stop
    for item in deal.capex:
        amount = item.amount_musd * chunk.capex_factor
        spend = axis.start[:, None] - item.build_years + np.arange(item.build_years)[None, :]
        lines.append((item.payer, "capex",
                      axis.at(spend, np.broadcast_to(-amount[:, None] / item.build_years,
                                                     spend.shape))))  # fmt: skip
        if item.opex_rate:
            lines.append((item.payer, "opex",
                          axis.at_op(-item.opex_rate * amount[:, None] * o.running)))  # fmt: skip
        if terminated.any() and rules.salvage:
            salvage = np.where(terminated, rules.salvage * amount, 0.0)[:, None]
            at = np.where(terminated, stop_year, axis.start)[:, None]  # 0 where none
            lines.append((item.payer, "salvage", axis.at(at, salvage)))
    if deal.debt is not None:
        stops = terminated.any() and rules.debt_stops
        lines += _debt_chunk_lines(deal, axis, np.where(terminated, stop_year, 10**9)
                                   if stops else None)  # fmt: skip
    for aid in deal.aid:
        given = aid.first_year + np.arange(aid.years)
        amount = np.full(aid.years, aid.amount_musd_per_yr)
        lines += [(aid.donor, f"aid ({aid.kind})", axis.at(given, -amount)),
                  (aid.recipient, f"aid ({aid.kind})", axis.at(given, amount))]  # fmt: skip
    book = ChunkLedger(axis.years, tuple(lines))
    if chunk.insurance is not None:
        insured = (chunk.insurance.insured,)
        spared = chunk_ledger(deal, base_year, spared_chunk(chunk), axis=axis)
        hit = book.net(insured, chunk.size)[0]
        clean = spared.net(insured, chunk.size)[0]
        claims = insurance_chunk_lines(deal, chunk, axis, hit, clean)
        book = ChunkLedger(axis.years, book.lines + tuple(claims))
    return book


def year_sums(values: np.ndarray) -> np.ndarray:
    """Sums over the last axis, in its order, one year after the other.

    Unlike numpy's pairwise sums, the result for one row does not depend on how many
    years (zeros) the axis has, so a draw's numbers do not depend on its chunk.
    """
    total = np.zeros(values.shape[:-1])
    for y in range(values.shape[-1]):
        total += values[..., y]
    return total


def present_values(
    deal: Deal,
    base_year: int,
    default_rate: float,
    years: np.ndarray,
    net: np.ndarray,
    cache: dict[Any, Any] | None = None,
) -> np.ndarray:
    """PV (USD m, to ``base_year``) of ``net`` (actors x n x years) at each actor's rate.

    ``cache``: where the discount factors of a span of years are kept for later chunks.
    """
    key = ("chunk discount", int(years[0]), int(years.size))
    factors = None if cache is None else cache.get(key)
    if factors is None:
        t = years - base_year
        factors = np.stack([discount_factors(deal.discount_rate(a, default_rate), t)
                            for a in deal.actors])  # fmt: skip
        if cache is not None:
            cache[key] = factors
    return year_sums(net * factors[:, None, :])
