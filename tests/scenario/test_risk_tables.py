"""The termination, instrument and debt-recycling tables: bad fields name themselves."""

from __future__ import annotations

import re

import pytest

from corridor.errors import InputError
from corridor.scenario import loads
from tests.finance.cases import RISK, SMALL_DEAL
from tests.risk.test_hazard import TERMINATION
from tests.risk.test_instruments import INSTRUMENTS

GOOD = SMALL_DEAL + RISK + TERMINATION + INSTRUMENTS


def test_the_tables_load() -> None:
    risk = loads(GOOD, file="good.toml").risk
    assert risk is not None and risk.termination is not None
    assert risk.termination.probability == pytest.approx(0.2)
    assert risk.termination.salvage == pytest.approx(0.25)
    assert risk.delivery is not None and risk.delivery.events == ("cut", "termination")
    assert risk.escrow is not None and (risk.escrow.beneficiary, risk.escrow.lag_yr) == ("B", 1)
    assert risk.insurance is not None and risk.insurance.rate == pytest.approx(0.02)


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('probability = "20 %"\nreference_class', 'probability = "100 %"\nreference_class',
         "risk.termination.probability"),
        ('reference_class = "test"\n', "", "risk.termination.reference_class"),
        ('salvage = "25 %"', 'salvage = "125 %"', "risk.termination.salvage"),
        ('actor = "T"\nprobability = "20 %"\nreference', 'actor = "X"\nprobability = "20 %"\n'
         "reference", "risk.termination.actor"),
        ('point = "border"', 'point = "middle"', "risk.delivery.point"),
        ('events = ["cut", "termination"]\nassumption', 'events = ["war"]\nassumption',
         "risk.delivery.events"),
        ('lag = "1 yr"', 'lag = "1.5 yr"', "risk.escrow.lag"),
        ('rate = "2 %/yr"', 'rate = "2 %/yr"\npremium = "1 USD m/yr"', "risk.insurance"),
        ('insured = "S"', 'insured = "Q"', "risk.insurance.insured"),
        ('cover = "90 %"', 'cover = "190 %"', "risk.insurance.cover"),
        ("first_year = { value = 2019 }\n",
         'first_year = { value = 2019 }\nrecycled = "40 %"\n', "deal.debt.projects"),
        ("first_year = { value = 2019 }\n",
         'first_year = { value = 2019 }\nrecycled = "140 %"\nprojects = "x"\n',
         "deal.debt.recycled"),
        ("first_year = { value = 2019 }\n", "first_year = { value = 2019 }\nrecycled = 1\n",
         "deal.debt.recycled"),
    ],
)  # fmt: skip
def test_a_bad_field_is_an_input_error_naming_it(old: str, new: str, field: str) -> None:
    assert GOOD.count(old) == 1
    with pytest.raises(InputError) as info:
        loads(GOOD.replace(old, new), file="bad.toml")
    assert re.search(rf": {re.escape(field)}(\[\d+\])?: ", str(info.value)), str(info.value)


def test_a_termination_probability_over_100_percent_is_one_problem() -> None:
    bad = GOOD.replace('probability = "20 %"\nreference_class', 'probability = "150 %"\n'
                       "reference_class")  # fmt: skip
    with pytest.raises(InputError) as info:
        loads(bad, file="bad.toml")
    assert str(info.value).count("risk.termination.probability") == 1, str(info.value)
