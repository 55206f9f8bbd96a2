"""The transit fee three ways: tariff benchmark, Nash bargaining, Shapley value.

All fees in USD m/yr.

- **Tariff benchmark**: tariff (USD per 1000 m3 per 100 km) x volume (bcm/yr) x the
  distance in the transit country / 100 km; for the deal's tariff and every
  ``transit_tariff`` benchmark of the scenario.
- **Zone of possible agreement** from the market model (:class:`~corridor.market.MarketModel`):
  the pipeline coalition P is the set of actors controlling the deal's route plus seller
  and buyer; with the transit country T it reaches ``v(P)``, without it ``v(P - T)`` (the
  bypass, LNG). The lowest fee T accepts covers its cost of hosting less what it gains in
  the market itself (its own offtake): ``max(0, reservation - s_T)``; the highest fee the
  others pay before switching to the bypass leaves them as well off as without T:
  ``v(P) - s_T - v(P - T)``. A second zone takes LNG alone as the others' fallback
  (the bypass links closed: a threat to build one that is not credible).
- **Nash bargaining** between T and the rest of P over that zone: the fee maximising
  ``(F - F_min) ** w (F_max - F) ** (1 - w)`` with T's bargaining power ``w``, i.e.
  ``F_min + w (F_max - F_min)`` (utility transferable one for one).
- **Shapley value** of T in the game of P, less its own market surplus: the fee that pays
  T its Shapley share.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from corridor.games.concepts import shapley
from corridor.games.values import coalition_values
from corridor.market import MarketModel
from corridor.scenario.deal_model import Deal
from corridor.scenario.lookup import deal_commodity, deal_of
from corridor.scenario.model import Scenario

__all__ = [
    "FeeZone",
    "bypass_links",
    "compare_fees",
    "empty_zone_reason",
    "fee_zone",
    "nash_fee",
    "pipeline_coalition",
    "shapley_fee",
    "zone_rows",
]


@dataclass(frozen=True, slots=True)
class FeeZone:
    """The zone of possible agreement on the transit fee (USD m/yr).

    ``v_with``/``v_without``: welfare of the pipeline coalition with and without the
    transit country (``disagreement``: what the others fall back on, "bypass" or "LNG
    only"); ``transit_surplus``: the transit country's own market surplus with
    the pipeline; ``min_fee``/``max_fee``: the ends of the zone (``max_fee < min_fee``:
    no agreement is possible); ``nash_fee``: the Nash bargaining fee.
    """

    transit: str
    partners: tuple[str, ...]
    disagreement: str
    v_with: float
    v_without: float
    transit_surplus: float
    reservation: float
    bargaining_power: float
    min_fee: float
    max_fee: float
    nash_fee: float

    @property
    def feasible(self) -> bool:
        """True when some fee leaves both sides at least as well off as without a deal."""
        return self.max_fee >= self.min_fee


def nash_fee(min_fee: float, max_fee: float, power: float = 0.5) -> float:
    """The asymmetric Nash bargaining fee over the zone ``[min_fee, max_fee]``.

    Maximises ``(F - min_fee) ** power * (max_fee - F) ** (1 - power)``: the transit
    country's gain over its disagreement point times the others'. With transferable
    utility the maximiser is ``min_fee + power * (max_fee - min_fee)``. NaN when the zone
    is empty. ``power`` in [0, 1].
    """
    if not 0.0 <= power <= 1.0:
        raise ValueError(f"bargaining power must lie in [0, 1], got {power}")
    if max_fee < min_fee:
        return math.nan
    return min_fee + power * (max_fee - min_fee)


def pipeline_coalition(scenario: Scenario, deal: Deal) -> tuple[str, ...]:
    """Actors of the pipeline coalition: controllers of the route, seller and buyer."""
    members = {deal.seller, deal.buyer, deal.transit}
    for link_id in deal.route:
        members |= scenario.link(link_id).control
    return tuple(a for a in scenario.actor_ids if a in members)


def bypass_links(scenario: Scenario, deal: Deal) -> tuple[str, ...]:
    """Links that bypass the deal's route: from its first node to its last, not on it."""
    if not deal.route:
        return ()
    start = scenario.link(deal.route[0]).source
    end = scenario.link(deal.route[-1]).target
    return tuple(
        link.id
        for link in scenario.links
        if link.source == start and link.target == end and link.id not in deal.route
    )


def fee_zone(
    scenario: Scenario, model: MarketModel | None = None, *, bypass: bool = True
) -> FeeZone:
    """The zone of possible agreement and the Nash fee, from the market model.

    The others' disagreement point is the best they reach without the transit country:
    with the bypass links (:func:`bypass_links`) open when ``bypass``, else with LNG and
    whatever else they control but no bypass (the threat to build one is not credible).
    """
    deal = deal_of(scenario)
    model = model or MarketModel(scenario)
    members = pipeline_coalition(scenario, deal)
    partners = tuple(a for a in members if a != deal.transit)
    commodity = deal_commodity(scenario, deal)
    # the deal's commodity only: the same actors may also trade others (containers by rail
    # through the transit country), which the pipeline fee does not pay for
    open_ = np.array([commodity is None or c == commodity for c in model.commodity_of])
    if not bypass:
        open_ &= ~np.isin(np.array(model.ref), bypass_links(scenario, deal))
    v_with = model.welfare_of_usable(model.usable(model.mask(members)) & open_)
    v_without = model.welfare_of_usable(model.usable(model.mask(partners)) & open_)
    surplus = model.own_surplus_musd_per_yr(model.solve_columns(members), deal.transit, commodity)
    fee = deal.transit_fee
    min_fee = max(0.0, fee.reservation_musd_per_yr - surplus)
    max_fee = v_with - surplus - v_without
    return FeeZone(
        transit=deal.transit,
        partners=partners,
        disagreement="bypass" if bypass else "LNG only",
        v_with=v_with,
        v_without=v_without,
        transit_surplus=surplus,
        reservation=fee.reservation_musd_per_yr,
        bargaining_power=fee.bargaining_power,
        min_fee=min_fee,
        max_fee=max_fee,
        nash_fee=nash_fee(min_fee, max_fee, fee.bargaining_power),
    )


def shapley_fee(
    scenario: Scenario, model: MarketModel | None = None, zone: FeeZone | None = None
) -> float:
    """The fee that pays the transit country its Shapley value in the pipeline game.

    Shapley value (USD m/yr, :func:`corridor.games.shapley`) of the game on the pipeline
    coalition and the deal's commodity, less the transit country's own market surplus.
    Actors outside the coalition count as present there (the games package's
    convention), as absent in :func:`fee_zone`; a difference only when a link needs
    them.
    """
    deal = deal_of(scenario)
    model = model or MarketModel(scenario)
    zone = zone or fee_zone(scenario, model)
    players = list(pipeline_coalition(scenario, deal))
    values = coalition_values(model, players, commodity=deal_commodity(scenario, deal))
    return float(shapley(values)[deal.transit]) - zone.transit_surplus


def empty_zone_reason(zone: FeeZone, transit: str) -> str:
    """Which threat point empties ``zone``, in words (for an empty zone only)."""
    return (
        f"empty: with the {zone.disagreement} as their threat point the others gain only "
        f"{zone.max_fee:,.1f} USD m/yr from {transit}'s route, below {transit}'s own threat "
        f"point, its reservation of {zone.min_fee:,.1f} (cost of hosting less its own "
        "surplus): no fee leaves both sides better off"
    )


def zone_rows(
    scenario: Scenario, zones: tuple[FeeZone, ...], stage: str = ""
) -> list[tuple[str, float, float, float, str]]:
    """Rows of :func:`compare_fees` for fee zones: the zone and its Nash fee, one pair each.

    ``stage`` (e.g. ``"ex-post"``) is added to the method names when given.
    """
    deal = deal_of(scenario)
    nan = math.nan
    rows: list[tuple[str, float, float, float, str]] = []
    for z in zones:
        fallback = ", ".join(bypass_links(scenario, deal)) if z.disagreement == "bypass" else ""
        label = f"{z.disagreement}{': ' + fallback if fallback else ''}"
        empty = "" if z.feasible else "; " + empty_zone_reason(z, deal.transit)
        tag = f"{z.disagreement}, {stage}" if stage else z.disagreement
        rows.append((f"zone of possible agreement ({tag})", nan, z.min_fee, z.max_fee,
                     f"others fall back on {label}: v(P)={z.v_with:,.1f}, "
                     f"v(P-{z.transit})={z.v_without:,.1f}, {z.transit}'s own surplus "
                     f"{z.transit_surplus:,.1f}{empty}"))  # fmt: skip
        rows.append((f"(b) Nash bargaining ({tag})", z.nash_fee, nan, nan,
                     f"bargaining power of {z.transit}: {z.bargaining_power:.0%}"))  # fmt: skip
    return rows


def compare_fees(scenario: Scenario, model: MarketModel | None = None) -> pd.DataFrame:
    """The transit fee three ways beside the published figures, one row each.

    Columns: ``method``, ``fee_musd_per_yr``, ``low``, ``high`` (a range where there is
    one), ``note``. Rows: tariff benchmarks (deal tariff and scenario tariff benchmarks),
    the zone of possible agreement, the Nash fee, the Shapley fee, the deal's own fee, and
    the published ``transit_fee`` benchmarks.
    """
    deal = deal_of(scenario)
    model = model or MarketModel(scenario)
    fee = deal.transit_fee
    volume = deal.volume_bcm_per_yr
    nan = math.nan
    rows: list[tuple[str, float, float, float, str]] = []
    if fee.tariff is not None and fee.length_km is not None:
        rows.append(("(a) tariff: deal", fee.tariff_fee(volume), nan, nan,
                     f"{fee.tariff:g} USD/1000m3/100km x {volume:g} bcm/yr x "
                     f"{fee.length_km:g} km"))  # fmt: skip
    for bench in scenario.benchmarks:
        if bench.kind != "transit_tariff" or fee.length_km is None:
            continue
        low = fee.tariff_fee(volume, bench.low) if bench.low is not None else nan
        high = fee.tariff_fee(volume, bench.high) if bench.high is not None else nan
        rows.append((f"(a) tariff: {bench.id}", fee.tariff_fee(volume, bench.value), low, high,
                     f"{bench.value:g} USD/1000m3/100km ({bench.provenance})"))  # fmt: skip
    zone = fee_zone(scenario, model)
    rows += zone_rows(scenario, (zone, fee_zone(scenario, model, bypass=False)))
    rows.append(("(c) Shapley value", shapley_fee(scenario, model, zone), nan, nan,
                 "Shapley value in the pipeline game less own market surplus"))  # fmt: skip
    if fee.kind == "fixed" and fee.fixed_musd_per_yr is not None:
        rows.append(("deal: fixed fee", fee.fixed_musd_per_yr, nan, nan, "the deal's terms"))
    for bench in scenario.benchmarks:
        if bench.kind == "transit_fee":
            low = nan if bench.low is None else bench.low
            high = nan if bench.high is None else bench.high
            rows.append((f"published: {bench.id}", bench.value, low, high, str(bench.provenance)))
    return pd.DataFrame(rows, columns=["method", "fee_musd_per_yr", "low", "high", "note"])
