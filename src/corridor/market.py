"""The welfare-maximising flow model: one LP per scenario, re-solved per coalition.

Variables (all in the commodity's internal rate unit, bcm/yr or kTEU/yr):

- ``s_b`` production of supply block b, ``0 <= s_b <= capacity_b``;
- ``d_b`` served demand of demand block b, ``0 <= d_b <= quantity_b``;
- ``f_l`` flow entering link l, ``0 <= f_l <= capacity_l``.

Maximise ``sum wtp_b d_b - sum cost_b s_b - sum c_l f_l`` (USD m/yr) where ``c_l`` is the
link's unit cost plus, for links not yet built, its capex annuity spread over capacity
(capex is then paid in proportion to the capacity used: the LP relaxation of the build
decision, exact when an option is built to its full size). One balance row per node and
commodity: ``supply - demand + sum_in (1 - loss_l) f_l - sum_out f_l = 0``; its dual is
the node price.

A coalition S may use an asset when its requirement lies in S: the owner of a supply or
demand, the ``control`` set of a link (empty: anyone). The LP is built once with every
asset; a coalition only changes column upper bounds (0 for unusable assets), so HiGHS
re-solves warm from the previous basis. :class:`MarketModel` exposes that for the games
package; :func:`solve` is the one-shot convenience.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from corridor.errors import InputError
from corridor.lp import LinearProgram, WarmSolver
from corridor.scenario.model import MAX_ACTORS, PRICE_UNIT, QUANTITY_UNIT, MarketItem, Scenario
from corridor.units import annuity_factor

if TYPE_CHECKING:
    import highspy

UNCONTROLLED = "(open market)"
"""Pseudo-actor for surplus on assets nobody controls (world LNG market, open links)."""

_SUPPLY, _DEMAND, _LINK = 0, 1, 2
_TOL = 1e-9


@dataclass(frozen=True)
class MarketResult:
    """The solution of the market LP for one coalition.

    ``welfare_musd_per_yr`` is total surplus in USD m/yr. DataFrames (units in column
    names): ``flows`` per link, ``supply`` and ``demand`` per block, ``prices`` per node
    and commodity (LP duals; USD per internal unit), ``actor_welfare`` per actor.
    """

    scenario: str
    coalition: frozenset[str]
    welfare_musd_per_yr: float
    flows: pd.DataFrame = field(repr=False)
    supply: pd.DataFrame = field(repr=False)
    demand: pd.DataFrame = field(repr=False)
    prices: pd.DataFrame = field(repr=False)
    actor_welfare: pd.DataFrame = field(repr=False)

    def __repr__(self) -> str:
        used = int((self.flows["flow"] > _TOL).sum()) if len(self.flows) else 0
        return (
            f"MarketResult(scenario={self.scenario!r}, coalition={sorted(self.coalition)}, "
            f"welfare={self.welfare_musd_per_yr:,.1f} USD m/yr, links used={used})"
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the ``result.json`` schema: docs/how-to/exports.md)."""
        return {
            "scenario": self.scenario,
            "coalition": sorted(self.coalition),
            "welfare_musd_per_yr": _clean(self.welfare_musd_per_yr),
            "flows": _records(self.flows),
            "supply": _records(self.supply),
            "demand": _records(self.demand),
            "prices": _records(self.prices),
            "actor_welfare": _records(self.actor_welfare),
        }


@dataclass(frozen=True, eq=False)
class ColumnSolution:
    """One coalition's optimum of a :class:`MarketModel`, per column.

    The arrays behind a :class:`MarketResult`, without its tables (building those is most
    of a solve's time).

    ``x`` is each column's value (production, served demand, flow entering the link; below
    the solver's tolerance set to 0), ``duals`` each row's price, ``surplus_musd_per_yr``
    each supply's producer and each demand's consumer surplus at those prices (0 on links).
    """

    bits: int
    welfare_musd_per_yr: float
    x: np.ndarray = field(repr=False)
    duals: np.ndarray = field(repr=False)
    surplus_musd_per_yr: np.ndarray = field(repr=False)


