"""Coalition LPs valued from a kept optimal basis equal HiGHS's solves (corridor.risk.basis)."""

from __future__ import annotations

import numpy as np

from corridor.risk.basis import BasisReuse
from corridor.risk.costs import cost_model
from corridor.risk.draw import RunContext, deal_draw, game_factors
from corridor.risk.games import WarmGame
from corridor.scenario import load_scenario


def test_reused_bases_give_highs_values_on_every_lp_of_the_draws() -> None:
    scenario = load_scenario("korea-2011")
    deal, risk = scenario.deal, scenario.risk
    assert deal is not None and risk is not None
    ctx = RunContext(scenario, deal, risk, 0, None, cost_model(scenario, deal, risk))
    warm = WarmGame(scenario, deal)
    draws = [deal_draw(ctx, i) for i in range(60)]
    for stage in warm.stages.values():
        reuse = BasisReuse(stage.game)
        for one in draws:
            cost, upper = stage.arrays(game_factors(ctx, one.draw), one.links or {})
            # a wider LNG price than the scenario draws moves some LPs off their bases
            for scale in (1.0, 1.6):
                cost = cost.copy()
                cost[stage.lng] *= scale
                expected = stage.game.lp_values(cost, upper)  # HiGHS on every LP
                ours = reuse.lp_values(cost, upper)
                np.testing.assert_allclose(ours, expected, rtol=1e-9, atol=1e-7)
        # most LPs kept their basis from an earlier draw; some needed HiGHS again
        assert reuse.reused > 2 * reuse.solved > 0
        solved = reuse.solved
        reuse.reset()
        reuse.lp_values(cost, upper)
        assert reuse.solved == solved + len(stage.game.masks)  # nothing kept after a reset
