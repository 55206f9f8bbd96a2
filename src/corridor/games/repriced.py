"""A coalition game built once and re-valued after its LP's costs and capacities change.

The plan of distinct coalition LPs (:mod:`corridor.games.plan`) depends on the network and
who controls what, not on prices or quantities; so a game whose column costs and upper
bounds change (a Monte Carlo draw of prices, demand and capex) keeps its plan and its one
HiGHS instance, and every coalition LP is re-solved warm. Values in USD m/yr.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import numpy as np

from corridor.games.plan import column_graph, make_plan, unpack
from corridor.games.values import CoalitionValues, cold_start, game_players, settle
from corridor.lp import LinearProgram, WarmSolver
from corridor.market import MarketModel

__all__ = ["RepricedGame", "RetargetableSolver"]


class RetargetableSolver(WarmSolver):
    """A warm solver whose column costs and capacities can change between solves."""

    def retarget(self, cost: np.ndarray, upper: np.ndarray) -> None:
        """Change column costs and capacities, keeping the basis.

        Costs go to HiGHS where they changed; capacities apply at the next
        :meth:`set_usable`, which passes only changed bounds.
        """
        changed = np.flatnonzero(cost != self.program.cost)
        if changed.size:
            self.highs.changeColsCost(changed.size, changed.astype(np.int32), cost[changed])
        self.program = dataclasses.replace(self.program, cost=cost, upper=upper)


class RepricedGame:
    """The coalition game of ``model`` (among ``players``, on ``commodity``), re-valued warm.

    ``program`` is the market LP as built; :meth:`values` takes changed copies of its
    ``cost`` and ``upper`` arrays.
    """

    def __init__(
        self,
        model: MarketModel,
        players: Iterable[str] | None = None,
        commodity: str | None = None,
    ):
        self.players = game_players(model, players, commodity)
        self.program: LinearProgram = model.program
        self.plan = make_plan(column_graph(model, self.players, commodity), len(self.players))
        self.masks = unpack(self.plan.keys, self.plan.n_columns)
        self.solver = RetargetableSolver(model.program)

    def values(
        self, cost: np.ndarray, upper: np.ndarray, known: np.ndarray | None = None
    ) -> CoalitionValues:
        """v(S) of every coalition with the LP's column ``cost`` and ``upper`` as given.

        From a cold start, then warm (settled values): the same for any call before it.
        ``known``: as in :meth:`lp_values`.
        """
        return self.coalitions(self.lp_values(cost, upper, known))

    def lp_values(
        self, cost: np.ndarray, upper: np.ndarray, known: np.ndarray | None = None
    ) -> np.ndarray:
        """The settled welfare of each distinct LP of the plan (``masks`` order), USD m/yr.

        ``known``: values of some of these LPs (NaN: solve it), taken as they are: those
        of another game on the same network whose LPs on those masks are the same.
        """
        cold_start(self.solver).retarget(cost, upper)
        found = [
            self.solver.welfare(mask) if known is None or np.isnan(known[j]) else known[j]
            for j, mask in enumerate(self.masks)
        ]
        return settle(np.array(found, dtype=float))

    def coalitions(self, lp_values: np.ndarray) -> CoalitionValues:
        """The :class:`CoalitionValues` of the plan's LP values (:meth:`lp_values`)."""
        index = self.plan.index
        values = np.where(index >= 0, lp_values[np.maximum(index, 0)] if lp_values.size else 0.0,
                          0.0)  # fmt: skip
        return CoalitionValues(self.players, values, lp_solves=len(self.masks))