class MarketModel:
    """The market LP of one scenario, built once and re-solved per coalition.

    Columns are ordered supply blocks, demand blocks, links. ``requirement[j]`` is the
    bitmask (bit i = actor ``actors[i]``) of actors column j needs; a coalition given as
    a bitmask ``bits`` may use column j iff ``requirement[j] & ~bits == 0``.
    """

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.actors: tuple[str, ...] = scenario.actor_ids
        self._bit = {actor: 1 << i for i, actor in enumerate(self.actors)}
        if len(self.actors) > MAX_ACTORS:
            raise InputError(f"the market model supports at most {MAX_ACTORS} actors")
        self._build_columns()
        self._build_rows()
        self._highs = self._pass_model()

    # --- construction ---------------------------------------------------------------
    def _build_columns(self) -> None:
        s = self.scenario
        kind, ref, block, cost, upper, requirement = [], [], [], [], [], []
        owner: list[str | None] = []
        # supplies then demands; a demand's block enters the objective with its price negated
        for code, items, sign in ((_SUPPLY, s.supplies, 1.0), (_DEMAND, s.demands, -1.0)):
            for item in items:
                for b, blk in enumerate(item.blocks):
                    kind.append(code)
                    ref.append(item.id)
                    owner.append(item.owner)
                    block.append(b)
                    cost.append(sign * blk.price)
                    upper.append(blk.quantity)
                    requirement.append(self.mask(_owners(item.owner)))
        for link in s.links:
            kind.append(_LINK)
            ref.append(link.id)
            owner.append(None)
            block.append(0)
            cost.append(self.link_cost(link.id))
            upper.append(link.capacity)
            requirement.append(self.mask(link.control))
        self.kind = np.array(kind, dtype=np.int8)
        self.ref: tuple[str, ...] = tuple(ref)
        self.owner: tuple[str | None, ...] = tuple(owner)  # a supply's or demand's; None: links
        self.block = np.array(block, dtype=np.int64)
        self.cost = np.array(cost, dtype=float)  # minimisation cost, USD m per unit
        self.upper = np.array(upper, dtype=float)
        self.requirement = np.array(requirement, dtype=np.int64)

    def link_cost(self, link_id: str) -> float:
        """Unit cost of a link in the LP: variable cost plus capex annuity per unit capacity.

        In the commodity's internal price unit. Capex of ``existing`` links is sunk.
        """
        link = self.scenario.link(link_id)
        cost = link.unit_cost
        if link.status != "existing" and link.capex_musd > 0 and link.capacity > 0:
            annuity = annuity_factor(self.scenario.discount_rate, link.lifetime_yr)
            cost += link.capex_musd * annuity / link.capacity
        return cost

    def _build_rows(self) -> None:
        s = self.scenario
        commodity_of = {}
        for supply in s.supplies:
            commodity_of[supply.id] = supply.commodity
        for demand in s.demands:
            commodity_of[demand.id] = demand.commodity
        row_index: dict[tuple[str, str], int] = {}

        def row(node: str, commodity: str) -> int:
            return row_index.setdefault((node, commodity), len(row_index))

        entries: list[tuple[int, int, float]] = []
        supply_node = {x.id: x.node for x in s.supplies}
        demand_node = {x.id: x.node for x in s.demands}
        links = {k.id: k for k in s.links}
        for j, (k, r) in enumerate(zip(self.kind, self.ref, strict=True)):
            if k == _SUPPLY:
                entries.append((row(supply_node[r], commodity_of[r]), j, 1.0))
            elif k == _DEMAND:
                entries.append((row(demand_node[r], commodity_of[r]), j, -1.0))
            else:
                link = links[r]
                entries.append((row(link.source, link.commodity), j, -1.0))
                entries.append((row(link.target, link.commodity), j, 1.0 - link.loss_fraction))
        self.rows: tuple[tuple[str, str], ...] = tuple(row_index)
        self._entries = entries
        # the graph view of the columns, for reachability (games package): a column moves
        # its quantity from ``source_row`` to ``target_row``; -1 where it has no such end
        # (a supply only feeds its node, a demand only draws from it)
        self.source_row = np.full(len(self.kind), -1, dtype=np.int64)
        self.target_row = np.full(len(self.kind), -1, dtype=np.int64)
        for i, j, value in entries:
            if self.kind[j] == _SUPPLY or (self.kind[j] == _LINK and value > 0):
                self.target_row[j] = i
            else:
                self.source_row[j] = i
        self.commodity_of = tuple(
            self.rows[int(max(a, b))][1]
            for a, b in zip(self.source_row, self.target_row, strict=True)
        )
        # the row whose price a supply sells at or a demand buys at (0 for links: unused)
        self._price_row = np.where(self.kind == _SUPPLY, self.target_row, self.source_row)
        self._price_row[self.kind == _LINK] = 0
        self._columns: dict[tuple[int, str | None], np.ndarray] = {}

    def _pass_model(self) -> highspy.Highs:
        # column-wise sparse matrix; entries were appended in column order
        starts = np.zeros(len(self.cost) + 1, dtype=np.int32)
        for _, j, _ in self._entries:
            starts[j + 1] += 1
        self.program = LinearProgram(
            cost=self.cost,
            upper=self.upper,
            n_rows=len(self.rows),
            starts=np.cumsum(starts).astype(np.int32),
            index=np.array([i for i, _, _ in self._entries], dtype=np.int32),
            value=np.array([v for _, _, v in self._entries], dtype=float),
            name=self.scenario.name,
        )
        self._solver = WarmSolver(self.program)
        return self._solver.highs

    # --- coalitions -----------------------------------------------------------------
    def mask(self, coalition: Iterable[str] | None) -> int:
        """Bitmask of a coalition given as actor ids (None: all actors)."""
        if coalition is None:
            return (1 << len(self.actors)) - 1
        bits = 0
        for actor in coalition:
            try:
                bits |= self._bit[actor]
            except KeyError:
                raise InputError(
                    f"coalition: unknown actor {actor!r} (known: {', '.join(self.actors)})"
                ) from None
        return bits

    def coalition_of(self, bits: int) -> frozenset[str]:
        """Actor ids in a bitmask."""
        return frozenset(a for a, b in self._bit.items() if bits & b)

    def usable(self, bits: int) -> np.ndarray:
        """Boolean array over columns: True where the coalition ``bits`` may use the column."""
        return (self.requirement & ~np.int64(bits)) == 0

    def set_usable(self, usable: np.ndarray) -> None:
        """Open the usable columns to their capacity and close the others (upper bound 0).

        Only changed bounds are passed to HiGHS, so the next solve starts warm.
        """
        self._solver.set_usable(usable)

    def welfare_of_usable(self, usable: np.ndarray) -> float:
        """Welfare for a set of usable columns (boolean array over columns), USD m/yr.

        The cheap path of the games package: no coalition bookkeeping, warm re-solve.
        """
        return self._solver.welfare(usable)

    def _run(self) -> float:
        return self._solver.run()

    def welfare(self, coalition: Iterable[str] | int | None = None) -> float:
        """Best total surplus the coalition reaches with what it may use, USD m/yr.

        ``coalition`` as actor ids, a bitmask, or None for all actors. This is v(S).
        """
        bits = coalition if isinstance(coalition, int) else self.mask(coalition)
        self.set_usable(self.usable(bits))
        return self._run()

    def solve(self, coalition: Iterable[str] | int | None = None) -> MarketResult:
        """Solve for a coalition and return the full :class:`MarketResult`."""
        return self._result(self.solve_columns(coalition))

    def solve_columns(self, coalition: Iterable[str] | int | None = None) -> ColumnSolution:
        """Solve for a coalition; the optimum per column (:class:`ColumnSolution`)."""
        bits = coalition if isinstance(coalition, int) else self.mask(coalition)
        welfare = self.welfare(bits)
        solution = self._highs.getSolution()
        x = np.asarray(solution.col_value, dtype=float)
        x = np.where(np.abs(x) < _TOL, 0.0, x)
        duals = np.asarray(solution.row_dual, dtype=float)
        # (price - marginal cost) x produced for a supply, (willingness to pay - price) x
        # served for a demand (whose cost is -wtp); MarketResult's tables read it from here
        price = duals[self._price_row]
        surplus = np.where(self.kind == _SUPPLY, price - self.cost, -self.cost - price) * x
        surplus[self.kind == _LINK] = 0.0
        return ColumnSolution(bits, welfare, x, duals, surplus)

    def columns(self, kind: str, commodity: str | None = None) -> np.ndarray:
        """Indices of the ``kind`` columns (supply, demand or link) of ``commodity``.

        None: all commodities. In column order: the rows of MarketResult's table of that kind.
        """
        code = {"supply": _SUPPLY, "demand": _DEMAND, "link": _LINK}[kind]
        key = (code, commodity)
        if key not in self._columns:
            keep = self.kind == code
            if commodity is not None:
                keep &= np.array([c == commodity for c in self.commodity_of], dtype=bool)
            self._columns[key] = np.flatnonzero(keep)
        return self._columns[key]

    def flow_by_link(self, solution: ColumnSolution) -> dict[str, float]:
        """Link id -> flow entering it at ``solution`` (internal units), in scenario order."""
        links = self.columns("link")
        return dict(zip((self.ref[j] for j in links), solution.x[links].tolist(), strict=True))

    def own_surplus_musd_per_yr(
        self, solution: ColumnSolution, actor: str, commodity: str | None = None
    ) -> float:
        """The actor's producer plus consumer surplus in ``commodity`` (None: all), USD m/yr.

        On the supplies and demands it owns, at the optimum's node prices.
        """
        total = 0.0
        for kind in ("supply", "demand"):
            mine = [j for j in self.columns(kind, commodity) if self.owner[j] == actor]
            total += float(solution.surplus_musd_per_yr[mine].sum())
        return total

    # --- results --------------------------------------------------------------------
    def _result(self, solution: ColumnSolution) -> MarketResult:
        s = self.scenario
        bits, welfare, x = solution.bits, solution.welfare_musd_per_yr, solution.x
        duals = solution.duals
        price = {key: float(duals[i]) for i, key in enumerate(self.rows)}
        usable = self.usable(bits)
        actor_welfare = dict.fromkeys(self.actors, 0.0)
        actor_welfare[UNCONTROLLED] = 0.0

        def node_price(node: str, commodity: str) -> float:
            return price.get((node, commodity), 0.0)

        # a supply's and a demand's block give the same row: quantity, taken, price, surplus
        items: dict[int, dict[str, MarketItem]] = {
            _SUPPLY: {x.id: x for x in s.supplies},
            _DEMAND: {x.id: x for x in s.demands},
        }
        block_rows: dict[int, list[tuple[Any, ...]]] = {_SUPPLY: [], _DEMAND: []}
        flow_rows = []
        for j, (k, r) in enumerate(zip(self.kind, self.ref, strict=True)):
            if k in block_rows:
                item = items[k][r]
                blk = item.blocks[self.block[j]]
                surplus = solution.surplus_musd_per_yr[j]
                actor_welfare[item.owner or UNCONTROLLED] += surplus
                block_rows[k].append(
                    (r, int(self.block[j]), item.node, item.owner, item.commodity,
                     blk.quantity, x[j], blk.price, surplus, bool(usable[j]))
                )  # fmt: skip
            else:
                link = s.link(r)
                p_from = node_price(link.source, link.commodity)
                p_to = node_price(link.target, link.commodity)
                rent = (p_to * (1.0 - link.loss_fraction) - p_from - self.cost[j]) * x[j]
                owners = sorted(link.control) or [UNCONTROLLED]
                for owner in owners:
                    actor_welfare[owner] += rent / len(owners)
                flow_rows.append(
                    (r, link.source, link.target, link.commodity, link.status,
                     ",".join(sorted(link.control)), link.capacity, x[j],
                     x[j] / link.capacity if link.capacity > 0 else 0.0,
                     self.cost[j], rent, bool(usable[j]))
                )  # fmt: skip
        supply_cols = ["supply", "block", "node", "owner", "commodity", "capacity", "produced",
                       "marginal_cost", "producer_surplus_musd_per_yr", "usable"]  # fmt: skip
        demand_cols = ["demand", "block", "node", "owner", "commodity", "quantity", "served",
                       "willingness_to_pay", "consumer_surplus_musd_per_yr", "usable"]  # fmt: skip
        flow_cols = ["link", "from", "to", "commodity", "status", "control", "capacity", "flow",
                     "utilisation", "unit_cost_with_capex", "congestion_rent_musd_per_yr",
                     "usable"]  # fmt: skip
        prices = pd.DataFrame(
            [
                (node, commodity, p, PRICE_UNIT[s.commodity(commodity).kind])
                for (node, commodity), p in price.items()
            ],
            columns=["node", "commodity", "price", "price_unit"],
        )
        if not actor_welfare[UNCONTROLLED]:
            del actor_welfare[UNCONTROLLED]
        split = pd.DataFrame(
            [(a, w, a in self.coalition_of(bits)) for a, w in actor_welfare.items()],
            columns=["actor", "welfare_musd_per_yr", "in_coalition"],
        )
        return MarketResult(
            scenario=s.name,
            coalition=self.coalition_of(bits),
            welfare_musd_per_yr=welfare,
            flows=pd.DataFrame(flow_rows, columns=flow_cols),
            supply=pd.DataFrame(block_rows[_SUPPLY], columns=supply_cols),
            demand=pd.DataFrame(block_rows[_DEMAND], columns=demand_cols),
            prices=prices,
            actor_welfare=split,
        )


def solve(scenario: Scenario, coalition: Iterable[str] | None = None) -> MarketResult:
    """Solve the welfare-maximising flow LP of ``scenario`` for ``coalition``.

    ``coalition`` is a set of actor ids (None: all actors). Returns a
    :class:`MarketResult`; welfare in USD m/yr, quantities in internal units
    (:data:`~corridor.scenario.model.QUANTITY_UNIT`).
    """
    return MarketModel(scenario).solve(coalition)


def quantity_unit(scenario: Scenario, commodity: str) -> str:
    """The internal quantity unit of a commodity of the scenario (bcm/yr or kTEU/yr)."""
    return QUANTITY_UNIT[scenario.commodity(commodity).kind]


def _owners(owner: str | None) -> tuple[str, ...]:
    return () if owner is None else (owner,)


def _clean(value: Any) -> Any:
    if isinstance(value, float | np.floating):
        value = float(value)
        return 0.0 if abs(value) < _TOL else value
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _clean(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


__all__ = [
    "UNCONTROLLED",
    "ColumnSolution",
    "MarketModel",
    "MarketResult",
    "quantity_unit",
    "solve",
]
