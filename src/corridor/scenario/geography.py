"""Where a scenario's network lies: each link's route, its map layer, the GeoJSON document.

The map (:mod:`corridor.report.map`) and ``corridor export --geojson`` both read the
network through these functions, so a link is drawn where it is exported. A route runs
from the link's ``from`` node through its ``[links.route]`` waypoints to its ``to`` node;
without waypoints it is the straight (great-circle) hop between the two nodes.
"""

from __future__ import annotations

from typing import Any

from corridor.scenario.model import QUANTITY_UNIT, Link, Scenario

__all__ = ["LAYERS", "feature_collection", "link_layer", "route_lat_lon"]

LAYERS: tuple[str, ...] = ("gas", "rail", "sea")
"""The map layers in legend order: gas links, and container links by their main mode."""


def route_lat_lon(scenario: Scenario, link: Link) -> list[tuple[float, float]]:
    """The link's route as ``(lat, lon)`` points: from node, waypoints, to node."""
    a, b = scenario.node(link.source), scenario.node(link.target)
    return [(a.lat, a.lon), *link.waypoints, (b.lat, b.lon)]


def link_layer(scenario: Scenario, link: Link) -> str:
    """The link's map layer.

    ``"gas"`` for a gas link; for a container link the mode of its longest leg (``"sea"``
    or ``"rail"``); the commodity id when the link has no legs to read.
    """
    if scenario.commodity(link.commodity).kind == "gas":
        return "gas"
    legs = link.design.get("legs") if link.design.get("kind") == "freight" else None
    if not legs:
        return link.commodity
    longest = max(legs, key=lambda leg: float(leg["length_km"]))
    return str(longest["mode"])


def _provenance(link: Link, name: str) -> str | None:
    found = link.sources.get(name)
    return None if found is None else str(found)


def feature_collection(scenario: Scenario) -> dict[str, Any]:
    """The network as a GeoJSON FeatureCollection (RFC 7946).

    Nodes are Points, links LineStrings along their routes; positions are ``[lon, lat]``
    in decimal degrees (WGS 84).

    A link's properties: ``id``, ``name``, ``commodity``, ``layer``, ``capacity`` with
    ``capacity_unit`` (the commodity's internal unit), ``controllers`` (the actors whose
    consent it needs, sorted; empty: open), ``status``, ``source`` (of the route: a
    publication, or ``"assumption: ..."``; None when the route is the straight hop) and
    ``capacity_source``. A node's: ``id``, ``name``, ``territory``.
    """
    features: list[dict[str, Any]] = []
    for node in scenario.nodes:
        features.append({
            "type": "Feature",
            "id": node.id,
            "geometry": {"type": "Point", "coordinates": [node.lon, node.lat]},
            "properties": {"kind": "node", "id": node.id, "name": node.name,
                           "territory": node.territory},
        })  # fmt: skip
    for link in scenario.links:
        kind = scenario.commodity(link.commodity).kind
        line = [[lon, lat] for lat, lon in route_lat_lon(scenario, link)]
        features.append({
            "type": "Feature",
            "id": link.id,
            "geometry": {"type": "LineString", "coordinates": line},
            "properties": {
                "kind": "link", "id": link.id, "name": link.name, "from": link.source,
                "to": link.target, "commodity": link.commodity,
                "layer": link_layer(scenario, link), "capacity": link.capacity,
                "capacity_unit": QUANTITY_UNIT[kind], "controllers": sorted(link.control),
                "status": link.status, "source": _provenance(link, "waypoints"),
                "capacity_source": _provenance(link, "capacity"),
            },
        })  # fmt: skip
    return {"type": "FeatureCollection", "features": features}
