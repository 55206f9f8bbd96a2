"""Solution concepts on coalition values, computed by coopgame-py (Rust), in USD m/yr.

All concepts play the zero-normalised game w(S) = v(S) - v(empty set) (see
:mod:`corridor.games.values`); for the bundled scenarios v(empty set) = 0.

The communication graph for the Myerson value (:func:`communication_graph`): two players
are adjacent when they both belong to the control set of one link (they must agree to
use it, so they talk), or when a link joins a node in one's territory to a node in the
other's (neighbours along a route).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import coopgame
import numpy as np
import pandas as pd

from corridor.errors import InputError, Unavailable
from corridor.games.limits import MAX_NUCLEOLUS_PLAYERS
from corridor.games.values import CoalitionValues
from corridor.scenario.model import Scenario

if TYPE_CHECKING:
    import networkx as nx


CONCEPTS = ("shapley", "banzhaf", "nucleolus", "least_core", "myerson")


def normalised(values: CoalitionValues) -> np.ndarray:
    """w(S) = v(S) - v(empty set) for every bitmask S, USD m/yr."""
    return values.values - values.values[0]


def game(values: CoalitionValues) -> coopgame.Game:
    """The coopgame ``Game`` of the zero-normalised values (binary order)."""
    if values.n == 0:
        raise InputError("the game has no players")
    return coopgame.Game(normalised(values)[1:].tolist())


def _series(values: CoalitionValues, numbers: Iterable[float], name: str) -> pd.Series:
    return pd.Series(list(numbers), index=list(values.players), name=name, dtype=float)


def shapley(values: CoalitionValues) -> pd.Series:
    """Exact Shapley value per player, USD m/yr (adds up to v(N) - v(empty set))."""
    return _series(values, coopgame.shapley(game(values)), "shapley_musd_per_yr")


def banzhaf(values: CoalitionValues) -> pd.Series:
    """Banzhaf value per player (not normalised: mean marginal contribution), USD m/yr."""
    return _series(values, coopgame.banzhaf(game(values)), "banzhaf_musd_per_yr")


def nucleolus(values: CoalitionValues) -> pd.Series:
    """Nucleolus per player, USD m/yr (sequential LPs).

    On the imputation set; when that is empty (v(N) below the sum of what players get
    alone, possible when coalitions share an open market's capacity) the prenucleolus.
    The game library's imputation LPs can also fail as infeasible on a degenerate game
    (a null player whose bound x_i >= v({i}) is met with equality, korea-2011's North
    Korea before the build); the prenucleolus is then used when it is an imputation (to
    rounding), which makes it the nucleolus (Schmeidler 1969: the prenucleolus in the
    imputation set is the nucleolus).

    Above :data:`~corridor.games.limits.MAX_NUCLEOLUS_PLAYERS` players: ``Unavailable``.
    """
    return _series(values, nucleolus_allocation(values), "nucleolus_musd_per_yr")


def nucleolus_allocation(values: CoalitionValues) -> np.ndarray:
    """:func:`nucleolus`'s numbers in player order, without the Series (for many games)."""
    if values.n > MAX_NUCLEOLUS_PLAYERS:
        raise Unavailable(
            f"the nucleolus is exact only up to {MAX_NUCLEOLUS_PLAYERS} players (sequential "
            f"LPs over all 2^n coalitions); this game has {values.n}: leave it out of the "
            "concepts, or use the least core (one LP) with shapley and banzhaf",
            parameter="concepts",
        )
    g = game(values)
    try:
        result = coopgame.nucleolus(g)
    except ValueError:
        result = coopgame.nucleolus(g, domain="preimputation")
    except RuntimeError:
        result = coopgame.nucleolus(g, domain="preimputation")
        w = normalised(values)
        alone = np.array([w[1 << i] for i in range(values.n)])
        slack = 1e-6 * max(1.0, abs(float(w[-1])))
        if np.any(np.asarray(result["allocation"]) < alone - slack):
            raise
    return np.asarray(result["allocation"], dtype=float)


@dataclass(frozen=True)
class LeastCore:
    """The least core: its ``epsilon`` (USD m/yr) and its nucleolus, ``allocation``.

    ``epsilon`` is the smallest number such that an allocation gives every coalition at
    least w(S) - epsilon. The core is non-empty iff ``epsilon <= 0``.
    """

    epsilon: float
    allocation: pd.Series


def least_core(values: CoalitionValues) -> LeastCore:
    """The least core's epsilon and its one documented allocation, USD m/yr.

    The least core is often a whole face (one LP with many optima), and which vertex an
    LP solver reports depends on its path: on an 18-player game, a change of 1e-12 in
    v(S) moved one player's allocation by 61 USD m/yr. The allocation reported is the
    prenucleolus: the first of its sequential LPs is the least-core LP, so it lies in the
    least core, and it is the unique point there that lexicographically minimises the
    largest excesses (Schmeidler 1969; Maschler, Peleg and Shapley 1979). It follows the
    players when they are relabelled, which no LP vertex does.
    """
    g = game(values)
    epsilon = float(coopgame.least_core(g, domain="preimputation")["epsilon"])
    allocation = coopgame.nucleolus(g, domain="preimputation")["allocation"]
    return LeastCore(epsilon, _series(values, allocation, "least_core_musd_per_yr"))


def coalition_sums(allocation: np.ndarray) -> np.ndarray:
    """x(S) for every bitmask S of an allocation x (vectorised subset sums)."""
    sums = np.zeros(1)
    for x in allocation:
        sums = np.concatenate([sums, sums + x])
    return sums


def in_core(
    values: CoalitionValues, allocation: pd.Series | None = None, *, tolerance: float = 1e-6
) -> bool:
    """Whether ``allocation`` (default: the Shapley value) lies in the core.

    Efficient (adds up to w(N)) and no coalition gets less than w(S), both up to
    ``tolerance`` x max(1, |w(N)|) USD m/yr for rounding in the LP values.
    """
    x = shapley(values) if allocation is None else allocation
    vector = np.asarray(x.reindex(list(values.players)), dtype=float)
    w = normalised(values)
    slack = tolerance * max(1.0, abs(float(w[-1])))
    sums = coalition_sums(vector)
    return bool(abs(sums[-1] - w[-1]) <= slack and np.all(sums >= w - slack))


def communication_edges(scenario: Scenario, players: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs of players that can talk, each once (see the module docstring).

    Two players are adjacent when they share a link's control set or a link joins their
    territories.

    Plain pairs rather than a networkx graph: ``corridor power`` needs only these, and
    importing networkx would cost it ~0.2 s of start-up (issue 15's budget).
    """
    inside = set(players)
    territory = {node.id: node.territory for node in scenario.nodes}
    pairs: dict[tuple[str, str], None] = {}
    for link in scenario.links:
        group = set(link.control)
        ends = {territory.get(link.source), territory.get(link.target)}
        group |= {a for a in ends if a is not None}
        members = sorted(group & inside)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pairs[(a, b)] = None
    return list(pairs)


def communication_graph(scenario: Scenario, players: Iterable[str]) -> nx.Graph:
    """:func:`communication_edges` as a networkx graph over every player."""
    import networkx as nx

    chosen = list(players)
    graph = nx.Graph()
    graph.add_nodes_from(chosen)
    graph.add_edges_from(communication_edges(scenario, chosen))
    return graph


def myerson(values: CoalitionValues, graph: nx.Graph | Iterable[tuple[str, str]]) -> pd.Series:
    """Myerson value on a communication graph over the players, USD m/yr.

    ``graph`` as a networkx graph or an edge list of player ids; a coalition is worth the
    sum of its connected parts' values.
    """
    index = {p: i for i, p in enumerate(values.players)}
    edges = graph.edges() if hasattr(graph, "edges") else graph
    pairs = []
    for a, b in edges:
        if a not in index or b not in index:
            continue  # an actor who is not a player: no edge in the players' game
        pairs.append((index[a], index[b]))
    return _series(values, coopgame.myerson(game(values), pairs), "myerson_musd_per_yr")


__all__ = [
    "CONCEPTS",
    "LeastCore",
    "banzhaf",
    "coalition_sums",
    "communication_edges",
    "communication_graph",
    "game",
    "in_core",
    "least_core",
    "myerson",
    "normalised",
    "nucleolus",
    "shapley",
]
