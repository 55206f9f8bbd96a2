"""Seeded synthetic transit networks: test beds for coalition games of any size.

A network of ``n_players`` countries: a few producers (gas supply at home), a few
consumers (demand at home) and transit countries in between, arranged in layers from the
producers to the consumers. Every country is entered by a link from the layer before;
every producer and transit country has 2–4 links in all (a few much-chosen ones more), at
least one of them onward to the next layer or the one after (an alternative, longer
route), so every transit country lies on some producer-to-consumer route and routes
compete; every consumer has at least two links in. A link needs the consent of the
countries at both ends. Consumers can also buy dear LNG from an open world market (no
owner), so every consumer has an outside option. Numbers are in internal units (bcm/yr,
USD/1000m3) and are illustrative, not calibrated: they exist to exercise the algorithms
at scale.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from corridor.scenario.model import Actor, Block, Commodity, Demand, Link, Node, Scenario, Supply
from corridor.seeds import Seed, as_generator

if TYPE_CHECKING:
    import numpy as np

WORLD_LNG = "LNG"


def transit_network(n_players: int, seed: Seed = None, *, world_lng: bool = True) -> Scenario:
    """A synthetic gas transit network with ``n_players`` actors (at least 3).

    Roughly a fifth of the players are producers, a fifth consumers, the rest transit
    countries in two or three layers. Deterministic for an int ``seed``.
    """
    if n_players < 3:
        raise ValueError("a transit network needs at least 3 players")
    rng = as_generator(seed)
    n_prod = max(1, n_players // 5)
    n_cons = max(1, n_players // 5)
    n_transit = n_players - n_prod - n_cons
    n_layers = 0 if n_transit == 0 else min(n_transit, int(rng.integers(2, 4)))
    players = [f"P{i}" for i in range(n_prod)]
    players += [f"T{i}" for i in range(n_transit)]
    players += [f"C{i}" for i in range(n_cons)]
    # layer 0 producers, 1..n_layers transit, n_layers + 1 consumers
    layer = dict.fromkeys(players[:n_prod], 0)
    for i in range(n_transit):
        layer[f"T{i}"] = 1 + i % max(1, n_layers)
    layer.update(dict.fromkeys(players[n_prod + n_transit :], n_layers + 1))
    by_layer: dict[int, list[str]] = {}
    for player, k in layer.items():
        by_layer.setdefault(k, []).append(player)

    links: list[Link] = []
    degree = dict.fromkeys(players, 0)
    pairs: set[tuple[str, str]] = set()

    def add(a: str, b: str) -> None:
        if (a, b) in pairs:
            return
        pairs.add((a, b))
        degree[a] += 1
        degree[b] += 1
        links.append(
            Link(
                id=f"{a}-{b}",
                source=a,
                target=b,
                commodity="gas",
                capacity=float(rng.uniform(3.0, 15.0)),
                unit_cost=float(rng.uniform(5.0, 40.0)),
                control=frozenset({a, b}),
            )
        )

    last = n_layers + 1
    inbound = dict.fromkeys(players, 0)

    def connect(player: str, step: int) -> None:
        # the least-served country of the target layer not yet linked from ``player`` (ties
        # at random): spreads routes so that several compete, instead of piling onto one
        k = min(layer[player] + step, last)
        free = [c for c in by_layer[k] if (player, c) not in pairs]
        if not free:
            return
        least = min(inbound[c] for c in free)
        choice = [c for c in free if inbound[c] == least]
        target = choice[int(rng.integers(len(choice)))]
        inbound[target] += 1
        add(player, target)

    # every transit country and consumer is entered by at least one link from the layer
    # before (a route reaches it) ...
    for player in players:
        k = layer[player]
        if k > 0:
            sources = by_layer[k - 1]
            source = sources[int(rng.integers(len(sources)))]
            inbound[player] += 1
            add(source, player)
    # ... and every producer and transit country has 2-4 links in all, at least one of them
    # onward (no dead ends): mostly to the next layer, sometimes skipping one (a longer,
    # alternative route)
    for player in players:
        if layer[player] == last:
            continue
        want = int(rng.integers(2, 5))
        onward = max(1, want - degree[player])
        for _ in range(onward):
            step = 1 if layer[player] + 1 == last or rng.random() < 0.75 else 2
            connect(player, step)
    # and every consumer is reached by at least two routes' last links
    for player in by_layer[last]:
        sources = [q for q in by_layer[last - 1] if (q, player) not in pairs]
        while degree[player] < 2 and sources:
            source = sources.pop(int(rng.integers(len(sources))))
            inbound[player] += 1
            add(source, player)

    # producers sell 5-15 bcm/yr blocks at 40-160, consumers buy 4-12 at 250-420 USD/1000m3
    supplies = [
        Supply(f"gas-{p}", p, p, "gas", _blocks(rng, (5.0, 15.0), (40.0, 160.0)))
        for p in by_layer[0]
    ]
    demands = [
        Demand(f"demand-{c}", c, c, "gas", _blocks(rng, (4.0, 12.0), (250.0, 420.0)))
        for c in by_layer[last]
    ]
    nodes = [Node(p, p, 0.0, float(layer[p]), territory=p) for p in players]
    if world_lng:
        nodes.append(Node(WORLD_LNG, "world LNG market", 0.0, 0.0))
        supplies.append(Supply("world-lng", WORLD_LNG, None, "gas", (Block(1000.0, 330.0),)))
        for c in by_layer[last]:
            links.append(
                Link(f"lng-{c}", WORLD_LNG, c, "gas", 1000.0, 20.0, frozenset({c}), name="LNG")
            )
    return Scenario(
        name=f"transit-{n_players}",
        title=f"synthetic transit network, {n_players} players",
        actors=tuple(Actor(p, p) for p in players),
        nodes=tuple(nodes),
        commodities=(Commodity("gas", "gas"),),
        supplies=tuple(supplies),
        demands=tuple(demands),
        links=tuple(links),
    )


def _blocks(
    rng: np.random.Generator, quantity: tuple[float, float], price: tuple[float, float]
) -> tuple[Block, ...]:
    # two blocks, each drawing its quantity and then its price uniformly from the ranges
    return tuple(Block(float(rng.uniform(*quantity)), float(rng.uniform(*price))) for _ in range(2))


__all__ = [
    "WORLD_LNG",
    "transit_network",
]
