"""What every negotiation model shares: the result type, issue arrays, weighted centres."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from corridor.negotiation.stopping import STATIC_ENDING, Ending, centre_summary
from corridor.scenario.negotiation_model import Negotiation

FORECAST_COLUMNS = (
    "model",
    "issue",
    "forecast",
    "median",
    "mean",
    "rounds",
    "status",
    "period",
    "forecast_low",
    "forecast_high",
    "forecast_mean",
)
"""Columns of :attr:`ModelResult.forecast` (positions on the 0–100 scale).

``median``/``mean``: the weighted median and mean after the last round; ``rounds``: the
round the model stopped at; ``status``, ``period`` and the ``forecast_*`` range: the
forecast rule of :mod:`corridor.negotiation.stopping`.
"""
TRAJECTORY_COLUMNS = ("model", "issue", "round", "forecast", "median", "mean")
"""Columns of :attr:`ModelResult.trajectory` (round 0 is the starting point)."""
POSITION_COLUMNS = ("model", "issue", "round", "actor", "position")
"""Columns of :attr:`ModelResult.positions`."""


@dataclass(frozen=True)
class ModelResult:
    """What a negotiation model returns.

    ``forecast``: one row per issue (:data:`FORECAST_COLUMNS`; positions 0–100, ``rounds``
    the number of rounds run, ``status`` why they stopped). ``trajectory``: the forecast,
    weighted median and mean after each round (:data:`TRAJECTORY_COLUMNS`).
    ``positions``: every actor's position after each round (model, issue, round, actor,
    position). ``history``: model-specific events
    of each round (challenges and offers, exchanges); empty where the model has none.
    ``options``: the options the model ran with, for the record.
    """

    model: str
    forecast: pd.DataFrame
    trajectory: pd.DataFrame
    positions: pd.DataFrame
    history: pd.DataFrame = field(default_factory=pd.DataFrame)
    options: dict[str, object] = field(default_factory=dict)

    def forecast_of(self, issue: str) -> float:
        """Return the forecast position (0–100) on one issue."""
        row = self.forecast.loc[self.forecast["issue"] == issue, "forecast"]
        if row.empty:
            raise KeyError(f"no forecast for issue {issue!r}")
        return float(row.iloc[0])


@dataclass(frozen=True)
class IssueArrays:
    """One issue as arrays in actor order: positions (0–100), capability, salience (0–1)."""

    issue: str
    actors: tuple[str, ...]
    position: np.ndarray
    capability: np.ndarray
    salience: np.ndarray

    @property
    def weight(self) -> np.ndarray:
        """Capability x salience: each actor's effective weight on the issue."""
        return self.capability * self.salience


def issue_arrays(negotiation: Negotiation, issue: str) -> IssueArrays:
    """Return the stances on ``issue`` as arrays, in :attr:`Negotiation.actors` order."""
    stances = negotiation.stances_on(issue)
    return IssueArrays(
        issue=issue,
        actors=tuple(s.actor for s in stances),
        position=np.array([s.position for s in stances], dtype=float),
        capability=np.array([s.capability for s in stances], dtype=float),
        salience=np.array([s.salience for s in stances], dtype=float),
    )


def weighted_mean(position: np.ndarray, weight: np.ndarray) -> float:
    """Weighted mean position; NaN when every weight is zero."""
    total = float(weight.sum())
    return float(weight @ position / total) if total > 0 else float("nan")


def weighted_median(position: np.ndarray, weight: np.ndarray) -> float:
    """Return the weighted median among the actors' positions.

    The position held by some actor that minimises the weighted sum of distances to all
    positions: with linear losses it wins every pairwise majority vote weighted by
    ``weight`` (the Condorcet winner, BDM's "median voter position"). When two positions
    tie, the lower one is returned, so the result is deterministic.
    """
    if float(weight.sum()) <= 0:
        return float("nan")
    order = np.argsort(position, kind="stable")
    x, w = position[order], weight[order]
    cumulative = np.cumsum(w)
    index = int(np.searchsorted(cumulative, cumulative[-1] / 2.0 - 1e-12 * cumulative[-1]))
    return float(x[min(index, len(x) - 1)])


def frame(rows: list[dict[str, object]], columns: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """Return a DataFrame of ``rows`` with exactly ``columns`` (also when there are none)."""
    return pd.DataFrame(rows, columns=list(columns))


@dataclass(frozen=True)
class IssuePath:
    """Every actor's position on one issue after each round (row 0: the start)."""

    issue: str
    actors: tuple[str, ...]
    positions: np.ndarray  # rounds + 1 x actors, 0–100
    weight: np.ndarray  # capability x salience per actor
    ending: Ending = STATIC_ENDING  # why the rounds stopped


def path_result(
    model: str,
    paths: Sequence[IssuePath],
    centre: Literal["mean", "median"],
    history: pd.DataFrame,
    options: dict[str, object],
) -> ModelResult:
    """Assemble a :class:`ModelResult` from the round-by-round positions of each issue.

    The centre of a round is the weighted ``centre`` (mean or median) of the positions;
    the forecast follows from the centres and the path's ending
    (:func:`corridor.negotiation.stopping.centre_summary`).
    """
    rows: list[dict[str, object]] = []
    trajectory: list[dict[str, object]] = []
    positions: list[dict[str, object]] = []
    for path in paths:
        centres: list[float] = []
        for round_number, x in enumerate(path.positions):
            median = weighted_median(x, path.weight)
            mean = weighted_mean(x, path.weight)
            step = {
                "median": median,
                "mean": mean,
                "forecast": mean if centre == "mean" else median,
            }
            centres.append(step["forecast"])
            trajectory.append({"model": model, "issue": path.issue, "round": round_number, **step})
            positions.extend(
                {
                    "model": model,
                    "issue": path.issue,
                    "round": round_number,
                    "actor": a,
                    "position": float(p),
                }
                for a, p in zip(path.actors, x, strict=True)
            )
        forecast, low, high, mean = centre_summary(centres, path.ending)
        rows.append(
            {
                "model": model,
                "issue": path.issue,
                **step,
                "forecast": forecast,
                "rounds": len(path.positions) - 1,
                "status": path.ending.status,
                "period": path.ending.period,
                "forecast_low": low,
                "forecast_high": high,
                "forecast_mean": mean,
            }
        )
    return ModelResult(
        model=model,
        forecast=frame(rows, FORECAST_COLUMNS),
        trajectory=frame(trajectory, TRAJECTORY_COLUMNS),
        positions=frame(positions, POSITION_COLUMNS),
        history=history,
        options=options,
    )


__all__ = [
    "FORECAST_COLUMNS",
    "POSITION_COLUMNS",
    "TRAJECTORY_COLUMNS",
    "IssueArrays",
    "IssuePath",
    "ModelResult",
    "frame",
    "issue_arrays",
    "path_result",
    "weighted_mean",
    "weighted_median",
]
