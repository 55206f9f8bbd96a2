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

import dataclasses

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
    options = ExpectedUtilityOptions(rounds=8, stop="fixed")
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
    options = ExpectedUtilityOptions(rounds=10, stop="fixed")
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
    options = ExpectedUtilityOptions(rounds=4, stop="fixed", offer_choice="least_move")
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
    path, _, _ = run_issue(actors, x, c, s, ExpectedUtilityOptions(rounds=5))
    assert path.min() >= x.min() - 1e-9 and path.max() <= x.max() + 1e-9


def test_invalid_options_are_refused() -> None:
    with pytest.raises(ValueError, match="probability"):
        ExpectedUtilityOptions(probability="bogus")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="q"):
        ExpectedUtilityOptions(q=1.5)


# --- the forecast rule (corridor.negotiation.stopping) -------------------------------------
def _three_actors():
    return make_negotiation(
        ["x"], [("A", "x", 0, 1, 1.0), ("B", "x", 0, 1, 1.0), ("C", "x", 100, 1, 0.4)]
    )


HAND = ExpectedUtilityOptions(risk="neutral", probability="pairwise")


def test_three_actors_converge_as_worked_by_hand() -> None:
    # A and B at 0 (capability 1, salience 1: weight 1 each), C at 100 (weight 0.4); W = 2.4.
    # r = 1, Q = 1, span 100 (initial range), d = |x_C - x_A| / 100. With r = 1:
    # U_s = 2d, U_f = -2d, U_sq = 0, so E_ij = 2d (1 - 2 s_j (1 - P_ij)).
    # Pairwise P: A and B vote for A over C (weight 2), C against (0.4): P_AC = 2/2.4 = 5/6,
    # P_CA = 1/6, the same in every round (every vote scales with d).
    # E_AC = 2d (1 - 2*0.4*(1/6)) = 2d*13/15 > 0; E_CA = 2d (1 - 2*1*(5/6)) = -2d*2/3 < 0,
    # |E_CA| < E_AC: C compromises towards A (and B, the same offer) by
    # |E_CA / E_AC| = (2/3) / (13/15) = 10/13 of the distance. A (and B) get no offer: for
    # A its own E_AC > 0 and C's E_CA < 0, none of the three cases. So after round k
    # x_C = 100 (3/13)^k, and the weighted median stays at 0 (A and B hold 2 of 2.4).
    # C's move in round k is 100 (3/13)^(k-1) (10/13): round 8: 2.7e-3, round 9: 6.2e-4,
    # the first below the default tolerance 1e-3; the rule wants 10 rounds in a row within
    # it (CONFIRM_ROUNDS): rounds 9-18, so converged at round 18.
    result = expected_utility(_three_actors(), HAND)
    c = result.positions.query("actor == 'C'")["position"].to_numpy()
    assert c == pytest.approx([100 * (3 / 13) ** k for k in range(19)], rel=1e-9)
    row = result.forecast.iloc[0]
    assert (row["status"], row["period"], row["rounds"]) == ("converged", 1, 18)
    assert row["forecast"] == 0.0
    first = result.history.query("actor == 'C' and round == 1").iloc[0]
    assert first["eu_own"] == pytest.approx(-4 / 3) and first["eu_counterpart"] == (
        pytest.approx(2 * 13 / 15)
    )


def test_round_cap_is_flagged_not_converged() -> None:
    # the same case stopped at 5 rounds: C at 100 (3/13)^5 = 0.0654 still moving 0.22 a round
    result = expected_utility(_three_actors(), dataclasses.replace(HAND, rounds=5))
    row = result.forecast.iloc[0]
    assert (row["status"], row["rounds"], row["period"]) == ("round cap", 5, 0)
    assert result.positions["position"].iloc[-1] == pytest.approx(100 * (3 / 13) ** 5)


# The 2011 coding of six-party-2011's preconditions issue (before the recoding of issue 22):
# actor, position, capability, salience.
PRECONDITIONS_2011 = [
    ("US", 75, 100, 0.7),
    ("CN", 10, 80, 0.7),
    ("RU", 5, 40, 0.5),
    ("JP", 80, 35, 0.6),
    ("KR", 90, 60, 0.8),
    ("KP", 0, 60, 0.9),
]
# ... and of its pipeline_rail issue (pipeline and rail link together, one capability per actor)
PIPELINE_2011 = [
    ("US", 30, 100, 0.3),
    ("CN", 40, 80, 0.4),
    ("RU", 95, 40, 0.9),
    ("JP", 20, 35, 0.2),
    ("KR", 60, 60, 0.6),
    ("KP", 90, 60, 0.7),
]


def _issue(rows: list[tuple[str, float, float, float]]):
    return make_negotiation(["i"], [(a, "i", x, c, s) for a, x, c, s in rows])


