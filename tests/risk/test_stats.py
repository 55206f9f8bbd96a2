"""Monte Carlo error: hand-worked standard errors and order-statistic intervals."""

from __future__ import annotations

import math

import numpy as np
import pytest

from corridor.errors import InputError
from corridor.risk.stats import Moments, mean_se, proportion_se, quantile_interval, ratio_se


def test_standard_error_of_a_mean_by_hand() -> None:
    # 1, 2, 3, 4: mean 2.5, squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, s^2 = 5/3
    assert mean_se([1.0, 2.0, 3.0, 4.0]) == pytest.approx(math.sqrt(5 / 3) / 2)
    # NaN draws are left out; columns are summarised one by one
    assert mean_se([1.0, 2.0, math.nan, 3.0, 4.0]) == pytest.approx(math.sqrt(5 / 3) / 2)
    table = np.array([[1.0, 10.0], [2.0, 10.0], [3.0, 10.0], [4.0, 10.0]])
    assert mean_se(table) == pytest.approx([math.sqrt(5 / 3) / 2, 0.0])
    assert math.isnan(mean_se([7.0]))


def test_standard_error_of_a_probability_by_hand() -> None:
    # 100 losses in 400 draws: sqrt(0.25 * 0.75 / 400)
    assert proportion_se(0.25, 400) == pytest.approx(math.sqrt(0.1875) / 20)
    assert proportion_se(0.0, 50) == 0.0
    assert proportion_se([0.5, 0.1], [100, 100]) == pytest.approx([0.05, 0.03])
    with pytest.raises(InputError) as error:
        proportion_se(1.5, 10)
    assert error.value.parameter == "p"


def test_standard_error_of_a_ratio_of_means() -> None:
    # a denominator fixed at 2 adds no error: the ratio's error is the numerator's / 2
    numerator = np.array([1.0, 2.0, 3.0, 4.0])
    assert ratio_se(numerator, np.full(4, 2.0)) == pytest.approx(math.sqrt(5 / 3) / 4)
    # a numerator proportional to its denominator has an exact ratio
    denominator = np.array([1.0, 3.0, 2.0, 5.0])
    assert ratio_se(3.0 * denominator, denominator) == pytest.approx(0.0, abs=1e-12)
    assert math.isnan(ratio_se(numerator, np.zeros(4)))


def test_median_interval_of_a_hundred_draws_is_the_40th_to_the_61st() -> None:
    # Conover (1999), table A3 / section 3.2: n = 100, 95 %: order statistics 40 and 61
    draws = np.arange(1.0, 101.0)[::-1]  # order does not matter
    assert quantile_interval(draws, 0.5) == (40.0, 61.0)
    # 3 draws, P5: Binomial(3, 0.05) has its 2.5 % quantile at 0 (no order statistic: the
    # low end clips to the smallest draw) and its 97.5 % one at 1, so the high end is x_(2)
    assert quantile_interval([3.0, 1.0, 2.0], 0.05) == (1.0, 2.0)
    for bad in (0.0, 1.0):
        with pytest.raises(InputError):
            quantile_interval(draws, bad)


def test_moments_merged_chunk_by_chunk_equal_the_whole() -> None:
    draws = np.random.default_rng(0).normal(size=(37, 3))
    merged = Moments.of(draws[:10]) + Moments.of(draws[10:11]) + Moments.of(draws[11:])
    assert merged.count == 37
    assert merged.mean == pytest.approx(draws.mean(axis=0))
    assert merged.se() == pytest.approx(mean_se(draws))
    assert np.isnan(Moments.of(draws[:1]).se()).all()
