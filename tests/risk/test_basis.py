"""Coalition LPs valued from a kept optimal basis equal HiGHS's solves (corridor.risk.basis)."""

from __future__ import annotations

import numpy as np

from corridor.risk.basis import BasisReuse
from tests.risk.cases import korea_draws


def test_reused_bases_give_highs_values_on_every_lp_of_the_draws() -> None:
    warm, draws = korea_draws(60)
    for stage in warm.stages.values():
        reuse = BasisReuse(stage.game)
        for factors, links in draws:
            cost, upper = stage.arrays(factors, links)
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


def test_a_chunk_s_lps_at_once_give_highs_values() -> None:
    warm, draws = korea_draws(40)
    for stage in warm.stages.values():
        costs, uppers = stage.chunk_arrays(*zip(*draws, strict=True))
        costs[::2, stage.lng] *= 1.6  # half the draws off the scenario's LNG range
        pairs = zip(costs, uppers, strict=True)
        expected = np.array([stage.game.lp_values(c, u) for c, u in pairs])
        reuse = BasisReuse(stage.game)
        ours = reuse.chunk_lp_values(costs, uppers)
        np.testing.assert_allclose(ours, expected, rtol=1e-9, atol=1e-7)
        assert reuse.reused > 2 * reuse.solved > 0
        # given values are taken as they are; the others solved
        known = np.full_like(expected, np.nan)
        known[:, 0] = -1.0
        again = reuse.chunk_lp_values(costs, uppers, known)
        assert (again[:, 0] == -1.0).all()
        np.testing.assert_allclose(again[:, 1:], expected[:, 1:], rtol=1e-9, atol=1e-7)
