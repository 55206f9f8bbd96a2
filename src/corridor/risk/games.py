"""The deal commodity's coalition game re-valued under a draw's terms, at both stages.

:class:`WarmGame` builds the game of each stage (:mod:`corridor.games.stages`: ex-ante,
the scenario as written; ex-post, the links built in the central ex-ante optimum sunk)
once and re-values it per draw (the fast path); :func:`leverage_rebuilt` rebuilds the
scenario, the market and the game (the reference and the benchmark baseline). A draw
changes the LNG price, the buyer's demand and the capex annuity of every link not yet
built, each by its own factor (:mod:`corridor.risk.costs`); the links sunk ex-post are
those of the central optimum in every draw (the world after the deal as agreed). Values
in USD m/yr.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from corridor.risk.basis import BasisReuse
from corridor.risk.leverage import StageTerms, draw_leverage, stage_terms
from corridor.scenario.deal_model import Deal
from corridor.scenario.lookup import deal_commodity
from corridor.scenario.model import Scenario

__all__ = ["WarmGame", "draw_scenario", "leverage_rebuilt", "shapley_rebuilt",
           "stage_scenarios"]  # fmt: skip


def _link_factors(
    scenario: Scenario, factors: Mapping[str, float], links: Mapping[str, float] | None
) -> dict[str, float]:
    """``links`` as given, else the ``capex`` factor on every link not yet built."""
    if links is not None:
        return dict(links)
    return {k.id: factors["capex"] for k in scenario.links if k.status != "existing"}


def draw_scenario(
    scenario: Scenario,
    deal: Deal,
    factors: Mapping[str, float],
    link_factors: Mapping[str, float] | None = None,
) -> Scenario:
    """The scenario with the draw's LNG price, buyer demand and capex factor of each link.

    ``link_factors`` by link id (None: ``factors["capex"]`` on every link not yet built);
    links of ``existing`` status keep their (sunk) capex.
    """
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
    for link_id, factor in _link_factors(scenario, factors, link_factors).items():
        link = scenario.link(link_id)
        if factor != 1.0 and link.status != "existing" and link.capex_musd > 0:
            changes[f"links.{link_id}.capex_musd"] = link.capex_musd * factor
    return scenario.with_changes(changes)


def stage_scenarios(scenario: Scenario, deal: Deal) -> dict[str, Scenario]:
    """The scenario of each stage: as written, and with the central build sunk."""
    from corridor.games.stages import built_links, ex_post

    built = built_links(scenario, deal_commodity(scenario, deal))
    return {"ex-ante": scenario, "ex-post": ex_post(scenario, built)}


def leverage_rebuilt(
    scenario: Scenario,
    deal: Deal,
    factors: Mapping[str, float],
    link_factors: Mapping[str, float] | None = None,
    terms: Mapping[str, StageTerms] | None = None,
) -> dict[str, float]:
    """The leverage columns of a draw (see :class:`WarmGame`), rebuilding everything.

    The reference (and benchmark baseline) for :class:`WarmGame`: per stage the changed
    scenario, a new market LP and a fresh :func:`corridor.games.coalition_values` run.
    ``terms``: each stage's :class:`~corridor.risk.leverage.StageTerms` (default: those
    of the central scenario, as the warm game uses).
    """
    from corridor.games import coalition_values  # the power issue's package
    from corridor.market import MarketModel

    commodity = deal_commodity(scenario, deal)
    stages = stage_scenarios(scenario, deal)
    row: dict[str, float] = {}
    for stage, base in stages.items():
        changed = draw_scenario(base, deal, factors, link_factors)
        values = coalition_values(MarketModel(changed), commodity=commodity)
        given = terms[stage] if terms else stage_terms(base, deal, values.players, commodity, stage)
        row.update(draw_leverage(given, values))
    return row


def shapley_rebuilt(
    scenario: Scenario,
    deal: Deal,
    factors: Mapping[str, float],
    link_factors: Mapping[str, float] | None = None,
) -> pd.Series:
    """Ex-ante Shapley value per player under a draw's factors, rebuilding all, USD m/yr."""
    from corridor.games import coalition_values, shapley
    from corridor.market import MarketModel

    changed = draw_scenario(scenario, deal, factors, link_factors)
    values = coalition_values(MarketModel(changed), commodity=deal_commodity(scenario, deal))
    return shapley(values)


