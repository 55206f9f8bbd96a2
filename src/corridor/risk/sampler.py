"""A chunk of draws sampled at once: :func:`corridor.risk.draw.deal_draw`'s draws, faster.

Each draw keeps its own generators (:mod:`corridor.risk.streams`) and takes from each the
very numbers :func:`~corridor.risk.draw.deal_draw` takes, in the same order; only what is
done with them runs over the whole chunk: the termination year (first hit in a matrix of
uniforms), the merging of overlapping cuts into shares of each year (one pass per cut
rank, the same float additions in the same order as the per-draw loop), the routes'
latent normals and quantiles, the deal route's capex factor and the price paths (one
:func:`~corridor.risk.prices.paths_from_normals` per path length). Every operation is
element-wise per draw, so a draw's bits do not depend on its chunk;
tests/risk/test_sampler.py checks them against ``deal_draw`` with every feature on.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist

import numpy as np

from corridor.risk.costs import CostModel, quantile
from corridor.risk.draw import (
    DrawTerms,
    OneDraw,
    RunContext,
    Seeds,
    factor_draw,
    sample_factors,
    sample_one,
    triangular,
)
from corridor.risk.prices import STREAM, path_years, paths_from_normals
from corridor.risk.streams import ChunkSeeds
from corridor.risk.unit_costs import unit_cost_ratios
from corridor.scenario.deal_model import Distribution

__all__ = ["sample_chunk"]


def sample_chunk(
    ctx: RunContext, indices: Sequence[int], seeds: Seeds | None = None
) -> list[OneDraw]:
    """Draws ``indices`` of the run, each equal to ``deal_draw(ctx, index)``."""
    indices = list(indices)
    if not indices:
        return []
    if seeds is None:
        seeds = ChunkSeeds(ctx.seed, indices)
    risk = ctx.risk
    ended = _terminations(ctx, indices, seeds)
    terms = _terms(ctx, indices, seeds, ended)
    links: list[dict[str, float] | None] = [None] * len(indices)
    if ctx.costs is not None:
        links = _link_factors(ctx.costs, indices, seeds, terms)
    paths = _paths(ctx, indices, seeds, terms)
    hazard = risk.disruption
    premium = hazard.spot_premium if hazard else 0.0
    withheld = hazard.fee_withheld if hazard else True
    out = []
    for t, stop, link, path in zip(terms, ended, links, paths, strict=True):
        draw = factor_draw(
            t.factors, delay_yr=t.delay_yr, lost=t.lost, spot_premium=premium,
            fee_withheld=withheld, terminated_from=stop, termination=risk.termination,
            index_paths=path,
        )  # fmt: skip
        out.append(OneDraw(t, stop, link, draw))
    return out


def _terminations(ctx: RunContext, indices: list[int], seeds: Seeds) -> list[int | None]:
    """Each draw's termination year (:func:`corridor.risk.hazard.termination_start`)."""
    years, hazard = ctx.deal.duration_yr, ctx.risk.termination
    if hazard is None or years == 0:
        return [None] * len(indices)
    uniforms = np.stack([seeds.generator("termination", i).random(years) for i in indices])
    hits = uniforms < hazard.probability
    first = hits.argmax(axis=1)
    ran = hits[np.arange(len(indices)), first].tolist()  # False: no hit in any year
    first = first.tolist()
    return [f if hit else None for f, hit in zip(first, ran, strict=True)]


def _terms(
    ctx: RunContext, indices: list[int], seeds: Seeds, ended: list[int | None]
) -> list[DrawTerms]:
    """Each draw's :func:`corridor.risk.draw.sample_terms`: factors, delay, cuts."""
    deal, risk = ctx.deal, ctx.risk
    years, hazard = deal.duration_yr, risk.disruption
    factors, delays = [], []
    begins: list[np.ndarray] = []
    ends: list[np.ndarray] = []
    counts: list[int] = []
    for index, stop in zip(indices, ended, strict=True):
        rng = seeds.generator(None, index)
        f, delay = sample_factors(risk, rng)
        factors.append(f)
        delays.append(delay)
        starts = _NONE
        if hazard is not None and years > 0:
            starts = np.flatnonzero(rng.random(years) < hazard.probability)
        if hazard is not None and starts.size:
            begin = starts + rng.random(starts.size)
            end = np.minimum(begin + _durations(hazard.duration, rng, starts.size), float(years))
        else:
            begin = end = _EMPTY
        begins.append(begin)
        ends.append(end)
        counts.append(int(starts.size if stop is None else np.count_nonzero(starts < stop)))
    lost = _shares(begins, ends, years)
    for row, stop in enumerate(ended):
        if stop is not None:
            lost[row, stop:] = 0.0
    lost = np.minimum(lost, 1.0)
    return [DrawTerms(f, d, lost[row], n)
            for row, (f, d, n) in enumerate(zip(factors, delays, counts, strict=True))]  # fmt: skip


