"""The forecast rule: convergence, cycles and the round cap, on sequences made by hand."""

from __future__ import annotations

import numpy as np
import pytest

from corridor.negotiation.stopping import (
    CONFIRM_ROUNDS,
    CONVERGED,
    CYCLE,
    ROUND_CAP,
    Ending,
    StopRule,
    centre_summary,
    ending,
    repeat_period,
)


def _states(*rows: tuple[float, ...]) -> list[np.ndarray]:
    return [np.array(row, dtype=float) for row in rows]


def test_a_move_within_the_tolerance_is_convergence() -> None:
    # last move: max(|5.0004 - 5.0|, |1 - 1|) = 0.0004 <= 0.001
    states = _states((0, 0), (5, 1), (5.0, 1), (5.0004, 1))
    assert repeat_period(states, 1e-3) == 1
    assert ending(states, StopRule(confirm=1)) == Ending(CONVERGED, 1)
    # 0.0004 > 0.0001: not converged, and no earlier state repeats
    assert repeat_period(states, 1e-4) == 0


def test_convergence_must_hold_for_the_confirmation_rounds() -> None:
    # still for one round is not enough by default: CONFIRM_ROUNDS (10) still rounds are
    states = _states((0, 0), (5, 1), (5.0, 1), (5.0004, 1))
    assert ending(states, StopRule()) is None
    still = _states((0, 0), *[(5, 1)] * 10)  # rounds 1-10 at (5, 1): 9 still rounds
    assert ending(still, StopRule()) is None
    still.append(np.array([5.0, 1.0]))  # round 11: the 10th still round
    assert ending(still, StopRule()) == Ending(CONVERGED, 1)
    assert CONFIRM_ROUNDS == 10


def test_a_cycle_counts_once_it_has_run_twice() -> None:
    # a 3-cycle a, b, c from round 1 on: rounds 1-3 then 4-6 repeat it
    a, b, c = (10, 90), (90, 10), (50, 50)
    states = _states((0, 0), a, b, c, a, b)
    # rounds 4-5 repeat rounds 1-2, but round 3 (c) has not come round again yet
    assert repeat_period(states, 0.0) == 0
    states = _states((0, 0), a, b, c, a, b, c)
    assert repeat_period(states, 0.0) == 3
    assert ending(states, StopRule(confirm=1)) == Ending(CYCLE, 3)
    # by default the repeat must also hold for 10 rounds: a, b, c from round 1 to round 13
    # gives rounds 4-13 (10 states) each equal to the state 3 rounds before
    assert ending(states, StopRule()) is None
    long = _states((0, 0), *([a, b, c] * 4), a)
    assert len(long) == 14 and ending(long[:-1], StopRule()) is None
    assert ending(long, StopRule()) == Ending(CYCLE, 3)


def test_one_repeated_state_is_not_a_cycle() -> None:
    # round 3 equals round 1 but round 2 differs from round 0: no cycle yet
    states = _states((0,), (5,), (7,), (5,))
    assert repeat_period(states, 0.0) == 0


def test_the_smallest_period_is_taken() -> None:
    # standing still for 4 rounds also "repeats with period 2": convergence wins
    states = _states((3,), (3,), (3,), (3,), (3,))
    assert repeat_period(states, 0.0) == 1


def test_fixed_rounds_never_stop_early() -> None:
    states = _states((3,), (3,))
    assert ending(states, StopRule(stop="fixed")) is None


def test_centre_summary_of_a_cycle_and_of_the_round_cap() -> None:
    # centres per round 0..6; a 3-cycle of centres 60, 90, 75 over rounds 4-6
    centres = [50.0, 60.0, 90.0, 75.0, 60.0, 90.0, 75.0]
    forecast, low, high, mean = centre_summary(centres, Ending(CYCLE, 3))
    assert (low, high) == (60.0, 90.0)
    assert forecast == mean == pytest.approx((60 + 90 + 75) / 3)
    # round cap: the last centre, the range over rounds 1..6 (round 0 left out)
    forecast, low, high, mean = centre_summary(centres, Ending(ROUND_CAP))
    assert (forecast, low, high) == (75.0, 60.0, 90.0)
    assert mean == pytest.approx((60 + 90 + 75) * 2 / 6)
    # converged: the last centre; a model without rounds: its only value
    assert centre_summary([50.0, 61.0, 61.0], Ending(CONVERGED, 1)) == (61.0, 61.0, 61.0, 61.0)
    assert centre_summary([42.0], Ending("static")) == (42.0, 42.0, 42.0, 42.0)


@pytest.mark.parametrize("tolerance", [float("nan"), float("inf"), -0.1])
def test_bad_tolerances_are_refused(tolerance: float) -> None:
    with pytest.raises(ValueError, match="tolerance"):
        StopRule(tolerance=tolerance)


def test_an_unknown_stop_is_refused() -> None:
    with pytest.raises(ValueError, match="stop"):
        StopRule(stop="never")  # type: ignore[arg-type]
