"""A link's ``[links.route]`` waypoints: validation, provenance, round trips, korea-2011."""

from __future__ import annotations

import dataclasses

import pytest

from corridor.errors import ScenarioError
from corridor.games.synthetic import transit_network
from corridor.scenario import load_scenario, loads
from corridor.scenario.model import Link
from corridor.scenario.write import template

ROUTE = "\n[links.route]\nwaypoints = {points}\n{provenance}\n"
"""Appended to the template, it becomes the route of the template's last link."""


def _with_route(points: str, provenance: str = 'assumption = "drawn by hand"') -> str:
    return template("demo") + ROUTE.format(points=points, provenance=provenance)


def test_waypoints_load_in_order_with_their_provenance() -> None:
    scenario = loads(_with_route("[[36.5, 127.0], [37.0, 127.5]]"))
    link = scenario.links[-1]
    assert link.waypoints == ((36.5, 127.0), (37.0, 127.5))
    assert link.sources["waypoints"].assumption == "drawn by hand"
    assert all(not other.waypoints for other in scenario.links[:-1])


@pytest.mark.parametrize(
    ("points", "provenance", "message"),
    [
        ("[[91, 2]]", None, "point 1: latitude 91 is outside [-90, 90]"),
        ("[[1, 2], [1, -181]]", None, "point 2: longitude -181 is outside [-180, 180]"),
        ("[]", None, "give at least one [lat, lon] point"),
        ("[[1, 2, 3]]", None, "point 1: give [lat, lon] in decimal degrees, got [1, 2, 3]"),
        ('[["north", 2]]', None, "point 1: give [lat, lon]"),
        ("[[1, 2]]", "", "route: waypoints have no source or assumption"),
    ],
)
def test_bad_waypoints_are_located_problems(
    points: str, provenance: str | None, message: str
) -> None:
    text = _with_route(points) if provenance is None else _with_route(points, provenance)
    with pytest.raises(ScenarioError) as caught:
        loads(text, file="demo.toml")
    (problem,) = caught.value.problems
    assert problem.file == "demo.toml" and problem.line > 0
    assert problem.path.startswith("links.lng-imports.route")
    assert message in f"{problem.path}: {problem.message}"


def test_a_route_built_in_code_round_trips() -> None:
    network = transit_network(4, 0)
    first = dataclasses.replace(network.links[0], waypoints=((1.5, 2.5), (3.0, 4.0)))
    changed = network.with_changes(links=(first, *network.links[1:]))
    again = loads(changed.to_toml())
    assert again.links[0].waypoints == first.waypoints
    assert again.links[0].sources["waypoints"].assumption == "unspecified"


def test_korea_routes_round_trip_through_export() -> None:
    korea = load_scenario("korea-2011")
    again = loads(korea.to_toml())
    assert [k.waypoints for k in again.links] == [k.waypoints for k in korea.links]


def _link(link_id: str) -> Link:
    return next(k for k in load_scenario("korea-2011").links if k.id == link_id)


def test_korea_subsea_bypass_stays_at_sea_east_of_the_north() -> None:
    """The bypass must not cross North Korea: between its landfall near Vladivostok and
    Samcheok (37.45 N, 129.17 E), every waypoint north of the DMZ (38.6 N) lies east of
    130 E, while North Korea's east coast runs at 128.3-129.8 E (Kosong to Chongjin)."""
    subsea = _link("subsea")
    north_of_dmz = [(lat, lon) for lat, lon in subsea.waypoints if lat > 38.6]
    assert north_of_dmz and all(lon > 130.0 for _, lon in north_of_dmz)
    assert (37.45, 129.17) in subsea.waypoints


def test_korea_sea_route_to_hamburg_goes_by_malacca_and_suez() -> None:
    """Waypoints near the Strait of Malacca (~2-6 N, 95-102 E) and Port Said (31.3 N,
    32.3 E) must be on the Busan - Hamburg lane; a great circle Busan - Hamburg passes
    neither (it crosses Siberia near 60-70 N)."""
    points = _link("sea-suez-hamburg").waypoints
    assert any(1 <= lat <= 7 and 95 <= lon <= 102 for lat, lon in points)
    assert any(abs(lat - 31.3) < 0.5 and abs(lon - 32.3) < 0.5 for lat, lon in points)
    assert max(lat for lat, _ in points) < 56.0
