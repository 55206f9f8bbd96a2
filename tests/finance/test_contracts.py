"""Contract formulas, take-or-pay and ship-or-pay in the cash flows, worked out by hand."""

from __future__ import annotations

import re

import numpy as np
import pytest

from corridor.deal_draw import DealDraw, yearly_prices
from corridor.errors import ScenarioError
from corridor.finance import appraise
from corridor.scenario import loads
from corridor.units import MMBTU_PER_1000M3
from tests.finance.cases import SMALL_DEAL

OIL_PRICE = """[deal.price]
kind = "oil_indexed"
index = "brent"
slope = "14.85 %"
constant = "0.5 USD/MMBtu"
reference = "100 USD/bbl"
"""

S_CURVE = """
[deal.price.s_curve]
low_kink = "60 USD/bbl"
high_kink = "120 USD/bbl"
low_slope = "5 %"
high_slope = "7 %"
"""


def small(price: str = OIL_PRICE, extra: str = "") -> str:
    return SMALL_DEAL.replace('[deal.price]\nbase = "100 USD/1000m3"\n', price + extra)


def test_oil_indexed_price_by_hand() -> None:
    deal = loads(small(), file="oil.toml").deal
    assert deal is not None
    # 0.1485 x 100 USD/bbl + 0.5 = 15.35 USD/MMBtu at the reference, 34.1 MMBtu per 1000 m3
    assert deal.price.base == pytest.approx(15.35 * MMBTU_PER_1000M3)
    oil = np.array([50.0, 100.0, 150.0])
    price, _ = yearly_prices(deal, DealDraw(index_paths={"brent": oil}))
    np.testing.assert_allclose(price / MMBTU_PER_1000M3, [7.925, 15.35, 22.775])
    central, _ = yearly_prices(deal)
    np.testing.assert_allclose(central, deal.price.base)


def test_s_curve_kinks_by_hand() -> None:
    deal = loads(small(extra=S_CURVE), file="s.toml").deal
    assert deal is not None
    oil = np.array([40.0, 60.0, 100.0])
    price, _ = yearly_prices(deal, DealDraw(index_paths={"brent": oil}))
    # below 60: 0.1485 x 60 + 0.05 x (40 - 60) = 7.91; at the kink 8.91; inside 14.85; + 0.5
    np.testing.assert_allclose(price / MMBTU_PER_1000M3, [8.41, 9.41, 15.35])
    high, _ = yearly_prices(deal, DealDraw(index_paths={"brent": np.array([120.0, 150.0, 200.0])}))
    # above 120: 0.1485 x 120 + 0.07 x (oil - 120) = 17.82, 19.92, 23.42; + 0.5
    np.testing.assert_allclose(high / MMBTU_PER_1000M3, [18.32, 20.42, 23.92])


def test_formula_fields_are_checked() -> None:
    with pytest.raises(ScenarioError, match="oil_indexed price needs index, reference"):
        loads(small(OIL_PRICE.replace('index = "brent"\n', "").replace(
            'reference = "100 USD/bbl"\n', "")), file="bad.toml")  # fmt: skip
    wrong_unit = re.escape("reference.unit: unit 'USD/MMBtu' is a gas_price")
    with pytest.raises(ScenarioError, match=wrong_unit):
        loads(small(OIL_PRICE.replace("100 USD/bbl", "10 USD/MMBtu")), file="bad.toml")
    with pytest.raises(ScenarioError, match="high_kink: must not be below low_kink"):
        loads(small(extra=S_CURVE.replace("120 USD/bbl", "50 USD/bbl")), file="bad.toml")


def test_the_alternative_formula_is_scaled_to_the_alternative_price() -> None:
    alternative = OIL_PRICE.replace("[deal.price]", "[deal.alternative]")
    deal = loads(small(extra="\n" + alternative), file="alt.toml").deal
    assert deal is not None and deal.alternative is not None
    # 0.1485 x oil + 0.5 USD/MMBtu (15.35 at 100 USD/bbl, 30.2 at 200), scaled to the
    # file's 150 USD/1000m3 at the reference; the LNG factor on top
    oil = np.array([100.0, 200.0, 0.0])
    _, alt = yearly_prices(deal, DealDraw(index_paths={"brent": oil}, lng_factor=2.0))
    k = 150.0 / (15.35 * MMBTU_PER_1000M3)
    expected = np.array([15.35, 30.2, 0.5]) * MMBTU_PER_1000M3 * k * 2.0
    np.testing.assert_allclose(alt, expected)
    assert deal.alternative.base == pytest.approx(150.0)


def test_take_or_pay_is_paid_on_the_shortfall() -> None:
    alternative = 'alternative_price = "150 USD/1000m3"'
    text = SMALL_DEAL.replace(alternative, alternative + '\ntake_or_pay = "90 %"')
    scenario = loads(text, file="top.toml")
    lost = np.array([0.0, 0.5, 0.0])
    items = appraise(scenario, DealDraw(demand_factor=0.8, lost=lost)).items
    top = items[items["item"] == "take-or-pay"].set_index(["year", "actor"])["musd"]
    # 2020: contract 1 bcm, takes 0.8, pays for 0.9: 0.1 x 100 = 10. 2021: half cut by the
    # transit country, so the obligation is 0.9 x 1 bcm against 0.8 taken: 10. 2022: 20.
    assert top[(2020, "S")] == pytest.approx(10.0) and top[(2020, "B")] == pytest.approx(-10.0)
    assert top[(2021, "S")] == pytest.approx(10.0)
    assert top[(2022, "S")] == pytest.approx(20.0)
    untouched = appraise(scenario, DealDraw(demand_factor=0.95)).items
    assert "take-or-pay" not in set(untouched["item"])


def test_ship_or_pay_floors_the_tariff_at_a_share_of_capacity() -> None:
    text = SMALL_DEAL.replace('kind = "fixed"\npayer = "S"',
                              'kind = "tariff"\npayer = "S"\nship_or_pay = "100 %"')  # fmt: skip
    scenario = loads(text, file="sop.toml")
    flows = appraise(scenario, DealDraw(demand_factor=0.8)).cash_flows
    # 2 USD/1000m3/100km over 250 km = 5 USD m per bcm, paid on the 2 bcm booked, not 1.6
    assert flows.loc[2021, "T"] == pytest.approx(5.0 * 2)
    without = appraise(loads(text.replace('ship_or_pay = "100 %"', ""), file="x.toml"),
                       DealDraw(demand_factor=0.8)).cash_flows  # fmt: skip
    assert without.loc[2021, "T"] == pytest.approx(5.0 * 1.6)
    cut = appraise(scenario, DealDraw(demand_factor=0.8, lost=np.array([0.0, 0.5, 0.0])))
    # a cut by the transit country releases the shipper for the gas not carried: 0.5 x 2
    assert cut.cash_flows.loc[2021, "T"] == pytest.approx(5.0 * 1.0)
