"""Uncertain capex on every route: one factor per link not yet built, in each draw.

Every link that is not ``existing`` and has a capex (the deal's route, its bypasses, the
route through China, an LNG plant, a railway) gets a capex factor per draw,

    factor(link) = common x specific(link),
    specific(link) = Q_link(Phi(sqrt(rho) z_0 + sqrt(1 - rho) z_route(link))),

with ``common`` one draw shared by every link (``[risk.costs] common``, or without it the
product of the ``capex`` targets of ``[[risk.parameters]]``, drawn in the main stream as
before), ``Q_link`` the quantile function of the link's own distribution (``links`` by
id, else ``route``; none: 1), ``Phi`` the standard normal CDF, ``z_0`` and ``z_route``
independent standard normals and ``rho`` the ``correlation``. The links of the deal's
route share one ``z_route`` (one project), every other link is a route of its own.

Why this form. The common factor is what every estimate shares: the optimism of
estimates made the same way and the same steel, labour and exchange rates; Flyvbjerg,
Holm and Buhl (2003, *Transport Reviews* 23(1)) find overruns on most projects of a
class at once, which is a common factor, not independent noise. The specific factor is
each route's own risk (ground, depth, permits, a transit country's site), and routes built
by the same contractors in one region share some of it: the Gaussian copula gives that
a correlation ``rho`` while every specific factor keeps exactly the distribution the file
gives it, for any ``rho`` (a multiplicative lognormal split would fix the marginals to
lognormals). ``rho = 1`` gives every route the same quantile (equal factors when they
share a distribution), ``rho = 0`` independent ones.

Engineering unit costs (``unit_costs = true``): a pipeline given by design is priced
again at unit costs drawn from the ranges of :data:`corridor.engineering.cost.UNIT_COSTS`
(see :mod:`corridor.risk.unit_costs`); re-sizing the pipeline per draw is not practical,
so the design is held and its capex scaled by the priced ratio, one more factor per link.

Draws use :func:`corridor.seeds.stream_generator` ``(seed, index, "costs")``: the common
factor (when ``[risk.costs]`` gives it), the normals ``z_0, z_1, ...`` (routes in scenario
order), then the unit costs; the other draws of a run keep their numbers.

The deal's own capex items (:mod:`corridor.finance`) get the deal route's factor: its
links' factors weighted by their capex, so the game and the cash flows agree.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from corridor.risk.unit_costs import UnitCostExposure, unit_cost_exposure, unit_cost_ratios
from corridor.scenario.deal_model import Costs, Deal, Distribution, Risk
from corridor.scenario.model import Scenario
from corridor.seeds import stream_generator

__all__ = ["CostModel", "cost_model", "quantile"]

_NORMAL = NormalDist()


def quantile(dist: Distribution, q: float) -> float:
    """:meth:`Distribution.quantile` without scipy (same numbers), for use in every draw."""
    p = dist.params
    if dist.kind == "normal":
        x = p[0] + p[1] * _NORMAL.inv_cdf(q) if p[1] > 0 else p[0]
    elif dist.kind == "lognormal":
        x = p[0] * math.exp(p[1] * _NORMAL.inv_cdf(q))
    elif dist.kind == "triangular":
        low, mode, high = p
        if high <= low:
            x = mode
        elif q <= (mode - low) / (high - low):
            x = low + math.sqrt(q * (high - low) * (mode - low))
        else:
            x = high - math.sqrt((1.0 - q) * (high - low) * (high - mode))
    elif dist.kind == "uniform":
        x = p[0] + q * (p[1] - p[0])
    else:
        return dist.quantile(q)
    return float(min(max(x, dist.bounds[0]), dist.bounds[1]))


@dataclass(frozen=True, eq=False)
class CostModel:
    """The links whose capex is uncertain and how each draw's factors are made.

    ``links``: links not ``existing`` with capex > 0, in scenario order; ``route`` the route
    index of each (the deal's links share one); ``specific`` each link's own distribution
    (None: factor 1); ``deal_weights`` the deal route's links with their capex (USD m,
    the weights of the deal factor); ``exposure`` each link's unit-cost exposure (None:
    not a designed pipeline, or ``unit_costs`` off).
    """

    costs: Costs | None
    links: tuple[str, ...]
    route: tuple[int, ...]
    specific: tuple[Distribution | None, ...]
    deal_weights: tuple[tuple[str, float], ...]
    exposure: tuple[UnitCostExposure | None, ...]

    @functools.cached_property
    def _shared(self) -> tuple[int, ...]:
        """Per link, the first link of the same route and distribution (one draw for both)."""
        pairs = list(zip(self.route, self.specific, strict=True))
        return tuple(pairs.index(pair) for pair in pairs)

    def shared_draw(self, k: int) -> int:
        """The first link of link ``k``'s route and distribution: the one whose draw it takes."""
        return self._shared[k]

    @functools.cached_property
    def _deal_total(self) -> float:
        return sum(w for _, w in self.deal_weights)

    @property
    def routes(self) -> int:
        """Number of routes (independent specific draws before correlation)."""
        return max(self.route, default=-1) + 1

    def factors(
        self, seed: int, index: int, common: float, rng: np.random.Generator | None = None
    ) -> dict[str, float]:
        """Capex factor of every uncertain link in draw ``index`` (1 = central capex).

        ``common``: the draw's factor of the ``capex`` parameters (used when
        ``[risk.costs]`` gives no common factor, and as the only factor without it).
        ``rng``: the draw's ``"costs"`` stream when the caller has it (None: made here).
        """
        costs = self.costs
        if costs is None:
            return dict.fromkeys(self.links, common)
        if rng is None:
            rng = stream_generator(seed, index, "costs")
        if costs.common is not None:
            common = common * costs.common.sample(rng)
        z = rng.standard_normal(self.routes + 1)
        rho = costs.correlation
        latent = (math.sqrt(rho) * z[0] + math.sqrt(1.0 - rho) * z[1:]).tolist()
        ratios = unit_cost_ratios(rng) if costs.unit_costs else None
        out: dict[str, float] = {}
        known: dict[int, float] = {}  # the deal's links share a draw
        for k, link in enumerate(self.links):
            dist = self.specific[k]
            factor = common
            if dist is not None:
                key = self._shared[k]
                if key not in known:
                    known[key] = quantile(dist, _NORMAL.cdf(latent[self.route[k]]))
                factor *= known[key]
            exposure = self.exposure[k]
            if ratios is not None and exposure is not None:
                factor *= exposure.ratio(ratios)
            out[link] = factor
        return out

    def deal_factor(self, factors: Mapping[str, float], common: float) -> float:
        """The deal route's capex factor: its links' factors weighted by capex.

        ``common`` without ``[risk.costs]`` (every link has it) or when the route has no
        uncertain link (capex given only in the deal).
        """
        total = self._deal_total
        if self.costs is None or not total > 0:
            return common
        return sum(factors[k] * w for k, w in self.deal_weights) / total


def cost_model(scenario: Scenario, deal: Deal, risk: Risk) -> CostModel:
    """The :class:`CostModel` of a scenario's deal and risk table."""
    costs = risk.costs
    links = [k for k in scenario.links if k.status != "existing" and k.capex_musd > 0]
    route_ids: dict[str, int] = {}
    route = []
    for link in links:
        key = "deal route" if link.id in deal.route else link.id
        route.append(route_ids.setdefault(key, len(route_ids)))
    specific = tuple(None if costs is None else costs.specific(k.id) for k in links)
    engineering = costs is not None and costs.unit_costs
    return CostModel(
        costs=costs,
        links=tuple(k.id for k in links),
        route=tuple(route),
        specific=specific,
        deal_weights=tuple((k.id, k.capex_musd) for k in links if k.id in deal.route),
        exposure=tuple(unit_cost_exposure(k) if engineering else None for k in links),
    )
