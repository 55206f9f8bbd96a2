"""Price paths: correlated, mean-reverting log prices of named indices, year by year.

Each index's log price ``x = ln P`` follows an Ornstein–Uhlenbeck process
``dx = κ (μ − x) dt + σ dW`` with ``μ = ln(level)`` (``level`` is the long-run median),
and the Brownian motions of the indices are correlated by the matrix ``R`` of
``[risk.prices]``. The yearly steps are exact, not Euler:

    x[t+1] = μ + (x[t] − μ) e^(−κ) + η[t+1],   η ~ N(0, Σ),
    Σ_ij = R_ij σ_i σ_j (1 − e^(−(κ_i + κ_j))) / (κ_i + κ_j)   (R_ij σ_i σ_j when κ_i + κ_j = 0),

so ``E x[t] = μ + (x[0] − μ) e^(−κt)`` and ``Var x[t] = σ² (1 − e^(−2κt)) / (2κ)``
(:func:`log_moments`). Year 0 is the price model's ``first_year``, at the ``start`` values.
Draw i of a run takes its shocks from ``corridor.seeds.stream_generator(seed, i, "prices")``,
a stream of its own, so the other uncertain terms keep their numbers.
"""

from __future__ import annotations

import functools

import numpy as np

from corridor.errors import InputError
from corridor.scenario.deal_model import Deal, PriceIndex, PriceModel
from corridor.seeds import stream_generator

__all__ = [
    "STREAM",
    "deal_index_paths",
    "log_moments",
    "path_years",
    "paths_from_normals",
    "sample_paths",
    "shock_factor",
    "step_covariance",
]

STREAM = "prices"
"""The name of the price paths' random stream (:func:`corridor.seeds.stream_generator`)."""


def _decay_sums(kappa: np.ndarray) -> np.ndarray:
    """(1 − e^(−k)) / k element-wise, 1 at k = 0 (the integral of e^(−k s) over a year)."""
    small = np.abs(kappa) < 1e-12
    safe = np.where(small, 1.0, kappa)
    return np.where(small, 1.0, -np.expm1(-safe) / safe)


def step_covariance(model: PriceModel) -> np.ndarray:
    """Covariance of one year's shocks to the log prices (indices in the model's order)."""
    sigma = np.array([i.volatility for i in model.indices], dtype=float)
    kappa = np.array([i.reversion_per_yr for i in model.indices], dtype=float)
    corr = np.asarray(model.correlation, dtype=float).reshape(len(sigma), len(sigma))
    return corr * np.outer(sigma, sigma) * _decay_sums(kappa[:, None] + kappa[None, :])


def shock_factor(model: PriceModel) -> np.ndarray:
    """A matrix L with L Lᵀ = the yearly shock covariance (Cholesky when it is definite).

    A semi-definite covariance (perfectly correlated indices, a zero volatility) has no
    Cholesky factor; its symmetric square root from the eigen-decomposition is used
    instead. InputError (``risk.prices.correlation``) when the matrix is not PSD.
    """
    cov = step_covariance(model)
    if cov.size == 0:
        return cov
    try:
        return np.linalg.cholesky(cov)
    except np.linalg.LinAlgError:
        values, vectors = np.linalg.eigh(cov)
        if values.min() < -1e-9 * max(1.0, float(values.max())):
            raise InputError(
                f"not positive semi-definite (smallest eigenvalue {values.min():.3g})",
                parameter="risk.prices.correlation",
            ) from None
        return vectors * np.sqrt(np.clip(values, 0.0, None))


def log_moments(index: PriceIndex, years: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Closed-form mean and variance of ln P, ``years`` after the first year."""
    t = np.asarray(years, dtype=float)
    mu, x0 = np.log(index.level), np.log(index.start)
    kappa, sigma = index.reversion_per_yr, index.volatility
    mean = mu + (x0 - mu) * np.exp(-kappa * t)
    if kappa < 1e-12:
        return mean, sigma**2 * t
    return mean, sigma**2 * -np.expm1(-2.0 * kappa * t) / (2.0 * kappa)


def paths_from_normals(model: PriceModel, normals: np.ndarray) -> np.ndarray:
    """Price paths (internal units) from standard normal shocks.

    ``normals`` has shape ``(..., years - 1, k)`` for ``k`` indices (any leading draw
    dimensions); the result ``(..., years, k)`` holds each index's value in years 0 to
    ``years - 1`` after the first year, year 0 at the ``start`` values.
    """
    k = len(model.indices)
    normals = np.asarray(normals, dtype=float)
    if normals.shape[-1] != k:
        raise InputError(f"last axis must have {k} shocks, got {normals.shape[-1]}",
                         parameter="normals")  # fmt: skip
    factor, weights, decay, mu, start = _dynamics(model, normals.shape[-2])
    deviation = np.einsum("...sk,kts->...tk", normals @ factor.T, weights)
    return np.exp(mu + deviation + decay * start)


@functools.lru_cache(maxsize=16)
def _dynamics(
    model: PriceModel, steps: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """What turns ``steps`` years of shocks into paths (each draw of a run reuses it)."""
    kappa = np.array([i.reversion_per_yr for i in model.indices], dtype=float)
    mu = np.log([i.level for i in model.indices])
    start = np.log([i.start for i in model.indices]) - mu
    t = np.arange(steps + 1)
    lag = t[:, None] - np.arange(1, steps + 1)[None, :]  # (t, s): years from shock s to t
    # the weight of shock s in year t is e^(−κ (t − s)) for s ≤ t, else 0
    weights = np.where(lag[None] >= 0, np.exp(-kappa[:, None, None] * np.maximum(lag, 0)), 0.0)
    return shock_factor(model), weights, np.exp(-np.outer(t, kappa)), mu, start


def sample_paths(model: PriceModel, years: int, draws: int, rng: np.random.Generator) -> np.ndarray:
    """``draws`` paths of ``years`` years (shape ``(draws, years, k)``) from one generator."""
    if years < 1:
        raise InputError(f"must be at least 1, got {years}", parameter="years")
    normals = rng.standard_normal((draws, years - 1, len(model.indices)))
    return paths_from_normals(model, normals)


def path_years(deal: Deal, model: PriceModel, delay_yr: int = 0) -> int:
    """Years a path needs to reach the deal's last operating year (first gas delayed)."""
    return deal.start_year + delay_yr + deal.duration_yr - model.first_year


def deal_index_paths(
    deal: Deal,
    model: PriceModel,
    seed: int,
    index: int,
    delay_yr: int = 0,
    rng: np.random.Generator | None = None,
) -> dict[str, np.ndarray]:
    """Draw ``index``'s value of every index in each operating year of the deal.

    The shocks come from the draw's own ``"prices"`` stream, year by year from the first
    year (so a delay shifts the deal along the same path rather than redrawing it);
    ``rng``: that stream when the caller has it (None: made here).
    """
    years = path_years(deal, model, delay_yr)
    if rng is None:
        rng = stream_generator(seed, index, STREAM)
    # one row of shocks per year: a longer path extends a shorter one
    normals = rng.standard_normal((max(years - 1, 0), len(model.indices)))
    path = paths_from_normals(model, normals)
    first = deal.start_year + delay_yr - model.first_year
    return {item.id: path[first:, j] for j, item in enumerate(model.indices)}
