from __future__ import annotations

import pytest

from corridor.errors import InputError
from corridor.market import solve
from corridor.scenario import load_scenario
from corridor.scenario.model import Scenario


def test_with_changes_returns_a_modified_copy(chain: Scenario) -> None:
    changed = chain.with_changes({"links.yz.capacity": 4.0}, discount_rate=0.1)
    assert changed.link("yz").capacity == 4.0
    assert chain.link("yz").capacity == 20.0
    assert changed.discount_rate == 0.1
    assert solve(changed).welfare_musd_per_yr == pytest.approx(4 * 250)


def test_with_changes_removes_items_and_rejects_unknown_paths(chain: Scenario) -> None:
    assert [k.id for k in chain.with_changes({"links.xy": None}).links] == ["yz"]
    for path in ("links.nope.capacity", "links.yz.colour", "pipes.x.capacity", "colour"):
        with pytest.raises(InputError):
            chain.with_changes({path: 1.0})


def test_without_links_and_controllers() -> None:
    scenario = load_scenario("korea-2011")
    bypassed = scenario.without_links(["overland-north", "overland-south"])
    assert "overland-north" not in {k.id for k in bypassed.links}
    assert set(scenario.controllers()) == {"RU", "KP", "KR", "CN", "JP"}
    # per commodity: Japan buys gas but has no part in the container routes
    assert scenario.controllers("containers") == ("RU", "KP", "KR", "CN")
    assert scenario.controllers("gas") == ("RU", "KP", "KR", "CN", "JP")
    # the same actors as those whose consent the market LP's columns of that commodity need
    from corridor.market import MarketModel

    model = MarketModel(scenario)
    for commodity in ("gas", "containers"):
        involved = 0
        for j, c in enumerate(model.commodity_of):
            if c == commodity:
                involved |= int(model.requirement[j])
        in_lp = tuple(a for i, a in enumerate(model.actors) if involved >> i & 1)
        assert scenario.controllers(commodity) == in_lp
    with pytest.raises(InputError, match="unknown link"):
        scenario.without_links(["nope"])


def test_scenarios_pickle_to_equal_objects(chain: Scenario) -> None:
    import pickle

    for scenario in (load_scenario("korea-2011"), load_scenario("six-party-2011"), chain):
        copy = pickle.loads(pickle.dumps(scenario))
        assert copy == scenario
        assert copy.deal == scenario.deal and copy.risk == scenario.risk


def test_with_changes_replaces_the_deal_and_risk_sections() -> None:
    import dataclasses

    scenario = load_scenario("korea-2011")
    assert scenario.deal is not None and scenario.risk is not None
    deal = dataclasses.replace(scenario.deal, volume_bcm_per_yr=5.0)
    risk = dataclasses.replace(scenario.risk, guarantee=None)
    changed = scenario.with_changes(deal=deal, risk=risk)
    assert changed.deal == deal and changed.risk == risk
    assert scenario.deal.volume_bcm_per_yr == 10.0 and scenario.risk.guarantee is not None
    assert scenario.with_changes(deal=None).deal is None
    assert scenario.with_changes().deal == scenario.deal
    with pytest.raises(InputError, match="deal must be a Deal"):
        scenario.with_changes(deal=risk)  # type: ignore[arg-type]


def test_open_market_supplies() -> None:
    scenario = load_scenario("korea-2011")
    # world LNG is the one supply nobody owns; the boxes at Busan belong to KR
    assert [s.id for s in scenario.open_market_supplies()] == ["world-lng"]
    assert [s.id for s in scenario.open_market_supplies("gas")] == ["world-lng"]
    assert [s.id for s in scenario.open_market_supplies(kind="gas")] == ["world-lng"]
    assert scenario.open_market_supplies("containers") == ()
    assert scenario.open_market_supplies(kind="containers") == ()
    free_boxes = scenario.with_changes({"supplies.kr-boxes.owner": None})
    assert [s.id for s in free_boxes.open_market_supplies(kind="gas")] == ["world-lng"]
    assert [s.id for s in free_boxes.open_market_supplies()] == ["world-lng", "kr-boxes"]
