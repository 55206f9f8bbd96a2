"""Limits of the games that callers (the CLI's defaults among them) read without numpy."""

from __future__ import annotations

MAX_EXACT_PLAYERS = 20
"""Default limit on players for exact enumeration (2^20 = 1,048,576 coalitions)."""

__all__ = ["MAX_EXACT_PLAYERS"]