class _StageGame:
    """One stage's game: a RepricedGame and the columns a draw changes."""

    def __init__(self, scenario: Scenario, deal: Deal, commodity: str | None, stage: str):
        from corridor.games.repriced import RepricedGame
        from corridor.market import MarketModel

        model = MarketModel(scenario)
        self.game = RepricedGame(model, None, commodity)
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
        options = [k.id for k in scenario.links if k.status != "existing" and k.capex_musd > 0]
        self.links = np.flatnonzero(~is_supply & ~is_demand & np.isin(ref, options))
        self.link_ids = [str(ref[j]) for j in self.links]
        # the capex part of the market's own link cost (:meth:`MarketModel.link_cost`)
        capex = [model.link_cost(k) - scenario.link(k).unit_cost for k in self.link_ids]
        self.annuity = np.array(capex, dtype=float)
        self.terms = stage_terms(scenario, deal, self.game.players, commodity, stage, model=model)
        self.reuse = BasisReuse(self.game)

    def arrays(
        self, factors: Mapping[str, float], links: Mapping[str, float]
    ) -> tuple[np.ndarray, np.ndarray]:
        """The LP's column costs and capacities under a draw's factors."""
        cost = self.base_cost.copy()
        upper = self.base_upper.copy()
        cost[self.lng] *= factors["lng_price"]
        upper[self.demand] *= factors["demand"]
        scale = np.array([links.get(k, 1.0) for k in self.link_ids], dtype=float)
        cost[self.links] += self.annuity * (scale - 1.0)
        return cost, upper

    def chunk_arrays(
        self, factors: Sequence[Mapping[str, float]], links: Sequence[Mapping[str, float]]
    ) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`arrays` of a chunk's draws, one row per draw."""
        pairs = [self.arrays(f, k) for f, k in zip(factors, links, strict=True)]
        return np.array([c for c, _ in pairs]), np.array([u for _, u in pairs])

    def values(self, factors: Mapping[str, float], links: Mapping[str, float]) -> Any:
        return self.game.values(*self.arrays(factors, links))


def _shared_lps(first: _StageGame, later: _StageGame) -> np.ndarray | None:
    """Which LPs of ``later`` are those of ``first`` in every draw (None: plans differ).

    Both stages have the same network, so the same plan; they differ only on the links
    sunk ex-post (no annuity there). An LP whose columns include none of those is the same
    LP at both stages: a coalition that cannot use the sunk route keeps its ex-ante value.
    """
    a, b = first.game, later.game
    if a.masks.shape != b.masks.shape or not np.array_equal(a.masks, b.masks):
        return None
    differ = (first.base_cost != later.base_cost) | (first.base_upper != later.base_upper)
    differ[np.setdiff1d(first.links, later.links)] = True
    return np.asarray(~a.masks[:, differ].any(axis=1), dtype=bool)


