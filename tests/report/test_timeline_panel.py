"""The report's timeline panel draws the timeline analysis: one band per regime, its values."""

from __future__ import annotations

import json

from corridor.report import build_panel
from corridor.scenario import load_scenario


def test_panel_draws_each_game_and_the_deal_over_the_regime_bands() -> None:
    panel = build_panel("timeline", load_scenario("korea-2011"))
    done = panel.results["timeline"]
    names = [name for name, _ in panel.figures]
    assert names == [
        "timeline-gas-ex-ante", "timeline-containers-ex-ante",
        "timeline-gas-ex-post", "timeline-containers-ex-post", "timeline-deal",
    ]  # fmt: skip
    figures = dict(panel.figures)
    gas_after = figures["timeline-gas-ex-post"]
    assert len(gas_after.layout.shapes) == len(done.periods) == 11
    (kp,) = [trace for trace in gas_after.data if trace.name == "KP"]
    values = done.values()
    expected = values[(values["stage"] == "ex-post") & (values["commodity"] == "gas")
                      & (values["actor"] == "KP")]["shapley_musd_per_yr"].tolist()  # fmt: skip
    assert list(kp.y) == [*expected, expected[-1]]  # a step per regime, held to the end
    assert kp.x[0] == "2011-08-24" and kp.x[-1] == "2020-01-01"
    json.dumps(panel.to_json())  # the dashboard's form: dates as text


def test_panel_lists_the_staged_build_plan_of_corridor_staged() -> None:
    from corridor import analyses

    korea = load_scenario("korea-2011")
    tables = dict(build_panel("timeline", korea).tables)
    (title,) = [t for t in tables if t.startswith("Staged build plan")]
    years = analyses.staged(korea).plan.build_year()
    shown = dict(zip(tables[title]["link"], tables[title]["built"], strict=True))
    assert shown == {link: str(year) if year else "never" for link, year in years.items()}
    assert f"{analyses.staged(korea).comparison()['staged']:,.0f} USD m" in title
