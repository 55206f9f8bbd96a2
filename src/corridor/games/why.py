"""Why an actor has the value it has: what the market loses when it leaves, in numbers and words.

For each player i of a game, :func:`explain` compares the grand coalition's optimum with
the optimum of N without i (both solved by :meth:`MarketModel.solve`, restricted to the
game's commodity). The marginal contribution splits exactly into three parts:

    v(N) - v(N without i) = lost purchases + extra production cost + extra transport cost

where *lost purchases* is the value at willingness to pay of the demand no longer served
(sum of wtp x served, with i less without i), and the two cost terms are what producing
and carrying the goods costs without i less with i (transport at each link's unit cost
including the capex annuity of links not yet built, ``unit_cost_with_capex``). The split
is an identity of the LP objective: the parts add up to v(N) - v(N without i) up to the
solver's tolerance.

The links whose flow changes are split into *lost* links (less flow without i: i's route)
and *gained* links (more flow: the replacement route). The *moved quantity* is what the
lost links delivered at their ends (flow into the last lost link of each chain, after its
losses), the replacement quantity likewise for the gained links, and each route's unit cost
is its transport cost change per unit delivered. When nothing is lost or produced
differently (lost purchases and extra production cost both zero) and the replacement
carries what the lost route carried, the marginal contribution *is* the unit-cost
difference times the moved quantity, and the sentence says so ("KP's route saves 0.45
USD/1000 m3 x 12 bcm/yr = 5.4 USD m/yr over subsea"). Otherwise demand lost or supply
changed contributes too, and the sentence names each part with its sign instead.

An actor whose leaving changes nothing in the grand optimum (marginal zero: China in
korea-2011, whose alternative purchases the grand coalition does not need) is explained
by the coalition it adds most to (read off the coalition values) and what changes there.
"""

from __future__ import annotations

import dataclasses
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from corridor.games.values import CoalitionValues
from corridor.market import ColumnSolution, MarketModel
from corridor.scenario.model import PRICE_UNIT, QUANTITY_UNIT, Scenario
from corridor.units import from_internal

__all__ = ["GameSolution", "LinkChange", "Reason", "explain", "solve_game"]

_FLOW_TOL = 1e-6
"""Flow changes below this (bcm/yr, kTEU/yr) are LP noise."""
_MONEY_TOL = 1e-6
"""Money below this (USD m/yr) is LP noise."""
_SHOWN_LINKS = 4

# how the sentences show prices: gas per 1000 m3, containers per box (units.py converts)
_PRICE_SHOWN = {"gas": ("USD/1000m3", "USD/1000 m3"), "containers": ("USD/TEU", "USD/TEU")}


@dataclass(frozen=True, eq=False)
class GameSolution:
    """One coalition's market optimum, restricted to a game's commodity (None: all).

    Read off the model's columns (:class:`~corridor.market.ColumnSolution`), not off a
    :class:`MarketResult`'s tables (a power run reads some 30 optima; the tables were most
    of its time). ``links``, their commodities, ``flows`` (entering each link, internal
    units) and unit costs incl. capex annuity are the game's links in scenario order,
    read from ``model`` and ``solution``; ``served`` is the demand served. Money in
    USD m/yr; ``welfare_musd_per_yr`` = purchases - production cost - transport cost is
    v(S) of the game.
    """

    coalition: frozenset[str]
    commodity: str | None
    served: float
    purchases_musd_per_yr: float
    production_cost_musd_per_yr: float
    transport_cost_musd_per_yr: float
    model: MarketModel = field(repr=False)
    solution: ColumnSolution = field(repr=False)

    @property
    def _link_columns(self) -> np.ndarray:
        return self.model.columns("link", self.commodity)

    @property
    def links(self) -> tuple[str, ...]:
        """The game's link ids, in scenario order."""
        return tuple(self.model.ref[j] for j in self._link_columns)

    @property
    def link_commodities(self) -> tuple[str, ...]:
        """The commodity of each of :attr:`links`."""
        return tuple(self.model.commodity_of[j] for j in self._link_columns)

    @property
    def flows(self) -> np.ndarray:
        """The flow entering each of :attr:`links` (internal units)."""
        return self.solution.x[self._link_columns]

    @property
    def link_unit_costs(self) -> np.ndarray:
        """Each of :attr:`links`' unit cost incl. capex annuity (internal price unit)."""
        return self.model.cost[self._link_columns]

    @property
    def welfare_musd_per_yr(self) -> float:
        """v(S): purchases less production and transport cost, USD m/yr."""
        return (
            self.purchases_musd_per_yr
            - self.production_cost_musd_per_yr
            - self.transport_cost_musd_per_yr
        )

    def flow_by_link(self) -> dict[str, float]:
        """Link id -> flow entering it (internal units)."""
        return dict(zip(self.links, self.flows.tolist(), strict=True))

    def own_surplus_musd_per_yr(self, actor: str) -> float:
        """Surplus on the actor's own supplies and demands at the optimum's node prices."""
        return self.model.own_surplus_musd_per_yr(self.solution, actor, self.commodity)


