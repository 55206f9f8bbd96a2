"""The defaults and limits every front end applies, and JSON helpers for the documents."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corridor.games.limits import MAX_EXACT_PLAYERS
from corridor.negotiation.limits import MAX_NEGOTIATION_DRAWS
from corridor.negotiation.stopping import ROUND_CAP_DEFAULT

if TYPE_CHECKING:
    import pandas as pd

Progress = Callable[[int, int], None]
"""``progress(done, total)``: called as work finishes (coalition LPs, draws)."""


@dataclass(frozen=True)
class Limits:
    """The bounds every front end applies to the options (checked here, before any work).

    ``max_exact_players``: exact enumeration of 2^n coalitions above this is refused (the
    sampled method has no such limit). ``max_rounds``: most rounds of the negotiation
    models; ``rounds`` their default (the round cap when they stop on convergence);
    ``max_tolerance``: their largest stopping tolerance (scale points: the whole scale).
    ``risk_draws``: the default number of Monte Carlo draws; ``max_*``: most accepted.
    """

    max_exact_players: int = MAX_EXACT_PLAYERS
    max_rounds: int = 100
    risk_draws: int = 1000
    rounds: int = ROUND_CAP_DEFAULT
    max_tolerance: float = 100.0
    max_risk_draws: int = 1_000_000  # a risk result keeps every draw's NPVs
    max_negotiation_draws: int = MAX_NEGOTIATION_DRAWS  # the library's own cap
    max_workers: int = 64  # each worker process holds a copy of the model


LIMITS = Limits()

DEFAULT_CHECKPOINT = Path("out") / "checkpoints"
"""Where long games keep their finished chunks (a sub-folder per game)."""


def json_scalar(value: Any) -> Any:
    """A JSON-safe scalar: numpy scalars as Python ones, NaN and infinities as None."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """DataFrame rows as JSON-safe dicts (NaN as None).

    One object array, not ``frame.to_dict(orient="records")`` (the same Python scalars):
    a tenth of the cost, which was a fifth of ``power --json``'s work after its imports.
    """
    columns = list(frame.columns)
    rows = frame.to_numpy(dtype=object).tolist()
    return [dict(zip(columns, map(json_scalar, row), strict=True)) for row in rows]


__all__ = ["DEFAULT_CHECKPOINT", "LIMITS", "Limits", "Progress", "json_scalar", "records"]
