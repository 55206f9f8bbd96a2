"""Nash bargaining against solutions worked out by hand."""

from __future__ import annotations

import pytest

from corridor.negotiation import NashOptions, nash_bargaining

from .negotiation_cases import make_negotiation

LINEAR_DOWN = ((0.0, 1.0), (100.0, 0.0))
LINEAR_UP = ((0.0, 0.0), (100.0, 1.0))


def _one_issue(cap_a: float, cap_b: float):
    return make_negotiation(
        ["x"],
        [("A", "x", 0, cap_a, 1.0), ("B", "x", 100, cap_b, 1.0)],
        utilities={("A", "x"): LINEAR_DOWN, ("B", "x"): LINEAR_UP},
        disagreement={("A", "x"): 0.0, ("B", "x"): 0.0},
    )


def test_symmetric_split_the_difference() -> None:
    # max log(1 - x/100) + log(x/100) -> x = 50
    assert nash_bargaining(_one_issue(1, 1)).forecast_of("x") == pytest.approx(50.0, abs=1e-3)


def test_capability_weights() -> None:
    # max 0.75 log(1 - x/100) + 0.25 log(x/100) -> x/100 = 0.25
    result = nash_bargaining(_one_issue(3, 1), NashOptions(weights="capability", package=False))
    assert result.forecast_of("x") == pytest.approx(25.0, abs=1e-3)


def test_package_deal_trades_issues() -> None:
    # A cares about issue 1 (0.9/0.1), B about issue 2 (0.1/0.9); A wants both low, B high.
    # Package utilities UA = 0.9 (1 - x1) + 0.1 (1 - x2), UB = 0.1 x1 + 0.9 x2 (x in
    # hundreds). d/dx1 of log UA + log UB at (0, 1): -0.9/0.9 + 0.1/0.9 < 0 and
    # d/dx2 = -0.1/0.9 + 0.9/0.9 > 0, so the maximum is the corner (0, 100): each side
    # wins the issue it cares about.
    negotiation = make_negotiation(
        ["i1", "i2"],
        [
            ("A", "i1", 0, 1, 0.9),
            ("A", "i2", 0, 1, 0.1),
            ("B", "i1", 100, 1, 0.1),
            ("B", "i2", 100, 1, 0.9),
        ],
        utilities={
            ("A", "i1"): LINEAR_DOWN,
            ("A", "i2"): LINEAR_DOWN,
            ("B", "i1"): LINEAR_UP,
            ("B", "i2"): LINEAR_UP,
        },
        disagreement={(a, i): 0.0 for a in "AB" for i in ("i1", "i2")},
    )
    package = nash_bargaining(negotiation)
    assert package.forecast_of("i1") == pytest.approx(0.0, abs=0.5)
    assert package.forecast_of("i2") == pytest.approx(100.0, abs=0.5)
    separate = nash_bargaining(negotiation, NashOptions(package=False))
    assert separate.forecast_of("i1") == pytest.approx(50.0, abs=1e-3)


def test_no_agreement_when_nobody_can_gain() -> None:
    negotiation = make_negotiation(
        ["x"],
        [("A", "x", 0, 1, 1.0), ("B", "x", 100, 1, 1.0)],
        utilities={("A", "x"): LINEAR_DOWN, ("B", "x"): LINEAR_UP},
        disagreement={("A", "x"): 0.6, ("B", "x"): 0.6},
    )
    result = nash_bargaining(negotiation)
    assert result.forecast["forecast"].isna().all()
    assert not result.history["agreement"].any()


def test_issues_without_utilities_are_left_out() -> None:
    negotiation = make_negotiation(["x"], [("A", "x", 0, 1, 1.0), ("B", "x", 100, 1, 1.0)])
    assert nash_bargaining(negotiation).forecast.empty
