"""Whole container routes of a scenario: chains of its links given by route, with figures.

A container link given by its stretch (``[links.freight]``, :mod:`corridor.scenario.freight_spec`)
is one piece of a route; the ``[[freight_routes]]`` section names whole routes as chains
of such links and the published figures each is checked against::

    [[freight_routes]]
    id = "vostochny-moscow"
    stretches = ["bsn-vst", "vst-uss", "tsr"]

    [[freight_routes.benchmarks]]
    quantity = "days"
    low = 20
    high = 25
    source = "publication, year"

``quantity`` is ``days`` (door-to-door, d) or ``km`` (length); ``held`` says which
estimate the figure is compared with: the ``central`` one, or the ``fast`` end of the
range for claims that assume everything goes right. A scenario that names no routes
gets every path of freight links from a supply node to a demand node of the same
commodity (:func:`routes_of`). This module owns the data model and its validation (the
loader runs :class:`FreightRouteFile` and :func:`build_freight_routes` with the other
sections); the physics is :mod:`corridor.engineering.freight`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from corridor.engineering.freight import FreightEstimate, Leg, Route, chain
from corridor.scenario.provenance import KeyPath
from corridor.scenario.schema import Id, Sourced

if TYPE_CHECKING:
    from corridor.scenario.model import Link, Scenario

__all__ = [
    "FreightRoute",
    "FreightRouteFile",
    "RouteBenchmark",
    "RouteBenchmarkFile",
    "build_freight_routes",
    "routes_of",
    "stretch_of",
]


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


# --- the file section ---------------------------------------------------------------------
class RouteBenchmarkFile(Sourced):
    """A ``[[freight_routes.benchmarks]]`` entry (``low``/``high`` in d or km)."""

    quantity: Literal["days", "km"]
    low: float = Field(ge=0, allow_inf_nan=False)
    high: float = Field(ge=0, allow_inf_nan=False)
    held: Literal["central", "fast"] = "central"


class FreightRouteFile(Sourced):
    """A ``[[freight_routes]]`` entry: ``id``, ``stretches`` (link ids) and ``benchmarks``."""

    id: Id
    stretches: list[Id] = Field(min_length=1)
    benchmarks: list[RouteBenchmarkFile] = Field(default_factory=list)
    note: str = ""


Problem = tuple[KeyPath, str]
Check = Callable[[Any, Any, KeyPath], Any]


def build_freight_routes(
    raw: Any, links: Sequence[Link], check: Check
) -> tuple[tuple[FreightRoute, ...], list[Problem]]:
    """The routes of the ``[[freight_routes]]`` section as read, and the problems found.

    ``links`` are the scenario's links; ``check`` validates an entry against its file
    model (recording its own problems, None when invalid). A stretch must be a link given
    by route and start where the one before it ends; every figure needs a source or an
    assumption (its own or its route's); ``low`` may not exceed ``high``.
    """
    problems: list[Problem] = []
    if not isinstance(raw, list):
        return (), [(("freight_routes",), "must be an array of tables ([[freight_routes]])")]
    by_id = {link.id: link for link in links}
    routes: list[FreightRoute] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        entry = check(FreightRouteFile, item, ("freight_routes", i))
        if entry is None:
            continue
        path: KeyPath = ("freight_routes", i)
        if entry.id in seen:
            problems.append(((*path, "id"), f"duplicate route id {entry.id!r}"))
        seen.add(entry.id)
        previous: Link | None = None
        for n, stretch in enumerate(entry.stretches):
            link = by_id.get(stretch)
            where = (*path, "stretches", n)
            if link is None:
                problems.append((where, f"unknown link {stretch!r}"))
            elif link.design.get("kind") != "freight":
                problems.append((where, f"link {stretch!r} is not given by route"))
            elif previous is not None and previous.target != link.source:
                gap = f"starts at {link.source}, not where {previous.id!r} ends"
                problems.append((where, f"link {stretch!r} {gap} ({previous.target})"))
            previous = link
        benchmarks = []
        for n, bench in enumerate(entry.benchmarks):
            source = bench.source or bench.assumption or entry.source or entry.assumption
            if not source:
                problems.append(
                    ((*path, "benchmarks", n), "a published figure needs a source or assumption")
                )
            if bench.low > bench.high:
                problems.append(((*path, "benchmarks", n, "low"), "low exceeds high"))
            benchmarks.append(
                RouteBenchmark(
                    entry.id, bench.quantity, bench.low, bench.high, source or "", bench.held
                )
            )
        routes.append(FreightRoute(entry.id, tuple(entry.stretches), tuple(benchmarks)))
    return tuple(routes), problems


# --- routes for the freight model ---------------------------------------------------------
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
