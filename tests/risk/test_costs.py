"""Capex factors on every route: common x specific, the routes' correlation, the deal's factor."""

from __future__ import annotations

import math

import numpy as np
import pytest

from corridor.risk import simulate
from corridor.risk.costs import cost_model, quantile
from corridor.scenario import load_scenario
from corridor.scenario.deal_model import Distribution
from tests.risk.cases import ONE_FACTOR, two_routes

COSTS = """
[risk]
assumption = "test"

[risk.costs]
correlation = "{rho} 1"
assumption = "test"
{common}
[risk.costs.route]
distribution = "lognormal"
unit = "1"
median = 1.0
sigma = 0.3
"""

COMMON = """
[risk.costs.common]
distribution = "discrete"
unit = "1"
values = [1.5]
weights = [1]
"""

DRAWS = 400


def _factors(rho: float, common: str = "", draws: int = DRAWS) -> np.ndarray:
    """(route factor, bypass factor) per draw."""
    scenario = two_routes(COSTS.format(rho=rho, common=common))
    assert scenario.deal is not None and scenario.risk is not None
    model = cost_model(scenario, scenario.deal, scenario.risk)
    assert model.links == ("xy", "yz", "bypass") and model.route == (0, 0, 1)
    rows = []
    for index in range(draws):
        f = model.factors(7, index, 1.0)
        assert f["xy"] == f["yz"]  # one route, one draw
        rows.append((f["xy"], f["bypass"]))
    return np.array(rows)


def test_correlation_one_gives_every_route_the_same_factor() -> None:
    f = _factors(1.0, draws=50)
    assert np.array_equal(f[:, 0], f[:, 1])
    assert f[:, 0].std() > 0.1


@pytest.mark.parametrize("rho", [0.0, 0.5])
def test_log_factors_correlate_as_given(rho: float) -> None:
    # lognormal specifics, no clipping: the log-factors are 0.3 x the latent normals,
    # whose correlation is rho; the sample correlation's standard error is (1 - rho^2)/sqrt(n)
    logs = np.log(_factors(rho))
    r = float(np.corrcoef(logs[:, 0], logs[:, 1])[0, 1])
    assert abs(r - rho) < 3.0 * (1.0 - rho**2) / math.sqrt(DRAWS)
    # each keeps its own marginal: log sd 0.3, mean 0 (standard errors 0.3/sqrt(n) and less)
    assert logs.mean(axis=0) == pytest.approx([0.0, 0.0], abs=3 * 0.3 / math.sqrt(DRAWS))
    assert logs.std(axis=0) == pytest.approx([0.3, 0.3], abs=0.05)


def test_the_common_factor_multiplies_every_route() -> None:
    spread = COSTS.format(rho=0.3, common=COMMON).replace("sigma = 0.3", "sigma = 0")
    scenario = two_routes(spread)
    assert scenario.deal is not None and scenario.risk is not None
    fixed = cost_model(scenario, scenario.deal, scenario.risk).factors(7, 0, 1.0)
    assert fixed == {"xy": 1.5, "yz": 1.5, "bypass": 1.5}
    # with a spread the specific part, f / 1.5, keeps its lognormal(1, 0.3) marginal
    logs = np.log(_factors(0.3, COMMON) / 1.5)
    assert logs.mean(axis=0) == pytest.approx([0.0, 0.0], abs=3 * 0.3 / math.sqrt(DRAWS))
    assert logs.std(axis=0) == pytest.approx([0.3, 0.3], abs=0.05)


def test_without_a_costs_table_the_capex_factor_is_on_every_link() -> None:
    scenario = two_routes(ONE_FACTOR.format(k=1.3))
    assert scenario.deal is not None and scenario.risk is not None
    model = cost_model(scenario, scenario.deal, scenario.risk)
    factors = model.factors(0, 0, 1.3)
    assert factors == {"xy": 1.3, "yz": 1.3, "bypass": 1.3}
    assert model.deal_factor(factors, 1.3) == 1.3


def test_the_deals_capex_gets_its_routes_factor_weighted_by_capex() -> None:
    scenario = load_scenario("korea-2011")
    assert scenario.deal is not None and scenario.risk is not None
    model = cost_model(scenario, scenario.deal, scenario.risk)
    factors = dict.fromkeys(model.links, 1.0) | {"overland-north": 1.2, "overland-south": 1.5}
    north = scenario.link("overland-north").capex_musd
    south = scenario.link("overland-south").capex_musd
    assert model.deal_factor(factors, 9.0) == pytest.approx(
        (1.2 * north + 1.5 * south) / (north + south)
    )
    run = simulate(scenario, 5, seed=2)
    assert set(run.draws["factor_capex"]) != {1.0}


@pytest.mark.parametrize(
    "dist",
    [
        Distribution("normal", (1.0, 0.2), (0.5, 1.4)),
        Distribution("lognormal", (1.1, 0.3)),
        Distribution("triangular", (0.9, 1.1, 2.0)),
        Distribution("triangular", (1.0, 1.0, 1.0)),
        Distribution("uniform", (0.8, 1.6)),
        Distribution("discrete", (1.0, 2.0, 0.25, 0.75)),
    ],
)
def test_quantile_agrees_with_the_distributions_own(dist: Distribution) -> None:
    for q in (0.01, 0.2, 0.5, 0.77, 0.99):
        assert quantile(dist, q) == pytest.approx(dist.quantile(q), rel=1e-9)
