"""The scenario data model: immutable, in internal units (see :mod:`corridor.units`).

Nothing here knows a file format or a solver. The loader (:mod:`corridor.scenario.load`)
builds these objects from TOML; the market model reads them.
"""

from __future__ import annotations

import dataclasses
import enum
import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from corridor.errors import InputError, Unavailable
from corridor.scenario.deal_model import Deal, Risk
from corridor.scenario.lookup import by_id
from corridor.scenario.provenance import Provenance
from corridor.scenario.regime_model import Regime

if TYPE_CHECKING:  # loaded with a scenario that has these sections (start-up of the rest)
    from corridor.scenario.negotiation_model import Negotiation
    from corridor.scenario.package_model import Package, Patrons

__all__ = [
    "MAX_ACTORS",
    "PRICE_UNIT",
    "QUANTITY_UNIT",
    "Actor",
    "Benchmark",
    "Block",
    "Commodity",
    "CommodityKind",
    "Demand",
    "Link",
    "LinkStatus",
    "MarketItem",
    "Node",
    "Scenario",
    "Supply",
]

if TYPE_CHECKING:
    from corridor.scenario.freight_model import FreightRoute

CommodityKind = Literal["gas", "containers"]
LinkStatus = Literal["existing", "planned", "option"]

MAX_ACTORS = 62
"""Most actors a scenario may have: the market model keeps each column's required
coalition as a bitmask in a signed 64-bit integer (numpy ``int64``), one bit per actor,
and leaves the top bits free so that complements (``~bits``) stay in range."""

QUANTITY_UNIT: dict[str, str] = {"gas": "bcm/yr", "containers": "kTEU/yr"}
PRICE_UNIT: dict[str, str] = {"gas": "USD/1000m3", "containers": "USD m/kTEU"}


