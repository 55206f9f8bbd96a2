"""LNG chain cost: liquefaction, shipping by distance and ship size, regasification.

Costs are levelised per unit of gas delivered, in USD/MMBtu and USD per 1000 m3 (BP
factors: 1 bcm = 34.1 million MMBtu = 0.735 Mt LNG, from :mod:`corridor.units`). Capital
is annualised with the same annuity factor as pipelines, so the two compare like for like;
:func:`break_even_distance_km` finds the distance beyond which LNG is cheaper than a
pipeline for a given volume.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Final

from corridor.engineering.cost import DEFAULT_COST_BASIS, CostBasis, least_cost_pipeline
from corridor.engineering.costing import FinanceBasis, UnitCost, quantity_table, unit_cost_rows
from corridor.engineering.hydraulics import DesignBasis, DesignInfeasible, Segment
from corridor.units import (
    HOURS_PER_DAY,
    MMBTU_PER_1000M3,
    MMBTU_PER_BCM,
    MT_LNG_PER_BCM,
    annuity_factor,
    to_internal,
)

if TYPE_CHECKING:
    import pandas as pd


LNG_DENSITY_T_PER_M3: Final = 0.45
"""Density of LNG, t/m3 (typical 0.43–0.47)."""

LNG_UNIT_COSTS: Final[dict[str, UnitCost]] = {
    "liquefaction": UnitCost(
        1000.0,
        500.0,
        2500.0,
        "USD per t/yr of capacity",
        "Songhurst (2014), LNG Plant Cost Escalation, OIES NG 83: plants of 2000–2008 cost "
        "US$ 400–1,000 per t/yr, those of 2009–2016 US$ 1,000–2,500 per t/yr",
    ),
    "liquefaction_own_use": UnitCost(
        0.09,
        0.07,
        0.12,
        "fraction of feed gas",
        "IGU World LNG Report (2012): fuel and losses of liquefaction 8–12 % of feed gas",
    ),
    "ship": UnitCost(
        200.0,
        180.0,
        250.0,
        "USD m per 160,000 m3 carrier",
        "IGU World LNG Report (2012): new-build 155–175,000 m3 carriers about US$ 200 m",
    ),
    "ship_opex": UnitCost(
        20.0,
        15.0,
        30.0,
        "USD m/yr per carrier",
        "crew, insurance, maintenance and port charges, about US$ 50–80 k/day (Jensen 2004, "
        "The Development of a Global LNG Market, OIES)",
    ),
    "boil_off": UnitCost(
        0.0012,
        0.0008,
        0.0015,
        "fraction of cargo per sailing day",
        "IGU World LNG Report (2012): boil-off 0.10–0.15 %/day on steam-turbine carriers",
    ),
    "regasification": UnitCost(
        300.0,
        150.0,
        500.0,
        "USD per t/yr of capacity",
        "Songhurst (2014) and IGU (2012): onshore terminals US$ 150–500 per t/yr",
    ),
    "regas_own_use": UnitCost(
        0.015,
        0.01,
        0.025,
        "fraction of gas",
        "IGU World LNG Report (2012): regasification uses 1–2.5 % of throughput",
    ),
    "plant_opex": UnitCost(
        0.035,
        0.025,
        0.05,
        "fraction of capex per year",
        "Jensen (2004), OIES: O&M of liquefaction and regas plants 2.5–5 % of capex per year",
    ),
}


@dataclass(frozen=True, slots=True)
class LngBasis(FinanceBasis):
    """Unit costs, ship and finance for an LNG chain.

    Capacity costs in USD per t/yr, ship capex USD m, ship opex USD m/yr, ``ship_m3`` the
    carrier capacity in m3, ``speed_knots`` service speed, ``port_days`` per round trip,
    ``ship_days_per_yr`` in service; the finance (:class:`FinanceBasis`:
    ``gas_price_usd_per_1000m3`` prices the gas used on the way).
    """

    liquefaction_usd_per_tpa: float = LNG_UNIT_COSTS["liquefaction"].value
    liquefaction_own_use: float = LNG_UNIT_COSTS["liquefaction_own_use"].value
    ship_musd: float = LNG_UNIT_COSTS["ship"].value
    ship_opex_musd_per_yr: float = LNG_UNIT_COSTS["ship_opex"].value
    ship_m3: float = 160_000.0
    speed_knots: float = 19.0
    port_days: float = 2.0
    ship_days_per_yr: float = 350.0
    boil_off_per_day: float = LNG_UNIT_COSTS["boil_off"].value
    regas_usd_per_tpa: float = LNG_UNIT_COSTS["regasification"].value
    regas_own_use: float = LNG_UNIT_COSTS["regas_own_use"].value
    plant_opex_fraction: float = LNG_UNIT_COSTS["plant_opex"].value


@dataclass(frozen=True, slots=True)
class LngChainCost:
    """Levelised cost of each link of the chain, USD/MMBtu delivered, and the fleet.

    ``capex_musd`` is the investment in plants and ships; ``opex_musd_per_yr`` their
    operating cost (without gas used on the way); ``loss_fraction`` the share of feed gas
    used or boiled off between the plant inlet and the send-out; ``ships`` the fleet size
    (fractional, as a share of a larger fleet); ``round_trip_days`` per voyage.
    """

    volume_bcm_per_yr: float
    distance_km: float
    liquefaction_usd_per_mmbtu: float
    shipping_usd_per_mmbtu: float
    regasification_usd_per_mmbtu: float
    ships: float
    round_trip_days: float
    capex_musd: float
    opex_musd_per_yr: float
    loss_fraction: float

    @property
    def usd_per_mmbtu(self) -> float:
        """Whole-chain cost, USD/MMBtu delivered."""
        return (
            self.liquefaction_usd_per_mmbtu
            + self.shipping_usd_per_mmbtu
            + self.regasification_usd_per_mmbtu
        )

    @property
    def usd_per_1000m3(self) -> float:
        """Whole-chain cost, USD per 1000 m3 delivered."""
        return self.usd_per_mmbtu * MMBTU_PER_1000M3


def lng_chain_cost(
    volume_bcm_per_yr: float, distance_km: float, basis: LngBasis = LngBasis()
) -> LngChainCost:
    """Levelised LNG chain cost for ``volume_bcm_per_yr`` delivered over ``distance_km`` by sea.

    Plants are sized for the delivered volume grossed up by own use; the fleet for the
    round trip (2 × distance at service speed plus port days); boil-off and own use are
    priced at the gas price. Raises ``DesignInfeasible`` for non-positive inputs.
    """
    if volume_bcm_per_yr <= 0 or distance_km <= 0:
        raise DesignInfeasible("LNG volume and distance must be positive")
    crf = annuity_factor(basis.discount_rate, basis.life_yr)
    mmbtu = volume_bcm_per_yr * MMBTU_PER_BCM  # MMBtu/yr delivered
    t_per_bcm = MT_LNG_PER_BCM * 1e6
    sea_days = 2.0 * distance_km / (to_internal(basis.speed_knots, "kn") * HOURS_PER_DAY)
    round_trip = sea_days + basis.port_days
    boil_off = basis.boil_off_per_day * sea_days / 2.0  # laden leg only, fraction of cargo
    shipped_t = volume_bcm_per_yr * t_per_bcm / ((1.0 - boil_off) * (1.0 - basis.regas_own_use))
    liquefied_t = shipped_t
    feed_bcm = liquefied_t / t_per_bcm / (1.0 - basis.liquefaction_own_use)

    liq_capex = liquefied_t * basis.liquefaction_usd_per_tpa / 1e6
    liq_gas = (feed_bcm - liquefied_t / t_per_bcm) * basis.gas_price_usd_per_1000m3
    liq = liq_capex * (crf + basis.plant_opex_fraction) + liq_gas

    cargo_t = basis.ship_m3 * 0.98 * LNG_DENSITY_T_PER_M3
    voyages_per_ship = basis.ship_days_per_yr / round_trip
    ships = shipped_t / (cargo_t * voyages_per_ship)
    ship_capex = ships * basis.ship_musd
    lost_bcm = shipped_t * boil_off / t_per_bcm
    ship = ship_capex * crf + ships * basis.ship_opex_musd_per_yr
    ship += lost_bcm * basis.gas_price_usd_per_1000m3

    regas_t = shipped_t * (1.0 - boil_off)
    regas_capex = regas_t * basis.regas_usd_per_tpa / 1e6
    regas_gas = regas_t / t_per_bcm * basis.regas_own_use * basis.gas_price_usd_per_1000m3
    regas = regas_capex * (crf + basis.plant_opex_fraction) + regas_gas

    return LngChainCost(
        volume_bcm_per_yr=volume_bcm_per_yr,
        distance_km=distance_km,
        liquefaction_usd_per_mmbtu=liq * 1e6 / mmbtu,
        shipping_usd_per_mmbtu=ship * 1e6 / mmbtu,
        regasification_usd_per_mmbtu=regas * 1e6 / mmbtu,
        ships=ships,
        round_trip_days=round_trip,
        capex_musd=liq_capex + ship_capex + regas_capex,
        opex_musd_per_yr=(liq_capex + regas_capex) * basis.plant_opex_fraction
        + ships * basis.ship_opex_musd_per_yr,
        loss_fraction=1.0 - volume_bcm_per_yr / feed_bcm,
    )


BREAK_EVEN_BASIS: Final = DesignBasis(step_km=20.0)
"""Design basis of break-even searches (coarser steps: many long lines are sized)."""


def break_even_distance_km(
    volume_bcm_per_yr: float,
    *,
    offshore: bool = False,
    lng: LngBasis = LngBasis(),
    basis: DesignBasis = BREAK_EVEN_BASIS,
    costs: CostBasis = DEFAULT_COST_BASIS,
    low_km: float = 200.0,
    high_km: float = 15_000.0,
) -> float:
    """Distance (km) beyond which LNG is cheaper than the least-cost pipeline for a volume.

    The pipeline runs the same distance on land (or subsea, ``offshore=True``, where no
    intermediate stations are possible, so very long subsea lines become infeasible and
    count as infinitely expensive). Returns ``math.inf`` if the pipeline wins over the
    whole bracket and ``low_km`` if LNG already wins there.
    """
    if offshore and basis.offshore_maop_bar is None:
        basis = replace(basis, offshore_maop_bar=220.0)

    def gap(km: float) -> float:
        try:
            pipe = least_cost_pipeline(
                (Segment(km, offshore=offshore),), volume_bcm_per_yr, basis=basis, costs=costs
            ).cost.usd_per_mmbtu
        except DesignInfeasible:
            pipe = math.inf
        return pipe - lng_chain_cost(volume_bcm_per_yr, km, lng).usd_per_mmbtu

    lo, hi = low_km, high_km
    if gap(lo) >= 0:
        return lo
    if gap(hi) < 0:
        return math.inf
    while hi - lo > 25.0:
        mid = 0.5 * (lo + hi)
        if gap(mid) < 0:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def lng_table(chain: LngChainCost) -> pd.DataFrame:
    """The chain's costs as a (quantity, value, unit) table."""
    rows = [
        ("volume delivered", chain.volume_bcm_per_yr, "bcm/yr"),
        ("volume delivered", chain.volume_bcm_per_yr * MT_LNG_PER_BCM, "Mt LNG/yr"),
        ("shipping distance", chain.distance_km, "km"),
        ("round trip", chain.round_trip_days, "d"),
        ("carriers", chain.ships, "1"),
        ("carriers (whole ships)", math.ceil(chain.ships - 1e-9), "1"),
        ("capex", chain.capex_musd, "USD m"),
        ("liquefaction", chain.liquefaction_usd_per_mmbtu, "USD/MMBtu"),
        ("shipping", chain.shipping_usd_per_mmbtu, "USD/MMBtu"),
        ("regasification", chain.regasification_usd_per_mmbtu, "USD/MMBtu"),
        ("chain total", chain.usd_per_mmbtu, "USD/MMBtu"),
        ("chain total", chain.usd_per_1000m3, "USD/1000m3"),
    ]
    return quantity_table(rows)


def lng_unit_cost_table() -> pd.DataFrame:
    """The LNG unit costs with ranges and sources."""
    import pandas as pd

    return pd.DataFrame(unit_cost_rows(LNG_UNIT_COSTS))


__all__ = [
    "BREAK_EVEN_BASIS",
    "LNG_DENSITY_T_PER_M3",
    "LNG_UNIT_COSTS",
    "LngBasis",
    "LngChainCost",
    "break_even_distance_km",
    "lng_chain_cost",
    "lng_table",
    "lng_unit_cost_table",
]
