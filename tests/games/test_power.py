"""The power report: stand-alone values, gains from cooperation and their shares, roles and
implied payments, on games worked by hand; efficiency of the gain shares on random games."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from corridor.games import CoalitionValues, coalition_values, least_core, nucleolus, shapley
from corridor.games.power import (
    gain_shares,
    gains_from_cooperation,
    power_report,
    standalone_values,
)
from corridor.games.sample import sample_shapley
from corridor.scenario.model import Scenario
from tests.conftest import make_scenario
from tests.games.networks import glove_market


def rows(report_table: pd.DataFrame) -> dict[str, dict[str, object]]:
    return {str(r["player"]): r for r in report_table.to_dict(orient="records")}


def test_glove_game_shares_of_the_gains() -> None:
    # v(S) = 100 when L and a buyer are in S: nobody gets anything alone, so G = v(N) = 100;
    # Shapley (200/3, 50/3, 50/3); the core is the single point (100, 0, 0)
    report = power_report(glove_market(), coalition_values(glove_market()))
    assert report.gains_musd_per_yr == pytest.approx(100)
    table = rows(report.table)
    assert {p: r["standalone"] for p, r in table.items()} == pytest.approx(
        {"L": 0, "R1": 0, "R2": 0}
    )
    assert {p: r["shapley_gain_share"] for p, r in table.items()} == pytest.approx(
        {"L": 2 / 3, "R1": 1 / 6, "R2": 1 / 6}
    )
    assert {p: r["nucleolus_gain_share"] for p, r in table.items()} == pytest.approx(
        {"L": 1, "R1": 0, "R2": 0}, abs=1e-9
    )
    # with nothing alone, shares of G and of v(N) agree
    for r in table.values():
        assert r["shapley_share"] == pytest.approx(r["shapley_gain_share"])
    assert {p: r["role"] for p, r in table.items()} == {"L": "seller", "R1": "buyer", "R2": "buyer"}


def with_an_outside_option() -> Scenario:
    # P (10 at 100) sells to C (6 at 400) over a link both control (cost 0); C can also buy
    # from the open market W at 300 over an open link. v({C}) = 6 x 100 = 600, v({P}) = 0,
    # v(P, C) = 6 x 300 = 1800: G = 1200, split in half by the Shapley value and the
    # nucleolus of a two-player game: P 0 + 600, C 600 + 600
    return make_scenario(
        actors=["P", "C"],
        nodes=["X", "W", "Z"],
        supplies=[("s", "X", "P", [(10, 100)]), ("w", "W", None, [(100, 300)])],
        demands=[("d", "Z", "C", [(6, 400)])],
        links=[("xz", "X", "Z", 10, 0, ["P", "C"]), ("wz", "W", "Z", 100, 0, [])],
    )


def test_a_game_with_stand_alone_value() -> None:
    scenario = with_an_outside_option()
    report = power_report(scenario, coalition_values(scenario))
    assert report.grand_musd_per_yr == pytest.approx(1800)
    assert report.gains_musd_per_yr == pytest.approx(1200)
    table = rows(report.table)
    assert table["C"]["standalone"] == pytest.approx(600)
    assert table["P"]["standalone"] == pytest.approx(0)
    assert {p: r["shapley"] for p, r in table.items()} == pytest.approx({"P": 600, "C": 1200})
    for concept in ("shapley", "nucleolus"):
        assert table["P"][f"{concept}_gain_share"] == pytest.approx(0.5)
        assert table["C"][f"{concept}_gain_share"] == pytest.approx(0.5)
    # of v(N) C seems to hold two thirds, but half of that it has alone
    assert table["C"]["shapley_share"] == pytest.approx(2 / 3)
    assert {p: r["marginal"] for p, r in table.items()} == pytest.approx({"P": 1200, "C": 1800})
    assert {p: r["role"] for p, r in table.items()} == {"P": "seller", "C": "buyer"}
    assert [r.player for r in report.reasons] == ["P", "C"]


def test_sampled_runs_keep_exact_stand_alone_values_and_gains() -> None:
    scenario = with_an_outside_option()
    sampled = sample_shapley(scenario, seed=1, max_permutations=50)
    report = power_report(scenario, sampled=sampled, commodity="gas")
    assert report.gains_musd_per_yr == pytest.approx(1200)
    table = rows(report.table)
    assert table["C"]["standalone"] == pytest.approx(600)
    assert table["P"]["marginal"] == pytest.approx(1200)
    assert report.reasons == ()
    assert any("no reasons" in note for note in report.notes)


def test_implied_payment_of_a_transit_actor_that_also_buys() -> None:
    # P (10 at 100) -> T's country (Y) -> C (6 at 400), links free; T buys 2 at 300 at Y.
    # v(P, T) = 2 x 200 = 400, v(N) = 6 x 300 + 400 = 2200, every other coalition 0.
    # Shapley by the six orders: P 800, T 800, C 600. Supply is slack and links free, so
    # every node price is 100: T's own surplus is 2 x (300 - 100) = 400, taken in kind;
    # the rest of its Shapley value, 400, must come as payment.
    scenario = make_scenario(
        actors=["P", "T", "C"],
        nodes=["X", "Y", "Z"],
        supplies=[("s", "X", "P", [(10, 100)])],
        demands=[("t", "Y", "T", [(2, 300)]), ("d", "Z", "C", [(6, 400)])],
        links=[("xy", "X", "Y", 20, 0, ["P", "T"]), ("yz", "Y", "Z", 20, 0, ["T", "C"])],
    )
    table = rows(power_report(scenario, coalition_values(scenario)).table)
    assert {p: r["shapley"] for p, r in table.items()} == pytest.approx(
        {"P": 800, "T": 800, "C": 600}
    )
    assert table["T"]["role"] == "transit+buyer"
    assert table["T"]["implied_payment_musd_per_yr"] == pytest.approx(400)
    assert np.isnan(table["P"]["implied_payment_musd_per_yr"])


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(2, 5),
    seed=st.integers(0, 2**32 - 1),
)
def test_gain_shares_of_every_allocation_add_up_to_one(n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    values = CoalitionValues(
        players=tuple(f"p{i}" for i in range(n)), values=rng.uniform(0, 1000, 1 << n)
    )
    gains = gains_from_cooperation(values)
    assume(abs(gains) >= 1.0)
    alone = standalone_values(values)
    for allocation in (shapley(values), nucleolus(values), least_core(values).allocation):
        assert gain_shares(allocation, alone, gains).sum() == pytest.approx(1.0, abs=1e-6)


def test_gain_shares_are_undefined_without_gains() -> None:
    values = CoalitionValues(players=("a", "b"), values=np.array([0.0, 1.0, 2.0, 3.0]))
    assert gains_from_cooperation(values) == 0.0
    shares = gain_shares(shapley(values), standalone_values(values), 0.0)
    assert shares.isna().all()
