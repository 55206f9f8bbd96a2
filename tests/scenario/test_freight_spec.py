"""Container links given by route ([links.freight]) and whole routes ([[freight_routes]]):
derived numbers and validation."""

from __future__ import annotations

import pytest

from corridor import units
from corridor.engineering.freight import Leg, Route, estimate
from corridor.errors import ScenarioError
from corridor.scenario import loads
from corridor.scenario.freight_model import routes_of, stretch_of
from tests.scenario.test_korea_rail import TWO_ROUTES

# the "slow" link of TWO_ROUTES given by a route instead of tariff and days
BY_ROUTE = TWO_ROUTES.replace("VOT_VALUE", "40").replace(
    """unit_cost = "1000 USD/TEU"
transit_time = "20 d"
assumption = "test"
""",
    """assumption = "test"

[links.freight]
handlings = 2
border_crossings = 1
gauge_changes = 1

[[links.freight.legs]]
mode = "sea"
length = "1000 km"

[[links.freight.legs]]
mode = "rail"
length = "500 km"
speed_factor = 0.5
""",
    1,
)


def test_route_gives_tariff_days_and_length() -> None:
    link = loads(BY_ROUTE).link("slow")
    route = Route("slow", (Leg("sea", 1000.0), Leg("rail", 500.0, speed_factor=0.5)), 2, 1, 1)
    est = estimate(route)
    assert link.length_km == pytest.approx(1500.0)
    assert link.transit_days == pytest.approx(est.days)
    # unit cost = tariff + value of time x days (40 USD/TEU/d)
    generalised = est.tariff_usd_per_teu + 40.0 * est.days
    assert units.from_internal(link.unit_cost, "USD/TEU") == pytest.approx(generalised)
    derived = link.design["derived"]
    assert derived["tariff_usd_per_teu_low"] <= est.tariff_usd_per_teu
    assert est.tariff_usd_per_teu <= derived["tariff_usd_per_teu_high"]
    assert link.design["inputs"] == {"handlings": 2, "border_crossings": 1, "gauge_changes": 1}


def test_slow_track_takes_longer() -> None:
    normal = loads(BY_ROUTE.replace("speed_factor = 0.5\n", "")).link("slow")
    slow = loads(BY_ROUTE).link("slow")
    assert slow.transit_days is not None and normal.transit_days is not None
    assert slow.transit_days > normal.transit_days


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('capacity = "60 kTEU/yr"\n', 'capacity = "60 kTEU/yr"\nunit_cost = "1 USD/TEU"\n'),
            "t.toml:58: links.slow.unit_cost: derived from the freight route",
        ),
        (
            ('mode = "sea"', 'mode = "air"'),
            "t.toml:66: links.slow.freight.legs[1].mode: Input should",
        ),
        (
            ('length = "1000 km"', 'length = "1000 bcm/yr"'),
            "t.toml:67: links.slow.freight.legs[1].length.unit: unit 'bcm/yr' is a gas_rate",
        ),
        (("handlings = 2", "handlings = -1"), "links.slow.freight.handlings"),
        (('capacity = "60 kTEU/yr"\n', ""), "links.slow.capacity: required key is missing"),
    ],
)
def test_bad_routes_are_reported_with_their_key(change: tuple[str, str], message: str) -> None:
    text = BY_ROUTE.replace(*change, 1)
    with pytest.raises(ScenarioError) as caught:
        loads(text, file="t.toml")
    assert message in str(caught.value)


def test_a_route_needs_a_container_commodity() -> None:
    text = BY_ROUTE.replace('kind = "containers"', 'kind = "gas"').replace(
        'value_of_time = { value = 40, unit = "USD/TEU/d", assumption = "test" }\n', ""
    )
    with pytest.raises(
        ScenarioError, match=r"links\.slow\.freight: a freight route needs containers"
    ):
        loads(text, file="t.toml")


def test_leg_lengths_inherit_provenance_from_the_freight_table_then_the_link() -> None:
    unsourced = BY_ROUTE.replace(
        'capacity = "60 kTEU/yr"', 'capacity = { value = 60, unit = "kTEU/yr", source = "c" }', 1
    ).replace('assumption = "test"\n\n[links.freight]', "[links.freight]", 1)
    with pytest.raises(ScenarioError) as caught:
        loads(unsourced, file="t.toml")
    problems = [str(p) for p in caught.value.problems]
    assert problems == [
        "t.toml:65: links.slow.freight.legs[1].length: number has no source or assumption "
        "(give either on the number or on its table)",
        "t.toml:69: links.slow.freight.legs[2].length: number has no source or assumption "
        "(give either on the number or on its table)",
    ]
    by_table = unsourced.replace("[links.freight]\n", '[links.freight]\nassumption = "t"\n', 1)
    assert loads(by_table).link("slow").length_km == pytest.approx(1500.0)
    by_leg = unsourced.replace('length = "1000 km"', 'length = "1000 km"\nsource = "s"', 1)
    with pytest.raises(ScenarioError) as caught:
        loads(by_leg, file="t.toml")
    assert [p.path for p in caught.value.problems] == ["links.slow.freight.legs[2].length"]


# --- whole routes ([[freight_routes]]) ------------------------------------------------------

ROUTES = """
[[freight_routes]]
id = "by-slow"
stretches = ["slow"]

[[freight_routes.benchmarks]]
quantity = "days"
low = 1
high = 100
source = "test figure"
"""


def test_named_routes_and_their_figures() -> None:
    scenario = loads(BY_ROUTE + ROUTES)
    (route,) = scenario.freight_routes
    assert route.id == "by-slow" and route.stretches == ("slow",)
    (bench,) = route.benchmarks
    assert (bench.route, bench.quantity, bench.low, bench.high) == ("by-slow", "days", 1.0, 100.0)
    assert bench.source == "test figure" and bench.held == "central"
    routes = routes_of(scenario)
    assert list(routes) == ["by-slow"]
    stretches, whole = routes["by-slow"]
    assert stretches == ("slow",)
    assert estimate(whole).days == pytest.approx(scenario.link("slow").transit_days)
    assert bench.holds(estimate(whole))


def test_without_named_routes_every_path_of_freight_links_is_a_route() -> None:
    # "fast" has typed numbers, so only the link given by route makes a path O -> D
    routes = routes_of(loads(BY_ROUTE))
    assert list(routes) == ["slow"]
    assert routes["slow"][0] == ("slow",)
    assert routes_of(loads(TWO_ROUTES.replace("VOT_VALUE", "40"))) == {}
    with pytest.raises(ValueError, match="not given by route"):
        stretch_of(loads(BY_ROUTE).link("fast"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('stretches = ["slow"]', 'stretches = ["nope"]'), "stretches[1]: unknown link 'nope'"),
        (('stretches = ["slow"]', 'stretches = ["fast"]'), "link 'fast' is not given by route"),
        (
            ('stretches = ["slow"]', 'stretches = ["slow", "slow"]'),
            "stretches[2]: link 'slow' starts at O, not where 'slow' ends (D)",
        ),
        (('source = "test figure"\n', ""), "needs a source or assumption"),
        (("low = 1\n", "low = 200\n"), "benchmarks[1].low: low exceeds high"),
        (('quantity = "days"', 'quantity = "weeks"'), "benchmarks[1].quantity: Input should"),
        (('stretches = ["slow"]', "stretches = []"), "freight_routes.by-slow.stretches: List"),
    ],
)
def test_bad_named_routes_are_reported(change: tuple[str, str], message: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        loads(BY_ROUTE + ROUTES.replace(*change, 1), file="t.toml")
    assert message in str(caught.value)