def solve_game(
    model: MarketModel,
    players: Iterable[str],
    coalition: Iterable[str],
    commodity: str | None = None,
) -> GameSolution:
    """Solve coalition ``coalition`` of the game among ``players`` (non-players are present).

    The commodities' balance rows are separate, so solving every commodity at once and
    keeping ``commodity``'s columns gives that commodity's optimum.
    """
    outside = set(model.actors) - set(players)
    solved = _solved(model, model.mask(sorted(set(coalition) | outside)))
    x = solved.x
    links, supply, demand = (model.columns(k, commodity) for k in ("link", "supply", "demand"))
    # the same products and sums, in the same order, as over MarketResult's columns
    # (willingness to pay is minus a demand's cost, marginal cost a supply's)
    return GameSolution(
        coalition=frozenset(coalition),
        commodity=commodity,
        served=float(x[demand].sum()),
        purchases_musd_per_yr=float((-model.cost[demand] * x[demand]).sum()),
        production_cost_musd_per_yr=float((model.cost[supply] * x[supply]).sum()),
        transport_cost_musd_per_yr=float((model.cost[links] * x[links]).sum()),
        model=model,
        solution=solved,
    )


_SOLVED: weakref.WeakKeyDictionary[MarketModel, dict[int, ColumnSolution]] = (
    weakref.WeakKeyDictionary()
)
_SOLVED_PER_MODEL = 256


def _solved(model: MarketModel, bits: int) -> ColumnSolution:
    """``model.solve_columns(bits)``, once per model and coalition (shared: read only).

    A power run asks for the same optima many times: the grand coalition and each N
    without i once per game of a stage (its commodities share the model) and again for
    the roles.
    """
    memo = _SOLVED.setdefault(model, {})
    if bits not in memo:
        if len(memo) >= _SOLVED_PER_MODEL:
            memo.clear()
        memo[bits] = model.solve_columns(bits)
    return memo[bits]


