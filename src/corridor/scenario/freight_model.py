"""Whole container routes of a scenario, as data: chains of its links given by route.

A container link given by its stretch (``[links.freight]``) is one piece of a route; a
scenario's ``[[freight_routes]]`` name whole routes as chains of such links, with the
published figures each is checked against (:class:`FreightRoute`,
:class:`RouteBenchmark`). :func:`routes_of` chains the stretches into the routes the
freight model (:mod:`corridor.engineering.freight`) estimates. The file format is
:mod:`corridor.scenario.freight_schema`; reading it is :mod:`corridor.scenario.freight_routes`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from corridor.engineering.freight import FreightEstimate, Leg, Route, chain

if TYPE_CHECKING:
    from corridor.scenario.model import Link, Scenario

__all__ = ["FreightRoute", "RouteBenchmark", "routes_of", "stretch_of"]


@dataclass(frozen=True, slots=True)
class RouteBenchmark:
    """A published figure for a whole route: ``quantity`` 'days' or 'km', ``low``–``high``.

    ``held`` names the estimate the figure is compared with: the ``central`` one, or the
    ``fast`` end of the range for proponents' claims that assume everything goes right.
    """

    route: str
    quantity: Literal["days", "km"]
    low: float
    high: float
    source: str
    held: Literal["central", "fast"] = "central"

    def held_value(self, estimate: FreightEstimate) -> float:
        """The figure of ``estimate`` this benchmark is held to (km, or days)."""
        if self.quantity == "km":
            return estimate.length_km
        return estimate.days if self.held == "central" else estimate.days_low

    def holds(self, estimate: FreightEstimate) -> bool:
        """True when the held figure of ``estimate`` lies within ``low``–``high``."""
        return self.low <= self.held_value(estimate) <= self.high


@dataclass(frozen=True, slots=True)
class FreightRoute:
    """A named whole route: ``stretches`` (link ids, in order) and its published figures."""

    id: str
    stretches: tuple[str, ...]
    benchmarks: tuple[RouteBenchmark, ...] = ()


def stretch_of(link: Link) -> Route:
    """The freight route of a link given by its stretch (``Link.design`` kind freight).

    ValueError for a link whose numbers were typed rather than derived from a route.
    """
    design = link.design
    if design.get("kind") != "freight":
        raise ValueError(f"link {link.id!r} is not given by route ([links.freight])")
    legs = tuple(
        Leg(g["mode"], g["length_km"], g["name"], g["speed_factor"], g["tariff_factor"])
        for g in design["legs"]
    )
    inputs = design["inputs"]
    return Route(
        link.id, legs, inputs["handlings"], inputs["border_crossings"], inputs["gauge_changes"]
    )


def routes_of(scenario: Scenario) -> dict[str, tuple[tuple[str, ...], Route]]:
    """Every whole container route of ``scenario``: id -> (stretches, chained route).

    The ``[[freight_routes]]`` of the scenario in file order; when it names none, every
    simple path of links given by route from a supply node to a demand node of the same
    commodity, named by its stretches. Empty when the scenario has no such links.
    """
    stretches = {k.id: stretch_of(k) for k in scenario.links if k.design.get("kind") == "freight"}
    named = [(r.id, r.stretches) for r in scenario.freight_routes] or _paths(scenario, stretches)
    return {key: (ids, chain(*(stretches[s] for s in ids), name=key)) for key, ids in named}


def _paths(scenario: Scenario, stretches: Mapping[str, Route]) -> list[tuple[str, tuple[str, ...]]]:
    import networkx as nx

    found: list[tuple[str, tuple[str, ...]]] = []
    for commodity in dict.fromkeys(scenario.link(k).commodity for k in stretches):
        graph = nx.MultiDiGraph()
        for k in stretches:
            link = scenario.link(k)
            if link.commodity == commodity:
                graph.add_edge(link.source, link.target, key=k)
        starts = dict.fromkeys(s.node for s in scenario.supplies if s.commodity == commodity)
        ends = dict.fromkeys(d.node for d in scenario.demands if d.commodity == commodity)
        for start in starts:
            for end in ends:
                if start == end or start not in graph or end not in graph:
                    continue
                for path in nx.all_simple_edge_paths(graph, start, end):
                    ids = tuple(str(key) for _, _, key in path)
                    found.append((" + ".join(ids), ids))
    return found
