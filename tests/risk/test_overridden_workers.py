"""Parallel risk runs rebuild an overridden scenario from its document, not the file."""

from __future__ import annotations

import dataclasses

from corridor.risk import run_spec as _spec
from corridor.scenario import load_scenario, loads


def test_workers_get_the_overridden_scenario() -> None:
    scenario = load_scenario("korea-2011", ["risk.disruption.probability=20 %"])
    spec = _spec(scenario, seed=0, shapley=False)
    rebuilt = loads(spec.text, file=spec.file)
    assert rebuilt.risk is not None and rebuilt.risk.disruption is not None
    assert rebuilt.risk.disruption.probability == 0.2
    same = dataclasses.replace(rebuilt, source_sha256=None)
    assert same == dataclasses.replace(scenario, source_sha256=None)
