"""The models by name, as ``corridor negotiate --model`` and the report choose them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from corridor.negotiation.stopping import DEFAULT_TOLERANCE, ROUND_CAP_DEFAULT, Stop

if TYPE_CHECKING:
    from corridor.negotiation.common import ModelResult
    from corridor.negotiation.sensitivity import ModelRun
    from corridor.scenario.negotiation_model import Negotiation

MODEL_NAMES: tuple[str, ...] = ("compromise", "eu", "exchange", "nash")
"""Names of the models, as the CLI's ``--model`` takes them."""


def model_runs(
    names: Sequence[str] = MODEL_NAMES,
    rounds: int = ROUND_CAP_DEFAULT,
    stop: Stop = "converge",
    tolerance: float = DEFAULT_TOLERANCE,
) -> dict[str, ModelRun]:
    """Return the named models with their options bound.

    Where they have rounds: ``rounds``, ``stop`` and ``tolerance``
    (:mod:`corridor.negotiation.stopping`).
    """
    # imported here: the CLI reads MODEL_NAMES for its --help without loading scipy
    from corridor.negotiation.compromise import compromise
    from corridor.negotiation.exchange import ExchangeOptions, exchange
    from corridor.negotiation.expected_utility import ExpectedUtilityOptions, expected_utility
    from corridor.negotiation.nash import nash_bargaining

    unknown = [n for n in names if n not in MODEL_NAMES]
    if unknown:
        raise ValueError(
            f"unknown model(s) {', '.join(unknown)}; choose from {', '.join(MODEL_NAMES)}"
        )
    eu_options = ExpectedUtilityOptions(rounds=rounds, stop=stop, tolerance=tolerance)
    exchange_options = ExchangeOptions(rounds=rounds, stop=stop, tolerance=tolerance)
    runs: dict[str, ModelRun] = {
        "compromise": compromise,
        "eu": lambda n: expected_utility(n, eu_options),
        "exchange": lambda n: exchange(n, exchange_options),
        "nash": nash_bargaining,
    }
    return {name: runs[name] for name in names}


def run_models(
    negotiation: Negotiation,
    names: Sequence[str] = MODEL_NAMES,
    rounds: int = ROUND_CAP_DEFAULT,
    stop: Stop = "converge",
    tolerance: float = DEFAULT_TOLERANCE,
) -> dict[str, ModelResult]:
    """Run the named models on ``negotiation``; results keyed by model name."""
    runs = model_runs(names, rounds, stop, tolerance)
    return {name: run(negotiation) for name, run in runs.items()}


__all__ = ["MODEL_NAMES", "model_runs", "run_models"]
