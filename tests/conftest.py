from __future__ import annotations

import os

import pytest

from corridor.scenario.model import Actor, Block, Commodity, Demand, Link, Node, Scenario, Supply

# Tests load scenarios afresh: the persistent cache of loaded scenarios would carry them
# from one run (or one test) to the next and skip the loader that tests count or patch.
# tests/scenario/test_cache.py turns it on, in a temporary folder.
os.environ["CORRIDOR_NO_CACHE"] = "1"


def make_scenario(
    actors: list[str],
    nodes: list[str],
    supplies: list[tuple[str, str, str | None, list[tuple[float, float]]]],
    demands: list[tuple[str, str, str | None, list[tuple[float, float]]]],
    links: list[tuple[str, str, str, float, float, list[str]]],
    **extra: object,
) -> Scenario:
    """A gas scenario from compact tuples (ids, (quantity, price) blocks, link specs)."""
    return Scenario(
        name="test",
        title="test",
        actors=tuple(Actor(a, a) for a in actors),
        nodes=tuple(Node(n, n, 0.0, 0.0) for n in nodes),
        commodities=(Commodity("gas", "gas"),),
        supplies=tuple(
            Supply(i, n, o, "gas", tuple(Block(q, p) for q, p in b)) for i, n, o, b in supplies
        ),
        demands=tuple(
            Demand(i, n, o, "gas", tuple(Block(q, p) for q, p in b)) for i, n, o, b in demands
        ),
        links=tuple(
            Link(i, s, t, "gas", cap, cost, frozenset(ctrl)) for i, s, t, cap, cost, ctrl in links
        ),
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture
def chain() -> Scenario:
    """Producer P at X, transit T between, consumer C at Z; see tests/test_market.py."""
    return make_scenario(
        actors=["P", "T", "C"],
        nodes=["X", "Y", "Z"],
        supplies=[("s", "X", "P", [(10, 100)])],
        demands=[("d", "Z", "C", [(6, 400)])],
        links=[("xy", "X", "Y", 20, 20, ["P", "T"]), ("yz", "Y", "Z", 20, 30, ["T", "C"])],
    )
