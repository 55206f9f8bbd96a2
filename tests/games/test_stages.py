"""Ex-ante and ex-post games on the sunk chain of tests/games/sunk_chain.py, by hand."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.errors import InputError
from corridor.games import coalition_values, shapley
from corridor.games.stages import STAGES, built_links, ex_post, parse_stage
from corridor.market import MarketModel
from tests.games.sunk_chain import sunk_chain

PLAYERS = ["S", "T", "B"]


def values_by_coalition(scenario):  # type: ignore[no-untyped-def]
    game = coalition_values(MarketModel(scenario), PLAYERS)
    return {
        frozenset(p for i, p in enumerate(PLAYERS) if bits >> i & 1): float(value)
        for bits, value in enumerate(game.values)
    }, shapley(game)


def test_parse_stage() -> None:
    assert parse_stage("both") == STAGES == ("ex-ante", "ex-post")
    assert parse_stage("ex-post") == ("ex-post",) and parse_stage(" Ex-Ante ") == ("ex-ante",)
    with pytest.raises(InputError, match="unknown stage 'later'") as caught:
        parse_stage("later")
    assert caught.value.parameter == "stage"


def test_the_grand_coalition_builds_the_transit_line_not_the_bypass() -> None:
    # the line costs 72 with capex against the bypass's 82: the LP uses the line
    assert built_links(sunk_chain()) == ("xy", "yz")
    assert built_links(sunk_chain(), "gas") == ("xy", "yz")
    assert built_links(sunk_chain(), "boxes") == ()


def test_ex_post_sinks_the_built_links_only() -> None:
    before = sunk_chain()
    after = ex_post(before)
    assert after.name == "sunk-chain (ex-post)" and before.name == "sunk-chain"
    assert [k.status for k in after.links] == ["existing", "existing", "option", "existing"]
    model = MarketModel(after)
    # the annuity is gone from the line (20 and 30 to run it), the bypass keeps its 82
    assert [model.link_cost(k) for k in ("xy", "yz", "sea")] == pytest.approx([20, 30, 82])
    assert before.link("xy").status == "planned"  # the original is left as it was
    named = ex_post(before, ["sea"])
    assert MarketModel(named).link_cost("sea") == pytest.approx(60.0)
    assert MarketModel(named).link_cost("xy") == pytest.approx(31.0)


def test_unknown_built_link_names_the_known_ones() -> None:
    with pytest.raises(InputError, match=r"unknown link\(s\) 'nope' \(known: xy, yz, sea") as e:
        ex_post(sunk_chain(), ["xy", "nope"])
    assert e.value.parameter == "built"


def test_values_and_shapley_before_and_after_the_build() -> None:
    ante, phi_ante = values_by_coalition(sunk_chain())
    post, phi_post = values_by_coalition(ex_post(sunk_chain()))
    S, T, B = (frozenset(x) for x in ("S", "T", "B"))
    assert ante[S | T | B] == pytest.approx(1368.0) and post[S | T | B] == pytest.approx(1500.0)
    for coalition in (S | B, B, T | B):  # no use of the line: the same in both stages
        assert post[coalition] == pytest.approx(ante[coalition])
    assert ante[S | B] == pytest.approx(1308.0) and ante[T | B] == pytest.approx(600.0)
    # T adds v(N) - v(S, B) to the grand coalition only, last in 2 of the 6 orders:
    # ex-ante (1,368 - 1,308) / 3 = 20, ex-post (1,500 - 1,308) / 3 = 64
    assert phi_ante["T"] == pytest.approx(20.0) and phi_post["T"] == pytest.approx(64.0)
    # S: last after B and T (768 ex-ante, 900 ex-post) in 2 orders, second after B (708)
    assert phi_ante["S"] == pytest.approx((2 * 768 + 708) / 6)
    assert phi_post["S"] == pytest.approx((2 * 900 + 708) / 6)


@settings(max_examples=25, deadline=None)
@given(
    wtp=st.floats(150, 600), route_cost=st.floats(0, 80), capex=st.floats(0, 800),
    bypass_cost=st.floats(0, 200), lng=st.floats(120, 500),
)  # fmt: skip
def test_ex_post_values_never_below_ex_ante(
    wtp: float, route_cost: float, capex: float, bypass_cost: float, lng: float
) -> None:
    # sinking a link only removes cost from what a coalition may use: any coalition that
    # may use it (here: those with the line's controllers S, T and B) is never worse off,
    # and one that may not use it is exactly as well off
    base = sunk_chain()
    links = [
        dataclasses.replace(base.link("xy"), unit_cost=route_cost, capex_musd=capex),
        base.link("yz"),
        dataclasses.replace(base.link("sea"), unit_cost=bypass_cost),
        base.link("lng-in"),
    ]
    blocks = {"d": wtp, "lng": lng}
    scenario = base.with_changes(
        links=tuple(links),
        demands=tuple(dataclasses.replace(d, blocks=(dataclasses.replace(
            d.blocks[0], price=blocks["d"]),)) for d in base.demands),
        supplies=tuple(s if s.id != "lng" else dataclasses.replace(s, blocks=(
            dataclasses.replace(s.blocks[0], price=blocks["lng"]),)) for s in base.supplies),
    )  # fmt: skip
    built = built_links(scenario)
    ante, _ = values_by_coalition(scenario)
    post, _ = values_by_coalition(ex_post(scenario, ["xy", "yz"]))
    for coalition, value in ante.items():
        if {"S", "T", "B"} <= coalition:
            assert post[coalition] >= value - 1e-6
        elif not {"T", "B"} <= coalition and not {"S", "T"} <= coalition:
            assert post[coalition] == pytest.approx(value, abs=1e-6)
    assert set(built) <= {"xy", "yz", "sea"}
