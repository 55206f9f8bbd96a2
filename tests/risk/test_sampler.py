"""A chunk sampled at once gives each draw's own sample, to the bit (corridor.risk.sampler)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from corridor.risk.costs import cost_model
from corridor.risk.draw import OneDraw, RunContext, deal_draw
from corridor.risk.sampler import sample_chunk
from corridor.risk.streams import ChunkSeeds
from corridor.scenario import load_scenario
from corridor.scenario.deal_model import Distribution

DRAWS = 400


def _context(everything: bool) -> RunContext:
    """korea-2011 as bundled, or with every sampled feature on and cuts made frequent.

    Every feature: a common capex factor of its own, a link with its own distribution,
    engineering unit costs, the price paths and termination as bundled, and cuts at
    60 %/yr lasting up to 2.5 years, so that most draws have overlapping cuts and cuts
    that run over several years (the merging the chunk does rank by rank).
    """
    scenario = load_scenario("korea-2011")
    deal, risk = scenario.deal, scenario.risk
    assert deal is not None and risk is not None and risk.costs is not None
    if everything:
        assert risk.prices is not None and risk.termination is not None
        assert risk.disruption is not None and any(p.target == "delay" for p in risk.parameters)
        link = risk.costs.links[0][0] if risk.costs.links else deal.route[0]
        costs = dataclasses.replace(
            risk.costs,
            common=Distribution("triangular", (0.9, 1.0, 1.6)),
            links=((link, Distribution("uniform", (0.8, 1.7))),),
            unit_costs=True,
        )
        cuts = dataclasses.replace(
            risk.disruption,
            probability=0.6,
            duration=Distribution("triangular", (0.05, 0.8, 2.5)),
        )
        risk = dataclasses.replace(risk, costs=costs, disruption=cuts)
    return RunContext(scenario, deal, risk, 7, None, cost_model(scenario, deal, risk))


def _same(a: OneDraw, b: OneDraw) -> None:
    assert a.ended == b.ended
    assert a.links == b.links  # floats compared exactly
    assert a.terms.factors == b.terms.factors
    assert (a.terms.delay_yr, a.terms.events) == (b.terms.delay_yr, b.terms.events)
    assert a.terms.lost.tobytes() == b.terms.lost.tobytes()
    da, db = a.draw, b.draw
    for field in dataclasses.fields(da):
        if field.name in ("lost", "index_paths"):
            continue
        assert getattr(da, field.name) == getattr(db, field.name), field.name
    assert (da.index_paths is None) == (db.index_paths is None)
    for name, values in (da.index_paths or {}).items():
        assert values.tobytes() == db.index_paths[name].tobytes(), name


@pytest.mark.parametrize("everything", [False, True])
def test_chunk_sampler_is_each_draws_own_sampler(everything: bool) -> None:
    ctx = _context(everything)
    chunk = sample_chunk(ctx, range(DRAWS))
    for index, one in enumerate(chunk):
        _same(one, deal_draw(ctx, index))
    if everything:  # the variant exercises what it is meant to
        assert sum(one.terms.events > 1 for one in chunk) > DRAWS // 4
        assert any(one.ended is not None for one in chunk)
        assert len({one.terms.delay_yr for one in chunk}) > 1


def test_a_draw_does_not_depend_on_its_chunk() -> None:
    ctx = _context(True)
    whole = sample_chunk(ctx, range(60))
    for start, stop in ((0, 1), (5, 23), (23, 60)):
        part = sample_chunk(ctx, range(start, stop), ChunkSeeds(ctx.seed, range(start, stop)))
        for offset, one in enumerate(part):
            _same(one, whole[start + offset])
    assert sample_chunk(ctx, []) == []


def test_cuts_merge_as_one_draw_merges_them() -> None:
    """Hand-worked shares: cuts [0.5, 1.25] and [1.0, 2.5] in a 3-year deal merge.

    The second starts where the first ended (1.25), so year 0 loses 0.5, year 1
    0.25 + 0.75 = 1.0 and year 2 0.5; a cut [2.6, 2.7] inside nothing adds 0.1 to year 2.
    """
    from corridor.risk.sampler import _shares

    shares = _shares(
        [np.array([0.5, 1.0]), np.array([2.6])], [np.array([1.25, 2.5]), np.array([2.7])], 3
    )
    assert np.allclose(shares, [[0.5, 1.0, 0.5], [0.0, 0.0, 0.1]])
