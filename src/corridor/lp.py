"""The LP layer: HiGHS behind one small class, statuses mapped once to corridor's errors.

:class:`LinearProgram` is the market LP as plain arrays (the market model builds it);
:class:`WarmSolver` holds one in HiGHS and re-solves it with changed column bounds, warm
from the previous basis. HiGHS prints nothing (:class:`QuietHighs`) unless its log is
asked for, and then to stderr.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np

from corridor.errors import Infeasible, SolverError, Unbounded

SOLVER_LOG_ENV = "CORRIDOR_SOLVER_LOG"
"""Environment variable that turns HiGHS's log on, to stderr (``1``); ``corridor --verbose``.

An environment variable rather than a module flag, so worker processes (forked or spawned
by Dask) follow the parent's choice."""


def solver_log_enabled() -> bool:
    """True when HiGHS may write its banner and log to stderr (``CORRIDOR_SOLVER_LOG=1``)."""
    return os.environ.get(SOLVER_LOG_ENV, "") not in ("", "0")


def _log_to_stderr(event: Any) -> None:
    sys.stderr.write(event.message)


class QuietHighs(highspy.Highs):
    """A HiGHS instance that prints nothing to stdout, and logs to stderr only when asked.

    highspy >= 1.16 prints its banner to stdout from ``Highs.__init__`` (when it registers
    its callbacks), before a caller can set ``output_flag``. ``__init__`` calls
    :meth:`enableCallbacks` right after the C++ object exists, so the option is set there,
    before anything can log. With :func:`solver_log_enabled`, the log (banner included)
    goes through HiGHS's logging callback to stderr, so ``--json`` output stays clean.
    tests/test_market.py checks both.
    """

    def enableCallbacks(self) -> None:
        """Silence the console before highspy registers its callbacks (which log the banner)."""
        self.setOptionValue("output_flag", False)
        super().enableCallbacks()
        if solver_log_enabled():
            self.setOptionValue("log_to_console", False)
            self.setOptionValue("output_flag", True)
            self.cbLogging += _log_to_stderr


@dataclass(frozen=True, eq=False)
class LinearProgram:
    """The market LP as plain arrays (picklable: it travels to worker processes and Dask).

    Minimise ``cost @ x`` subject to ``A x = 0`` (``n_rows`` balance rows) and
    ``0 <= x <= upper``; ``A`` column-wise (``starts``, ``index``, ``value``). Costs in
    USD m per internal unit, so the objective is minus welfare in USD m/yr.
    """

    cost: np.ndarray
    upper: np.ndarray
    n_rows: int
    starts: np.ndarray
    index: np.ndarray
    value: np.ndarray
    name: str = ""


class WarmSolver:
    """A HiGHS instance holding one :class:`LinearProgram`, re-solved with changed bounds.

    Only column upper bounds change between solves, so each solve starts from the previous
    optimal basis (dual simplex); this is what makes thousands of coalitions cheap.
    """

    def __init__(self, program: LinearProgram):
        self.program = program
        n_col = len(program.cost)
        lp = highspy.HighsLp()
        lp.num_col_ = n_col
        lp.num_row_ = program.n_rows
        lp.col_cost_ = program.cost
        lp.col_lower_ = np.zeros(n_col)
        lp.col_upper_ = program.upper
        lp.row_lower_ = np.zeros(program.n_rows)
        lp.row_upper_ = np.zeros(program.n_rows)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = program.starts
        lp.a_matrix_.index_ = program.index
        lp.a_matrix_.value_ = program.value
        self.highs = QuietHighs()
        self.highs.passModel(lp)
        self._current_upper = program.upper.copy()
        self._zeros = np.zeros(n_col)

    def set_usable(self, usable: np.ndarray) -> None:
        """Open usable columns to capacity, close the rest; pass only changed bounds."""
        target = np.where(usable, self.program.upper, 0.0)
        changed = np.flatnonzero(target != self._current_upper)
        if changed.size:
            self.highs.changeColsBounds(
                changed.size, changed.astype(np.int32), self._zeros[: changed.size],
                target[changed],
            )  # fmt: skip
            self._current_upper[changed] = target[changed]

    def welfare(self, usable: np.ndarray) -> float:
        """Best welfare with only the ``usable`` columns open, USD m/yr."""
        self.set_usable(usable)
        return self.run()

    def run(self) -> float:
        """Solve from the current basis; welfare (minus the objective), USD m/yr."""
        highs = self.highs
        highs.run()
        status = highs.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            return 0.0 - float(highs.getObjectiveValue())
        name = self.program.name
        if status == highspy.HighsModelStatus.kInfeasible:
            raise Infeasible(
                f"scenario {name!r}: the market LP is infeasible; "
                "check for negative capacities or fixed demands no supply can reach"
            )
        if status in (
            highspy.HighsModelStatus.kUnbounded,
            highspy.HighsModelStatus.kUnboundedOrInfeasible,
        ):
            raise Unbounded(
                f"scenario {name!r}: the market LP is unbounded; "
                "a supply, demand or link probably lacks a finite capacity"
            )
        raise SolverError(f"HiGHS stopped with status {highs.modelStatusToString(status)}")


__all__ = [
    "SOLVER_LOG_ENV",
    "LinearProgram",
    "QuietHighs",
    "WarmSolver",
    "solver_log_enabled",
]
