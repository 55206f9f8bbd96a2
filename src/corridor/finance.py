"""Deal finance: each actor's annual cash flows under a deal, NPV, IRR and payback.

Money is in USD m and USD m/yr, volumes in bcm/yr and prices in USD/1000m3 (so volume x
price is USD m/yr; see :mod:`corridor.units`). Cash flows are signed from each actor's
point of view (positive: money in) and counted per calendar year; half-yearly debt
instalments are summed into their year.

The buyer's cash flow is measured against buying the same gas as LNG: it saves the
alternative price on the planned volume, pays the contract price on what is delivered,
and buys what is not delivered (a disruption) as spot LNG at a premium. Both prices are
formulas (:class:`~corridor.scenario.deal_model.Price`: fixed, escalating, oil- or
hub-indexed) evaluated on the draw's index paths. The seller earns the contract price less
its production cost on what is delivered, and the take-or-pay payment on what the buyer
leaves untaken below its share of the contract. The transit fee moves from its payer to
the transit country (a tariff on at least the ship-or-pay share of the contract); capex is
spread evenly over the build years before first gas and paid by each segment's payer,
opex in operating years. A termination (the flow stops for good) ends sales, the fee and
opex, and the buyer buys LNG instead; the risk-sharing instruments' lines are
:mod:`corridor.shortfall`'s.

>>> from corridor.finance import appraise
>>> result = appraise(load_scenario("korea-2011"))
>>> result.summary        # actor, discount_rate, npv_musd, irr, payback_year, ...
>>> result.cash_flows     # year x actor, USD m
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from corridor.deal_draw import DealDraw, draw_outcome
from corridor.scenario.deal_model import (
    Deal,
    Termination,
)
from corridor.scenario.lookup import deal_of
from corridor.scenario.model import Scenario
from corridor.shortfall import (
    delivery_lines,
    escrow_lines,
    insurance_lines,
    spared_draw,
)


@dataclass(frozen=True, slots=True)
class Ledger:
    """Cash flow lines of a deal: ``years`` (calendar) and per line an array over them.

    ``lines`` holds (actor, item, values in USD m per year).
    """

    years: np.ndarray
    lines: tuple[tuple[str, str, np.ndarray], ...]

    def net(self, actors: tuple[str, ...]) -> np.ndarray:
        """Net cash flow per actor (rows in the order of ``actors``) and year, USD m."""
        out = np.zeros((len(actors), self.years.size))
        row = {a: i for i, a in enumerate(actors)}
        for actor, _, values in self.lines:
            if actor in row:
                out[row[actor]] += values
        return out


def ledger(deal: Deal, base_year: int, draw: DealDraw | None = None) -> Ledger:
    """Every cash flow line of ``deal`` for every actor and year, USD m.

    Years run from the earliest of ``base_year`` and the first payment to the last
    payment. ``draw`` changes the central terms (None: the deal as written).
    """
    d = draw or DealDraw()
    start = deal.start_year + round(d.delay_yr)
    op_years = start + np.arange(deal.duration_yr)
    build = max((c.build_years for c in deal.capex), default=0)
    first = min([base_year, start - build] + [a.first_year for a in deal.aid])
    last = int(op_years[-1]) if op_years.size else start
    if deal.debt is not None:
        first = min(first, deal.debt.agreement_year, deal.debt.first_year)
        debt_years = math.ceil(deal.debt.instalments / deal.debt.per_year)
        last = max(last, deal.debt.first_year + debt_years - 1)
    last = max([last] + [a.first_year + a.years - 1 for a in deal.aid])
    years = np.arange(first, last + 1)
    lines: list[tuple[str, str, np.ndarray]] = []

    def put(actor: str, item: str, at_years: np.ndarray, values: np.ndarray | float) -> None:
        series = np.zeros(years.size)
        np.add.at(series, np.asarray(at_years, dtype=int) - first, values)
        lines.append((actor, item, series))

    o = draw_outcome(deal, d)
    rules = d.termination or Termination("", 0.0, "")
    running = o.running
    sales = o.price * o.delivered
    put(deal.seller, "gas sales", op_years, sales)
    put(deal.seller, "production cost", op_years, -deal.production_cost * o.delivered)
    put(deal.buyer, "gas purchase", op_years, -sales)
    put(deal.buyer, "avoided LNG", op_years, o.alternative * o.planned)
    if deal.take_or_pay > 0:
        # the buyer pays for the gas it does not take down to the take-or-pay share of the
        # contract; gas the seller fails to deliver (a cut, or none after a termination) is
        # not the buyer's shortfall
        lost = np.zeros(deal.duration_yr) if d.lost is None else np.asarray(d.lost, dtype=float)
        contracted = deal.volumes() * (1.0 - lost) * running
        shortfall = np.maximum(deal.take_or_pay * contracted - o.delivered, 0.0) * o.price
        put(deal.seller, "take-or-pay", op_years, shortfall)
        put(deal.buyer, "take-or-pay", op_years, -shortfall)
    if o.cut.any():
        put(deal.buyer, "spot LNG cover", op_years, -o.cut_cost * o.cut)
    if o.stopped.any():
        put(deal.buyer, "LNG after termination", op_years, -o.stop_cost * o.stopped)
    if d.guarantee is not None:
        g = d.guarantee
        put(g.payer, "guarantee cost", op_years, -g.cost_musd_per_yr * running)
        payout = g.cover * o.alternative * d.spot_premium * o.cut
        put(deal.buyer, "guarantee payout", op_years, payout)
        if g.provider is not None:
            put(g.provider, "guarantee payout", op_years, -payout)
    put(deal.transit_fee.payer, "transit fee", op_years, -o.fee)
    put(deal.transit_fee.recipient, "transit fee", op_years, o.fee)
    shared = delivery_lines(deal, d.delivery, o) if d.delivery else []
    shared += escrow_lines(deal, d.escrow, o) if d.escrow else []
    for actor, label, index, values in shared:
        put(actor, label, op_years[index], values)
    stop_year = None if d.terminated_from is None else start + d.terminated_from
    for item in deal.capex:
        amount = item.amount_musd * d.capex_factor
        spend = start - item.build_years + np.arange(item.build_years)
        put(item.payer, "capex", spend, -amount / item.build_years)
        if item.opex_rate:
            put(item.payer, "opex", op_years, -item.opex_rate * amount * running)
        if stop_year is not None and rules.salvage:
            put(item.payer, "salvage", np.array([stop_year]), rules.salvage * amount)
    if deal.debt is not None:
        _debt_lines(deal, put, None if not rules.debt_stops else stop_year)
    for aid in deal.aid:
        given = aid.first_year + np.arange(aid.years)
        put(aid.donor, f"aid ({aid.kind})", given, -aid.amount_musd_per_yr)
        put(aid.recipient, f"aid ({aid.kind})", given, aid.amount_musd_per_yr)
    book = Ledger(years, tuple(lines))
    if d.insurance is not None:
        insured = (d.insurance.insured,)
        spared = ledger(deal, base_year, spared_draw(d))
        claims = insurance_lines(deal, d, years, book.net(insured)[0], spared.net(insured)[0])
        book = Ledger(years, book.lines + claims)
    return book


def _debt_lines(deal: Deal, put: Any, stop_year: int | None) -> None:
    """Debt service; the recycled share goes to projects in the debtor country.

    The debtor pays every instalment; the creditor receives the share not recycled, and
    the recycled share returns to the debtor as joint projects at face value. With
    ``stop_year`` (a termination that stops debt service) no instalment is paid from it on.
    """
    debt = deal.debt
    assert debt is not None  # only called with a debt
    paid = debt.first_year + np.arange(debt.instalments) // debt.per_year
    instalment = np.full(paid.size, debt.remaining_musd / debt.instalments)
    if stop_year is not None:
        instalment[paid >= stop_year] = 0.0
    put(debt.debtor, "debt service", paid, -instalment)
    put(debt.creditor, "debt service", paid, instalment * (1.0 - debt.recycled))
    if debt.recycled:
        put(debt.debtor, "recycled debt (joint projects)", paid, instalment * debt.recycled)
    if debt.count_write_off:
        forgiven = debt.principal_musd * debt.written_off
        put(debt.creditor, "debt written off", np.array([debt.agreement_year]), -forgiven)
        put(debt.debtor, "debt written off", np.array([debt.agreement_year]), forgiven)


# --- appraisal measures -----------------------------------------------------------------
def discount_factors(rate: float, years: np.ndarray) -> np.ndarray:
    """Present value of 1 USD ``years`` after the base year at ``rate`` per year.

    ``(1 + rate) ** -years``, element by element; ``years`` may be fractional or negative.
    """
    return (1.0 + rate) ** -np.asarray(years, dtype=float)


def npv(
    rate: float, values: np.ndarray, years: np.ndarray | None = None, base_year: int = 0
) -> float:
    """Net present value (USD m) of ``values`` at ``rate`` per year.

    Without ``years`` the first value is at t = 0 (as ``numpy_financial.npv``); with
    ``years`` each value is discounted by ``(1 + rate) ** (year - base_year)``.
    """
    values = np.asarray(values, dtype=float)
    t = np.arange(values.size) if years is None else np.asarray(years) - base_year
    return float(np.sum(values * discount_factors(rate, t)))


def irr_roots(values: np.ndarray) -> np.ndarray:
    """Every internal rate of return (per year) of annual ``values`` (first at t = 0).

    The real rates r > -1 at which the NPV is zero, ascending: the positive real roots x
    of the NPV polynomial in x = 1 / (1 + r) (as ``numpy_financial.irr`` finds them),
    each polished by Newton steps on the NPV and merged when they coincide. Cash flows
    that change sign once have exactly one (Descartes' rule of signs); more sign changes
    may give several or none.
    """
    values = np.asarray(values, dtype=float)
    nonzero = np.flatnonzero(values)
    if nonzero.size == 0:
        return np.empty(0)
    values = values[nonzero[0] : nonzero[-1] + 1]  # zeros at either end move no root
    if not (np.any(values > 0) and np.any(values < 0)):
        return np.empty(0)
    scale = np.abs(values).max()
    roots = np.roots(values[::-1] / scale)  # sum v_t x^t, highest power first
    tolerance = 1e-6 * np.maximum(1.0, np.abs(roots))
    candidates = roots.real[(np.abs(roots.imag) <= tolerance) & (roots.real > 0)]
    poly = np.polynomial.Polynomial(values / scale)
    slope = poly.deriv()
    found: list[float] = []
    for x in np.sort(candidates):
        for _ in range(50):  # Newton on the polynomial: the eigenvalue roots are close
            d = float(slope(x))
            if d == 0.0:
                break
            step = float(poly(x)) / d
            x -= step
            if abs(step) <= 1e-15 * max(1.0, abs(x)):
                break
        is_root = x > 0 and abs(float(poly(x))) <= 1e-9 * max(1.0, float(np.abs(poly.coef).sum()))
        if is_root and (not found or abs(x - found[-1]) > 1e-9 * max(1.0, x)):
            found.append(float(x))
    return np.sort(1.0 / np.array(found) - 1.0) if found else np.empty(0)


def irr(values: np.ndarray) -> float:
    """The internal rate of return per year of annual ``values`` (first at t = 0).

    The rate r > -1 at which the NPV is zero when there is exactly one; NaN when there is
    none (e.g. all receipts) or several (cash flows that change sign more than once can
    have more than one IRR, and then none of them ranks the project;
    :func:`irr_roots` lists them). ``numpy_financial.irr`` instead returns the root
    closest to zero.
    """
    roots = irr_roots(values)
    return float(roots[0]) if roots.size == 1 else math.nan


def payback(years: np.ndarray, values: np.ndarray) -> float:
    """The calendar year from which cumulative cash flow stays at or above zero.

    NaN when it never turns negative (nothing to pay back) or never recovers.
    """
    cumulative = np.cumsum(np.asarray(values, dtype=float))
    if not np.any(cumulative < -1e-9):
        return math.nan
    below = np.flatnonzero(cumulative < -1e-9)
    if below[-1] == cumulative.size - 1:
        return math.nan
    return float(years[below[-1] + 1])


# --- results ----------------------------------------------------------------------------
@dataclass(frozen=True)
class DealResult:
    """A deal appraised: every cash flow line, net flows per actor, and the measures.

    ``items``: long table (year, actor, item, musd); ``cash_flows``: net USD m per year
    (index) and actor (columns); ``summary`` per actor: ``discount_rate`` (1/yr),
    ``npv_musd`` (discounted to the scenario's base year), ``irr`` (1/yr; NaN unless
    there is exactly one), ``irr_count`` (how many IRRs the flows have: 0, 1 or more),
    ``payback_year`` (NaN if none), ``total_musd`` (undiscounted).
    """

    scenario: str
    base_year: int
    items: pd.DataFrame = field(repr=False)
    cash_flows: pd.DataFrame = field(repr=False)
    summary: pd.DataFrame = field(repr=False)

    def __repr__(self) -> str:
        npvs = ", ".join(f"{r.actor}={r.npv_musd:,.0f}" for r in self.summary.itertuples())
        return f"DealResult(scenario={self.scenario!r}, NPV USD m: {npvs})"


def appraise(
    scenario: Scenario, draw: DealDraw | None = None, deal: Deal | None = None
) -> DealResult:
    """Cash flows per actor, NPV at each actor's own discount rate, IRR and payback.

    ``deal`` defaults to the scenario's; ``draw`` changes its central terms. NPVs are
    discounted to the scenario's ``base_year``; actors without a rate of their own use the
    scenario's discount rate.
    """
    deal = deal or deal_of(scenario)
    book = ledger(deal, scenario.base_year, draw)
    items = pd.DataFrame(
        [
            (int(year), actor, item, float(value))
            for actor, item, values in book.lines
            for year, value in zip(book.years, values, strict=True)
            if value != 0.0
        ],
        columns=["year", "actor", "item", "musd"],
    )
    items = items.groupby(["year", "actor", "item"], as_index=False, sort=False)["musd"].sum()
    actors = deal.actors
    net = book.net(actors)
    flows = pd.DataFrame(net.T, index=pd.Index(book.years, name="year"), columns=list(actors))
    rows = []
    for i, actor in enumerate(actors):
        rate = deal.discount_rate(actor, scenario.discount_rate)
        roots = irr_roots(net[i])
        rows.append(
            (
                actor,
                rate,
                npv(rate, net[i], book.years, scenario.base_year),
                float(roots[0]) if roots.size == 1 else math.nan,
                int(roots.size),
                payback(book.years, net[i]),
                float(net[i].sum()),
            )
        )
    columns = ["actor", "discount_rate", "npv_musd", "irr", "irr_count", "payback_year"]
    summary = pd.DataFrame(rows, columns=[*columns, "total_musd"])
    return DealResult(scenario.name, scenario.base_year, items, flows, summary)


def npv_by_actor(
    deal: Deal, base_year: int, default_rate: float, draw: DealDraw | None = None
) -> dict[str, float]:
    """NPV in USD m per actor of ``deal`` under ``draw`` (the fast path of Monte Carlo)."""
    book = ledger(deal, base_year, draw)
    net = book.net(deal.actors)
    t = book.years - base_year
    return {
        actor: float(np.sum(net[i] * discount_factors(deal.discount_rate(actor, default_rate), t)))
        for i, actor in enumerate(deal.actors)
    }


__all__ = [
    "DealResult",
    "Ledger",
    "appraise",
    "discount_factors",
    "irr",
    "irr_roots",
    "ledger",
    "npv",
    "npv_by_actor",
    "payback",
]
