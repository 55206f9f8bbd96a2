"""Per-coalition baselines for bench/coalitions.py: what a competent user would write.

* :func:`highspy_rebuild`: the LP's arrays (built once) passed to a fresh ``highspy.Highs``
  with the coalition's column bounds, and run from scratch: no warm start, no memo.
* :class:`FlowBaseline`: for a single-commodity, loss-free network the market LP is a
  min-cost flow (a super source feeding the supplies, a super sink behind the demands, a
  free bypass arc so that unprofitable flow is not forced); OR-Tools' ``SimpleMinCostFlow``
  built per coalition. It works in integers, so capacities and costs are scaled and
  rounded (:data:`FLOW_SCALE`); its values match the LP's to about 1e-5 relative.
"""

from __future__ import annotations

import highspy
import numpy as np
from ortools.graph.python import min_cost_flow

from corridor.lp import LinearProgram, QuietHighs
from corridor.market import MarketModel

FLOW_SCALE = 1e4
"""Integer units per internal unit of quantity, and per USD m of cost (both)."""


def highspy_rebuild(program: LinearProgram, upper: np.ndarray) -> float:
    """Welfare (USD m/yr) of the LP with column upper bounds ``upper``, built and solved cold."""
    n_col = len(program.cost)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n_col, program.n_rows
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = program.cost, np.zeros(n_col), upper
    lp.row_lower_ = lp.row_upper_ = np.zeros(program.n_rows)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_ = program.starts, program.index
    lp.a_matrix_.value_ = program.value
    highs = QuietHighs()  # highspy's own banner otherwise goes to stdout
    highs.passModel(lp)
    highs.run()
    assert highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return 0.0 - float(highs.getObjectiveValue())


class FlowBaseline:
    """The market LP of a single-commodity loss-free network as OR-Tools min-cost flow."""

    def __init__(self, model: MarketModel):
        values = np.unique(np.abs(model.program.value))
        if len(model.scenario.commodities) != 1 or not np.array_equal(values, [1.0]):
            raise ValueError("a min-cost flow needs one commodity and no losses")
        rows = len(model.rows)
        self.source, self.sink = rows, rows + 1
        src, dst = model.source_row, model.target_row
        self.tails = np.where(src >= 0, src, self.source).astype(np.int64)
        self.heads = np.where(dst >= 0, dst, self.sink).astype(np.int64)
        self.costs = np.round(model.cost * FLOW_SCALE).astype(np.int64)
        self.capacity = np.round(model.upper * FLOW_SCALE).astype(np.int64)
        self.total = int(self.capacity[src < 0].sum())

    def welfare(self, usable: np.ndarray) -> float:
        """Welfare (USD m/yr) with only the ``usable`` columns open: a new flow network."""
        flow = min_cost_flow.SimpleMinCostFlow()
        flow.add_arcs_with_capacity_and_unit_cost(
            self.tails, self.heads, np.where(usable, self.capacity, 0), self.costs
        )
        flow.add_arc_with_capacity_and_unit_cost(self.source, self.sink, self.total, 0)
        flow.set_node_supply(self.source, self.total)
        flow.set_node_supply(self.sink, -self.total)
        status = flow.solve()
        assert status == flow.OPTIMAL, status
        return -flow.optimal_cost() / FLOW_SCALE**2
