"""Load a scenario file: parse, validate everything, convert to internal units.

Every problem is collected and reported at once as ``file:line: key.path: message``
(:class:`~corridor.errors.ScenarioError`). Key paths name items by id where they have one
(``links.overland.capacity``), else by 1-based position (``links[3]``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Collection, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from corridor import units
from corridor.errors import ScenarioError
from corridor.scenario import model as m
from corridor.scenario import schema as sc
from corridor.scenario.collector import Collector
from corridor.scenario.deal_model import Deal, Risk
from corridor.scenario.deal_schema import DealFile, RiskFile
from corridor.scenario.design import scenario_discount_rate
from corridor.scenario.design_memo import derive_link_memo
from corridor.scenario.freight_routes import build_freight_routes
from corridor.scenario.freight_spec import derive_freight
from corridor.scenario.library import bundled_names
from corridor.scenario.load_cached import load, load_scenario
from corridor.scenario.load_deal import build_deal, build_risk
from corridor.scenario.load_negotiation import build_negotiation
from corridor.scenario.load_regimes import with_tables
from corridor.scenario.negotiation_model import Negotiation
from corridor.scenario.negotiation_schema import NegotiationFile
from corridor.scenario.overrides import Override, OverridesArg, apply_overrides, as_overrides, blame
from corridor.scenario.provenance import KeyPath, Provenance, inherit
from corridor.scenario.source import parse_document, read_document

__all__ = ["from_document", "load", "load_scenario", "load_uncached", "loads"]

_DEFAULT_HORIZON_YR = 30.0
_DEFAULT_DISCOUNT_RATE = 0.08


def load_uncached(path: str | Path, overrides: OverridesArg = None, *, drop: Sequence[str] = (),
                  origin: str = "override") -> m.Scenario:  # fmt: skip
    """Load and validate a scenario file afresh, not through the cache (:func:`load` is).

    Overrides: see :func:`~corridor.scenario.load_cached.load_scenario`.

    Raises :class:`~corridor.errors.ScenarioError` listing every problem found.
    """
    text, document = read_document(str(path))
    return from_document(document, text, str(path), overrides=as_overrides(overrides, drop),
                         origin=origin)  # fmt: skip


def loads(text: str, file: str = "<string>", *, allow_paths: bool = True) -> m.Scenario:
    """Load a scenario from TOML text; ``file`` names it in messages.

    ``allow_paths=False`` (text from the network) accepts no file paths inside the text:
    ``negotiation_from`` must then name a bundled scenario.
    """
    return from_document(parse_document(text, file), text, file, allow_paths=allow_paths)


def from_document(
    document: Mapping[str, Any], text: str, file: str, *, allow_paths: bool = True,
    overrides: Sequence[Override] = (), origin: str = "override", base_sha256: str | None = None,
) -> m.Scenario:  # fmt: skip
    """Build a scenario from parsed TOML (left unchanged) after applying ``overrides``.

    ``text``: the TOML parsed (for line numbers; "" if none). The scenario keeps the
    document it was built from; a problem of an overridden value names the override. Its
    digest: of ``text`` (or ``base_sha256``), then of that and the overrides if any.
    """
    changed, where = apply_overrides(document, overrides, origin=origin)
    out = Collector(file, text, changed)
    dropped = _link_ids(document) - _link_ids(changed)  # by an override, not misspelt
    build = partial(_build, out=out, file=file, allow_paths=allow_paths, dropped=dropped)
    scenario = with_tables(changed, out, build)
    if out.problems or scenario is None:
        out.problems.sort(key=lambda p: (p.line, p.path))
        raise ScenarioError(blame(out.problems, where, out.display))
    labels = tuple(o.label for o in overrides)
    digest = base_sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    if labels:
        digest = hashlib.sha256("\n".join((digest, *labels)).encode("utf-8")).hexdigest()
    return dataclasses.replace(scenario, source_sha256=digest, document=changed, overrides=labels)


# --- building the model --------------------------------------------------------------
def _link_ids(document: Mapping[str, Any]) -> set[str]:
    links = document.get("links")
    rows = links if isinstance(links, list) else []
    return {k["id"] for k in rows if isinstance(k, dict) and isinstance(k.get("id"), str)}


def _build(
    document: Mapping[str, Any], out: Collector, file: str, allow_paths: bool = True,
    dropped: Collection[str] = (),
) -> m.Scenario | None:  # fmt: skip
    allowed = {"scenario", "negotiation", "deal", "risk", "freight_routes", *sc.SECTIONS,
               *sc.FREE_FORM_SECTIONS}  # fmt: skip
    for key in document:
        if key not in allowed:
            out.add((key,), f"unknown section (expected one of: {', '.join(sorted(allowed))})")
    if "scenario" not in document:
        out.add((), "missing [scenario] table")
    header = out.check(sc.ScenarioHeader, document.get("scenario", {}), ("scenario",))
    items: dict[str, list[tuple[int, Any]]] = {}
    for section, model in sc.SECTIONS.items():
        raw = document.get(section, [])
        if not isinstance(raw, list):
            out.add((section,), f"must be an array of tables ([[{section}]])")
            raw = []
        items[section] = [
            (i, valid)
            for i, entry in enumerate(raw)
            if (valid := out.check(model, entry, (section, i))) is not None
        ]
    if not document.get("actors"):
        out.add(("actors",), "a scenario needs at least one [[actors]] entry")
    elif isinstance(document["actors"], list) and len(document["actors"]) > m.MAX_ACTORS:
        out.add(("actors", m.MAX_ACTORS), f"more than {m.MAX_ACTORS} actors, the most the "
                "market model supports (one bit per actor in a 64-bit coalition mask)")  # fmt: skip

    ids = _known_ids(document, out)
    ctx = _Context(out, ids, items)
    actors = tuple(m.Actor(a.id, a.name) for _, a in items["actors"])
    nodes = tuple(ctx.node(i, n) for i, n in items["nodes"])
    commodities = tuple(ctx.commodity(i, c) for i, c in items["commodities"])
    supplies = tuple(ctx.supply(i, s) for i, s in items["supplies"])
    demands = tuple(ctx.demand(i, d) for i, d in items["demands"])
    links = tuple(ctx.link(i, k) for i, k in items["links"])
    benchmarks = tuple(ctx.benchmark(i, b) for i, b in items["benchmarks"])
    negotiation = _negotiation(document, out, [a.id for _, a in items["actors"]])
    freight_routes, problems = build_freight_routes(
        document.get("freight_routes", []), [k for k in links if k is not None], out.check
    )
    for path, message in problems:
        out.add(path, message)
    deal, risk = _deal_and_risk(document, out, items, dropped)
    if header is None:
        return None
    head_prov = inherit(header)
    head_sources: dict[str, Provenance] = {}
    horizon = out.measure(
        ("scenario", "horizon"), header.horizon, units.DURATION, head_prov, head_sources
    )
    rate = out.measure(
        ("scenario", "discount_rate"), header.discount_rate, units.RATE, head_prov, head_sources
    )
    companion = _companion(header.negotiation_from, file, out, allow_paths)
    if out.problems:
        return None
    return m.Scenario(
        name=header.name,
        title=header.title,
        description=header.description,
        base_year=header.base_year,
        horizon_yr=_DEFAULT_HORIZON_YR if horizon is None else horizon,
        discount_rate=_DEFAULT_DISCOUNT_RATE if rate is None else rate,
        actors=actors,
        nodes=nodes,
        commodities=commodities,
        supplies=supplies,
        demands=demands,
        links=links,  # type: ignore[arg-type]  # None items only when problems were found
        benchmarks=benchmarks,  # type: ignore[arg-type]
        deal=deal,
        risk=risk,
        sources=head_sources,
        source_file=file,
        negotiation=negotiation,
        negotiation_from=companion,
        freight_routes=freight_routes,
    )


def _companion(value: str | None, file: str, out: Collector, allow_paths: bool) -> str | None:
    """``[scenario] negotiation_from``: a bundled name, or a file path made absolute."""
    if value is None or value in bundled_names():
        return value
    if not allow_paths:
        out.add(
            ("scenario", "negotiation_from"),
            f"must name a bundled scenario here, not a file ({', '.join(bundled_names())})",
        )
        return None
    path = Path(value)
    if not path.is_absolute():
        path = Path(file).parent / path
    if path.is_file():
        return str(path.resolve())
    out.add(
        ("scenario", "negotiation_from"),
        f"no bundled scenario or file {value!r} (bundled: {', '.join(bundled_names())})",
    )
    return None


def _negotiation(
    document: Mapping[str, Any], out: Collector, actor_ids: Sequence[str]
) -> Negotiation | None:
    """Check and build the ``[negotiation]`` section, recording its problems with the rest."""
    if "negotiation" not in document:
        return None
    parsed = out.check(NegotiationFile, document["negotiation"], ("negotiation",))
    if parsed is None:
        return None
    return build_negotiation(parsed, out, actor_ids)


def _deal_and_risk(
    document: Mapping[str, Any], out: Collector, items: dict[str, list[tuple[int, Any]]],
    dropped: Collection[str] = (),
) -> tuple[Deal | None, Risk | None]:  # fmt: skip
    """Check and build the ``[deal]`` and ``[risk]`` sections, recording their problems."""
    actor_ids = [a.id for _, a in items["actors"]]
    deal = None
    if "deal" in document:
        parsed = out.check(DealFile, document["deal"], ("deal",))
        if parsed is not None:
            header = document.get("scenario", {})
            base_year = header.get("base_year") if isinstance(header, dict) else None
            deal = build_deal(
                parsed,
                out,
                actor_ids,
                link_ids=[k.id for _, k in items["links"]],
                supply_ids=[x.id for _, x in items["supplies"]],
                base_year=base_year if isinstance(base_year, int) else 1900,
            )
    if "risk" not in document:
        return deal, None
    parsed_risk = out.check(RiskFile, document["risk"], ("risk",))
    if parsed_risk is None:
        return deal, None
    links = [k.id for _, k in items["links"]]
    return deal, build_risk(parsed_risk, out, actor_ids, deal, link_ids=links, dropped=dropped)


def _known_ids(document: Mapping[str, Any], out: Collector) -> dict[str, dict[str, str]]:
    """Ids per section, taken from the raw file so that one invalid item does not cascade.

    Reports duplicates. Values map id -> commodity kind for commodities ("" otherwise).
    """
    known: dict[str, dict[str, str]] = {}
    for section in sc.SECTIONS:
        seen: dict[str, str] = {}
        raw = document.get(section, [])
        for i, entry in enumerate(raw if isinstance(raw, list) else []):
            ident = entry.get("id") if isinstance(entry, dict) else None
            if not isinstance(ident, str) or not re.fullmatch(sc.ID_PATTERN, ident):
                continue  # reported by the item's own check
            if ident in seen:
                out.add((section, i, "id"), f"duplicate id {ident!r} in {section}")
            seen[ident] = str(entry.get("kind", "")) if section == "commodities" else ""
        known[section] = seen
    return known


class _Context:
    """Turns validated file items into model objects, checking references and units."""

    def __init__(
        self,
        out: Collector,
        ids: dict[str, dict[str, str]],
        items: dict[str, list[tuple[int, Any]]],
    ):
        self.out = out
        self.ids = ids
        self.items = items
        # containers: value of time (internal units) and its provenance, per commodity id
        self.value_of_time: dict[str, tuple[float, Provenance]] = {}

    def ref(self, path: KeyPath, value: str | None, section: str, what: str) -> None:
        if value is not None and value not in self.ids[section]:
            known = ", ".join(sorted(self.ids[section])) or "none defined"
            self.out.add(path, f"unknown {what} {value!r} (known: {known})")

    def kind(self, commodity: str) -> str | None:
        kind = self.ids["commodities"].get(commodity)
        return kind if kind in m.QUANTITY_UNIT else None

    def node(self, i: int, node: sc.NodeFile) -> m.Node:
        path = ("nodes", i)
        self.ref((*path, "territory"), node.territory, "actors", "actor")
        if inherit(node) is None:
            self.out.add(path, "coordinates have no source or assumption")
        return m.Node(node.id, node.name, node.lat, node.lon, node.territory)

    def commodity(self, i: int, commodity: sc.CommodityFile) -> m.Commodity:
        path = ("commodities", i, "value_of_time")
        if commodity.value_of_time is None:
            return m.Commodity(commodity.id, commodity.kind)
        if commodity.kind != "containers":
            self.out.add(path, "a value of time applies to containers only")
            return m.Commodity(commodity.id, commodity.kind)
        found: dict[str, Provenance] = {}
        vot = self.out.measure(path, commodity.value_of_time, units.BOX_TIME_VALUE, None, found)
        if vot is None:
            return m.Commodity(commodity.id, commodity.kind)
        if "value_of_time" in found:
            self.value_of_time[commodity.id] = (vot, found["value_of_time"])
        return m.Commodity(commodity.id, commodity.kind, vot)

    def _blocks(
        self,
        path: KeyPath,
        blocks: Sequence[sc.SupplyBlockFile | sc.DemandBlockFile],
        kind: str | None,
        parent: Provenance | None,
    ) -> tuple[m.Block, ...]:
        rate = _dimension(kind, "rate")
        price = _dimension(kind, "price")
        result = []
        for b, blk in enumerate(blocks):
            prov = inherit(blk, parent)
            if isinstance(blk, sc.SupplyBlockFile):
                qty_name, qty, price_name, price_value = "capacity", blk.capacity, "cost", blk.cost
            else:
                qty_name, qty = "quantity", blk.quantity
                price_name, price_value = "willingness_to_pay", blk.willingness_to_pay
            found: dict[str, Provenance] = {}
            q = self.out.measure((*path, "blocks", b, qty_name), qty, rate, prov, found)
            p = self.out.measure((*path, "blocks", b, price_name), price_value, price, prov, found)
            sources = {"quantity": found.get(qty_name), "price": found.get(price_name)}
            result.append(
                m.Block(q or 0.0, p or 0.0, {k: v for k, v in sources.items() if v is not None})
            )
        return tuple(result)

    def _market_item(self, section: str, i: int, item: sc.SupplyFile | sc.DemandFile) -> Any:
        path = (section, i)
        self.ref((*path, "node"), item.node, "nodes", "node")
        self.ref((*path, "owner"), item.owner, "actors", "actor")
        self.ref((*path, "commodity"), item.commodity, "commodities", "commodity")
        blocks = self._blocks(path, item.blocks, self.kind(item.commodity), inherit(item))
        cls = m.Supply if section == "supplies" else m.Demand
        return cls(item.id, item.node, item.owner, item.commodity, blocks)

    def supply(self, i: int, supply: sc.SupplyFile) -> m.Supply:
        result: m.Supply = self._market_item("supplies", i, supply)
        return result

    def demand(self, i: int, demand: sc.DemandFile) -> m.Demand:
        result: m.Demand = self._market_item("demands", i, demand)
        return result

    def link(self, i: int, link: sc.LinkFile) -> m.Link | None:
        path = ("links", i)
        self.ref((*path, "from"), link.from_node, "nodes", "node")
        self.ref((*path, "to"), link.to_node, "nodes", "node")
        self.ref((*path, "commodity"), link.commodity, "commodities", "commodity")
        for c, actor in enumerate(link.control):
            self.ref((*path, "control", c), actor, "actors", "actor")
        if link.from_node == link.to_node:
            self.out.add((*path, "to"), f"link goes from node {link.from_node!r} to itself")
        kind = self.kind(link.commodity)
        prov = inherit(link)
        sources: dict[str, Provenance] = {}

        def num(name: str, dimension: str | None) -> float | None:
            return self.out.measure((*path, name), getattr(link, name), dimension, prov, sources)

        capacity = num("capacity", _dimension(kind, "rate"))
        unit_cost = num("unit_cost", _dimension(kind, "price"))
        capex = num("capex", units.MONEY)
        lifetime = num("lifetime", units.DURATION)
        loss = num("loss", units.FRACTION)
        length = num("length", units.LENGTH)
        transit = num("transit_time", units.DAYS)
        build = num("build_time", units.DURATION)
        if build is not None and build <= 0:
            self.out.add((*path, "build_time"), "build time must be positive")
        if loss is not None and loss >= 1:
            self.out.add((*path, "loss"), f"loss must be below 100 %, got {loss:.0%}")
        if lifetime is not None and lifetime <= 0:
            self.out.add((*path, "lifetime"), "lifetime must be positive")
        design: Mapping[str, Any] = {}
        if link.freight is not None and kind not in (None, "containers"):
            self.out.add((*path, "freight"), f"a freight route needs containers, not {kind}")
            return None
        if link.pipeline is not None or link.lng is not None:
            if kind is None:
                return None
            if kind != "gas":
                self.out.add(path, f"a pipeline or lng design needs a gas commodity, not {kind}")
                return None
            derived = derive_link_memo(
                self.out,
                self.out.document["links"][i],
                path,
                prov,
                scenario_discount_rate(self.out.document, _DEFAULT_DISCOUNT_RATE),
                lifetime or 30.0,
            )
            if derived is None:
                return None
            capacity, unit_cost, capex = derived.capacity, derived.unit_cost, derived.capex_musd
            loss, length, design = derived.loss_fraction, derived.length_km, derived.design
            sources.update(derived.sources)
        elif link.freight is not None:
            route = derive_freight(
                link.freight,
                self.out.document["links"][i],
                path,
                prov,
                check=self.out.check,
                measure=self.out.measure,
                report=self.out.add,
            )
            if route is None or kind is None:
                return None
            unit_cost, transit, length = route.unit_cost, route.transit_days, route.length_km
            design = route.design
            sources.update(route.sources)
            if capacity is None:
                self.out.add((*path, "capacity"), "required key is missing")
        else:
            for name in ("capacity", "unit_cost"):
                if getattr(link, name) is None:
                    self.out.add((*path, name), "required key is missing (or give a design)")
        if link.commodity in self.value_of_time and unit_cost is not None:
            # generalised cost: what shippers weigh routes by, tariff + value of time x days
            vot, vot_source = self.value_of_time[link.commodity]
            if transit is None:
                self.out.add((*path, "transit_time"), "required key is missing (the "
                             "commodity has a value_of_time: unit cost = tariff + value of "
                             "time x transit time)")  # fmt: skip
            else:
                unit_cost += vot * transit
                sources["value_of_time"] = vot_source
        if link.route is not None:
            if (found := inherit(link.route, link)) is None:
                self.out.add((*path, "route"), "waypoints have no source or assumption")
            else:
                sources["waypoints"] = found
        if capacity is None or unit_cost is None:
            return None
        return m.Link(
            id=link.id,
            name=link.name,
            source=link.from_node,
            target=link.to_node,
            commodity=link.commodity,
            capacity=capacity,
            unit_cost=unit_cost,
            control=frozenset(link.control),
            status=link.status,
            capex_musd=capex or 0.0,
            lifetime_yr=lifetime or 30.0,
            build_year=link.build_year,
            loss_fraction=loss or 0.0,
            length_km=length,
            transit_days=transit,
            build_years=build,
            sources=sources,
            design=design,
            waypoints=tuple(link.route.waypoints) if link.route else (),
        )

    def benchmark(self, i: int, bench: sc.BenchmarkFile) -> m.Benchmark | None:
        path = ("benchmarks", i)
        self.ref((*path, "actor"), bench.actor, "actors", "actor")
        prov = inherit(bench.value, bench) or Provenance()
        try:
            dimension = units.dimension_of(bench.value.unit)
        except units.UnitError as exc:
            self.out.add((*path, "value", "unit"), str(exc))
            return None
        value = self.out.measure((*path, "value"), bench.value, dimension, prov)

        def bound(x: float | None) -> float | None:
            return None if x is None else units.to_internal(x, bench.value.unit)

        if value is None:
            return None
        return m.Benchmark(
            id=bench.id,
            kind=bench.kind,
            actor=bench.actor,
            value=value,
            dimension=dimension,
            provenance=prov,
            low=bound(bench.value.low),
            high=bound(bench.value.high),
            note=bench.note,
        )


def _dimension(kind: str | None, what: str) -> str | None:
    internal = m.QUANTITY_UNIT if what == "rate" else m.PRICE_UNIT
    return None if kind is None else units.dimension_of(internal[kind])
