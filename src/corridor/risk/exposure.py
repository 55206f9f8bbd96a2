"""The buyer's exposure to its contract formula: how much of its price risk is index or basis.

Per draw, at the buyer's discount rate and on the contracted volumes (so that demand and
cuts do not blur the prices): ``C`` is the present value of the gas at the contract price,
``A`` at the buyer's alternative (the LNG it no longer buys), and ``I`` the same weights on
the index the contract follows (else the one the alternative follows). The buyer's price
margin is ``M = A − C``; its NPV moves with ``M`` and with everything else. Across draws,
``M`` is split by least squares on ``I`` into the part that moves with the index (``β I``:
the two prices do not move one-for-one with it) and a residual uncorrelated with the index
(the *basis*: the alternative moving on its own, and the contract's own level):
``Var M = β² Var I + Var ε``. Without an index all of ``M`` is basis. A contract price of
"alternative − d" leaves ``M`` constant: neither index nor basis risk, whatever the index
does.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from corridor.deal_draw import DealDraw, yearly_prices
from corridor.finance import discount_factors
from corridor.scenario.deal_model import Deal

__all__ = ["EXPOSURE_COLUMNS", "buyer_price_pvs", "contract_exposure"]

EXPOSURE_COLUMNS = ("pv_contract_musd", "pv_alternative_musd", "pv_index")
"""Draw columns: the contracted gas at the contract price and the alternative (USD m), and
at the index (the index's internal unit x bcm; NaN without an index)."""


def buyer_price_pvs(
    deal: Deal, base_year: int, default_rate: float, draw: DealDraw | None = None
) -> dict[str, float]:
    """PV (USD m, the buyer's rate, to ``base_year``) of the contracted gas at both prices.

    Keys :data:`EXPOSURE_COLUMNS`; the draw's factors, paths and delay apply, its demand
    factor and cuts do not. ``pv_index`` weighs the index's path (its ``reference`` value
    without one) as the gas.
    """
    d = draw or DealDraw()
    price, alternative = yearly_prices(deal, d)
    years = deal.start_year + round(d.delay_yr) + np.arange(deal.duration_yr) - base_year
    weight = deal.volumes() * discount_factors(deal.discount_rate(deal.buyer, default_rate), years)
    pv_index = math.nan
    formula = next((p for p in (deal.price, deal.alternative) if p and p.follows_index), None)
    if formula is not None:
        paths = d.index_paths or {}
        values = paths.get(formula.index or "", formula.reference or math.nan)
        pv_index = float(np.sum(weight * values))
    return {
        "pv_contract_musd": float(np.sum(weight * price)),
        "pv_alternative_musd": float(np.sum(weight * alternative)),
        "pv_index": pv_index,
    }


def contract_exposure(draws: pd.DataFrame, npv_column: str) -> dict[str, Any]:
    """The buyer's price exposure across draws, USD m (empty without the PV columns).

    ``npv_sd_musd``: standard deviation of the buyer's NPV (``npv_column``);
    ``contract_sd_musd`` and ``alternative_sd_musd`` of ``C`` and ``A``;
    ``margin_sd_musd`` of ``M = A − C``, split into ``index_sd_musd`` (``|β|`` sd I) and
    ``basis_sd_musd`` (the residual), with ``index_share`` and ``basis_share`` of
    ``Var M`` (NaN when M does not vary); ``beta`` the least-squares slope of M on I
    (0 without an index or when it does not vary).
    """
    if not set(EXPOSURE_COLUMNS) <= set(draws) or npv_column not in draws or len(draws) < 2:
        return {}
    c = draws["pv_contract_musd"].to_numpy(dtype=float)
    a = draws["pv_alternative_musd"].to_numpy(dtype=float)
    index = draws["pv_index"].to_numpy(dtype=float)
    margin = a - c
    # relative floors: a constant column has a variance of rounding errors, not zero
    scale = max(1.0, float(np.mean(np.abs(c))), float(np.mean(np.abs(a)))) ** 2
    var_m = float(np.var(margin))
    flat_m = var_m <= 1e-20 * scale
    beta = 0.0
    if np.all(np.isfinite(index)):
        var_i = float(np.var(index))
        if var_i > 1e-20 * max(1.0, float(np.mean(np.abs(index)))) ** 2:
            beta = float(np.mean((margin - margin.mean()) * (index - index.mean())) / var_i)
    centred = index - index.mean() if beta else np.zeros_like(margin)
    residual = margin - margin.mean() - beta * centred
    index_var = float(np.var(beta * centred))
    basis_var = float(np.var(residual))
    return {
        "npv_sd_musd": float(np.std(draws[npv_column].to_numpy(dtype=float))),
        "contract_sd_musd": float(np.std(c)),
        "alternative_sd_musd": float(np.std(a)),
        "margin_sd_musd": 0.0 if flat_m else math.sqrt(var_m),
        "beta": beta,
        "index_sd_musd": 0.0 if flat_m else math.sqrt(index_var),
        "basis_sd_musd": 0.0 if flat_m else math.sqrt(basis_var),
        "index_share": math.nan if flat_m else index_var / var_m,
        "basis_share": math.nan if flat_m else basis_var / var_m,
    }
