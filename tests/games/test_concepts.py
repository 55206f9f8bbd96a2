"""Solution concepts (coopgame) against independent computations, and the Shapley axioms
on random networks."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from corridor.games import (
    CoalitionValues,
    banzhaf,
    coalition_values,
    least_core,
    nucleolus,
    shapley,
)
from corridor.games.concepts import coalition_sums
from corridor.games.synthetic import transit_network
from tests.conftest import make_scenario


def shapley_by_permutations(values: CoalitionValues) -> np.ndarray:
    """Average marginal contribution over all n! orders (the definition, Shapley 1953)."""
    n = values.n
    total = np.zeros(n)
    for order in itertools.permutations(range(n)):
        bits = 0
        for i in order:
            total[i] += values.values[bits | 1 << i] - values.values[bits]
            bits |= 1 << i
    return total / math.factorial(n)


def nucleolus_by_lps(values: CoalitionValues) -> np.ndarray:
    """Nucleolus by the textbook sequence of LPs (Maschler, Peleg & Shapley 1979), scipy.

    Variables (x_1..x_n, eps). Each round minimises the largest excess over the coalitions
    not yet fixed; coalitions whose excess cannot be lowered below it are then fixed at it.
    """
    n = values.n
    w = values.values - values.values[0]
    full = (1 << n) - 1
    members = [np.array([bits >> i & 1 for i in range(n)], dtype=float) for bits in range(1 << n)]
    eq_rows, eq_rhs = [np.append(members[full], 0.0)], [w[full]]
    bounds = [(w[1 << i], None) for i in range(n)] + [(None, None)]
    free = set(range(1, full))
    while free:
        # x(S) + eps >= w(S)  <=>  -x(S) - eps <= -w(S)
        rows = [np.append(-members[s], -1.0) for s in sorted(free)]
        rhs = [-w[s] for s in sorted(free)]
        cost = np.zeros(n + 1)
        cost[-1] = 1.0
        best = linprog(cost, A_ub=rows, b_ub=rhs, A_eq=eq_rows, b_eq=eq_rhs, bounds=bounds)
        assert best.status == 0
        eps = best.x[-1]
        fixed = []
        for s in sorted(free):
            # can S's excess drop below eps while every other free excess stays <= eps?
            others = [np.append(-members[t], 0.0) for t in sorted(free)]
            other_rhs = [-w[t] + eps for t in sorted(free)]
            trial = linprog(
                np.append(-members[s], 0.0), A_ub=others, b_ub=other_rhs,
                A_eq=eq_rows, b_eq=eq_rhs, bounds=[*bounds[:-1], (0, 0)],
            )  # fmt: skip
            if -trial.fun - w[s] <= -eps + 1e-7:
                fixed.append(s)
        for s in fixed:
            eq_rows.append(np.append(members[s], 0.0))
            eq_rhs.append(w[s] - eps)
            free.discard(s)
    last = linprog(np.zeros(n + 1), A_eq=eq_rows, b_eq=eq_rhs, bounds=[*bounds[:-1], (0, 0)])
    return np.asarray(last.x[:n])


small_networks = st.builds(
    lambda n, seed: transit_network(n, seed=seed), st.integers(3, 6), st.integers(0, 10_000)
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_networks)
def test_shapley_equals_the_permutation_formula(scenario: object) -> None:
    values = coalition_values(scenario)  # type: ignore[arg-type]
    np.testing.assert_allclose(shapley(values), shapley_by_permutations(values), atol=1e-6)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.builds(
        lambda n, seed: transit_network(n, seed=seed), st.integers(3, 5), st.integers(0, 10_000)
    )
)
def test_nucleolus_equals_a_sequence_of_lps(scenario: object) -> None:
    values = coalition_values(scenario)  # type: ignore[arg-type]
    w = values.values - values.values[0]
    singles = sum(w[1 << i] for i in range(values.n))
    # with an empty imputation set the prenucleolus is reported instead
    assume(singles <= w[-1] + 1e-9)
    scale = max(1.0, abs(values.grand))
    np.testing.assert_allclose(nucleolus(values), nucleolus_by_lps(values), atol=1e-5 * scale)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_networks)
def test_shapley_is_efficient(scenario: object) -> None:
    values = coalition_values(scenario)  # type: ignore[arg-type]
    phi = shapley(values)
    assert phi.sum() == pytest.approx(values.grand - values.values[0], abs=1e-6)


@settings(max_examples=20, deadline=None)
@given(
    capacity=st.floats(1, 20),
    cost=st.floats(0, 100),
    supply=st.floats(1, 20),
    price=st.floats(150, 500),
    extra=st.floats(0, 30),
)
def test_symmetry_and_null_player(
    capacity: float, cost: float, supply: float, price: float, extra: float
) -> None:
    # Two transit countries A, B with identical routes (drawn numbers) are symmetric; D
    # controls a link from a node nothing reaches: a null player. Banzhaf shares both axioms.
    scenario = make_scenario(
        actors=["P", "A", "B", "C", "D"],
        nodes=["X", "Z", "W"],
        supplies=[("s", "X", "P", [(supply, 100)])],
        demands=[("d", "Z", "C", [(supply + extra, price)])],
        links=[
            ("via-a", "X", "Z", capacity, cost, ["P", "A", "C"]),
            ("via-b", "X", "Z", capacity, cost, ["P", "B", "C"]),
            ("dead-end", "W", "Z", 10, 1, ["D", "C"]),
        ],
    )
    values = coalition_values(scenario)
    assert values.players == ("P", "A", "B", "C", "D")
    for concept in (shapley, banzhaf):
        phi = concept(values)
        assert phi["A"] == pytest.approx(phi["B"], abs=1e-6)
        assert phi["D"] == pytest.approx(0.0, abs=1e-9)
    assert shapley(values).sum() == pytest.approx(values.grand, abs=1e-6)


def test_communication_edges_on_korea_by_hand() -> None:
    """Pairs from shared control sets and from links joining territories, each once."""
    from corridor.games.concepts import communication_edges, communication_graph
    from corridor.scenario import load_scenario

    scenario = load_scenario("korea-2011")
    players = ("RU", "KP", "KR", "CN", "JP")
    edges = communication_edges(scenario, players)
    assert len(edges) == len(set(edges))
    # the overland line is controlled by {RU, KP, KR}, the China route by {RU, CN, KR}, and
    # Japan shares only Vladivostok LNG's ship route (vlng-jp, {RU, JP}) with a player
    assert set(edges) == {("KP", "KR"), ("KP", "RU"), ("KR", "RU"), ("CN", "KR"),
                          ("CN", "RU"), ("JP", "RU")}  # fmt: skip
    graph = communication_graph(scenario, players)
    assert sorted(map(tuple, map(sorted, graph.edges()))) == sorted(edges)
    assert set(graph.nodes()) == set(players)


def test_least_core_reports_its_nucleolus_on_a_degenerate_face() -> None:
    # A and B share 1 if they cooperate, C adds nothing: the least core (epsilon 0) is the
    # whole segment from (1, 0, 0) to (0, 1, 0), where one LP vertex or the other depended
    # on the solver's path (and on the order of the players)
    v = np.array([0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0])
    for vertex in ([1.0, 0.0, 0.0], [0.0, 1.0, 0.0]):
        sums = coalition_sums(np.array(vertex))
        assert sums[-1] == 1.0 and np.all(sums >= v)
    core = least_core(CoalitionValues(("A", "B", "C"), v))
    assert core.epsilon == pytest.approx(0.0, abs=1e-12)
    # the prenucleolus: A and B are symmetric, C is a null player (hand-worked)
    assert core.allocation.to_dict() == pytest.approx({"A": 0.5, "B": 0.5, "C": 0.0}, abs=1e-12)
    # the same game with the players listed C, A, B: the same allocation per player
    relabelled = np.array([0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0])
    again = least_core(CoalitionValues(("C", "A", "B"), relabelled))
    assert again.allocation.to_dict() == pytest.approx(core.allocation.to_dict(), abs=1e-12)


def test_a_degenerate_game_the_library_cannot_solve_gets_its_prenucleolus() -> None:
    """korea-2011's ex-ante gas game: North Korea a null player with x_KP >= 0 tight.

    The game library's imputation LPs report it infeasible; the prenucleolus is an
    imputation there (to rounding) and so the nucleolus.
    """
    from corridor.games import coalition_values
    from corridor.scenario import load_scenario

    values = coalition_values(load_scenario("korea-2011"), commodity="gas")
    found = nucleolus(values)
    assert found.sum() == pytest.approx(values.grand - values.v([]), abs=1e-6)
    assert found["KP"] == pytest.approx(0.0, abs=1e-5)  # null: it adds nothing anywhere
    assert (found >= -1e-5).all()


def test_nucleolus_above_its_limit_is_refused_and_names_the_least_core() -> None:
    from corridor.errors import Unavailable
    from corridor.games.limits import MAX_NUCLEOLUS_PLAYERS

    n = MAX_NUCLEOLUS_PLAYERS + 1
    # v(S) = |S|^2: any game of this size; the refusal comes before any LP
    sizes = np.bitwise_count(np.arange(1 << n, dtype=np.uint32)).astype(float)
    values = CoalitionValues(tuple(f"p{i}" for i in range(n)), sizes**2)
    with pytest.raises(Unavailable, match=f"up to {MAX_NUCLEOLUS_PLAYERS} players.*least core"):
        nucleolus(values)
    # the Shapley value is still there: symmetric players share v(N) = n^2 equally
    assert shapley(values).to_numpy() == pytest.approx(np.full(n, float(n)))
