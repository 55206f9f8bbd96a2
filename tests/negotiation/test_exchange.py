"""The exchange model against a two-actor, two-issue exchange worked out by hand."""

from __future__ import annotations

import pytest

from corridor.negotiation import ExchangeOptions, exchange

from .negotiation_cases import make_negotiation


def _symmetric():
    """A cares about issue 1 (0.8 vs 0.2), B as much about issue 2; opposite ends."""
    return make_negotiation(
        ["i1", "i2"],
        [
            ("A", "i1", 0, 1, 0.8),
            ("A", "i2", 0, 1, 0.2),
            ("B", "i1", 100, 1, 0.2),
            ("B", "i2", 100, 1, 0.8),
        ],
    )


def test_two_actor_two_issue_exchange_by_hand() -> None:
    # A (capability 1) cares about issue 1 (s 0.9 vs 0.3), B (capability 2) about issue 2
    # (s 0.6 vs 0.3). Weights c*s: issue 1: A 0.9, B 0.6 (W 1.5); issue 2: A 0.3, B 1.2.
    # Expected outcomes: O1 = 0.6*100/1.5 = 40, O2 = 1.2*100/1.5 = 80.
    # s_A1 s_B2 = 0.54 > s_A2 s_B1 = 0.09: A gives on issue 2, B on issue 1.
    # Largest outcome shifts: A moving to O2 shifts O2 by 80*0.3/1.5 = 16; B moving to O1
    # shifts O1 by 60*0.6/1.5 = 24. Equal gains: dO1 = dO2 (0.3+0.6)/(0.9+0.3) = 0.75 dO2,
    # so dO2 = 16 (A goes all the way to 80) and dO1 = 12 (B moves 12*1.5/0.6 = 30 to 70).
    # New outcomes 28 and 96; gains: A 0.9*12 - 0.3*16 = 6.0, B 0.6*16 - 0.3*12 = 6.0.
    negotiation = make_negotiation(
        ["i1", "i2"],
        [
            ("A", "i1", 0, 1, 0.9),
            ("A", "i2", 0, 1, 0.3),
            ("B", "i1", 100, 2, 0.3),
            ("B", "i2", 100, 2, 0.6),
        ],
    )
    result = exchange(negotiation, ExchangeOptions(rounds=1))
    assert len(result.history) == 1
    made = result.history.iloc[0]
    assert (made["actor"], made["issue_given"]) == ("A", "i2")
    assert (made["counterpart"], made["issue_gained"]) == ("B", "i1")
    assert made["actor_shift"] == pytest.approx(80.0)
    assert made["counterpart_shift"] == pytest.approx(-30.0)
    assert made["gain"] == pytest.approx(6.0)
    assert result.forecast_of("i1") == pytest.approx(28.0)
    assert result.forecast_of("i2") == pytest.approx(96.0)
    start = result.trajectory[result.trajectory["round"] == 0].set_index("issue")["forecast"]
    assert start["i1"] == pytest.approx(40.0) and start["i2"] == pytest.approx(80.0)


def test_no_exchange_when_relative_saliences_are_equal() -> None:
    negotiation = make_negotiation(
        ["i1", "i2"],
        [
            ("A", "i1", 0, 1, 0.8),
            ("A", "i2", 0, 1, 0.4),
            ("B", "i1", 100, 1, 0.4),
            ("B", "i2", 100, 1, 0.2),
        ],
    )
    result = exchange(negotiation)
    assert result.history.empty
    assert result.forecast_of("i1") == pytest.approx(100 * 0.4 / 1.2)
    # no exchange left: converged before the first round
    row = result.forecast.iloc[0]
    assert (row["status"], row["period"], row["rounds"]) == ("converged", 1, 0)


def test_exchanges_converge_and_never_pass_the_outcome() -> None:
    negotiation = _symmetric()
    result = exchange(negotiation, ExchangeOptions(rounds=50))
    # symmetric case: round 1 moves each outcome by 16 points (20 -> 4, 80 -> 96), gains
    # shrink geometrically and the outcomes tend to the ideal points of the actor who cares
    assert result.trajectory.query("issue == 'i1' and round == 1")["forecast"].item() == (
        pytest.approx(4.0)
    )
    assert result.forecast_of("i1") == pytest.approx(0.0, abs=1e-3)
    assert result.forecast_of("i2") == pytest.approx(100.0, abs=1e-3)
    positions = result.positions
    a_on_2 = positions.query("actor == 'A' and issue == 'i2'")["position"]
    assert a_on_2.is_monotonic_increasing and a_on_2.max() <= 100.0


def test_exchanges_stop_once_no_position_moves_more_than_the_tolerance() -> None:
    # the symmetric case above: the exchanges shrink geometrically, so the forecast rule
    # stops at the first round that ends 10 rounds in a row (CONFIRM_ROUNDS) whose largest
    # position move is <= the tolerance (1e-3), read off a 50-round fixed run of the case.
    # min_gain 0: every exchange is taken, so the run ends by the rule, not by running out
    # of exchanges (moves 80, 16, 3.2, ... shrink fivefold: <= 1e-3 from round 9, and the
    # tenth such round is round 18)
    negotiation = _symmetric()
    fixed = exchange(negotiation, ExchangeOptions(rounds=50, stop="fixed", min_gain=0.0))
    by_round = fixed.positions.pivot_table(
        index="round", columns=["actor", "issue"], values="position"
    )
    moves = by_round.diff().abs().max(axis=1).to_numpy()[1:]  # moves[t - 1]: round t
    still = moves <= 1e-3
    first = next(t + 10 for t in range(len(still) - 9) if still[t : t + 10].all())
    result = exchange(negotiation, ExchangeOptions(min_gain=0.0))
    assert set(result.forecast["status"]) == {"converged"}
    assert set(result.forecast["rounds"]) == {first} == {18}
    # the forecast: the weighted mean of the fixed run's positions after that round
    at_first = fixed.trajectory.query("issue == 'i1' and round == @first")["forecast"]
    assert result.forecast_of("i1") == pytest.approx(at_first.item(), abs=1e-12)
