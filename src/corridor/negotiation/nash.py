"""The Nash bargaining solution over issues where the actors' utilities are given.

Nash (1950); asymmetric form with bargaining weights (Kalai 1977). The agreement ``x``
maximises ``sum_i w_i log(U_i(x) - D_i)`` over the points every actor prefers to
disagreement. Utilities come from the stances' ``utility`` points (linear in between);
``D_i`` is the stance's ``disagreement`` or, when none is given, its utility at the
issue's status quo. Only issues on which every stance gives utility points take part.

``package=True`` bargains over all those issues at once, each actor's utility being the
salience-weighted sum of its issue utilities (so an actor can give on an issue it cares
little about to gain on another: the package deal); ``package=False`` solves each issue
on its own. Weights are equal or each actor's capability (mean over the issues).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Literal

import numpy as np
from scipy.optimize import minimize, minimize_scalar

from corridor.negotiation.common import (
    FORECAST_COLUMNS,
    TRAJECTORY_COLUMNS,
    ModelResult,
    frame,
    issue_arrays,
    weighted_mean,
    weighted_median,
)
from corridor.negotiation.stopping import STATIC
from corridor.scenario.negotiation_model import SCALE_HIGH, SCALE_LOW, Negotiation, Stance

HISTORY_COLUMNS = ("model", "issues", "actor", "utility", "disagreement", "gain", "agreement")
"""Columns of the Nash history: each actor's utility at the solution and without agreement.

