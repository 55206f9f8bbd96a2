"""The "why" decomposition on a three-route network worked by hand."""

from __future__ import annotations

import pytest

from corridor.games import coalition_values
from corridor.games.why import Reason, explain
from corridor.scenario.model import Link, Scenario
from tests.games.networks import parallel_transit


def three_routes(capacity_a: float = 10) -> Scenario:
    # P (10 at 100) sells to C (6 at 400) via A (unit cost 20), via B (30) or by sea (50,
    # needs no transit country); capacities 10 unless said
    base = parallel_transit()
    sea = Link("sea", "X", "Z", "gas", 10, 50, frozenset({"P", "C"}))
    changes = {"links.via-a.unit_cost": 20.0, "links.via-a.capacity": capacity_a,
               "links.via-b.unit_cost": 30.0}  # fmt: skip
    return base.with_changes(changes, links=(*base.links, sea))


def reasons_of(scenario: Scenario) -> dict[str, Reason]:
    return {r.player: r for r in explain(scenario, coalition_values(scenario))}


def parts(reason: Reason) -> float:
    return (
        reason.lost_purchases_musd_per_yr
        + reason.extra_production_cost_musd_per_yr
        + reason.extra_transport_cost_musd_per_yr
    )


def test_marginal_contributions_by_hand() -> None:
    # v(N) = 6 x (400 - 100 - 20) = 1680; without A the 6 go via B: 6 x 270 = 1620;
    # without B nothing changes; without P or C nothing trades
    why = reasons_of(three_routes())
    marginal = {p: r.marginal_musd_per_yr for p, r in why.items()}
    assert marginal == pytest.approx({"P": 1680, "A": 60, "B": 0, "C": 1680}, abs=1e-6)
    for reason in why.values():
        assert parts(reason) == pytest.approx(reason.marginal_musd_per_yr, abs=1e-6)


def test_a_transit_route_replaced_by_the_next_cheapest() -> None:
    a = reasons_of(three_routes())["A"]
    assert [c.link for c in a.lost_links] == ["via-a"]
    assert [c.link for c in a.gained_links] == ["via-b"]
    assert a.moved_quantity == pytest.approx(6)
    assert a.replacement_quantity == pytest.approx(6)
    assert a.unit_cost_difference == pytest.approx(30 - 20)
    assert a.lost_purchases_musd_per_yr == pytest.approx(0, abs=1e-6)
    assert a.extra_production_cost_musd_per_yr == pytest.approx(0, abs=1e-6)
    assert a.extra_transport_cost_musd_per_yr == pytest.approx(60)
    assert a.quantity_unit == "bcm/yr" and a.price_unit == "USD/1000m3"
    assert a.sentence == (
        "A's route (via-a) saves 10.0 USD/1000 m3 x 6 bcm/yr = 60.0 USD m/yr over via-b"
    )


def test_only_the_flow_that_moves_counts() -> None:
    # via-a holds only 4: v(N) = 4 x 280 + 2 x 270 = 1660; without A, via-b takes the 4
    # it carried: 4 x (30 - 20) = 40
    why = reasons_of(three_routes(capacity_a=4))
    a = why["A"]
    assert a.marginal_musd_per_yr == pytest.approx(40)
    assert a.moved_quantity == pytest.approx(4)
    assert a.unit_cost_difference == pytest.approx(10)
    assert a.sentence == (
        "A's route (via-a) saves 10.0 USD/1000 m3 x 4 bcm/yr = 40.0 USD m/yr over via-b"
    )
    # without B its 2 go by sea: 2 x (50 - 30) = 40
    b = why["B"]
    assert b.marginal_musd_per_yr == pytest.approx(40)
    assert [c.link for c in b.gained_links] == ["sea"]
    assert b.moved_quantity == pytest.approx(2)


def test_an_idle_route_is_explained_where_it_adds_most() -> None:
    # B's route is idle in the grand optimum; it adds most to {P, C}: 6 x (50 - 30) = 120
    b = reasons_of(three_routes())["B"]
    assert not b.lost_links and not b.gained_links
    assert b.where_most is not None
    assert b.where_most.coalition == ("P", "C")
    assert b.where_most.marginal_musd_per_yr == pytest.approx(120)
    assert b.sentence == (
        "without B the grand coalition's optimum does not change (it adds 0.0 USD m/yr); "
        "it adds most, 120.0 USD m/yr, to {P, C}: B's route (via-b) saves "
        "20.0 USD/1000 m3 x 6 bcm/yr = 120.0 USD m/yr over sea"
    )


def test_a_buyer_leaving_loses_its_purchases() -> None:
    # without C: 6 x 400 = 2400 of purchases lost, 6 x 100 = 600 less produced, 6 x 20 =
    # 120 less carried: 2400 - 600 - 120 = 1680
    c = reasons_of(three_routes())["C"]
    assert c.lost_purchases_musd_per_yr == pytest.approx(2400)
    assert c.extra_production_cost_musd_per_yr == pytest.approx(-600)
    assert c.extra_transport_cost_musd_per_yr == pytest.approx(-120)
    assert c.served_lost == pytest.approx(6)
    assert c.sentence == (
        "without C, via-a carries nothing: 6 bcm/yr of purchases worth 2,400.0 USD m/yr "
        "(at willingness to pay) are lost, production costs fall by 600.0 and transport "
        "costs fall by 120.0; net 1,680.0 USD m/yr"
    )
    assert c.to_dict()["lost_links"][0]["link"] == "via-a"
