"""Loading a scenario file by name or path, through the persistent cache (:mod:`.cache`).

This module imports neither the schema (pydantic) nor the engineering that sizes
designs: on a cache hit, ``corridor validate`` and ``corridor power`` need neither, and
importing them is most of what loading costs a new process. A miss loads the file with
:func:`corridor.scenario.load.load_uncached` and stores the result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corridor.scenario import cache
from corridor.scenario.library import resolve

if TYPE_CHECKING:
    from corridor.scenario.model import Scenario

__all__ = ["load", "load_scenario"]

Overrides = Mapping[str, Any] | Sequence[str] | None  # as corridor.scenario.overrides.OverridesArg


def load(path: str | Path, overrides: Overrides = None, *, drop: Sequence[str] = (),
         origin: str = "override") -> Scenario:  # fmt: skip
    """Load and validate a scenario file (overrides: see :func:`load_scenario`).

    Raises :class:`~corridor.errors.ScenarioError` listing every problem found. A file
    loaded before with the same overrides and the same corridor comes from the cache.
    """
    file = str(path)
    key = cache.scenario_key(file, overrides, drop, origin)
    if key is not None and (hit := cache.read(key)) is not None:
        return hit
    from corridor.scenario.load import load_uncached  # the schema and the engineering

    scenario = load_uncached(file, overrides, drop=drop, origin=origin)
    # keyed again: a file changed while it was loaded is not stored under its old bytes
    if key is not None and cache.scenario_key(file, overrides, drop, origin) == key:
        cache.write(key, scenario)
    return scenario


def load_scenario(
    name_or_path: str | Path | None = None, overrides: Overrides = None, *,
    drop: Sequence[str] = (), origin: str = "override",
) -> Scenario:  # fmt: skip
    """Load a bundled scenario by name, or a scenario file by path (None: korea-2011).

    ``overrides`` change the file's values before it is validated and built: ``{path:
    value}`` (``{"deal.alternative_price": "15 USD/MMBtu"}``, :data:`~.overrides.DROP`
    removes) or ``["PATH=VALUE", ...]``; ``drop`` paths to remove (``["links.subsea"]``);
    see :mod:`corridor.scenario.overrides`. The file is parsed once per version, and its
    loaded scenario kept on disk (:mod:`corridor.scenario.cache`).
    """
    return load(resolve(name_or_path), overrides, drop=drop, origin=origin)
