"""The expected-utility model (Scholz, Calbert & Smith 2011 reconstruction of BDM).

Reference data: the EU emissions-standards example of Bueno de Mesquita (1994, p. 78),
Table 1 of Scholz, Calbert & Smith (2011): the date (years from the outset) by which
emission standards for medium-sized cars should apply. The table as used here is the one
reproduced in the open reconstructions github.com/jmckib/bdm-scholz-expected-utility-model
(ExampleActors.csv) and github.com/dmasad/BDM_DecisionModel_Replication (which swaps the
labels of the Netherlands and Belgium; the rows are otherwise identical, so every number
below is the same under either labelling).

Scholz et al.'s Table 2 (median and mean voter position after rounds 1-8, one decimal;
p. 28 of the ICAART 2011 paper) is taken from the transcription of the paper in
github.com/hamzagul07/schelling (docs/papers/scholz_extract.md, section 7), whose quoted text
("the median voter position at the end of the first round to be 8.4 years. At the end of
the second, third, fourth and fifth rounds the median voter position was for each 9.9
years") agrees with the table. A second, round-by-round test is a differential test against the
open reconstruction's published run (dmasad/bdm-scholz-expected-utility-model, Example.log,
10 rounds), which follows Scholz et al.'s own code as translated by McKibben.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.negotiation import ExpectedUtilityOptions, expected_utility
from corridor.negotiation.expected_utility import (
    challenge_utility,
    risk_exponents,
    run_issue,
    win_probability,
)

from .negotiation_cases import make_negotiation

EMISSIONS = [  # actor, capability, position (years), salience
    ("Netherlands", 0.08, 4, 0.8),
    ("Belgium", 0.08, 7, 0.4),
    ("Luxembourg", 0.03, 4, 0.2),
    ("Germany", 0.16, 4, 0.8),
    ("France", 0.16, 10, 0.6),
    ("Italy", 0.16, 10, 0.6),
    ("UK", 0.16, 10, 0.9),
    ("Ireland", 0.05, 7, 0.1),
    ("Denmark", 0.05, 4, 1.0),
    ("Greece", 0.08, 7, 0.7),
]

# (round, actor, outcome, counterpart, new position) from Example.log of the open
# reconstruction; every other actor keeps its position in every round.
REFERENCE_MOVES = [
    (1, "Belgium", "compromise", "France", 8.415932315426764),
    (1, "Luxembourg", "confrontation", "Belgium", 7.0),
    (1, "Ireland", "confrontation", "Luxembourg", 4.0),
    (2, "Belgium", "compromise", "France", 9.610859134120188),
    (2, "Luxembourg", "confrontation", "Belgium", 8.415932315426764),
    (2, "Ireland", "confrontation", "Luxembourg", 7.0),
    (3, "Belgium", "compromise", "France", 9.961979590401311),
    (3, "Luxembourg", "confrontation", "Belgium", 9.610859134120188),
    (3, "Ireland", "confrontation", "Luxembourg", 8.415932315426764),
    (4, "Belgium", "compromise", "Netherlands", 4.800881140632622),
    (4, "Luxembourg", "confrontation", "Belgium", 9.961979590401311),
    (4, "Ireland", "confrontation", "Luxembourg", 9.610859134120188),
    (5, "Belgium", "compromise", "France", 5.524237694197356),
    (5, "Luxembourg", "confrontation", "Belgium", 4.800881140632622),
    (5, "Ireland", "confrontation", "Luxembourg", 9.961979590401311),
    (6, "Belgium", "compromise", "France", 7.47204636191629),
    (6, "Luxembourg", "confrontation", "Belgium", 5.524237694197356),
    (6, "Ireland", "confrontation", "Belgium", 5.524237694197356),
    (7, "Belgium", "compromise", "France", 8.824593855262423),
    (7, "Luxembourg", "confrontation", "Belgium", 7.47204636191629),
    (7, "Ireland", "confrontation", "Belgium", 7.47204636191629),
    (8, "Belgium", "compromise", "France", 9.671129769802048),
    (8, "Luxembourg", "confrontation", "Belgium", 8.824593855262423),
    (8, "Ireland", "confrontation", "Belgium", 8.824593855262423),
    (9, "Belgium", "compromise", "Netherlands", 4.144849062500606),
    (9, "Luxembourg", "confrontation", "Belgium", 9.671129769802048),
    (9, "Ireland", "confrontation", "Belgium", 9.671129769802048),
    (10, "Belgium", "compromise", "France", 4.291541224979646),
    (10, "Luxembourg", "confrontation", "Belgium", 4.144849062500606),
    (10, "Ireland", "confrontation", "Belgium", 4.144849062500606),
]
# capability x salience weighted mean after each round, from the same log
REFERENCE_MEANS = [
    7.389955686853767,
    7.461314378277189,
    7.552500865855845,
    7.590144997451547,
    7.358130531334201,
    7.3491739896752115,
    7.414877545372958,
    7.510457183677219,
    7.5724470975503,
    7.324989065683666,
    7.242130958473938,
]


ISSUES = st.lists(  # (position, capability, salience) of 2 to 8 actors
    st.tuples(st.floats(0, 100), st.floats(0.01, 1), st.floats(0.01, 1)), min_size=2, max_size=8
)


def _columns(rows: list[tuple[float, float, float]]) -> tuple[np.ndarray, ...]:
    return tuple(np.array(column) for column in zip(*rows, strict=True))


def _emissions():
    return make_negotiation(["emissions"], [(a, "emissions", x, c, s) for a, c, x, s in EMISSIONS])


def test_initial_weighted_median_and_mean() -> None:
    # weights c*s at 4 years: .064+.006+.128+.05 = .248; at 7: .032+.005+.056 = .093;
    # at 10: .096+.096+.144 = .336; total .677, half .3385 -> median 7 years.
    # mean = (4*.248 + 7*.093 + 10*.336) / .677 = 5.003 / .677 = 7.38996 years
    result = expected_utility(_emissions(), ExpectedUtilityOptions(rounds=0))
    start = result.trajectory.iloc[0]
    assert start["median"] == 7.0
    assert start["mean"] == pytest.approx(5.003 / 0.677, abs=1e-12)


# Scholz, Calbert & Smith (2011), Table 2: median and mean voter position after rounds 1-8.
SCHOLZ_TABLE_2_MEDIANS = [8.4, 9.9, 9.9, 9.9, 9.9, 7.4, 8.8, 9.6]
SCHOLZ_TABLE_2_MEANS = [7.4, 7.5, 7.6, 7.3, 7.3, 7.4, 7.5, 7.6]


def test_per_round_medians_and_means_of_scholz_table_2() -> None:
    options = ExpectedUtilityOptions(rounds=8, stop_when_stable=False)
    trajectory = expected_utility(_emissions(), options).trajectory
    medians = list(trajectory["median"].iloc[1:])
    means = list(trajectory["mean"].iloc[1:])
    for round_, (ours, table) in enumerate(
        zip(medians, SCHOLZ_TABLE_2_MEDIANS, strict=True), start=1
    ):
        if round_ == 2:
            # Round 2 differs: Belgium's compromise towards France takes it to 9.61 years
            # (the weighted median) where the table has 9.9. The open translation of
            # Scholz et al.'s code gives the same 9.61 (see the next test), and the paper
            # lists no moves per round, so the difference lies between the paper's table and
            # its code; from round 3 on the two agree again.
            assert ours == pytest.approx(9.610859134120188, abs=1e-9)
            continue
        # the table's one decimal is our value truncated (8.416 -> 8.4, 9.962 -> 9.9,
        # 7.472 -> 7.4, 8.825 -> 8.8, 9.671 -> 9.6): tolerance one table digit
        assert 0.0 <= ours - table < 0.1, f"round {round_}: {ours} vs Table 2 {table}"
    # means: within the table's resolution of 0.1 year in every round
    assert means == pytest.approx(SCHOLZ_TABLE_2_MEANS, abs=0.1)


def test_rounds_reproduce_the_open_reconstruction() -> None:
    options = ExpectedUtilityOptions(rounds=10, stop_when_stable=False)
    result = expected_utility(_emissions(), options)
    moves = result.history[result.history["outcome"] != "none"]
    got = [
        (r.round, r.actor, r.outcome, r.counterpart, r.position_after) for r in moves.itertuples()
    ]
    assert [g[:4] for g in got] == [m[:4] for m in REFERENCE_MOVES]
    assert [g[4] for g in got] == pytest.approx([m[4] for m in REFERENCE_MOVES], abs=1e-9)
    assert list(result.trajectory["mean"]) == pytest.approx(REFERENCE_MEANS, abs=1e-9)
    # the forecast is the weighted median after the last round
    assert result.forecast_of("emissions") == result.trajectory["median"].iloc[-1]


def test_offer_choice_option_changes_round_four() -> None:
    # McKibben notes that Scholz's code sends Belgium to the Netherlands' extreme
    # position in round 4; with the paper's rule (least move) Belgium stays with France.
    options = ExpectedUtilityOptions(rounds=4, stop_when_stable=False, offer_choice="least_move")
    history = expected_utility(_emissions(), options).history
    belgium = history.query("actor == 'Belgium' and round == 4").iloc[0]
    assert belgium["counterpart"] == "France"


def test_two_actor_utilities_by_hand() -> None:
    # A at 0, B at 10, equal weight 1; range 10, r = 1, Q = 1.
    # Votes for A over B: A +1, B -1. All-pairs denominator: 4 -> P_AB = 1/4;
    # pairwise denominator: 2 -> P_AB = 1/2.
    x, w, ones = np.array([0.0, 10.0]), np.array([1.0, 1.0]), np.ones(2)
    all_pairs = ExpectedUtilityOptions()
    pairwise = ExpectedUtilityOptions(probability="pairwise")
    assert win_probability(x, w, ones, 10.0, all_pairs)[0, 1] == pytest.approx(0.25)
    assert win_probability(x, w, ones, 10.0, pairwise)[0, 1] == pytest.approx(0.5)
    # U_s = 2 - 4 (0.5 - 0.5) = 2, U_f = 2 - 4 (1) = -2, U_sq = 0. With s_B = 0.5:
    # E = 0.5 (0.25*2 + 0.75*(-2)) + 0.5*2 - 0 = 0.5
    salience = np.array([1.0, 0.5])
    probability = win_probability(x, w * salience, ones, 10.0, all_pairs)
    probability[0, 1] = 0.25  # as computed above, whatever the weights
    eu = challenge_utility(x, salience, probability, ones, 10.0, 0.0, all_pairs)
    assert eu[0, 0, 1] == pytest.approx(0.5)
    # with the challenger's salience (1) instead: E = 0.25*2 + 0.75*(-2) = -1
    challenger = ExpectedUtilityOptions(resist_salience="challenger")
    eu = challenge_utility(x, salience, probability, ones, 10.0, 0.0, challenger)
    assert eu[0, 0, 1] == pytest.approx(-1.0)


def test_status_quo_probability_below_one() -> None:
    # Q = 0.5, T = 1: subtract 0.5 U_sq + 0.5 U_b. A at 0, B at 10, median at 10:
    # U_b = 2 - 4 (0.5 - 0.25 (10 + 10)/10) = 2 - 4*0 = 2 -> E = 0.5 - 0.5*0 - 0.5*2 = -0.5
    x, ones = np.array([0.0, 10.0]), np.ones(2)
    options = ExpectedUtilityOptions(q=0.5, t=1.0)
    probability = np.array([[0.0, 0.25], [0.25, 0.0]])
    eu = challenge_utility(x, np.array([1.0, 0.5]), probability, ones, 10.0, 10.0, options)
    assert eu[0, 0, 1] == pytest.approx(-0.5)


@settings(max_examples=40, deadline=None)
@given(ISSUES)
def test_risk_exponents_lie_between_half_and_two(rows: list[tuple[float, float, float]]) -> None:
    x, c, s = _columns(rows)
    span = float(x.max() - x.min()) or 1.0
    r = risk_exponents(x, s, c * s, span, float(np.median(x)), ExpectedUtilityOptions())
    assert np.all(r >= 0.5 - 1e-12) and np.all(r <= 2.0 + 1e-12)


@settings(max_examples=30, deadline=None)
@given(ISSUES)
def test_positions_stay_within_the_initial_range(rows: list[tuple[float, float, float]]) -> None:
    x, c, s = _columns(rows)
    actors = tuple(f"a{i}" for i in range(len(rows)))
    path, _ = run_issue(actors, x, c, s, ExpectedUtilityOptions(rounds=5))
    assert path.min() >= x.min() - 1e-9 and path.max() <= x.max() + 1e-9


def test_invalid_options_are_refused() -> None:
    with pytest.raises(ValueError, match="probability"):
        ExpectedUtilityOptions(probability="bogus")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="q"):
        ExpectedUtilityOptions(q=1.5)
