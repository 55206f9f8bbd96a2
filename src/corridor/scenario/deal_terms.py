"""The checks that loading the ``[deal]`` and ``[risk]`` tables shares: actors, measures, years.

One object over the scenario loader's :class:`Collector`, used by
:mod:`corridor.scenario.load_deal` and :mod:`corridor.scenario.load_instruments`.
"""

from __future__ import annotations

import math
from collections.abc import Collection

from corridor import units
from corridor.scenario.collector import Collector, SignRule
from corridor.scenario.deal_model import Distribution
from corridor.scenario.deal_schema import DistributionFile, YearFile
from corridor.scenario.provenance import KeyPath, Provenance, inherit
from corridor.scenario.schema import MeasureFile, Sourced

__all__ = ["DealTerms"]


_MAX_SIGMA = 10.0
"""Largest log-normal sigma: larger ones make draws overflow to infinity."""


class DealTerms:
    """The deal and risk checks over the loader's collector: actors, measures, years."""

    def __init__(self, out: Collector, actor_ids: Collection[str]):
        self.out = out
        self.actor_ids = actor_ids

    def add(self, path: KeyPath, message: str) -> None:
        """A problem at ``path``."""
        self.out.add(path, message)

    def actor(self, path: KeyPath, actor: str | None) -> None:
        """A problem unless ``actor`` is None or one of the scenario's actors."""
        if actor is not None and actor not in self.actor_ids:
            known = ", ".join(self.actor_ids) or "none defined"
            self.add(path, f"unknown actor {actor!r} (known: {known})")

    def provenance(self, path: KeyPath, *chain: Sourced | None) -> Provenance | None:
        """The provenance of ``path``: its own, else the nearest of ``chain``'s."""
        return self.out.provenance(path, *chain)

    def measure(
        self,
        path: KeyPath,
        value: MeasureFile,
        dimension: str,
        *parents: Sourced | None,
        positive: bool = False,
    ) -> float:
        """A measure in ``dimension``'s internal unit, at least 0 (or ``positive``); NaN if bad."""
        sign = SignRule.POSITIVE if positive else SignRule.NON_NEGATIVE
        number = self.out.measure(path, value, dimension, inherit(*parents), sign=sign)
        return math.nan if number is None else number

    def signed(
        self, path: KeyPath, value: MeasureFile, dimension: str, *parents: Sourced | None
    ) -> float:
        """A measure that may be negative (a formula's constant)."""
        self.provenance(path, value, *parents)
        number = self.out.convert(path, value.value, value.unit, dimension)
        if number is None or not self.out.in_range(
            path, number, dimension, value.unit, value.value
        ):
            return math.nan
        return number

    def year(self, path: KeyPath, value: YearFile, *parents: Sourced | None) -> int:
        """A calendar year, with its provenance checked."""
        self.provenance(path, value, *parents)
        return value.value

    def fraction(self, path: KeyPath, value: MeasureFile, *parents: Sourced | None) -> float:
        """A share from 0 to 1 (0 % to 100 %)."""
        number = self.measure(path, value, units.FRACTION, *parents)
        if number > 1:
            self.add(path, f"must be at most 100 %, got {number:.0%}")
        return number

    def distribution(
        self, path: KeyPath, item: DistributionFile, dimension: str, *parents: Sourced | None
    ) -> Distribution:
        """A distribution in ``dimension``'s internal unit, its numbers range-checked."""
        self.provenance(path, item, *parents)
        scale = self.out.convert(path, 1.0, item.unit, dimension)
        if scale is None:
            scale = 1.0
        fields = {
            "normal": (item.mean, item.sd),
            "lognormal": (item.median, item.sigma),
            "triangular": (item.low, item.mode, item.high),
            "uniform": (item.low, item.high),
        }
        if item.distribution == "discrete":
            scaled = tuple(v * scale for v in item.values or [])
            params = scaled + tuple(item.weights or [])
        elif item.distribution == "lognormal":
            scaled = ((item.median or 0.0) * scale,)
            params = (*scaled, item.sigma or 0.0)
        else:
            params = scaled = tuple((v or 0.0) * scale for v in fields[item.distribution])
        bounds = (-math.inf, math.inf)
        if item.bounds is not None:
            bounds = (item.bounds[0] * scale, item.bounds[1] * scale)
            scaled += bounds
        if (item.sigma or 0.0) > _MAX_SIGMA:
            self.add((*path, "sigma"), f"must be at most {_MAX_SIGMA:g} (a factor of e^"
                     f"{_MAX_SIGMA:g} per standard deviation), got {item.sigma:g}")  # fmt: skip
        for number in scaled:  # what the draws are made of, in the range the models handle
            if not self.out.in_range(path, number, dimension, item.unit, number / scale):
                break
        return Distribution(item.distribution, params, bounds)