def _fixed(negotiation, rounds: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions (rounds + 1 x actors) and medians per round of a fixed-round run."""
    result = expected_utility(negotiation, ExpectedUtilityOptions(rounds=rounds, stop="fixed"))
    positions = result.positions.pivot(index="round", columns="actor", values="position")
    return positions.to_numpy(), result.trajectory["median"].to_numpy()


def test_an_exact_two_cycle_is_detected() -> None:
    # From round 4 on Russia and Japan swap 90 and 10 every round (each confronts the
    # other's position): the state of round 6 is that of round 4 to the bit, and the rounds
    # are a deterministic function of the state, so the cycle is provably permanent.
    x, medians = _fixed(_issue(PRECONDITIONS_2011), 30)
    assert np.array_equal(x[6:], x[4:-2]) and not np.array_equal(x[5], x[4])
    assert not np.array_equal(x[3], x[5])  # round 3 is not yet in the cycle
    result = expected_utility(_issue(PRECONDITIONS_2011))
    row = result.forecast.iloc[0]
    # detected once the repeat has held for CONFIRM_ROUNDS (10) rounds: rounds 6-15 repeat
    # rounds 4-13
    assert (row["status"], row["period"], row["rounds"]) == ("cycle", 2, 15)
    assert row["forecast"] == pytest.approx(medians[14:16].mean())
    window = medians[14:16]
    assert (row["forecast_low"], row["forecast_high"]) == (window.min(), window.max())


def test_a_cycle_within_the_tolerance_and_its_range() -> None:
    # The 2011 pipeline coding settles into a cycle of 17 rounds (a swing of 8 rounds and
    # one of 9) whose median runs between 60 and 87.8; the repeats are within 1e-3, not
    # exact. Between swings the median stands at 60 for one or two rounds: with one round
    # of confirmation the rule called that converged (at 60, or at 87.8 on another CPU's
    # last bits). Checked against a 100-round fixed run: the detected cycle's last 17
    # states each lie within the tolerance of those 17 rounds before, and the medians of
    # every later round stay within the cycle's range (the orbit is not exactly periodic:
    # after round 60 the swings come in another order, within the same range).
    result = expected_utility(_issue(PIPELINE_2011))
    row = result.forecast.iloc[0]
    stopped, period = int(row["rounds"]), int(row["period"])
    assert (row["status"], period) == ("cycle", 17)
    x, medians = _fixed(_issue(PIPELINE_2011), 100)
    assert ExpectedUtilityOptions().confirm <= period
    for k in range(period):
        assert np.abs(x[stopped - k] - x[stopped - k - period]).max() <= 1e-3
    window = medians[stopped - period + 1 : stopped + 1]
    assert row["forecast_low"] == pytest.approx(window.min())
    assert row["forecast_high"] == pytest.approx(window.max())
    assert row["forecast"] == pytest.approx(window.mean())
    assert window.min() == pytest.approx(60.0, abs=0.01) and window.max() > 87.7
    later = medians[stopped + 1 :]
    assert len(later) > 40
    assert window.min() - 1e-3 <= later.min() and later.max() <= window.max() + 1e-3


def test_the_emissions_example_neither_converges_nor_cycles() -> None:
    # BDM's emissions example oscillates: Belgium swings between the Netherlands (4 years)
    # and France (10) and Luxembourg and Ireland follow it, never twice the same way.
    # Independently of the rule's code: over 100 fixed rounds no round's positions lie
    # within 1e-3 of the previous round's, and no stretch of p >= 2 rounds repeats the p
    # before it, so with the defaults (cap 100) the rounds end at the cap, flagged.
    x, medians = _fixed(_emissions(), 100)
    gap = np.abs(x[:, None, :] - x[None, :, :]).max(axis=2)  # gap[t, u]: state t vs u
    near = gap <= 1e-3
    for t in range(1, 101):
        for p in range(1, t // 2 + 1):
            assert not all(near[t - k, t - k - p] for k in range(p)), (t, p)
    row = expected_utility(_emissions()).forecast.iloc[0]
    assert (row["status"], row["rounds"]) == ("round cap", 100)
    assert row["forecast"] == medians[100]
    assert (row["forecast_low"], row["forecast_high"]) == (medians[1:].min(), medians[1:].max())


def test_a_loose_tolerance_mistakes_a_slow_drift_for_convergence() -> None:
    # Why the default tolerance is tight and a repeat must hold for 10 rounds: from round 44
    # Belgium creeps by 0.003-0.02 years a round before it leaves again; at tolerance 0.01
    # years and one round of confirmation that passes for convergence at the first round
    # whose largest move is <= 0.01 (round 46 of the fixed run). With the default 10
    # rounds of confirmation the same tolerance is not fooled: no 10 rounds in a row move
    # less than 0.01 before round 100, and the rounds run to the cap.
    x, medians = _fixed(_emissions(), 100)
    moves = np.abs(np.diff(x, axis=0)).max(axis=1)  # moves[t - 1]: largest move in round t
    first = int(np.argmax(moves <= 0.01)) + 1
    once = ExpectedUtilityOptions(tolerance=0.01, confirm=1)
    row = expected_utility(_emissions(), once).forecast.iloc[0]
    assert (row["status"], row["rounds"]) == ("converged", first)
    assert first == 46 and row["forecast"] == medians[46] == 7.0
    assert medians[47:].max() > 9.9  # the median leaves 7 again later
    still = moves <= 0.01
    assert not any(still[t : t + 10].all() for t in range(len(still) - 9))
    row = expected_utility(_emissions(), ExpectedUtilityOptions(tolerance=0.01)).forecast.iloc[0]
    assert (row["status"], row["rounds"]) == ("round cap", 100)
