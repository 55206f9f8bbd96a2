"""Roles from the network (seller, transit, buyer), checked by hand on small networks and on
korea-2011."""

from __future__ import annotations

import pytest

from corridor.games.roles import role_label, roles
from corridor.games.stages import ex_post
from corridor.market import MarketModel
from corridor.scenario import load_scenario
from corridor.scenario.model import Block, Demand, Scenario
from tests.conftest import make_scenario
from tests.games.networks import parallel_transit


def optimum_flows(scenario: Scenario) -> dict[str, float]:
    result = MarketModel(scenario).solve()
    return dict(zip(result.flows["link"], result.flows["flow"], strict=True))


def test_chain_seller_transit_buyer(chain: Scenario) -> None:
    # P's gas reaches C only over xy (P, T) and yz (T, C): T owns neither end
    expected = {"P": ("seller",), "T": ("transit",), "C": ("buyer",)}
    assert roles(chain, ["P", "T", "C"]) == expected
    assert roles(chain, ["P", "T", "C"], flows=optimum_flows(chain)) == expected
    assert role_label(expected["T"]) == "transit"


def test_two_parallel_transit_countries() -> None:
    scenario = parallel_transit()
    players = ["P", "A", "B", "C"]
    assert roles(scenario, players) == {
        "P": ("seller",), "A": ("transit",), "B": ("transit",), "C": ("buyer",),
    }  # fmt: skip
    # only via-a carries gas: A is transit on a used path; B owns nothing and its route is
    # idle, so it keeps its structural role (a transit country with nothing to be paid)
    used = roles(scenario, players, flows={"via-a": 6.0, "via-b": 0.0})
    assert used["A"] == used["B"] == ("transit",)


def alternative_buyer() -> Scenario:
    # R (10 at 100) sells to K (6 at 400) through T (v-h, h-k, cost 10 each) or through C's
    # country (via-c, cost 100), and to C itself (v-s, cost 20, 10 at 300). By hand: K's 6
    # go through T (400 - 120 = 280 a unit beats 300 - 120 = 180), C takes the other 4;
    # via-c would cost 200 a unit against 120 through T, so it stays idle.
    return make_scenario(
        actors=["R", "T", "K", "C"],
        nodes=["V", "H", "KOR", "S"],
        supplies=[("r", "V", "R", [(10, 100)])],
        demands=[("k", "KOR", "K", [(6, 400)]), ("c", "S", "C", [(10, 300)])],
        links=[
            ("v-h", "V", "H", 20, 10, ["R", "T", "K"]),
            ("h-k", "H", "KOR", 20, 10, ["R", "T", "K"]),
            ("v-s", "V", "S", 20, 20, ["R", "C"]),
            ("via-c", "V", "KOR", 20, 100, ["R", "C", "K"]),
        ],
    )


def test_buyer_with_an_alternative_seller() -> None:
    scenario = alternative_buyer()
    players = ["R", "T", "K", "C"]
    flows = optimum_flows(scenario)
    assert flows == pytest.approx({"v-h": 6, "h-k": 6, "v-s": 4, "via-c": 0})
    # structurally C's consent is needed for R's gas to K through C: transit and buyer
    assert roles(scenario, players)["C"] == ("transit", "buyer")
    # in the optimum C only buys (the alternative buyer); T is transit
    assert roles(scenario, players, flows=flows) == {
        "R": ("seller",), "T": ("transit",), "K": ("buyer",), "C": ("buyer",),
    }  # fmt: skip


def test_an_unserved_offtake_makes_no_transit_role() -> None:
    # T also buys at H (1 at 50, below R's cost): K controls v-h, on the structural path
    # from R to T's offtake, so K is structurally transit; in the optimum T buys nothing
    scenario = alternative_buyer()
    offtake = Demand("t", "H", "T", "gas", (Block(1, 50),))
    scenario = scenario.with_changes(demands=(*scenario.demands, offtake))
    players = ["R", "T", "K", "C"]
    assert roles(scenario, players)["K"] == ("transit", "buyer")
    used = roles(scenario, players, flows=optimum_flows(scenario))
    assert used["K"] == ("buyer",)
    assert used["T"] == ("transit", "buyer")


def test_korea_2011_roles_in_the_grand_optimum() -> None:
    scenario = load_scenario("korea-2011")
    players = scenario.controllers("gas")
    flows = optimum_flows(scenario)
    used = roles(scenario, players, "gas", flows=flows)
    assert {p: role_label(r) for p, r in used.items()} == {
        "RU": "seller", "KP": "buyer", "KR": "buyer", "CN": "buyer", "JP": "buyer",
    }  # fmt: skip
    # the optimum builds the subsea line: North Korea's route is idle, it only buys; once
    # the deal's overland line is sunk it is transit again
    after = ex_post(scenario)
    post = roles(after, players, "gas", flows=optimum_flows(after))
    assert role_label(post["KP"]) == "transit+buyer"
    # structurally China's consent is needed for the route through China
    assert roles(scenario, players, "gas")["CN"] == ("transit", "buyer")
    boxes = roles(scenario, scenario.controllers("containers"), "containers", flows=flows)
    assert {p: role_label(r) for p, r in boxes.items()} == {
        "RU": "transit", "KP": "transit", "KR": "seller+buyer", "CN": "transit",
    }  # fmt: skip


def test_role_label_orders_roles_along_the_goods() -> None:
    assert role_label(["buyer", "seller", "transit"]) == "seller+transit+buyer"
    assert role_label([]) == "—"
