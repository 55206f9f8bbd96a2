"""The option to wait against the hand-worked two-period binomial case."""

from __future__ import annotations

import pytest

from corridor.errors import InputError
from corridor.option_to_wait import break_even, option_to_wait


def test_two_period_binomial_by_hand() -> None:
    """I = 100, V = 180 or 60 with p = 0.5, r = 10 %/yr (the module docstring's working):
    now = 0.5 * 80 + 0.5 * (-40) = 20; wait = 0.5 * 80 / 1.1 = 36.364; waiting is worth
    36.364 - 20 = 16.364 more."""
    rate, capex = 0.10, 100.0
    now = {"up": 180.0 - capex, "down": 60.0 - capex}
    wait = {s: v / (1 + rate) for s, v in now.items()}
    done = option_to_wait(now, wait, {"up": 0.5, "down": 0.5})
    assert done.build_now_musd == pytest.approx(20.0)
    assert done.wait_musd_expected == pytest.approx(36.3636, abs=1e-4)
    assert done.value_of_waiting_musd == pytest.approx(16.3636, abs=1e-4)
    # break-even: (1 - p) 80 + p (-40) = (1 - p) 72.727  =>  p = 7.273 / 47.273 = 0.15385
    p = break_even(now["up"], now["down"], wait["up"])
    assert p == pytest.approx(7.2727 / 47.2727, abs=1e-4)
    at = option_to_wait(now, wait, {"up": 1 - p, "down": p})
    assert at.value_of_waiting_musd == pytest.approx(0.0, abs=1e-9)


def test_a_sure_project_is_built_now() -> None:
    done = option_to_wait({"up": 80.0}, {"up": 72.0}, {"up": 1.0})
    assert done.value_of_waiting_musd == pytest.approx(-8.0)
    assert break_even(80.0, 50.0, 72.0) is None  # building now wins for every p


def test_probabilities_are_checked() -> None:
    with pytest.raises(InputError, match="sum to 1"):
        option_to_wait({"a": 1.0}, {"a": 1.0}, {"a": 0.7})
