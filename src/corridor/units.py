"""Units: the one place where money, energy, volume and time conversions live.

Internal unit system (what every module downstream of scenario loading sees):

=================  =====================================  ==============================
dimension          internal unit                          note
=================  =====================================  ==============================
gas_rate           bcm/yr (10^9 m3 per year)
box_rate           kTEU/yr (thousand TEU per year)        containers
gas_price          USD per 1000 m3 (= USD m per bcm)      bcm/yr x USD/1000m3 = USD m/yr
oil_price          USD per barrel                         indices of oil-indexed contracts
box_price          USD per TEU / 1000 (= USD m per kTEU)  kTEU/yr x USD m/kTEU = USD m/yr
box_time_value     USD m per kTEU per day                 value of time of containers
money              USD m (million US dollars)
money_rate         USD m/yr
gas_tariff         USD per 1000 m3 per 100 km             transit tariffs
length             km
duration           yr
days               d                                      transit times
fraction           1 (dimensionless)                      "%" is divided by 100
rate               1/yr                                   discount rates
mass               t                                      ship sizes and the like
pressure           bar (absolute)                         pipeline design
power_cost         USD m per MW                           compressor stations
mass_price         USD per t                              line pipe, concrete
temperature        K                                      "degC" adds 273.15
=================  =====================================  ==============================

The choice makes welfare come out in USD m/yr for every commodity without conversion:
quantity x price is always (internal quantity) x (USD m per internal quantity).

Energy conversions follow BP's approximate conversion factors as quoted in the issue
tracker (BP Statistical Review of World Energy): 1 bcm of natural gas = 34.1 million
MMBtu = 0.735 Mt of LNG. One FEU is two TEU.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Final

MMBTU_PER_BCM: Final = 34.1e6
"""Million British thermal units in one bcm of gas (BP approximate conversion factors)."""
MT_LNG_PER_BCM: Final = 0.735
"""Million tonnes of LNG in one bcm of gas (BP approximate conversion factors)."""
MMBTU_PER_1000M3: Final = MMBTU_PER_BCM / 1e6
"""34.1 MMBtu in 1000 m3 of gas."""
TEU_PER_FEU: Final = 2.0
DAYS_PER_YEAR: Final = 365.0
HOURS_PER_DAY: Final = 24.0
KM_PER_NAUTICAL_MILE: Final = 1.852
"""One knot is one nautical mile per hour."""

GAS_RATE: Final = "gas_rate"
BOX_RATE: Final = "box_rate"
GAS_PRICE: Final = "gas_price"
OIL_PRICE: Final = "oil_price"
BOX_PRICE: Final = "box_price"
BOX_TIME_VALUE: Final = "box_time_value"
MONEY: Final = "money"
MONEY_RATE: Final = "money_rate"
GAS_TARIFF: Final = "gas_tariff"
LENGTH: Final = "length"
DURATION: Final = "duration"
DAYS: Final = "days"
FRACTION: Final = "fraction"
RATE: Final = "rate"
MASS: Final = "mass"
SPEED: Final = "speed"
PRESSURE: Final = "pressure"
POWER_COST: Final = "power_cost"
MASS_PRICE: Final = "mass_price"
TEMPERATURE: Final = "temperature"

# unit spelling -> (dimension, factor to the internal unit)
UNITS: Final[dict[str, tuple[str, float]]] = {
    # gas volumes per year
    "bcm/yr": (GAS_RATE, 1.0),
    "mcm/d": (GAS_RATE, DAYS_PER_YEAR / 1000.0),  # million m3 per day
    "MtLNG/yr": (GAS_RATE, 1.0 / MT_LNG_PER_BCM),
    "MMBtu/yr": (GAS_RATE, 1.0 / MMBTU_PER_BCM),
    # containers per year
    "TEU/yr": (BOX_RATE, 1e-3),
    "kTEU/yr": (BOX_RATE, 1.0),
    "FEU/yr": (BOX_RATE, TEU_PER_FEU * 1e-3),
    # gas prices and costs
    "USD/1000m3": (GAS_PRICE, 1.0),
    "USD/MMBtu": (GAS_PRICE, MMBTU_PER_1000M3),
    "USD/t LNG": (GAS_PRICE, MT_LNG_PER_BCM),  # 1000 m3 of gas is 0.735 t of LNG
    # oil prices (the index of oil-indexed gas contracts)
    "USD/bbl": (OIL_PRICE, 1.0),
    # container prices and costs
    "USD/TEU": (BOX_PRICE, 1e-3),
    "USD/FEU": (BOX_PRICE, 1e-3 / TEU_PER_FEU),
    "USD m/kTEU": (BOX_PRICE, 1.0),
    # value of time of containers (shippers' cost of a day in transit)
    "USD/TEU/d": (BOX_TIME_VALUE, 1e-3),
    "USD/FEU/d": (BOX_TIME_VALUE, 1e-3 / TEU_PER_FEU),
    # money
    "USD": (MONEY, 1e-6),
    "USD k": (MONEY, 1e-3),
    "USD m": (MONEY, 1.0),
    "USD bn": (MONEY, 1e3),
    "USD/yr": (MONEY_RATE, 1e-6),
    "USD m/yr": (MONEY_RATE, 1.0),
    "USD bn/yr": (MONEY_RATE, 1e3),
    # transit tariffs
    "USD/1000m3/100km": (GAS_TARIFF, 1.0),
    # length, time, speed, mass
    "km": (LENGTH, 1.0),
    "m": (LENGTH, 1e-3),
    "mm": (LENGTH, 1e-6),
    "yr": (DURATION, 1.0),
    "d": (DAYS, 1.0),
    "h": (DAYS, 1.0 / HOURS_PER_DAY),
    "km/h": (SPEED, 1.0),
    "kn": (SPEED, KM_PER_NAUTICAL_MILE),
    "t": (MASS, 1.0),
    "kt": (MASS, 1e3),
    "Mt": (MASS, 1e6),
    # pressure (absolute)
    "bar": (PRESSURE, 1.0),
    "MPa": (PRESSURE, 10.0),
    "psi": (PRESSURE, 0.0689475729),
    # cost of installed power (compressor stations)
    "USD m/MW": (POWER_COST, 1.0),
    "USD/kW": (POWER_COST, 1e-3),
    # prices per tonne (line pipe, concrete)
    "USD/t": (MASS_PRICE, 1.0),
    # temperature: degC is the one unit with an offset (OFFSETS)
    "K": (TEMPERATURE, 1.0),
    "degC": (TEMPERATURE, 1.0),
    # dimensionless and rates
    "1": (FRACTION, 1.0),
    "%": (FRACTION, 0.01),
    "1/yr": (RATE, 1.0),
    "%/yr": (RATE, 0.01),
}

INTERNAL_UNIT: Final[dict[str, str]] = {
    GAS_RATE: "bcm/yr",
    BOX_RATE: "kTEU/yr",
    GAS_PRICE: "USD/1000m3",
    OIL_PRICE: "USD/bbl",
    BOX_PRICE: "USD m/kTEU",
    BOX_TIME_VALUE: "USD m/kTEU/d",
    MONEY: "USD m",
    MONEY_RATE: "USD m/yr",
    GAS_TARIFF: "USD/1000m3/100km",
    LENGTH: "km",
    DURATION: "yr",
    DAYS: "d",
    FRACTION: "1",
    RATE: "1/yr",
    MASS: "t",
    SPEED: "km/h",
    PRESSURE: "bar",
    POWER_COST: "USD m/MW",
    MASS_PRICE: "USD/t",
    TEMPERATURE: "K",
}

OFFSETS: Final[dict[str, float]] = {"degC": 273.15}
"""Units whose zero is not the internal unit's: internal = value x factor + offset."""


