"""Hold-up on a built route: what a transit country can ask once the line is sunk.

All fees in USD m/yr, unit costs in USD/1000 m3, flows in bcm/yr. P is the deal's
pipeline coalition (:func:`~corridor.games.fee.pipeline_coalition`), T its transit
country; each zone is a :class:`~corridor.games.fee.FeeZone` (computed by the market LP).

- **Hold-up fee** ``H``: the largest fee the others pay, after the build, before they
  build the bypass: the max fee of the ex-post zone, ``v(P) - s_T - v(P - T)`` with the
  bypass as the others' fallback (:mod:`corridor.games.stages` for ex-post). By hand it is
  ``(c_bypass - c_route) x q``: the bypass's full unit cost (operating cost plus capex
  annuity: it is still to be built) less the sunk route's operating unit cost, times the
  flow. The two differ when the bypass carries another flow than the route, when T's
  own market surplus ``s_T`` is netted out, or when other flows shift too.
- **Nash fee** ``F_min + w (F_max - F_min)`` (:func:`~corridor.games.fee.nash_fee`) with
  the threat points of both sides: ``F_min`` the transit country's reservation (hosting
  cost less its own surplus), ``F_max`` the others' (the zone's max fee); ex-ante (the
  route still to be built: ``F_max`` is the route's saving over the bypass with both
  capexes counted) and ex-post (``F_max = H``).
- **Self-enforcing band** for the repeated game. Each year T may keep to a fee F or hold
  up the flow. Holding up, it gets the short-run fee ``H_s`` (the max fee of the ex-post
  zone with *no* bypass: what the others pay while there is none, LNG being their only
  fallback) for the ``b`` years the bypass takes to build, and after that nothing (the
  route is idle, T hosts nothing). With ``δ = 1/(1 + r)`` (``r`` the scenario's discount
  rate) and payoffs counted over T's disagreement point ``F_min``, keeping to F forever
  is worth at least holding up iff

      (F - F_min) / (1 - δ) >= (H_s - F_min) (1 - δ^b) / (1 - δ)
      <=>  F >= H_s (1 - δ^b) + F_min δ^b,

  i.e. ``F >= H_s (1 - δ^b)`` when hosting costs T nothing. The others keep paying F
  rather than build the bypass iff ``F <= H`` (they would pay F while it is built, then
  save ``H - F`` a year). Band: ``[H_s (1 - δ^b) + F_min δ^b, H]``; when it is empty no
  fee is self-enforcing, and the others need guarantees (or T a stake it would lose).

This is the one-shot-deviation condition of an infinitely repeated game with the
bypass as the punishment that ends the relationship. Hubert and Suleymanova (2008)
study dynamic cooperation in the Eurasian pipeline network in the same spirit: repeated
interaction can check hold-up only when the future outweighs the gain from deviating;
the formula above is ours, for this two-sided setting, not copied from their model.

References: Hubert, F. and Ikonnikova, S. (2011), J. Industrial Economics 59(1), 85-116
(hold-up power in the existing network against investment options); Hubert, F. and
Suleymanova, I. (2008), "Strategic investment in international gas-transport systems: a
dynamic analysis of the hold-up problem", DIW Discussion Paper 846.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from corridor.errors import InputError
from corridor.games.fee import (
    FeeZone,
    bypass_links,
    compare_fees,
    fee_zone,
    nash_fee,
    pipeline_coalition,
    zone_rows,
)
from corridor.games.stages import built_links, ex_post
from corridor.market import MarketModel
from corridor.scenario.lookup import deal_commodity
from corridor.scenario.model import Scenario

__all__ = ["DEFAULT_BUILD_YEARS", "HoldUp", "fee_table", "holdup"]

DEFAULT_BUILD_YEARS = 3.0
"""Assumption: years from a decision to build a bypass to its first flow, when neither
the bypass link (``build_time`` in the file) nor the caller gives one. Of the order of
the 1.5-2 years of offshore laying of Nord Stream line 1 and Blue Stream plus a year
of preparation; a scenario should give its own."""

_AGREE = 0.005
"""Relative gap below which the LP and the hand formula are said to agree."""


@dataclass(frozen=True)
class HoldUp:
    """Fee bounds of the deal's transit country on its route, before and after the build.

    Zones (USD m/yr): ``ex_ante`` and ``ex_post`` with the bypass as the others'
    fallback, ``short_run`` ex-post with no bypass. ``bypass``: the bypass link the
    others fall back on (None: none exists); unit costs in USD/1000 m3 and flows in
    bcm/yr behind the hand formula. ``build_years_from`` says where ``build_years`` came
    from. See the module docstring for the formulas.
    """

    transit: str
    route: tuple[str, ...]
    built: tuple[str, ...]
    bypass: str | None
    ex_ante: FeeZone
    ex_post: FeeZone
    short_run: FeeZone
    bypass_unit_cost_usd_per_1000m3: float
    route_operating_cost_usd_per_1000m3: float
    route_flow_bcm_per_yr: float
    bypass_flow_bcm_per_yr: float
    power: float
    discount_rate: float
    build_years: float
    build_years_from: str

    @property
    def holdup_fee_musd_per_yr(self) -> float:
        """The largest fee the others pay before building the bypass (the LP's)."""
        return self.ex_post.max_fee

    @property
    def hand_fee_musd_per_yr(self) -> float:
        """``(bypass full unit cost - route operating unit cost) x route flow``; NaN: no bypass."""
        if self.bypass is None:
            return math.nan
        saving = self.bypass_unit_cost_usd_per_1000m3 - self.route_operating_cost_usd_per_1000m3
        return saving * self.route_flow_bcm_per_yr

    @property
    def short_run_fee_musd_per_yr(self) -> float:
        """``H_s``: the most the others pay while no bypass exists (LNG their only fallback)."""
        return self.short_run.max_fee

    @property
    def nash_fee_ex_ante_musd_per_yr(self) -> float:
        """Nash fee over [reservation, ex-ante max fee]; NaN when that zone is empty."""
        return nash_fee(self.ex_ante.min_fee, self.ex_ante.max_fee, self.power)

    @property
    def nash_fee_ex_post_musd_per_yr(self) -> float:
        """Nash fee over [reservation, hold-up fee]; NaN when that zone is empty."""
        return nash_fee(self.ex_post.min_fee, self.holdup_fee_musd_per_yr, self.power)

    @property
    def discount_factor(self) -> float:
        """``δ = 1 / (1 + r)``."""
        return 1.0 / (1.0 + self.discount_rate)

    @property
    def band_low_musd_per_yr(self) -> float:
        """``H_s (1 - δ^b) + F_min δ^b``: the least fee T keeps to rather than hold up."""
        held = self.discount_factor**self.build_years
        return self.short_run_fee_musd_per_yr * (1.0 - held) + self.ex_post.min_fee * held

    @property
    def band_high_musd_per_yr(self) -> float:
        """The most the others keep paying rather than build the bypass: the hold-up fee."""
        return self.holdup_fee_musd_per_yr

    @property
    def band_empty(self) -> bool:
        """True when no fee is self-enforcing (T would hold up at any fee the others pay)."""
        return not self.band_low_musd_per_yr <= self.band_high_musd_per_yr

    def reason(self) -> str:
        """The hand formula in one line, e.g. "the subsea bypass costs 28.2 ... = 338.5"."""
        if self.bypass is None:
            return "no bypass link: the others' only fallback is LNG"
        route = " + ".join(self.route)
        gap = self.bypass_unit_cost_usd_per_1000m3 - self.route_operating_cost_usd_per_1000m3
        return (
            f"the {self.bypass} bypass costs {gap:,.2f} USD/1000 m3 more than running the "
            f"sunk {route} line ({self.bypass_unit_cost_usd_per_1000m3:,.2f} with its capex "
            f"against {self.route_operating_cost_usd_per_1000m3:,.2f}), x "
            f"{self.route_flow_bcm_per_yr:g} bcm/yr = {self.hand_fee_musd_per_yr:,.1f} USD m/yr"
        )

    def difference(self) -> str:
        """Why the LP's hold-up fee and the hand formula differ (or that they agree)."""
        lp, hand = self.holdup_fee_musd_per_yr, self.hand_fee_musd_per_yr
        if math.isnan(hand):
            return "no hand formula without a bypass"
        if abs(lp - hand) <= _AGREE * max(1.0, abs(hand)):
            return "the LP agrees with the hand formula"
        why = []
        if abs(self.bypass_flow_bcm_per_yr - self.route_flow_bcm_per_yr) > 1e-6:
            why.append(
                f"the bypass carries {self.bypass_flow_bcm_per_yr:g} bcm/yr against the "
                f"route's {self.route_flow_bcm_per_yr:g}"
            )
        if abs(self.ex_post.transit_surplus) > 1e-6:
            why.append(
                f"{self.transit}'s own surplus {self.ex_post.transit_surplus:,.1f} is netted"
            )
        if not why:
            why.append(f"other flows (LNG, other routes) shift too when {self.transit} leaves")
        return f"the LP's {lp:,.1f} differs from the hand {hand:,.1f}: " + "; ".join(why)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (NaN as None), the ``holdup`` block of ``corridor.power/2``."""
        payload: dict[str, Any] = {
            "transit": self.transit,
            "route": list(self.route),
            "built": list(self.built),
            "bypass": self.bypass,
            "zones": {
                "ex_ante": _zone_dict(self.ex_ante),
                "ex_post": _zone_dict(self.ex_post),
                "short_run": _zone_dict(self.short_run),
            },
            "holdup_fee_musd_per_yr": self.holdup_fee_musd_per_yr,
            "hand_fee_musd_per_yr": self.hand_fee_musd_per_yr,
            "bypass_unit_cost_usd_per_1000m3": self.bypass_unit_cost_usd_per_1000m3,
            "route_operating_cost_usd_per_1000m3": self.route_operating_cost_usd_per_1000m3,
            "route_flow_bcm_per_yr": self.route_flow_bcm_per_yr,
            "bypass_flow_bcm_per_yr": self.bypass_flow_bcm_per_yr,
            "reason": self.reason(),
            "difference": self.difference(),
            "bargaining_power": self.power,
            "nash_fee_ex_ante_musd_per_yr": self.nash_fee_ex_ante_musd_per_yr,
            "nash_fee_ex_post_musd_per_yr": self.nash_fee_ex_post_musd_per_yr,
            "short_run_fee_musd_per_yr": self.short_run_fee_musd_per_yr,
            "discount_rate": self.discount_rate,
            "build_years": self.build_years,
            "build_years_from": self.build_years_from,
            "band_low_musd_per_yr": self.band_low_musd_per_yr,
            "band_high_musd_per_yr": self.band_high_musd_per_yr,
            "band_empty": self.band_empty,
        }
        return _finite(payload)


def holdup(
    scenario: Scenario,
    *,
    built: Sequence[str] | None = None,
    power: float | None = None,
    build_years: float | None = None,
) -> HoldUp | None:
    """Hold-up fee, Nash fees and the self-enforcing band of the deal's transit country.

    ``built``: links sunk ex-post (default :func:`~corridor.games.stages.built_links`);
    ``power``: the transit country's bargaining power in [0, 1] (default the deal's);
    ``build_years``: years to build the bypass (default the bypass link's ``build_years``,
    else :data:`DEFAULT_BUILD_YEARS`). None when the scenario has no deal or the deal's
    route is not among its links.
    """
    deal = scenario.deal
    links = {link.id for link in scenario.links}
    if deal is None or not deal.route or any(k not in links for k in deal.route):
        return None
    if power is not None and not 0.0 <= power <= 1.0:
        raise InputError(f"must lie in [0, 1], got {power}", parameter="power")
    if build_years is not None and not build_years > 0:
        raise InputError(f"must be positive, got {build_years}", parameter="build_years")
    ante_model = MarketModel(scenario)
    sunk = built_links(scenario, model=ante_model) if built is None else tuple(built)
    after = ex_post(scenario, sunk)
    post_model = MarketModel(after)
    zone_post = fee_zone(after, post_model)
    members = pipeline_coalition(after, deal)
    partners = [a for a in members if a != deal.transit]
    with_t = post_model.flow_by_link(post_model.solve_columns(members))
    without_t = post_model.flow_by_link(post_model.solve_columns(partners))
    bypass = _fallback(after, post_model, bypass_links(after, deal), without_t)
    years, source = _build_years(after, bypass, build_years)
    return HoldUp(
        transit=deal.transit,
        route=deal.route,
        built=sunk,
        bypass=bypass,
        ex_ante=fee_zone(scenario, ante_model),
        ex_post=zone_post,
        short_run=fee_zone(after, post_model, bypass=False),
        bypass_unit_cost_usd_per_1000m3=math.nan
        if bypass is None
        else post_model.link_cost(bypass),
        route_operating_cost_usd_per_1000m3=sum(post_model.link_cost(k) for k in deal.route),
        route_flow_bcm_per_yr=float(min(with_t[k] for k in deal.route)),
        bypass_flow_bcm_per_yr=0.0 if bypass is None else float(without_t[bypass]),
        power=deal.transit_fee.bargaining_power if power is None else power,
        discount_rate=scenario.discount_rate,
        build_years=years,
        build_years_from=source,
    )


def fee_table(
    scenario: Scenario, model: MarketModel | None = None, built: Sequence[str] | None = None
) -> pd.DataFrame:
    """:func:`~corridor.games.fee.compare_fees` with the ex-post zone beside the ex-ante one.

    A ``stage`` column marks the model's rows ``ex-ante`` or ``ex-post`` (None for tariffs,
    the deal's terms and published figures); the ex-post zone (bypass and LNG-only
    fallbacks, with their Nash fees) follows the ex-ante one. ``built`` as in
    :func:`~corridor.games.stages.ex_post`. The ex-ante rows are those of ``compare_fees``.
    """
    table = compare_fees(scenario, model)
    modelled = table["method"].str.startswith(("zone of", "(b) ", "(c) "))
    table.insert(1, "stage", [("ex-ante" if m else None) for m in modelled])
    after = ex_post(scenario, built)
    post_model = MarketModel(after)
    zones = (fee_zone(after, post_model), fee_zone(after, post_model, bypass=False))
    rows = pd.DataFrame(
        zone_rows(after, zones, stage="ex-post"),
        columns=["method", "fee_musd_per_yr", "low", "high", "note"],
    )
    rows.insert(1, "stage", "ex-post")
    at = int(table["method"].eq("(c) Shapley value").to_numpy().argmax())  # after the zones
    return pd.concat([table.iloc[:at], rows, table.iloc[at:]], ignore_index=True)


def _fallback(
    scenario: Scenario, model: MarketModel, candidates: Sequence[str], flows: Any
) -> str | None:
    """The bypass the others use without T (most flow), else the cheapest; None: none."""
    commodity = deal_commodity(scenario, scenario.deal) if scenario.deal else None
    usable = [k for k in candidates if scenario.link(k).commodity == commodity]
    if not usable:
        return None
    used = [k for k in usable if flows[k] > 1e-9]
    if used:
        return max(used, key=lambda k: float(flows[k]))
    return min(usable, key=model.link_cost)


def _build_years(scenario: Scenario, bypass: str | None, given: float | None) -> tuple[float, str]:
    if given is not None:
        return given, "argument build_years"
    if bypass is not None and scenario.link(bypass).build_years is not None:
        return float(scenario.link(bypass).build_years or 0.0), f"links.{bypass}.build_time"
    return DEFAULT_BUILD_YEARS, f"assumption: default {DEFAULT_BUILD_YEARS:g} yr"


def _zone_dict(zone: FeeZone) -> dict[str, Any]:
    return {**asdict(zone), "partners": list(zone.partners)}


def _finite(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