class WarmGame:
    """The deal commodity's coalition game of each stage, built once, re-valued per draw.

    Each stage is a :class:`corridor.games.repriced.RepricedGame`: one market LP and one
    plan of the distinct coalition LPs; a draw only changes the LNG supply's cost, the
    buyer's demand quantities and the capex annuity of every link not yet built (the
    market's own :meth:`~corridor.market.MarketModel.link_cost` less the link's variable
    cost) by the link's factor. ``stages``: which stages to play (default both). The LPs of
    coalitions that cannot use the links sunk ex-post are solved once per draw, ex-ante,
    and their values reused ex-post (the same LP at both stages). :meth:`leverage` values
    each LP from an optimal basis kept from earlier draws while it is still optimal, else
    with HiGHS (:class:`corridor.risk.basis.BasisReuse`); :meth:`leverage_chunk` does so
    for a chunk's draws at once, and their nucleoli too
    (:class:`corridor.games.nucleolus_reuse.NucleolusReuse`): the risk run's path.
    """

    def __init__(self, scenario: Scenario, deal: Deal, stages: Sequence[str] | None = None):
        commodity = deal_commodity(scenario, deal)
        chosen = stage_scenarios(scenario, deal)
        self.scenario = scenario
        self.stages = {
            stage: _StageGame(changed, deal, commodity, stage)
            for stage, changed in chosen.items()
            if stages is None or stage in stages
        }
        first = next(iter(self.stages.values()))
        self.players = first.game.players
        self.game = first.game
        post = self.stages.get("ex-post")
        ante = self.stages.get("ex-ante")
        self.shared = None if post is None or ante is None else _shared_lps(ante, post)

    def shapley_column(self, player: str) -> str:
        """The leverage column of ``player``'s Shapley value at the first stage played."""
        stage = next(iter(self.stages)).replace("-", "_")
        return f"leverage_{stage}_shapley_{player}"

    def reset(self) -> None:
        """Forget the optimal bases kept from earlier draws (:class:`BasisReuse`).

        Called at the start of every chunk, so a draw's values depend only on its chunk.
        """
        for game in self.stages.values():
            game.reuse.reset()

    def terms(self) -> dict[str, StageTerms]:
        """Each stage's central terms (pipeline coalition, own surpluses, fee terms)."""
        return {stage: game.terms for stage, game in self.stages.items()}

    def shapley(
        self, factors: Mapping[str, float], link_factors: Mapping[str, float] | None = None
    ) -> pd.Series:
        """Shapley value per player at the first stage under the draw's factors, USD m/yr."""
        from corridor.games import shapley

        stage = next(iter(self.stages.values()))
        return shapley(stage.values(factors, _link_factors(self.scenario, factors, link_factors)))

    def leverage_chunk(
        self,
        factors: Sequence[Mapping[str, float]],
        link_factors: Sequence[Mapping[str, float] | None],
    ) -> list[dict[str, float]]:
        """:meth:`leverage` of a chunk's draws (one row each), valued together.

        Each stage's LPs for all the draws at once (:meth:`BasisReuse.chunk_lp_values`),
        then all the draws' nucleoli (:class:`NucleolusReuse`); both start afresh, so a
        draw's numbers depend only on its chunk.
        """
        from corridor.games.nucleolus_reuse import NucleolusReuse

        links = [_link_factors(self.scenario, f, k) for f, k in zip(factors, link_factors,
                                                                     strict=True)]  # fmt: skip
        rows: list[dict[str, float]] = [{} for _ in factors]
        known: np.ndarray | None = None
        before = None  # the ex-ante bases: an ex-post LP differs only in some costs
        for stage, game in self.stages.items():
            like = before if self.shared is not None else None
            lp = game.reuse.chunk_lp_values(*game.chunk_arrays(factors, links), known, like)
            before = game.reuse
            if stage == "ex-ante" and self.shared is not None:
                known = np.where(self.shared[None, :], lp, np.nan)
            values = [game.game.coalitions(v) for v in lp]
            nucleoli = NucleolusReuse().allocations(values)
            for row, v, x in zip(rows, values, nucleoli, strict=True):
                row.update(draw_leverage(game.terms, v, x))
        return rows

    def leverage(
        self, factors: Mapping[str, float], link_factors: Mapping[str, float] | None = None
    ) -> dict[str, float]:
        """Per stage the draw's Shapley value, nucleolus and transit fees (columns, USD m/yr).

        Columns as :func:`corridor.risk.leverage.draw_leverage` names them.
        """
        links = _link_factors(self.scenario, factors, link_factors)
        row: dict[str, float] = {}
        known: np.ndarray | None = None
        for stage, game in self.stages.items():
            lp = game.reuse.lp_values(*game.arrays(factors, links), known)
            if stage == "ex-ante" and self.shared is not None:
                known = np.where(self.shared, lp, np.nan)
            row.update(draw_leverage(game.terms, game.game.coalitions(lp)))
        return row
