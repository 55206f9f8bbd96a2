"""Permutation-sampled Shapley values: within their reported error of the exact value,
deterministic for a seed, the same bytes on any number of workers."""

from __future__ import annotations

import numpy as np
import pytest

from corridor.errors import InputError
from corridor.execution import RunSettings
from corridor.games import coalition_values, sample_shapley, shapley
from corridor.games.synthetic import transit_network
from corridor.market import MarketModel


@pytest.fixture(scope="module")
def model() -> MarketModel:
    return MarketModel(transit_network(10, seed=4))


def test_sampled_shapley_within_its_error_of_exact(model: MarketModel) -> None:
    exact = shapley(coalition_values(model))
    sampled = sample_shapley(model, seed=11, max_permutations=400)
    assert sampled.permutations == 400
    # every permutation is efficient, so the estimates add up to v(N) exactly
    assert sampled.value.sum() == pytest.approx(exact.sum(), abs=1e-6)
    assert sampled.grand == pytest.approx(exact.sum(), abs=1e-6)
    # 4 standard errors: with 10 players the chance that any one misses is about 6e-4
    # (the seed is fixed, so the test is deterministic); players whose marginal never
    # varies have error 0 and must be exact
    error = sampled.standard_error
    assert ((sampled.value - exact).abs() <= 4 * error + 1e-6).all(), (sampled, exact)
    assert error.max() > 0


def test_sampled_shapley_is_deterministic_for_a_seed(model: MarketModel) -> None:
    one = sample_shapley(model, seed=3, max_permutations=60, batch=20)
    two = sample_shapley(model, seed=3, max_permutations=60, batch=30, run=RunSettings(workers=2))
    np.testing.assert_array_equal(one.value.to_numpy(), two.value.to_numpy())
    other = sample_shapley(model, seed=4, max_permutations=60)
    assert not np.array_equal(one.value.to_numpy(), other.value.to_numpy())


def test_tolerance_stops_early(model: MarketModel) -> None:
    loose = sample_shapley(model, seed=5, tolerance=1e6, min_permutations=50, batch=50)
    assert loose.permutations == 50
    tight = sample_shapley(model, seed=5, tolerance=1e-9, max_permutations=150, batch=50)
    assert tight.permutations == 150


def test_bad_sampling_options_are_refused(model: MarketModel) -> None:
    with pytest.raises(InputError, match="tolerance"):
        sample_shapley(model, tolerance=0)
    with pytest.raises(InputError, match="permutations"):
        sample_shapley(model, max_permutations=1)


def test_sampled_shapley_is_the_same_bytes_on_any_workers_and_history(
    model: MarketModel,
) -> None:
    one = sample_shapley(model, seed=5, max_permutations=40, batch=20)
    # other permutations first: this process's warm LP and memo of the game would differ
    sample_shapley(model, seed=9, max_permutations=10)
    two = sample_shapley(model, seed=5, max_permutations=40, batch=20, run=RunSettings(workers=2))
    for a, b in ((one.value, two.value), (one.standard_error, two.standard_error)):
        assert a.to_numpy().tobytes() == b.to_numpy().tobytes()
    assert one.lp_solves == two.lp_solves


def test_later_rounds_reuse_earlier_values_and_stay_the_same_bytes(
    model: MarketModel, tmp_path
) -> None:
    # a memo emptied per chunk solves again what other chunks met; the rounds after the
    # first look those coalitions up instead: fewer LPs, the same estimate (values are
    # settled on one grid, so a looked-up v(S) equals a re-solved one but for grid ties)
    solo = sample_shapley(model, seed=5, max_permutations=60, batch=20, reuse=False)
    reused = sample_shapley(model, seed=5, max_permutations=60, batch=20)
    assert reused.lp_solves < solo.lp_solves
    np.testing.assert_allclose(reused.value, solo.value, rtol=0, atol=1e-5)
    # the same bytes with 2 workers and after a resume that lost the last chunks: the
    # reused table is rebuilt from the checkpointed chunks' prefix values
    two = sample_shapley(model, seed=5, max_permutations=60, batch=20, run=RunSettings(workers=2))
    first = sample_shapley(
        model, seed=5, max_permutations=60, batch=20, run=RunSettings(checkpoint=tmp_path)
    )
    chunks = sorted(tmp_path.glob("sample-v2-*/chunk-*.npz"))
    assert len(chunks) == 12  # 3 rounds of 4 chunks of 5 permutations
    for lost in chunks[5:]:
        lost.unlink()
    resumed = sample_shapley(
        model,
        seed=5,
        max_permutations=60,
        batch=20,
        run=RunSettings(checkpoint=tmp_path, resume=True),
    )
    for other in (two, first, resumed):
        assert other.value.to_numpy().tobytes() == reused.value.to_numpy().tobytes()
        assert (
            other.standard_error.to_numpy().tobytes() == reused.standard_error.to_numpy().tobytes()
        )
        assert other.lp_solves == reused.lp_solves


