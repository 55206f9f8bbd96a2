"""Textbook games built as networks: every coalition value, Shapley value, nucleolus, least
core and Myerson value worked out by hand (USD m/yr)."""

from __future__ import annotations

import pytest

from corridor.games import (
    coalition_values,
    in_core,
    least_core,
    myerson,
    nucleolus,
    shapley,
)
from tests.games.networks import glove_market, parallel_transit, veto_chain


def test_glove_market_values_shapley_and_nucleolus() -> None:
    # The glove game with one left glove and two right gloves (Osborne & Rubinstein, A
    # Course in Game Theory, 1994, ex. 260.2 / Maschler, Solan & Zamir, Game Theory, 2013,
    # ch. 17): v = 100 when L and a buyer meet, else 0.
    values = coalition_values(glove_market())
    assert values.players == ("L", "R1", "R2")
    for coalition, expected in [
        ((), 0), (("L",), 0), (("R1",), 0), (("R1", "R2"), 0),
        (("L", "R1"), 100), (("L", "R2"), 100), (("L", "R1", "R2"), 100),
    ]:  # fmt: skip
        assert values.v(coalition) == pytest.approx(expected, abs=1e-9)
    # Shapley: L's marginal is 100 unless it comes first (probability 1/3): 2/3 x 100
    assert shapley(values).to_dict() == pytest.approx(
        {"L": 200 / 3, "R1": 50 / 3, "R2": 50 / 3}, abs=1e-9
    )
    # core = {(100, 0, 0)} (x_L + x_Ri >= 100 for both i and x(N) = 100), so the
    # nucleolus is that point; the Shapley value lies outside the core (epsilon = 0)
    assert nucleolus(values).to_dict() == pytest.approx({"L": 100, "R1": 0, "R2": 0}, abs=1e-6)
    assert not in_core(values)
    assert least_core(values).epsilon == pytest.approx(0.0, abs=1e-6)


def test_veto_chain_transit_country_is_a_veto_player() -> None:
    values = coalition_values(veto_chain())
    players = values.players
    assert players == ("P1", "P2", "T", "C")
    # v(T, C, Pi) = 5 x (400 - 100) = 1500, v(N) = 6 x 300 = 1800, every other coalition 0
    for bits in range(16):
        members = {p for i, p in enumerate(players) if bits >> i & 1}
        if {"T", "C"} <= members and members & {"P1", "P2"}:
            expected = 1800 if {"P1", "P2"} <= members else 1500
        else:
            expected = 0
        assert values.v(bits) == pytest.approx(expected, abs=1e-9), members
    # Shapley by hand: Pi's marginal is 1500 when exactly T and C come before it (2 of 24
    # orders) and 300 when T, C and the other producer do (6 of 24): 125 + 75 = 200;
    # T and C share the rest equally (symmetric): (1800 - 400) / 2 = 700 each
    assert shapley(values).to_dict() == pytest.approx(
        {"P1": 200, "P2": 200, "T": 700, "C": 700}, abs=1e-9
    )
    # Nucleolus by hand: by symmetry x = (p, p, t, t) with 2p + 2t = 1800; the largest
    # excesses are v(T, C, Pi) - x = p - 300 and v(Pi) - x = -p; both are -150 at p = 150
    nu = nucleolus(values).to_dict()
    assert nu == pytest.approx({"P1": 150, "P2": 150, "T": 750, "C": 750}, abs=1e-6)
    # x(T, C, Pi) = 1650 >= 1500 and x(N) = 1800: the core is not empty
    assert least_core(values).epsilon < 0
    assert in_core(values)


def test_parallel_transit_countries_compete_their_rent_away() -> None:
    values = coalition_values(parallel_transit())
    assert values.players == ("P", "A", "B", "C")
    # v = 6 x (400 - 100 - 50) = 1500 when P, C and A or B are in S, else 0
    assert values.v(("P", "C")) == 0
    assert values.v(("P", "A", "C")) == pytest.approx(1500)
    assert values.v(("P", "B", "C")) == pytest.approx(1500)
    assert values.grand == pytest.approx(1500)
    # Shapley: A's marginal is 1500 only when exactly P and C precede it (2 of 24 orders):
    # 125; P and C share the rest: (1500 - 250) / 2 = 625
    assert shapley(values).to_dict() == pytest.approx(
        {"P": 625, "A": 125, "B": 125, "C": 625}, abs=1e-9
    )
    # core: x_P + x_C + x_A >= 1500 and x_P + x_C + x_B >= 1500 with x(N) = 1500 force
    # x_A = x_B = 0 (Bertrand competition between the transit countries); nucleolus by
    # symmetry P = C = 750
    assert nucleolus(values).to_dict() == pytest.approx(
        {"P": 750, "A": 0, "B": 0, "C": 750}, abs=1e-6
    )
    assert not in_core(values)


def test_myerson_on_a_graph_by_hand() -> None:
    # Glove market where R2 cannot talk to anyone (graph L - R1): the graph-restricted game
    # is worth 100 only when L and R1 are both in S, so L and R1 split it, R2 gets nothing
    values = coalition_values(glove_market())
    assert myerson(values, [("L", "R1")]).to_dict() == pytest.approx(
        {"L": 50, "R1": 50, "R2": 0}, abs=1e-9
    )
    # Parallel transit on the line P - A - C - B: {P, B, C} falls apart (P alone), so only
    # coalitions containing P, A, C are worth 1500: a unanimity game on {P, A, C}
    transit = coalition_values(parallel_transit())
    line = [("P", "A"), ("A", "C"), ("C", "B")]
    assert myerson(transit, line).to_dict() == pytest.approx(
        {"P": 500, "A": 500, "B": 0, "C": 500}, abs=1e-9
    )
    # on the complete graph the Myerson value is the Shapley value
    complete = [(a, b) for i, a in enumerate(transit.players) for b in transit.players[i + 1 :]]
    assert myerson(transit, complete).to_dict() == pytest.approx(
        shapley(transit).to_dict(), abs=1e-9
    )
