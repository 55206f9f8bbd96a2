"""The option to wait: build now, or wait one period and build only if the regime allows.

A two-period binomial real option (Dixit and Pindyck, *Investment under Uncertainty*,
1994, ch. 2). Tomorrow's regime is one of several states with probabilities ``p_s``.
Building now commits to the project in every state, and its NPV in state ``s`` is
``now_s``. Waiting one period reveals the state, and the project is built only where it
then pays: ``wait_s`` is its NPV if built after the wait (discounted to today), and the
value of waiting is ``max(wait_s, 0)``. So::

    now  = sum_s p_s * now_s
    wait = sum_s p_s * max(wait_s, 0)
    value of waiting = wait - max(now, 0)   (> 0: waiting is worth more than building now)

Hand-worked two-period case (the test's): capex I = 100 now, the project worth V = 180
(up) or 60 (down) with p = 0.5 each, rate r = 10 %/yr. Building now: now_up = 180 - 100 =
80, now_down = 60 - 100 = -40, so now = 0.5 * 80 + 0.5 * (-40) = 20. Waiting one year:
wait_up = (180 - 100) / 1.1 = 72.727, wait_down = (60 - 100) / 1.1 = -36.364, not built.
So wait = 0.5 * 72.727 + 0.5 * 0 = 36.364, and the value of waiting is 36.364 - 20 =
16.364.

:func:`break_even` is the probability of the bad state at which waiting and building now
are worth the same, for two states. It needs no probability as input.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from corridor.errors import InputError

__all__ = ["WaitingOption", "break_even", "option_to_wait"]


@dataclass(frozen=True)
class WaitingOption:
    """The option to wait, USD m: per state the NPVs of building now and after waiting."""

    states: tuple[str, ...]
    probabilities: tuple[float, ...]
    now_musd: tuple[float, ...]
    wait_musd: tuple[float, ...]
    note: str = ""

    @property
    def build_now_musd(self) -> float:
        """Expected NPV of building now."""
        return sum(p * v for p, v in zip(self.probabilities, self.now_musd, strict=True))

    @property
    def wait_musd_expected(self) -> float:
        """Expected NPV of waiting and building only where it pays."""
        return sum(p * max(v, 0.0) for p, v in zip(self.probabilities, self.wait_musd, strict=True))

    @property
    def value_of_waiting_musd(self) -> float:
        """Waiting's expected NPV less that of the best choice today (build or not)."""
        return self.wait_musd_expected - max(self.build_now_musd, 0.0)

    def to_dict(self) -> dict[str, Any]:
        """The ``option_to_wait`` block of ``corridor timeline --json``."""
        return {
            "states": [
                {"state": s, "probability": p, "build_now_npv_musd": n, "wait_npv_musd": w}
                for s, p, n, w in zip(
                    self.states, self.probabilities, self.now_musd, self.wait_musd, strict=True
                )
            ],
            "build_now_npv_musd": self.build_now_musd,
            "wait_npv_musd": self.wait_musd_expected,
            "value_of_waiting_musd": self.value_of_waiting_musd,
            "note": self.note,
        }


def option_to_wait(
    now_musd: Mapping[str, float], wait_musd: Mapping[str, float],
    probabilities: Mapping[str, float], note: str = "",
) -> WaitingOption:  # fmt: skip
    """The option for states named alike in the three mappings (probabilities sum to 1)."""
    states = tuple(probabilities)
    if set(now_musd) != set(states) or set(wait_musd) != set(states):
        raise InputError("option_to_wait: the same states are needed in all three mappings")
    if any(p < 0 for p in probabilities.values()) or abs(sum(probabilities.values()) - 1) > 1e-9:
        raise InputError(
            "probabilities must be non-negative and sum to 1", parameter="probabilities"
        )
    return WaitingOption(
        states, tuple(probabilities[s] for s in states), tuple(now_musd[s] for s in states),
        tuple(wait_musd[s] for s in states), note,
    )  # fmt: skip


def break_even(good_now: float, bad_now: float, good_wait: float) -> float | None:
    """Probability of the bad state above which waiting beats building now (two states).

    With the bad state's waiting NPV zero (not built), building now is worth
    ``(1 - p) good_now + p bad_now`` and waiting ``(1 - p) max(good_wait, 0)``; they are
    equal at ``p = (good_now - w) / (good_now - w - bad_now)``, ``w = max(good_wait, 0)``.
    None when one choice is better for every p in [0, 1].
    """
    wait = max(good_wait, 0.0)
    denominator = good_now - wait - bad_now
    if denominator == 0:
        return None
    p = (good_now - wait) / denominator
    return p if 0.0 <= p <= 1.0 else None