def _durations(dist: Distribution, rng: np.random.Generator, size: int) -> np.ndarray:
    """``dist.sample(rng, size)``, triangular without the generator's argument checks."""
    p = dist.params
    if dist.kind != "triangular" or not p[0] < p[2]:
        return np.asarray(dist.sample(rng, size))
    return np.clip(triangular(p, rng.random(size)), dist.bounds[0], dist.bounds[1])


_NORMAL = NormalDist()
_NONE = np.zeros(0, dtype=np.intp)
_EMPTY = np.zeros(0)


def _shares(begins: list[np.ndarray], ends: list[np.ndarray], years: int) -> np.ndarray:
    """Share of each year (columns) covered by each draw's (rows) merged cuts.

    :func:`corridor.risk.hazard.disruption_losses`'s loop over the cuts, run for the cuts
    of one rank (a draw's first, second, ...) of every draw at once: a cut starts where the
    earlier ones ended if they overlap it, and adds its time in each year it covers. The
    additions to a year come in the same order, so the sums are the same to the bit.
    """
    n = len(begins)
    share = np.zeros((n, years))
    ranks = max((b.size for b in begins), default=0)
    if ranks == 0:
        return share
    begin = np.full((n, ranks), np.nan)
    end = np.full((n, ranks), np.nan)
    for row, (b, e) in enumerate(zip(begins, ends, strict=True)):
        begin[row, : b.size], end[row, : e.size] = b, e
    year = np.arange(years, dtype=float)
    covered_to = np.zeros(n)
    for rank in range(ranks):
        b = np.maximum(begin[:, rank], covered_to)  # NaN (no such cut) stays NaN
        e = end[:, rank]
        live = e > b  # False for NaN
        covered_to = np.where(live, e, covered_to)
        lo = np.where(live, np.floor(b), 0.0)
        hi = np.where(live, np.minimum(np.ceil(e), years), 0.0)
        inside = (year >= lo[:, None]) & (year < hi[:, None])
        part = np.minimum(e[:, None], year + 1.0) - np.maximum(b[:, None], year)
        share = np.where(inside, share + part, share)
    return share


def _link_factors(
    costs: CostModel, indices: list[int], seeds: Seeds, terms: list[DrawTerms]
) -> list[dict[str, float] | None]:
    """Each draw's :meth:`CostModel.factors`; sets each draw's deal-route capex factor."""
    table = costs.costs
    base = [t.factors["capex"] for t in terms]  # the capex parameters' factor
    common = np.array(base)
    if table is None:
        shared = np.repeat(common[:, None], len(costs.links), axis=1)
        ratios = None
    else:
        normals: list[np.ndarray] = []
        ratios_list: list[dict[str, float]] = []
        for row, index in enumerate(indices):
            rng = seeds.generator("costs", index)
            if table.common is not None:
                common[row] = common[row] * sample_one(table.common, rng)
            normals.append(rng.standard_normal(costs.routes + 1))
            if table.unit_costs:
                ratios_list.append(unit_cost_ratios(rng))
        z = np.stack(normals)
        rho = table.correlation
        latent = math.sqrt(rho) * z[:, :1] + math.sqrt(1.0 - rho) * z[:, 1:]
        shared = np.repeat(common[:, None], len(costs.links), axis=1)
        known: dict[int, np.ndarray] = {}
        for k, dist in enumerate(costs.specific):
            if dist is None:
                continue
            key = costs.shared_draw(k)
            if key not in known:
                column = latent[:, costs.route[k]].tolist()
                known[key] = np.array([quantile(dist, _NORMAL.cdf(x)) for x in column])
            shared[:, k] = shared[:, k] * known[key]
        ratios = ratios_list if table.unit_costs else None
    out: list[dict[str, float] | None] = []
    for row, values in enumerate(shared.tolist()):
        if ratios is not None:
            for k, exposure in enumerate(costs.exposure):
                if exposure is not None:
                    values[k] *= exposure.ratio(ratios[row])
        factors = dict(zip(costs.links, values, strict=True))
        out.append(factors)
        terms[row].factors["capex"] = costs.deal_factor(factors, base[row])
    return out


def _paths(
    ctx: RunContext, indices: list[int], seeds: Seeds, terms: list[DrawTerms]
) -> list[dict[str, np.ndarray] | None]:
    """Each draw's :func:`corridor.risk.draw.price_paths`, one path computation per length."""
    model = ctx.risk.prices
    if model is None:
        return [None] * len(indices)
    k = len(model.indices)
    by_length: dict[int, list[int]] = {}
    normals = []
    for row, (index, t) in enumerate(zip(indices, terms, strict=True)):
        years = path_years(ctx.deal, model, t.delay_yr)
        rng = seeds.generator(STREAM, index)
        normals.append(rng.standard_normal((max(years - 1, 0), k)))
        by_length.setdefault(years, []).append(row)
    out: list[dict[str, np.ndarray] | None] = [None] * len(indices)
    for rows in by_length.values():
        paths = paths_from_normals(model, np.stack([normals[r] for r in rows]))
        for r, path in zip(rows, paths, strict=True):
            first = ctx.deal.start_year + terms[r].delay_yr - model.first_year
            out[r] = {item.id: path[first:, j] for j, item in enumerate(model.indices)}
    return out
