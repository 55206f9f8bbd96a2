"""The deal commodity's coalition game re-valued under a draw's terms.

:class:`WarmGame` builds the game once and re-values it per draw (the fast path);
:func:`shapley_rebuilt` rebuilds the scenario, the market and the game (the reference and
the benchmark baseline). Shapley values in USD m/yr.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from corridor.finance import deal_commodity
from corridor.scenario.deal_model import Deal
from corridor.scenario.model import Scenario


def draw_scenario(scenario: Scenario, deal: Deal, factors: dict[str, float]) -> Scenario:
    """The scenario with the draw's LNG price, buyer demand and route capex factors."""
    changes: dict[str, Any] = {}
    lng = (
        [deal.lng_supply]
        if deal.lng_supply
        else [s.id for s in scenario.open_market_supplies(deal_commodity(scenario, deal))]
    )
    for supply in scenario.supplies:
        if supply.id in lng and factors["lng_price"] != 1.0:
            blocks = tuple(
                dataclasses.replace(b, price=b.price * factors["lng_price"]) for b in supply.blocks
            )
            changes[f"supplies.{supply.id}.blocks"] = blocks
    for demand in scenario.demands:
        if demand.owner == deal.buyer and factors["demand"] != 1.0:
            blocks = tuple(
                dataclasses.replace(b, quantity=b.quantity * factors["demand"])
                for b in demand.blocks
            )
            changes[f"demands.{demand.id}.blocks"] = blocks
    for link_id in deal.route:
        if factors["capex"] != 1.0:
            changes[f"links.{link_id}.capex_musd"] = (
                scenario.link(link_id).capex_musd * factors["capex"]
            )
    return scenario.with_changes(changes)


def shapley_rebuilt(scenario: Scenario, deal: Deal, factors: dict[str, float]) -> pd.Series:
    """Shapley value per player under a draw's factors, rebuilding everything, USD m/yr.

    The reference (and benchmark baseline) for :class:`WarmGame`: the changed scenario,
    a new market LP and a fresh :func:`corridor.games.coalition_values` run.
    """
    from corridor.games import coalition_values, shapley  # the power issue's package
    from corridor.market import MarketModel

    changed = draw_scenario(scenario, deal, factors)
    values = coalition_values(MarketModel(changed), commodity=deal_commodity(scenario, deal))
    return shapley(values)


class WarmGame:
    """The deal commodity's coalition game, built once and re-valued per draw.

    A :class:`corridor.games.repriced.RepricedGame`: one market LP and one plan of the
    distinct coalition LPs; a draw only changes the LNG supply's cost, the buyer's demand
    quantities and the route's capex annuity (the market's own
    :meth:`~corridor.market.MarketModel.link_cost` less the link's variable cost).
    """

    def __init__(self, scenario: Scenario, deal: Deal):
        from corridor.games.repriced import RepricedGame
        from corridor.market import MarketModel

        model = MarketModel(scenario)
        commodity = deal_commodity(scenario, deal)
        self.game = RepricedGame(model, None, commodity)
        self.players = self.game.players
        self.base_cost = model.program.cost.copy()
        self.base_upper = model.program.upper.copy()
        ref = np.array(model.ref)
        is_supply = (model.source_row < 0) & (model.target_row >= 0)
        is_demand = (model.source_row >= 0) & (model.target_row < 0)
        open_lng = scenario.open_market_supplies(commodity)
        lng = [deal.lng_supply] if deal.lng_supply else [x.id for x in open_lng]
        buyer = [x.id for x in scenario.demands if x.owner == deal.buyer]
        self.lng = np.flatnonzero(is_supply & np.isin(ref, lng))
        self.demand = np.flatnonzero(is_demand & np.isin(ref, buyer))
        self.route = np.flatnonzero(~is_supply & ~is_demand & np.isin(ref, deal.route))
        link_ids = [str(ref[j]) for j in self.route]
        # the capex part of the market's own link cost (:meth:`MarketModel.link_cost`)
        capex = [model.link_cost(k) - scenario.link(k).unit_cost for k in link_ids]
        self.annuity = np.array(capex, dtype=float)

    def shapley(self, factors: dict[str, float]) -> pd.Series:
        """Shapley value per player under the draw's factors, USD m/yr."""
        from corridor.games import shapley

        cost = self.base_cost.copy()
        upper = self.base_upper.copy()
        cost[self.lng] *= factors["lng_price"]
        upper[self.demand] *= factors["demand"]
        cost[self.route] += self.annuity * (factors["capex"] - 1.0)
        return shapley(self.game.values(cost, upper))


__all__ = ["WarmGame", "draw_scenario", "shapley_rebuilt"]
