"""The market LP against networks solved by hand, and against networkx min-cost flow."""

from __future__ import annotations

import dataclasses

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.errors import InputError
from corridor.lp import SOLVER_LOG_ENV
from corridor.market import UNCONTROLLED, MarketModel, solve
from corridor.scenario.model import Scenario
from tests.conftest import make_scenario


def by(frame, key, column):  # type: ignore[no-untyped-def]
    return dict(zip(frame[key], frame[column], strict=True))


def test_chain_by_hand(chain: Scenario) -> None:
    # 6 units flow X->Y->Z; delivered cost 100 + 20 + 30 = 150 against 400.
    result = solve(chain)
    assert result.welfare_musd_per_yr == pytest.approx(6 * (400 - 150))
    assert by(result.flows, "link", "flow") == pytest.approx({"xy": 6, "yz": 6})
    # supply is slack, so its cost sets the price at X; links are uncongested
    prices = by(result.prices, "node", "price")
    assert prices == pytest.approx({"X": 100, "Y": 120, "Z": 150})
    split = by(result.actor_welfare, "actor", "welfare_musd_per_yr")
    assert split == pytest.approx({"P": 0, "T": 0, "C": 1500})


def test_two_parallel_routes_by_hand() -> None:
    # demand 8: the cheap route (cost 50) fills its 5, the dear one (80) carries 3
    scenario = make_scenario(
        actors=["P", "A", "B", "C"],
        nodes=["X", "Z"],
        supplies=[("s", "X", "P", [(10, 100)])],
        demands=[("d", "Z", "C", [(8, 300)])],
        links=[("cheap", "X", "Z", 5, 50, ["A"]), ("dear", "X", "Z", 10, 80, ["B"])],
    )
    result = solve(scenario)
    assert result.welfare_musd_per_yr == pytest.approx(5 * 150 + 3 * 120)
    assert by(result.flows, "link", "flow") == pytest.approx({"cheap": 5, "dear": 3})
    assert by(result.prices, "node", "price") == pytest.approx({"X": 100, "Z": 180})
    split = by(result.actor_welfare, "actor", "welfare_musd_per_yr")
    # the cheap route earns (180 - 100 - 50) x 5 congestion rent; C keeps (300-180) x 8
    assert split == pytest.approx({"P": 0, "A": 150, "B": 0, "C": 960})


def test_capacity_bound_by_hand() -> None:
    scenario = make_scenario(
        actors=["P", "T", "C"],
        nodes=["X", "Z"],
        supplies=[("s", "X", "P", [(10, 100)])],
        demands=[("d", "Z", "C", [(10, 300)])],
        links=[("pipe", "X", "Z", 4, 20, ["T"])],
    )
    result = solve(scenario)
    assert result.welfare_musd_per_yr == pytest.approx(4 * 180)
    assert by(result.prices, "node", "price") == pytest.approx({"X": 100, "Z": 300})
    split = by(result.actor_welfare, "actor", "welfare_musd_per_yr")
    assert split == pytest.approx({"P": 0, "T": 720, "C": 0})


def transit_with_bypass() -> Scenario:
    return make_scenario(
        actors=["P", "T", "C"],
        nodes=["X", "Z"],
        supplies=[("s", "X", "P", [(10, 100)])],
        demands=[("d", "Z", "C", [(10, 300)])],
        links=[
            ("transit", "X", "Z", 10, 20, ["P", "T", "C"]),
            ("bypass", "X", "Z", 10, 60, ["P", "C"]),
        ],
    )


def test_coalition_without_transit_actor_uses_bypass() -> None:
    model = MarketModel(transit_with_bypass())
    assert model.welfare() == pytest.approx(10 * 180)
    without_t = model.solve(["P", "C"])
    assert without_t.welfare_musd_per_yr == pytest.approx(10 * 140)
    assert by(without_t.flows, "link", "flow") == pytest.approx({"transit": 0, "bypass": 10})
    assert model.welfare(["T", "C"]) == pytest.approx(0.0)
    assert model.welfare([]) == pytest.approx(0.0)


def test_resolving_in_any_order_matches_fresh_models() -> None:
    scenario = transit_with_bypass()
    warm = MarketModel(scenario)
    for coalition in (["P", "C"], ["P", "T", "C"], ["P"], ["P", "C"], None):
        assert warm.welfare(coalition) == pytest.approx(MarketModel(scenario).welfare(coalition))


