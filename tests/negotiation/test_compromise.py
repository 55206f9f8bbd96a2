from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from corridor.negotiation import compromise, weighted_median

from .negotiation_cases import make_negotiation


def test_compromise_and_median_by_hand() -> None:
    # weights c*s: A 1*0.5 = 0.5 at 0, B 2*0.5 = 1.0 at 60, C 1*1 = 1.0 at 90
    # mean = (0 + 60 + 90) / 2.5 = 60; median: cumulative 0.5, 1.5 >= 1.25 -> 60
    negotiation = make_negotiation(
        ["x"], [("A", "x", 0, 1, 0.5), ("B", "x", 60, 2, 0.5), ("C", "x", 90, 1, 1.0)]
    )
    mean = compromise(negotiation)
    median = compromise(negotiation, centre="median")
    assert mean.forecast_of("x") == pytest.approx(60.0)
    assert median.forecast_of("x") == pytest.approx(60.0)
    shifted = make_negotiation(
        ["x"], [("A", "x", 0, 1, 0.5), ("B", "x", 60, 2, 0.5), ("C", "x", 90, 3, 1.0)]
    )
    # weights 0.5, 1.0, 3.0: mean = (60 + 270) / 4.5 = 73.33; median: 3.0 alone > 2.25 -> 90
    assert compromise(shifted).forecast_of("x") == pytest.approx(330 / 4.5)
    assert compromise(shifted, centre="median").forecast_of("x") == 90.0
    assert list(mean.trajectory["round"]) == [0]


def test_weighted_median_tie_takes_lower_position() -> None:
    assert weighted_median(np.array([10.0, 20.0]), np.array([1.0, 1.0])) == 10.0


@given(st.lists(st.tuples(st.floats(0, 100), st.floats(0.01, 10)), min_size=1, max_size=12))
def test_weighted_median_minimises_weighted_distance(rows: list[tuple[float, float]]) -> None:
    x = np.array([r[0] for r in rows])
    w = np.array([r[1] for r in rows])
    median = weighted_median(x, w)
    cost = np.abs(x[:, None] - x[None, :]).T @ w
    assert median in x
    assert float(w @ np.abs(x - median)) <= cost.min() + 1e-9 * (1 + cost.min())
