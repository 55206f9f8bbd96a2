"""Disruption by the transit country: the hazard of cuts, sampled per draw.

Shares of each operating year lost, from a hazard given in the scenario's
``[risk.disruption]`` table (:class:`corridor.scenario.deal_model.Disruption`).
"""

from __future__ import annotations

import math

import numpy as np

from corridor.scenario.deal_model import Risk


def disruption_losses(years: int, risk: Risk, rng: np.random.Generator) -> tuple[np.ndarray, int]:
    """Share of each operating year lost to cuts, and the number of cuts started.

    A cut starts in each year with probability ``p`` at a uniform time in that year and
    lasts a drawn duration (years); overlapping cuts merge, none runs past the deal's end.
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
    for b, e in zip(begin, end, strict=True):
        b = max(b, covered_to)  # merge overlaps: count each moment once
        if e <= b:
            continue
        for year in range(int(b), min(math.ceil(e), years)):
            lost[year] += min(e, year + 1.0) - max(b, float(year))
        covered_to = e
    return np.minimum(lost, 1.0), int(starts.size)


__all__ = ["disruption_losses"]
