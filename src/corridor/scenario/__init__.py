"""Scenario model, file format, loading and bundled scenarios.

>>> from corridor.scenario import load_scenario
>>> scenario = load_scenario("korea-2011")      # a bundled name or a path
"""

from __future__ import annotations

from pathlib import Path

from corridor.scenario.library import DEFAULT_SCENARIO, bundled_names, bundled_path, resolve
from corridor.scenario.load import load, loads
from corridor.scenario.model import (
    Actor,
    Benchmark,
    Block,
    Commodity,
    Demand,
    Link,
    Node,
    Provenance,
    Scenario,
    Supply,
)


def load_scenario(name_or_path: str | Path | None = None) -> Scenario:
    """Load a bundled scenario by name, or a scenario file by path (None: korea-2011)."""
    return load(resolve(name_or_path))


__all__ = [
    "DEFAULT_SCENARIO",
    "Actor",
    "Benchmark",
    "Block",
    "Commodity",
    "Demand",
    "Link",
    "Node",
    "Provenance",
    "Scenario",
    "Supply",
    "bundled_names",
    "bundled_path",
    "load",
    "load_scenario",
    "loads",
    "resolve",
]
