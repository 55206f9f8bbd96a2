"""The forecast rule of the iterated models: when the rounds stop, and what they forecast.

The expected-utility and exchange models move the actors' positions round by round; what
they forecast must not depend on an arbitrary round count (BDM's emissions example gives
a median of 9.96 years after 5 rounds, 7.47 after 6 and 7.0 after 10). With
``stop="converge"`` (the default) the rounds run until

- every position moved no more than ``tolerance`` (scale points) in each of the last
  ``confirm`` rounds (:data:`CONFIRM_ROUNDS`, 10): *converged* (period 1); the forecast is
  the centre (the model's weighted median or mean) of the last round;
- the positions of each of the last ``max(p, confirm)`` rounds came back, within
  ``tolerance``, to those ``p`` rounds before (the cycle has run at least twice, and for
  ``confirm`` rounds): a *cycle* of period ``p``; the forecast is the mean of the centre
  over the ``p`` rounds of the cycle, and ``forecast_low``/``forecast_high`` its range;
- neither happened by the round cap: *round cap*, flagged as not converged; the forecast
  is the centre after the last round.

The smallest period is taken, so a converged state is never also reported as a cycle.
``stop="fixed"`` runs exactly the rounds asked (the published per-round runs), status
*fixed*, forecast the centre after the last round. Models without rounds (compromise,
median, Nash) have status *static*. Where no cycle or converged state gives the range,
``forecast_low``/``forecast_high``/``forecast_mean`` are taken over every round run.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "CONFIRM_ROUNDS",
    "CONVERGED",
    "CYCLE",
    "DEFAULT_TOLERANCE",
    "FIXED",
    "ROUND_CAP",
    "ROUND_CAP_DEFAULT",
    "STATIC",
    "STATIC_ENDING",
    "STOPS",
    "Ending",
    "Stop",
    "StopRule",
    "centre_summary",
    "ending",
    "out_of_rounds",
    "repeat_period",
]

Stop = Literal["converge", "fixed"]
STOPS: tuple[Stop, ...] = ("converge", "fixed")

DEFAULT_TOLERANCE = 1e-3
"""Default tolerance, in scale points (0–100 scale): far below the precision of any coding,
and tight enough not to mistake a slow drift for convergence (in BDM's emissions example
Belgium creeps by 0.003–0.007 years a round for five rounds before it leaves again)."""

CONFIRM_ROUNDS = 10
"""Rounds a repeat must hold before the rounds stop on it. One still round is not enough:
the expected-utility offers switch discontinuously, so positions can stand still for a
round or two and then break away (the 2011 pipeline coding of six-party-2011 stands still
at a median of 60 for two rounds, then jumps to 87.8, again and again; with one round of
confirmation it was called converged at 60, and which plateau it stopped on depended on
the last bit of a power)."""

ROUND_CAP_DEFAULT = 100
"""Default round cap of the iterated models (``LIMITS.rounds`` of the front ends)."""

CONVERGED = "converged"
CYCLE = "cycle"
ROUND_CAP = "round cap"
FIXED = "fixed"
STATIC = "static"


@dataclass(frozen=True)
class StopRule:
    """When the rounds stop.

    ``stop``: ``"converge"`` or ``"fixed"``; ``tolerance`` in scale points (0: only
    exact repeats count); ``confirm``: rounds a repeat must hold (:data:`CONFIRM_ROUNDS`).
    """

    stop: Stop = "converge"
    tolerance: float = DEFAULT_TOLERANCE
    confirm: int = CONFIRM_ROUNDS

    def __post_init__(self) -> None:
        if self.stop not in STOPS:
            raise ValueError(f"stop must be one of {STOPS}, not {self.stop!r}")
        if not (math.isfinite(self.tolerance) and self.tolerance >= 0):
            raise ValueError(f"tolerance must be a finite number >= 0, not {self.tolerance}")
        if self.confirm < 1:
            raise ValueError(f"confirm must be at least 1, not {self.confirm}")


@dataclass(frozen=True)
class Ending:
    """Why the rounds stopped.

    ``status`` (see the module) and ``period`` (1 converged, p for a cycle, 0 otherwise).
    """

    status: str
    period: int = 0


STATIC_ENDING = Ending(STATIC)
"""The ending of a model without rounds."""


def repeat_period(states: Sequence[np.ndarray], tolerance: float, confirm: int = 1) -> int:
    """Return the period the states have settled into: 0 when none.

    The smallest ``p >= 1`` such that each of the last ``max(p, confirm)`` states lies
    within ``tolerance`` (largest absolute difference of any position) of the state ``p``
    rounds before it: the whole cycle has been seen at least twice. One repeated state is
    not enough: the offers switch discontinuously, so two states 0.0004 points apart can
    lead to different rounds (six-party-2011's pipeline issue did, under the 2011 coding).
    """
    import numpy as np  # here: the CLI reads this module's defaults for --help

    for period in range(1, len(states)):
        pairs = max(period, confirm)
        if pairs + period > len(states):  # grows with the period: no longer one fits
            break
        if all(
            float(np.max(np.abs(states[-1 - k] - states[-1 - k - period]), initial=0.0))
            <= tolerance
            for k in range(pairs)
        ):
            return period
    return 0


def ending(states: Sequence[np.ndarray], rule: StopRule) -> Ending | None:
    """After a round in converge mode: the ending if the rounds stop here, else None."""
    if rule.stop != "converge":
        return None
    period = repeat_period(states, rule.tolerance, rule.confirm)
    if period == 0:
        return None
    return Ending(CONVERGED if period == 1 else CYCLE, period)


def out_of_rounds(rule: StopRule) -> Ending:
    """The ending when every allowed round has run: *fixed*, or *round cap* (not converged)."""
    return Ending(FIXED if rule.stop == "fixed" else ROUND_CAP)


def centre_summary(centres: Sequence[float], stop: Ending) -> tuple[float, float, float, float]:
    """(forecast, low, high, mean) of a model's centre per round (round 0 first).

    Over the cycle's rounds for a cycle or a converged state (see the module), else over
    every round after round 0 (round 0 itself when there is no other).
    """
    import numpy as np

    values = np.asarray(centres, dtype=float)
    if stop.period >= 1:
        window = values[-stop.period :]
    else:
        window = values[1:] if len(values) > 1 else values
    low, high, mean = float(window.min()), float(window.max()), float(window.mean())
    forecast = mean if stop.status == CYCLE else float(values[-1])
    return forecast, low, high, mean
