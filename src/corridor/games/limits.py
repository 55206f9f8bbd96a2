"""Limits of the games that callers (the CLI's defaults among them) read without numpy."""

from __future__ import annotations

MAX_EXACT_PLAYERS = 20
"""Default limit on players for exact enumeration (2^20 = 1,048,576 coalitions)."""

MAX_NUCLEOLUS_PLAYERS = 20
"""Most players for the nucleolus: its sequential LPs carry a row per coalition (2^n), and
at 20 players they take seconds; above it a game is refused (the least core is one LP)."""

__all__ = ["MAX_EXACT_PLAYERS", "MAX_NUCLEOLUS_PLAYERS"]