def test_loss_on_link_by_hand() -> None:
    # 10 % of the inflow is burnt: 9 delivered need 10 produced; price at Z = 100 / 0.9
    scenario = make_scenario(
        actors=["P", "C"],
        nodes=["X", "Z"],
        supplies=[("s", "X", "P", [(20, 100)])],
        demands=[("d", "Z", "C", [(9, 300)])],
        links=[("pipe", "X", "Z", 20, 0, ["P"])],
    )
    scenario = scenario.with_changes({"links.pipe.loss_fraction": 0.1})
    result = solve(scenario)
    assert result.welfare_musd_per_yr == pytest.approx(9 * 300 - 10 * 100)
    assert by(result.prices, "node", "price")["Z"] == pytest.approx(100 / 0.9)


def test_capex_of_planned_link_is_annualised() -> None:
    # capex 1000 over 10 years at 0 % = 100 a year, over capacity 10 = 10 per unit
    scenario = make_scenario(
        actors=["P", "C"],
        nodes=["X", "Z"],
        supplies=[("s", "X", "P", [(10, 100)])],
        demands=[("d", "Z", "C", [(10, 300)])],
        links=[("pipe", "X", "Z", 10, 20, [])],
        discount_rate=0.0,
    )
    planned = scenario.with_changes(
        {"links.pipe.status": "planned", "links.pipe.capex_musd": 1000.0,
         "links.pipe.lifetime_yr": 10.0}
    )  # fmt: skip
    assert solve(scenario).welfare_musd_per_yr == pytest.approx(10 * 180)
    assert solve(planned).welfare_musd_per_yr == pytest.approx(10 * 180 - 100)


def test_open_market_supply_serves_every_coalition() -> None:
    scenario = make_scenario(
        actors=["C"],
        nodes=["W", "Z"],
        supplies=[("world", "W", None, [(10, 100)])],
        demands=[("d", "Z", "C", [(5, 300)])],
        links=[("ship", "W", "Z", 10, 10, [])],
    )
    result = solve(scenario, ["C"])
    assert result.welfare_musd_per_yr == pytest.approx(5 * 190)
    split = by(result.actor_welfare, "actor", "welfare_musd_per_yr")
    assert split["C"] == pytest.approx(950)
    assert UNCONTROLLED not in split  # nothing was earned by open-market assets


def test_unknown_coalition_member_is_an_input_error(chain: Scenario) -> None:
    with pytest.raises(InputError, match="unknown actor 'Q'"):
        solve(chain, ["P", "Q"])


def test_split_adds_up_to_welfare(chain: Scenario) -> None:
    result = solve(chain.with_changes({"links.yz.capacity": 4.0}))
    assert result.actor_welfare["welfare_musd_per_yr"].sum() == pytest.approx(
        result.welfare_musd_per_yr
    )


def test_result_is_immutable(chain: Scenario) -> None:
    result = solve(chain)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.welfare_musd_per_yr = 0.0  # type: ignore[misc]


# --- differential: our LP against networkx's min-cost flow on small random networks ----

blocks = st.lists(st.tuples(st.integers(1, 20), st.integers(0, 100)), min_size=1, max_size=2)


@st.composite
def networks(draw: st.DrawFn) -> Scenario:
    n_nodes = draw(st.integers(2, 5))
    nodes = [f"N{i}" for i in range(n_nodes)]
    supplies = [
        (f"s{i}", draw(st.sampled_from(nodes)), "A", draw(blocks))
        for i in range(draw(st.integers(1, 3)))
    ]
    demands = [
        (f"d{i}", draw(st.sampled_from(nodes)), "A", draw(blocks))
        for i in range(draw(st.integers(1, 3)))
    ]
    links = []
    for i in range(draw(st.integers(1, 7))):
        a, b = draw(st.lists(st.sampled_from(nodes), min_size=2, max_size=2, unique=True))
        links.append((f"l{i}", a, b, draw(st.integers(0, 25)), draw(st.integers(0, 30)), ["A"]))
    return make_scenario(["A"], nodes, supplies, demands, links)