@dataclass(frozen=True, slots=True)
class Actor:
    """A state or firm whose consent an asset may need."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Node:
    """A place; ``territory`` is the actor whose territory it lies in (or None: at sea)."""

    id: str
    name: str
    lat: float
    lon: float
    territory: str | None = None


@dataclass(frozen=True, slots=True)
class Commodity:
    """A traded good. ``kind`` fixes its internal units (:data:`QUANTITY_UNIT`).

    ``value_of_time`` (containers): shippers' cost of a day in transit in USD m per kTEU
    per day (= USD k per TEU per day); already folded into the links' unit costs on load.
    """

    id: str
    kind: CommodityKind
    value_of_time: float = 0.0


@dataclass(frozen=True, slots=True)
class Block:
    """One step of a supply or demand curve.

    ``quantity`` in the commodity's internal rate unit (bcm/yr, kTEU/yr); ``price`` in its
    internal price unit (USD/1000m3, USD m/kTEU): marginal cost for supply, willingness to
    pay for demand.
    """

    quantity: float
    price: float
    sources: Mapping[str, Provenance] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MarketItem:
    """What a supply and a demand are: blocks of one commodity at a node, owned or open."""

    id: str
    node: str
    owner: str | None
    commodity: str
    blocks: tuple[Block, ...]


class Supply(MarketItem):
    """Production capacity at a node, owned by an actor (None: an open market anyone may use)."""

    __slots__ = ()


class Demand(MarketItem):
    """Demand at a node as blocks of quantity and willingness to pay.

    ``owner`` is the actor who gets the consumer surplus (None: an open market).
    """

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Link:
    """A transport link (pipeline, shipping lane, railway) from one node to another.

    Units: ``capacity`` internal rate unit of the commodity; ``unit_cost`` internal price
    unit (variable cost per unit carried, excluding capex); ``capex_musd`` USD m;
    ``lifetime_yr`` years; ``loss_fraction`` share of the inflow used up on the way (fuel
    gas); ``length_km`` route length; ``transit_days`` time in transit (reported only);
    ``build_years`` years from a decision to build to first flow (None: not given; the
    hold-up analysis then takes its own documented default).
    ``waypoints``: ``(lat, lon)`` points in degrees the route passes between its end
    nodes, in order (empty: drawn straight from node to node); for maps only, no model
    reads them. Their provenance is ``sources["waypoints"]``.
    ``control`` is the set of actors whose consent the link needs: a coalition may use the
    link only when it contains all of them; an empty set means anyone may use it.
    Capex counts in welfare only for links that are not ``existing`` (sunk otherwise).
    """

    id: str
    source: str
    target: str
    commodity: str
    capacity: float
    unit_cost: float
    control: frozenset[str]
    status: LinkStatus = "existing"
    capex_musd: float = 0.0
    lifetime_yr: float = 30.0
    build_year: int | None = None
    loss_fraction: float = 0.0
    length_km: float | None = None
    transit_days: float | None = None
    build_years: float | None = None
    name: str = ""
    sources: Mapping[str, Provenance] = field(default_factory=dict)
    design: Mapping[str, Any] = field(default_factory=dict)
    waypoints: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True, slots=True)
class Benchmark:
    """A published figure to compare model output with (e.g. a transit fee estimate).

    ``value``, ``low`` and ``high`` in the internal unit of ``dimension`` (USD m/yr for
    a ``money_rate``).
    """

    id: str
    kind: str
    actor: str | None
    value: float
    dimension: str
    provenance: Provenance
    low: float | None = None
    high: float | None = None
    note: str = ""


class _Unchanged(enum.Enum):
    """Default of a section argument of :meth:`Scenario.with_changes`: keep the section."""

    KEEP = "keep"


@dataclass(frozen=True)
class Scenario:
    """A complete corridor scenario, in internal units. Immutable.

    ``discount_rate`` per year (0.08 = 8 %); ``horizon_yr`` years from ``base_year``.
    ``deal`` the deal terms of its ``[deal]`` section and ``risk`` the uncertain
    parameters, disruption hazard and guarantee of its ``[risk]`` section (None: none);
    ``negotiation`` the issues and stances of its ``[negotiation]`` section (None: none);
    ``package`` and ``patrons`` its ``[negotiation.package]`` and ``[negotiation.patrons]``.
    Use :meth:`with_changes` to derive a modified copy for what-if analysis.
    """

    name: str
    title: str
    actors: tuple[Actor, ...]
    nodes: tuple[Node, ...] = ()
    commodities: tuple[Commodity, ...] = ()
    supplies: tuple[Supply, ...] = ()
    demands: tuple[Demand, ...] = ()
    links: tuple[Link, ...] = ()
    description: str = ""
    base_year: int = 2011
    horizon_yr: float = 30.0
    discount_rate: float = 0.08
    benchmarks: tuple[Benchmark, ...] = ()
    deal: Deal | None = None
    risk: Risk | None = None
    sources: Mapping[str, Provenance] = field(default_factory=dict)
    source_file: str | None = None
    source_sha256: str | None = None
    negotiation: Negotiation | None = None
    negotiation_from: str | None = None
    package: Package | None = None
    patrons: Patrons | None = None
    freight_routes: tuple[FreightRoute, ...] = ()
    regimes: tuple[Regime, ...] = ()
    document: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)
    overrides: tuple[str, ...] = field(default=(), compare=False)

    # --- look-ups -------------------------------------------------------------------
    @property
    def actor_ids(self) -> tuple[str, ...]:
        """Actor ids in file order."""
        return tuple(a.id for a in self.actors)

    def actor(self, actor_id: str) -> Actor:
        """The actor with this id (KeyError if none)."""
        return by_id(self.actors, actor_id, "actor")

    def node(self, node_id: str) -> Node:
        """The node with this id (KeyError if none)."""
        return by_id(self.nodes, node_id, "node")

    def link(self, link_id: str) -> Link:
        """The link with this id (KeyError if none)."""
        return by_id(self.links, link_id, "link")

    def commodity(self, commodity_id: str) -> Commodity:
        """The commodity with this id (KeyError if none)."""
        return by_id(self.commodities, commodity_id, "commodity")

    def controllers(self, commodity: str | None = None) -> tuple[str, ...]:
        """Actors that control at least one asset (own a supply or demand, or control a link).

        These are the default players of the coalition game, in file order; with
        ``commodity``, those of that commodity's game.
        """
        owners = [s.owner for s in self.supplies if commodity in (None, s.commodity)]
        owners += [d.owner for d in self.demands if commodity in (None, d.commodity)]
        involved = {owner for owner in owners if owner is not None}
        for link in self.links:
            if commodity in (None, link.commodity):
                involved |= link.control
        return tuple(a for a in self.actor_ids if a in involved)

    def traded_commodities(self) -> tuple[str, ...]:
        """Commodities with a supply and a demand, in file order (others have nothing to trade)."""
        sold, bought = {s.commodity for s in self.supplies}, {d.commodity for d in self.demands}
        return tuple(c.id for c in self.commodities if c.id in sold & bought)

    def game_players(
        self, commodity: str | None = None, players: Sequence[str] | None = None
    ) -> tuple[str, ...]:
        """The players of a coalition game: ``players``, else :meth:`controllers`.

        Fewer than two are refused, as a game of one has no coalitions to share gains
        among: an ``InputError`` naming ``players`` when given, else ``Unavailable``.
        """
        chosen = tuple(players) if players is not None else self.controllers(commodity)
        if len(chosen) >= 2:
            return chosen
        got = f"{len(chosen)} ({', '.join(chosen)})" if chosen else "0"
        if players is not None:
            raise InputError(
                f"a coalition game needs at least two players, got {got}", parameter="players"
            )
        who = f"only 1 player ({chosen[0]})" if chosen else "no players"
        raise Unavailable(f"scenario {self.name!r}: the {commodity or 'coalition'} game has "
                          f"{who}; a coalition game needs at least two")  # fmt: skip

    def open_market_supplies(
        self, commodity: str | None = None, *, kind: CommodityKind | None = None
    ) -> tuple[Supply, ...]:
        """Supplies nobody owns (the world LNG market), in file order.

        Every coalition may draw on them. ``commodity`` keeps those of one commodity id,
        ``kind`` those of one commodity kind (None: no filter).
        """
        kinds = {c.id: c.kind for c in self.commodities}
        return tuple(
            s
            for s in self.supplies
            if s.owner is None
            and commodity in (None, s.commodity)
            and kind in (None, kinds.get(s.commodity))
        )

    def sources_table(self) -> list[tuple[str, str, str | None, str | None]]:
        """Every sourced number: (item path, field, source, assumption), in file order.

        Paths use the ``with_changes`` syntax (``links.overland.capacity``).
        """
        rows: list[tuple[str, str, str | None, str | None]] = []

        def add(path: str, sources: Mapping[str, Provenance]) -> None:
            for name, prov in sources.items():
                rows.append((path, name, prov.source, prov.assumption))

        add("scenario", self.sources)
        for collection in ("supplies", "demands"):
            for item in getattr(self, collection):
                for b, blk in enumerate(item.blocks):
                    add(f"{collection}.{item.id}.blocks[{b + 1}]", blk.sources)
        for link in self.links:
            add(f"links.{link.id}", link.sources)
        for bench in self.benchmarks:
            add(f"benchmarks.{bench.id}", {"value": bench.provenance})
        return rows

    # --- what-if --------------------------------------------------------------------
    def with_changes(
        self,
        changes: Mapping[str, Any] | None = None,
        *,
        deal: Deal | _Unchanged | None = _Unchanged.KEEP,
        risk: Risk | _Unchanged | None = _Unchanged.KEEP,
        negotiation: Negotiation | _Unchanged | None = _Unchanged.KEEP,
        **fields: Any,
    ) -> Scenario:
        """Return a copy with some values changed; the original is left as it is.

        ``deal``, ``risk`` and ``negotiation`` replace those sections (None removes one);
        other keyword arguments replace top-level fields (``discount_rate=0.1``).
        ``changes`` maps dotted paths to new values, addressing an item of a collection by
        its id: ``{"links.overland.capacity": 8.0, "supplies.rfe.blocks": (...)}``. Values
        are in internal units. ``{"links.subsea": None}`` removes an item.

        Raises :class:`~corridor.errors.InputError` on an unknown path or a section of the
        wrong type.
        """
        from corridor.scenario.negotiation_model import Negotiation

        for name, value, kind in (
            ("deal", deal, Deal),
            ("risk", risk, Risk),
            ("negotiation", negotiation, Negotiation),
        ):
            if value is _Unchanged.KEEP:
                continue
            if value is not None and not isinstance(value, kind):
                raise InputError(f"with_changes: {name} must be a {kind.__name__} or None")
            fields[name] = value
        for name, value in fields.items():
            if name in _SCENARIO_NUMBERS:
                _check_number(name, value, *_SCENARIO_NUMBERS[name])
        scenario = dataclasses.replace(self, **fields) if fields else self
        for path, value in (changes or {}).items():
            scenario = _apply_change(scenario, path, value)
        return scenario

    def with_overrides(
        self, overrides: Mapping[str, Any] | Sequence[str] | None = None, *,
        drop: Sequence[str] = (), origin: str = "override",
    ) -> Scenario:  # fmt: skip
        """A copy re-built from this scenario's document with values changed in file syntax.

        ``overrides`` as for :func:`~corridor.scenario.load_scenario` (``{"deal.
        alternative_price": "15 USD/MMBtu"}`` or ``["PATH=VALUE"]``), validated like the
        file; designed links are sized again. Overrides add to those already applied.
        InputError for a scenario built in code (it has no document).
        """
        from corridor.scenario.load import from_document
        from corridor.scenario.overrides import as_overrides

        if self.document is None:
            raise InputError("with_overrides: this scenario has no file document (built in "
                             "code); use with_changes, in internal units")  # fmt: skip
        done = from_document(self.document, "", self.source_file or "<scenario>",
                             overrides=as_overrides(overrides, drop), origin=origin,
                             base_sha256=self.source_sha256)  # fmt: skip
        return dataclasses.replace(done, overrides=self.overrides + done.overrides)

    def to_toml(self) -> str:
        """The scenario as TOML that loads back to an equal scenario (see ``scenario.write``)."""
        from corridor.scenario.write import to_toml

        return to_toml(self)

    def without_links(self, link_ids: Iterable[str]) -> Scenario:
        """Return a copy without the named links (e.g. to remove a route)."""
        drop = set(link_ids)
        unknown = drop - {link.id for link in self.links}
        if unknown:
            raise InputError(f"unknown link id(s): {', '.join(sorted(unknown))}")
        return dataclasses.replace(self, links=tuple(k for k in self.links if k.id not in drop))


_COLLECTIONS = ("actors", "nodes", "commodities", "supplies", "demands", "links", "benchmarks")


# field: (internal unit, lowest value, whether the lowest is allowed, None allowed)
_LINK_NUMBERS: dict[str, tuple[str, float, bool, bool]] = {
    "capacity": ("the commodity's rate unit, bcm/yr or kTEU/yr", 0.0, True, False),
    "unit_cost": ("the commodity's price unit, USD/1000m3 or USD m/kTEU", 0.0, True, False),
    "capex_musd": ("USD m", 0.0, True, False),
    "lifetime_yr": ("yr", 0.0, False, False),
    "loss_fraction": ("a fraction below 1", 0.0, True, False),
    "length_km": ("km", 0.0, True, True),
    "transit_days": ("d", 0.0, True, True),
}
_SCENARIO_NUMBERS: dict[str, tuple[str, float, bool, bool]] = {
    "discount_rate": ("1/yr, 0.08 = 8 %", 0.0, True, False),
    "horizon_yr": ("yr", 0.0, False, False),
}


def _check_number(path: str, value: Any, unit: str, lowest: float, inclusive: bool,
                  optional: bool) -> None:  # fmt: skip
    """with_changes takes internal units: a finite number in range, not '12 bcm/yr'."""
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise InputError(f"with_changes: {path!r}: expected a number in {unit}, got {value!r} "
                         "(file syntax such as '12 bcm/yr' goes to with_overrides)")  # fmt: skip
    number = float(value)
    bound = f"at least {lowest:g}" if inclusive else f"above {lowest:g}"
    if path.endswith("loss_fraction") and number >= 1:
        bound, lowest = "below 1", math.inf
    if number < lowest or (number == lowest and not inclusive):
        raise InputError(f"with_changes: {path!r}: must be {bound} ({unit}), got {value!r}")


def _apply_change(scenario: Scenario, path: str, value: Any) -> Scenario:
    parts = path.split(".")
    if len(parts) == 1:
        if parts[0] not in {f.name for f in dataclasses.fields(Scenario)}:
            raise InputError(f"with_changes: unknown scenario field {parts[0]!r}")
        if parts[0] in _SCENARIO_NUMBERS:
            _check_number(path, value, *_SCENARIO_NUMBERS[parts[0]])
        return dataclasses.replace(scenario, **{parts[0]: value})
    collection, item_id, *attrs = parts
    if collection not in _COLLECTIONS:
        raise InputError(f"with_changes: {path!r}: unknown collection {collection!r}")
    items = list(getattr(scenario, collection))
    index = next((i for i, item in enumerate(items) if item.id == item_id), None)
    if index is None:
        raise InputError(f"with_changes: {path!r}: no item with id {item_id!r} in {collection}")
    if not attrs:
        if value is not None:
            raise InputError(f"with_changes: {path!r}: only None (remove) may replace an item")
        del items[index]
    else:
        if len(attrs) != 1:
            raise InputError(f"with_changes: {path!r}: nested attributes are not supported")
        item = items[index]
        if attrs[0] not in {f.name for f in dataclasses.fields(item)}:
            raise InputError(f"with_changes: {path!r}: unknown field {attrs[0]!r}")
        if attrs[0] == "control":
            if isinstance(value, str) or not all(isinstance(a, str) for a in value):
                raise InputError(f"with_changes: {path!r}: control must be actor ids")
            value = frozenset(value)
        if isinstance(item, Link) and attrs[0] in _LINK_NUMBERS:
            _check_number(path, value, *_LINK_NUMBERS[attrs[0]])
        if attrs[0] == "blocks" and not (
            isinstance(value, tuple | list) and value and all(isinstance(b, Block) for b in value)
        ):
            raise InputError(f"with_changes: {path!r}: blocks must be a sequence of Block")
        if attrs[0] == "blocks":
            value = tuple(value)
        items[index] = dataclasses.replace(item, **{attrs[0]: value})
    changed: dict[str, Any] = {collection: tuple(items)}
    return dataclasses.replace(scenario, **changed)
