"""What a transit actor's value hangs on: the line along the top input of its tornado."""

from __future__ import annotations

import pytest

from corridor.report.hangs_on import between, hangs_on, value_along
from corridor.scenario import load_scenario
from corridor.tornado import tornado


def test_between_interpolates_numbers_and_keeps_the_rest() -> None:
    low = {"a": 1.0, "b": {"value": 10.0, "unit": "1", "assumption": "low end"}, "c": [0, 4]}
    high = {"a": 3.0, "b": {"value": 20.0, "unit": "1", "assumption": "high end"}, "c": [2, 4]}
    mid = between(low, high, 0.25)
    assert mid["a"] == 1.5 and mid["b"]["value"] == 12.5 and mid["c"] == [0.5, 4]
    assert mid["b"]["unit"] == "1" and "0.25 of the way" in mid["b"]["assumption"]
    assert between(low, high, 0.0)["b"]["value"] == 10.0
    assert between(low, high, 1.0)["a"] == 3.0


@pytest.fixture(scope="module")
def korea_line():  # type: ignore[no-untyped-def]
    korea = load_scenario("korea-2011")
    done = tornado(korea, stage="ex-post", commodity="gas", actors=["KP"])
    return korea, done


def test_the_lines_ends_are_the_tornados_ends(korea_line) -> None:  # type: ignore[no-untyped-def]
    """At t = 0 and t = 1 the overrides are the tornado's own, so the values must agree."""
    korea, done = korea_line
    top = done.table.iloc[0]
    ranged = {i.path: i for i in done.inputs}[top["input"]]
    xs, ys = value_along(korea, ranged, "KP", "gas", points=3)
    assert xs == [ranged.low, (ranged.low + ranged.high) / 2, ranged.high]
    assert ys["ex-post"][0] == pytest.approx(top["value_low_musd_per_yr"], abs=1e-6)
    assert ys["ex-post"][-1] == pytest.approx(top["value_high_musd_per_yr"], abs=1e-6)
    # KP's ex-post value falls as the overland line (its own route) gets dearer
    assert ys["ex-post"][0] > ys["ex-post"][1] > ys["ex-post"][2]


def test_one_figure_per_transit_actor_with_both_stages(korea_line) -> None:  # type: ignore[no-untyped-def]
    korea, done = korea_line
    figs = dict(hangs_on(korea, done))
    assert list(figs) == ["hangs-on-KP"]
    fig = figs["hangs-on-KP"]
    assert [t.name for t in fig.data] == ["ex-ante", "ex-post"]
    assert "USD m/yr" in fig.layout.yaxis.title.text
    assert str(done.table.iloc[0]["input"]) in fig.layout.xaxis.title.text
