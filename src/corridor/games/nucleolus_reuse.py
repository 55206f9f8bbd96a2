"""The nucleoli of many similar games, re-using the tight coalitions of earlier ones.

The prenucleolus x of a game w is fixed by a short sequence of coalition levels
T_1, ..., T_k: every coalition in T_l has the excess e_l = w(S) - x(S), with
e_1 > e_2 > ... > e_k above every other coalition's excess, and the coalitions of
T_1..T_k with the grand coalition determine x. Kohlberg's criterion (1971; Peleg and
Sudhölter 2007, thm 5.2.7) says a pre-imputation is the prenucleolus iff each collection
D(a) = {S: e(S) >= a} is balanced; D(a) is T_1 u .. u T_l above e_k, and below it a
superset of a balanced collection that spans R^n, which is balanced too. So a structure
(T_1..T_k) taken from one game's prenucleolus, whose prefixes are balanced, gives the
prenucleolus of any other game where it still holds: x and e solve one linear system,
and the check is that the system is consistent and the excesses keep their order. One
pseudo-inverse per structure serves every game; a game no kept structure fits is solved
by the game library (coopgame's sequential LPs, :func:`nucleolus_allocation`) and its
structure kept. When the prenucleolus is an imputation it is the nucleolus (Schmeidler
1969); when the imputation set is empty :func:`nucleolus_allocation` reports the
prenucleolus; in every other case the library decides.

coopgame solves each game from scratch (about 0.3 ms for five players); a Monte Carlo
run's games differ a little from draw to draw and share a few structures, which this
exploits. The results agree with the library's to its LP tolerance
(tests/games/test_nucleolus_reuse.py); where the game's values carry rounding noise
(:func:`corridor.games.values.settle`) the structure's tied coalitions are solved in the
least-squares sense, which moves the allocation by about that noise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from corridor.games.concepts import normalised, nucleolus_allocation
from corridor.games.values import CoalitionValues, settle

__all__ = ["TOLERANCE", "NucleolusReuse"]

TOLERANCE = 1e-8
"""Relative to the game's largest value: excesses closer than this are one level. Some
20 times the noise of the values (:func:`corridor.games.values.settle`'s 31 bits) and of
the library's nucleolus (up to 3.7e-6 USD m/yr on korea-2011's games, ~7e-10 of them)."""


_FINER_BITS = 9
"""The nucleoli are settled on a grid 2^9 finer than the values': the values' own grid
would put the halves and quarters of settled surpluses on its rounding edges, and 2^-9 of
it still sits far above the least-squares noise (~1e-12 relative), so the same game gives
the same bytes whichever kept levels solved it."""


def _members(n: int) -> np.ndarray:
    """Indicator matrix of every bitmask coalition (2^n x n)."""
    return ((np.arange(1 << n)[:, None] >> np.arange(n)) & 1).astype(float)


@lru_cache(maxsize=4096)
def _balanced(n: int, coalitions: frozenset[int]) -> bool:
    """Whether the coalitions (bitmasks) are balanced: positive weights that sum to 1_N.

    One LP (maximise the least weight t): balanced iff t > 0. A property of the
    collection alone, so kept across games and runs. HiGHS directly: scipy.optimize's
    import alone costs more than a run's nucleoli.
    """
    import highspy

    from corridor.lp import QuietHighs

    masks = sorted(coalitions)
    m = len(masks)
    # rows: sum_S lambda_S 1_S = 1_N (n), lambda_S - t >= 0 (m); columns: lambda, t
    a = np.zeros((n + m, m + 1))
    a[:n, :m] = _members(n)[masks].T
    a[n:, :m] = np.eye(m)
    a[n:, m] = -1.0
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = m + 1, n + m
    lp.col_cost_ = np.r_[np.zeros(m), -1.0]
    lp.col_lower_ = np.r_[np.zeros(m), -highspy.kHighsInf]
    lp.col_upper_ = np.r_[np.full(m, highspy.kHighsInf), 1.0]
    lp.row_lower_ = np.r_[np.ones(n), np.zeros(m)]
    lp.row_upper_ = np.r_[np.ones(n), np.full(m, highspy.kHighsInf)]
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.arange(0, a.size + 1, a.shape[1])
    lp.a_matrix_.index_ = np.tile(np.arange(m + 1), n + m)
    lp.a_matrix_.value_ = a.ravel()
    highs = QuietHighs()
    highs.passModel(lp)
    highs.run()
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return False
    return bool(-highs.getObjectiveValue() > 1e-9)


class _Structure:
    """The linear system of one sequence of levels, ready for many games."""

    def __init__(self, n: int, levels: tuple[tuple[int, ...], ...]):
        full = (1 << n) - 1
        members = _members(n)
        self.rows = np.array([full, *(s for level in levels for s in level)])
        a = np.zeros((self.rows.size, n + len(levels)))
        a[:, :n] = members[self.rows]
        self.bounds = []  # each level's slice of rows
        at = 1
        for k, level in enumerate(levels):
            a[at : at + len(level), n + k] = 1.0
            self.bounds.append((at, at + len(level)))
            at += len(level)
        self.solve = np.linalg.pinv(a)  # (x, e) = solve @ w[rows], least squares
        self.row_members = members[self.rows]
        inside = set(self.rows.tolist())
        self.others = np.array([s for s in range(1, full) if s not in inside], dtype=int)
        self.other_members = members[self.others]
        self.n = n

    def fit(self, w: np.ndarray, tol: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which games (rows of ``w``) have these levels, and their prenucleoli.

        A game has them when, at the solution x, the grouping of :func:`_structure` gives
        them again: x(N) = w(N), each level's excesses within ``tol`` of each other, more
        than ``tol`` above the next level's, the last level's above every other coalition's.
        """
        x = np.einsum("gr,nr->gn", w[:, self.rows], self.solve[: self.n])
        excess = w[:, self.rows] - np.einsum("gn,rn->gr", x, self.row_members)
        ok = np.abs(excess[:, 0]) <= tol
        floor = None
        for a, b in self.bounds:
            top, low = excess[:, a:b].max(axis=1), excess[:, a:b].min(axis=1)
            ok &= top - low <= tol
            if floor is not None:
                ok &= floor - top > tol
            floor = low
        if self.others.size and floor is not None:
            rest = w[:, self.others] - np.einsum("gn,rn->gr", x, self.other_members)
            ok &= floor - rest.max(axis=1) > tol
        return ok, x


