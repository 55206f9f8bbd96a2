"""Monte Carlo over the coded inputs: how far each forecast moves, and who moves it.

Expert-coded positions, capabilities and saliences are uncertain. Each draw perturbs
every stance: positions by normal noise (scale points, clipped to 0–100), capabilities by
log-normal factors, saliences by normal noise (clipped to 0–1). Every model runs on every
draw, giving a distribution of forecasts per model and issue.

Influence is measured one actor at a time with common random numbers: draw ``k`` of
actor ``a`` applies only actor ``a``'s part of the noise of joint draw ``k``; the standard
deviation of the forecasts over those draws is how much that actor's coded inputs alone
move the forecast. Draw ``k`` uses :func:`corridor.seeds.draw_generator` (seed, k), so a
run is reproducible whatever order the draws are computed in.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from corridor.errors import InputError
from corridor.negotiation.common import ModelResult
from corridor.negotiation.limits import MAX_NEGOTIATION_DRAWS
from corridor.scenario.negotiation_model import SCALE_HIGH, SCALE_LOW, Negotiation
from corridor.seeds import check_seed, draw_generator

ModelRun = Callable[[Negotiation], ModelResult]
"""A model with its options bound: takes a negotiation, returns its result."""

SUMMARY_COLUMNS = ("model", "issue", "base", "mean", "sd", "p05", "p50", "p95", "draws")
INFLUENCE_COLUMNS = ("model", "issue", "actor", "sd", "rank")


@dataclass(frozen=True)
class Noise:
    """Size of the input noise.

    ``position_sd`` in scale points (additive); ``capability_sd`` the standard deviation of
    the log of a multiplicative factor; ``salience_sd`` additive on the 0–1 salience scale.
    """

    position_sd: float = 5.0
    capability_sd: float = 0.2
    salience_sd: float = 0.1

    def __post_init__(self) -> None:
        for name in ("position_sd", "capability_sd", "salience_sd"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be >= 0")


@dataclass(frozen=True)
class SensitivityResult:
    """Monte Carlo results.

    ``draws``: one row per draw, model and issue (draw, model, issue, forecast; positions
    0–100). ``summary``: the base forecast and the distribution per model and issue
    (:data:`SUMMARY_COLUMNS`; NaN forecasts are left out of the statistics). ``influence``:
    per model, issue and actor the standard deviation of the forecast when only that
    actor's inputs are noisy, ``rank`` 1 for the actor who moves it most.
    """

    draws: pd.DataFrame
    summary: pd.DataFrame
    influence: pd.DataFrame


def perturbed(
    negotiation: Negotiation, z: np.ndarray, noise: Noise, only_actor: int | None = None
) -> Negotiation:
    """Return the negotiation with noise ``z`` (3 x actors x issues, standard normal) applied.

    ``only_actor``: apply the noise of that actor (index into :attr:`Negotiation.actors`) only.
    """
    actors = {a: i for i, a in enumerate(negotiation.actors)}
    issues = {k: j for j, k in enumerate(negotiation.issue_ids)}
    stances = []
    for stance in negotiation.stances:
        i, j = actors[stance.actor], issues[stance.issue]
        if only_actor is not None and i != only_actor:
            stances.append(stance)
            continue
        stances.append(
            dataclasses.replace(
                stance,
                position=float(
                    np.clip(stance.position + noise.position_sd * z[0, i, j], SCALE_LOW, SCALE_HIGH)
                ),
                capability=float(stance.capability * np.exp(noise.capability_sd * z[1, i, j])),
                salience=float(np.clip(stance.salience + noise.salience_sd * z[2, i, j], 0.0, 1.0)),
            )
        )
    return negotiation.with_stances(stances)


def _forecasts(run: ModelRun, negotiation: Negotiation) -> dict[str, float]:
    result = run(negotiation)
    return dict(
        zip(result.forecast["issue"], result.forecast["forecast"].astype(float), strict=True)
    )


def monte_carlo(
    negotiation: Negotiation,
    models: Mapping[str, ModelRun],
    draws: int = 200,
    noise: Noise | None = None,
    seed: int = 0,
    influence: bool = True,
    progress: Callable[[int], None] | None = None,
) -> SensitivityResult:
    """Run every model on ``draws`` noisy copies of the negotiation.

    ``models`` maps a name to a model run. ``influence=False`` skips the one-actor-at-a-
    time runs (which cost ``draws x actors`` more model runs). ``progress`` is called with
    the number of model-run batches done (for a progress bar).
    """
    if draws < 1:
        raise InputError(f"must be at least 1, got {draws}", parameter="draws")
    if draws > MAX_NEGOTIATION_DRAWS:  # checked here too: not every caller is the CLI
        raise InputError(
            f"must be at most {MAX_NEGOTIATION_DRAWS:,} (a draw runs every model once per "
            f"actor), got {draws:,}",
            parameter="draws",
        )
    seed = check_seed(seed)
    noise = noise or Noise()
    shape = (len(negotiation.actors), len(negotiation.issues))
    base = {name: _forecasts(run, negotiation) for name, run in models.items()}
    rows: list[dict[str, object]] = []
    solo: list[dict[str, object]] = []
    for k in range(draws):
        z = draw_generator(seed, k).standard_normal((3, *shape))  # position, capability, salience
        joint = perturbed(negotiation, z, noise)
        for name, run in models.items():
            for issue, value in _forecasts(run, joint).items():
                rows.append({"draw": k, "model": name, "issue": issue, "forecast": value})
        if influence:
            for a, actor in enumerate(negotiation.actors):
                alone = perturbed(negotiation, z, noise, only_actor=a)
                for name, run in models.items():
                    for issue, value in _forecasts(run, alone).items():
                        solo.append(
                            {"model": name, "issue": issue, "actor": actor, "forecast": value}
                        )
        if progress is not None:
            progress(k + 1)
    table = pd.DataFrame(rows, columns=["draw", "model", "issue", "forecast"])
    return SensitivityResult(
        draws=table,
        summary=_summary(table, base),
        influence=_influence(solo) if influence else pd.DataFrame(columns=list(INFLUENCE_COLUMNS)),
    )


def _summary(table: pd.DataFrame, base: dict[str, dict[str, float]]) -> pd.DataFrame:
    rows = []
    for (name, issue), group in table.groupby(["model", "issue"], sort=False):
        values = group["forecast"].dropna().to_numpy()
        stats = (
            [
                values.mean(),
                values.std(ddof=1) if len(values) > 1 else 0.0,
                *np.percentile(values, [5, 50, 95]),
            ]
            if len(values)
            else [float("nan")] * 5
        )
        rows.append(
            [name, issue, base[str(name)].get(str(issue), float("nan")), *stats, len(values)]
        )
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))


def _influence(solo: list[dict[str, object]]) -> pd.DataFrame:
    table = pd.DataFrame(solo, columns=["model", "issue", "actor", "forecast"])
    spread = (
        table.groupby(["model", "issue", "actor"], sort=False)["forecast"]
        .std(ddof=1)
        .fillna(0.0)
        .rename("sd")
        .reset_index()
    )
    spread["rank"] = (
        spread.groupby(["model", "issue"])["sd"].rank(ascending=False, method="min").astype(int)
    )
    return spread[list(INFLUENCE_COLUMNS)]


__all__ = [
    "INFLUENCE_COLUMNS",
    "SUMMARY_COLUMNS",
    "ModelRun",
    "Noise",
    "SensitivityResult",
    "monte_carlo",
    "perturbed",
]
