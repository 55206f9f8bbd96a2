"""Reading the ``[[freight_routes]]`` section: whole container routes, checked against links.

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
range for claims that assume everything goes right. The loader runs
:func:`build_freight_routes` with the other sections. The file format is
:mod:`corridor.scenario.freight_schema`, the data model (and the routes of a scenario
that names none) :mod:`corridor.scenario.freight_model`, the physics
:mod:`corridor.engineering.freight`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from corridor.scenario.freight_model import FreightRoute, RouteBenchmark
from corridor.scenario.freight_schema import FreightRouteFile
from corridor.scenario.provenance import KeyPath, inherit

if TYPE_CHECKING:
    from corridor.scenario.model import Link

__all__ = ["Check", "Problem", "build_freight_routes"]

Problem = tuple[KeyPath, str]
"""A problem found: where (key path) and what."""
Check = Callable[[Any, Any, KeyPath], Any]
"""Validates a raw entry against a file model, recording its problems; None when invalid."""


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
            prov = inherit(bench, entry)
            source = None if prov is None else prov.source or prov.assumption
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