@lru_cache(maxsize=1024)
def _kept(n: int, levels: tuple[tuple[int, ...], ...]) -> _Structure:
    """The :class:`_Structure` of ``levels`` (a pure function of them: kept across calls)."""
    return _Structure(n, levels)


def _structure(w: np.ndarray, x: np.ndarray, tol: float) -> tuple[tuple[int, ...], ...] | None:
    """The levels of prenucleolus ``x`` of game ``w`` (None: none found, or not balanced).

    Excesses in decreasing order, a new level where the next is more than ``tol`` below;
    the levels up to the first whose union with the grand coalition spans R^n, each
    prefix checked balanced; coalitions sorted within a level, so the same levels read
    from two nearby games are the same tuple.
    """
    n = x.size
    full = (1 << n) - 1
    members = _members(n)
    masks = np.arange(1, full)
    excess = w[masks] - members[masks] @ x
    order = np.argsort(-excess, kind="stable")
    levels: list[tuple[int, ...]] = []
    level = [int(masks[order[0]])]
    for a, b in zip(order, [*order[1:], None], strict=True):
        if b is not None and excess[a] - excess[b] <= tol:
            level.append(int(masks[b]))
            continue
        levels.append(tuple(sorted(level)))
        chosen = frozenset(s for lv in levels for s in lv)
        if not _balanced(n, chosen):
            return None
        if np.linalg.matrix_rank(members[[full, *chosen]]) == n:
            return tuple(levels)
        if b is not None:
            level = [int(masks[b])]
    return None


class NucleolusReuse:
    """:func:`nucleolus_allocation` of many games of the same players, in order.

    ``solved`` and ``reused`` count the games the library solved and those a kept
    structure served (since construction).
    """

    def __init__(self) -> None:
        self.solved = self.reused = 0

    def allocations(self, games: Sequence[CoalitionValues]) -> np.ndarray:
        """Each game's nucleolus (games x players, NaN where the library fails), USD m/yr.

        A game's levels are read afresh from the game library's answer for the first
        game no levels read so far fit; every game's nucleolus is then its levels'
        solution, settled (:func:`corridor.games.values.settle`, :data:`_FINER_BITS`), so it
        does not depend on which game the levels were read from, nor on the other games of
        the call.
        """
        n = games[0].n
        w = np.array([normalised(g) for g in games])
        full = (1 << n) - 1
        tol = TOLERANCE * np.maximum(1.0, np.abs(w).max(axis=1))
        alone = w[:, 1 << np.arange(n)]
        spare = w[:, full] - alone.sum(axis=1)
        out = np.full((len(games), n), math.nan)

        def fit(structure: _Structure, rows: np.ndarray) -> np.ndarray:
            ok, x = structure.fit(w[rows], tol[rows])
            # an imputation (then the nucleolus), or no imputation set (the prenucleolus)
            imputation = (x >= alone[rows] - tol[rows, None]).all(axis=1)
            ok &= (imputation & (spare[rows] >= tol[rows])) | (spare[rows] < -tol[rows])
            out[rows[ok]] = x[ok]
            return ok

        pending = np.arange(len(games))
        while pending.size:
            first = pending[:1]
            self.solved += 1
            try:
                out[first] = nucleolus_allocation(games[int(first[0])])
            except (RuntimeError, ValueError):  # the game library's LPs fail on this game
                pending = pending[1:]
                continue
            levels = _structure(w[first[0]], out[first[0]], float(tol[first[0]]))
            if levels is None:
                pending = pending[1:]
                continue
            ok = fit(_kept(n, levels), pending)  # the first game too: its levels' solution
            self.reused += int(ok[1:].sum())
            pending = pending[1:][~ok[1:]]
        return settle(out, finer_bits=_FINER_BITS)
