"""Writing a scenario as a TOML file that loads back to an equal scenario.

A scenario loaded from a file keeps the document it was built from (after overrides,
with the overridden numbers' provenance); :func:`to_toml` writes that document, so every
source, assumption, design table and section survives as written (comments do not: TOML
parsers drop them). A scenario built in code (``games.synthetic``) has no document; its
model is written instead, numbers in internal units (``bcm/yr``, ``USD/1000m3``, ``USD m``)
so that they load back exactly, each with its provenance or the assumption
``"unspecified"`` (:data:`~corridor.scenario.provenance.UNSPECIFIED`). Such a scenario
may hold the market only (actors, nodes, commodities, supplies, demands, links and
benchmarks): a deal, risk, negotiation or freight route built in code is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from typing import Any

import tomli_w
from pydantic import TypeAdapter, ValidationError

from corridor import units
from corridor.errors import InputError
from corridor.scenario.library import bundled_names
from corridor.scenario.model import PRICE_UNIT, QUANTITY_UNIT, Block, Link, Scenario
from corridor.scenario.provenance import UNSPECIFIED, Provenance
from corridor.scenario.schema import Id

__all__ = ["TEMPLATE_NAME", "scenario_document", "template", "to_toml"]

TEMPLATE_NAME = "__NAME__"
"""The placeholder of the template corridor's name (``templates/corridor.toml``)."""


def to_toml(scenario: Scenario) -> str:
    """The scenario as TOML text, with a header comment saying where it came from."""
    header = [f"# corridor scenario {scenario.name!r}, written by corridor"]
    if scenario.source_file:
        header.append(f"# from {scenario.source_file}")
    header += [f"# override: {text}" for text in scenario.overrides]
    if scenario.document is None:
        header.append("# built in code; numbers in internal units")
    body = tomli_w.dumps(scenario_document(scenario), multiline_strings=True)
    return "\n".join(header) + "\n\n" + body


def scenario_document(scenario: Scenario) -> dict[str, Any]:
    """The TOML document (a dict) of ``scenario``: its own, or one made from the model.

    A companion named by a relative path (``negotiation_from``) is made absolute, so the
    written file finds it from any folder.
    """
    if scenario.document is None:
        return _from_model(scenario)
    document = dict(scenario.document)
    companion = scenario.negotiation_from
    if companion is not None and companion not in bundled_names():
        document["scenario"] = {**document["scenario"], "negotiation_from": companion}
    return document


def template(name: str) -> str:
    """The commented template corridor (``templates/corridor.toml``) named ``name``.

    The text is copied, not re-serialised, so its comments survive. InputError when
    ``name`` is not an id (letters, digits, ``_ . -``).
    """
    try:
        TypeAdapter(Id).validate_python(name)
    except ValidationError:
        raise InputError(
            f"scenario name {name!r}: use up to 64 letters, digits and _ . - (no spaces)"
        ) from None
    folder = resources.files("corridor.scenario") / "templates"
    text = (folder / "corridor.toml").read_text(encoding="utf-8")
    return text.replace(TEMPLATE_NAME, name)


# --- a scenario built in code ----------------------------------------------------------


def _measure(value: float, unit: str, prov: Provenance | None) -> dict[str, Any]:
    return _sourced({"value": float(value), "unit": unit}, prov)


def _sourced(table: dict[str, Any], prov: Provenance | None) -> dict[str, Any]:
    prov = prov or UNSPECIFIED
    if prov.source:
        table["source"] = prov.source
    if prov.assumption:
        table["assumption"] = prov.assumption
    return table