def test_antithetic_estimate_is_unbiased_on_a_game_known_by_hand() -> None:
    """The veto chain (tests/games/networks.py): v(T, C, Pi) = 1500, v(N) = 1800, else 0.

    P1 adds 1500 when it joins {T, C} (weight 2! 1! / 4! = 1/12) and 300 when it joins
    {T, C, P2} (weight 3! 0! / 4! = 1/4): phi(P1) = 125 + 75 = 200 = phi(P2); T and C are
    symmetric and share the rest: phi(T) = phi(C) = (1800 - 400) / 2 = 700.
    """
    from tests.games.networks import veto_chain

    exact = np.array([200.0, 200.0, 700.0, 700.0])
    sampled = sample_shapley(
        veto_chain(), seed=2, max_permutations=2000, variance_reduction="antithetic"
    )
    assert sampled.variance_reduction == "antithetic"
    assert sampled.value.sum() == pytest.approx(1800.0, abs=1e-6)
    error = sampled.standard_error.to_numpy()
    assert np.all(error > 0)
    assert np.all(np.abs(sampled.value.to_numpy() - exact) <= 4 * error), sampled


def test_antithetic_within_its_error_of_exact_and_tighter_than_plain(model: MarketModel) -> None:
    exact = shapley(coalition_values(model))
    plain = sample_shapley(model, seed=11, max_permutations=400)
    paired = sample_shapley(model, seed=11, max_permutations=400, variance_reduction="antithetic")
    assert paired.permutations == 400
    assert ((paired.value - exact).abs() <= 4 * paired.standard_error + 1e-6).all()
    # the pairs' negative correlation on this transit game: the largest error shrinks
    assert paired.standard_error.max() < plain.standard_error.max()


def test_antithetic_pairs_are_an_order_and_its_reverse() -> None:
    from corridor.games.plan import column_graph
    from corridor.games.sample import SampleRecipe

    model = MarketModel(transit_network(8, seed=1))
    graph = column_graph(model, model.scenario.controllers())
    recipe = SampleRecipe(model.program, graph, seed=3, n_players=8, antithetic=True)
    for k in (0, 2, 10):
        first, second = recipe.order(k), recipe.order(k + 1)
        np.testing.assert_array_equal(second, first[::-1])
        assert sorted(first) == list(range(8))
    assert not np.array_equal(recipe.order(0), recipe.order(2))


def test_antithetic_is_the_same_bytes_on_any_workers(model: MarketModel) -> None:
    one = sample_shapley(model, seed=5, max_permutations=60, batch=20,
                         variance_reduction="antithetic")  # fmt: skip
    # an odd batch and chunk are rounded up to whole pairs: the pairs, not the rounds,
    # fix the estimate
    two = sample_shapley(model, seed=5, max_permutations=59, batch=19, run=RunSettings(workers=2),
                         chunk_size=3, variance_reduction="antithetic")  # fmt: skip
    assert two.permutations == 60
    for a, b in ((one.value, two.value), (one.standard_error, two.standard_error)):
        assert a.to_numpy().tobytes() == b.to_numpy().tobytes()


def test_unknown_variance_reduction_is_refused(model: MarketModel) -> None:
    with pytest.raises(InputError, match=r"variance_reduction.*antithetic"):
        sample_shapley(model, variance_reduction="sobol")
