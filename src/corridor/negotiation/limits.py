"""Limits of the negotiation models that callers (the CLI among them) read without numpy."""

from __future__ import annotations

MAX_NEGOTIATION_DRAWS = 100_000
"""Most Monte Carlo draws :func:`corridor.negotiation.monte_carlo` accepts (a draw runs every
model once, and once more per actor for the influence table)."""

__all__ = ["MAX_NEGOTIATION_DRAWS"]
