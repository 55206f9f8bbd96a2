"""The compromise model and the weighted median: the static baselines.

The compromise model (Achen 2006; Thomson et al. 2006, *The European Union Decides*,
ch. 7) forecasts the capability x salience weighted mean of the positions; the weighted
median is the position that wins every pairwise vote weighted the same way (Black's
median voter with weights). Both need no rounds: the trajectory holds round 0 only.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from corridor.negotiation.common import IssuePath, ModelResult, issue_arrays, path_result
from corridor.scenario.negotiation_model import Negotiation

Centre = Literal["mean", "median"]


def compromise(negotiation: Negotiation, centre: Centre = "mean") -> ModelResult:
    """Forecast each issue as the capability x salience weighted mean (or median).

    ``centre="mean"`` is the compromise model; ``"median"`` the weighted median. Both
    are reported in every row; ``forecast`` is the chosen one. Positions on 0–100.
    """
    if centre not in ("mean", "median"):
        raise ValueError(f"centre must be 'mean' or 'median', not {centre!r}")
    model = "compromise" if centre == "mean" else "median"
    paths = []
    for issue in negotiation.issue_ids:
        arrays = issue_arrays(negotiation, issue)
        paths.append(IssuePath(issue, arrays.actors, arrays.position[None, :], arrays.weight))
    return path_result(model, paths, centre, pd.DataFrame(), {"centre": centre})


__all__ = [
    "Centre",
    "compromise",
]
