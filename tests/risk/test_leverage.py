"""Leverage per draw and across draws: fees, percentiles, zero shares, undefined values, by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from corridor.games.values import CoalitionValues
from corridor.risk.leverage import LEVERAGE_COLUMNS, StageTerms, draw_leverage, leverage_summary


def test_summary_percentiles_and_shares_by_hand() -> None:
    draws = pd.DataFrame(
        {
            "draw": range(5),
            # 0, 0, 10, 20, 30: P10 = 0, P50 = 10, P90 = 26 (linear between 20 and 30)
            "leverage_ex_ante_shapley_T": [0.0, 0.0, 10.0, 20.0, 30.0],
            "leverage_ex_post_shapley_T": [5.0] * 5,
            # an empty zone in two draws: the Nash fee is undefined there
            "leverage_ex_post_nash_fee_T": [1.0, math.nan, 3.0, math.nan, 5.0],
            "shapley_T": [0.0] * 5,
        }
    )
    summary = leverage_summary(draws)
    assert list(summary.columns) == list(LEVERAGE_COLUMNS)
    assert summary[["stage", "quantity", "player"]].values.tolist() == [
        ["ex-ante", "shapley", "T"],
        ["ex-post", "shapley", "T"],
        ["ex-post", "nash_fee", "T"],
    ]
    ante, post, nash = (summary.iloc[i] for i in range(3))
    assert (ante.mean_musd_per_yr, ante.p10_musd_per_yr, ante.p50_musd_per_yr,
            ante.p90_musd_per_yr) == pytest.approx((12.0, 0.0, 10.0, 26.0))  # fmt: skip
    assert ante.share_zero == pytest.approx(0.4) and ante.share_defined == 1.0
    assert post.p10_musd_per_yr == post.p90_musd_per_yr == 5.0 and post.share_zero == 0.0
    assert nash.share_defined == pytest.approx(0.6)
    assert (nash.mean_musd_per_yr, nash.p50_musd_per_yr) == pytest.approx((3.0, 3.0))
    # standard errors: s / sqrt(n) over the defined draws, sqrt(p (1 - p) / n) for shares
    # 0, 0, 10, 20, 30: mean 12, sum of squares 144 + 144 + 4 + 64 + 324 = 680, s^2 = 170
    assert ante.mean_musd_per_yr_se == pytest.approx(math.sqrt(170.0 / 5))
    assert ante.share_zero_se == pytest.approx(math.sqrt(0.4 * 0.6 / 5))
    assert post.mean_musd_per_yr_se == 0.0 and ante.share_defined_se == 0.0
    # the Nash fee: 1, 3, 5 defined (s = 2) of 5 draws, none zero
    assert nash.mean_musd_per_yr_se == pytest.approx(2.0 / math.sqrt(3))
    assert nash.share_defined_se == pytest.approx(math.sqrt(0.6 * 0.4 / 5))
    assert nash.share_zero_se == 0.0


def test_no_leverage_columns_give_an_empty_summary() -> None:
    summary = leverage_summary(pd.DataFrame({"draw": [0, 1], "npv_T": [1.0, 2.0]}))
    assert summary.empty and list(summary.columns) == list(LEVERAGE_COLUMNS)


def test_a_never_defined_fee_has_nan_statistics() -> None:
    draws = pd.DataFrame({"leverage_ex_ante_nash_fee_T": [np.nan, np.nan]})
    row = leverage_summary(draws).iloc[0]
    assert math.isnan(row.p50_musd_per_yr) and math.isnan(row.share_zero)
    assert math.isnan(row.mean_musd_per_yr_se) and math.isnan(row.share_zero_se)
    assert row.share_defined == 0.0 and row.share_defined_se == 0.0


def _two_route_game() -> tuple[StageTerms, CoalitionValues]:
    # tests/risk/test_games.py's game at k = 1: v({S, B}) = 1,620, v(N) = 1,680, else 0
    values = np.zeros(8)
    values[0b101], values[0b111] = 1620.0, 1680.0
    terms = StageTerms("ex-post", ("S", "T", "B"), "T", ("S", "T", "B"), 0.0, 5.0, 20.0, 0.25)
    return terms, CoalitionValues(("S", "T", "B"), values)


def test_a_draws_fees_by_hand() -> None:
    row = draw_leverage(*_two_route_game())
    assert row["leverage_ex_post_shapley_T"] == pytest.approx(20.0)
    assert row["leverage_ex_post_implied_fee_T"] == pytest.approx(15.0)  # less own 5.0
    assert row["leverage_ex_post_max_fee_T"] == pytest.approx(60.0)  # 1,680 - 1,620
    assert row["leverage_ex_post_nash_fee_T"] == pytest.approx(20.0 + 0.25 * 40.0)


def test_a_failed_nucleolus_is_undefined_in_that_draw(monkeypatch: pytest.MonkeyPatch) -> None:
    import corridor.games.concepts as concepts

    def fail(values: CoalitionValues) -> None:
        raise RuntimeError("imputation LP infeasible")

    monkeypatch.setattr(concepts, "nucleolus_allocation", fail)
    row = draw_leverage(*_two_route_game())
    assert math.isnan(row["leverage_ex_post_nucleolus_T"])
    assert row["leverage_ex_post_shapley_T"] == pytest.approx(20.0)
