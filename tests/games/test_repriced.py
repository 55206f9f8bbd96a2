"""A game re-valued warm after its costs change: equal to a fresh run; known LPs reused."""

from __future__ import annotations

import numpy as np
import pytest

from corridor.games import coalition_values
from corridor.games.repriced import RepricedGame
from corridor.market import MarketModel
from tests.risk.cases import two_routes


def test_repriced_values_equal_a_fresh_run_and_take_known_lps_as_given() -> None:
    model = MarketModel(two_routes())
    game = RepricedGame(model, None, "gas")
    cost, upper = model.program.cost.copy(), model.program.upper.copy()
    fresh = coalition_values(model, commodity="gas")
    assert game.values(cost, upper).values == pytest.approx(fresh.values, abs=1e-6)
    lp = game.lp_values(cost, upper)
    known = np.full(lp.shape, np.nan)
    known[0] = 123.0  # a value "from another game": used as it is, not solved
    again = game.lp_values(cost, upper, known)
    assert again[0] == 123.0 and again[1:] == pytest.approx(lp[1:])
    assert game.coalitions(lp).values == pytest.approx(fresh.values, abs=1e-6)
