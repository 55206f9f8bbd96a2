"""Loading ``[risk.prices]``: the price indices of a scenario and their correlation.

Called by :func:`corridor.scenario.load_deal.build_risk` with the loader's
:class:`Collector`, so problems come out located with the rest. The correlation matrix
must be square in the indices' order, symmetric, with ones on the diagonal and positive
semi-definite (so that the price paths of :mod:`corridor.risk.prices` can factor it).
"""

from __future__ import annotations

import numpy as np

from corridor import units
from corridor.scenario.collector import Collector, SignRule
from corridor.scenario.deal_model import Deal, PriceIndex, PriceModel
from corridor.scenario.deal_schema import PriceIndexFile, PricesFile
from corridor.scenario.provenance import UNSPECIFIED, KeyPath, inherit
from corridor.scenario.schema import Sourced

__all__ = ["build_prices", "check_indices"]

_INDEX_DIMENSIONS = (units.OIL_PRICE, units.GAS_PRICE)


def build_prices(parsed: PricesFile, out: Collector, top: Sourced | None = None) -> PriceModel:
    """Turn a validated ``[risk.prices]`` table into a :class:`PriceModel`.

    Problems go to ``out`` under ``("risk", "prices", ...)``; ``top`` is the enclosing
    ``[risk]`` table (its provenance is inherited).
    """
    root: KeyPath = ("risk", "prices")
    out.provenance((*root, "first_year"), parsed.first_year, parsed, top)
    ids = [item.id for item in parsed.indices]
    for i, name in enumerate(ids):
        if name in ids[:i]:
            out.add((*root, "indices", i, "id"), f"duplicate id {name!r} in risk.prices.indices")
    indices = [_index(out, (*root, "indices", i), item, parsed, top)
               for i, item in enumerate(parsed.indices)]  # fmt: skip
    n = len(indices)
    if parsed.correlation is None:
        if n > 1:
            out.add((*root, "correlation"), f"{n} indices need a {n} x {n} correlation matrix")
        matrix = np.eye(n)
    else:
        matrix = _correlation(out, (*root, "correlation"), parsed.correlation, n)
    rows = tuple(tuple(float(v) for v in row) for row in matrix)
    return PriceModel(parsed.first_year.value, tuple(indices), rows)


def _index(
    out: Collector, path: KeyPath, item: PriceIndexFile, parsed: PricesFile, top: Sourced | None
) -> PriceIndex:
    unit = item.start.unit
    dimension = units.UNITS.get(unit, ("", 0.0))[0]
    if dimension not in _INDEX_DIMENSIONS:
        out.add((*path, "start", "unit"), f"unit {unit!r}: an index is an oil price (USD/bbl) "
                "or a gas price (USD/MMBtu, USD/1000m3)")  # fmt: skip
        dimension = units.GAS_PRICE
    inherited = inherit(item, parsed, top)

    def number(name: str, dim: str, sign: SignRule) -> float:
        value = out.measure((*path, name), getattr(item, name), dim, inherited, sign=sign)
        return float("nan") if value is None else value

    return PriceIndex(
        id=item.id,
        dimension=dimension,
        start=number("start", dimension, SignRule.POSITIVE),
        level=number("level", dimension, SignRule.POSITIVE),
        reversion_per_yr=number("reversion", units.RATE, SignRule.NON_NEGATIVE),
        volatility=number("volatility", units.FRACTION, SignRule.NON_NEGATIVE),
        unit=unit,
        provenance=out.provenance(path, item, parsed, top) or UNSPECIFIED,
    )


def _correlation(out: Collector, path: KeyPath, rows: list[list[float]], n: int) -> np.ndarray:
    """The correlation matrix as given, or the identity once its problem is recorded."""
    if len(rows) != n or any(len(row) != n for row in rows):
        out.add(path, f"must be {n} x {n} (one row and column per index, in their order)")
        return np.eye(n)
    matrix = np.asarray(rows, dtype=float)
    if not np.all(np.isfinite(matrix)):
        out.add(path, "must hold finite numbers")
    elif not np.allclose(np.diag(matrix), 1.0) or np.any(np.abs(matrix) > 1.0):
        out.add(path, "must have ones on the diagonal and entries in [-1, 1]")
    elif not np.allclose(matrix, matrix.T, rtol=0.0, atol=1e-12):
        out.add(path, "must be symmetric")
    elif (smallest := float(np.linalg.eigvalsh(matrix).min())) < -1e-9:
        out.add(path, f"must be positive semi-definite (smallest eigenvalue {smallest:.3g})")
    else:
        return matrix
    return np.eye(n)


def check_indices(deal: Deal, prices: PriceModel, out: Collector) -> None:
    """Record a problem for each deal price whose index is missing or of the wrong kind."""
    for name, price in (("price", deal.price), ("alternative", deal.alternative)):
        if price is None or not price.follows_index:
            continue
        path: KeyPath = ("deal", name, "index")
        try:
            index = prices.index(price.index or "")
        except KeyError:
            known = ", ".join(i.id for i in prices.indices)
            out.add(path, f"unknown index {price.index!r} (risk.prices.indices: {known})")
            continue
        wanted = units.OIL_PRICE if price.kind == "oil_indexed" else units.GAS_PRICE
        if index.dimension != wanted:
            out.add(path, f"a {price.kind} price needs an index of {units.INTERNAL_UNIT[wanted]},"
                    f" {index.id!r} is in {units.INTERNAL_UNIT[index.dimension]}")  # fmt: skip
