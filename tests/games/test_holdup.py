"""Hold-up fee, Nash fees and the self-enforcing band on the sunk chain, by hand.

The chain of tests/games/sunk_chain.py: S, T, B; T's line 72 per 1000 m3 with capex, 50
to run; the bypass 82; 6 bcm/yr; LNG leaves B 100 per 1000 m3; T's reservation 20;
discount rate 10 %/yr (δ = 1/1.1); the bypass takes 2 years to build.
"""

from __future__ import annotations

import math

import pytest

from corridor.errors import InputError
from corridor.games.holdup import DEFAULT_BUILD_YEARS, fee_table, holdup
from tests.games.sunk_chain import sunk_chain


def test_zones_before_and_after_the_build() -> None:
    h = holdup(sunk_chain())
    assert h is not None and h.transit == "T" and h.bypass == "sea"
    assert h.built == ("xy", "yz")
    # ex-ante: v(S,T,B) - v(S,B) = 1,368 - 1,308 = 60 (the line saves 82 - 72 = 10 on 6)
    assert (h.ex_ante.min_fee, h.ex_ante.max_fee) == (20.0, pytest.approx(60.0))
    # ex-post: 1,500 - 1,308 = 192 = (82 - 50) x 6, the hand formula
    assert h.holdup_fee_musd_per_yr == pytest.approx(192.0)
    assert h.hand_fee_musd_per_yr == pytest.approx(192.0)
    assert h.bypass_unit_cost_usd_per_1000m3 == pytest.approx(82.0)
    assert h.route_operating_cost_usd_per_1000m3 == pytest.approx(50.0)
    assert h.difference() == "the LP agrees with the hand formula"
    assert "costs 32.00 USD/1000 m3 more" in h.reason() and "= 192.0 USD m/yr" in h.reason()
    # short run, no bypass yet: 1,500 - 600 (LNG) = 900
    assert h.short_run_fee_musd_per_yr == pytest.approx(900.0)


def test_nash_fees_with_both_threat_points() -> None:
    h = holdup(sunk_chain())
    assert h is not None
    assert h.nash_fee_ex_ante_musd_per_yr == pytest.approx(20 + 0.5 * (60 - 20))
    assert h.nash_fee_ex_post_musd_per_yr == pytest.approx(20 + 0.5 * (192 - 20))
    weak = holdup(sunk_chain(), power=0.25)
    assert weak is not None
    assert weak.nash_fee_ex_post_musd_per_yr == pytest.approx(20 + 0.25 * 172)


def test_self_enforcing_band_by_hand() -> None:
    # b = 2: T holds up for 900 a year, 2 years: low = 900 (1 - 1/1.21) + 20/1.21
    # = (189 + 20)/1.21 = 172.73 <= 192: the band is [172.73, 192]
    h = holdup(sunk_chain())
    assert h is not None and h.build_years == 2.0
    assert h.build_years_from == "links.sea.build_time"
    assert h.band_low_musd_per_yr == pytest.approx(209 / 1.21)
    assert h.band_high_musd_per_yr == pytest.approx(192.0) and not h.band_empty
    # b = 3: (900 x 0.331 + 20)/1.331 = 238.84 > 192: no fee is self-enforcing
    slow = holdup(sunk_chain(), build_years=3)
    assert slow is not None and slow.build_years_from == "argument build_years"
    assert slow.band_low_musd_per_yr == pytest.approx((900 * 0.331 + 20) / 1.331)
    assert slow.band_empty


def test_build_years_default_is_the_documented_assumption() -> None:
    h = holdup(sunk_chain(bypass_build_years=None))
    assert h is not None and h.build_years == DEFAULT_BUILD_YEARS
    assert h.build_years_from.startswith("assumption")


def test_lp_and_hand_differ_when_the_bypass_carries_less() -> None:
    # a 4 bcm/yr bypass with the same 400 capex costs 60 + 110 = 170; without T the
    # others ship 4 by it and 2 as LNG: v(S,B) = 4 x 130 + 2 x 100 = 720, so the LP's
    # hold-up fee is 1,500 - 720 = 780 against the hand (170 - 50) x 6 = 720
    h = holdup(sunk_chain(bypass_capacity=4.0))
    assert h is not None
    assert h.holdup_fee_musd_per_yr == pytest.approx(780.0)
    assert h.hand_fee_musd_per_yr == pytest.approx(720.0)
    assert h.bypass_flow_bcm_per_yr == pytest.approx(4.0)
    assert "the bypass carries 4 bcm/yr against the route's 6" in h.difference()


def test_no_deal_no_holdup_and_bad_options() -> None:
    assert holdup(sunk_chain(deal=False)) is None
    with pytest.raises(InputError) as caught:
        holdup(sunk_chain(), build_years=0)
    assert caught.value.parameter == "build_years"
    with pytest.raises(InputError) as caught:
        holdup(sunk_chain(), power=1.5)
    assert caught.value.parameter == "power"
    with pytest.raises(InputError) as caught:
        holdup(sunk_chain(), built=["nope"])
    assert caught.value.parameter == "built"


def test_to_dict_is_json_safe() -> None:
    h = holdup(sunk_chain())
    assert h is not None
    payload = h.to_dict()
    assert payload["zones"]["ex_post"]["max_fee"] == pytest.approx(192.0)
    assert payload["band_empty"] is False and payload["bypass"] == "sea"
    empty = holdup(sunk_chain(), built=[])  # nothing sunk: ex-post is ex-ante
    assert empty is not None and empty.holdup_fee_musd_per_yr == pytest.approx(60.0)


def test_fee_table_puts_the_ex_post_zone_beside_the_ex_ante_one() -> None:
    table = fee_table(sunk_chain()).set_index("method")
    assert table.loc["zone of possible agreement (bypass)", "stage"] == "ex-ante"
    post = table.loc["zone of possible agreement (bypass, ex-post)"]
    assert post["stage"] == "ex-post" and (post["low"], post["high"]) == (20.0, 192.0)
    assert table.loc["(b) Nash bargaining (bypass, ex-post)", "fee_musd_per_yr"] == 106.0
    lng = table.loc["zone of possible agreement (LNG only, ex-post)"]
    assert lng["high"] == pytest.approx(900.0)
    assert table.loc["deal: fixed fee", "stage"] is None
    order = list(table.index)
    assert order.index("(b) Nash bargaining (LNG only, ex-post)") + 1 == order.index(
        "(c) Shapley value"
    )
    assert math.isnan(table.loc["zone of possible agreement (bypass)", "fee_musd_per_yr"])
