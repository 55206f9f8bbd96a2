"""Debt recycled into joint projects in the debtor country instead of paid as cash."""

from __future__ import annotations

import numpy as np
import pytest

from corridor.finance import appraise
from corridor.scenario import load_scenario, loads
from tests.finance.cases import SMALL_DEAL

RECYCLED = 'first_year = { value = 2019 }\nrecycled = "40 %"\nprojects = "clinics"\n'


def test_the_recycled_share_stays_in_the_debtor_country_by_hand() -> None:
    # tests/finance/cases.py: T repays 50 in 4 half-yearly instalments, 25 in 2019 and 2020
    cash = appraise(loads(SMALL_DEAL, file="cash.toml"))
    text = SMALL_DEAL.replace("first_year = { value = 2019 }\n", RECYCLED)
    recycled = appraise(loads(text, file="recycled.toml"))
    gap = recycled.cash_flows - cash.cash_flows
    # the creditor receives 60 % of 25; the debtor pays 25 and gets 40 % back as projects
    np.testing.assert_allclose(gap.loc[[2019, 2020], "S"], [-10.0, -10.0], atol=1e-9)
    np.testing.assert_allclose(gap.loc[[2019, 2020], "T"], [10.0, 10.0], atol=1e-9)
    assert not gap.drop(index=[2019, 2020]).to_numpy().any()
    items = recycled.items.set_index(["year", "actor", "item"])["musd"]
    assert items[(2019, "T", "recycled debt (joint projects)")] == pytest.approx(10.0)
    assert items[(2019, "T", "debt service")] == pytest.approx(-25.0)


def test_korea_2011_recycles_the_remaining_debt() -> None:
    """RU loses, KP gains the present value of the 1.09 USD bn repayments (2014-2033).

    40 half-yearly instalments of 1,090 / 40 = 27.25 make 54.5 a year in 2014 .. 2033,
    t = 3 .. 22 years after 2011: sum_{t=3}^{22} (1 + r)^-t = ((1 + r)^-2 - (1 + r)^-22) / r,
    at RU's r = 8 % and at KP's 15 %.
    """
    korea = load_scenario("korea-2011")
    assert korea.deal is not None and korea.deal.debt is not None
    assert korea.deal.debt.recycled == 1.0
    cash = load_scenario("korea-2011", overrides={"deal.debt.recycled": False})
    before = appraise(cash).summary.set_index("actor")["npv_musd"]
    after = appraise(korea).summary.set_index("actor")["npv_musd"]

    def annuity(rate: float) -> float:
        return 54.5 * ((1 + rate) ** -2 - (1 + rate) ** -22) / rate

    assert before["RU"] - after["RU"] == pytest.approx(annuity(0.08), rel=1e-9)
    assert after["KP"] - before["KP"] == pytest.approx(annuity(0.15), rel=1e-9)
    assert after["KR"] == pytest.approx(before["KR"], rel=1e-12)
