"""A two-route deal scenario whose game is worked out by hand (tests/risk/test_games.py)."""

from __future__ import annotations

from corridor.scenario import loads
from corridor.scenario.model import Scenario
from tests.finance.cases import SMALL_DEAL

_LINK_COSTS = {
    'unit_cost = "20 USD/1000m3"': ("planned", "2000 USD m"),
    'unit_cost = "30 USD/1000m3"': ("planned", "2000 USD m"),
    'unit_cost = "80 USD/1000m3"': ("option", "6000 USD m"),
}

ONE_FACTOR = """
[risk]
assumption = "test"

[[risk.parameters]]
id = "overrun"
target = "capex"
distribution = "discrete"
unit = "1"
values = [{k}]
weights = [1]
"""


def two_routes(risk: str = "") -> Scenario:
    """The small deal with capex on its routes and a discount rate of 0.

    Route X-Y-Z through T (xy, yz: 2,000 USD m each, planned), bypass X-Z (6,000 USD m,
    an option), 10-year lives, no operating costs; ``risk`` appended.
    """
    text = SMALL_DEAL.replace("value = 10, unit", "value = 0, unit")
    for old, (status, capex) in _LINK_COSTS.items():
        text = text.replace(old, f'unit_cost = "0 USD/1000m3"\nstatus = "{status}"\n'
                            f'capex = "{capex}"\nlifetime = "10 yr"')  # fmt: skip
    return loads(text + risk)


__all__ = ["ONE_FACTOR", "two_routes"]


def korea_draws(count: int):  # type: ignore[no-untyped-def]
    """korea-2011's warm game and its first ``count`` draws' (factors, link factors)."""
    from corridor.risk.costs import cost_model
    from corridor.risk.draw import RunContext, deal_draw, game_factors
    from corridor.risk.games import WarmGame
    from corridor.scenario import load_scenario

    scenario = load_scenario("korea-2011")
    deal, risk = scenario.deal, scenario.risk
    assert deal is not None and risk is not None
    ctx = RunContext(scenario, deal, risk, 0, None, cost_model(scenario, deal, risk))
    ones = [deal_draw(ctx, i) for i in range(count)]
    return WarmGame(scenario, deal), [(game_factors(ctx, d.draw), d.links or {}) for d in ones]
