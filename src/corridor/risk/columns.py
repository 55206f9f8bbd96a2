"""The result columns of a chunk of draws, computed array by array over the chunk.

Each draw is sampled on its own streams, the chunk's draws at once
(:func:`corridor.risk.sampler.sample_chunk`, the same draws as
:func:`corridor.risk.draw.deal_draw`); then the chunk's draws are appraised together on
one ledger over the chunk
(:mod:`corridor.risk.chunk`): without and with the guarantee, with each risk-sharing
instrument alone and with all of them, the buyer's price PVs and the termination's
record. The same columns, to rounding, as appraising each draw on its own
(:func:`corridor.risk.draw.draw_row`, the reference kept for the tests); when asked, the
market game is re-valued per draw (:mod:`corridor.risk.games`).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from corridor.finance import discount_factors
from corridor.risk.chunk import (
    ChunkAxis,
    ChunkDraws,
    ChunkLedger,
    chunk_ledger,
    chunk_outcome,
    escrow_chunk_lines,
    guarantee_chunk_lines,
    insurance_chunk_lines,
    op_lines,
    present_values,
    spared_chunk,
    stack_draws,
)
from corridor.risk.draw import OneDraw, RunContext, game_factors
from corridor.risk.instruments import instrument_variants
from corridor.risk.sampler import sample_chunk
from corridor.shortfall import Outcome, delivery_lines

__all__ = ["chunk_columns", "run_draws"]


def run_draws(ctx: RunContext, start: int, stop: int) -> dict[str, np.ndarray]:
    """Columns of results for draws ``start`` (inclusive) to ``stop`` (exclusive)."""
    if stop <= start:
        return {"draw": np.array([], dtype=float)}
    ones = sample_chunk(ctx, range(start, stop))
    return chunk_columns(ctx, ones, start)


def chunk_columns(ctx: RunContext, ones: Sequence[OneDraw], start: int) -> dict[str, np.ndarray]:
    """The result columns of the draws ``ones`` (draw indices from ``start``)."""
    deal, risk, scenario = ctx.deal, ctx.risk, ctx.scenario
    base_year, rate = scenario.base_year, scenario.discount_rate
    chunk = stack_draws(deal, [one.draw for one in ones])
    n = chunk.size
    outcome = chunk_outcome(deal, chunk)
    axis = ChunkAxis(deal, base_year, chunk)
    cols: dict[str, np.ndarray] = {"draw": np.arange(start, start + n, dtype=float)}
    cols.update(_price_columns(ctx, chunk, outcome))
    for key in ones[0].terms.factors:
        cols[f"factor_{key}"] = np.array([one.terms.factors[key] for one in ones], dtype=float)
    cols["delay_yr"] = chunk.delay_yr.astype(float)
    cols["disruptions"] = np.array([one.terms.events for one in ones], dtype=float)
    cols.update(_termination_columns(ctx, chunk, outcome))
    book = chunk_ledger(deal, base_year, chunk, outcome, axis)
    net = book.net(deal.actors, n)

    def pvs(flows: np.ndarray) -> np.ndarray:
        return present_values(deal, base_year, rate, axis.years, flows, ctx.cache)

    cols.update(_by_actor(ctx, "npv", pvs(net)))
    cols.update(_instrument_columns(ctx, chunk, outcome, axis, net, pvs))
    if risk.guarantee is not None:
        cols.update(_guarantee_columns(ctx, chunk, outcome))
        lines = guarantee_chunk_lines(deal, risk.guarantee, chunk, outcome, axis)
        covered = net + ChunkLedger(axis.years, tuple(lines)).net(deal.actors, n)
        cols.update(_by_actor(ctx, "npv_guaranteed", pvs(covered)))
    if ctx.game is not None:
        cols.update(_leverage_columns(ctx, ones, outcome))
    return cols


def _by_actor(ctx: RunContext, prefix: str, values: np.ndarray) -> dict[str, np.ndarray]:
    return {f"{prefix}_{actor}": values[i] for i, actor in enumerate(ctx.deal.actors)}


def _op_discount(ctx: RunContext, chunk: ChunkDraws, actor: str) -> np.ndarray:
    """``actor``'s discount factor of each draw's operating years (n x years)."""
    deal, scenario = ctx.deal, ctx.scenario
    years = deal.start_year + chunk.delay_yr[:, None] + np.arange(deal.duration_yr)[None, :]
    return discount_factors(deal.discount_rate(actor, scenario.discount_rate),
                            years - scenario.base_year)  # fmt: skip


def _price_columns(ctx: RunContext, chunk: ChunkDraws, o: Outcome) -> dict[str, np.ndarray]:
    """:func:`corridor.risk.draw.price_columns` of every draw (the buyer's price PVs)."""
    deal = ctx.deal
    weight = deal.volumes()[None, :] * _op_discount(ctx, chunk, deal.buyer)
    pv_index = np.full(chunk.size, math.nan)
    formula = next((p for p in (deal.price, deal.alternative) if p and p.follows_index), None)
    if formula is not None:
        path = chunk.paths.get(formula.index or "")
        values = path if path is not None else formula.reference or math.nan
        pv_index = np.sum(weight * values, axis=1)
    cols = {
        "pv_contract_musd": np.sum(weight * o.price, axis=1),
        "pv_alternative_musd": np.sum(weight * o.alternative, axis=1),
        "pv_index": pv_index,
    }
    for name, values in chunk.paths.items():
        cols[f"index_{name}"] = np.mean(values, axis=1)
    return cols


def _termination_columns(ctx: RunContext, chunk: ChunkDraws, o: Outcome) -> dict[str, np.ndarray]:
    """:func:`corridor.risk.draw.termination_columns` of every draw."""
    deal = ctx.deal
    ended = chunk.terminated()
    first_gas = deal.start_year + chunk.delay_yr
    return {
        "unserved_bcm": np.sum(o.planned * chunk.lost * o.running, axis=1),
        "stopped_bcm": np.sum(o.stopped, axis=1),
        "termination_year": np.where(ended, first_gas + chunk.stop, math.nan).astype(float),
        "operating_years": chunk.stop.astype(float),
    }


def _guarantee_columns(ctx: RunContext, chunk: ChunkDraws, o: Outcome) -> dict[str, np.ndarray]:
    """:func:`corridor.risk.draw.guarantee_pv` of every draw (at the buyer's rate)."""
    g, deal = ctx.risk.guarantee, ctx.deal
    assert g is not None  # only called with a guarantee
    hazard = ctx.risk.disruption
    premium = hazard.spot_premium if hazard else 0.0
    factor = _op_discount(ctx, chunk, deal.buyer)
    missing = o.planned * chunk.lost * o.running
    payout = g.cover * o.alternative * premium * missing
    return {
        "guarantee_payout_pv_musd": np.sum(payout * factor, axis=1),
        "guarantee_cost_pv_musd": g.cost_musd_per_yr * np.sum(factor * o.running, axis=1),
    }


def _instrument_columns(
    ctx: RunContext,
    chunk: ChunkDraws,
    o: Outcome,
    axis: ChunkAxis,
    net: np.ndarray,
    pvs: Callable[[np.ndarray], np.ndarray],
) -> dict[str, np.ndarray]:
    """:func:`corridor.risk.instruments.instrument_npvs` of every draw.

    Each instrument's lines are added to the bare draws' net flows; insurance needs the
    net flows of the draws without the covered events (one more chunk ledger).
    """
    deal, risk = ctx.deal, ctx.risk
    variants = instrument_variants(risk)
    if not variants:
        return {}
    actors, n = deal.actors, chunk.size
    spared: tuple[np.ndarray, Outcome] | None = None
    cover = risk.insurance
    insured = dataclasses.replace(chunk, insurance=cover)
    if cover is not None:
        bare = spared_chunk(insured)
        spared_o = chunk_outcome(deal, bare)
        book = chunk_ledger(deal, ctx.scenario.base_year, bare, spared_o, axis)
        spared = book.net(actors, n), spared_o

    def shared_net(applied: dict[str, Any], outcome: Outcome) -> np.ndarray:
        lines = []
        if "delivery" in applied:
            lines += op_lines(delivery_lines(deal, applied["delivery"], outcome), axis)
        if "escrow" in applied:
            lines += escrow_chunk_lines(deal, applied["escrow"], outcome, axis)
        return ChunkLedger(axis.years, tuple(lines)).net(actors, n)

    cols: dict[str, np.ndarray] = {}
    for name, applied in variants.items():
        shared = {k: v for k, v in applied.items() if k != "insurance"}
        flows = net + shared_net(shared, o)
        if "insurance" in applied and cover is not None and spared is not None:
            without = spared[0] + shared_net(shared, spared[1])
            # an insured outside the deal's actors has no cash flow of its own to lose
            i = actors.index(cover.insured) if cover.insured in actors else None
            hit = flows[i] if i is not None else np.zeros((n, axis.years.size))
            clean = without[i] if i is not None else hit
            lines = insurance_chunk_lines(deal, insured, axis, hit, clean)
            flows = flows + ChunkLedger(axis.years, tuple(lines)).net(actors, n)
        cols.update(_by_actor(ctx, f"npv_with_{name}", pvs(flows)))
    return cols


def _leverage_columns(
    ctx: RunContext, ones: Sequence[OneDraw], o: Outcome
) -> dict[str, np.ndarray]:
    """The market game re-valued per draw (:meth:`corridor.risk.games.WarmGame.leverage`)."""
    game = ctx.game
    assert game is not None  # only called with Shapley
    alternative = np.broadcast_to(o.alternative, o.planned.shape)
    found = game.leverage_chunk(
        [game_factors(ctx, one.draw, alternative[k]) for k, one in enumerate(ones)],
        [one.links for one in ones],
    )
    rows = []
    for leverage in found:
        row = {f"shapley_{p}": leverage[game.shapley_column(p)] for p in game.players}
        row.update(leverage)
        rows.append(row)
    names = list(rows[0])
    return {c: np.array([r.get(c, math.nan) for r in rows], dtype=float) for c in names}
