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
:meth:`BasisReuse.chunk_lp_values` values a whole chunk's draws at once: for a kept basis
B, x_B and the reduced costs are linear in the draw's costs and capacities, so one
inverse checks every draw in a few array operations (the per-draw checks cost more in
Python than in arithmetic).
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
        self._fronts: tuple[np.ndarray, ...] | None = None

    def reset(self) -> None:
        """Forget the kept bases (the next LPs are solved, the first one cold)."""
        self.bases = [[] for _ in self.game.masks]
        self._fronts = None

    def lp_values(
        self, cost: np.ndarray, upper: np.ndarray, known: np.ndarray | None = None
    ) -> np.ndarray:
        """:meth:`RepricedGame.lp_values`: each LP of the plan's settled welfare, USD m/yr."""
        game = self.game
        tolerances = (_TOLERANCE * max(1.0, float(upper.max(initial=0.0))),
                      _TOLERANCE * max(1.0, float(np.abs(cost).max(initial=0.0))))  # fmt: skip
        retargeted = False
        found = []
        front = self._front_values(cost, upper, tolerances)
        for j, mask in enumerate(game.masks):
            if known is not None and not np.isnan(known[j]):
                found.append(known[j])
                continue
            bounds = np.where(mask, upper, 0.0)
            value = front[j] if np.isfinite(front[j]) else None
            if value is None:
                value = self._reused(j, cost, bounds, tolerances, first=1)
            if value is None:
                if not retargeted:
                    cold_start(game.solver).retarget(cost, upper)
                    retargeted = True
                value = game.solver.welfare(mask)
                basis = self._basis(bounds > 0)
                if basis is not None:
                    self.bases[j] = [basis, *self.bases[j][: KEPT_BASES - 1]]
                    self._fronts = None
                self.solved += 1
            else:
                self.reused += 1
            found.append(value)
        return settle(np.array(found, dtype=float))

    def chunk_lp_values(
        self,
        costs: np.ndarray,
        uppers: np.ndarray,
        known: np.ndarray | None = None,
        like: BasisReuse | None = None,
    ) -> np.ndarray:
        """:meth:`lp_values` of a chunk's draws at once (draws x LPs), from a cold start.

        ``costs`` and ``uppers``: one row per draw; ``known`` (draws x LPs, NaN: solve it)
        as in :meth:`lp_values`. Per LP, every kept basis is checked on all the draws it
        may serve in one set of array operations; the first draw none fits is solved by
        HiGHS and its basis checked on the rest. The kept bases are forgotten first, so
        the values depend only on the chunk. ``like``: another game's reuse on the same
        network and plan (another stage), whose bases for this chunk are tried first.
        """
        game = self.game
        self.reset()
        cold_start(game.solver)
        d = costs.shape[0]
        tol = _TOLERANCE * np.maximum(1.0, uppers.max(axis=1, initial=0.0))
        dtol = _TOLERANCE * np.maximum(1.0, np.abs(costs).max(axis=1, initial=0.0))
        out = np.full((d, len(game.masks)), np.nan) if known is None else known.copy()
        for j, mask in enumerate(game.masks):
            pending = np.flatnonzero(np.isnan(out[:, j]))
            bounds = np.where(mask, uppers, 0.0)

            def serve(
                b: _Basis, rows: np.ndarray, j: int = j, bounds: np.ndarray = bounds
            ) -> np.ndarray:
                """Value the ``rows`` basis ``b`` is optimal for; the rows left."""
                ok, value = self._fits(b, costs[rows], bounds[rows], tol[rows], dtol[rows])
                out[rows[ok], j] = value[ok]
                self.reused += int(ok.sum())
                return rows[~ok]

            for kept in like.bases[j] if like is not None else ():
                if pending.size:
                    pending = serve(kept, pending)
            while pending.size:
                first, pending = pending[0], pending[1:]
                game.solver.retarget(costs[first], uppers[first])
                out[first, j] = game.solver.welfare(mask)
                self.solved += 1
                found = self._basis(bounds[first] > 0)
                if found is not None:
                    self.bases[j].append(found)
                    if pending.size:
                        pending = serve(found, pending)
        return settle(out)

    def _fits(
        self, b: _Basis, cost: np.ndarray, upper: np.ndarray, tol: np.ndarray, dtol: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Which draws (rows) basis ``b`` is optimal for, and the welfare there.

        :meth:`_at`'s checks, as array operations over the draws.
        """
        n = b.cols.size
        x = b.at_upper * upper
        z = -(x @ self.matrix.T) @ b.inverse.T
        xb, bound = z[:, :n], upper[:, b.cols]
        ok = ((xb >= -tol[:, None]) & (xb - bound <= tol[:, None])).all(axis=1)
        ok &= (np.abs(z[:, n:]) <= tol[:, None]).all(axis=1)
        x[:, b.cols] = np.minimum(np.maximum(xb, 0.0), bound)
        y = cost[:, b.cols] @ b.inverse[:n]
        reduced = cost - y @ self.matrix
        ok &= (reduced[:, b.lower] >= -dtol[:, None]).all(axis=1)
        ok &= (reduced[:, b.upper] <= dtol[:, None]).all(axis=1)
        return ok, 0.0 - np.einsum("ij,ij->i", cost, x)

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
        self,
        j: int,
        cost: np.ndarray,
        upper: np.ndarray,
        tolerances: tuple[float, float],
        first: int = 0,
    ) -> float | None:
        """LP ``j``'s welfare at ``cost`` and ``upper`` if a kept basis is optimal there.

        The kept bases from ``first`` on are tried latest first; the one that fits moves
        to the front.
        """
        kept = self.bases[j]
        for k in range(first, len(kept)):
            value = self._at(kept[k], cost, upper, tolerances)
            if value is not None:
                if k:
                    kept.insert(0, kept.pop(k))
                    self._fronts = None
                return value
        return None

    def _front_values(
        self, cost: np.ndarray, upper: np.ndarray, tolerances: tuple[float, float]
    ) -> np.ndarray:
        """:meth:`_at` of every LP's front basis at once (NaN: none, or not optimal).

        The same checks as :meth:`_at`, as array operations over the plan's LPs.
        """
        masks = self.game.masks
        if self._fronts is None:
            self._fronts = self._stack()
        has, inverse, at_upper, cols, lower, high = self._fronts
        out = np.full(len(masks), np.nan)
        if not has.any():
            return out
        tol, dtol = tolerances
        bounds = np.where(masks, upper, 0.0)
        x = at_upper * bounds
        z = np.einsum("mij,mj->mi", inverse, -(x @ self.matrix.T))
        is_col = cols >= 0
        where = np.maximum(cols, 0)
        bound = np.take_along_axis(bounds, where, axis=1)
        primal = np.where(is_col, (z >= -tol) & (z <= bound + tol), np.abs(z) <= tol).all(axis=1)
        rows = np.broadcast_to(np.arange(len(masks))[:, None], cols.shape)
        x[rows[is_col], cols[is_col]] = np.minimum(np.maximum(z, 0.0), bound)[is_col]
        y = np.einsum("mji,mj->mi", inverse, np.where(is_col, cost[where], 0.0))
        reduced = cost[None, :] - y @ self.matrix
        dual = ~((lower & (reduced < -dtol)) | (high & (reduced > dtol))).any(axis=1)
        ok = has & primal & dual
        out[ok] = 0.0 - (x[ok] @ cost)
        return out

    def _stack(self) -> tuple[np.ndarray, ...]:
        """Each LP's front basis as rows of arrays (zeros where an LP has none)."""
        n_rows, n_col = self.matrix.shape
        m = len(self.bases)
        has = np.zeros(m, dtype=bool)
        inverse = np.zeros((m, n_rows, n_rows))
        at_upper = np.zeros((m, n_col))
        cols = np.full((m, n_rows), -1)
        lower = np.zeros((m, n_col), dtype=bool)
        high = np.zeros((m, n_col), dtype=bool)
        for j, kept in enumerate(self.bases):
            if kept:
                b = kept[0]
                has[j] = True
                inverse[j], at_upper[j] = b.inverse, b.at_upper
                cols[j, : b.cols.size] = b.cols
                lower[j, b.lower] = True
                high[j, b.upper] = True
        return has, inverse, at_upper, cols, lower, high

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
