"""Small networks whose coalition values are known by hand (values in USD m/yr)."""

from __future__ import annotations

from corridor.scenario.model import Scenario
from tests.conftest import make_scenario


def glove_market() -> Scenario:
    # L holds the only unit (1 bcm/yr at cost 0); two buyers R1, R2 value it at 100:
    # v(S) = 100 if L and a buyer are in S, else 0 (the glove game with one left glove)
    return make_scenario(
        actors=["L", "R1", "R2"],
        nodes=["A", "B1", "B2"],
        supplies=[("left", "A", "L", [(1, 0)])],
        demands=[("r1", "B1", "R1", [(1, 100)]), ("r2", "B2", "R2", [(1, 100)])],
        links=[("a-b1", "A", "B1", 10, 0, []), ("a-b2", "A", "B2", 10, 0, [])],
    )


def veto_chain() -> Scenario:
    # two producers P1, P2 (5 each at 100) reach consumer C (6 at 400) only through T:
    # v(T, C, Pi) = 5 x 300 = 1500, v(P1, P2, T, C) = 6 x 300 = 1800, all else 0
    return make_scenario(
        actors=["P1", "P2", "T", "C"],
        nodes=["X1", "X2", "Y", "Z"],
        supplies=[("s1", "X1", "P1", [(5, 100)]), ("s2", "X2", "P2", [(5, 100)])],
        demands=[("d", "Z", "C", [(6, 400)])],
        links=[
            ("x1y", "X1", "Y", 20, 0, ["P1", "T"]),
            ("x2y", "X2", "Y", 20, 0, ["P2", "T"]),
            ("yz", "Y", "Z", 20, 0, ["T", "C"]),
        ],
    )


def parallel_transit() -> Scenario:
    # producer P (10 at 100) and consumer C (6 at 400) joined by two equal routes, through
    # A or through B (cost 50 each): v(P, C, A) = v(P, C, B) = v(N) = 6 x 250 = 1500
    return make_scenario(
        actors=["P", "A", "B", "C"],
        nodes=["X", "Z"],
        supplies=[("s", "X", "P", [(10, 100)])],
        demands=[("d", "Z", "C", [(6, 400)])],
        links=[
            ("via-a", "X", "Z", 10, 50, ["P", "A", "C"]),
            ("via-b", "X", "Z", 10, 50, ["P", "B", "C"]),
        ],
    )
