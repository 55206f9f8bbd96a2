"""The ``[risk.costs]`` table: loading korea-2011's, and each problem named at its key."""

from __future__ import annotations

import pytest

from corridor.errors import ScenarioError
from corridor.scenario import load_scenario
from tests.risk.cases import ONE_FACTOR, two_routes

ROUTE = """
[risk.costs.route]
distribution = "lognormal"
unit = "1"
median = 1.0
sigma = 0.2
"""


def costs(body: str, *, risk: str = '[risk]\nassumption = "test"\n') -> str:
    return f'{risk}\n[risk.costs]\nassumption = "test"\n{body}'


def test_korea_2011_costs_table() -> None:
    risk = load_scenario("korea-2011").risk
    assert risk is not None and risk.costs is not None
    c = risk.costs
    assert c.common is None  # the capex-overrun parameter is the common factor
    assert any(p.target == "capex" for p in risk.parameters)
    assert c.correlation == 0.5 and c.unit_costs is False
    assert c.route is not None and c.route.params == (1.0, 0.2)
    assert c.specific("subsea") is not None and c.specific("subsea").params == (1.0, 0.35)
    assert c.specific("china-route") == c.route
    assert c.provenance is not None and "estimating error" in str(c.provenance)


def test_a_table_loads_with_its_links_and_correlation() -> None:
    body = (
        'correlation = "80 %"\nunit_costs = true\n'
        + ROUTE
        + ROUTE.replace("risk.costs.route", "risk.costs.links.bypass").replace("0.2", "0.4")
    )
    risk = two_routes(costs(body)).risk
    assert risk is not None and risk.costs is not None
    assert risk.costs.correlation == pytest.approx(0.8) and risk.costs.unit_costs
    assert risk.costs.specific("bypass") is not None
    assert risk.costs.specific("bypass").params == (1.0, 0.4)  # type: ignore[union-attr]
    assert risk.costs.specific("xy") == risk.costs.route


def test_a_link_dropped_by_an_override_is_left_out() -> None:
    # korea-2011 --drop links.subsea keeps its [risk.costs.links.subsea]: nothing to scale
    risk = load_scenario("korea-2011", drop=["links.subsea"]).risk
    assert risk is not None and risk.costs is not None and risk.costs.links == ()


def test_a_misspelt_link_is_refused_at_its_key() -> None:
    # not dropped by an override, so a typo: its link's costs would silently stay certain
    body = ROUTE + ROUTE.replace("risk.costs.route", "risk.costs.links.bypas")
    with pytest.raises(ScenarioError) as caught:
        two_routes(costs(body))
    (problem,) = caught.value.problems
    assert str(problem).endswith("risk.costs.links.bypas: unknown link 'bypas' (links: "
                                 "bypass, xy, yz)")  # fmt: skip


@pytest.mark.parametrize(
    ("body", "risk", "message"),
    [
        ('correlation = "150 %"', None, r"risk\.costs\.correlation: must be at most 100 %"),
        (ROUTE.replace("risk.costs.route", "risk.costs.common"), ONE_FACTOR.format(k=1.2),
         r"risk\.costs\.common: give the common capex factor here or as a `capex` target"),
        ('[risk.costs.route]\ndistribution = "normal"\nunit = "1"\nmean = 1\nsd = 0.2', None,
         r"risk\.costs\.route: capex factors must be positive"),
    ],
)  # fmt: skip
def test_problems_are_named_at_their_key(body: str, risk: str | None, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        two_routes(costs(body) if risk is None else costs(body, risk=risk))
