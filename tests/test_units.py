from __future__ import annotations

import pytest

from corridor import units


def test_bp_conversion_factors() -> None:
    # 1 bcm = 34.1 million MMBtu = 0.735 Mt LNG (BP approximate conversion factors)
    assert units.to_internal(0.735, "MtLNG/yr", units.GAS_RATE) == pytest.approx(1.0)
    assert units.to_internal(34.1e6, "MMBtu/yr", units.GAS_RATE) == pytest.approx(1.0)
    assert units.to_internal(1.0, "USD/MMBtu", units.GAS_PRICE) == pytest.approx(34.1)
    assert units.gas_price_per_mmbtu(460.35) == pytest.approx(13.5)


def test_money_and_rates() -> None:
    assert units.to_internal(2.5, "USD bn", units.MONEY) == pytest.approx(2500)
    assert units.to_internal(8, "%/yr", units.RATE) == pytest.approx(0.08)
    assert units.to_internal(1, "FEU/yr", units.BOX_RATE) == pytest.approx(0.002)
    assert units.from_internal(2500, "USD bn") == pytest.approx(2.5)


def test_unit_errors() -> None:
    with pytest.raises(units.UnitError, match="unknown unit 'bcm/week'"):
        units.to_internal(1, "bcm/week")
    with pytest.raises(units.UnitError, match="is a gas_price, expected a gas_rate"):
        units.to_internal(1, "USD/MMBtu", units.GAS_RATE)
    with pytest.raises(units.UnitError, match="missing unit"):
        units.parse_measure("12")


def test_parse_measure() -> None:
    assert units.parse_measure("12 bcm/yr") == units.Measure(12.0, "bcm/yr")
    assert units.parse_measure("2.5 USD bn") == units.Measure(2.5, "USD bn")
    assert units.parse_measure("1_000 km") == units.Measure(1000.0, "km")


def test_annuity_factor_by_hand() -> None:
    assert units.annuity_factor(0.0, 10) == pytest.approx(0.1)
    # 8 % over 30 years: 0.08 / (1 - 1.08**-30) = 0.088827
    assert units.annuity_factor(0.08, 30) == pytest.approx(0.088827, abs=1e-6)
