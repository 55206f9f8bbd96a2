"""The value of each risk-sharing instrument to each party: delivery point, escrow, insurance.

Each draw is appraised without any instrument (the ``npv_<actor>`` columns) and with each
instrument of the scenario's ``[risk]`` alone (``npv_with_<instrument>_<actor>``), and
with all of them together when there are several (``npv_with_all_<actor>``), on the same
random numbers; an instrument's value to a party is the mean difference, in USD m at the
party's own discount rate (:func:`instrument_values`). The cash-flow rules are
:mod:`corridor.shortfall` and :func:`corridor.finance.insurance_lines`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from corridor.deal_draw import DealDraw, draw_outcome
from corridor.finance import Ledger, discount_factors, ledger
from corridor.risk.stats import mean_se
from corridor.scenario.deal_model import Deal, Risk
from corridor.shortfall import (
    Outcome,
    delivery_lines,
    escrow_lines,
    insurance_lines,
    place,
    spared_draw,
)

INSTRUMENTS = ("delivery", "escrow", "insurance")
"""The instruments of a ``[risk]`` table, in the order they are reported."""


def instruments_of(risk: Risk) -> dict[str, Any]:
    """The scenario's instruments by name (those it gives), in :data:`INSTRUMENTS` order."""
    found = {name: getattr(risk, name) for name in INSTRUMENTS}
    return {name: value for name, value in found.items() if value is not None}


def instrument_variants(risk: Risk) -> dict[str, dict[str, Any]]:
    """The instruments applied in each variant: each alone, then ``all`` when several."""
    given = instruments_of(risk)
    variants = {name: {name: value} for name, value in given.items()}
    if len(given) > 1:
        variants["all"] = given
    return variants


def instrument_npvs(
    deal: Deal,
    risk: Risk,
    base_year: int,
    default_rate: float,
    draw: DealDraw,
    book: Ledger | None = None,
) -> dict[str, float]:
    """One draw's NPV per actor (USD m) with each instrument alone, and with all of them.

    Keys ``npv_with_<instrument>_<actor>`` (and ``npv_with_all_<actor>`` when the
    scenario has more than one instrument); empty without instruments. The same numbers
    as :func:`corridor.finance.npv_by_actor` of the draw with the instruments applied,
    faster: the delivery point's and the escrow's lines are added to the bare draw's net
    flows, so only insurance costs a second ledger (the draw without the covered events).
    ``book``: the draw's own ledger when the caller has it (None: built here).
    """
    variants = instrument_variants(risk)
    if not variants:
        return {}
    actors = deal.actors
    if book is None:
        book = ledger(deal, base_year, draw)
    t = book.years - base_year
    factors = np.array([discount_factors(deal.discount_rate(a, default_rate), t) for a in actors])
    net, outcome = book.net(actors), draw_outcome(deal, draw)
    cover = risk.insurance
    spared: tuple[np.ndarray, Outcome] | None = None
    if cover is not None:
        covered = spared_draw(dataclasses.replace(draw, insurance=cover))
        spared = ledger(deal, base_year, covered).net(actors), draw_outcome(deal, covered)
    row: dict[str, float] = {}
    for name, applied in variants.items():
        shared = {k: v for k, v in applied.items() if k != "insurance"}
        flows = net + _shared_net(deal, shared, outcome, book.years)
        if "insurance" in applied and cover is not None and spared is not None:
            without = spared[0] + _shared_net(deal, shared, spared[1], book.years)
            # an insured outside the deal's actors has no cash flow of its own to lose
            i = actors.index(cover.insured) if cover.insured in actors else None
            hit = flows[i] if i is not None else np.zeros(book.years.size)
            clean = without[i] if i is not None else hit
            insured = dataclasses.replace(draw, insurance=cover)
            lines = insurance_lines(deal, insured, book.years, hit, clean)
            flows = flows + Ledger(book.years, lines).net(actors)
        for i, actor in enumerate(actors):
            row[f"npv_with_{name}_{actor}"] = float(np.sum(flows[i] * factors[i]))
    return row


def _shared_net(
    deal: Deal, applied: dict[str, Any], outcome: Outcome, years: np.ndarray
) -> np.ndarray:
    lines = delivery_lines(deal, applied["delivery"], outcome) if "delivery" in applied else []
    lines += escrow_lines(deal, applied["escrow"], outcome) if "escrow" in applied else []
    return place(lines, deal.actors, years, outcome.start)


def instrument_values(draws: pd.DataFrame, actors: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The value of each instrument to each actor: mean change in NPV over the draws, USD m.

    ``{instrument: {actor: {"mean_musd", "se_musd", "prob_loss_without",
    "prob_loss_with"}}}``; ``se_musd`` is the standard error of the mean change (sample
    standard deviation over the square root of the number of draws; NaN with one draw).
    Instruments in :data:`INSTRUMENTS` order, then ``all``.
    """
    out: dict[str, dict[str, Any]] = {}
    for name in (*INSTRUMENTS, "all"):
        per_actor: dict[str, Any] = {}
        for actor in actors:
            column = f"npv_with_{name}_{actor}"
            if column not in draws:
                continue
            base, changed = draws[f"npv_{actor}"].to_numpy(), draws[column].to_numpy()
            gain = changed - base
            per_actor[actor] = {
                "mean_musd": float(gain.mean()),
                "se_musd": mean_se(gain),
                "prob_loss_without": float((base < 0).mean()),
                "prob_loss_with": float((changed < 0).mean()),
            }
        if per_actor:
            out[name] = per_actor
    return out


__all__ = [
    "INSTRUMENTS",
    "instrument_npvs",
    "instrument_values",
    "instrument_variants",
    "instruments_of",
]
