"""One Sankey per traded commodity, each in its own unit."""

from __future__ import annotations

import pytest

from corridor.market import solve
from corridor.scenario import load_scenario


def test_korea_market_panel_draws_one_sankey_per_commodity_in_its_unit():
    """korea-2011 trades gas (bcm/yr) and containers (kTEU/yr): two Sankeys, none mixed."""
    from corridor.report.panels import market_panel
    from corridor.scenario.model import QUANTITY_UNIT

    scenario = load_scenario("korea-2011")
    result = solve(scenario)
    sankeys = [(n, f) for n, f in market_panel(scenario, result).figures if n.startswith("sankey")]
    assert [n for n, _ in sankeys] == ["sankey-gas", "sankey-containers"]
    for name, fig in sankeys:
        commodity = name.removeprefix("sankey-")
        unit = QUANTITY_UNIT[scenario.commodity(commodity).kind]
        assert fig.layout.title.text == f"Flows of {commodity} ({unit})"
        assert unit in fig.data[0].link.hovertemplate
        elements = fig.data[0].link.customdata
        assert len(elements) > 0
        of = {
            "supply": {s.id: s.commodity for s in scenario.supplies},
            "demand": {d.id: d.commodity for d in scenario.demands},
            "link": {link.id: link.commodity for link in scenario.links},
        }
        # every band is a supply, link or demand of this figure's commodity
        assert {of[kind][ident] for kind, ident in elements} == {commodity}
    # the gas Sankey carries every positive gas flow of the solution, link by link
    gas = sankeys[0][1].data[0].link
    bands = zip(gas.customdata, gas.value, strict=True)
    drawn = {ident: v for (kind, ident), v in bands if kind == "link"}
    flows = result.flows[(result.flows["commodity"] == "gas") & (result.flows["flow"] > 1e-9)]
    assert drawn == pytest.approx(dict(zip(flows["link"], flows["flow"], strict=True)))
