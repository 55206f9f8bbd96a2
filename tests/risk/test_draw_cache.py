"""The per-run caches of :mod:`corridor.risk.draw` give the ledger's own NPVs, to the bit."""

from __future__ import annotations

import dataclasses

from corridor.finance import npv_by_actor
from corridor.risk import factor_draw, sample_terms
from corridor.risk.draw import RunContext, draw_npvs
from corridor.scenario import load_scenario
from corridor.seeds import draw_generator


def test_cached_npvs_equal_npv_by_actor_across_delays_and_the_guarantee() -> None:
    scenario = load_scenario("korea-2011")
    deal, risk = scenario.deal, scenario.risk
    assert deal is not None and risk is not None and risk.guarantee is not None
    ctx = RunContext(scenario, deal, risk, 0, None)
    delays = set()
    for index in range(40):
        terms = sample_terms(deal, risk, draw_generator(0, index))
        delays.add(terms.delay_yr)
        bare = factor_draw(terms.factors, delay_yr=terms.delay_yr, lost=terms.lost,
                           spot_premium=0.3)  # fmt: skip
        for draw in (bare, dataclasses.replace(bare, guarantee=risk.guarantee)):
            expected = npv_by_actor(deal, scenario.base_year, scenario.discount_rate, draw)
            assert draw_npvs(ctx, draw) == expected
    # several spans of years were cached, one per delay
    assert len(delays) > 1
    assert sum(1 for key in ctx.cache if key[0] == "discount") == len(delays)
