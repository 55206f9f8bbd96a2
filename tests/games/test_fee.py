"""The transit fee three ways on the small deal of tests/finance/cases.py, worked by hand.

Market of the small deal: S supplies 10 bcm/yr at 100 USD/1000m3 at X, B wants 6 bcm/yr
at Z for 400; the route X-Y-Z through T costs 20 + 30 = 50 per 1000 m3, the bypass X-Z
(S and B alone) 80. So v({S,T,B}) = 6 x (400 - 100 - 50) = 1,500 USD m/yr and
v({S,B}) = 6 x (400 - 100 - 80) = 1,320; T owns nothing in the market (own surplus 0)
and asks at least its reservation fee of 20 USD m/yr.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from corridor.games.fee import bypass_links, compare_fees, fee_zone, nash_fee
from corridor.market import MarketModel
from corridor.scenario import loads
from tests.finance.cases import SMALL_DEAL


@pytest.fixture(scope="module")
def scenario():  # type: ignore[no-untyped-def]
    return loads(SMALL_DEAL, file="small.toml")


def test_nash_fee_by_hand() -> None:
    # over [20, 180]: maximise (F - 20)^w (180 - F)^(1 - w); setting the derivative of the
    # log to zero, w/(F - 20) = (1 - w)/(180 - F), gives F = 20 + 160 w
    assert nash_fee(20.0, 180.0) == pytest.approx(100.0)
    assert nash_fee(20.0, 180.0, 0.3) == pytest.approx(68.0)
    grid = np.linspace(20.0, 180.0, 160_001)
    product = (grid - 20.0) ** 0.3 * (180.0 - grid) ** 0.7
    assert grid[np.argmax(product)] == pytest.approx(68.0, abs=1e-3)
    assert nash_fee(20.0, 180.0, 0.0) == 20.0 and nash_fee(20.0, 180.0, 1.0) == 180.0
    assert math.isnan(nash_fee(20.0, 10.0))  # empty zone: no agreement
    with pytest.raises(ValueError, match="bargaining power"):
        nash_fee(0.0, 1.0, 1.5)


def test_zone_of_possible_agreement_by_hand(scenario) -> None:  # type: ignore[no-untyped-def]
    model = MarketModel(scenario)
    assert bypass_links(scenario, scenario.deal) == ("bypass",)
    zone = fee_zone(scenario, model)
    assert (zone.v_with, zone.v_without) == (pytest.approx(1500.0), pytest.approx(1320.0))
    assert zone.transit_surplus == 0.0 and zone.partners == ("S", "B")
    assert (zone.min_fee, zone.max_fee) == (20.0, pytest.approx(180.0))
    assert zone.nash_fee == pytest.approx(100.0) and zone.feasible
    # with no bypass the others' fallback is nothing at all: the zone widens to 1,500
    lng_only = fee_zone(scenario, model, bypass=False)
    assert lng_only.v_without == pytest.approx(0.0)
    assert lng_only.max_fee == pytest.approx(1500.0)
    assert lng_only.nash_fee == pytest.approx(20 + 0.5 * 1480)


def test_three_ways_side_by_side(scenario) -> None:  # type: ignore[no-untyped-def]
    table = compare_fees(scenario).set_index("method")
    # (a) 2 USD/1000m3/100km x 2 bcm/yr x 250 km = 10 USD m/yr
    assert table.loc["(a) tariff: deal", "fee_musd_per_yr"] == pytest.approx(10.0)
    assert table.loc["(b) Nash bargaining (bypass)", "fee_musd_per_yr"] == pytest.approx(100.0)
    # (c) T adds value only to the grand coalition (1,500 - 1,320 = 180), which it
    # completes in 2 of the 6 orders: Shapley value 60
    assert table.loc["(c) Shapley value", "fee_musd_per_yr"] == pytest.approx(60.0)
    zone = table.loc["zone of possible agreement (bypass)"]
    assert (zone["low"], zone["high"]) == (20.0, pytest.approx(180.0))
    assert table.loc["deal: fixed fee", "fee_musd_per_yr"] == 10.0


BOXES = """
[[commodities]]
id = "boxes"
kind = "containers"

[[supplies]]
id = "box-s"
node = "X"
owner = "B"
commodity = "boxes"
assumption = "test"
blocks = [{ capacity = "10 kTEU/yr", cost = "0 USD/TEU" }]

[[demands]]
id = "box-d"
node = "Z"
owner = "S"
commodity = "boxes"
assumption = "test"
blocks = [{ quantity = "10 kTEU/yr", wtp = "1000 USD/TEU" }]

[[links]]
id = "rail"
from = "X"
to = "Z"
commodity = "boxes"
control = ["T"]
capacity = "10 kTEU/yr"
unit_cost = "500 USD/TEU"
assumption = "test"
"""


def test_the_zone_counts_only_the_deals_commodity() -> None:
    # boxes carried by T's railway add 10 kTEU x 500 USD = 5 USD m/yr to v(P) but nothing
    # to the gas pipeline's zone, Nash fee or Shapley fee
    with_rail = loads(SMALL_DEAL + BOXES, file="rail.toml")
    model = MarketModel(with_rail)
    assert model.welfare(["S", "T", "B"]) == pytest.approx(1505.0)
    zone = fee_zone(with_rail, model)
    assert (zone.v_with, zone.max_fee, zone.nash_fee) == (
        pytest.approx(1500.0),
        pytest.approx(180.0),
        pytest.approx(100.0),
    )
    table = compare_fees(with_rail, model).set_index("method")
    assert table.loc["(c) Shapley value", "fee_musd_per_yr"] == pytest.approx(60.0)


def test_an_empty_zone_names_the_threat_point_that_empties_it() -> None:
    """The others' fallback leaves the route worth 5 to them, below T's reservation of 8."""
    from corridor.games.fee import FeeZone, empty_zone_reason

    zone = FeeZone(
        transit="T", partners=("S", "B"), disagreement="bypass", v_with=105.0,
        v_without=100.0, transit_surplus=0.0, reservation=8.0, bargaining_power=0.5,
        min_fee=8.0, max_fee=5.0, nash_fee=math.nan,
    )  # fmt: skip
    assert not zone.feasible
    text = empty_zone_reason(zone, "T")
    assert text.startswith("empty: with the bypass as their threat point")
    assert "gain only 5.0 USD m/yr from T's route" in text
    assert "its reservation of 8.0" in text
