"""Multi-actor issue models: where talks over a set of issues are likely to land.

Each model takes a :class:`~corridor.scenario.negotiation.Negotiation` and returns a
:class:`ModelResult` (forecast per issue, trajectory per round, positions, history):

- :func:`compromise` — capability x salience weighted mean (and weighted median);
- :func:`expected_utility` — Bueno de Mesquita's model as reconstructed by Scholz et al.;
- :func:`exchange` — Stokman's exchange model of vote trading across issues;
- :func:`nash_bargaining` — the Nash bargaining solution where utilities are given.

:func:`monte_carlo` runs any of them over noisy copies of the coded inputs.
"""

from __future__ import annotations

from collections.abc import Sequence

from corridor.negotiation.common import ModelResult, weighted_mean, weighted_median
from corridor.negotiation.compromise import compromise
from corridor.negotiation.exchange import ExchangeOptions, exchange
from corridor.negotiation.expected_utility import ExpectedUtilityOptions, expected_utility
from corridor.negotiation.nash import NashOptions, nash_bargaining
from corridor.negotiation.sensitivity import ModelRun, Noise, SensitivityResult, monte_carlo
from corridor.scenario.negotiation import Negotiation

MODEL_NAMES: tuple[str, ...] = ("compromise", "eu", "exchange", "nash")
"""Names of the models, as the CLI's ``--model`` takes them."""


def model_runs(names: Sequence[str] = MODEL_NAMES, rounds: int = 10) -> dict[str, ModelRun]:
    """Return the named models with default options and ``rounds`` (where they have rounds)."""
    unknown = [n for n in names if n not in MODEL_NAMES]
    if unknown:
        raise ValueError(
            f"unknown model(s) {', '.join(unknown)}; choose from {', '.join(MODEL_NAMES)}"
        )
    eu_options = ExpectedUtilityOptions(rounds=rounds)
    exchange_options = ExchangeOptions(rounds=rounds)
    runs: dict[str, ModelRun] = {
        "compromise": compromise,
        "eu": lambda n: expected_utility(n, eu_options),
        "exchange": lambda n: exchange(n, exchange_options),
        "nash": nash_bargaining,
    }
    return {name: runs[name] for name in names}


def run_models(
    negotiation: Negotiation, names: Sequence[str] = MODEL_NAMES, rounds: int = 10
) -> dict[str, ModelResult]:
    """Run the named models on ``negotiation``; results keyed by model name."""
    return {name: run(negotiation) for name, run in model_runs(names, rounds).items()}


__all__ = [
    "MODEL_NAMES",
    "ExchangeOptions",
    "ExpectedUtilityOptions",
    "ModelResult",
    "NashOptions",
    "Noise",
    "SensitivityResult",
    "compromise",
    "exchange",
    "expected_utility",
    "model_runs",
    "monte_carlo",
    "nash_bargaining",
    "run_models",
    "weighted_mean",
    "weighted_median",
]
