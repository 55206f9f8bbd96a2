"""The regimes as dated periods: they tile the horizon and discount as one annuity."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from corridor.errors import InputError
from corridor.scenario import load_scenario
from corridor.staged_model import AS_WRITTEN, annuity_value, periods_of, year_of


def test_days_are_shares_of_their_year() -> None:
    assert year_of(date(2011, 1, 1), 2011) == 0.0
    assert year_of(date(2012, 7, 1), 2011) == pytest.approx(1 + 182 / 366)  # a leap year
    assert annuity_value(0.0, 3.0, 2.5) == 2.5
    # 1 a year for 2 years from year 1, at 10 %: 1/1.1^2 + 1/1.1^3
    assert annuity_value(0.1, 1.0, 2.0) == pytest.approx(1.1**-2 + 1.1**-3)


@pytest.mark.parametrize("after", ["last", "as-written"])
def test_korean_regimes_tile_the_horizon(after: str) -> None:
    korea = load_scenario("korea-2011")
    periods = periods_of(korea, after)
    assert periods[0].id == "agreement-2011" and periods[0].start == date(2011, 8, 24)
    assert periods[-1].end == date(2041, 1, 1)
    assert all(a.end == b.start for a, b in itertools.pairwise(periods))
    assert all(
        a.start_yr + a.duration_yr == pytest.approx(b.start_yr)
        for a, b in itertools.pairwise(periods)
    )
    # the periods' annuities add up to the annuity of the whole span
    whole = annuity_value(korea.discount_rate, periods[0].start_yr, 30 - periods[0].start_yr)
    assert sum(p.welfare_factor for p in periods) == pytest.approx(whole)
    tail = periods[-1]
    if after == "last":
        assert (tail.id, tail.start) == ("thaw-2018", date(2018, 6, 22))
        assert len(periods) == len(korea.regimes)
    else:
        assert (tail.id, tail.start, tail.regime) == (AS_WRITTEN, date(2020, 1, 1), None)
        assert tail.scenario is korea


def test_regimes_with_the_same_changes_share_one_scenario() -> None:
    periods = {p.id: p for p in periods_of(load_scenario("korea-2011"))}
    assert periods["un-2397"].scenario is periods["un-2375"].scenario
    assert periods["un-2375"].scenario is not periods["un-2270"].scenario


def test_an_unknown_tail_is_an_input_error() -> None:
    with pytest.raises(InputError, match="must be one of last, as-written"):
        periods_of(load_scenario("korea-2011"), "forever")
