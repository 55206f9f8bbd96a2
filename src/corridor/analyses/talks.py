"""The negotiation models on a scenario's talks (its own or its companion's)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from corridor.analyses.limits import LIMITS, records
from corridor.errors import InputError, Unavailable
from corridor.negotiation.models import MODEL_NAMES
from corridor.negotiation.stopping import DEFAULT_TOLERANCE, STOPS

if TYPE_CHECKING:
    from corridor.negotiation.common import ModelResult
    from corridor.negotiation.sensitivity import SensitivityResult
    from corridor.negotiation.stopping import Stop
    from corridor.scenario.model import Scenario
    from corridor.scenario.negotiation_model import Negotiation


# --- negotiate ----------------------------------------------------------------------------
def negotiation_for(scenario: Scenario) -> tuple[Negotiation, str]:
    """The talks a scenario's negotiation analysis uses, and the scenario they come from.

    Its own ``[negotiation]`` section, else that of the companion it names in ``[scenario]
    negotiation_from``; :class:`Unavailable` when it has neither.
    """
    if scenario.negotiation is not None:
        return scenario.negotiation, scenario.name
    if scenario.negotiation_from is not None:
        return negotiation_of(scenario.negotiation_from)
    raise Unavailable(
        f"scenario {scenario.name!r} has no [negotiation] section and names no companion "
        "(negotiation_from)"
    )


def negotiation_of(name_or_path: str | Path) -> tuple[Negotiation, str]:
    """Load another scenario's ``[negotiation]`` (for scenarios without one)."""
    from corridor.scenario import load_scenario

    other = load_scenario(name_or_path)
    if other.negotiation is None:
        raise Unavailable(f"negotiation: scenario {other.name!r} has no [negotiation] section")
    return other.negotiation, other.name


@dataclass(frozen=True)
class NegotiationAnalysis:
    """Each model's forecast, trajectory and history, and the Monte Carlo sensitivity."""

    title: str
    negotiation: Negotiation
    results: dict[str, ModelResult]
    sensitivity: SensitivityResult | None
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The ``corridor negotiate --json`` document (schema ``corridor.negotiate/2``).

        /2: a forecast row carries its ``status``, ``period`` and range, and ``forecast``
        follows the forecast rule (the mean over a cycle, not the last round's centre).
        """
        sensitivity = self.sensitivity
        return {
            "schema": "corridor.negotiate/2",
            "title": self.title,
            "issues": [
                {
                    "id": i.id,
                    "name": i.name,
                    "low": i.low_label,
                    "high": i.high_label,
                    "status_quo": i.status_quo,
                }
                for i in self.negotiation.issues
            ],
            "models": {
                name: {
                    "forecast": records(r.forecast),
                    "trajectory": records(r.trajectory),
                    "history": records(r.history),
                    "options": r.options,
                }
                for name, r in self.results.items()
            },
            "sensitivity": None
            if sensitivity is None
            else {
                "summary": records(sensitivity.summary),
                "influence": records(sensitivity.influence),
            },
        }


def negotiate(
    negotiation: Negotiation,
    *,
    models: Sequence[str] = MODEL_NAMES,
    rounds: int = LIMITS.rounds,
    stop: str = "converge",
    tolerance: float = DEFAULT_TOLERANCE,
    draws: int = 0,
    seed: int = 0,
    title: str = "",
    source: str = "",
    progress: Callable[[int], None] | None = None,
) -> NegotiationAnalysis:
    """Run the named models on the talks; with ``draws``, their Monte Carlo sensitivity.

    ``rounds``, ``stop`` and ``tolerance``: the iterated models' forecast rule
    (:mod:`corridor.negotiation.stopping`).
    """
    from corridor.negotiation import model_runs, monte_carlo

    if not 1 <= rounds <= LIMITS.max_rounds:
        raise InputError(
            f"must be between 1 and {LIMITS.max_rounds}, got {rounds}", parameter="rounds"
        )
    if stop not in STOPS:
        raise InputError(f"must be one of {', '.join(STOPS)}, got {stop!r}", parameter="stop")
    if not (math.isfinite(tolerance) and 0 <= tolerance <= LIMITS.max_tolerance):
        raise InputError(
            f"must be between 0 and {LIMITS.max_tolerance:g} scale points, got {tolerance}",
            parameter="tolerance",
        )
    if draws < 0:
        raise InputError(f"must be 0 or more, got {draws}", parameter="draws")
    if seed < 0:
        raise InputError(f"must be a non-negative integer, got {seed}", parameter="seed")
    runs = model_runs(list(models), rounds, cast("Stop", stop), tolerance)
    results = {name: run_model(negotiation) for name, run_model in runs.items()}
    sensitivity = None
    if draws:
        sensitivity = monte_carlo(negotiation, runs, draws=draws, seed=seed, progress=progress)
    return NegotiationAnalysis(title, negotiation, results, sensitivity, source)


__all__ = ["NegotiationAnalysis", "negotiate", "negotiation_for", "negotiation_of"]
