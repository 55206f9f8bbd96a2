"""Coalition LPs re-valued without a solve while their optimal basis stays optimal.

A Monte Carlo draw changes the market LP's column costs (the LNG price, the links' capex
annuities) and capacities (the buyer's demand), never its matrix. An optimal basis of a
coalition's LP (min c x, A x = 0, 0 <= x <= u) stays optimal under new (c, u) as long as
it stays primal feasible (the basic variables, solved from B x_B = -N x_N with each
nonbasic column at its bound, lie within their bounds) and dual feasible (the reduced
costs d = c - A^T y, B^T y = c_B, keep their signs: d >= 0 at a lower bound, d <= 0 at an
upper bound). Then the LP's value is c x without calling HiGHS, whose call costs ~0.2 ms
even when it has nothing to pivot (the limit of the warm path). When a check fails the
LP is solved by HiGHS (warm, as :class:`corridor.games.repriced.RepricedGame` does) and
its new basis kept for the next draws. Both give the optimum, so the same value to
rounding, and :func:`corridor.games.values.settle` maps both to the same grid;
tests/risk/test_basis.py checks against HiGHS on every LP of many draws.

The kept bases are dropped at the start of each chunk (:meth:`BasisReuse.reset`), so
what a draw computes depends only on its chunk's earlier draws, not on the worker.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from corridor.games.repriced import RepricedGame
from corridor.games.values import cold_start, settle

__all__ = ["KEPT_BASES", "BasisReuse"]

_BASIC, _UPPER = 1, 2  # HighsBasisStatus values
KEPT_BASES = 8
"""Optimal bases kept per LP: a draw's terms fall in one of a few bases' regions."""
_TOLERANCE = 1e-9
"""Relative tolerance of the feasibility checks; HiGHS's own are 1e-7."""


@dataclass(frozen=True, eq=False)
class _Basis:
    """An optimal basis of one LP, ready to be checked under new costs and bounds.

    ``inverse`` of the basis matrix B = [A_cols, -I_rows] (basic columns, then the basic
    row activities); ``at_upper`` 1.0 on the nonbasic columns at their upper bound;
    ``lower`` and ``upper`` the open nonbasic columns at each bound (the LP's closed
    columns are fixed at 0, any reduced cost fits them).
    """

    cols: np.ndarray
    inverse: np.ndarray
    at_upper: np.ndarray
    lower: np.ndarray
    upper: np.ndarray


class BasisReuse:
    """The LP values of ``game``'s plan, re-using each LP's last optimal basis.

    ``reused`` and ``solved`` count the LPs valued each way (since the last reset).
    """

    def __init__(self, game: RepricedGame):
        self.game = game
        p = game.program
        n_col = len(p.cost)
        self.matrix = np.zeros((p.n_rows, n_col))
        columns = np.repeat(np.arange(n_col), np.diff(p.starts))
        np.add.at(self.matrix, (p.index, columns), p.value)
        self.bases: list[list[_Basis]] = [[] for _ in game.masks]
        self.reused = self.solved = 0

    def reset(self) -> None:
        """Forget the kept bases (the next LPs are solved, the first one cold)."""
        self.bases = [[] for _ in self.game.masks]

    def lp_values(
        self, cost: np.ndarray, upper: np.ndarray, known: np.ndarray | None = None
    ) -> np.ndarray:
        """:meth:`RepricedGame.lp_values`: each LP of the plan's settled welfare, USD m/yr."""
        game = self.game
        tolerances = (_TOLERANCE * max(1.0, float(upper.max(initial=0.0))),
                      _TOLERANCE * max(1.0, float(np.abs(cost).max(initial=0.0))))  # fmt: skip
        retargeted = False
        found = []
        for j, mask in enumerate(game.masks):
            if known is not None and not np.isnan(known[j]):
                found.append(known[j])
                continue
            bounds = np.where(mask, upper, 0.0)
            value = self._reused(j, cost, bounds, tolerances)
            if value is None:
                if not retargeted:
                    cold_start(game.solver).retarget(cost, upper)
                    retargeted = True
                value = game.solver.welfare(mask)
                basis = self._basis(bounds > 0)
                if basis is not None:
                    self.bases[j] = [basis, *self.bases[j][: KEPT_BASES - 1]]
                self.solved += 1
            else:
                self.reused += 1
            found.append(value)
        return settle(np.array(found, dtype=float))

    def _basis(self, open_: np.ndarray) -> _Basis | None:
        """The solver's optimal basis (None: not a square, regular basis).

        ``open_``: the LP's columns with a positive capacity.
        """
        basis = self.game.solver.highs.getBasis()
        col = np.array([int(s) for s in basis.col_status])
        row = np.array([int(s) for s in basis.row_status])
        cols = np.flatnonzero(col == _BASIC)
        rows = np.flatnonzero(row == _BASIC)
        n_rows = self.matrix.shape[0]
        if cols.size + rows.size != n_rows:
            return None
        # row activities r = A x are variables too (fixed at 0 here): A x - r = 0
        b = np.hstack([self.matrix[:, cols], -np.eye(n_rows)[:, rows]])
        try:
            inverse = np.linalg.inv(b)
        except np.linalg.LinAlgError:
            return None
        if not np.abs(inverse).max() < 1e10:  # near-singular: leave it to HiGHS
            return None
        nonbasic = open_ & (col != _BASIC)
        return _Basis(cols, inverse, (col == _UPPER).astype(float),
                      np.flatnonzero(nonbasic & (col != _UPPER)),
                      np.flatnonzero(nonbasic & (col == _UPPER)))  # fmt: skip

    def _reused(
        self, j: int, cost: np.ndarray, upper: np.ndarray, tolerances: tuple[float, float]
    ) -> float | None:
        """LP ``j``'s welfare at ``cost`` and ``upper`` if a kept basis is optimal there.

        The kept bases are tried latest first; the one that fits moves to the front.
        """
        kept = self.bases[j]
        for k, basis in enumerate(kept):
            value = self._at(basis, cost, upper, tolerances)
            if value is not None:
                if k:
                    kept.insert(0, kept.pop(k))
                return value
        return None

    def _at(
        self, b: _Basis, cost: np.ndarray, upper: np.ndarray, tolerances: tuple[float, float]
    ) -> float | None:
        """The welfare at ``cost`` and ``upper`` if basis ``b`` is optimal there."""
        tol, dtol = tolerances
        x = b.at_upper * upper
        z = b.inverse @ (self.matrix @ -x)
        n = b.cols.size
        xb, bound = z[:n], upper[b.cols]
        if n and (xb.min() < -tol or (xb - bound).max() > tol):
            return None
        if z.size > n and np.abs(z[n:]).max() > tol:
            return None
        x[b.cols] = np.minimum(np.maximum(xb, 0.0), bound)
        y = b.inverse[:n].T @ cost[b.cols]
        reduced = cost - self.matrix.T @ y
        if b.lower.size and reduced[b.lower].min() < -dtol:
            return None
        if b.upper.size and reduced[b.upper].max() > dtol:
            return None
        return 0.0 - float(cost @ x)