def _from_model(scenario: Scenario) -> dict[str, Any]:
    refused = [name for name in ("deal", "risk", "negotiation") if getattr(scenario, name)]
    refused += ["freight_routes"] if scenario.freight_routes else []
    if refused:
        raise InputError(
            f"to_toml: a scenario built in code is written with its market only, not "
            f"{', '.join(refused)}"
        )
    kinds = {c.id: c.kind for c in scenario.commodities}
    head: dict[str, Any] = {
        "name": scenario.name,
        "title": scenario.title,
        "description": scenario.description,
        "base_year": scenario.base_year,
        "horizon": _measure(scenario.horizon_yr, "yr", scenario.sources.get("horizon")),
        "discount_rate": _measure(
            scenario.discount_rate, "1/yr", scenario.sources.get("discount_rate")
        ),
    }
    if scenario.negotiation_from is not None:
        head["negotiation_from"] = scenario.negotiation_from
    document: dict[str, Any] = {"scenario": head}
    document["actors"] = [{"id": a.id, "name": a.name} for a in scenario.actors]
    document["nodes"] = [
        {"id": n.id, "name": n.name, "lat": n.lat, "lon": n.lon, "assumption": "unspecified"}
        | ({"territory": n.territory} if n.territory is not None else {})
        for n in scenario.nodes
    ]
    document["commodities"] = []
    for c in scenario.commodities:
        entry: dict[str, Any] = {"id": c.id, "kind": c.kind}
        if c.value_of_time:
            entry["value_of_time"] = _measure(c.value_of_time, "USD m/kTEU/d", None)
        document["commodities"].append(entry)
    for section in ("supplies", "demands"):
        document[section] = [
            {"id": x.id, "node": x.node, "commodity": x.commodity}
            | ({"owner": x.owner} if x.owner is not None else {})
            | {"blocks": [_block(b, kinds[x.commodity], section) for b in x.blocks]}
            for x in getattr(scenario, section)
        ]
    vot = {c.id: c.value_of_time for c in scenario.commodities}
    document["links"] = [_link(k, kinds[k.commodity], vot.get(k.commodity, 0.0)) for k in
                         scenario.links]  # fmt: skip
    document["benchmarks"] = [
        {"id": b.id, "kind": b.kind}
        | ({"actor": b.actor} if b.actor is not None else {})
        | {"value": _measure(b.value, units.INTERNAL_UNIT[b.dimension], b.provenance)
           | {k: v for k, v in (("low", b.low), ("high", b.high)) if v is not None}}
        | ({"note": b.note} if b.note else {})
        for b in scenario.benchmarks
    ]  # fmt: skip
    return {k: v for k, v in document.items() if v != []}


def _block(block: Block, kind: str, section: str) -> dict[str, Any]:
    rate, price = QUANTITY_UNIT[kind], PRICE_UNIT[kind]
    names = ("capacity", "cost") if section == "supplies" else ("quantity", "wtp")
    return {
        names[0]: _measure(block.quantity, rate, block.sources.get("quantity")),
        names[1]: _measure(block.price, price, block.sources.get("price")),
    }


def _link(link: Link, kind: str, value_of_time: float) -> dict[str, Any]:
    sources: Mapping[str, Provenance] = link.sources
    entry: dict[str, Any] = {
        "id": link.id, "from": link.source, "to": link.target, "commodity": link.commodity,
        "control": sorted(link.control), "status": link.status,
    }  # fmt: skip
    if link.name:
        entry["name"] = link.name
    unit_cost = link.unit_cost
    if value_of_time and link.transit_days is not None:
        unit_cost -= value_of_time * link.transit_days  # the loader adds it back
    numbers = {
        "capacity": (link.capacity, QUANTITY_UNIT[kind]),
        "unit_cost": (unit_cost, PRICE_UNIT[kind]),
        "capex": (link.capex_musd, "USD m"),
        "lifetime": (link.lifetime_yr, "yr"),
        "loss": (link.loss_fraction, "1"),
        "length": (link.length_km, "km"),
        "transit_time": (link.transit_days, "d"),
    }
    defaults = {"capex": 0.0, "lifetime": 30.0, "loss": 0.0}
    for name, (value, unit) in numbers.items():
        if value is not None and (name in sources or value != defaults.get(name)):
            entry[name] = _measure(value, unit, sources.get(name))
    if link.build_year is not None:
        entry["build_year"] = link.build_year
    if link.waypoints:
        points = {"waypoints": [[lat, lon] for lat, lon in link.waypoints]}
        entry["route"] = _sourced(points, sources.get("waypoints"))
    return entry
