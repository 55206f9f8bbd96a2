"""Disruption by the transit country: the hazards of cuts and of termination, per draw.

Two kinds: temporary cuts (shares of each operating year lost, from the scenario's
``[risk.disruption]``, :class:`corridor.scenario.deal_model.Disruption`) and termination
(the flow stops for good, from ``[risk.termination]``,
:class:`corridor.scenario.deal_model.Termination`).
"""

from __future__ import annotations

import math

import numpy as np

from corridor.scenario.deal_model import Risk


def disruption_losses(
    years: int, risk: Risk, rng: np.random.Generator, stop: int | None = None
) -> tuple[np.ndarray, int]:
    """Share of each operating year lost to cuts, and the number of cuts started.

    A cut starts in each year with probability ``p`` at a uniform time in that year and
    lasts a drawn duration (years); overlapping cuts merge, none runs past the deal's end.
    ``stop``: the operating year from which the flow has stopped for good; cuts are drawn
    as without it (the same random numbers) but neither counted nor lost from then on.
    """
    lost = np.zeros(years)
    hazard = risk.disruption
    if hazard is None or years == 0:
        return lost, 0
    starts = np.flatnonzero(rng.random(years) < hazard.probability)
    if starts.size == 0:
        return lost, 0
    begin = starts + rng.random(starts.size)
    end = np.minimum(begin + hazard.duration.sample(rng, starts.size), float(years))
    covered_to = 0.0
    share = [0.0] * years  # Python floats: the same IEEE sums as numpy's, without its overhead
    for b, e in zip(begin.tolist(), end.tolist(), strict=True):
        b = max(b, covered_to)  # merge overlaps: count each moment once
        if e <= b:
            continue
        for year in range(int(b), min(math.ceil(e), years)):
            share[year] += min(e, year + 1.0) - max(b, float(year))
        covered_to = e
    lost = np.array(share)
    if stop is not None:
        lost[stop:] = 0.0
        return np.minimum(lost, 1.0), int(np.count_nonzero(starts < stop))
    return np.minimum(lost, 1.0), int(starts.size)


def termination_start(years: int, risk: Risk, rng: np.random.Generator) -> int | None:
    """The operating year (0-based) from whose start the flow has stopped for good.

    At the start of each operating year the flow, if it still runs, stops with the
    termination's probability q; None when it runs to the end of the ``years``. So the
    number of operating years L = min(K, years) with K geometric (failures before the
    first success): P(L >= t) = (1 - q)^t. ``years`` uniforms are drawn whatever the
    outcome, so a draw's stream does not depend on q.
    """
    hazard = risk.termination
    if hazard is None or years == 0:
        return None
    hits = np.flatnonzero(rng.random(years) < hazard.probability)
    return int(hits[0]) if hits.size else None


__all__ = ["disruption_losses", "termination_start"]
