"""The sweep box's default metric (the API and browser tests run the sweeps themselves)."""

from __future__ import annotations

from corridor.games.synthetic import transit_network
from corridor.web.sweeps import default_metric


def test_without_a_deal_the_default_reads_the_first_transit_country():
    # P0 sells, C0 buys; T0 and T1 control links between them and own neither end
    network = transit_network(4, seed=1)
    assert network.deal is None
    assert [a.id for a in network.actors] == ["P0", "T0", "T1", "C0"]
    assert default_metric(network) == "power.gas.shapley.T0"
