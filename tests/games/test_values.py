"""Exact coalition values: the fast path (memo, skipping, warm re-solves, chunks, workers)
equals brute force with a fresh LP per coalition; saving, loading and refusals."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor.errors import InputError
from corridor.games import CoalitionValues, coalition_values
from corridor.games.synthetic import transit_network
from corridor.market import MarketModel
from corridor.scenario.model import Scenario


def brute_force(scenario: Scenario, players: tuple[str, ...]) -> np.ndarray:
    """v(S) for every bitmask with a freshly built LP (new HiGHS instance) per coalition.

    Actors outside ``players`` are always present, as in the games package.
    """
    others = [a for a in scenario.actor_ids if a not in players]
    values = np.zeros(1 << len(players))
    for bits in range(1 << len(players)):
        members = [p for i, p in enumerate(players) if bits >> i & 1]
        values[bits] = MarketModel(scenario).welfare(members + others)
    return values


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(3, 7), seed=st.integers(0, 10_000), lng=st.booleans())
def test_fast_exact_values_equal_brute_force(n: int, seed: int, lng: bool) -> None:
    scenario = transit_network(n, seed=seed, world_lng=lng)
    values = coalition_values(scenario)
    expected = brute_force(scenario, values.players)
    scale = max(1.0, float(np.abs(expected).max()))
    np.testing.assert_allclose(values.values, expected, rtol=0, atol=1e-6 * scale)
    # the memo solved at most one LP per coalition, never more
    assert values.lp_solves <= len(values.values)


def test_subset_of_players_treats_the_others_as_present() -> None:
    scenario = transit_network(7, seed=3)
    players = scenario.controllers()[:4]
    values = coalition_values(scenario, players)
    np.testing.assert_allclose(values.values, brute_force(scenario, players), atol=1e-6)


def test_chunks_workers_and_direct_agree() -> None:
    scenario = transit_network(9, seed=5)
    model = MarketModel(scenario)
    base = coalition_values(model)
    small_chunks = coalition_values(model, chunk_size=7, workers=2)
    direct = coalition_values(model, method="direct")
    np.testing.assert_allclose(small_chunks.values, base.values, atol=1e-6)
    np.testing.assert_allclose(direct.values, base.values, atol=1e-6)
    # deduplication did work: fewer LPs than coalitions, and direct solved every one
    assert base.lp_solves < len(base.values) == direct.lp_solves


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    values = coalition_values(transit_network(5, seed=1))
    path = values.save(tmp_path / "v.npz")
    loaded = CoalitionValues.load(path)
    assert loaded.players == values.players
    assert loaded.scenario == values.scenario
    assert loaded.lp_solves == values.lp_solves
    np.testing.assert_array_equal(loaded.values, values.values)
    assert loaded.v(values.players) == values.grand


def test_refusals_name_the_problem() -> None:
    scenario = transit_network(6, seed=2)
    with pytest.raises(InputError, match="--method sample"):
        coalition_values(scenario, max_players=5)
    with pytest.raises(InputError, match="unknown actor"):
        coalition_values(scenario, ["P0", "nobody"])
    with pytest.raises(InputError, match="named twice"):
        coalition_values(scenario, ["P0", "P0"])
    with pytest.raises(InputError, match="workers"):
        coalition_values(scenario, workers=0)