class UnitError(ValueError):
    """A unit is missing, unknown or of the wrong dimension."""


@dataclass(frozen=True, slots=True)
class Measure:
    """A number with its unit as written in a scenario file."""

    value: float
    unit: str


_MEASURE = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")


def parse_measure(text: str) -> Measure:
    """Parse ``"12 bcm/yr"`` or ``"2.5 USD bn"`` into a :class:`Measure`.

    Raises :class:`UnitError` when the text has no number or no unit.
    """
    match = _MEASURE.match(text.replace("_", ""))
    if match is None:
        raise UnitError(f"expected '<number> <unit>', got {text!r}")
    number, unit = match.groups()
    if not unit:
        raise UnitError(f"missing unit in {text!r}")
    return Measure(float(number), unit)


def dimension_of(unit: str) -> str:
    """Return the dimension of a unit spelling; raise :class:`UnitError` if unknown."""
    try:
        return UNITS[unit][0]
    except KeyError:
        raise UnitError(f"unknown unit {unit!r}") from None


def to_internal(value: float, unit: str, dimension: str | None = None) -> float:
    """Convert ``value`` in ``unit`` to the internal unit of its dimension.

    With ``dimension`` given, a unit of any other dimension is an error.
    """
    dim = dimension_of(unit)
    if dimension is not None and dim != dimension:
        expected = ", ".join(sorted(u for u, (d, _) in UNITS.items() if d == dimension))
        raise UnitError(f"unit {unit!r} is a {dim}, expected a {dimension} ({expected})")
    return value * UNITS[unit][1] + OFFSETS.get(unit, 0.0)


