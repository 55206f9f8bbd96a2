"""Rail and sea freight: hand-worked cases and properties (the bundled routes and their
published figures are scenario data: tests/scenario/test_korea_rail.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corridor.engineering.freight import (
    FREIGHT_RATES,
    FreightBasis,
    Leg,
    Mode,
    Route,
    chain,
    estimate,
    freight_table,
    generalised_cost,
    route_table,
    sea_km_per_day,
    tariff_usd_per_teu,
    transit_days,
)


def test_rail_stretch_by_hand() -> None:
    # 1,600 km at 800 km/d = 2 d; one handling 2 d, one border 1.5 d, one gauge change 0.5 d
    route = Route("x", (Leg("rail", 1600.0),), handlings=1, border_crossings=1, gauge_changes=1)
    assert transit_days(route) == pytest.approx(6.0)
    # 1,600 x 0.22 = 352; + 150 handling + 100 border + 120 gauge change
    assert tariff_usd_per_teu(route) == pytest.approx(722.0)


def test_sea_stretch_by_hand() -> None:
    # 16 kn = 16 x 1.852 km/h x 24 h = 711.168 km/d, so 7,111.68 km take 10 days
    assert sea_km_per_day(16.0) == pytest.approx(711.168)
    route = Route("y", (Leg("sea", 7111.68),))
    assert transit_days(route) == pytest.approx(10.0)
    # 7,111.68 x 0.05 + 200 per voyage
    assert tariff_usd_per_teu(route) == pytest.approx(555.584)


def test_slow_track_and_dear_carrier_factors() -> None:
    slow = Route("z", (Leg("rail", 800.0, speed_factor=0.5, tariff_factor=1.5),))
    assert transit_days(slow) == pytest.approx(2.0)
    assert tariff_usd_per_teu(slow) == pytest.approx(800 * 0.22 * 1.5)


def test_generalised_cost() -> None:
    assert generalised_cost(1000.0, 20.0, 40.0) == pytest.approx(1800.0)
    est = estimate(Route("x", (Leg("rail", 1600.0),), handlings=1))
    assert est.generalised_cost(10.0) == pytest.approx(est.tariff_usd_per_teu + 10 * est.days)


def test_bad_legs_are_rejected() -> None:
    with pytest.raises(ValueError, match="mode"):
        Leg("air", 10.0)  # type: ignore[arg-type]  # the point of the test
    with pytest.raises(ValueError, match="non-negative"):
        Leg("rail", -1.0)
    with pytest.raises(ValueError, match="non-negative"):
        Route("x", (), handlings=-1)


lengths = st.floats(min_value=0.0, max_value=30_000.0, allow_nan=False)
counts = st.integers(min_value=0, max_value=5)


@given(lengths, lengths, counts, counts, counts)
def test_stretches_add_up(rail: float, sea: float, h: int, b: int, g: int) -> None:
    first = Route("a", (Leg("rail", rail),), handlings=h, border_crossings=b)
    second = Route("b", (Leg("sea", sea),), gauge_changes=g)
    whole = first.then(second)
    assert transit_days(whole) == pytest.approx(transit_days(first) + transit_days(second))
    assert tariff_usd_per_teu(whole) == pytest.approx(
        tariff_usd_per_teu(first) + tariff_usd_per_teu(second)
    )


@given(lengths, counts, counts, counts, st.sampled_from(["rail", "sea"]))
def test_range_brackets_the_central_estimate(km: float, h: int, b: int, g: int, mode: Mode) -> None:
    route = Route("r", (Leg(mode, km),), handlings=h, border_crossings=b, gauge_changes=g)
    est = estimate(route)
    assert est.days_low <= est.days + 1e-9 <= est.days_high + 2e-9
    assert est.tariff_low <= est.tariff_usd_per_teu + 1e-9 <= est.tariff_high + 2e-9


@given(lengths, lengths)
def test_longer_is_slower_and_dearer(a: float, b: float) -> None:
    short, long_ = sorted((a, b))
    modes: tuple[Mode, ...] = ("rail", "sea")
    for mode in modes:
        r1, r2 = Route("s", (Leg(mode, short),)), Route("l", (Leg(mode, long_),))
        assert transit_days(r1) <= transit_days(r2)
        assert tariff_usd_per_teu(r1) <= tariff_usd_per_teu(r2)


def test_every_rate_has_a_range_and_a_source() -> None:
    for name, rate in FREIGHT_RATES.items():
        assert rate.low <= rate.value <= rate.high, name
        assert rate.source.strip(), name
    table = freight_table()
    assert list(table["parameter"]) == list(FREIGHT_RATES)
    assert FreightBasis.central().rail_speed_km_per_day == FREIGHT_RATES["rail_speed"].value


def test_chain_and_route_table() -> None:
    first = Route("a", (Leg("rail", 1600.0),), handlings=1, border_crossings=1)
    second = Route("b", (Leg("sea", 7111.68),), gauge_changes=1)
    whole = chain(first, second)
    assert whole.name == "a + b" and chain(first, second, name="ab").name == "ab"
    assert (whole.handlings, whole.border_crossings, whole.gauge_changes) == (1, 1, 1)
    assert whole.legs == first.legs + second.legs
    table = route_table({"ab": whole, "a": first}, 10.0)
    assert list(table["route"]) == ["ab", "a"]
    row = table.set_index("route").loc["ab"]
    # 1,600 km rail (2 d) + 10 d at sea + 2 d handling + 1.5 d border + 0.5 d gauge change
    assert row["days"] == pytest.approx(16.0)
    assert row["length_km"] == pytest.approx(8711.68)
    assert row["rail_km"] == pytest.approx(1600.0) and row["sea_km"] == pytest.approx(7111.68)
    # 352 + 150 + 100 (rail, handling, border) + 555.584 (sea) + 120 (gauge change)
    assert row["tariff_usd_per_teu"] == pytest.approx(1277.584)
    assert row["generalised_cost_usd_per_teu"] == pytest.approx(1277.584 + 10 * 16.0)