def networkx_welfare(scenario: Scenario) -> float:
    graph = nx.DiGraph()
    total = 0
    for supply in scenario.supplies:
        for b, blk in enumerate(supply.blocks):
            graph.add_edge("SRC", (supply.id, b), capacity=int(blk.quantity), weight=0)
            graph.add_edge((supply.id, b), supply.node, capacity=int(blk.quantity),
                           weight=int(blk.price))  # fmt: skip
            total += int(blk.quantity)
    for demand in scenario.demands:
        for b, blk in enumerate(demand.blocks):
            graph.add_edge(demand.node, (demand.id, b), capacity=int(blk.quantity),
                           weight=-int(blk.price))  # fmt: skip
            graph.add_edge((demand.id, b), "SINK", capacity=int(blk.quantity), weight=0)
    for link in scenario.links:
        # a middle node keeps parallel links apart in the DiGraph
        graph.add_edge(link.source, ("link", link.id), capacity=int(link.capacity),
                       weight=int(link.unit_cost))  # fmt: skip
        graph.add_edge(("link", link.id), link.target, capacity=int(link.capacity), weight=0)
    # welfare maximisation is a min-cost circulation: the return arc lets any amount flow
    graph.add_edge("SINK", "SRC", capacity=total, weight=0)
    flow = nx.min_cost_flow(graph)
    return -float(nx.cost_of_flow(graph, flow))


@settings(max_examples=60, deadline=None)
@given(networks())
def test_lp_matches_networkx_min_cost_flow(scenario: Scenario) -> None:
    assert solve(scenario).welfare_musd_per_yr == pytest.approx(
        networkx_welfare(scenario), abs=1e-6
    )


def test_building_and_solving_prints_nothing(
    chain: Scenario, capfd: pytest.CaptureFixture[str]
) -> None:
    # capfd reads file descriptors 1 and 2, where HiGHS's C++ code writes its banner
    MarketModel(chain).solve(None)
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")


def test_solver_log_goes_to_stderr_when_asked(
    chain: Scenario, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SOLVER_LOG_ENV, "1")
    MarketModel(chain).solve(None)
    out, err = capfd.readouterr()
    assert out == ""
    assert "rows" in err  # HiGHS's model summary ("LP has 3 rows; ...")


def test_column_solution_by_hand(chain: Scenario) -> None:
    # 6 units X->Y->Z, prices 100 / 120 / 150 (test_chain_by_hand): P's supply sells at its
    # cost (surplus 0), C buys 6 at 400 against 150: consumer surplus 6 x 250 = 1500
    model = MarketModel(chain)
    solution = model.solve_columns()
    assert solution.welfare_musd_per_yr == pytest.approx(1500)
    assert model.flow_by_link(solution) == pytest.approx({"xy": 6, "yz": 6})
    assert model.own_surplus_musd_per_yr(solution, "C") == pytest.approx(1500)
    assert model.own_surplus_musd_per_yr(solution, "P") == pytest.approx(0)
    assert model.own_surplus_musd_per_yr(solution, "T") == 0.0  # owns no supply or demand
    # without T nothing moves: C keeps its demand unserved, nobody gains
    closed = model.solve_columns(["P", "C"])
    assert model.flow_by_link(closed) == {"xy": 0.0, "yz": 0.0}
    assert model.own_surplus_musd_per_yr(closed, "C") == 0.0


def test_column_solution_has_the_result_tables_numbers() -> None:
    # the games read optima off the columns, the reports off the tables: the same numbers
    # to the last bit, per commodity, in korea-2011 (gas and containers share one LP)
    from corridor.scenario import load_scenario

    scenario = load_scenario("korea-2011")
    model = MarketModel(scenario)
    for coalition in (None, ["KR", "RU", "CN"], ["KR", "JP"]):
        solution = model.solve_columns(coalition)
        result = model.solve(coalition)
        assert model.flow_by_link(solution) == by(result.flows, "link", "flow")
        for commodity in ("gas", "containers"):
            for kind, frame, column in (
                ("supply", result.supply, "producer_surplus_musd_per_yr"),
                ("demand", result.demand, "consumer_surplus_musd_per_yr"),
            ):
                mine = frame[frame["commodity"] == commodity]
                columns = model.columns(kind, commodity)
                assert [model.ref[j] for j in columns] == mine[kind].tolist()
                assert solution.surplus_musd_per_yr[columns].tolist() == mine[column].tolist()
            for actor in scenario.actor_ids:
                owned = [f[(f["owner"] == actor) & (f["commodity"] == commodity)]
                         for f in (result.supply, result.demand)]  # fmt: skip
                expected = float(owned[0]["producer_surplus_musd_per_yr"].sum()) + float(
                    owned[1]["consumer_surplus_musd_per_yr"].sum()
                )
                assert model.own_surplus_musd_per_yr(solution, actor, commodity) == expected
