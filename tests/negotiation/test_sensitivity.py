from __future__ import annotations

import pytest

from corridor.errors import InputError
from corridor.negotiation import Noise, compromise, model_runs, monte_carlo

from .negotiation_cases import make_negotiation


def _three_actors():
    return make_negotiation(
        ["x"],
        [("A", "x", 0, 1, 0.5), ("B", "x", 60, 2, 0.5), ("C", "x", 90, 1, 0.0)],
    )


def test_zero_noise_reproduces_the_base_forecast() -> None:
    result = monte_carlo(
        _three_actors(), {"compromise": compromise}, draws=5, noise=Noise(0, 0, 0), seed=3
    )
    assert result.draws["forecast"].tolist() == pytest.approx([40.0] * 5)
    row = result.summary.iloc[0]
    assert row["base"] == pytest.approx(40.0) and row["sd"] == pytest.approx(0.0)


def test_same_seed_same_draws_and_influence_ranks_the_actor_that_counts() -> None:
    noise = Noise(position_sd=5.0, capability_sd=0.0, salience_sd=0.0)
    first = monte_carlo(_three_actors(), {"compromise": compromise}, draws=30, noise=noise, seed=7)
    again = monte_carlo(_three_actors(), {"compromise": compromise}, draws=30, noise=noise, seed=7)
    assert first.draws.equals(again.draws)
    influence = first.influence.set_index("actor")
    # C has salience 0: its position cannot move the weighted mean
    assert influence.loc["C", "sd"] == pytest.approx(0.0)
    # B carries 2/3 of the weight, A 1/3: B's noise moves the mean twice as much
    assert influence.loc["B", "rank"] == 1
    assert influence.loc["B", "sd"] > influence.loc["A", "sd"]


def test_all_models_run_on_noisy_copies() -> None:
    negotiation = make_negotiation(
        ["i1", "i2"],
        [
            ("A", "i1", 0, 1, 0.9),
            ("A", "i2", 20, 1, 0.3),
            ("B", "i1", 100, 2, 0.3),
            ("B", "i2", 80, 2, 0.6),
            ("C", "i1", 50, 1, 0.5),
            ("C", "i2", 50, 1, 0.5),
        ],
    )
    result = monte_carlo(negotiation, model_runs(rounds=3), draws=3, seed=1, influence=False)
    assert set(result.summary["model"]) == {"compromise", "eu", "exchange"}
    assert (result.summary["draws"] == 3).all()
    assert result.influence.empty
    with pytest.raises(InputError, match="draws"):
        monte_carlo(negotiation, model_runs(), draws=0)


def test_the_library_caps_draws_itself_before_any_run() -> None:
    # the cap holds for every caller, not only the CLI: one draw over it is refused with
    # the parameter named, and so is 2**70 (which would never end), before any model runs
    from corridor.analyses import LIMITS

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("no model may run for a refused number of draws")

    for draws in (LIMITS.max_negotiation_draws + 1, 2**70):
        with pytest.raises(InputError, match="at most 100,000") as caught:
            monte_carlo(_three_actors(), {"never": never}, draws=draws)
        assert caught.value.parameter == "draws"