``issues`` names the issues bargained together (joined with ``+``); ``agreement`` is False
when no point gives every actor more than disagreement (the forecast is then NaN).
"""

_GRID_POINTS = 1001  # 0.1-point grid over the scale for the single-issue search


@dataclass(frozen=True)
class NashOptions:
    """Options of the Nash bargaining model.

    ``weights``: ``"equal"`` (symmetric Nash) or ``"capability"`` (bargaining power in
    proportion to mean capability). ``package``: bargain over all issues with utilities
    at once (True) or issue by issue (False).
    """

    weights: Literal["equal", "capability"] = "equal"
    package: bool = True

    def __post_init__(self) -> None:
        if self.weights not in ("equal", "capability"):
            raise ValueError(f"weights must be 'equal' or 'capability', not {self.weights!r}")


def bargaining_issues(negotiation: Negotiation) -> tuple[str, ...]:
    """Return the issues on which every stance gives utility points."""
    return tuple(
        issue
        for issue in negotiation.issue_ids
        if all(s.utility for s in negotiation.stances_on(issue))
    )


def _disagreement(stance: Stance, status_quo: float | None) -> float:
    if stance.disagreement is not None:
        return stance.disagreement
    if status_quo is None:
        raise ValueError(f"stance of {stance.actor} on {stance.issue}: no disagreement utility")
    return stance.utility_at(status_quo)


def _points(stance: Stance) -> tuple[list[float], list[float]]:
    points = stance.utility or ()
    return [x for x, _ in points], [u for _, u in points]


def _utility_table(stances: list[list[Stance]], grid: np.ndarray) -> np.ndarray:
    """u[k, i, g]: utility of actor i on issue k at grid point g."""
    return np.array([[np.interp(grid, *_points(s)) for s in row] for row in stances])


def nash_bargaining(negotiation: Negotiation, options: NashOptions | None = None) -> ModelResult:
    """Solve the Nash bargaining problem on the issues with utilities.

    Returns the forecast per bargaining issue (positions 0–100; NaN where there is no
    agreement), a one-round trajectory (round 0: the weighted median/mean of positions,
    round 1: the solution) and the history of utilities at the solution.
    """
    options = options or NashOptions()
    model = "nash"
    issues = bargaining_issues(negotiation)
    actors = negotiation.actors
    groups = [issues] if options.package and issues else [(issue,) for issue in issues]
    capability = (
        np.array([np.mean([negotiation.stance(a, k).capability for k in issues]) for a in actors])
        if issues
        else np.ones(len(actors))
    )
    power = (
        capability / capability.sum() if options.weights == "capability" else np.ones(len(actors))
    )
    solution: dict[str, float] = {}
    history: list[dict[str, object]] = []
    for group in groups:
        stances = [[negotiation.stance(a, k) for a in actors] for k in group]
        sal = np.array([[s.salience for s in row] for row in stances])  # issues x actors
        if len(group) > 1:
            # an actor's package utility weighs each issue by its salience there
            sal = sal / np.where(sal.sum(axis=0) > 0, sal.sum(axis=0), 1.0)
        else:
            sal = np.ones_like(sal)
        status = [negotiation.issue(k).status_quo for k in group]
        d = np.array(
            [[_disagreement(s, sq) for s in row] for row, sq in zip(stances, status, strict=True)]
        )
        d_total = (sal * d).sum(axis=0)
        x, agreed = _solve(stances, sal, d_total, power)
        utility = _package_utility(stances, sal, x) if agreed else d_total
        for k, issue in enumerate(group):
            solution[issue] = float(x[k]) if agreed else float("nan")
        history.extend(
            {
                "model": model,
                "issues": "+".join(group),
                "actor": a,
                "utility": float(utility[i]),
                "disagreement": float(d_total[i]),
                "gain": float(utility[i] - d_total[i]),
                "agreement": agreed,
            }
            for i, a in enumerate(actors)
        )
    return _result(model, negotiation, issues, solution, history, options)


def _package_utility(stances: list[list[Stance]], sal: np.ndarray, x: np.ndarray) -> np.ndarray:
    return np.array(
        [
            sum(sal[k, i] * stances[k][i].utility_at(float(x[k])) for k in range(len(stances)))
            for i in range(len(stances[0]))
        ]
    )


def _objective(
    stances: list[list[Stance]], sal: np.ndarray, d_total: np.ndarray, power: np.ndarray
) -> Callable[[np.ndarray], float]:
    def negative_log_product(x: np.ndarray) -> float:
        x = np.clip(x, SCALE_LOW, SCALE_HIGH)
        surplus = _package_utility(stances, sal, x) - d_total
        if np.any(surplus <= 0):
            # outside the bargaining set: a penalty that still points back into it
            return 1e6 + 1e3 * float(np.clip(-surplus, 0, None).sum())
        return -float(power @ np.log(surplus))

    return negative_log_product


def _solve(
    stances: list[list[Stance]], sal: np.ndarray, d_total: np.ndarray, power: np.ndarray
) -> tuple[np.ndarray, bool]:
    """Maximise the weighted Nash product; also say whether it beats disagreement."""
    grid = np.linspace(SCALE_LOW, SCALE_HIGH, _GRID_POINTS)
    table = _utility_table(stances, grid)  # issues x actors x grid
    objective = _objective(stances, sal, d_total, power)
    # starts: the power-weighted utilitarian point of each issue, and the mid-scale
    utilitarian = np.array([grid[int(np.argmax(power @ table[k]))] for k in range(len(stances))])
    starts = [utilitarian, np.full(len(stances), (SCALE_LOW + SCALE_HIGH) / 2)]
    if len(stances) == 1:
        values = np.array([objective(np.array([g])) for g in grid])
        best = grid[int(np.argmin(values))]
        refined = minimize_scalar(
            lambda v: objective(np.array([v])),
            bounds=(max(SCALE_LOW, best - 0.1), min(SCALE_HIGH, best + 0.1)),
            method="bounded",
        )
        x = np.array([refined.x if refined.fun <= values.min() else best])
    else:
        best_x, best_value = starts[0], objective(starts[0])
        for start in starts:
            found = minimize(
                objective, start, method="Powell", bounds=[(SCALE_LOW, SCALE_HIGH)] * len(stances)
            )
            if found.fun < best_value:
                best_x, best_value = np.clip(found.x, SCALE_LOW, SCALE_HIGH), float(found.fun)
        x = best_x
    agreed = bool(np.all(_package_utility(stances, sal, x) - d_total > 0))
    return x, agreed


def _result(
    model: str,
    negotiation: Negotiation,
    issues: tuple[str, ...],
    solution: dict[str, float],
    history: list[dict[str, object]],
    options: NashOptions,
) -> ModelResult:
    rows: list[dict[str, object]] = []
    trajectory: list[dict[str, object]] = []
    positions: list[dict[str, object]] = []
    for issue in issues:
        arrays = issue_arrays(negotiation, issue)
        median = weighted_median(arrays.position, arrays.weight)
        mean = weighted_mean(arrays.position, arrays.weight)
        forecast = solution[issue]
        rows.append(
            {
                "model": model,
                "issue": issue,
                "forecast": forecast,
                "median": median,
                "mean": mean,
                "rounds": 1,
                "status": STATIC,
                "period": 0,
                "forecast_low": forecast,
                "forecast_high": forecast,
                "forecast_mean": forecast,
            }
        )
        trajectory.append(
            {
                "model": model,
                "issue": issue,
                "round": 0,
                "forecast": median,
                "median": median,
                "mean": mean,
            }
        )
        trajectory.append(
            {
                "model": model,
                "issue": issue,
                "round": 1,
                "forecast": forecast,
                "median": median,
                "mean": mean,
            }
        )
        positions.extend(
            {"model": model, "issue": issue, "round": 0, "actor": a, "position": float(x)}
            for a, x in zip(arrays.actors, arrays.position, strict=True)
        )
    return ModelResult(
        model=model,
        forecast=frame(rows, FORECAST_COLUMNS),
        trajectory=frame(trajectory, TRAJECTORY_COLUMNS),
        positions=frame(positions, ("model", "issue", "round", "actor", "position")),
        history=frame(history, HISTORY_COLUMNS),
        options=asdict(options),
    )


__all__ = [
    "HISTORY_COLUMNS",
    "NashOptions",
    "bargaining_issues",
    "nash_bargaining",
]
