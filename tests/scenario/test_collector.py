"""The collector's range check: numbers the models handle, after unit conversion."""

from __future__ import annotations

import pytest

from corridor import units
from corridor.scenario import loads
from corridor.scenario.collector import RANGES
from tests.scenario.test_load import VALID, line_of, problems


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # 1e20 USD/MMBtu is 3.41e21 USD/1000m3: finite as written, far above HiGHS's 1e20
        ('cost = "2 USD/MMBtu"', 'cost = "1e20 USD/MMBtu"',
         "supplies.rfe.blocks[1].cost: 1e+20 USD/MMBtu is above the largest gas_price the "
         "models handle (1e+06 USD/1000m3)"),
        ('value = 400, unit = "USD/1000m3"', 'value = 1e300, unit = "USD/1000m3"',
         "demands.kr.blocks[1].willingness_to_pay: 1e+300 USD/1000m3 is above the largest"),
        ('"10 bcm/yr"', '"1e21 bcm/yr"',
         "demands.kr.blocks[1].quantity: 1e+21 bcm/yr is above the largest gas_rate"),
        # 1e-320 is a subnormal: a capex annuity spread over it overflows
        ('value = 12, unit = "bcm/yr"', 'value = 1e-320, unit = "bcm/yr"',
         "links.pipe.capacity: 9.99989e-321 bcm/yr is below the smallest non-zero gas_rate"),
        ('status = "planned"', 'status = "planned"\nlifetime = "1e-300 yr"',
         "links.pipe.lifetime: 1e-300 yr is below the smallest non-zero duration the models "
         "handle (0.001 yr)"),
        ("low = 2.2, high = 6", "low = 2.2, high = 6e30",
         "links.pipe.capex.high: 6e+30 USD bn is above the largest money"),
        ('"6 bcm/yr"', '"1e999 bcm/yr"', "supplies.rfe.blocks[1].capacity: value must be a finite"),
    ],
)  # fmt: skip
def test_numbers_outside_the_models_range_are_located(old: str, new: str, expected: str) -> None:
    assert old in VALID
    text = VALID.replace(old, new, 1)
    found = problems(text)
    line = line_of(text, new.splitlines()[-1])
    assert any(p.startswith(f"mini.toml:{line}: {expected}") for p in found), found


def test_zero_stays_allowed_where_it_means_none() -> None:
    text = VALID.replace('"6 bcm/yr"', '"0 bcm/yr"').replace('"2 USD/MMBtu"', '"0 USD/MMBtu"')
    block = loads(text).supplies[0].blocks[0]
    assert (block.quantity, block.price) == (0.0, 0.0)


def test_a_pressure_must_be_at_least_one_bar() -> None:
    from corridor.scenario.collector import Collector
    from corridor.scenario.schema import MeasureFile

    out = Collector("f.toml", "", {})
    for written in (0.0, 1e-320, 0.5):
        measure = MeasureFile(value=written, unit="bar", assumption="test")
        assert out.measure(("p",), measure, units.PRESSURE, None) is None
    assert [p.message for p in out.problems] == [
        "0 bar is below the smallest pressure the models handle (1 bar)",
        "9.99989e-321 bar is below the smallest pressure the models handle (1 bar)",
        "0.5 bar is below the smallest pressure the models handle (1 bar)",
    ]


def test_every_dimension_has_a_range_below_highs_infinity() -> None:
    dimensions = {dimension for dimension, _ in units.UNITS.values()}
    assert dimensions <= set(RANGES)
    for limits in RANGES.values():
        assert 0 <= limits.smallest < limits.largest
        # quantity x price of two largest numbers still far below HiGHS's infinity, 1e20
        assert limits.largest <= 1e9
