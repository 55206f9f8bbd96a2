"""LNG chain: unit conversions, cost structure, break-even distance."""

import math

import pytest

from corridor.engineering.lng import (
    LNG_UNIT_COSTS,
    LngBasis,
    break_even_distance_km,
    lng_chain_cost,
    lng_table,
)
from corridor.units import MMBTU_PER_BCM, MT_LNG_PER_BCM, to_internal


def test_bp_conversions():
    # BP approximate conversion factors: 1 bcm = 34.1 million MMBtu = 0.735 Mt LNG.
    assert pytest.approx(34.1e6) == MMBTU_PER_BCM
    assert pytest.approx(0.735) == MT_LNG_PER_BCM
    assert to_internal(0.735, "MtLNG/yr") == pytest.approx(1.0)
    assert to_internal(34.1e6, "MMBtu/yr") == pytest.approx(1.0)
    assert to_internal(1.0, "USD/MMBtu") == pytest.approx(34.1)


def test_unit_costs_have_sources_and_ranges():
    for key, unit in LNG_UNIT_COSTS.items():
        assert unit.low <= unit.value <= unit.high, key
        assert unit.source, key


def test_liquefaction_by_hand():
    # 1 bcm/yr delivered with no losses: 0.735 Mt/yr; capex 1,000 USD/t/yr = USD 735 m;
    # charge (CRF 8 %/30 yr = 0.08883 + opex 0.035) = USD 91.0 m/yr over 34.1 m MMBtu.
    basis = LngBasis(liquefaction_own_use=0.0, boil_off_per_day=0.0, regas_own_use=0.0)
    chain = lng_chain_cost(1.0, 1000.0, basis)
    assert chain.liquefaction_usd_per_mmbtu == pytest.approx(
        735 * (0.088827 + 0.035) / 34.1, rel=1e-3
    )


def test_shipping_grows_with_distance_and_plants_do_not():
    near, far = lng_chain_cost(10.0, 2000.0), lng_chain_cost(10.0, 10_000.0)
    assert far.shipping_usd_per_mmbtu > 2 * near.shipping_usd_per_mmbtu
    assert far.ships > near.ships
    assert far.regasification_usd_per_mmbtu == pytest.approx(
        near.regasification_usd_per_mmbtu, rel=0.02
    )


def test_chain_cost_in_published_range():
    # IGU World LNG Report (2012) and Jensen (2004): a full chain over ~5,000 km costs
    # about US$ 3-7 per MMBtu (liquefaction 2-4, shipping 0.5-1.5, regas 0.3-1).
    chain = lng_chain_cost(10.0, 5000.0)
    assert 3.0 <= chain.usd_per_mmbtu <= 7.0
    assert chain.usd_per_1000m3 == pytest.approx(chain.usd_per_mmbtu * 34.1)
    assert "chain total" in set(lng_table(chain)["quantity"])


def test_break_even_distance():
    # The classic result (e.g. Jensen 2004, IEA): LNG beats offshore pipelines beyond a
    # few thousand km and onshore lines further out; both grow with the volume.
    on = break_even_distance_km(10.0)
    off = break_even_distance_km(10.0, offshore=True)
    assert 2_000 < off < on < 10_000
    assert break_even_distance_km(5.0) < on
    assert math.isfinite(on)
