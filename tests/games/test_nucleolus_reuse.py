"""Nucleoli from kept tight-coalition levels equal the game library's (games.nucleolus_reuse)."""

from __future__ import annotations

import numpy as np
import pytest

from corridor.games import coalition_values
from corridor.games.concepts import nucleolus_allocation
from corridor.games.nucleolus_reuse import NucleolusReuse
from corridor.games.synthetic import transit_network
from corridor.games.values import CoalitionValues
from tests.risk.cases import korea_draws


def _library(games: list[CoalitionValues]) -> np.ndarray:
    """The plain method, game by game (NaN where the library fails, as the risk run)."""
    rows = []
    for g in games:
        try:
            rows.append(nucleolus_allocation(g))
        except (RuntimeError, ValueError):
            rows.append(np.full(g.n, np.nan))
    return np.array(rows)


def _perturbed(base: CoalitionValues, rng: np.random.Generator, count: int, size: float):  # type: ignore[no-untyped-def]
    """``count`` games near ``base``: every v(S) moved by its own small relative amount."""
    games = []
    for _ in range(count):
        moved = base.values * (1.0 + size * rng.standard_normal(base.values.size))
        moved[0] = base.values[0]
        games.append(CoalitionValues(base.players, moved, lp_solves=0))
    return games


@pytest.mark.parametrize(("n", "seed"), [(3, 1), (4, 2), (5, 3), (5, 11), (6, 4)])
def test_reused_levels_give_the_library_nucleolus_on_perturbed_games(n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    base = coalition_values(transit_network(n, seed=seed))
    games = _perturbed(base, rng, 60, 0.02)
    reuse = NucleolusReuse()
    ours = reuse.allocations(games)
    expected = _library(games)
    scale = max(1.0, float(np.abs(base.values).max()))
    np.testing.assert_allclose(ours, expected, rtol=0, atol=1e-6 * scale)
    assert reuse.reused > 0 and reuse.solved + reuse.reused == len(games)


def test_random_games_fall_back_on_the_library_and_agree() -> None:
    # unstructured games (no superadditivity, some with an empty imputation set)
    rng = np.random.default_rng(7)
    players = ("A", "B", "C", "D")
    games = []
    for _ in range(40):
        values = rng.uniform(-5.0, 20.0, 16)
        values[0] = 0.0
        games.append(CoalitionValues(players, values, lp_solves=0))
    spare = [g.values[-1] - sum(g.values[1 << i] for i in range(4)) for g in games]
    assert min(spare) < 0 < max(spare)  # both kinds of game are in the sample
    ours = NucleolusReuse().allocations(games)
    np.testing.assert_allclose(ours, _library(games), rtol=0, atol=1e-6 * 20.0)


def test_a_game_s_nucleolus_does_not_depend_on_the_other_games_of_the_call() -> None:
    rng = np.random.default_rng(5)
    base = coalition_values(transit_network(5, seed=3))
    games = _perturbed(base, rng, 30, 0.01)
    together = NucleolusReuse().allocations(games)
    reversed_ = NucleolusReuse().allocations(games[::-1])[::-1]
    alone = np.array([NucleolusReuse().allocations([g])[0] for g in games])
    np.testing.assert_array_equal(together, alone)
    np.testing.assert_array_equal(reversed_, alone)


def test_korea_draw_games_equal_the_library() -> None:
    warm, draws = korea_draws(40)
    for stage in warm.stages.values():
        games = [stage.values(factors, links) for factors, links in draws]
        reuse = NucleolusReuse()
        ours = reuse.allocations(games)
        # the library's LPs leave up to ~4e-6 USD m/yr of noise on these games
        np.testing.assert_allclose(ours, _library(games), rtol=0, atol=1e-5)
        assert reuse.reused > reuse.solved


def test_balanced_collections() -> None:
    from corridor.games.nucleolus_reuse import _balanced

    # players 1, 2, 3 as bits 1, 2, 4
    assert _balanced(3, frozenset({0b001, 0b110}))  # S and its complement
    assert _balanced(3, frozenset({0b011, 0b110, 0b101}))  # the pairs, weights 1/2
    assert not _balanced(3, frozenset({0b001}))
    assert not _balanced(3, frozenset({0b001, 0b011}))  # player 3 in none
    assert not _balanced(3, frozenset({0b011, 0b110, 0b001}))  # 2 covered more than 1, 3
