"""corridor: economics and geopolitics of cross-border energy and transport corridors."""

from __future__ import annotations

__version__ = "0.1.0"
