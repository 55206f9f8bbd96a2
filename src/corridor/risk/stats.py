"""Monte Carlo error: standard errors of means, probabilities and ratios; quantile intervals.

The standard error of a mean, of a probability and of a ratio of means, the moments of a
run that grows chunk by chunk, and a distribution-free interval for a quantile.

Every function takes draws as an array (one draw per row along ``axis``) and ignores NaN
draws (a Shapley share is NaN when the draw's total is zero), so a summary can pass a
column or a whole table. Standard errors are of the estimate from ``n`` independent draws:
they shrink as ``1/sqrt(n)``.

>>> mean_se([1.0, 2.0, 3.0, 4.0])          # sample sd / sqrt(n)
0.6454972243679028
>>> proportion_se(0.25, 400)               # sqrt(p (1 - p) / n)
0.021650635094610966
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from corridor.errors import InputError

__all__ = ["Moments", "mean_se", "proportion_se", "quantile_interval", "ratio_se"]


def _count(x: np.ndarray, axis: int) -> np.ndarray:
    return np.sum(~np.isnan(x), axis=axis)


def mean_se(draws: ArrayLike, axis: int = 0) -> Any:
    """Standard error of the mean of ``draws``: ``s / sqrt(n)``, ``s`` with ``n - 1``.

    NaN draws are left out; fewer than two draws give NaN. A float for a 1-D input, else
    an array over the other axes.
    """
    x = np.asarray(draws, dtype=float)
    n = _count(x, axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.sqrt(np.nansum((x - np.nanmean(x, axis=axis, keepdims=True)) ** 2, axis=axis)
                     / (n - 1))  # fmt: skip
        se = np.where(n >= 2, sd / np.sqrt(n), np.nan)
    return float(se) if se.ndim == 0 else se


def proportion_se(p: ArrayLike, n: ArrayLike) -> Any:
    """Standard error of a probability estimated as the share ``p`` of ``n`` draws.

    ``sqrt(p (1 - p) / n)`` (the binomial one; 0 when every draw or none is a hit, which
    says only that the probability is below about 3/n). Floats in, float out.
    """
    share = np.asarray(p, dtype=float)
    count = np.asarray(n, dtype=float)
    if np.any((share < 0) | (share > 1)):
        raise InputError(f"must lie in [0, 1], got {share.tolist()!r}", parameter="p")
    with np.errstate(invalid="ignore", divide="ignore"):
        se = np.where(count >= 1, np.sqrt(share * (1.0 - share) / count), np.nan)
    return float(se) if se.ndim == 0 else se


def ratio_se(numerator: ArrayLike, denominator: ArrayLike) -> float:
    """Standard error of ``mean(numerator) / mean(denominator)`` over the same draws.

    The delta method: ``mean_se(numerator - R denominator) / |mean(denominator)|`` with
    ``R`` the ratio of the means (NaN when the denominator's mean is 0).
    """
    a = np.asarray(numerator, dtype=float)
    b = np.asarray(denominator, dtype=float)
    if a.shape != b.shape or a.ndim != 1:
        raise InputError("need two 1-D arrays of the same draws", parameter="denominator")
    mean_b = float(np.mean(b)) if b.size else float("nan")
    if not mean_b:
        return float("nan")
    ratio = float(np.mean(a)) / mean_b
    return float(mean_se(a - ratio * b)) / abs(mean_b)


def quantile_interval(draws: ArrayLike, q: float, confidence: float = 0.95) -> tuple[float, float]:
    """A distribution-free interval for the ``q`` quantile of the population sampled.

    The order statistics ``x_(j) <= x_(k)`` (1-based) with ``j`` and ``k - 1`` the
    ``(1 - confidence)/2`` and ``(1 + confidence)/2`` quantiles of Binomial(n, q): the
    number of draws below the true quantile is Binomial(n, q), so the interval covers it
    with probability of at least about ``confidence`` (Conover, *Practical Nonparametric
    Statistics*, 3rd ed., 1999, section 3.2). The ends are clipped to the smallest and
    largest draw, so for few draws or an extreme ``q`` an end is a bound, not a
    confidence limit. NaN draws are left out; no draws give (NaN, NaN).
    """
    if not 0.0 < q < 1.0:
        raise InputError(f"must lie strictly between 0 and 1, got {q}", parameter="q")
    if not 0.0 < confidence < 1.0:
        raise InputError(f"must lie strictly between 0 and 1, got {confidence}",
                         parameter="confidence")  # fmt: skip
    from scipy.stats import binom  # only summaries need it; keep importing risk light

    x = np.sort(np.asarray(draws, dtype=float).ravel())
    x = x[~np.isnan(x)]
    n = x.size
    if n == 0:
        return float("nan"), float("nan")
    tail = (1.0 - confidence) / 2.0
    j = int(binom.ppf(tail, n, q))
    k = int(binom.ppf(1.0 - tail, n, q)) + 1
    return float(x[min(max(j, 1), n) - 1]), float(x[min(max(k, 1), n) - 1])


@dataclass(frozen=True)
class Moments:
    """Count, mean and sum of squared deviations of draws, per column, mergeable.

    For a run that grows chunk by chunk: ``Moments.of(chunk)`` for each chunk and ``+`` to
    merge them (Chan, Golub and LeVeque, 1979), in chunk order, so the standard error is
    the same however the draws were grouped into rounds. Draws must not be NaN.
    """

    count: int
    mean: np.ndarray
    m2: np.ndarray

    @classmethod
    def of(cls, draws: ArrayLike) -> Moments:
        """The moments of ``draws`` (rows are draws, columns the quantities)."""
        x = np.asarray(draws, dtype=float)
        mean = x.mean(axis=0) if len(x) else np.zeros(x.shape[1:])
        return cls(len(x), mean, ((x - mean) ** 2).sum(axis=0))

    def __add__(self, other: Moments) -> Moments:
        n = self.count + other.count
        if n == 0:
            return self
        delta = other.mean - self.mean
        mean = self.mean + delta * (other.count / n)
        m2 = self.m2 + other.m2 + delta**2 * (self.count * other.count / n)
        return Moments(n, mean, m2)

    def se(self) -> np.ndarray:
        """Standard error of each mean (``s / sqrt(n)``; NaN with fewer than two draws)."""
        if self.count < 2:
            return np.full(np.shape(self.mean), np.nan)
        return np.sqrt(self.m2 / (self.count - 1) / self.count)
