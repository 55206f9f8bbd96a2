"""The memo of designed links: same links as sizing afresh, problems reported every time."""

from __future__ import annotations

import pytest

from corridor.errors import ScenarioError
from corridor.scenario import design_memo, load_scenario


def test_a_remembered_link_equals_one_sized_afresh() -> None:
    design_memo._MEMO.clear()
    fresh = load_scenario("korea-2011")
    assert design_memo._MEMO  # the designed links were kept
    again = load_scenario("korea-2011")
    assert again.link("subsea") == fresh.link("subsea")
    assert again.link("subsea").design is fresh.link("subsea").design  # taken from the memo
    changed = load_scenario("korea-2011", {"links.subsea.pipeline.segments[1].cost_factor": 2})
    assert changed.link("subsea").capex_musd != fresh.link("subsea").capex_musd
    assert changed.link("overland-north").design is fresh.link("overland-north").design


def test_a_design_with_a_problem_is_reported_on_every_load() -> None:
    bad = {"links.subsea.pipeline.segments[0].length": "0 km"}
    for _ in range(2):
        with pytest.raises(ScenarioError, match="segment length must be positive"):
            load_scenario("korea-2011", bad)


def test_the_memo_is_bounded() -> None:
    design_memo._MEMO.clear()
    for k in range(design_memo.MEMO_SIZE + 5):
        design_memo._MEMO[(k,)] = None  # type: ignore[assignment]
    load_scenario("korea-2011", {"links.subsea.pipeline.segments[1].cost_factor": 7})
    assert len(design_memo._MEMO) == design_memo.MEMO_SIZE
    design_memo._MEMO.clear()