def from_internal(value: float, unit: str) -> float:
    """Convert an internal value to ``unit`` (the inverse of :func:`to_internal`)."""
    if unit not in UNITS:
        return _unknown(unit)
    return (value - OFFSETS.get(unit, 0.0)) / UNITS[unit][1]


def _unknown(unit: str) -> float:
    raise UnitError(f"unknown unit {unit!r}")


def gas_price_per_mmbtu(usd_per_1000m3: float) -> float:
    """Convert a gas price from USD/1000 m3 to USD/MMBtu."""
    return usd_per_1000m3 / MMBTU_PER_1000M3


def oil_linked_gas_price(slope: float, usd_per_bbl: float | Any) -> Any:
    """Gas price in USD/1000 m3 of ``slope`` x an oil price in USD/bbl.

    Oil-indexed gas contracts quote ``slope`` (0.1485 = 14.85 %) as USD/MMBtu of gas per
    USD/bbl of oil, so the product is in USD/MMBtu; works on numbers and numpy arrays.
    """
    return slope * usd_per_bbl * MMBTU_PER_1000M3


def annuity_factor(rate: float, years: float) -> float:
    """Capital recovery factor: the constant annual payment per unit of capex.

    ``rate`` per year (0.08 for 8 %), ``years`` of life; rate 0 gives 1/years.
    """
    if years <= 0:
        raise ValueError("life must be positive")
    if rate == 0:
        return 1.0 / years
    return rate / (1.0 - (1.0 + rate) ** -years)


def is_finite_number(value: object) -> bool:
    """True for an int or float that is neither NaN nor infinite (bools excluded)."""
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


__all__ = [
    "BOX_PRICE",
    "BOX_RATE",
    "BOX_TIME_VALUE",
    "DAYS",
    "DAYS_PER_YEAR",
    "DURATION",
    "FRACTION",
    "GAS_PRICE",
    "GAS_RATE",
    "GAS_TARIFF",
    "HOURS_PER_DAY",
    "INTERNAL_UNIT",
    "KM_PER_NAUTICAL_MILE",
    "LENGTH",
    "MASS",
    "MASS_PRICE",
    "MMBTU_PER_1000M3",
    "MMBTU_PER_BCM",
    "MONEY",
    "MONEY_RATE",
    "MT_LNG_PER_BCM",
    "OFFSETS",
    "OIL_PRICE",
    "POWER_COST",
    "PRESSURE",
    "RATE",
    "SPEED",
    "TEMPERATURE",
    "TEU_PER_FEU",
    "UNITS",
    "Measure",
    "UnitError",
    "annuity_factor",
    "dimension_of",
    "from_internal",
    "gas_price_per_mmbtu",
    "is_finite_number",
    "oil_linked_gas_price",
    "parse_measure",
    "to_internal",
]
