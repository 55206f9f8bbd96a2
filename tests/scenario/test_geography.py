"""The network as GeoJSON: RFC 7946 structure, [lon, lat] order, links along their routes."""

from __future__ import annotations

import json

from corridor.scenario import load_scenario
from corridor.scenario.geography import feature_collection, link_layer, route_lat_lon


def check_rfc7946(document: dict) -> None:  # type: ignore[type-arg]
    """The members RFC 7946 requires of a FeatureCollection of Points and LineStrings.

    Section 3.3: a FeatureCollection has "type" and an array "features"; 3.2: each
    Feature has "type": "Feature", a "geometry" and a "properties" object (or null);
    3.1.2/3.1.4: a Point's coordinates are one position, a LineString's two or more;
    3.1.1: a position is [longitude, latitude] in decimal degrees (WGS 84).
    """
    assert document["type"] == "FeatureCollection"
    assert isinstance(document["features"], list) and document["features"]
    for feature in document["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["properties"], dict)
        assert isinstance(feature.get("id", ""), str | int)
        geometry = feature["geometry"]
        positions = (
            [geometry["coordinates"]] if geometry["type"] == "Point" else geometry["coordinates"]
        )
        assert geometry["type"] in ("Point", "LineString")
        if geometry["type"] == "LineString":
            assert len(positions) >= 2
        for position in positions:
            assert len(position) == 2 and all(isinstance(x, float | int) for x in position)
            lon, lat = position
            assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_korea_network_is_valid_geojson_in_lon_lat_order() -> None:
    korea = load_scenario("korea-2011")
    document = json.loads(json.dumps(feature_collection(korea)))  # survives JSON text
    check_rfc7946(document)
    features = {(f["properties"]["kind"], f["id"]): f for f in document["features"]}
    assert len(features) == len(korea.nodes) + len(korea.links)
    # Busan is 35.10 N, 129.04 E: the longitude comes first
    assert features[("node", "BSN")]["geometry"]["coordinates"] == [129.04, 35.10]
    for link in korea.links:
        line = features[("link", link.id)]["geometry"]["coordinates"]
        assert line == [[lon, lat] for lat, lon in route_lat_lon(korea, link)]
        assert len(line) == 2 + len(link.waypoints)


def test_link_properties_carry_capacity_unit_controllers_and_source() -> None:
    korea = load_scenario("korea-2011")
    features = {f["id"]: f["properties"] for f in feature_collection(korea)["features"]}
    subsea = features["subsea"]
    assert subsea["commodity"] == "gas" and subsea["capacity_unit"] == "bcm/yr"
    assert subsea["capacity"] == korea.link("subsea").capacity
    assert subsea["controllers"] == ["KR", "RU"]
    assert subsea["source"].startswith("assumption: landfall east of Vladivostok")
    tkr = features["tkr"]
    assert tkr["capacity_unit"] == "kTEU/yr" and tkr["layer"] == "rail"
    assert tkr["controllers"] == ["KP", "KR", "RU"]
    assert features["sea-suez-hamburg"]["controllers"] == []
    assert link_layer(korea, korea.link("sea-suez-hamburg")) == "sea"
    assert features["VLA"]["territory"] == "RU"
