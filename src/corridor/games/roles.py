"""What each actor is in a commodity's network: seller, transit country, buyer.

An actor is a **seller** of a commodity when it owns a supply of it and a **buyer** when
it owns a demand of it. It is **transit** when it controls a link on a supply-to-demand
path but owns neither the supply nor the demand of that path: its consent is needed to
carry other actors' goods. An actor may hold several roles (North Korea in korea-2011 is
transit and buyer: it controls the overland line and owns an optional offtake).

Which paths count. Without ``flows`` every path of the network counts (the *structural*
role). With ``flows`` (link id -> flow in the grand coalition's optimum) only paths
actually used count: links carrying flow, from nodes where supply enters the network
(more flow leaves than arrives) to nodes where demand draws from it (more arrives than
leaves). An actor that still has no role (it owns nothing and none of its links carries
flow) gets its structural role: a transit country whose route the optimum leaves idle is
still a transit country, with nothing to be paid for.

The power report uses the roles of the used paths. Structurally, China in korea-2011 is
transit (its consent is needed for the route through China) and South Korea is transit
too (its consent is needed for Russian gas sold to North Korea at Hamhung); in the grand
optimum the route through China carries nothing and North Korea buys nothing, so China is
a buyer only (the alternative buyer of Russian gas through ru-cn) and South Korea a buyer
only. North Korea is a buyer only before the build (the optimum carries the gas by the
subsea line, its route idle) and transit and buyer after it (the deal's overland line
sunk, :mod:`corridor.games.stages`).

A path is found by reachability (breadth-first search) over the links: a link's supplies
are those whose node reaches its start, its demands those reachable from its end. On
networks with loops this admits walks that are not simple paths; the bundled scenarios'
link graphs have none. No networkx here: its import alone costs more than the start-up
budget of ``corridor power`` allows (issue 15).
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping

from corridor.scenario.model import Link, Scenario

__all__ = ["ROLES", "role_label", "roles"]

ROLES = ("seller", "transit", "buyer")
"""The roles, in the order goods pass them (the order of :func:`role_label`)."""

_TOL = 1e-6
"""Flows below this (bcm/yr, kTEU/yr) count as none: LP noise, not trade."""


def roles(
    scenario: Scenario,
    players: Iterable[str],
    commodity: str | None = None,
    *,
    flows: Mapping[str, float] | None = None,
) -> dict[str, tuple[str, ...]]:
    """Roles of each player (in :data:`ROLES` order) for ``commodity`` (None: any commodity).

    ``flows`` maps link ids to flows (internal units) of one optimum; links missing from
    it carry nothing. See the module docstring for the definitions.
    """
    chosen = tuple(players)
    commodities = [commodity] if commodity is not None else [c.id for c in scenario.commodities]
    held: dict[str, set[str]] = {p: set() for p in chosen}
    for item in commodities:
        structural = _commodity_roles(scenario, item, None)
        used = structural if flows is None else _commodity_roles(scenario, item, flows)
        for player in chosen:
            mine = used.get(player, set())
            held[player] |= mine or structural.get(player, set())
    return {p: tuple(r for r in ROLES if r in held[p]) for p in chosen}


def role_label(player_roles: Iterable[str]) -> str:
    """``("transit", "buyer")`` as ``"transit+buyer"``; no role as ``"—"``."""
    return "+".join(r for r in ROLES if r in set(player_roles)) or "—"


def _commodity_roles(
    scenario: Scenario, commodity: str, flows: Mapping[str, float] | None
) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    supplies = [s for s in scenario.supplies if s.commodity == commodity]
    demands = [d for d in scenario.demands if d.commodity == commodity]
    for supply in supplies:
        if supply.owner is not None:
            found[supply.owner].add("seller")
    for demand in demands:
        if demand.owner is not None:
            found[demand.owner].add("buyer")
    links = [k for k in scenario.links if k.commodity == commodity]
    if flows is not None:
        links = [k for k in links if flows.get(k.id, 0.0) > _TOL]
        entering, leaving = _net_flows(links, flows)
        supplies = [s for s in supplies if entering.get(s.node, 0.0) > _TOL]
        demands = [d for d in demands if leaving.get(d.node, 0.0) > _TOL]
    ahead: dict[str, list[str]] = defaultdict(list)
    behind: dict[str, list[str]] = defaultdict(list)
    for link in links:
        ahead[link.source].append(link.target)
        behind[link.target].append(link.source)
    # owners (None: the open market) of the supplies reaching each node, and of the
    # demands each node reaches
    upstream: dict[str, set[str | None]] = defaultdict(set)
    downstream: dict[str, set[str | None]] = defaultdict(set)
    for supply in supplies:
        for node in _reached(supply.node, ahead):
            upstream[node].add(supply.owner)
    for demand in demands:
        for node in _reached(demand.node, behind):
            downstream[node].add(demand.owner)
    for link in links:
        before, after = upstream[link.source], downstream[link.target]
        for actor in link.control:
            if before - {actor} and after - {actor}:
                found[actor].add("transit")
    return found


def _net_flows(
    links: list[Link], flows: Mapping[str, float]
) -> tuple[dict[str, float], dict[str, float]]:
    """Per node: what supply puts into the links (out - in) and demand takes out (in - out)."""
    balance: dict[str, float] = defaultdict(float)
    for link in links:
        flow = flows[link.id]
        balance[link.source] -= flow
        balance[link.target] += flow * (1.0 - link.loss_fraction)
    entering = {node: -b for node, b in balance.items() if b < 0}
    leaving = {node: b for node, b in balance.items() if b > 0}
    return entering, leaving


def _reached(start: str, edges: Mapping[str, list[str]]) -> set[str]:
    seen = {start}
    queue = deque([start])
    while queue:
        for nxt in edges.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen
