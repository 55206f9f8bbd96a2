"""Market LP: warm re-solve per coalition against a fresh scipy ``linprog`` per coalition.

Both solve the same LP (korea-2011) for every coalition of its actors; the baseline
builds the LP from the scenario each time (what a spreadsheet-plus-script workflow does).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csc_array

from bench._common import rate, write_result
from corridor.market import MarketModel
from corridor.scenario import load_scenario


def naive_welfare(scenario, bits: int) -> float:  # type: ignore[no-untyped-def]
    """Build the LP from the scenario and solve it with scipy (HiGHS inside) from scratch."""
    model = MarketModel.__new__(MarketModel)  # reuse only the column/row bookkeeping
    model.scenario = scenario
    model.actors = scenario.actor_ids
    model._bit = {a: 1 << i for i, a in enumerate(model.actors)}
    model._build_columns()
    model._build_rows()
    rows, cols, vals = zip(*((i, j, v) for i, j, v in model._entries), strict=True)
    matrix = csc_array((vals, (rows, cols)), shape=(len(model.rows), len(model.cost)))
    upper = np.where(model.usable(bits), model.upper, 0.0)
    res = linprog(
        model.cost,
        A_eq=matrix,
        b_eq=np.zeros(len(model.rows)),
        bounds=np.column_stack([np.zeros_like(upper), upper]),
        method="highs",
    )
    return -float(res.fun)


def main() -> dict:
    scenario = load_scenario("korea-2011")
    n = len(scenario.actors)
    masks = list(range(1 << n))
    model = MarketModel(scenario)
    # same numbers first
    for bits in masks:
        assert abs(model.welfare(bits) - naive_welfare(scenario, bits)) < 1e-6 * max(
            1.0, abs(model.welfare(bits))
        )

    def corridor_all() -> int:
        for bits in masks:
            model.welfare(bits)
        return len(masks)

    def naive_all() -> int:
        for bits in masks:
            naive_welfare(scenario, bits)
        return len(masks)

    ours = rate(corridor_all)
    base = rate(naive_all)
    result = {
        "scenario": "korea-2011",
        "coalitions": len(masks),
        "naive_per_s": base,
        "corridor_per_s": ours,
        "ratio": ours / base,
    }
    print(
        f"coalition values per second on korea-2011 ({n} actors): "
        f"naive {base:,.0f}/s, corridor warm {ours:,.0f}/s, ratio {ours / base:.1f}x"
    )
    write_result("market", result)
    return result