@dataclass(frozen=True)
class LinkChange:
    """A link whose flow differs with and without the actor (internal units)."""

    link: str
    commodity: str
    flow_with: float
    flow_without: float
    unit_cost: float
    """Unit cost incl. capex annuity, the commodity's internal price unit."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "link": self.link,
            "commodity": self.commodity,
            "flow_with": self.flow_with,
            "flow_without": self.flow_without,
            "unit_cost": self.unit_cost,
        }


@dataclass(frozen=True)
class Reason:
    """Why ``player`` adds ``marginal_musd_per_yr`` to ``coalition`` (see the module docstring).

    ``coalition`` is the coalition the player joins (N without it, or for ``where_most``
    the coalition it adds most to). Money in USD m/yr, each part "with less without" the
    player's contribution (they add up to the marginal contribution). Quantities in
    ``quantity_unit`` (empty when the changed links carry several kinds of goods), unit
    costs in ``price_unit`` (the commodity's internal price unit). ``where_most``: for a
    marginal of zero, the same comparison at the coalition the player adds most to.
    """

    player: str
    commodity: str | None
    coalition: tuple[str, ...]
    marginal_musd_per_yr: float
    lost_purchases_musd_per_yr: float
    extra_production_cost_musd_per_yr: float
    extra_transport_cost_musd_per_yr: float
    served_lost: float
    lost_links: tuple[LinkChange, ...]
    gained_links: tuple[LinkChange, ...]
    moved_quantity: float
    replacement_quantity: float
    unit_cost_difference: float | None
    quantity_unit: str
    price_unit: str
    sentence: str
    where_most: Reason | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (``where_most`` nested, or None)."""
        return {
            "player": self.player,
            "commodity": self.commodity,
            "coalition": list(self.coalition),
            "marginal_musd_per_yr": self.marginal_musd_per_yr,
            "lost_purchases_musd_per_yr": self.lost_purchases_musd_per_yr,
            "extra_production_cost_musd_per_yr": self.extra_production_cost_musd_per_yr,
            "extra_transport_cost_musd_per_yr": self.extra_transport_cost_musd_per_yr,
            "served_lost": self.served_lost,
            "lost_links": [c.to_dict() for c in self.lost_links],
            "gained_links": [c.to_dict() for c in self.gained_links],
            "moved_quantity": self.moved_quantity,
            "replacement_quantity": self.replacement_quantity,
            "unit_cost_difference": self.unit_cost_difference,
            "quantity_unit": self.quantity_unit,
            "price_unit": self.price_unit,
            "sentence": self.sentence,
            "where_most": None if self.where_most is None else self.where_most.to_dict(),
        }


def explain(
    scenario: Scenario, values: CoalitionValues, *, model: MarketModel | None = None
) -> tuple[Reason, ...]:
    """One :class:`Reason` per player of ``values``: v(N) - v(N without i) and its parts.

    ``model`` reuses a built market model of ``scenario``. 2n + 1 LPs, plus two for each
    player whose marginal contribution is zero.
    """
    model = model or MarketModel(scenario)
    players, commodity = values.players, values.commodity
    grand = solve_game(model, players, players, commodity)
    reasons = []
    for i, player in enumerate(players):
        others = [p for p in players if p != player]
        without = solve_game(model, players, others, commodity)
        marginal = values.grand - values.v(others)
        reason = _compare(scenario, player, commodity, others, grand, without, marginal, grand=True)
        if abs(marginal) <= _MONEY_TOL * max(1.0, abs(values.grand)):
            best = _adds_most(values, i)
            if best is not None:
                base, gain = best
                with_i = solve_game(model, players, [*base, player], commodity)
                at_base = solve_game(model, players, base, commodity)
                most = _compare(
                    scenario, player, commodity, base, with_i, at_base, gain, grand=False
                )
                reason = _zero_marginal(reason, most)
        reasons.append(reason)
    return tuple(reasons)


def _adds_most(values: CoalitionValues, i: int) -> tuple[tuple[str, ...], float] | None:
    """The coalition without player i that i adds most to (fewest members on ties)."""
    bit = 1 << i
    coalitions = np.arange(len(values.values), dtype=np.int64)
    coalitions = coalitions[(coalitions & bit) == 0]
    gains = values.values[coalitions | bit] - values.values[coalitions]
    if gains.max() <= _MONEY_TOL * max(1.0, abs(values.grand)):
        return None
    sizes = np.array([bin(int(s)).count("1") for s in coalitions])
    best = int(coalitions[np.lexsort((coalitions, sizes, -np.round(gains, 6)))[0]])
    members = tuple(p for k, p in enumerate(values.players) if best >> k & 1)
    return members, float(values.values[best | bit] - values.values[best])


def _compare(
    scenario: Scenario,
    player: str,
    commodity: str | None,
    coalition: Iterable[str],
    with_i: GameSolution,
    without: GameSolution,
    marginal: float,
    *,
    grand: bool,
) -> Reason:
    after = without.flow_by_link()
    loss = {k.id: k.loss_fraction for k in scenario.links}
    lost, gained = [], []
    columns = (with_i.links, with_i.link_commodities, with_i.flows.tolist(),
               with_i.link_unit_costs.tolist())  # fmt: skip
    for link, commodity_id, flow, unit_cost in zip(*columns, strict=True):
        change = LinkChange(
            link=str(link),
            commodity=str(commodity_id),
            flow_with=float(flow),
            flow_without=after.get(str(link), 0.0),
            unit_cost=float(unit_cost),
        )
        if change.flow_with - change.flow_without > _FLOW_TOL:
            lost.append(change)
        elif change.flow_without - change.flow_with > _FLOW_TOL:
            gained.append(change)
    moved = _delivered(scenario, lost, loss)
    replacement = _delivered(scenario, gained, loss)
    unit_difference = None
    if moved > _FLOW_TOL and replacement > _FLOW_TOL:
        lost_cost = sum(c.unit_cost * (c.flow_with - c.flow_without) for c in lost)
        gained_cost = sum(c.unit_cost * (c.flow_without - c.flow_with) for c in gained)
        unit_difference = gained_cost / replacement - lost_cost / moved
    kinds = {scenario.commodity(c.commodity).kind for c in (*lost, *gained)}
    if commodity is not None:
        kinds = {scenario.commodity(commodity).kind}
    kind = next(iter(kinds)) if len(kinds) == 1 else None
    reason = Reason(
        player=player,
        commodity=commodity,
        coalition=tuple(coalition),
        marginal_musd_per_yr=marginal,
        lost_purchases_musd_per_yr=with_i.purchases_musd_per_yr - without.purchases_musd_per_yr,
        extra_production_cost_musd_per_yr=without.production_cost_musd_per_yr
        - with_i.production_cost_musd_per_yr,
        extra_transport_cost_musd_per_yr=without.transport_cost_musd_per_yr
        - with_i.transport_cost_musd_per_yr,
        served_lost=with_i.served - without.served,
        lost_links=tuple(lost),
        gained_links=tuple(gained),
        moved_quantity=moved,
        replacement_quantity=replacement,
        unit_cost_difference=unit_difference,
        quantity_unit=QUANTITY_UNIT[kind] if kind else "",
        price_unit=PRICE_UNIT[kind] if kind else "",
        sentence="",
    )
    controls = {k.id for k in scenario.links if player in k.control}
    lead = f"without {player}" if grand else f"in {_members(coalition)} without {player}"
    return dataclasses.replace(reason, sentence=_sentence(reason, kind, controls, lead))


def _delivered(scenario: Scenario, changes: list[LinkChange], loss: Mapping[str, float]) -> float:
    """What a set of changed links delivers at its ends: the last link of each chain."""
    links = {c.link: scenario.link(c.link) for c in changes}
    starts = {link.source for link in links.values()}
    return sum(
        abs(c.flow_with - c.flow_without) * (1.0 - loss[c.link])
        for c in changes
        if links[c.link].target not in starts
    )


def _sentence(r: Reason, kind: str | None, controls: set[str], lead: str) -> str:
    scale = max(1.0, abs(r.marginal_musd_per_yr))
    small = _MONEY_TOL * scale * 10
    who = r.player
    if not r.lost_links and not r.gained_links and abs(r.marginal_musd_per_yr) <= small:
        return f"{lead} nothing changes (it adds 0.0 USD m/yr)"
    pure_reroute = (
        abs(r.lost_purchases_musd_per_yr) <= small
        and abs(r.extra_production_cost_musd_per_yr) <= small
        and r.unit_cost_difference is not None
        and abs(r.moved_quantity - r.replacement_quantity) <= 1e-6 * max(1.0, r.moved_quantity)
        and kind is not None
    )
    if pure_reroute and any(c.link in controls for c in r.lost_links):
        assert r.unit_cost_difference is not None and kind is not None
        return (
            f"{who}'s route ({_ids(r.lost_links)}) saves "
            f"{_price(r.unit_cost_difference, kind)} x {_quantity(r.moved_quantity, kind)} = "
            f"{_money(r.extra_transport_cost_musd_per_yr)} USD m/yr over {_ids(r.gained_links)}"
        )
    flows = _flow_clause(r, kind)
    parts = []
    if abs(r.lost_purchases_musd_per_yr) > small:
        served = f"{_quantity(r.served_lost, kind)} of " if kind else ""
        parts.append(
            f"{served}purchases worth {_money(r.lost_purchases_musd_per_yr)} USD m/yr "
            "(at willingness to pay) are lost"
        )
    else:
        parts.append("the same purchases are served")
    for name, value in (
        ("production", r.extra_production_cost_musd_per_yr),
        ("transport", r.extra_transport_cost_musd_per_yr),
    ):
        if abs(value) > small:
            direction = "rise" if value > 0 else "fall"
            parts.append(f"{name} costs {direction} by {_money(abs(value))}")
    listed = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    return f"{lead}, {flows}: {listed}; net {_money(r.marginal_musd_per_yr)} USD m/yr"


def _zero_marginal(reason: Reason, most: Reason) -> Reason:
    text = (
        f"without {reason.player} the grand coalition's optimum does not change (it adds "
        f"0.0 USD m/yr); it adds most, {_money(most.marginal_musd_per_yr)} USD m/yr, to "
        f"{_members(most.coalition)}: {most.sentence}"
    )
    return dataclasses.replace(reason, sentence=text, where_most=most)


def _members(coalition: Iterable[str]) -> str:
    return "{" + ", ".join(coalition) + "}"


def _flow_clause(r: Reason, kind: str | None) -> str:
    clauses = []
    if r.lost_links:
        idle = all(c.flow_without <= _FLOW_TOL for c in r.lost_links)
        verb = "carries" if len(r.lost_links) == 1 else "carry"
        amount = "nothing" if idle or not kind else f"{_quantity(r.moved_quantity, kind)} less"
        clauses.append(f"{_ids(r.lost_links)} {verb} {amount}")
    if r.gained_links:
        verb = "carries" if len(r.gained_links) == 1 else "carry"
        amount = f"{_quantity(r.replacement_quantity, kind)} more" if kind else "more"
        clauses.append(f"{_ids(r.gained_links)} {verb} {amount}")
    return " and ".join(clauses) or "no link's flow changes"


def _ids(changes: tuple[LinkChange, ...]) -> str:
    ids = [c.link for c in changes]
    if len(ids) > _SHOWN_LINKS:
        return ", ".join(ids[:_SHOWN_LINKS]) + f" and {len(ids) - _SHOWN_LINKS} more"
    return " and ".join(ids) if len(ids) < 3 else ", ".join(ids[:-1]) + " and " + ids[-1]


def _trim(text: str) -> str:
    return text[:-2] if text.endswith(".0") else text


def _money(value: float) -> str:
    return f"{value:,.1f}"


def _quantity(value: float, kind: str | None) -> str:
    unit = QUANTITY_UNIT[kind] if kind else ""
    return _trim(f"{value:,.1f}") + (f" {unit}" if unit else "")


def _price(value: float, kind: str) -> str:
    unit, shown = _PRICE_SHOWN[kind]
    number = from_internal(value, unit)
    digits = 2 if abs(number) < 10 else 1
    return f"{number:,.{digits}f} {shown}"
