"""``analyses.staged`` on korea-2011: the plan, the plans decided now, and its document."""

from __future__ import annotations

import json

import pytest

from corridor import analyses
from corridor.errors import Unavailable
from corridor.market import MarketModel
from corridor.scenario import Scenario, load_scenario
from corridor.staged_model import annuity_value


@pytest.fixture(scope="module")
def korea() -> Scenario:
    return load_scenario("korea-2011")


def test_korea_builds_the_subsea_line_at_the_summit(korea: Scenario) -> None:
    done = analyses.staged(korea)
    years = done.plan.build_year()
    assert years.pop("subsea") == 2011
    assert set(years.values()) == {None}
    # the bypass avoids North Korea, so the sanctions change nothing: the static plan now
    # is the staged plan, and each period's net welfare is its regime's static welfare
    assert done.static_links == ("subsea",)
    npv = done.comparison()
    assert npv["staged"] == pytest.approx(npv["static_now"])
    assert npv["everything_now"] < npv["staged"]
    first = done.plan.periods.iloc[0]
    assert first["net_welfare_musd_per_yr"] == pytest.approx(
        MarketModel(done.periods[0].scenario).welfare()
    )


def test_a_dearer_bypass_routes_around_the_sanctions(korea: Scenario) -> None:
    dear = korea.with_overrides(["links.subsea.pipeline.capex_factor=2.5"])
    done = analyses.staged(dear)
    # the static LP of 2011 builds the overland line through North Korea, which the
    # sanctions close from September 2017; knowing the regimes, the plan goes via China
    assert done.static_links == ("overland-north", "overland-south")
    assert done.plan.build_year()["china-route"] == 2011
    assert done.plan.build_year()["overland-north"] is None
    npv = done.comparison()
    assert npv["staged"] > npv["static_now"] > npv["everything_now"]
    # if the regimes lift in 2020, the overland line pays better than before
    lifted = analyses.staged(dear, after="as-written")
    assert lifted.comparison()["static_now"] > npv["static_now"]


def test_the_document_is_versioned_and_json(korea: Scenario) -> None:
    done = analyses.staged(korea)
    document = json.loads(json.dumps(done.to_dict()))
    assert document["schema"] == "corridor.staged/1"
    assert document["size"]["binaries"] == done.plan.size[2] > 0
    assert [row["link"] for row in document["builds"]][:3] == [
        "overland-north", "overland-south", "subsea"]  # fmt: skip
    periods = done.plan.periods
    total = (periods["welfare_factor"] * periods["net_welfare_musd_per_yr"]).sum()
    assert document["npv_musd"]["staged"] == pytest.approx(total)
    whole = annuity_value(
        korea.discount_rate, done.periods[0].start_yr, 30 - done.periods[0].start_yr
    )
    assert periods["welfare_factor"].sum() == pytest.approx(whole)


def test_a_scenario_without_regimes_is_unavailable() -> None:
    with pytest.raises(Unavailable, match="no \\[\\[regimes\\]\\] table"):
        analyses.staged(load_scenario("six-party-2011"))
