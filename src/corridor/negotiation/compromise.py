"""The compromise model and the weighted median: the static baselines.

The compromise model (Achen 2006; Thomson et al. 2006, *The European Union Decides*,
ch. 7) forecasts the capability x salience weighted mean of the positions; the weighted
median is the position that wins every pairwise vote weighted the same way (Black's
median voter with weights). Both need no rounds: the trajectory holds round 0 only.
"""

from __future__ import annotations

from typing import Literal

from corridor.negotiation.common import (
    FORECAST_COLUMNS,
    TRAJECTORY_COLUMNS,
    ModelResult,
    frame,
    issue_arrays,
    weighted_mean,
    weighted_median,
)
from corridor.scenario.negotiation import Negotiation

Centre = Literal["mean", "median"]


def compromise(negotiation: Negotiation, centre: Centre = "mean") -> ModelResult:
    """Forecast each issue as the capability x salience weighted mean (or median).

    ``centre="mean"`` is the compromise model; ``"median"`` the weighted median. Both
    are reported in every row; ``forecast`` is the chosen one. Positions on 0–100.
    """
    if centre not in ("mean", "median"):
        raise ValueError(f"centre must be 'mean' or 'median', not {centre!r}")
    model = "compromise" if centre == "mean" else "median"
    rows: list[dict[str, object]] = []
    positions: list[dict[str, object]] = []
    for issue in negotiation.issue_ids:
        arrays = issue_arrays(negotiation, issue)
        mean = weighted_mean(arrays.position, arrays.weight)
        median = weighted_median(arrays.position, arrays.weight)
        forecast = mean if centre == "mean" else median
        rows.append(
            {
                "model": model,
                "issue": issue,
                "forecast": forecast,
                "median": median,
                "mean": mean,
                "rounds": 0,
            }
        )
        positions.extend(
            {"model": model, "issue": issue, "round": 0, "actor": a, "position": float(x)}
            for a, x in zip(arrays.actors, arrays.position, strict=True)
        )
    forecast_frame = frame(rows, FORECAST_COLUMNS)
    trajectory = forecast_frame.assign(round=0)[list(TRAJECTORY_COLUMNS)]
    return ModelResult(
        model=model,
        forecast=forecast_frame,
        trajectory=trajectory,
        positions=frame(positions, ("model", "issue", "round", "actor", "position")),
        options={"centre": centre},
    )
